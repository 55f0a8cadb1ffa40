/** @jsxImportSource hono/jsx */

import type { Overview } from '../../services/console/overview';
import type { ConsoleSession } from '../../services/console/sessions';
import { Page } from './layout';

export function OverviewPage(props: { session: ConsoleSession; overview: Overview }) {
  const o = props.overview;
  const crm =
    o.crm === 'none'
      ? 'No CRM connected'
      : `${o.crm === 'hubspot' ? 'HubSpot' : 'Salesforce'}: ${o.connection ?? 'connecting'}`;
  const card = (label: string, value: number | string, href: string) => (
    <div class="card">
      <p class="hint">{label}</p>
      <p>
        <a href={href}>
          <strong>{value}</strong>
        </a>
      </p>
    </div>
  );
  return (
    <Page title={o.name} session={props.session} section="overview">
      <div class="cards">
        {card('CRM', crm, '/app/connections')}
        {card('Sequences', o.sequences, '/app/sequences')}
        {card('Active enrollments', o.active, '/app/enrollments?status=active')}
        {card('Paused enrollments', o.paused, '/app/enrollments?status=paused')}
        {card('Unmatched inbound mail', o.unmatchedInbound, '/app/inbound?status=unmatched')}
        {card('Sends with unknown outcome', o.unknownSends, '/app/suppressions#unknown-sends')}
        {card('Suppressed contacts', o.suppressed, '/app/suppressions')}
      </div>
    </Page>
  );
}
