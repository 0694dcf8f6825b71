import type { ESLint, Linter } from 'eslint';

/**
 * Keeps the findings of the scanned rules and the parse errors. Everything else ESLint may say is
 * about the project's own inline config comments, which the scan does not use: "Definition for rule
 * 'x/y' was not found.", or the fatal "/* eslint-env *\/ comments are no longer supported." that
 * ESLint 10 adds to a file it still lints.
 */
export function keepScanMessages(
  results: readonly ESLint.LintResult[],
  isScanFinding: (message: Linter.LintMessage & { ruleId: string }) => boolean,
): ESLint.LintResult[] {
  const keep = (message: Linter.LintMessage) =>
    isParseError(message) || (message.ruleId !== null && isScanFinding({ ...message, ruleId: message.ruleId }));
  return results.map((result) => {
    const messages = result.messages.filter(keep);
    if (messages.length === result.messages.length) return result;
    return {
      ...result,
      messages,
      suppressedMessages: result.suppressedMessages.filter(keep),
      ...countMessages(messages),
    };
  });
}

/** Findings are rule reports. */
export function isFinding(message: Linter.LintMessage): boolean {
  return message.ruleId !== null && message.fatal !== true;
}

/** ESLint's parser service words every parser failure this way; no rule ran on such a file. */
export function isParseError(message: Linter.LintMessage): boolean {
  return message.fatal === true && message.message.startsWith('Parsing error:');
}

export function countFindings(results: readonly ESLint.LintResult[]): number {
  return results.reduce((sum, result) => sum + result.messages.filter(isFinding).length, 0);
}

export function countWarnings(results: readonly ESLint.LintResult[]): number {
  return results.reduce((sum, result) => sum + result.messages.filter((message) => isFinding(message) && message.severity === 1).length, 0);
}

/** The files no rule could look at. */
export function unparseableFiles(results: readonly ESLint.LintResult[]): string[] {
  return results.filter((result) => result.messages.some(isParseError)).map((result) => result.filePath);
}

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface ExitPolicy {
  /** Undefined: any finding fails the scan (the default); a number: only errors or more warnings do. */
  maxWarnings: number | undefined;
  allowParseErrors: boolean;
}

/**
 * 2 when a file could not be parsed (the scan did not see all the code) unless that is allowed,
 * else 1 for findings, as ESLint counts them with --max-warnings, else 0.
 */
export function exitCodeFor(results: readonly ESLint.LintResult[], { maxWarnings, allowParseErrors }: ExitPolicy): number {
  if (!allowParseErrors && unparseableFiles(results).length > 0) return EXIT_ERROR;
  const findings = countFindings(results);
  if (maxWarnings === undefined) return findings > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
  const warnings = countWarnings(results);
  return findings > warnings || warnings > maxWarnings ? EXIT_FINDINGS : EXIT_CLEAN;
}

function countMessages(messages: readonly Linter.LintMessage[]) {
  const errors = messages.filter((message) => message.severity === 2);
  const warnings = messages.filter((message) => message.severity === 1);
  return {
    errorCount: errors.length,
    fatalErrorCount: messages.filter((message) => message.fatal === true).length,
    warningCount: warnings.length,
    fixableErrorCount: errors.filter((message) => message.fix !== undefined).length,
    fixableWarningCount: warnings.filter((message) => message.fix !== undefined).length,
  };
}
