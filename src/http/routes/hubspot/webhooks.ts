import type { App } from '../../context';

export function registerHubSpotWebhookRoutes(_app: App): void {}
