import type { App } from '../context';
import { requireApiKey } from '../middleware/auth';
import { registerContactRoutes } from './contacts';
import { registerDevMailRoutes } from './dev-mail';
import { registerEnrollmentRoutes } from './enrollments';
import { registerHealthRoutes } from './health';
import { registerSequenceRoutes } from './sequences';
import { registerTemplateRoutes } from './templates';

export function registerRoutes(app: App): void {
  registerHealthRoutes(app);
  registerDevMailRoutes(app);
  app.use('/v1/*', requireApiKey);
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer' });
  registerTemplateRoutes(app);
  registerSequenceRoutes(app);
  registerContactRoutes(app);
  registerEnrollmentRoutes(app);
}
