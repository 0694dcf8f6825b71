/**
 * Which calls start or clear a timer (globals, `globalThis.setInterval`, `node:timers` imports), and
 * where a timer's handle goes: discarded, stored in a slot that a clear can reach, or handed to
 * someone else; and whether a handle variable is only ever cleared, tested or `.unref()`ed.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { unwrap, type KeyResolver } from './acquire-release.js';
import { getStaticPropertyName } from './ast.js';
import {
  CLEAR_TIMER_FUNCTIONS,
  CLEARING_HANDLE_METHODS,
  GLOBAL_OBJECT_NAMES,
  INTERVAL_FUNCTIONS,
  NEUTRAL_HANDLE_METHODS,
  TIMEOUT_FUNCTIONS,
  TIMER_MODULES,
} from './catalogs/timer-apis.js';
import { CALL, type TraceMap } from './imports.js';

type Variable = TSESLint.Scope.Variable;

/** Where a timer's handle goes: nowhere, into a slot we can follow, or to someone else. */
export type Handle =
  | { kind: 'discarded' }
  | { kind: 'slot'; node: TSESTree.Identifier | TSESTree.MemberExpression }
  | { kind: 'handedOn' };

/** What the timer-call questions need: the file's bindings and what it imports from the timer modules. */
export interface TimerCallScope {
  readonly keys: KeyResolver;
  /** Calls of functions imported from the timer modules, with the function's name. */
  readonly moduleCalls: Map<TSESTree.Node, string>;
  /** Answers of `isHandleVariableKept`, per variable. */
  readonly keptHandles: Map<Variable, boolean>;
}

export const TIMER_FUNCTIONS: ReadonlySet<string> = new Set([...INTERVAL_FUNCTIONS, ...TIMEOUT_FUNCTIONS, ...CLEAR_TIMER_FUNCTIONS]);
export const TIMER_TRACE_MAP: TraceMap<string> = Object.fromEntries(
  TIMER_MODULES.map((module) => [module, Object.fromEntries([...TIMER_FUNCTIONS].map((name) => [name, { [CALL]: name }]))]),
);

/** The timer function a call runs (`setInterval`, `clearTimeout`…), or null when it is not the global or imported one. */
export function timerFunctionOf(scope: TimerCallScope, call: TSESTree.CallExpression): string | null {
  const fromModule = scope.moduleCalls.get(call);
  if (fromModule !== undefined) return fromModule;
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return TIMER_FUNCTIONS.has(callee.name) && scope.keys.globalNameOf(callee) !== null ? callee.name : null;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = getStaticPropertyName(callee);
  const object = unwrap(callee.object);
  if (name === null || !TIMER_FUNCTIONS.has(name) || object.type !== AST_NODE_TYPES.Identifier) return null;
  return GLOBAL_OBJECT_NAMES.has(object.name) && scope.keys.globalNameOf(object) !== null ? name : null;
}

/** Where the timer's handle goes, looking through `.unref()` chains. */
export function handleOf(call: TSESTree.CallExpression): Handle {
  let current: TSESTree.Node = call;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return { kind: 'handedOn' };
    if (isTransparentParent(parent, current)) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current && NEUTRAL_HANDLE_METHODS.has(getStaticPropertyName(parent) ?? '')) {
      if (parent.parent.type !== AST_NODE_TYPES.CallExpression) return { kind: 'handedOn' };
      current = parent.parent;
      continue;
    }
    return classifyHandleUse(parent, current);
  }
}

function classifyHandleUse(parent: TSESTree.Node, current: TSESTree.Node): Handle {
  switch (parent.type) {
    case AST_NODE_TYPES.ExpressionStatement:
      return { kind: 'discarded' };
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === 'void' ? { kind: 'discarded' } : { kind: 'handedOn' };
    case AST_NODE_TYPES.SequenceExpression:
      return parent.expressions.at(-1) === current ? { kind: 'handedOn' } : { kind: 'discarded' };
    case AST_NODE_TYPES.ArrowFunctionExpression:
      // `() => setInterval(…)` passed as a callback discards the handle; stored or returned, it is handed on.
      return parent.parent.type === AST_NODE_TYPES.CallExpression ? { kind: 'discarded' } : { kind: 'handedOn' };
    case AST_NODE_TYPES.VariableDeclarator:
      if (parent.init !== current || parent.id.type !== AST_NODE_TYPES.Identifier) return { kind: 'handedOn' };
      if (parent.parent.kind === 'using' || parent.parent.kind === 'await using') return { kind: 'handedOn' };
      return { kind: 'slot', node: parent.id };
    case AST_NODE_TYPES.AssignmentExpression: {
      const target = unwrap(parent.left);
      if (parent.right !== current || parent.operator !== '=') return { kind: 'handedOn' };
      if (target.type === AST_NODE_TYPES.Identifier) return { kind: 'slot', node: target };
      if (target.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(target) !== null) return { kind: 'slot', node: target };
      return { kind: 'handedOn' };
    }
    default:
      return { kind: 'handedOn' };
  }
}

/** Whether every use of a handle variable is a clear, a test or `.unref()`: otherwise it is handed on. */
export function isHandleVariableKept(scope: TimerCallScope, variable: Variable): boolean {
  let kept = scope.keptHandles.get(variable);
  if (kept === undefined) {
    kept = computeHandleVariableKept(scope, variable);
    scope.keptHandles.set(variable, kept);
  }
  return kept;
}

function computeHandleVariableKept(scope: TimerCallScope, variable: Variable): boolean {
  return variable.references.every((reference) => {
    if (reference.isWrite()) return true;
    const node = skipWrappersUp(reference.identifier);
    const parent = node.parent;
    if (!parent) return true;
    switch (parent.type) {
      case AST_NODE_TYPES.CallExpression:
        return parent.callee !== node && timerFunctionOf(scope, parent) !== null;
      case AST_NODE_TYPES.MemberExpression: {
        // `timer.unref()` keeps it; `timer.close()` clears it, which counts as released here.
        const method = getStaticPropertyName(parent);
        return parent.object === node && method !== null && !CLEARING_HANDLE_METHODS.has(method);
      }
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.UnaryExpression:
        return parent.type !== AST_NODE_TYPES.LogicalExpression || parent.right !== node || parent.parent.type === AST_NODE_TYPES.ExpressionStatement;
      default:
        return false;
    }
  });
}

function isTransparentParent(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return true;
    case AST_NODE_TYPES.AwaitExpression:
      return false;
    default:
      return parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== child;
  }
}

/** The outermost expression whose value is `node`'s value, through `?.` chains and type wrappers (not `?:`). */
export function skipWrappersUp(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isTransparentParent(current.parent, current) && current.parent.type !== AST_NODE_TYPES.ConditionalExpression) {
    current = current.parent;
  }
  return current;
}
