import path from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../index.js';
import { ruleTester } from '../rule-tester.js';
import growing from '../../rules/no-growing-module-collection.js';
import listener from '../../rules/no-leaked-listener.js';
import { findJobEvidence } from '../../rules/utils/execution-context.js';
import { lintWithProbe } from '../helpers/probe.js';

// The file-level execution context is shared by every rule through createRule; these cases go
// through two rules, one that grows a collection and one that adds listeners.
const SESSION_CACHE = `import express from 'express';
const app = express();
const seen = new Map<string, number>();
app.get('/orders/:id', (req, res) => {
  seen.set(req.params.id, Date.now());
  res.end();
});`;

const cwd = process.cwd();
const at = (relative: string) => path.join(cwd, relative);

ruleTester.run('execution context: test files and test callbacks (no-growing-module-collection)', growing, {
  valid: [
    { name: 'a *.test.ts file is test code', code: SESSION_CACHE, filename: at('src/orders.test.ts') },
    { name: 'a *.spec.ts file is test code', code: SESSION_CACHE, filename: at('src/orders.spec.ts') },
    { name: 'a file under __tests__/ is test code', code: SESSION_CACHE, filename: at('src/__tests__/orders.ts') },
    { name: 'a file under e2e/ is test code', code: SESSION_CACHE, filename: at('e2e/orders.ts') },
    { name: 'a seed file fills a test database once', code: SESSION_CACHE, filename: at('prisma/seed/orders.ts') },
    { name: 'a file that imports vitest is test code, whatever its name', code: `import { vi } from 'vitest';\n${SESSION_CACHE}`, filename: at('src/harness.ts') },
    { name: 'a one-shot script under scripts/ exits when it is done', code: SESSION_CACHE, filename: at('scripts/backfill-orders.ts') },
    {
      name: 'growth inside an it() callback of a file that is not named as a test',
      code: `import express from 'express';
const seen: string[] = [];
describe('orders', () => {
  it('records the ids', () => {
    express().get('/x', (req) => { seen.push(req.path); });
  });
});`,
      filename: at('src/orders-check.ts'),
    },
    {
      name: 'custom testFiles replace the defaults',
      code: SESSION_CACHE,
      filename: at('checks/orders.ts'),
      settings: { leaks: { testFiles: ['checks/**'] } },
    },
  ],
  invalid: [
    {
      name: 'the same code in service code',
      code: SESSION_CACHE,
      filename: at('src/orders.ts'),
      errors: [{ messageId: 'growingCollection', line: 3, column: 7 }],
    },
    {
      name: 'a file that only mentions "test" in its name is not a test file',
      code: SESSION_CACHE,
      filename: at('src/latest-orders.ts'),
      errors: [{ messageId: 'growingCollection', line: 3, column: 7 }],
    },
    {
      name: 'checkTestCode lints test files too',
      code: SESSION_CACHE,
      filename: at('src/orders.test.ts'),
      settings: { leaks: { checkTestCode: true } },
      errors: [{ messageId: 'growingCollection', line: 3, column: 7 }],
    },
    {
      name: 'an empty scriptFiles list lints scripts as services',
      code: SESSION_CACHE,
      filename: at('scripts/server.ts'),
      settings: { leaks: { scriptFiles: [] } },
      errors: [{ messageId: 'growingCollection', line: 3, column: 7 }],
    },
    {
      name: 'a function called test() that is not a test registration',
      code: `import express from 'express';
const seen: string[] = [];
function test(check: () => void) { check(); }
express().get('/x', (req) => { test(() => { seen.push(req.path); }); });`,
      filename: at('src/orders.ts'),
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
  ],
});

ruleTester.run('execution context: test callbacks (no-leaked-listener)', listener, {
  valid: [
    {
      name: 'process.on in a beforeEach hook lives for one test file',
      code: `import { handle } from './handle.js';
beforeEach(() => {
  process.on('unhandledRejection', (reason) => handle(reason));
});`,
      filename: at('src/setup-hooks.ts'),
    },
  ],
  invalid: [
    {
      name: 'process.on in a request handler of the same shape',
      code: `import express from 'express';
import { handle } from './handle.js';
express().get('/x', () => {
  process.on('unhandledRejection', (reason) => handle(reason));
});`,
      filename: at('src/routes.ts'),
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 4, column: 3 }],
    },
  ],
});

describe('settings.leaks validation', () => {
  function lintWithSettings(settings: Record<string, unknown>): () => void {
    const linter = new Linter();
    return () =>
      linter.verify(
        'const seen = new Set();',
        [
          {
            files: ['**/*.ts'],
            plugins: { leaks: plugin },
            languageOptions: { parser: tsParser },
            settings,
            rules: { 'leaks/no-growing-module-collection': 'error' },
          },
        ],
        { filename: at('src/a.ts') },
      );
  }

  it.each([
    [{ leaks: { testFiles: 'test/**' } }, /settings\.leaks\.testFiles must be an array of non-empty glob strings \(got "test\/\*\*"\)\./u],
    [{ leaks: { scriptFiles: [''] } }, /settings\.leaks\.scriptFiles must be an array of non-empty glob strings/u],
    [{ leaks: { jobFiles: 'workers/**' } }, /settings\.leaks\.jobFiles must be an array of non-empty glob strings/u],
    [{ leaks: { testFiles: ['src/{a,b'] } }, /settings\.leaks\.testFiles has an invalid glob 'src\/\{a,b': /u],
    [{ leaks: { checkTestCode: 'yes' } }, /settings\.leaks\.checkTestCode must be a boolean \(got "yes"\)\./u],
    [{ leaks: { testFile: [] } }, /settings\.leaks\.testFile is not a setting of eslint-plugin-leaks \(known: testFiles, scriptFiles, jobFiles, checkTestCode\)\./u],
    [{ leaks: ['x'] }, /settings\.leaks must be an object/u],
  ])('names the setting in the error: %j', (settings, message) => {
    expect(lintWithSettings(settings)).toThrow(message);
  });

  it('accepts valid settings', () => {
    expect(lintWithSettings({ leaks: { testFiles: ['**/*.check.ts'], scriptFiles: [], checkTestCode: false } })).not.toThrow();
  });
});

describe('findJobEvidence', () => {
  function jobEvidenceOf(relative: string): string | null {
    let evidence: string | null = null;
    lintWithProbe('export {};', (context) => {
      evidence = findJobEvidence(context);
      return {};
    }, { filename: at(relative) });
    return evidence;
  }

  it.each([
    ['src/workers/export.ts', "matches settings.leaks.jobFiles ('**/workers/**')"],
    ['src/api/orders.ts', null],
    ['src/workers/export.test.ts', null],
    ['scripts/workers/backfill.ts', null],
  ])('%s: %s', (relative, expected) => {
    expect(jobEvidenceOf(relative)).toBe(expected);
  });
});
