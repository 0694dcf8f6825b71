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
  languageOptions: {
    parserOptions: {
      tsconfigRootDir: fixturesDir,
      project: './tsconfig.json',
    },
  },
});

/** Language options for a CommonJS file (`.cjs`): module bindings live in ESLint's CommonJS function scope. */
export const commonjs = { sourceType: 'commonjs' } as const;
/** Language options for a classic script: module bindings are globals. */
export const script = { sourceType: 'script' } as const;
