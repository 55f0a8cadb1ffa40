import { hubspot } from '@hubspot/ui-extensions';
import { TandemCard } from './TandemCard';

// HubSpot signs every hubspot.fetch call (X-HubSpot-Signature-v3), which is how the backend knows
// the portal and record are real; the card holds no secret of its own.
hubspot.extend<'crm.record.tab'>(({ context }) => (
  <TandemCard portalId={context.portal.id} objectId={context.crm.objectId} fetcher={hubspot.fetch} />
));
