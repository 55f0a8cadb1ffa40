import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ALLOWED_TOP_LEVEL_FIELDS, Components } from '@hubspot/project-parsing-lib/constants';
import { isKnownPlatformVersion, parseProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { mapToUserFacingType } from '@hubspot/project-parsing-lib/transform';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';
import { createAjvInstance } from '@hubspot/project-parsing-lib/validation';
import { componentSchemas } from './hubspot-project-schemas';

type ComponentInfo = { dir: string; parentComponent?: string; singularComponent?: boolean };
const components = Components as Record<string, ComponentInfo>;

function hsMetaFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return hsMetaFiles(full, root);
    return entry.name.endsWith('-hsmeta.json') ? [path.relative(root, full)] : [];
  });
}

/**
 * Every problem HubSpot's upload would report that can be found offline, via the library HubSpot's
 * CLI uses (@hubspot/project-parsing-lib): project config, file discovery and placement, uids,
 * parent links, singular components, then each config against `componentSchemas`. The library's
 * own schema check needs an authenticated account, so `translate` runs with `skipValidation` and
 * the checks it would have made locally are made here with its exported helpers.
 */
export async function validateProject(projectDir: string): Promise<string[]> {
  let config: { srcDir: string; platformVersion: string };
  try {
    config = parseProjectConfig(projectDir);
  } catch (error) {
    return [`hsproject.json: ${(error as Error).message}`];
  }
  const errors: string[] = [];
  if (!isKnownPlatformVersion(config.platformVersion))
    errors.push(`hsproject.json: unknown platformVersion ${config.platformVersion}`);
  const srcDir = path.join(projectDir, config.srcDir);

  const files = hsMetaFiles(srcDir);
  for (const file of files) {
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      errors.push(`${file}: invalid JSON`);
      continue;
    }
    const extra = Object.keys(parsed as object).filter(
      (k) => !(ALLOWED_TOP_LEVEL_FIELDS as Set<string>).has(k),
    );
    if (extra.length > 0) errors.push(`${file}: unexpected top-level fields ${extra.join(', ')}`);
  }

  let nodes: Awaited<
    ReturnType<typeof translate>
  >['intermediateRepresentation']['intermediateNodesIndexedByUid'][string][];
  try {
    const result = await translate(
      { projectSourceDir: srcDir, platformVersion: config.platformVersion },
      { skipValidation: true },
    );
    for (const skipped of result.skippedHsMetaFiles) errors.push(`${skipped}: not in a component directory`);
    nodes = Object.values(result.intermediateRepresentation.intermediateNodesIndexedByUid);
  } catch (error) {
    return [...errors, `translate: ${(error as Error).message}`];
  }

  const ajv = createAjvInstance();
  const perType = new Map<string, number>();
  for (const node of nodes) {
    const file = node.metaFilePath;
    const type = mapToUserFacingType(node.componentType);
    perType.set(type, (perType.get(type) ?? 0) + 1);
    const uidProblem = validateUid(node.uid);
    if (uidProblem) errors.push(`${file}: ${uidProblem}`);
    const info = components[type];
    if (!info) {
      errors.push(`${file}: unsupported component type ${type || '(missing)'}`);
      continue;
    }
    const expectedDir = info.parentComponent
      ? path.join(components[info.parentComponent]?.dir ?? '', info.dir)
      : info.dir;
    if (path.dirname(file) !== expectedDir) errors.push(`${file}: a ${type} belongs in ${expectedDir}/`);
    if (info.parentComponent && !node.componentDeps.app)
      errors.push(`${file}: no ${info.parentComponent} component to belong to`);
    const schema = componentSchemas[node.componentType];
    if (!schema) {
      errors.push(`${file}: no schema for ${node.componentType}`);
      continue;
    }
    const validate = ajv.compile(schema);
    if (!validate(node.config)) {
      for (const e of validate.errors ?? []) errors.push(`${file}: config${e.instancePath} ${e.message}`);
    }
    errors.push(...crossChecks(srcDir, file, type, node.config));
  }
  for (const [type, count] of perType) {
    if (components[type]?.singularComponent && count > 1) errors.push(`${type}: ${count} found, at most 1`);
  }
  // A file that did not parse never becomes a node: every file must be accounted for.
  if (nodes.length < files.length && !errors.length) errors.push('some -hsmeta.json files did not translate');
  return errors;
}

/** Checks that span files: the card's entrypoint exists; app-event templates use declared tokens. */
function crossChecks(srcDir: string, file: string, type: string, config: unknown): string[] {
  const c = config as Record<string, unknown>;
  if (type === 'card' && typeof c.entrypoint === 'string') {
    return existsSync(path.join(srcDir, c.entrypoint)) ? [] : [`${file}: entrypoint ${c.entrypoint} missing`];
  }
  if (type === 'app-event' && Array.isArray(c.properties)) {
    const declared = new Set(['timestamp', ...c.properties.map((p: { name?: string }) => p.name)]);
    const used = [`${c.headerTemplate ?? ''}`, `${c.detailTemplate ?? ''}`].flatMap((t) =>
      [...t.matchAll(/\{\{(?:#\w+\s+)?([A-Za-z_]\w*)\s*\}\}/g)].map((m) => m[1] ?? ''),
    );
    return used.filter((t) => !declared.has(t)).map((t) => `${file}: template token ${t} is not a property`);
  }
  return [];
}
