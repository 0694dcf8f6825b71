import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import { LISTENER_REMOVAL_PATTERN, REGISTRY_REMOVAL_METHODS, SHUTDOWN_HOOKS_NOT_CALLED_PER_REQUEST } from './catalogs/long-lived-holders.js';
import { getInjectionScope, type InjectionScope } from './long-lived-objects.js';
import { fieldName, fieldOnThis, thisFieldPath, type ClassFacts, type ClassNode, type Registration, type Variable } from './owner-facts.js';
import { resolveVariable } from './scope.js';

/**
 * Whether a class's own code undoes a registration it makes (the same listener removed, the
 * unsubscribe handle or timer kept and released, the registry entry deleted), so nothing is held for good.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ReleaseAnalysis {
  sourceCode: SourceCode;
  injectionScopes: Map<ClassNode, InjectionScope | null>;
  /** A number per variable, for identity keys that tell two bindings of one name apart. */
  variableIds: Map<Variable, number>;
}

export function createReleaseAnalysis(sourceCode: SourceCode): ReleaseAnalysis {
  return { sourceCode, injectionScopes: new Map(), variableIds: new Map() };
}

/** Whether the registrant's code undoes the registration, so nothing is held for good. */
export function isReleased(analysis: ReleaseAnalysis, registration: Registration, registrant: ClassFacts): boolean {
  const call = registration.call;
  switch (registration.kind) {
    case 'listener':
    case 'subscription':
      return isHandleReleased(analysis, call, registrant) || isRemovedByIdentity(analysis, call, registrant);
    case 'registry':
      return registrant.removals.some(
        (removal) => REGISTRY_REMOVAL_METHODS.has(calledMethodName(removal) ?? '') && sameTarget(analysis, removal, call),
      );
    case 'timer':
      return isHandleReleased(analysis, call, registrant);
    case 'asyncContext':
      return false;
  }
}

/**
 * The value a registration returns (an unsubscribe function, a `Subscription`, a timer) is released:
 * returned to the caller, kept in a local that is used again, or kept in a field (or a collection
 * field) that a dispose-like method uses or a removal call is given.
 */
function isHandleReleased(analysis: ReleaseAnalysis, call: TSESTree.CallExpression, registrant: ClassFacts): boolean {
  let outer = skipParentTypeWrappers(call);
  if (outer.parent?.type === AST_NODE_TYPES.AwaitExpression) outer = skipParentTypeWrappers(outer.parent);
  const parent = outer.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.ReturnStatement:
      return true;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === outer;
    case AST_NODE_TYPES.AssignmentExpression: {
      const field = parent.right === outer ? thisFieldPath(parent.left) : null;
      return field !== null && isFieldReleased(analysis, field.split('.')[0]!, registrant);
    }
    case AST_NODE_TYPES.CallExpression: {
      // `this.subscriptions.push(bus.subscribe(…))`, `this.timers.add(setInterval(…))`.
      const callee = skipTypeWrappers(parent.callee);
      if (!parent.arguments.includes(outer as TSESTree.CallExpressionArgument) || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const field = fieldOnThis(callee.object);
      return field !== null && isFieldReleased(analysis, field, registrant);
    }
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== outer || parent.id.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = analysis.sourceCode.getDeclaredVariables(parent)[0];
      return variable?.references.some((reference) => !reference.init && reference.isRead()) ?? false;
    }
    default:
      return false;
  }
}

/** A handle kept in `this.<field>`: used in a dispose-like method that runs, or handed to a removal. */
function isFieldReleased(analysis: ReleaseAnalysis, field: string, registrant: ClassFacts): boolean {
  const methods = registrant.disposeReads.get(field);
  if (methods) {
    // Nest never calls the shutdown hooks of a request-scoped provider: a release there never runs.
    const perRequest = injectionScopeOf(analysis, registrant.node) === 'request';
    if ([...methods].some((method) => !perRequest || !SHUTDOWN_HOOKS_NOT_CALLED_PER_REQUEST.has(method))) return true;
  }
  return registrant.removals.some((removal) => {
    const callee = skipTypeWrappers(removal.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && fieldOnThis(callee.object) === field) return true;
    return removal.arguments.some((argument) => fieldOnThis(argument) === field);
  });
}

/** `off`/`removeListener`/`removeEventListener`/`unsubscribe` on the same target with the same function. */
function isRemovedByIdentity(analysis: ReleaseAnalysis, call: TSESTree.CallExpression, registrant: ClassFacts): boolean {
  const keys = new Set(listenerArguments(call).map((argument) => identityKey(analysis, argument)).filter((key) => key !== null));
  const perRequest = injectionScopeOf(analysis, registrant.node) === 'request';
  return registrant.removals.some((removal) => {
    const method = calledMethodName(removal);
    if (method === null || !LISTENER_REMOVAL_PATTERN.test(method) || !sameTarget(analysis, removal, call)) return false;
    if (perRequest && SHUTDOWN_HOOKS_NOT_CALLED_PER_REQUEST.has(enclosingMemberName(removal) ?? '')) return false;
    if (method === 'removeAllListeners') return true;
    // A fresh arrow or a fresh `.bind()` has no identity: removing it removes nothing.
    return listenerArguments(removal).some((argument) => {
      const key = identityKey(analysis, argument);
      return key !== null && keys.has(key);
    });
  });
}

/**
 * What makes two expressions the same function: the same variable, or the same `this.a.b` /
 * `module.x` path of plain names. Arrows, function expressions and calls (`.bind()`) are new
 * each time they run, so they have no identity.
 */
function identityKey(analysis: ReleaseAnalysis, node: TSESTree.Node): string | null {
  let inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.ChainExpression) inner = skipTypeWrappers(inner.expression);
  const path: string[] = [];
  while (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = inner.computed ? null : getStaticPropertyName(inner);
    if (name === null) return null;
    path.unshift(name);
    inner = skipTypeWrappers(inner.object);
  }
  let root: string;
  if (inner.type === AST_NODE_TYPES.ThisExpression) root = 'this';
  else if (inner.type === AST_NODE_TYPES.Identifier) root = variableKey(analysis, inner);
  else return null;
  return [root, ...path].join('.');
}

function variableKey(analysis: ReleaseAnalysis, identifier: TSESTree.Identifier): string {
  const variable = resolveVariable(analysis.sourceCode, identifier);
  if (!variable) return `global:${identifier.name}`;
  let id = analysis.variableIds.get(variable);
  if (id === undefined) analysis.variableIds.set(variable, (id = analysis.variableIds.size));
  return `#${id}`;
}

/** The same emitter or registry: the same object expression, by identity key or, failing that, by text. */
function sameTarget(analysis: ReleaseAnalysis, first: TSESTree.CallExpression, second: TSESTree.CallExpression): boolean {
  const a = skipTypeWrappers(first.callee);
  const b = skipTypeWrappers(second.callee);
  if (a.type !== AST_NODE_TYPES.MemberExpression || b.type !== AST_NODE_TYPES.MemberExpression) return false;
  const keyA = identityKey(analysis, a.object);
  if (keyA !== null) return keyA === identityKey(analysis, b.object);
  return analysis.sourceCode.getText(a.object) === analysis.sourceCode.getText(b.object);
}

export function injectionScopeOf(analysis: ReleaseAnalysis, node: ClassNode): InjectionScope | null {
  if (!analysis.injectionScopes.has(node)) analysis.injectionScopes.set(node, getInjectionScope(analysis.sourceCode, node));
  return analysis.injectionScopes.get(node) ?? null;
}

/** The name of the class member whose code `node` is in (`onModuleDestroy` for a call inside it), or null. */
function enclosingMemberName(node: TSESTree.Node): string | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.MethodDefinition || current.type === AST_NODE_TYPES.PropertyDefinition) {
      return current.computed ? null : fieldName(current.key);
    }
  }
  return null;
}

function calledMethodName(call: TSESTree.CallExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
}

/** The arguments that may be the listener: all but the event name (`on('data', fn)`), or the only one (`subscribe(fn)`). */
function listenerArguments(call: TSESTree.CallExpression): TSESTree.CallExpressionArgument[] {
  return call.arguments.length > 1 ? call.arguments.slice(1) : [...call.arguments];
}
