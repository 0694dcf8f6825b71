import { CALL, CONSTRUCT, ESM, getStringIfConstant, READ, ReferenceTracker, type TraceMap } from '@eslint-community/eslint-utils';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Scope as ESLintScope } from 'eslint';
import { builtinModules } from 'node:module';
import { memoizeByOptions } from './memo.js';
import { resolveVariable } from './scope.js';

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
  const map = withNodePrefixes(traceMap);
  // The tracker starts from imports and `require` calls, which are all in the module sources (only
  // `global.require(…)` is not): a file that loads none of the map's modules has nothing to find.
  if (!loadsAnyKey(sourceCode, map)) return;
  // The tracker is typed against ESLint's scope classes; typescript-eslint's are a structural superset.
  const tracker = new ReferenceTracker(globalScope as unknown as ESLintScope.Scope, { mode: 'legacy' });
  for (const reference of [...tracker.iterateEsmReferences(map), ...tracker.iterateCjsReferences(map)]) {
    yield { ...reference, node: reference.node as TSESTree.Node };
  }
}

function loadsAnyKey(sourceCode: Readonly<TSESLint.SourceCode>, traceMap: object): boolean {
  for (const source of getModuleSources(sourceCode)) if (Object.hasOwn(traceMap, source)) return true;
  return false;
}

/**
 * Whether the file loads one of `modules` (or a subpath of one: `pg/lib/pool`), the cheap gate
 * before any tracking. Read from the file's module sources, never from its text: a whole-file
 * scan costs every file several microseconds, which is a rule's whole budget.
 */
export function importsAnyModule(sourceCode: Readonly<TSESLint.SourceCode>, modules: readonly string[]): boolean {
  const wanted = memoizedModuleNameSet(modules);
  for (const source of getModuleSources(sourceCode)) if (isModuleIn(source, wanted)) return true;
  return false;
}

/** Whether a module specifier loads one of `wanted` (a `moduleNameSet`) or a subpath of one. */
export function isModuleIn(source: string, wanted: ReadonlySet<string>): boolean {
  const bare = source.startsWith('node:') ? source.slice('node:'.length) : source;
  return wanted.has(bare) || (bare.includes('/') && wanted.has(packageNameOf(bare)));
}

/** Module names without `node:`, as `isModuleIn` looks them up. */
export function moduleNameSet(modules: readonly string[]): ReadonlySet<string> {
  return new Set(modules.map((name) => (name.startsWith('node:') ? name.slice('node:'.length) : name)));
}

/** The set for a catalog's list, built once per list. */
const memoizedModuleNameSet = memoizeByOptions(moduleNameSet);

/** `pg` for `pg/lib/pool`, `@prisma/client` for `@prisma/client/runtime`. */
export function packageNameOf(source: string): string {
  const slash = source.indexOf('/');
  if (slash === -1) return source;
  if (!source.startsWith('@')) return source.slice(0, slash);
  const second = source.indexOf('/', slash + 1);
  return second === -1 ? source : source.slice(0, second);
}

const moduleSourcesByProgram = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/**
 * Every module specifier the file loads: imports and re-exports (type-only ones too),
 * `import x = require('…')`, and each call of the global `require` with a literal name at any
 * depth (the references the tracker follows). Built once per file from the program's top level
 * and the scope manager, and shared by every rule.
 */
export function getModuleSources(sourceCode: Readonly<TSESLint.SourceCode>): ReadonlySet<string> {
  const program = sourceCode.ast;
  let sources = moduleSourcesByProgram.get(program);
  if (!sources) {
    sources = collectModuleSources(sourceCode);
    moduleSourcesByProgram.set(program, sources);
  }
  return sources;
}

function collectModuleSources(sourceCode: Readonly<TSESLint.SourceCode>): Set<string> {
  const sources = new Set<string>();
  for (const statement of sourceCode.ast.body) {
    if (
      statement.type === AST_NODE_TYPES.ImportDeclaration ||
      statement.type === AST_NODE_TYPES.ExportAllDeclaration ||
      (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.source)
    ) {
      sources.add(statement.source.value);
    } else if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration && statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
      sources.add(statement.moduleReference.expression.value);
    }
  }
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return sources;
  // `require` declared as a global (ESLint's `globals`) keeps its references; otherwise they pass through.
  const declared = globalScope.set.get('require');
  for (const reference of declared && declared.defs.length === 0 ? declared.references : []) addRequired(reference.identifier, sources);
  for (const reference of globalScope.through) {
    if (reference.identifier.name === 'require') addRequired(reference.identifier, sources);
  }
  return sources;
}

/** The name a `require(…)` call loads, read as the tracker reads it (a constant without scope: `'pg'`, `` `pg` ``, `'p' + 'g'`). */
function addRequired(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier, sources: Set<string>): void {
  const call = identifier.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier) return;
  const argument = call.arguments[0];
  const source = argument ? getStringIfConstant(argument as never) : null;
  if (source !== null) sources.add(source);
}

const prefixedTraceMaps = new WeakMap<object, object>();

/** The map with `node:` and bare names for built-ins; cached, since rules reuse their maps across files. */
function withNodePrefixes<T>(traceMap: TraceMap<T>): TraceMap<T> {
  const cached = prefixedTraceMaps.get(traceMap) as TraceMap<T> | undefined;
  if (cached) return cached;
  const result: TraceMap<T> = { ...traceMap };
  for (const [name, value] of Object.entries(traceMap)) {
    const bare = name.startsWith('node:') ? name.slice('node:'.length) : name;
    if (!BUILTINS.has(bare)) continue;
    result[bare] ??= value;
    result[`node:${bare}`] ??= value;
  }
  prefixedTraceMaps.set(traceMap, result);
  return result;
}

/**
 * The module and the exported name an identifier is bound to by an `import` declaration:
 * `import { Injectable as I } from '@nestjs/common'` → `{ module: '@nestjs/common', name: 'Injectable' }`;
 * a default import is `'default'`, a namespace import `'*'`. Null for anything else.
 */
export function getImportedBinding(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): { module: string; name: string } | null {
  const definition = resolveVariable(sourceCode, identifier)?.defs[0];
  if (definition?.type !== TSESLint.Scope.DefinitionType.ImportBinding) return null;
  const specifier = definition.node;
  const declaration = specifier.parent;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return null;
  return { module: declaration.source.value, name: importedNameOf(specifier) };
}

function importedNameOf(specifier: TSESTree.Node): string {
  if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return '*';
  if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) return 'default';
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
}
