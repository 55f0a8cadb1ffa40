import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_FLOOR, nodeVersionWarning, olderThan } from '../../src/entry/node-version';

describe('node version floor', () => {
  it('compares major, minor and patch numerically', () => {
    expect(olderThan('v22.11.9', '22.12.0')).toBe(true);
    expect(olderThan('v20.19.0', '22.12.0')).toBe(true);
    expect(olderThan('v22.12.0', '22.12.0')).toBe(false);
    expect(olderThan('v22.13.0', '22.12.0')).toBe(false);
    expect(olderThan('v24.0.0', '22.12.0')).toBe(false);
    expect(olderThan('v9.99.99', '22.12.0')).toBe(true);
  });

  it('warns in one line for an older Node only', () => {
    const line = nodeVersionWarning('v20.11.1');
    expect(line).toMatch(/^Warning: Node v20\.11\.1 is older than the supported 22\.12\.0/);
    expect(line).not.toContain('\n');
    expect(nodeVersionWarning(process.version)).toBeNull();
  });

  it('matches package.json engines', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node.replace('>=', '').split('.').concat('0').slice(0, 3).join('.')).toBe(NODE_FLOOR);
  });
});
