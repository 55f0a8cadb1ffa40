/** @jsxImportSource hono/jsx */
import type { App } from '../../context';

export function registerSequencePages(_app: App): void {}
