/**
 * Checks that a rule's fix or suggestion leaves code that still parses: with @typescript-eslint/parser
 * (what the harness lints with) and, for JavaScript files that espree accepted before the fix, with
 * ESLint's default parser too (a JS user's config), so a fix never smuggles TS syntax into a .js file.
 */
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import type { SourceType } from './eslint.js';

export interface TextEdit {
  range: readonly [number, number];
  text: string;
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1]);
}

const JS_FILE = /\.[cm]?jsx?$/u;
const linter = new Linter({ configType: 'flat' });

/** The parse error of `text` under @typescript-eslint/parser, or undefined when it parses. */
export function tsParseError(text: string, filePath: string, sourceType: SourceType): string | undefined {
  try {
    tsParser.parseForESLint(text, {
      filePath,
      sourceType: sourceType === 'commonjs' ? 'script' : sourceType,
      ecmaVersion: 'latest',
      range: true,
      loc: true,
      comment: true,
      tokens: true,
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The parse error of `text` under espree (ESLint's default parser), or undefined when it parses. */
export function espreeParseError(text: string, filePath: string, sourceType: SourceType): string | undefined {
  const messages = linter.verify(text, [{ files: ['**/*'], languageOptions: { ecmaVersion: 'latest', sourceType } }], filePath);
  const fatal = messages.find((message) => message.fatal);
  return fatal ? `${fatal.message} (${fatal.line}:${fatal.column})` : undefined;
}

/**
 * Why `output` (the code after a fix) is broken, or undefined when it parses as well as `original` did.
 * Espree is only consulted for JS files whose original text espree accepts.
 */
export function brokenOutputReason(original: string, output: string, filePath: string, sourceType: SourceType): string | undefined {
  const tsError = tsParseError(output, filePath, sourceType);
  if (tsError) return `@typescript-eslint/parser: ${tsError}`;
  if (JS_FILE.test(filePath) && !espreeParseError(original, filePath, sourceType)) {
    const espreeError = espreeParseError(output, filePath, sourceType);
    if (espreeError) return `espree: ${espreeError}`;
  }
  return undefined;
}
