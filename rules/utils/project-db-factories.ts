import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './ast.js';
import {
  CLIENT_CLASS_NAME,
  DB_WORDS,
  FACTORY_NAME,
  FACTORY_NOUNS,
  MODULE_CONNECT_METHODS,
  POOL_CLASS_NAME,
} from './catalogs/db-factory-names.js';
import { resolveVariable, type SourceCode, type Variable } from './scope.js';

/**
 * A call that, by its name and where it comes from, creates a database client of the project's own
 * (`this.createOrm()`, `createTenantDbClient()`, `new AppPrismaService()`, `rdb.connect()`): weaker
 * evidence than a catalogued library call, checked only when a rule asks for it.
 */
export interface FactoryCandidate {
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** What the message calls it: `'client'`, `'pool'`, `'ORM'`. */
  noun: string;
  role: 'connection' | 'pool';
  /**
   * The project module the factory is a method of (`rdb` in `rdb.connect()`): handing the client
   * back to that module's own functions (`rdb.info(client)`) uses it rather than giving it away.
   */
  wrapper: Variable | null;
}

/** Where a binding comes from: the module of an `import` or a `require()`, and whether it is the whole module. */
interface BindingSource {
  module: string;
  wholeModule: boolean;
}

/**
 * Selectors for every call `mayBeFactoryCall` may accept (and some it rejects), so the walk calls it
 * only there: `create…`/`connect` calls, `new …Service`/`new …Client`, and callees whose name only the
 * exact test can read (computed, or wrapped in a type assertion).
 */
export const FACTORY_CALL_SELECTORS: readonly string[] = [
  'CallExpression[callee.name=/^(?:create|connect$)/]',
  'CallExpression[callee.type="MemberExpression"][callee.property.name=/^(?:create|connect$)/]',
  'NewExpression[callee.name=/(?:Service|Client)$/]',
  'NewExpression[callee.type="MemberExpression"][callee.property.name=/(?:Service|Client)$/]',
  ':matches(CallExpression, NewExpression)[callee.computed=true]',
  ':matches(CallExpression, NewExpression)[callee.type=/^TS/]',
];

/**
 * Whether a name could be a project factory at all, the cheap test made during the walk:
 * `createOrm`, `create…Client`, `connect` (for a call) or `…PrismaService` (for a `new`).
 */
export function mayBeFactoryCall(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const name = calleeName(node.callee);
  if (name === null) return false;
  if (node.type === AST_NODE_TYPES.NewExpression) return CLIENT_CLASS_NAME.test(name);
  return FACTORY_NAME.test(name) || MODULE_CONNECT_METHODS.has(name);
}

/**
 * The candidate `node` is, or null. `isCatalogued` tells the modules whose calls the client catalog
 * already judges: a factory imported from one of them is the library's, not the project's.
 */
export function findFactoryCandidate(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  sourceCode: SourceCode,
  isCatalogued: (module: string) => boolean,
): FactoryCandidate | null {
  const callee = skipTypeWrappers(node.callee);
  const name = calleeName(callee);
  if (name === null) return null;
  if (node.type === AST_NODE_TYPES.NewExpression) return classCandidate(node, callee, name, sourceCode, isCatalogued);
  const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
  const source = bindingSource(callee.type === AST_NODE_TYPES.Identifier ? callee : receiver, sourceCode);
  if (source && isCatalogued(source.module)) return null;
  const match = FACTORY_NAME.exec(name);
  if (match?.groups) {
    const entry = FACTORY_NOUNS[match.groups.noun ?? ''];
    if (!entry) return null;
    const qualifier = match.groups.qualifier ?? '';
    if (entry.needsDbWord && !hasDbWord(camelWords(qualifier)) && !(source && hasDbWord(pathWords(source.module)))) return null;
    return { node, noun: entry.noun, role: entry.role, wrapper: null };
  }
  // `rdb.connect()` on a whole project module whose path names a database (`../database/redis`).
  if (!MODULE_CONNECT_METHODS.has(name) || !receiver || !source?.wholeModule || !hasDbWord(pathWords(source.module))) return null;
  const wrapper = receiver.type === AST_NODE_TYPES.Identifier ? resolveVariable(sourceCode, receiver) : null;
  return { node, noun: 'client', role: 'connection', wrapper };
}

/** `new AppPrismaService()` of a class imported from elsewhere; a class this file declares is read, not guessed. */
function classCandidate(
  node: TSESTree.NewExpression,
  callee: TSESTree.Node,
  name: string,
  sourceCode: SourceCode,
  isCatalogued: (module: string) => boolean,
): FactoryCandidate | null {
  if (callee.type !== AST_NODE_TYPES.Identifier || !CLIENT_CLASS_NAME.test(name)) return null;
  const source = bindingSource(callee, sourceCode);
  if (!source || isCatalogued(source.module)) return null;
  return { node, noun: 'client', role: POOL_CLASS_NAME.test(name) ? 'pool' : 'connection', wrapper: null };
}

function calleeName(callee: TSESTree.Node): string | null {
  const node = skipTypeWrappers(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  return node.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(node) : null;
}

/**
 * The module an identifier's binding is loaded from: `import x from 'm'`, `import * as x`,
 * `import { x }`, `const x = require('m')`, `const { x } = require('m')`, or `require('m').x` as the
 * receiver itself. Null for anything else (a local, a parameter, `this`).
 */
export function bindingSource(node: TSESTree.Node | null, sourceCode: SourceCode): BindingSource | null {
  if (!node) return null;
  const required = requiredModule(node);
  if (required !== null) return { module: required, wholeModule: true };
  if (node.type !== AST_NODE_TYPES.Identifier) return null;
  const definition = resolveVariable(sourceCode, node)?.defs[0];
  if (!definition) return null;
  if (definition.type === TSESLint.Scope.DefinitionType.ImportBinding) {
    const declaration = definition.node.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return null;
    return { module: declaration.source.value, wholeModule: definition.node.type !== AST_NODE_TYPES.ImportSpecifier };
  }
  if (definition.type !== TSESLint.Scope.DefinitionType.Variable || !definition.node.init) return null;
  const module = requiredModule(skipTypeWrappers(definition.node.init));
  if (module === null) return null;
  return { module, wholeModule: definition.node.id.type === AST_NODE_TYPES.Identifier };
}

/** `require('m')` with a literal specifier. */
function requiredModule(node: TSESTree.Node): string | null {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return null;
  const argument = node.arguments[0];
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : null;
}

function hasDbWord(words: readonly string[]): boolean {
  return words.some((word) => DB_WORDS.has(word));
}

/** `TenantDbPg` → `tenant`, `db`, `pg`; `MySQL` → `my`, `sql`. */
export function camelWords(text: string): string[] {
  return (text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/gu) ?? []).map((word) => word.toLowerCase());
}

/** `../../database/redis` → `database`, `redis`; `@clickhouse/client` → `clickhouse`, `client`. */
export function pathWords(module: string): string[] {
  return module
    .split(/[/@._-]+/u)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}
