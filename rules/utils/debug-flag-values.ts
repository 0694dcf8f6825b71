/**
 * Whether a flag's value switches it on where performance is measured: static values against the
 * catalog's matcher, logging callbacks, and values that select the perf run themselves
 * (`logging: env === 'perf'`, `isBench ? 'all' : false`).
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './ast.js';
import type { FlagValueMatcher } from './catalogs/debug-flags.js';
import { CALL, iterateModuleReferences } from './imports.js';
import type { PerfContext } from './perf-context.js';
import { resolveVariable } from './scope.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
/** `onInPerf`: the value itself selects the perf run (`logging: env === 'perf'`), wherever it is written. */
type FlagState = 'off' | 'on' | 'onInPerf';

/** What judging a value needs: the file's scopes and where its perf runs are. */
export interface FlagValueScope {
  readonly sourceCode: SourceCode;
  readonly perf: PerfContext;
}

const { DefinitionType } = TSESLint.Scope;
/** Conditions that can name the perf run, as `perfPolarity` reads them: `env === 'perf'`, `!isProd`, `isCi && isPerf`, `isPerf`. */
const PERF_CONDITIONS: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.Identifier,
]);
/** Values that can select the perf run themselves: a perf condition, or a choice on one (`isBench ? … : …`). */
const SELECTING_VALUES: ReadonlySet<string> = new Set([AST_NODE_TYPES.ConditionalExpression, ...PERF_CONDITIONS]);

/**
 * Whether the flag is on in a perf run when `valueNode` is its value and `nodes` are where it is set.
 * Context first (memoised, cheap): outside perf code only a value that itself selects the perf run
 * (`env === 'perf'`) needs evaluating.
 */
export function isOnInPerf(scope: FlagValueScope, matcher: FlagValueMatcher, valueNode: TSESTree.Node, ...nodes: TSESTree.Node[]): boolean {
  if (nodes.some((node) => scope.perf.isInPerfContext(node))) return flagState(scope, matcher, valueNode) !== 'off';
  return SELECTING_VALUES.has(skipTypeWrappers(valueNode).type) && flagState(scope, matcher, valueNode) === 'onInPerf';
}

function flagState(scope: FlagValueScope, matcher: FlagValueMatcher, valueNode: TSESTree.Node): FlagState {
  const node = skipTypeWrappers(valueNode);
  if (node.type === AST_NODE_TYPES.ConditionalExpression) {
    const polarity = scope.perf.perfPolarity(node.test);
    if (polarity) {
      const branch = polarity === 'consequent' ? node.consequent : node.alternate;
      return flagState(scope, matcher, branch) === 'off' ? 'off' : 'onInPerf';
    }
  }
  if (PERF_CONDITIONS.has(node.type)) {
    const polarity = scope.perf.perfPolarity(node);
    if (polarity) return polarity === 'consequent' && matchesStaticValue(matcher, true) ? 'onInPerf' : 'off';
  }
  return isOn(scope.sourceCode, matcher, node) ? 'on' : 'off';
}

function isOn(sourceCode: SourceCode, matcher: FlagValueMatcher, valueNode: TSESTree.Node): boolean {
  const node = skipTypeWrappers(valueNode);
  const evaluated = staticValue(sourceCode, node);
  if (evaluated) return matchesStaticValue(matcher, evaluated.value);
  if (matcher.listIncludes && node.type === AST_NODE_TYPES.ArrayExpression) {
    return node.elements.some((element) => element !== null && isListItem(sourceCode, element, matcher.listIncludes as string));
  }
  return matcher.functions === true && isLoggingFunction(sourceCode, node);
}

/** `'query'` or `{ level: 'query' }` in a list of log levels. */
export function isListItem(sourceCode: SourceCode, element: TSESTree.Node, item: string): boolean {
  const evaluated = staticValue(sourceCode, element);
  return evaluated !== null && listItemMatches(evaluated.value, item);
}

/** getStaticValue, with literals and constants resolved directly (the common, cheap cases). */
export function staticValue(sourceCode: SourceCode, node: TSESTree.Node, depth = 0): { value: unknown } | null {
  const target = skipTypeWrappers(node);
  if (target.type === AST_NODE_TYPES.Literal) return { value: target.value };
  if (target.type === AST_NODE_TYPES.TemplateLiteral && target.expressions.length === 0) {
    return { value: target.quasis[0]?.value.cooked };
  }
  if (target.type !== AST_NODE_TYPES.Identifier) return ASTUtils.getStaticValue(target, sourceCode.getScope(target));
  const variable = resolveVariable(sourceCode, target);
  if (!variable || variable.defs.length === 0) return target.name === 'undefined' ? { value: undefined } : null;
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  if (def.parent.kind !== 'const' || depth > 3) return null;
  return staticValue(sourceCode, def.node.init, depth + 1);
}

/** `(sql) => …`, `function log() {}`, `console.log`, `logger.debug.bind(logger)`. */
function isLoggingFunction(sourceCode: SourceCode, node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
      return true;
    case AST_NODE_TYPES.MemberExpression: {
      const object = skipTypeWrappers(node.object);
      if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'console') return false;
      const variable = resolveVariable(sourceCode, object);
      return !variable || variable.defs.length === 0;
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTypeWrappers(node.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(callee) === 'bind';
    }
    case AST_NODE_TYPES.Identifier: {
      const def = resolveVariable(sourceCode, node)?.defs[0];
      if (def?.type === DefinitionType.FunctionName) return true;
      const init = def?.type === DefinitionType.Variable ? def.node.init : null;
      return init?.type === AST_NODE_TYPES.ArrowFunctionExpression || init?.type === AST_NODE_TYPES.FunctionExpression;
    }
    default:
      return false;
  }
}

/** `process.env.DEBUG = 'dlog'` next to `debug('dlog')`: the benchmark measures that logger itself. */
export function enablesOnlyOwnLoggers(sourceCode: SourceCode, module: string, value: TSESTree.Node): boolean {
  const enabled = staticValue(sourceCode, value)?.value;
  if (typeof enabled !== 'string') return false;
  const created = new Set<unknown>();
  for (const { node } of iterateModuleReferences(sourceCode, { [module]: { [CALL]: true } })) {
    const [name] = node.type === AST_NODE_TYPES.CallExpression ? node.arguments : [];
    if (name) created.add(staticValue(sourceCode, name)?.value);
  }
  const namespaces = enabled.split(/[\s,]+/u).filter((namespace) => namespace && !namespace.startsWith('-'));
  return namespaces.length > 0 && namespaces.every((namespace) => created.has(namespace));
}

export function matchesStaticValue(matcher: FlagValueMatcher, value: unknown): boolean {
  if (matcher.values?.some((on) => on === value)) return true;
  if (matcher.listIncludes && Array.isArray(value) && value.some((item) => listItemMatches(item, matcher.listIncludes as string))) {
    return true;
  }
  if (matcher.truthy) return Array.isArray(value) ? value.length > 0 : Boolean(value);
  return false;
}

function listItemMatches(value: unknown, item: string): boolean {
  if (value === item) return true;
  return typeof value === 'object' && value !== null && (value as { level?: unknown }).level === item;
}
