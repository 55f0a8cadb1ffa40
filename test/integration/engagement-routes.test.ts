import { describe, expect, it } from 'vitest';
import { signInboundBody } from '../../src/services/engagement/inbound-auth';
import { useTestContext } from '../helpers/context';
import {
  enrolledSetup,
  inboundRows,
  inboundToken,
  postInbound,
  rawMail,
  sendFirst,
} from '../helpers/engagement';
import { newInstallation } from '../helpers/fixtures';

const ctx = useTestContext();

const reply = (id: string) =>
  rawMail({ from: 'someone@example.net', messageId: `<${id}@example.net>`, body: 'Hello there' });

async function signed(installationId: string, token: string, body: string, at = ctx.clock.now()) {
  const t = Math.floor(at.getTime() / 1000);
  const sig = await signInboundBody(token, t, new TextEncoder().encode(body));
  return { 'x-tandem-installation': installationId, 'x-tandem-signature': `t=${t},v1=${sig}` };
}

describe('POST /v1/inbound/email', () => {
  it('happy: raw MIME, JSON and form shapes, Basic auth and HMAC signatures are accepted', async () => {
    const s = await newInstallation(ctx);
    const token = await inboundToken(s.api);
    expect((await postInbound(ctx, token, reply('a'), 'text/plain')).status).toBe(201);
    expect(
      (await postInbound(ctx, token, JSON.stringify({ raw: reply('b') }), 'application/json')).status,
    ).toBe(201);
    const postmark = JSON.stringify({ RawEmail: reply('c'), From: 'someone@example.net' });
    expect((await postInbound(ctx, token, postmark, 'application/json')).status).toBe(201);
    const ses = JSON.stringify({
      Type: 'Notification',
      Message: JSON.stringify({
        content: Buffer.from(reply('d')).toString('base64'),
        receipt: { action: { type: 'SNS', encoding: 'BASE64' } },
      }),
    });
    expect((await postInbound(ctx, token, ses, 'application/json')).status).toBe(201);
    const form = new URLSearchParams({ email: reply('e'), to: 'x@y.z' }).toString();
    expect((await postInbound(ctx, token, form, 'application/x-www-form-urlencoded')).status).toBe(201);
    const basic = `Basic ${Buffer.from(`tandem:${token}`).toString('base64')}`;
    const viaBasic = await postInbound(ctx, null, reply('f'), 'message/rfc822', { authorization: basic });
    expect(viaBasic.status).toBe(201);
    const body = reply('g');
    const viaHmac = await postInbound(
      ctx,
      null,
      body,
      'message/rfc822',
      await signed(s.installationId, token, body),
    );
    expect(viaHmac.status).toBe(201);
    const rows = await inboundRows(ctx, s.installationId);
    expect(rows.map((r) => r.messageId).sort()).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => `<${id}@example.net>`),
    );
    expect(rows.every((r) => r.status === 'unmatched')).toBe(true);
  });

  it('happy: a message without a Message-ID is deduplicated by its bytes', async () => {
    const s = await newInstallation(ctx);
    const token = await inboundToken(s.api);
    const raw = reply('x').replace(/^Message-ID: .*\r\n/m, '');
    expect((await postInbound(ctx, token, raw)).status).toBe(201);
    const again = await postInbound(ctx, token, raw);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
  });

  it('error: malformed or unsupported bodies get a 4xx with a code, and nothing is stored', async () => {
    const s = await newInstallation(ctx);
    const token = await inboundToken(s.api);
    const cases: Array<[string, string, number, string]> = [
      ['', 'message/rfc822', 400, 'bad_request'],
      ['hello world, not a mail', 'text/plain', 400, 'bad_request'],
      ['{"raw": ', 'application/json', 400, 'bad_request'],
      ['[1,2]', 'application/json', 400, 'bad_request'],
      ['{"subject": "no raw"}', 'application/json', 400, 'bad_request'],
      ['{"Type":"SubscriptionConfirmation"}', 'application/json', 400, 'bad_request'],
      ['to=x', 'application/x-www-form-urlencoded', 400, 'bad_request'],
      [reply('z'), 'image/png', 415, 'unsupported_media_type'],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await postInbound(ctx, token, body, type);
      expect([type, res.status, res.body.error?.code]).toEqual([type, status, code]);
      expect(res.body.error.message).toEqual(expect.any(String));
    }
    const big = await ctx.app.request('/v1/inbound/email', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'text/plain',
        'content-length': '20000000',
      },
      body: 'x',
    });
    expect(big.status).toBe(413);
    expect(await inboundRows(ctx, s.installationId)).toEqual([]);
  });

  it('security: missing, wrong, rotated or misused credentials are refused before the body is read', async () => {
    const s = await newInstallation(ctx);
    const other = await newInstallation(ctx, 'Other');
    const old = await inboundToken(s.api);
    const token = await inboundToken(s.api); // rotation: the old token stops working
    const otherToken = await inboundToken(other.api);
    const body = reply('s');
    const refused = [
      await postInbound(ctx, null, body),
      await postInbound(ctx, 'tin_wrong', body),
      await postInbound(ctx, old, body),
      await postInbound(ctx, s.key, body), // an API key is not an inbound token
      await postInbound(ctx, null, body, 'message/rfc822', { authorization: 'Basic !!!' }),
      // Signed with another installation's token, or over another body, or too old.
      await postInbound(ctx, null, body, 'message/rfc822', await signed(s.installationId, otherToken, body)),
      await postInbound(ctx, null, body, 'message/rfc822', await signed(s.installationId, token, 'other')),
      await postInbound(
        ctx,
        null,
        body,
        'message/rfc822',
        await signed(s.installationId, token, body, new Date(ctx.clock.now().getTime() - 600_000)),
      ),
      await postInbound(ctx, null, body, 'message/rfc822', { 'x-tandem-signature': 't=1,v1=ab' }),
    ];
    for (const res of refused) expect([res.status, res.body.error?.code]).toEqual([401, 'unauthorized']);
    // Unauthenticated garbage is refused as unauthenticated, not parsed.
    expect((await postInbound(ctx, null, '{"raw":', 'application/json')).status).toBe(401);
    expect(await inboundRows(ctx, s.installationId)).toEqual([]);
  });
});

describe('GET /v1/inbound', () => {
  it('happy / error / security', async () => {
    const s = await enrolledSetup(ctx);
    await sendFirst(ctx, s.enrollmentId);
    await postInbound(ctx, s.token, rawMail({ body: 'Interested!' }));
    await postInbound(ctx, s.token, reply('u'));
    const all = await s.api.get('/v1/inbound');
    expect(all.body.data.map((m: { status: string }) => m.status).sort()).toEqual(['processed', 'unmatched']);
    const unmatched = await s.api.get('/v1/inbound?status=unmatched&limit=10');
    expect(unmatched.body.data).toHaveLength(1);
    expect(unmatched.body.data[0].evidence).toEqual(expect.any(Array));

    expect((await s.api.get('/v1/inbound?status=lost')).status).toBe(400);
    expect((await s.api.get('/v1/inbound?limit=0')).status).toBe(400);
    expect((await s.api.get('/v1/inbound/inb_missing')).status).toBe(404);

    expect((await ctx.app.request('/v1/inbound')).status).toBe(401);
    expect((await ctx.app.request('/v1/inbound/token', { method: 'POST' })).status).toBe(401);
    const other = await newInstallation(ctx, 'Other');
    expect((await other.api.get('/v1/inbound')).body.data).toEqual([]);
    expect((await other.api.get(`/v1/inbound/${unmatched.body.data[0].id}`)).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the engagement routes', async () => {
    const doc = (await (await ctx.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/v1/inbound/email',
      '/v1/inbound',
      '/v1/inbound/token',
      '/t/c/{token}',
      '/u/{token}',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
