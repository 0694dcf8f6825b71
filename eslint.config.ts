import eslintPlugin from 'eslint-plugin-eslint-plugin';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    name: 'leaks/ignores',
    ignores: ['dist/', 'coverage/', 'examples/', 'tests/fixtures/', 'reports/', '.cache/', '**/*.d.ts'],
  },
  {
    name: 'leaks/typescript',
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    name: 'leaks/rules',
    files: ['rules/**/*.ts'],
    extends: [eslintPlugin.configs.recommended],
    rules: {
      // createRule (RuleCreator) derives every docs URL from the rule name, so the URL never
      // appears in a rule's source for this rule to read; tests/plugin.test.ts checks each URL
      // points at an existing docs page instead.
      'eslint-plugin/require-meta-docs-url': 'off',
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Enforce|Require|Disallow) ' }],
      'eslint-plugin/report-message-format': ['error', '^[A-Z`\'{].*\\.$'],
      'eslint-plugin/require-meta-schema-description': 'error',
      'eslint-plugin/require-meta-default-options': 'error',
    },
  },
  {
    name: 'leaks/rule-tests',
    files: ['tests/rules/**/*.ts'],
    extends: [eslintPlugin.configs.recommended],
    rules: {
      'eslint-plugin/require-test-error-positions': 'error',
      'eslint-plugin/unique-test-case-names': 'off',
      // rule-tester callbacks are registered with Vitest, not awaited here.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
