import { parseArgs } from 'node:util';
import { err, ok, type Result } from '../lib/result';
import { issueApiKey, type KeyError, listApiKeys, revokeApiKey, rotateApiKey } from './api-keys';
import { createLoginLink, LOGIN_LINK_MINUTES } from './console/sessions';
import type { AppDeps } from './deps';
import { listInstallations, provisionInstallation } from './installations';
import { type LiftError, liftSuppression, listSuppressionLifts, listSuppressions } from './suppressions';
import { listSends } from './unknown-sends';

type Spec = {
  usage: string;
  options: Record<string, { type: 'string' | 'boolean' }>;
  /** Names of the positional arguments, all required. */
  positionals?: string[];
  required?: string[];
};

const specs = {
  'installation create': {
    usage: `installation create --name NAME [--crm hubspot|salesforce|none]
  Creates an installation and prints its admin API key and inbound token (shown once).`,
    options: { name: { type: 'string' }, crm: { type: 'string' } },
    required: ['name'],
  },
  'installation list': { usage: 'installation list\n  Lists every installation.', options: {} },
  'key create': {
    usage: `key create --installation ins_... [--name NAME] [--role admin|standard]
  Creates an API key (admin unless --role standard) and prints it once.`,
    options: { installation: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
    required: ['installation'],
  },
  'key list': {
    usage:
      'key list [--installation ins_...]\n  Lists API keys (revoked ones too); never the keys themselves.',
    options: { installation: { type: 'string' } },
  },
  'key revoke': {
    usage: 'key revoke KEY_ID\n  Revokes a key (key_...): it gets 401 from the next request on.',
    options: {},
    positionals: ['KEY_ID'],
  },
  'key rotate': {
    usage:
      'key rotate KEY_ID\n  Creates a new key with the same name and role, revokes the old one, prints the new key once.',
    options: {},
    positionals: ['KEY_ID'],
  },
  'suppression list': {
    usage: `suppression list [--installation ins_...] [--lifted]
  Lists suppressed contacts, or with --lifted the audit of lifted suppressions.`,
    options: { installation: { type: 'string' }, lifted: { type: 'boolean' } },
  },
  'suppression lift': {
    usage: `suppression lift CONTACT_ID --reason "why" [--by NAME]
  Lifts a contact's suppression; who (--by, default the OS user), when and why are kept.`,
    options: { reason: { type: 'string' }, by: { type: 'string' } },
    positionals: ['CONTACT_ID'],
    required: ['reason'],
  },
  // One word, not a group: the console's way in before any CRM sign-in is set up.
  'login-link': {
    usage: `login-link --installation ins_...
  Prints a one-time link that signs in to the installation's console (valid ${LOGIN_LINK_MINUTES} minutes).`,
    options: { installation: { type: 'string' } },
    required: ['installation'],
  },
  'sends unknown': {
    usage: `sends unknown [--installation ins_...]
  Lists sends whose outcome is unknown (never retried automatically): a person decides.`,
    options: { installation: { type: 'string' } },
  },
} satisfies Record<string, Spec>;

export type OperatorCommand = keyof typeof specs;

const groups = [...new Set(Object.keys(specs).map((k) => k.split(' ')[0]!))];

export const operatorUsage = Object.values(specs)
  .map((s) => `  ${s.usage.replaceAll('\n', '\n  ')}`)
  .join('\n');

const groupUsage = (group: string) =>
  `Usage: npm run cli -- ${group} <subcommand>\n\n${Object.entries(specs)
    .filter(([k]) => k.startsWith(`${group} `))
    .map(([, s]) => `  ${s.usage.replaceAll('\n', '\n  ')}`)
    .join('\n')}`;

export const isOperatorGroup = (name: string | undefined): boolean =>
  name !== undefined && groups.includes(name);

export type ParsedOperator =
  | { kind: 'help'; text: string }
  | {
      kind: 'run';
      command: OperatorCommand;
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    };

const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');

/** Parses `<group> <subcommand> ...`; errors are one line (the caller exits 2). */
export function parseOperatorArgs(group: string, argv: string[]): Result<ParsedOperator, string> {
  if (group in specs) return parseCommand(group as OperatorCommand, argv);
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    return sub ? ok({ kind: 'help', text: groupUsage(group) }) : err(`Missing subcommand for ${group}`);
  }
  const name = `${group} ${sub}`;
  if (!(name in specs)) return err(`Unknown subcommand: ${name} (try: npm run cli -- ${group} --help)`);
  return parseCommand(name as OperatorCommand, rest);
}

/** The options and positionals of one command (`rest` is what follows its name). */
function parseCommand(command: OperatorCommand, rest: string[]): Result<ParsedOperator, string> {
  const name = command;
  const spec: Spec = specs[command];
  if (wantsHelp(rest)) return ok({ kind: 'help', text: `Usage: npm run cli -- ${spec.usage}` });
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: spec.options, allowPositionals: true, strict: true });
  } catch (error) {
    return err(`${(error as Error).message.split(/\n|\. /)[0]} (see: npm run cli -- ${name} --help)`);
  }
  const expected = spec.positionals ?? [];
  if (parsed.positionals.length < expected.length)
    return err(`Missing ${expected[parsed.positionals.length]}`);
  if (parsed.positionals.length > expected.length) {
    return err(`Unexpected argument: ${parsed.positionals[expected.length]}`);
  }
  for (const option of spec.required ?? []) {
    const value = parsed.values[option];
    if (typeof value !== 'string' || value.trim() === '') return err(`Missing --${option}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const oneOf = (option: string, allowed: string[]) =>
    values[option] === undefined || allowed.includes(String(values[option]))
      ? null
      : `--${option} must be one of ${allowed.join(', ')}`;
  const invalid = oneOf('crm', ['hubspot', 'salesforce', 'none']) ?? oneOf('role', ['admin', 'standard']);
  if (invalid) return err(invalid);
  return ok({ kind: 'run', command, values, positionals: parsed.positionals });
}

/** Exit codes: 0 done, 2 bad arguments (including an unknown key or contact). */
export type OperatorOutcome = { code: 0 | 2; stdout: string; stderr: string };

const done = (stdout: string): OperatorOutcome => ({ code: 0, stdout, stderr: '' });
const refused = (stderr: string): OperatorOutcome => ({ code: 2, stdout: '', stderr });

const keyMessage = (e: KeyError, id: string) =>
  e.code === 'key_revoked' ? `Key ${id} is already revoked` : `No key ${id}`;
const liftMessage = (e: LiftError, id: string) =>
  e.code === 'contact_not_found'
    ? `No contact ${id}`
    : e.code === 'not_suppressed'
      ? `Contact ${id} is not suppressed`
      : 'Missing --reason';

const table = (rows: string[][]) => (rows.length ? rows.map((r) => r.join('\t')).join('\n') : '(none)');
const when = (d: Date | null) => (d ? d.toISOString() : '-');

export async function runOperatorCommand(
  deps: AppDeps,
  parsed: Extract<ParsedOperator, { kind: 'run' }>,
  operator: string,
): Promise<OperatorOutcome> {
  const { values, positionals } = parsed;
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const scope = { installationId: str('installation') ?? null };
  switch (parsed.command) {
    case 'installation create': {
      const crm = (str('crm') ?? 'none') as 'hubspot' | 'salesforce' | 'none';
      const made = await provisionInstallation(deps, { name: str('name')!, crm });
      return done(
        [
          `installation ${made.installation.id} ${made.installation.name}`,
          `api key (admin, ${made.keyId}): ${made.apiKey}`,
          `inbound token: ${made.inboundToken}`,
          'Both are shown once; only their hashes are kept.',
        ].join('\n'),
      );
    }
    case 'installation list': {
      const rows = await listInstallations(deps.db);
      return done(table(rows.map((r) => [r.id, r.name, r.crm, r.createdAt.toISOString()])));
    }
    case 'key create': {
      const installationId = str('installation')!;
      const known = (await listInstallations(deps.db)).some((i) => i.id === installationId);
      if (!known) return refused(`No installation ${installationId}`);
      const role = (str('role') ?? 'admin') as 'admin' | 'standard';
      const made = await issueApiKey(deps, { installationId, name: str('name') ?? `cli ${operator}`, role });
      return done(`api key (${made.role}, ${made.id}): ${made.key}\nShown once; only its hash is kept.`);
    }
    case 'key list': {
      const rows = await listApiKeys(deps, scope);
      return done(
        table(
          rows.map((k) => [
            k.id,
            k.installationId,
            k.role,
            k.name,
            when(k.createdAt),
            `revoked ${when(k.revokedAt)}`,
          ]),
        ),
      );
    }
    case 'key revoke': {
      const id = positionals[0]!;
      const result = await revokeApiKey(deps, scope, id);
      return result.ok ? done(`revoked ${id}`) : refused(keyMessage(result.error, id));
    }
    case 'key rotate': {
      const id = positionals[0]!;
      const result = await rotateApiKey(deps, scope, id);
      if (!result.ok) return refused(keyMessage(result.error, id));
      const v = result.value;
      return done(
        `revoked ${id}\napi key (${v.role}, ${v.id}): ${v.key}\nShown once; only its hash is kept.`,
      );
    }
    case 'suppression list': {
      if (values.lifted) {
        const lifts = await listSuppressionLifts(deps, scope);
        return done(
          table(
            lifts.map((l) => [
              l.contactId,
              l.email,
              l.suppressionReason ?? '-',
              when(l.liftedAt),
              l.liftedBy,
              l.reason,
            ]),
          ),
        );
      }
      const rows = await listSuppressions(deps, scope);
      return done(
        table(rows.map((s) => [s.contactId, s.installationId, s.email, s.reason, when(s.suppressedAt)])),
      );
    }
    case 'suppression lift': {
      const id = positionals[0]!;
      const actor = `cli:${str('by') ?? operator}`;
      const result = await liftSuppression(deps, scope, { contactId: id, reason: str('reason')!, actor });
      if (!result.ok) return refused(liftMessage(result.error, id));
      return done(`lifted ${id} (${result.value.email}) by ${actor} at ${when(result.value.liftedAt)}`);
    }
    case 'login-link': {
      const installationId = str('installation')!;
      const known = (await listInstallations(deps.db)).some((i) => i.id === installationId);
      if (!known) return refused(`No installation ${installationId}`);
      const { token } = await createLoginLink(deps.db, { installationId, now: deps.clock.now() });
      return done(`${deps.config.publicBaseUrl}/app/login/link?token=${token}`);
    }
    case 'sends unknown': {
      const rows = await listSends(deps, scope, { status: 'unknown' });
      return done(
        table(
          rows.map((s) => [
            s.id,
            s.installationId,
            s.contactId,
            s.toAddress,
            s.stepKey,
            s.subject,
            when(s.createdAt),
            s.error ?? '-',
          ]),
        ),
      );
    }
  }
}
