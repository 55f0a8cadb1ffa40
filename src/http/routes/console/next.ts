/** Only same-origin console paths: `next` never sends a signed-in user elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/app(\/[\w\-/.]*)?(\?[\w\-=&%.]*)?$/.test(next) ? next : '/app';
}
