import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, sends, suppressionLifts } from '../../src/db/schema';
import { TEST_KEY, useTestContext } from '../helpers/context';
import { type Api, apiFor, newInstallation, publishedSequence } from '../helpers/fixtures';
import { spawnEntry } from '../helpers/processes';

const ctx = useTestContext();

async function cli(argv: string[]): Promise<{ code: number | null; out: string }> {
  const env = { DATABASE_URL: ctx.url, ENCRYPTION_KEY: TEST_KEY, LOG_LEVEL: 'silent' };
  const run = spawnEntry('src/entry/cli.ts', argv, env);
  const code = await run.exited;
  return { code, out: run.output() };
}

/** Spawns a few at a time: each CLI run starts tsx, and CI has two cores. */
async function cliAll(argvs: string[][]): Promise<Array<{ code: number | null; out: string }>> {
  const results: Array<{ code: number | null; out: string }> = [];
  for (let i = 0; i < argvs.length; i += 4)
    results.push(...(await Promise.all(argvs.slice(i, i + 4).map(cli))));
  return results;
}

async function suppressedContact(api: Api, email: string): Promise<string> {
  const contact = await api.post('/v1/contacts', { email });
  await ctx.handle.db
    .update(contacts)
    .set({ suppressedAt: new Date('2026-03-01T10:00:00Z'), suppressionReason: 'complained' })
    .where(eq(contacts.id, contact.body.id));
  return contact.body.id;
}

describe('operator CLI', () => {
  it('creates an installation whose key works, and the key stops working once revoked', async () => {
    const created = await cli(['installation', 'create', '--name', 'Cli Co']);
    expect(created.code).toBe(0);
    const key = /api key \(admin, (key_\w+)\): (tk_\S+)/.exec(created.out);
    const installation = /installation (ins_\w+) Cli Co/.exec(created.out);
    expect(key).not.toBeNull();
    expect(created.out).toMatch(/inbound token: tin_\S+/);
    const api = apiFor(ctx, key![2]!);
    expect((await api.get('/v1/sequences')).status).toBe(200);
    expect((await api.get('/v1/admin/keys')).status).toBe(200);

    const [listed, keys] = await Promise.all([cli(['installation', 'list']), cli(['key', 'list'])]);
    expect(listed.out).toContain(installation![1]!);
    expect(keys.out).toContain(key![1]!);
    expect(keys.out).not.toContain(key![2]!);

    const revoked = await cli(['key', 'revoke', key![1]!]);
    expect(revoked).toMatchObject({ code: 0, out: `revoked ${key![1]}\n` });
    const refused = await api.get('/v1/sequences');
    expect(refused.status).toBe(401);
    const twice = await cli(['key', 'revoke', key![1]!]);
    expect(twice).toEqual({ code: 2, out: `Key ${key![1]} is already revoked\n` });
  });

  it('rotates a key: the new one works, the old one gets 401', async () => {
    const { installationId } = await newInstallation(ctx);
    const made = await cli(['key', 'create', '--installation', installationId, '--role', 'standard']);
    const old = /api key \(standard, (key_\w+)\): (tk_\S+)/.exec(made.out)!;
    const rotated = await cli(['key', 'rotate', old[1]!]);
    expect(rotated.code).toBe(0);
    const fresh = /api key \(standard, key_\w+\): (tk_\S+)/.exec(rotated.out)!;
    expect((await apiFor(ctx, old[2]!).get('/v1/sequences')).status).toBe(401);
    expect((await apiFor(ctx, fresh[1]!).get('/v1/sequences')).status).toBe(200);
    expect((await apiFor(ctx, fresh[1]!).get('/v1/admin/keys')).status).toBe(403);
  });

  it('lifts a suppression only with a reason, and keeps who, when and why', async () => {
    const { api } = await newInstallation(ctx);
    const contactId = await suppressedContact(api, 'angry@example.com');
    const list = await cli(['suppression', 'list']);
    expect(list.out).toMatch(new RegExp(`${contactId}\\t.*angry@example.com\\tcomplained`));

    const noReason = await cli(['suppression', 'lift', contactId]);
    expect(noReason).toEqual({ code: 2, out: 'Missing --reason\n' });
    const lifted = await cli([
      'suppression',
      'lift',
      contactId,
      '--reason',
      'complaint withdrawn',
      '--by',
      'ada',
    ]);
    expect(lifted.code).toBe(0);
    expect(lifted.out).toContain(`lifted ${contactId} (angry@example.com) by cli:ada`);
    const [audit] = await ctx.handle.db.select().from(suppressionLifts);
    expect(audit).toMatchObject({
      contactId,
      liftedBy: 'cli:ada',
      reason: 'complaint withdrawn',
      suppressionReason: 'complained',
    });
    expect(Math.abs(audit!.liftedAt.getTime() - Date.now())).toBeLessThan(60_000);
    const history = await cli(['suppression', 'list', '--lifted']);
    expect(history.out).toContain('complaint withdrawn');
    expect((await cli(['suppression', 'list'])).out).toBe('(none)\n');
  });

  it('lists the sends whose outcome is unknown', async () => {
    const { api, installationId } = await newInstallation(ctx);
    const { sequenceId } = await publishedSequence(api, [{ key: 's1', subject: 'Hello there' }]);
    const contact = await api.post('/v1/contacts', { email: 'limbo@example.com' });
    const enrolled = await api.post('/v1/enrollments', { sequenceId, contactId: contact.body.id });
    await ctx.handle.db.insert(sends).values({
      id: 'snd_limbo',
      installationId,
      enrollmentId: enrolled.body.enrollment.id,
      contactId: contact.body.id,
      stepKey: 's1',
      status: 'unknown',
      messageId: '<snd_limbo@tandem.test>',
      toAddress: 'limbo@example.com',
      subject: 'Hello there',
      error: 'connection closed after DATA',
      createdAt: ctx.clock.now(),
    });
    const res = await cli(['sends', 'unknown']);
    expect(res.code).toBe(0);
    expect(res.out).toContain('snd_limbo');
    expect(res.out).toContain('limbo@example.com');
    expect(res.out).toContain('connection closed after DATA');
  });

  it('answers --help on every command and subcommand', async () => {
    const argvs = [
      ['--help'],
      ['migrate', '--help'],
      ['preview', '--help'],
      ['installation', '--help'],
      ['installation', 'create', '--help'],
      ['installation', 'list', '--help'],
      ['key', '--help'],
      ['key', 'create', '--help'],
      ['key', 'list', '--help'],
      ['key', 'revoke', '--help'],
      ['key', 'rotate', '--help'],
      ['suppression', '--help'],
      ['suppression', 'list', '--help'],
      ['suppression', 'lift', '--help'],
      ['sends', '--help'],
      ['sends', 'unknown', '--help'],
    ];
    const results = await cliAll(argvs);
    results.forEach((r, i) => {
      expect(r.code, argvs[i]!.join(' ')).toBe(0);
      expect(r.out, argvs[i]!.join(' ')).toMatch(/^Usage: npm run cli -- /);
    });
    expect(results[0]!.out).toContain('suppression lift CONTACT_ID --reason');
  });

  it('refuses bad arguments with one line and exit 2, never a stack trace', async () => {
    const argvs = [
      ['nope'],
      ['key'],
      ['key', 'explode'],
      ['key', 'revoke'],
      ['key', 'revoke', 'key_a', 'key_b'],
      ['key', 'revoke', 'key_nope'],
      ['key', 'create'],
      ['key', 'create', '--installation', 'ins_nope'],
      ['key', 'create', '--installation', 'ins_x', '--role', 'root'],
      ['installation', 'create'],
      ['installation', 'create', '--name'],
      ['installation', 'create', '--name', 'X', '--colour', 'red'],
      ['suppression', 'lift', 'con_nope', '--reason', 'x'],
      ['sends', 'unknown', 'extra'],
    ];
    const results = await cliAll(argvs);
    results.forEach((r, i) => {
      const label = argvs[i]!.join(' ');
      expect(r.code, label).toBe(2);
      expect(r.out.trimEnd().split('\n'), label).toHaveLength(1);
      expect(r.out, label).not.toMatch(/\bat .*\.ts:\d+|Error:/);
    });
  });
});
