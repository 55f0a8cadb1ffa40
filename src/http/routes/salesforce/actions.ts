import type { App } from '../../context';

// Stub: filled by its owner (see the team spec).
export function registerSalesforceActionRoutes(_app: App): void {}
