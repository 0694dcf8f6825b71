import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ESLint } from 'eslint';
import { afterAll, beforeAll, expect } from 'vitest';

// End-to-end helpers: every test spawns the BUILT bin the way `npx -p eslint-plugin-leaks leaks-scan` runs it.
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'dist/cli/leaks-scan.js');
export const FIXTURES = path.join(ROOT, 'tests/fixtures/scan');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const temporaryFolders: string[] = [];

/** Call once per test file: checks the bin is built and removes the temporary folders after. */
export function useBuiltBin(): void {
  beforeAll(() => {
    // `npm test` builds first (pretest); a direct `vitest run` may find no dist/ yet. tsc still
    // emits when someone's in-progress file has type errors, so only the bin's presence matters.
    if (!existsSync(BIN)) {
      const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
      spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
    }
    expect(existsSync(BIN), `${BIN} is missing; run npm run build`).toBe(true);
  });
  afterAll(() => {
    for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
}

export function scan(args: readonly string[], cwd = FIXTURES, env: NodeJS.ProcessEnv = {}): Run {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function scanJson(args: readonly string[], cwd = FIXTURES): ESLint.LintResult[] {
  const run = scan(['--format', 'json', ...args], cwd);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as ESLint.LintResult[];
}

export function expectUsageError(run: Run, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd()).not.toContain('\n');
  expect(run.stderr.trimEnd()).toMatch(message);
}

export function relativePosix(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

export function createTempFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'leaks-scan-'));
  temporaryFolders.push(folder);
  return folder;
}
