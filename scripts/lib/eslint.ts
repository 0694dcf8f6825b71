/**
 * ESLint instances for the harness: the plugin loaded from SOURCE (no build), @typescript-eslint/parser
 * for every file, no project config file, inline `eslint-disable` comments ignored (the corpus must
 * not switch our rules off), and rule sets read from the plugin's own configs so new rules join in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import plugin from '../../index.js';
import { repoRoot } from './corpus.js';

export { plugin };

export type ConfigName = 'recommended' | 'strict' | 'all';
export type SourceType = 'module' | 'commonjs' | 'script';

/** Node's globals, declared the way a Node service's config declares them (`globals.node`). */
export const NODE_GLOBALS: Linter.Globals = Object.fromEntries(
  [
    'process', 'Buffer', 'global', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
    'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'URL', 'URLSearchParams',
    'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'EventTarget', 'Event', 'fetch',
    'performance', 'WebAssembly', 'MessageChannel', 'MessagePort', 'BroadcastChannel',
    // CommonJS wrapper bindings: harmless in ESM (unused there).
    'require', 'module', 'exports', '__dirname', '__filename',
  ].map((name) => [name, 'readonly' as const]),
);

/** Every rule id of the plugin, prefixed (`leaks/<id>`), straight from the registry. */
export function allRuleIds(): string[] {
  return Object.keys(plugin.rules).map((id) => `leaks/${id}`);
}

/**
 * The plugin as users run it: the tsc build in dist/. Timing must use it, because tsx transpiles
 * the sources with esbuild's `keepNames`, which wraps every function in a naming call; in rules
 * that create their helpers per file that wrapper alone costs more than the rule's work.
 */
export async function loadBuiltPlugin(): Promise<ESLint.Plugin> {
  const entry = path.join(repoRoot, 'dist', 'index.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first.`);
  const module = (await import(pathToFileURL(entry).href)) as { default: ESLint.Plugin };
  return module.default;
}

/** Normalises `no-x` / `leaks/no-x` and checks it exists. */
export function resolveRuleId(id: string): string {
  const full = id.startsWith('leaks/') ? id : `leaks/${id}`;
  if (!allRuleIds().includes(full)) {
    throw new Error(`Unknown rule '${id}'. Known rules: ${allRuleIds().join(', ')}.`);
  }
  return full;
}

/** The rule entries of one of the plugin's configs, optionally narrowed to some rule ids. */
export function configRules(config: ConfigName, only?: readonly string[]): Linter.RulesRecord {
  const rules = (plugin.configs[config].rules ?? {}) as Linter.RulesRecord;
  if (!only) return { ...rules };
  return Object.fromEntries(Object.entries(rules).filter(([id]) => only.includes(id)));
}

export interface HarnessESLintOptions {
  cwd: string;
  sourceType: SourceType;
  rules: Linter.RulesRecord;
  /** Extra plugins (e.g. the peer `eslint-plugin-listeners` in the benchmark). */
  plugins?: Record<string, ESLint.Plugin>;
  /** ESLint's per-rule timing (`result.stats`). */
  stats?: boolean;
  /** Rules to switch off for the next lint call (a rule that crashed on a file is excluded on its retry). */
  excludedRules?: ReadonlySet<string>;
  /** Parser options beyond the defaults (e.g. `projectService` for type-aware runs). */
  parserOptions?: Linter.ParserOptions;
}

export function createHarnessESLint(options: HarnessESLintOptions): ESLint {
  const { excludedRules } = options;
  return new ESLint({
    cwd: options.cwd,
    overrideConfigFile: true,
    // The harness lints exactly the files it is handed; default ignores (node_modules) would drop the corpus.
    ignore: false,
    stats: options.stats ?? false,
    ...(excludedRules ? { ruleFilter: ({ ruleId }) => !excludedRules.has(ruleId) } : {}),
    overrideConfig: [
      {
        files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
        plugins: { leaks: plugin as unknown as ESLint.Plugin, ...options.plugins },
        languageOptions: {
          parser: tsParser,
          ecmaVersion: 'latest',
          sourceType: options.sourceType,
          globals: NODE_GLOBALS,
          ...(options.parserOptions ? { parserOptions: options.parserOptions } : {}),
        },
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
        rules: options.rules,
      },
    ],
  });
}

/** Messages ESLint adds about the harness setup itself (inline config ignored), not rule reports. */
export function isHarnessNoise(message: Linter.LintMessage): boolean {
  return message.ruleId === null && !message.fatal;
}
