import type { App } from '../context';

export function registerDealStageRoutes(_app: App): void {}
