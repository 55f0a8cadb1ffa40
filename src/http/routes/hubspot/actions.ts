import type { App } from '../../context';

export function registerHubSpotActionRoutes(_app: App): void {}
