import type { App } from '../context';

export function registerScoringRoutes(_app: App): void {}
