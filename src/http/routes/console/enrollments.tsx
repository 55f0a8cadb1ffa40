/** @jsxImportSource hono/jsx */
import type { App } from '../../context';

export function registerEnrollmentPages(_app: App): void {}
