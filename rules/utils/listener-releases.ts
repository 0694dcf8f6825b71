/**
 * Whether a listener of `no-leaked-listener` is released: removals recorded by target, event and
 * handler identity (emitter methods, catalog registrations, an event service's unsubscribe names),
 * `{ once }` and aborted `{ signal }` options, a result handed on as a disposer, once-only guards.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { ANY, getOutermostFunction, isFreshFunction, isReassigned, unwrap } from './acquire-release.js';
import { getStaticPropertyName } from './ast.js';
import { LISTENER_COUNT_METHODS } from './catalogs/listener-apis.js';
import type { Addition, ListenerFile, LongLivedTarget } from './listener-file.js';
import { eventPart } from './listener-file.js';
import { targetKeyOf } from './listener-targets.js';
import { isModuleLevelVariable } from './scope.js';

const { DefinitionType } = TSESLint.Scope;

export function recordRemoval(file: ListenerFile, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): void {
  const target = targetKeyOf(file, callee.object);
  if (target === null) return;
  const [event, handler] = call.arguments;
  // `off(event)` / `off()` in emitter libraries (component-emitter, socket.io) removes them all.
  if (!event) return file.ledger.release([target]);
  const eventKey = eventPart(file, event, ANY);
  if (!handler) return file.ledger.release([target, eventKey]);
  if (isFreshFunction(handler)) return file.ledger.releaseNeverMatching([target, eventKey]);
  // `unsubscribe(listener) { bus.off('x', listener) }` removes whatever its caller passes.
  file.ledger.release([target, eventKey, isForwardedHandler(file, handler) ? ANY : (file.keys.keyOf(handler) ?? ANY)]);
}

export function recordRemoveAll(file: ListenerFile, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): void {
  const target = targetKeyOf(file, callee.object);
  if (target === null) return;
  const [event] = call.arguments;
  file.ledger.release(event ? [target, eventPart(file, event, ANY)] : [target]);
}

export function recordRegistrationRelease(file: ListenerFile, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, clears: boolean): void {
  const target = targetKeyOf(file, callee.object);
  if (target === null) return;
  const [handler] = call.arguments;
  if (clears || !handler) return file.ledger.release([target]);
  if (isFreshHandler(handler)) return file.ledger.releaseNeverMatching([target, '']);
  file.ledger.release([target, '', file.keys.keyOf(handler) ?? ANY]);
}

/**
 * `this.events.offEvent(type, handler)`, `bus.unsubscribe(handler)`, `eventBus.removeListeners(this)`:
 * releases what was registered with any of the same arguments (the handler, or the owner key a
 * service files its handlers under); with no argument, everything on the target.
 */
export function recordWrapperRemoval(file: ListenerFile, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): void {
  const target = targetKeyOf(file, callee.object);
  if (target === null) return;
  if (call.arguments.length === 0) return file.ledger.release([target]);
  for (const argument of call.arguments) {
    if (argument.type === AST_NODE_TYPES.SpreadElement) return file.ledger.release([target]);
    if (isFreshFunction(argument)) file.ledger.releaseNeverMatching([target, '']);
    else if (isForwardedHandler(file, argument)) file.ledger.release([target, '', ANY]);
    else {
      const key = file.keys.keyOf(argument);
      if (key !== null) file.ledger.release([target, '', key]);
    }
  }
}

export function flushReleases(file: ListenerFile): void {
  for (const release of file.pendingReleases) release();
  file.pendingReleases.length = 0;
}

/** `{ once: true }` releases; `{ signal }` is checked later; options we cannot read count as released. */
export function parseListenerOptions(node: TSESTree.Node): TSESTree.Node | null | 'released' {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Literal) return null;
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return 'released';
  let signal: TSESTree.Node | null = null;
  for (const property of value.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) return 'released';
    const name = getStaticPropertyName(property);
    if (name === 'once' && !(property.value.type === AST_NODE_TYPES.Literal && property.value.value === false)) return 'released';
    if (name === 'signal') signal = property.value;
  }
  return signal;
}

/** A signal from `AbortSignal.timeout()`, from the caller, or from a controller the file aborts. */
export function isReleasedBySignal(file: ListenerFile, signal: TSESTree.Node): boolean {
  const value = unwrap(signal);
  if (value.type !== AST_NODE_TYPES.MemberExpression || getStaticPropertyName(value) !== 'signal') return true;
  const controller = unwrap(value.object);
  if (controller.type !== AST_NODE_TYPES.Identifier) return true;
  const variable = file.keys.variableOf(controller);
  const init = variable?.defs[0]?.node;
  const createdHere =
    init?.type === AST_NODE_TYPES.VariableDeclarator &&
    init.init?.type === AST_NODE_TYPES.NewExpression &&
    init.init.callee.type === AST_NODE_TYPES.Identifier &&
    init.init.callee.name === 'AbortController';
  const controllerKey = file.keys.keyOf(controller);
  return !createdHere || (controllerKey !== null && file.abortedControllers.has(controllerKey));
}

/** A handler that comes from the caller: the function only forwards it, and the caller owns it. */
export function isForwardedHandler(file: ListenerFile, handler: TSESTree.Node): boolean {
  const value = unwrap(handler);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  return file.keys.variableOf(value)?.defs[0]?.type === DefinitionType.Parameter;
}

/** EventTarget ignores a second `addEventListener` of the same function: a stable handler cannot pile up. */
export function isStableHandler(file: ListenerFile, handler: TSESTree.Node): boolean {
  const value = unwrap(handler);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = file.keys.variableOf(value);
  return !!variable && isModuleLevelVariable(variable) && !isReassigned(variable);
}

/** `const off = emitter.on(…)`, `return subscribe(…)`: the result (a disposer) is handed on. */
export function isResultHandedOn(call: TSESTree.CallExpression): boolean {
  let current: TSESTree.Node = call;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.ChainExpression ||
      current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression)
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.SequenceExpression:
      return false;
    case AST_NODE_TYPES.MemberExpression:
      // `emitter.on(…).on(…)`: chaining returns the emitter, not a disposer.
      return parent.object !== current;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      // A concise arrow passed as a callback discards the result; one stored or returned hands it on.
      return parent.parent.type !== AST_NODE_TYPES.CallExpression;
    default:
      return true;
  }
}

export function isGuarded(file: ListenerFile, call: TSESTree.CallExpression): boolean {
  const boundary = getOutermostFunction(call);
  if (!boundary) return false;
  return file.writes.guardTestsOf(call, boundary).some((test) => file.writes.readsState(test, isListenerCountRead));
}

/** `eventBus.onX(this, fn)` undone by `eventBus.removeListeners(this)`: the service files handlers by owner. */
export function isReleasedByOwnerKey(file: ListenerFile, addition: Addition, target: LongLivedTarget): boolean {
  return addition.call.arguments.some((argument) => {
    if (argument === addition.handler) return false;
    const key = file.keys.keyOf(argument);
    return key !== null && file.ledger.isReleased([target.key, '', key]);
  });
}

/** Registration handlers created on the spot (`new transports.File(…)`) can never be removed by reference. */
export function isFreshHandler(node: TSESTree.Node): boolean {
  const value = unwrap(node);
  return (
    isFreshFunction(value) ||
    value.type === AST_NODE_TYPES.NewExpression ||
    value.type === AST_NODE_TYPES.CallExpression ||
    value.type === AST_NODE_TYPES.ObjectExpression
  );
}

/** `emitter.listenerCount('x')` in a test: the registration is installed only when none is there yet. */
function isListenerCountRead(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && LISTENER_COUNT_METHODS.has(getStaticPropertyName(callee) ?? '');
}
