/** @jsxImportSource hono/jsx */
import type { App } from '../../context';

export function registerSuppressionPages(_app: App): void {}
