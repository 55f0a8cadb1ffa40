import type { App } from '../context';
import { requireApiKey } from '../middleware/auth';
import { registerAdminKeyRoutes } from './admin-keys';
import { registerAdminSendRoutes } from './admin-sends';
import { registerAdminSuppressionRoutes } from './admin-suppressions';
import { registerContactRoutes } from './contacts';
import { registerCrmStatusRoutes } from './crm-status';
import { registerDealStageRoutes } from './deal-stages';
import { registerDevMailRoutes } from './dev-mail';
import { registerEnrollmentRoutes } from './enrollments';
import { registerEventRoutes } from './events';
import { registerHealthRoutes } from './health';
import { registerHubSpotRoutes } from './hubspot/index';
import { registerInboundRoutes } from './inbound';
import { registerPreviewRoutes } from './preview';
import { registerReplyPolicyRoutes } from './reply-policy';
import { registerScoringRoutes } from './scoring';
import { registerSequenceRoutes } from './sequences';
import { registerSettingsRoutes } from './settings';
import { registerTemplateRoutes } from './templates';
import { registerTrackingRoutes } from './tracking';
import { registerTrackingScriptRoutes } from './tracking-script';

export function registerRoutes(app: App): void {
  registerHealthRoutes(app);
  registerDevMailRoutes(app);
  // Public routes (signed links, signed webhooks) come before the API-key guard.
  registerTrackingRoutes(app);
  registerInboundRoutes(app);
  registerHubSpotRoutes(app);
  app.use('/v1/*', requireApiKey);
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer' });
  registerTemplateRoutes(app);
  registerSequenceRoutes(app);
  registerContactRoutes(app);
  registerEnrollmentRoutes(app);
  registerPreviewRoutes(app);
  registerSettingsRoutes(app);
  registerReplyPolicyRoutes(app);
  registerDealStageRoutes(app);
  registerCrmStatusRoutes(app);
  registerScoringRoutes(app);
  registerEventRoutes(app);
  registerTrackingScriptRoutes(app);
  registerAdminKeyRoutes(app);
  registerAdminSuppressionRoutes(app);
  registerAdminSendRoutes(app);
}
