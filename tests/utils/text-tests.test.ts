import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THREAD_FILES } from '../../rules/utils/catalogs/task-runners.js';
import { createPathMatcher } from '../../rules/utils/globs.js';
import { moduleMentionPattern } from '../../rules/utils/imports.js';
import { memoizeByOptions } from '../../rules/utils/memo.js';
import { DEFAULT_PERF_FILES } from '../../rules/utils/perf-context.js';

describe('createPathMatcher', () => {
  const globs = [...DEFAULT_PERF_FILES, ...DEFAULT_THREAD_FILES, 'src/jobs/*.ts', 'scripts/load.{js,ts}'];
  // The reference: picomatch's own matcher over the same anchored globs.
  const reference = picomatch(
    globs.map((glob) => (glob.startsWith('**/') ? glob : `**/${glob}`)),
    { dot: true },
  );
  const matches = createPathMatcher(globs);

  it.each([
    'bench/http.js',
    'packages/api/benchmarks/query.ts',
    'a/bench',
    'a/my-bench/x.js',
    'benchmark.js',
    'src/perf.ts',
    'app/.perf/x.js',
    'src/jobs/send.ts',
    'x/src/jobs/send.ts',
    'src/jobs/a/b.ts',
    'lib/resize.worker.mjs',
    'lib/workers/resize.js',
    'scripts/load.ts',
    'scripts/load.mjs',
  ])('agrees with picomatch on %s', (path) => {
    expect(matches(path)).toBe(reference(path));
  });

  it('normalises Windows separators', () => {
    expect(matches(String.raw`C:\app\bench\http.js`)).toBe(true);
    expect(matches(String.raw`C:\app\src\http.js`)).toBe(false);
  });

  it('matches nothing without globs', () => {
    expect(createPathMatcher([])('bench/x.js')).toBe(false);
  });
});

describe('moduleMentionPattern', () => {
  const pattern = moduleMentionPattern(['pg', 'mysql2', 'node:worker_threads', '@prisma/client']);

  it.each([
    [`import pg from 'pg';`, true],
    [`const { Pool } = require("pg/lib/pool");`, true],
    ['const m = await import(`mysql2`);', true],
    [`import { Worker } from 'node:worker_threads';`, true],
    [`const { Worker } = require('worker_threads');`, true],
    [`import { PrismaClient } from '@prisma/client';`, true],
    [`import x from 'pg-promise';`, false],
    [`// uses pg under the hood`, false],
  ])('%s → %s', (text, expected) => {
    expect(pattern.test(text)).toBe(expected);
  });

  it('is compiled once per module list', () => {
    const modules = ['pg'];
    expect(moduleMentionPattern(modules)).toBe(moduleMentionPattern(modules));
  });
});

describe('memoizeByOptions', () => {
  it('builds once per distinct options value, whether or not the object is the same', () => {
    let builds = 0;
    const get = memoizeByOptions((options: { names: string[] }) => {
      builds++;
      return new Set(options.names);
    });
    const options = { names: ['a'] };
    const first = get(options);
    expect(get(options)).toBe(first);
    expect(get({ names: ['a'] })).toBe(first);
    expect(get({ names: ['b'] })).not.toBe(first);
    expect(builds).toBe(2);
  });
});
