import { CALL, CONSTRUCT, ESM, READ, ReferenceTracker, type TraceMap } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Scope as ESLintScope } from 'eslint';
import { builtinModules } from 'node:module';
import { escapeRegExp } from './regexp.js';

export { CALL, CONSTRUCT, ESM, READ, type TraceMap };

/** A reference found by the tracker, with its node in typescript-estree's types. */
export interface ModuleReference<T> {
  node: TSESTree.Node;
  path: readonly string[];
  type: typeof CALL | typeof CONSTRUCT | typeof READ;
  info: T;
}

const BUILTINS = new Set(builtinModules);

/**
 * Every reference to the modules in `traceMap`, through default, named and namespace imports,
 * `require`, destructuring and local aliases (ReferenceTracker in legacy mode, so a default import
 * of a CommonJS module is the module itself). Node built-ins match with and without `node:`.
 */
export function* iterateModuleReferences<T>(
  sourceCode: Readonly<TSESLint.SourceCode>,
  traceMap: TraceMap<T>,
): Generator<ModuleReference<T>> {
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return;
  // The tracker is typed against ESLint's scope classes; typescript-eslint's are a structural superset.
  const tracker = new ReferenceTracker(globalScope as unknown as ESLintScope.Scope, { mode: 'legacy' });
  const map = withNodePrefixes(traceMap);
  for (const reference of [...tracker.iterateEsmReferences(map), ...tracker.iterateCjsReferences(map)]) {
    yield { ...reference, node: reference.node as TSESTree.Node };
  }
}

/**
 * Cheap text test before any tracking: a file that never names a module in quotes (an import,
 * a `require`, an `import()`) cannot import it. One compiled pattern per module list: a loop of
 * `includes` costs one scan of the file per module.
 */
export function mentionsAnyModule(sourceCode: Readonly<TSESLint.SourceCode>, modules: readonly string[]): boolean {
  return moduleMentionPattern(modules).test(sourceCode.text);
}

const mentionPatterns = new WeakMap<readonly string[], RegExp>();

/** `'pg'`, `"pg/lib/client"`, `` `node:worker_threads` ``: a quote, the name, then a quote or a subpath. */
export function moduleMentionPattern(modules: readonly string[]): RegExp {
  let pattern = mentionPatterns.get(modules);
  if (!pattern) {
    const names = [...new Set(modules.map((name) => (name.startsWith('node:') ? name.slice('node:'.length) : name)))];
    pattern = names.length === 0 ? /(?!)/u : new RegExp(`['"\`](?:node:)?(?:${names.map(escapeRegExp).join('|')})['"\`/]`, 'u');
    mentionPatterns.set(modules, pattern);
  }
  return pattern;
}

function withNodePrefixes<T>(traceMap: TraceMap<T>): TraceMap<T> {
  const result: TraceMap<T> = { ...traceMap };
  for (const [name, value] of Object.entries(traceMap)) {
    const bare = name.startsWith('node:') ? name.slice('node:'.length) : name;
    if (!BUILTINS.has(bare)) continue;
    result[bare] ??= value;
    result[`node:${bare}`] ??= value;
  }
  return result;
}
