import type { App } from '../../context';

export function registerHubSpotCardRoutes(_app: App): void {}
