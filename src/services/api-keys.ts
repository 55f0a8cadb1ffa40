import { and, desc, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../db/schema';
import { err, ok, type Result } from '../lib/result';
import type { AppDeps } from './deps';
import { type ApiKeyRole, createApiKey } from './installations';

type KeyDeps = Pick<AppDeps, 'db' | 'clock'>;

/** `installationId: null` is the operator's scope (the CLI): every installation. */
export type Scope = { installationId: string | null };

export type ApiKeySummary = {
  id: string;
  installationId: string;
  name: string;
  role: ApiKeyRole;
  createdAt: Date;
  revokedAt: Date | null;
};

export type KeyError = { code: 'key_not_found' } | { code: 'key_revoked' };

const summary = {
  id: apiKeys.id,
  installationId: apiKeys.installationId,
  name: apiKeys.name,
  role: apiKeys.role,
  createdAt: apiKeys.createdAt,
  revokedAt: apiKeys.revokedAt,
};

const inScope = (scope: Scope, id: string) =>
  scope.installationId === null
    ? eq(apiKeys.id, id)
    : and(eq(apiKeys.id, id), eq(apiKeys.installationId, scope.installationId));

export async function listApiKeys(deps: KeyDeps, scope: Scope): Promise<ApiKeySummary[]> {
  const where = scope.installationId === null ? undefined : eq(apiKeys.installationId, scope.installationId);
  return deps.db.select(summary).from(apiKeys).where(where).orderBy(desc(apiKeys.createdAt), apiKeys.id);
}

export async function issueApiKey(
  deps: KeyDeps,
  input: { installationId: string; name: string; role: ApiKeyRole },
): Promise<{ id: string; key: string; role: ApiKeyRole }> {
  return createApiKey(deps.db, input);
}

/** A revoked key is refused (401) on every route from the next request on. Revoking twice is an error. */
export async function revokeApiKey(
  deps: KeyDeps,
  scope: Scope,
  id: string,
): Promise<Result<ApiKeySummary, KeyError>> {
  const now = deps.clock.now();
  const [row] = await deps.db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(inScope(scope, id), isNull(apiKeys.revokedAt)))
    .returning(summary);
  if (row) return ok(row);
  const [existing] = await deps.db.select(summary).from(apiKeys).where(inScope(scope, id));
  return err(existing ? { code: 'key_revoked' } : { code: 'key_not_found' });
}

/** Rotation: a new key with the same name and role, and the old one revoked, in one transaction. */
export async function rotateApiKey(
  deps: KeyDeps,
  scope: Scope,
  id: string,
): Promise<Result<{ id: string; key: string; role: ApiKeyRole; revokedId: string }, KeyError>> {
  return deps.db.transaction(async (tx) => {
    const [old] = await tx.select(summary).from(apiKeys).where(inScope(scope, id)).for('update');
    if (!old) return err({ code: 'key_not_found' as const });
    if (old.revokedAt) return err({ code: 'key_revoked' as const });
    const created = await createApiKey(tx, {
      installationId: old.installationId,
      name: old.name,
      role: old.role,
    });
    await tx.update(apiKeys).set({ revokedAt: deps.clock.now() }).where(eq(apiKeys.id, old.id));
    return ok({ ...created, revokedId: old.id });
  });
}
