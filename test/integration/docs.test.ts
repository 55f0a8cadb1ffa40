import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context';

const ctx = useTestContext();

describe('/docs', () => {
  it('answers an HTML reference page that reads /openapi.json, without an API key', async () => {
    const res = await ctx.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('/openapi.json');
    expect(html).toContain('Tandem API reference');
    const spec = await ctx.app.request('/openapi.json');
    expect(spec.status).toBe(200);
  });
});
