import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../services/deps';

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    installationId: string;
  };
};

export type App = OpenAPIHono<AppEnv>;
