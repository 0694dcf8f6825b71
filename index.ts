import type { ESLint, Linter, Rule } from 'eslint';
import { createRequire } from 'node:module';
import { rules } from './rules/index.js';
import type { LeaksRuleDocs } from './rules/utils/create-rule.js';

// Self-reference through `exports['./package.json']`: the same path works from source and from dist/.
const packageJson = createRequire(import.meta.url)('eslint-plugin-leaks/package.json') as {
  name: string;
  version: string;
};

export type ConfigName = 'recommended' | 'strict' | 'all';

/**
 * The files every config applies to. Without `files`, a config object applies to every file ESLint
 * lints, including the JSON, Markdown and CSS files of `@eslint/json`, `@eslint/markdown` and
 * `@eslint/css`, whose ASTs our JavaScript rules cannot read. In `defineConfig({ files, extends })`
 * ESLint intersects these with the user's `files`.
 */
const JS_TS_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

type RuleEntry = Linter.RuleEntry;
type RuleId = keyof typeof rules;
type LeaksConfig = Linter.Config & {
  name: `leaks/${ConfigName}`;
  files: string[];
  rules: Partial<Record<`leaks/${RuleId}`, RuleEntry>>;
};

interface LeaksPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: 'leaks' };
  rules: Record<RuleId, Rule.RuleModule>;
  configs: Record<ConfigName, LeaksConfig>;
}

const plugin: LeaksPlugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace: 'leaks' },
  // typescript-eslint types `create(context)` with its own richer context; ESLint passes the same
  // object at run time. Only this field needs the bridge between the two type worlds.
  rules: rules as unknown as Record<RuleId, Rule.RuleModule>,
  configs: {} as LeaksPlugin['configs'],
};

plugin.configs.recommended = createConfig('recommended');
plugin.configs.strict = createConfig('strict');
plugin.configs.all = createConfig('all');

export default plugin;
// `require('eslint-plugin-leaks')` from CommonJS (an eslint.config.cjs) loads this ES module through
// Node's require(esm), which returns the namespace `{ default: plugin }` unless the module names
// what `require()` returns with the `'module.exports'` export.
export { plugin as 'module.exports' };

/**
 * The one place a config is derived from rule metadata:
 * - `recommended`: rules with `docs.recommended`, at that severity, default options;
 * - `strict`: every rule, at its recommended severity (else `warn`), with `docs.strictOptions`;
 * - `all`: every rule as an error, with `docs.strictOptions`.
 */
function createConfig(name: ConfigName): LeaksPlugin['configs'][ConfigName] {
  const entries: Partial<Record<`leaks/${RuleId}`, RuleEntry>> = {};
  for (const [id, rule] of Object.entries(rules) as [RuleId, (typeof rules)[RuleId]][]) {
    const entry = configEntry(name, rule.meta.docs);
    if (entry) entries[`leaks/${id}`] = entry;
  }
  return { name: `leaks/${name}`, files: [...JS_TS_FILES], plugins: { leaks: plugin }, rules: entries };
}

function configEntry(name: ConfigName, docs: LeaksRuleDocs | undefined): RuleEntry | undefined {
  if (!docs) return undefined;
  if (name === 'recommended') return docs.recommended;
  const severity = name === 'all' ? 'error' : (docs.recommended ?? 'warn');
  return docs.strictOptions ? [severity, docs.strictOptions] : severity;
}
