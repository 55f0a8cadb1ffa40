import type { DefinitionIssue, Draft } from '../../domain/sequences/definition';

/** Sequence and step cadence overrides; the cadence module validates their content. */
export function validateCadenceOverrides(_draft: Draft): DefinitionIssue[] {
  return [];
}
