/** @jsxImportSource hono/jsx */
import type { App } from '../../context';

export function registerConnectionPages(_app: App): void {}
