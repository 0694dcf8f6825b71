import { ESLintUtils } from '@typescript-eslint/utils';

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
}

const createNamedRule = ESLintUtils.RuleCreator<LeaksRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);

/**
 * RuleCreator with the docs URL derived from the rule name. ESLint 10 already merges
 * `meta.defaultOptions` into `context.options`, so the options are handed on as ESLint gives them
 * instead of being deep-merged again on every file (RuleCreator's `applyDefault`).
 */
export const createRule: typeof createNamedRule = (rule) => {
  const created = createNamedRule(rule);
  return { ...created, create: (context) => rule.create(context, context.options) };
};
