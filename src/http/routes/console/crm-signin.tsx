/** @jsxImportSource hono/jsx */
import type { App } from '../../context';

export function registerCrmSignIn(_app: App): void {}
