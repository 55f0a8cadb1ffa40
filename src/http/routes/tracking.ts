import type { App } from '../context';

export function registerTrackingRoutes(_app: App): void {}
