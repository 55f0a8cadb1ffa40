import type { App } from '../../context';

export function registerHubSpotOAuthRoutes(_app: App): void {}
