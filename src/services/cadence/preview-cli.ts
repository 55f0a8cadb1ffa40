import { parseArgs } from 'node:util';
import { normalizeZoneName } from '../../domain/cadence/zone';
import { err, ok, type Result } from '../../lib/result';
import type { PreviewError, PreviewTarget, SequencePreview } from './preview';

export const previewUsage = `Usage: npm run cli -- preview --sequence <seq_...> (--contact <con_...> | --zone <IANA zone> [--country CC] [--region R]) [--start <ISO time>]

Prints when each step of the sequence's published version would go out, and why.`;

export type PreviewArgs = { sequenceId: string; target: PreviewTarget; start: Date | null };

/** Command-line arguments of `preview`; a bad one is an error message (exit code 2). */
export function parsePreviewArgs(argv: string[]): Result<PreviewArgs, string> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        sequence: { type: 'string' },
        contact: { type: 'string' },
        zone: { type: 'string' },
        country: { type: 'string' },
        region: { type: 'string' },
        start: { type: 'string' },
      },
    }));
  } catch (error) {
    return err((error as Error).message);
  }
  const text = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const sequenceId = text('sequence');
  if (!sequenceId) return err('--sequence <seq_...> is required');
  const contactId = text('contact');
  const zone = text('zone');
  const country = text('country');
  const region = text('region');
  if (contactId && (zone || country || region)) {
    return err('give either --contact or --zone/--country/--region, not both');
  }
  if (!contactId && !zone && !country) return err('give --contact <con_...> or --zone <IANA zone>');
  if (zone && normalizeZoneName(zone) === null) {
    return err(`--zone "${zone}" is not an IANA time zone such as Europe/Berlin`);
  }
  let start: Date | null = null;
  const startText = text('start');
  if (startText) {
    start = new Date(startText);
    if (Number.isNaN(start.getTime())) return err(`--start "${startText}" is not an ISO date-time`);
  }
  const target: PreviewTarget = contactId
    ? { contactId }
    : {
        ...(zone ? { zone } : {}),
        ...(country ? { country } : {}),
        ...(region ? { region } : {}),
      };
  return ok({ sequenceId, target, start });
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The preview as a plain-text table, one row per step, then the reasons in detail. */
export function formatPreview(p: SequencePreview): string {
  const head = [
    `Sequence ${p.sequenceId} v${p.version} (${p.versionId}), enrolled at ${p.start.toISOString()}`,
    `Zone ${p.zone.zone} (${p.zone.source}: ${p.zone.basis})`,
    `Window ${p.settings.window.start}-${p.settings.window.end} days ${p.settings.window.days.join(',')}, ` +
      `weekend ${Array.isArray(p.settings.weekend) ? p.settings.weekend.join(',') || 'none' : p.settings.weekend}, ` +
      `spacing ${p.settings.minSpacingHours}h, cap ${p.settings.cap.count} per ${p.settings.cap.days} days, ` +
      `holidays ${p.settings.excludeHolidays ? 'excluded' : 'allowed'}`,
    `Existing mail counted: ${p.existingSends.length}`,
    ...p.warnings.map((w) => `Warning: ${w}`),
    '',
  ];
  const rows = [
    ['step', 'kind', 'at (UTC)', 'local', 'reasons'],
    ...p.steps.map((s) => [
      s.stepKey,
      s.kind,
      s.at.toISOString(),
      s.local,
      s.reasons.map((r) => r.code).join(', ') || '-',
    ]),
  ];
  const details = p.steps.flatMap((s) => s.reasons.map((r) => `  ${s.stepKey}: ${r.code}: ${r.detail}`));
  return [...head, table(rows), ...(details.length > 0 ? ['', 'Why:', ...details] : [])].join('\n');
}

export function describePreviewError(e: PreviewError, args: PreviewArgs): string {
  switch (e.code) {
    case 'sequence_not_found':
      return `No sequence ${args.sequenceId}`;
    case 'sequence_not_published':
      return `Sequence ${args.sequenceId} has no published version: publish it first`;
    case 'contact_not_found':
      return `No contact ${'contactId' in args.target ? args.target.contactId : ''} in the sequence's installation`;
    case 'invalid_zone':
      return `"${e.zone}" is not an IANA time zone such as Europe/Berlin`;
  }
}
