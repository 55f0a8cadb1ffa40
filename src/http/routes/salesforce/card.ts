import type { App } from '../../context';

// Stub: filled by its owner (see the team spec).
export function registerSalesforceCardRoutes(_app: App): void {}
