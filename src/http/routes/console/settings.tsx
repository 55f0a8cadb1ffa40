/** @jsxImportSource hono/jsx */
import type { App } from '../../context';

export function registerSettingsPages(_app: App): void {}
