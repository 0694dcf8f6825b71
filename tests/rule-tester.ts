import { RuleTester } from '@typescript-eslint/rule-tester';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Untyped TypeScript parsing, ESM. The default for rule tests. */
export const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: { ecmaFeatures: { jsx: true } },
  },
});

/**
 * Typed linting over `tests/fixtures/` (a tsconfig and `file.ts`). Cases run as `file.ts` unless they
 * name another fixture file through `filename`.
 */
export const typedRuleTester = new RuleTester({
  // The typed fixtures live under tests/, which the default `settings.leaks.testFiles` treat as test
  // code; here they stand for application code.
  settings: { leaks: { testFiles: [] } },
  languageOptions: {
    parserOptions: {
      tsconfigRootDir: fixturesDir,
      project: './tsconfig.json',
    },
  },
});

/*
 * The rule tester always passes `parserOptions.sourceType: 'module'`, which wins over
 * `languageOptions.sourceType` for typescript-eslint's scope analysis, so the module shape is set
 * through parserOptions here.
 */

/**
 * A CommonJS file: module bindings live in the function scope ESLint wraps around CommonJS, and
 * `require`, `module` and `exports` are the globals ESLint declares for `sourceType: 'commonjs'`.
 */
export const commonjs = {
  globals: { exports: 'writable', global: 'readonly', module: 'readonly', require: 'readonly' },
  parserOptions: { sourceType: 'script', ecmaFeatures: { globalReturn: true } },
} as const;
/** A classic script: module bindings are globals. */
export const script = { parserOptions: { sourceType: 'script' } } as const;
