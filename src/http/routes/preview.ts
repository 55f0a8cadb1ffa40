import type { App } from '../context';

export function registerPreviewRoutes(_app: App): void {}
