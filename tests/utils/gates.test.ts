import * as tsParser from '@typescript-eslint/parser';
import { Linter, type Rule } from 'eslint';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THREAD_FILES } from '../../rules/utils/catalogs/task-runners.js';
import { createPathMatcher } from '../../rules/utils/globs.js';
import { CONSTRUCT, ReferenceTracker } from '@eslint-community/eslint-utils';
import { importsAnyModule, iterateModuleReferences } from '../../rules/utils/imports.js';
import { memoizeByOptions } from '../../rules/utils/memo.js';
import { DEFAULT_PERF_FILES } from '../../rules/utils/perf-context.js';

describe('createPathMatcher', () => {
  const globs = [...DEFAULT_PERF_FILES, ...DEFAULT_THREAD_FILES, 'src/jobs/*.ts', 'scripts/load.{js,ts}', '*.job.ts', 'tasks/**/*.task.js', 'src/**/cron/*.js', '**/@(jobs|queues)/*.ts'];
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
    'api/perf.config.ts',
    'api/k6-perf.config.js',
    'api/superperf.config.js',
    'src/.hidden.bench.ts',
    'src/http.bench.ts',
    'src/send.job.ts',
    'src/send.job.js',
    'tasks/a/b/resize.task.js',
    'other/resize.task.js',
    'tasks/resize.task.js',
    'src/cron/daily.js',
    'src/a/b/cron/daily.js',
    'lib/queues/mail.ts',
    'lib/queue/mail.ts',
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

describe('importsAnyModule', () => {
  const modules = ['pg', 'mysql2', 'node:worker_threads', '@prisma/client'];

  /** Runs the gate inside a rule, where ESLint has built the scope manager. */
  function imports(code: string, sourceType: 'module' | 'commonjs' = 'module'): boolean {
    let result: boolean | undefined;
    const probe = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: Rule.RuleContext) {
        result = importsAnyModule(context.sourceCode as never, modules);
        return {};
      },
    };
    const messages = new Linter().verify(code, {
      plugins: { probe: { rules: { probe } } },
      languageOptions: { parser: tsParser, sourceType },
      rules: { 'probe/probe': 'error' },
    });
    expect(messages).toEqual([]);
    return result ?? false;
  }

  it.each([
    [`import pg from 'pg';`, true],
    [`export * from 'mysql2/promise';`, true],
    [`import type { PoolClient } from 'pg';`, true],
    [`import { Worker } from 'node:worker_threads';`, true],
    [`import { PrismaClient } from '@prisma/client/edge';`, true],
    [`import x from 'pg-promise';`, false],
    [`// uses 'pg' under the hood\nexport const a = 1;`, false],
  ])('%s → %s', (code, expected) => {
    expect(imports(code)).toBe(expected);
  });

  it.each([
    [`const { Pool } = require('pg/lib/pool');`, true],
    ['function connect() { return require(`mysql2`).createConnection({}); }', true],
    [`const { Worker } = require('worker_threads');`, true],
    [`function load(require) { return require('pg'); }`, false],
    [`const name = 'pg'; module.exports = name;`, false],
    // Read as eslint-utils' ReferenceTracker reads a require: a constant without scope.
    [`const pg = require('p' + 'g');`, true],
  ])('CommonJS: %s → %s', (code, expected) => {
    expect(imports(code, 'commonjs')).toBe(expected);
  });
});

describe('iterateModuleReferences', () => {
  const traceMap = { pg: { Pool: { [CONSTRUCT]: 'pool' } }, 'node:worker_threads': { Worker: { [CONSTRUCT]: 'worker' } } };

  /** What the plugin's helper yields next to what the tracker finds when asked directly. */
  function references(code: string, sourceType: 'module' | 'commonjs'): { ours: string[]; tracker: string[] } {
    const found = { ours: [] as string[], tracker: [] as string[] };
    const probe = {
      meta: { type: 'problem' as const, schema: [] },
      create(context: Rule.RuleContext) {
        const { sourceCode } = context;
        for (const reference of iterateModuleReferences(sourceCode as never, traceMap)) found.ours.push(sourceCode.getText(reference.node as never));
        const tracker = new ReferenceTracker(sourceCode.scopeManager.globalScope!, { mode: 'legacy' });
        const prefixed = { ...traceMap, worker_threads: traceMap['node:worker_threads'] };
        for (const reference of [...tracker.iterateEsmReferences(prefixed), ...tracker.iterateCjsReferences(prefixed)]) found.tracker.push(sourceCode.getText(reference.node));
        return {};
      },
    };
    const messages = new Linter().verify(code, {
      plugins: { probe: { rules: { probe } } },
      languageOptions: { parser: tsParser, sourceType, globals: { require: 'readonly' } },
      rules: { 'probe/probe': 'error' },
    });
    expect(messages).toEqual([]);
    return found;
  }

  it.each([
    [`import { Pool } from 'pg'; new Pool();`, 'module', 1],
    [`import * as pg from 'pg'; export const p = new pg.Pool();`, 'module', 1],
    [`const { Worker } = require('worker_threads'); new Worker('./w.js');`, 'commonjs', 1],
    [`function f() { return new (require('p' + 'g').Pool)(); }`, 'commonjs', 1],
    [`import { Pool } from 'pg-pool'; new Pool();`, 'module', 0],
    [`const Pool = require('./pg'); new Pool();`, 'commonjs', 0],
  ] as const)('finds what the tracker finds: %s', (code, sourceType, count) => {
    const { ours, tracker } = references(code, sourceType);
    expect(ours).toEqual(tracker);
    expect(ours).toHaveLength(count);
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
