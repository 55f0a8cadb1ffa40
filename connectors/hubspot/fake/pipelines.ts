import type { Hono } from 'hono';
import { hubError } from './errors';
import { iso, type State } from './state';

// Spec Pipeline / PipelineStage, CollectionResponsePipelineNoPaging.
export function pipelineRoutes(app: Hono, state: State) {
  const shape = (p: State['pipelines'] extends Map<string, (infer P)[]> ? P : never) => {
    const now = iso(state);
    return {
      ...p,
      createdAt: now,
      updatedAt: now,
      archived: false,
      stages: p.stages.map((s) => ({
        ...s,
        createdAt: now,
        updatedAt: now,
        archived: false,
        writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
      })),
    };
  };
  app.get('/crm/v3/pipelines/:type', (c) =>
    c.json({ results: (state.pipelines.get(c.req.param('type')) ?? []).map(shape) }),
  );
  app.get('/crm/v3/pipelines/:type/:id', (c) => {
    const found = (state.pipelines.get(c.req.param('type')) ?? []).find((p) => p.id === c.req.param('id'));
    return found ? c.json(shape(found)) : hubError(c, 404, 'OBJECT_NOT_FOUND', 'Pipeline not found.');
  });
}
