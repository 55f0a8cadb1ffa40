/** @jsxImportSource hono/jsx */
import type { App } from '../../context';

export function registerScoringPages(_app: App): void {}
