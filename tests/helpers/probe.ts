import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { expect } from 'vitest';

export interface ProbeOptions {
  /** The file name ESLint sees (settings globs, Next.js route files). Default `file.ts`. */
  filename?: string;
  sourceType?: 'module' | 'commonjs' | 'script';
  /** `espree` lints the code as JavaScript with ESLint's default parser, as `leaks-scan` does for .js. */
  parser?: 'typescript' | 'espree';
}

/**
 * Lints `code` with a probe rule whose listeners record what a shared analysis answers, so a
 * `rules/utils/` module can be tested through the real scope analysis without a rule of its own.
 * Fails the test if the code does not parse.
 */
export function lintWithProbe(code: string, listeners: (context: TSESLint.RuleContext<never, []>) => TSESLint.RuleListener, options: ProbeOptions = {}): void {
  const { filename = 'file.ts', sourceType = 'module', parser = 'typescript' } = options;
  const probe: TSESLint.RuleModule<never> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: {}, schema: [] },
    create: listeners,
  };
  const typescript = parser === 'typescript';
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: [typescript ? '**/*.ts' : '**/*.js'],
        languageOptions: typescript ? { sourceType, parser: { parseForESLint } } : { sourceType },
        plugins: { probe: { rules: { probe: probe as never } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    filename,
  );
  expect(messages).toEqual([]);
}
