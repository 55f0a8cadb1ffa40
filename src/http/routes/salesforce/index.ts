import type { App } from '../../context';
import { registerSalesforceActionRoutes } from './actions';
import { registerSalesforceCardRoutes } from './card';
import { registerSalesforceOAuthRoutes } from './oauth';

/** Salesforce's side of the app: OAuth install, Flow callouts, the Lightning card. No API key. */
export function registerSalesforceRoutes(app: App): void {
  registerSalesforceOAuthRoutes(app);
  registerSalesforceActionRoutes(app);
  registerSalesforceCardRoutes(app);
}
