// Type-level test (checked by `npm run typecheck`): the two documented ways to enable the plugin
// must type-check against ESLint's own config types, with no casts.
import { defineConfig } from 'eslint/config';
import type { Linter } from 'eslint';
import leaks from '../../index.js';

export const direct: Linter.Config[] = [leaks.configs.recommended];

export const extended = defineConfig({
  files: ['**/*.ts'],
  plugins: { leaks },
  extends: ['leaks/recommended'],
});

export const strict = defineConfig(leaks.configs.strict, {
  rules: { 'leaks/no-growing-module-collection': ['error', { checkEscaped: true }] },
});
