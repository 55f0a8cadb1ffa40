import type { App } from '../../context';
import { registerHubSpotActionRoutes } from './actions';
import { registerHubSpotCardRoutes } from './card';
import { registerHubSpotOAuthRoutes } from './oauth';
import { registerHubSpotWebhookRoutes } from './webhooks';

/** HubSpot's side of the app: OAuth install, signed webhooks, workflow actions, the card. No API key. */
export function registerHubSpotRoutes(app: App): void {
  registerHubSpotOAuthRoutes(app);
  registerHubSpotWebhookRoutes(app);
  registerHubSpotActionRoutes(app);
  registerHubSpotCardRoutes(app);
}
