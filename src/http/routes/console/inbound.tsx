/** @jsxImportSource hono/jsx */
import type { App } from '../../context';

export function registerInboundPages(_app: App): void {}
