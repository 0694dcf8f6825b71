/**
 * Self-re-arming timeouts: which function a `setTimeout` re-arms (its callback is, or calls, a
 * function that encloses it), whether that loop is started more than once per process, and whether
 * it has a way out (a guard on the timeout or the re-arm).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  contains,
  getCalleeName,
  isImplicitGlobal,
  isReassigned,
  unwrap,
  type KeyResolver,
  type StateAnalysis,
} from './acquire-release.js';
import { getStaticPropertyName, isFunctionNode, isNode } from './ast.js';
import { ONE_SHOT_FUNCTIONS, RUN_ONCE_WRAPPERS } from './catalogs/callback-runs.js';
import { restsOnStartupCode, type RunFrequencyAnalysis } from './run-frequency.js';
import { runsRepeatedly } from './scope.js';
import { skipWrappersUp } from './timer-handles.js';

type FunctionLike = TSESTree.FunctionLike;
type Variable = TSESLint.Scope.Variable;
const { DefinitionType } = TSESLint.Scope;

/** A function that re-arms a timeout, with the call that re-arms it (for its guards). */
export interface Rearm {
  root: FunctionLike;
  rearmCall: TSESTree.Node;
  scheduled: FunctionLike | null;
}

/** What the re-arm questions need from the file. */
export interface RearmScope {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly keys: KeyResolver;
  readonly runs: RunFrequencyAnalysis;
  readonly stateAnalysis: StateAnalysis;
  /** The calls of each scheduled function, walked once. */
  readonly callsByFunction: Map<FunctionLike, TSESTree.CallExpression[]>;
}

/** The function a timeout re-arms: its callback is (or calls) a function that encloses the timeout. */
export function findRearm(scope: RearmScope, call: TSESTree.CallExpression): Rearm | null {
  const [callback] = call.arguments;
  if (!callback || callback.type === AST_NODE_TYPES.SpreadElement) return null;
  const enclosing = enclosingNamedFunctions(call);
  if (enclosing.length === 0) return null;
  const scheduled = scheduledFunction(scope.keys, callback, call);
  if (!scheduled) return null;
  if (enclosing.includes(scheduled)) return { root: scheduled, rearmCall: call, scheduled: null };
  for (const inner of callsIn(scope, scheduled)) {
    const target = calledEnclosingFunction(scope.keys, inner, enclosing);
    if (target) return { root: target, rearmCall: inner, scheduled };
  }
  return null;
}

/**
 * A re-arm under any condition (`if (!this.closed)`, `else` of a readiness test, after an early
 * return) is a poll that ends when the condition changes: the loop has a way out.
 */
export function hasStopGuard(scope: RearmScope, node: TSESTree.Node, boundary: TSESTree.Node): boolean {
  return scope.stateAnalysis.guardTestsOf(node, boundary).some((test) => !isConstantTest(test));
}

/** A loop started only from load-time code is one process-wide job, like a module-level interval. */
export function startsRepeatedly(scope: RearmScope, rearm: Rearm): boolean {
  const { keys, runs } = scope;
  const variable = variableOfFunction(keys, rearm.root);
  // Declared outside every function (module level, or a block of top-level code such as `if (enabled) { … }`).
  if (!variable || runsRepeatedly(variable.scope)) return !variable || !isStartedAtStartup(runs, rearm.root);
  const definition = variable.defs[0]?.node;
  if (definition && isExported(definition)) return true;
  const starts = variable.references.filter(
    (reference) =>
      !reference.init && !contains(rearm.root, reference.identifier) && !(rearm.scheduled && contains(rearm.scheduled, reference.identifier)),
  );
  return starts.some((reference) => {
    const call = skipWrappersUp(reference.identifier).parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression) return true;
    // `tick()` or `setTimeout(tick, 0)`: a start, as often as the starting code runs.
    const callee = getCalleeName(call.callee) ?? '';
    const startsHere = unwrap(call.callee) === reference.identifier || ONE_SHOT_FUNCTIONS.has(callee) || RUN_ONCE_WRAPPERS.has(callee);
    return !startsHere || runs.runsRepeatedlyAt(call);
  });
}

/**
 * Startup code by the execution-context model (`initialise()`, `exports.start = …`, a module
 * installer) whose callers the file does not show: it starts one process-wide timer.
 */
export function isStartedAtStartup(runs: RunFrequencyAnalysis, node: TSESTree.Node): boolean {
  return restsOnStartupCode(runs.at(node));
}

/**
 * The calls a scheduled function makes, including in its anonymous callbacks but not in nested named
 * functions. Collected on demand, once per scheduled function, by walking its subtree.
 */
function callsIn(scope: RearmScope, fn: FunctionLike): TSESTree.CallExpression[] {
  let calls = scope.callsByFunction.get(fn);
  if (!calls) {
    calls = [];
    if (fn.body) collectCalls(scope.sourceCode, fn.body, calls);
    scope.callsByFunction.set(fn, calls);
  }
  return calls;
}

/** The calls under `node`; nested named functions are their own scheduled functions unless `intoNamed`. */
export function collectCalls(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
  calls: TSESTree.CallExpression[],
  intoNamed = false,
): TSESTree.CallExpression[] {
  if (!intoNamed && isFunctionNode(node) && functionName(node) !== null) return calls;
  if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
  for (const key of sourceCode.visitorKeys[node.type] ?? []) {
    const child: unknown = Reflect.get(node, key);
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) collectCalls(sourceCode, item, calls, intoNamed);
    } else if (isNode(child)) collectCalls(sourceCode, child, calls, intoNamed);
  }
  return calls;
}

/** The function the timeout runs: the inline callback, a named function, or `this.method`. */
function scheduledFunction(keys: KeyResolver, callback: TSESTree.Node, call: TSESTree.Node): FunctionLike | null {
  let value = unwrap(callback);
  if (value.type === AST_NODE_TYPES.CallExpression && getCalleeName(value.callee) === 'bind') {
    const bound = unwrap(value.callee);
    if (bound.type !== AST_NODE_TYPES.MemberExpression) return null;
    value = unwrap(bound.object);
  }
  if (isFunctionNode(value)) return value;
  if (value.type === AST_NODE_TYPES.Identifier) return functionOfVariable(keys.variableOf(value));
  if (value.type === AST_NODE_TYPES.MemberExpression && unwrap(value.object).type === AST_NODE_TYPES.ThisExpression) {
    return methodOfThis(keys, getStaticPropertyName(value), call);
  }
  return null;
}

function methodOfThis(keys: KeyResolver, name: string | null, from: TSESTree.Node): FunctionLike | null {
  if (name === null) return null;
  const owner = keys.thisOwnerOf(from);
  if (!owner || owner.owner.type === AST_NODE_TYPES.ObjectExpression || isFunctionNode(owner.owner)) return null;
  for (const element of owner.owner.body.body) {
    if ((element.type === AST_NODE_TYPES.MethodDefinition || element.type === AST_NODE_TYPES.PropertyDefinition) && getStaticPropertyName(element) === name) {
      return element.value && isFunctionNode(element.value) ? element.value : null;
    }
  }
  return null;
}

/** `poll()` or `this.poll()` inside the scheduled function, when `poll` encloses the timeout. */
function calledEnclosingFunction(keys: KeyResolver, inner: TSESTree.CallExpression, enclosing: FunctionLike[]): FunctionLike | null {
  const callee = unwrap(inner.callee);
  let target: FunctionLike | null = null;
  if (callee.type === AST_NODE_TYPES.Identifier) target = functionOfVariable(keys.variableOf(callee));
  else if (callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type === AST_NODE_TYPES.ThisExpression) {
    target = methodOfThis(keys, getStaticPropertyName(callee), inner);
  }
  return target && enclosing.includes(target) ? target : null;
}

function variableOfFunction(keys: KeyResolver, fn: FunctionLike): Variable | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) return keys.variableOf(fn.id);
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return keys.variableOf(parent.id);
  return null;
}

/** The functions around `node` that have a name to be re-armed by: declarations, bound arrows, methods. */
function enclosingNamedFunctions(node: TSESTree.Node): FunctionLike[] {
  const result: FunctionLike[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current) && functionName(current) !== null) result.push(current);
  }
  return result;
}

/** The name a function is called by (`poll`, `this.poll`), or null for an anonymous callback. */
function functionName(fn: FunctionLike): string | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name ?? null;
  const parent = fn.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
      return `this.${getStaticPropertyName(parent) ?? ''}`;
    case AST_NODE_TYPES.Property:
      return parent.value === fn ? `this.${getStaticPropertyName(parent) ?? ''}` : null;
    default:
      return fn.type === AST_NODE_TYPES.FunctionExpression ? (fn.id?.name ?? null) : null;
  }
}

function functionOfVariable(variable: Variable | null): FunctionLike | null {
  if (!variable || isImplicitGlobal(variable) || variable.defs.length !== 1) return null;
  const definition = variable.defs[0];
  if (definition?.type === DefinitionType.FunctionName && isFunctionNode(definition.node)) return definition.node;
  if (definition?.type !== DefinitionType.Variable || isReassigned(variable)) return null;
  const init = definition.node.init ? unwrap(definition.node.init) : null;
  return init && isFunctionNode(init) ? init : null;
}

function isExported(node: TSESTree.Node): boolean {
  const holder = node.type === AST_NODE_TYPES.VariableDeclarator ? node.parent.parent : node.parent;
  return holder?.type === AST_NODE_TYPES.ExportNamedDeclaration || holder?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

/** `if (true)`, `while`-style constants: a test that never changes is no way out of a loop. */
function isConstantTest(test: TSESTree.Expression): boolean {
  return test.type === AST_NODE_TYPES.Literal;
}
