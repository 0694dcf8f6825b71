import type { ESLint, Linter } from 'eslint';

/**
 * Keeps the findings of the scanned rules and the fatal errors (files that could not be parsed).
 * Everything else ESLint may say comes from the project's own inline config comments
 * ("Definition for rule 'x/y' was not found."), which name rules this scan never loads.
 */
export function keepScanMessages(
  results: readonly ESLint.LintResult[],
  isScanRule: (ruleId: string) => boolean,
): ESLint.LintResult[] {
  const keep = (message: Linter.LintMessage) =>
    message.fatal === true || (message.ruleId !== null && isScanRule(message.ruleId));
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

/** Findings are rule reports; a fatal message means the file could not be parsed. */
export function isFinding(message: Linter.LintMessage): boolean {
  return message.ruleId !== null && message.fatal !== true;
}

export function countFindings(results: readonly ESLint.LintResult[]): number {
  return results.reduce((sum, result) => sum + result.messages.filter(isFinding).length, 0);
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
