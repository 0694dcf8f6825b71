import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A dist-tag (`latest`) or URL spec anywhere in the tree makes the lockfile stale on the next
// release of that package: `npm ci` then fails on a fresh machine, ours and our users'.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T;

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const SPEC_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const;
// A semver range: versions, operators, `x`/`*` wildcards and `||` unions; `npm:` aliases of one.
const SEMVER_RANGE = /^(?:npm:(?:@[\w.-]+\/)?[\w.-]+@)?[\s\d^~<>=*xX|.+-]*(?:-[\w.]+)?$/u;

function nonRangeSpecs(manifests: Record<string, Manifest>): string[] {
  const found: string[] = [];
  for (const [where, manifest] of Object.entries(manifests)) {
    for (const field of SPEC_FIELDS) {
      for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
        if (!SEMVER_RANGE.test(spec) || spec.trim() === '') found.push(`${where || 'root'} -> ${name}@${spec}`);
      }
    }
  }
  return found;
}

describe('dependency specs', () => {
  it('are semver ranges everywhere in package-lock.json: no dist-tag, URL, git or file spec', () => {
    const lock = readJson<{ packages: Record<string, Manifest> }>('package-lock.json');
    expect(nonRangeSpecs(lock.packages)).toEqual([]);
  });

  it('recognises the specs that break a lockfile', () => {
    expect(
      nonRangeSpecs({ pkg: { dependencies: { a: 'latest', b: 'next', c: 'https://x.test/c.tgz', d: 'github:o/d', e: 'file:../e' } } }),
    ).toHaveLength(5);
    expect(nonRangeSpecs({ pkg: { dependencies: { a: '^1.2.3', b: '>=4.8.4 <6.1.0', c: '1.x || 2', d: '*', e: '1.0.0-beta.0' } } })).toEqual(
      [],
    );
  });

  it('shares the typescript-eslint stack with the user: caret ranges, peers as wide as typescript-eslint', () => {
    const manifest = readJson<Manifest>('package.json');
    for (const name of ['@typescript-eslint/parser', '@typescript-eslint/utils', '@eslint-community/eslint-utils', 'picomatch']) {
      expect(manifest.dependencies?.[name], name).toMatch(/^\^\d/u);
    }
    const typescriptEslintPeers = readJson<Manifest>('node_modules/typescript-eslint/package.json').peerDependencies ?? {};
    expect(manifest.peerDependencies?.typescript).toBe(typescriptEslintPeers.typescript);
  });
});
