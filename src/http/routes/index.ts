import type { App } from '../context';
import { registerHealthRoutes } from './health';

export function registerRoutes(app: App): void {
  registerHealthRoutes(app);
}
