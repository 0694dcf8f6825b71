/**
 * Handlers kept in a slot so they can be removed later (`this.onData = (d) => …;
 * bus.on('data', this.onData)` and `bus.off('data', this.onData)` in `stop()`): the removal matches
 * only the function the slot holds when it runs. When the storing method runs again while its
 * previous handler is still registered, the slot is overwritten and the earlier handler can never
 * be removed. The listener counterpart of `no-leaked-timer`'s overwritten timer slot.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, isFreshFunction, type KeyResolver, unwrap } from './acquire-release.js';
import { forEachDescendant, getStaticPropertyName } from './ast.js';
import { thisMethodCalls } from './listener-wrappers.js';
import { LOOPS_REPEAT, type RunFrequencyAnalysis, showsRepetition } from './run-frequency.js';
import { getEnclosingFunction } from './scope.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ReRegistration {
  /** The method that stores and registers the handler. */
  method: string;
  /** The call that runs it again from repeating code. */
  again: TSESTree.CallExpression;
}

/**
 * The call that runs the registering method again while the slot may hold a registered handler, or
 * null. The handler is a member slot filled with a new function in the same method, before the
 * registration, with no read of the slot before that store (a removal, a `return` when one is set);
 * and the method is called (`this.connect()`) from code the file shows repeating (an event
 * listener, a loop, a handler), a reconnect listener in the method included. A store written inside a listener rather
 * than a method is left alone, as `no-leaked-timer` does: such events often fire once per object.
 */
export function findReRegistration(call: TSESTree.CallExpression, handler: TSESTree.Node, sourceCode: SourceCode, keys: KeyResolver, runs: RunFrequencyAnalysis): ReRegistration | null {
  const slot = unwrap(handler);
  if (slot.type !== AST_NODE_TYPES.MemberExpression || getStaticPropertyName(slot) === null) return null;
  const storer = getEnclosingFunction(call);
  const method = storer?.parent;
  if (!storer || method?.type !== AST_NODE_TYPES.MethodDefinition || method.static || method.kind !== 'method') return null;
  const name = getStaticPropertyName(method);
  const slotText = sourceCode.getText(slot);
  const store = findFreshStore(storer, slotText, call, sourceCode);
  if (name === null || !store || isSlotReadBefore(storer, slotText, store, sourceCode)) return null;
  for (const start of thisMethodCalls(method.parent.parent, name, keys)) {
    if (contains(store.right, start)) continue; // the new handler calling its own method
    if (showsRepetition(runs.at(start, LOOPS_REPEAT))) return { method: name, again: start };
  }
  return null;
}

/** `this.onData = (d) => …` in the storing function, before the registration. */
function findFreshStore(storer: TSESTree.FunctionLike, slotText: string, before: TSESTree.Node, sourceCode: SourceCode): TSESTree.AssignmentExpression | null {
  let found: TSESTree.AssignmentExpression | null = null;
  forEachDescendant(storer.body ?? storer, (node) => {
    if (
      !found &&
      node.type === AST_NODE_TYPES.AssignmentExpression &&
      node.operator === '=' &&
      node.range[1] <= before.range[0] &&
      isFreshFunction(node.right) &&
      sourceCode.getText(unwrap(node.left)) === slotText
    ) {
      found = node;
    }
  });
  return found;
}

/** Any read of the slot before the store: a removal of the old handler, or a test that returns when one is set. */
function isSlotReadBefore(storer: TSESTree.FunctionLike, slotText: string, store: TSESTree.AssignmentExpression, sourceCode: SourceCode): boolean {
  let read = false;
  forEachDescendant(storer.body ?? storer, (node) => {
    if (!read && node.type === AST_NODE_TYPES.MemberExpression && node.range[1] <= store.range[0] && sourceCode.getText(node) === slotText) read = true;
  });
  return read;
}

