import type { App } from '../../context';

// Stub: filled by its owner (see the team spec).
export function registerSalesforceOAuthRoutes(_app: App): void {}
