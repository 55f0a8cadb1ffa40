import { Scalar } from '@scalar/hono-api-reference';
import type { App } from '../context';

/**
 * The interactive API reference at /docs, reading the live /openapi.json. The Scalar page loads its
 * script from the jsDelivr CDN (the package's default): bundling @scalar/api-reference for offline
 * use would be a new dependency, and the reference is a convenience, not part of the API.
 */
export function registerDocsRoutes(app: App): void {
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'Tandem API reference' }));
}
