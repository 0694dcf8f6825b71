import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import { findTestCallback, getFileContext, readLeaksSettings, skipsFile } from './execution-context.js';

export const REPOSITORY_URL = 'https://github.com/eslint-plugin-leaks/eslint-plugin-leaks';

/** Where a rule starts: the configs are derived from these fields by `index.ts`. */
export interface LeaksRuleDocs {
  description: string;
  /** Severity in the `recommended` config (and above). Rules without it start in `strict`. */
  recommended?: 'error' | 'warn';
  /** Options the `strict` and `all` configs pass instead of the defaults. */
  strictOptions?: Record<string, unknown>;
  /** The rule does nothing useful without type information. */
  requiresTypeChecking?: boolean;
  /**
   * The leak needs a long-lived process (per-request growth, listeners, timers), so one-shot scripts
   * and migrations (`settings.leaks.scriptFiles`) are skipped. Rules about loading a whole table keep
   * them: a backfill script is where that leak lives.
   */
  skipScripts?: boolean;
  /**
   * The rule is about code that lives in test folders (benchmark and load-test configuration), so
   * test files and test callbacks are checked like any other code.
   */
  checkTestCode?: boolean;
}

/**
 * What every rule's per-file state starts with: the rule's context (to report) and the file's source.
 * A rule's `create()` builds one such object, its listeners record facts into it, and the named
 * functions that decide at `Program:exit` take it.
 */
export interface RuleFileState<Context extends Readonly<TSESLint.RuleContext<string, readonly unknown[]>>> {
  readonly context: Context;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
}

const createNamedRule = ESLintUtils.RuleCreator<LeaksRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);

/**
 * RuleCreator with the docs URL derived from the rule name. ESLint 10 already merges
 * `meta.defaultOptions` into `context.options`, so the options are handed on as ESLint gives them
 * instead of being deep-merged again on every file (RuleCreator's `applyDefault`).
 *
 * Every rule shares the file-level execution context here, so none can disagree with another:
 * test files (and one-shot scripts, for rules that say so) get no listeners at all, and a report
 * whose node runs inside a test callback (`it('…', () => …)`) is dropped unless
 * `settings.leaks.checkTestCode` is on.
 */
export const createRule: typeof createNamedRule = (rule) => {
  const created = createNamedRule(rule);
  const skipScripts = rule.meta.docs.skipScripts ?? false;
  if (rule.meta.docs.checkTestCode) return { ...created, create: (context) => rule.create(context, context.options) };
  return {
    ...created,
    create: (context) => {
      const settings = readLeaksSettings(context.settings);
      if (skipsFile(context, settings, { skipScripts })) return {};
      const mayReportInTests = !settings.checkTestCode && getFileContext(context, settings).usesTestGlobals;
      return rule.create(mayReportInTests ? withoutTestReports(context) : context, context.options);
    },
  };
};

function withoutTestReports<Context extends TSESLint.RuleContext<string, readonly unknown[]>>(context: Context): Context {
  const report: Context['report'] = (descriptor) => {
    if ('node' in descriptor && findTestCallback(descriptor.node as never)) return;
    context.report(descriptor);
  };
  return Object.create(context, { report: { value: report } }) as Context;
}
