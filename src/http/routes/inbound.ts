import type { App } from '../context';

export function registerInboundRoutes(_app: App): void {}
