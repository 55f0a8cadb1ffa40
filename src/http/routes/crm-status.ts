import type { App } from '../context';

export function registerCrmStatusRoutes(_app: App): void {}
