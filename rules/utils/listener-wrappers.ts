/**
 * Registrations through a project's own event service (`this.events.onEvent(type, fn)`,
 * `bus.subscribe(fn)`): which calls are registrations by their name, which receivers are services
 * handed to a class, and how often a constructor that registers runs. Weaker evidence than a known
 * emitter's `on`: `no-leaked-listener` reads it with `checkWrapperRegistrations`.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFreshFunction, type KeyResolver, unwrap } from './acquire-release.js';
import { forEachDescendant, getStaticPropertyName, isFunctionNode, skipParentTypeWrappers } from './ast.js';
import { SYNCHRONOUS_ITERATION_METHODS } from './catalogs/callback-runs.js';
import { ARGUMENT_TARGET_SUBSCRIBE_NAMES, WRAPPER_SUBSCRIBE_NAME, WRAPPER_UNSUBSCRIBE_NAME } from './catalogs/listener-apis.js';
import { getInjectionScope, isRequestInjection } from './long-lived-objects.js';
import { mayRunRepeatedly, restsOnStartupCode, type RunFrequencyAnalysis } from './run-frequency.js';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;
type SourceCode = Readonly<TSESLint.SourceCode>;
const { DefinitionType } = TSESLint.Scope;

/** `onEvent`, `subscribe`, `addListener`, `registerMessageHandler`: a name that says the call registers. */
export function isWrapperSubscribeName(name: string): boolean {
  return WRAPPER_SUBSCRIBE_NAME.test(name) && !ARGUMENT_TARGET_SUBSCRIBE_NAMES.has(name);
}

/** `off`, `offEvent`, `unsubscribe`, `removeListeners`, `unregisterHandler`: a name that says it undoes one. */
export function isWrapperUnsubscribeName(name: string): boolean {
  return WRAPPER_UNSUBSCRIBE_NAME.test(name);
}

/** The constructor of a class, if it has one. */
export function constructorOf(classNode: ClassNode): TSESTree.MethodDefinition | null {
  for (const element of classNode.body.body) {
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') return element;
  }
  return null;
}

/**
 * The constructor parameter a receiver is, when it is a service handed to the class: `this.events`
 * where `events` is a parameter property (`constructor(private events: EventService)`) or is
 * assigned from a parameter in the constructor (`this.events = events`), or the parameter itself
 * read in the constructor. A parameter injected with a request token (`@Inject(REQUEST)`) is the
 * request's own object, not a service: null.
 */
export function injectedServiceParameter(receiver: TSESTree.Node, keys: KeyResolver, sourceCode: SourceCode): TSESTree.Parameter | null {
  const value = unwrap(receiver);
  let parameter: TSESTree.Parameter | null = null;
  if (value.type === AST_NODE_TYPES.Identifier) parameter = constructorParameterOf(value, keys);
  else if (value.type === AST_NODE_TYPES.MemberExpression && unwrap(value.object).type === AST_NODE_TYPES.ThisExpression) {
    const field = getStaticPropertyName(value);
    const owner = keys.thisOwnerOf(value.object);
    if (field === null || !owner || owner.isStatic || !isClassOwner(owner.owner)) return null;
    parameter = fieldParameter(owner.owner, field, keys);
  }
  return parameter && !isRequestInjection(parameter, sourceCode) ? parameter : null;
}

function isClassOwner(node: TSESTree.Node): node is ClassNode {
  return node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression;
}

function constructorParameterOf(identifier: TSESTree.Identifier, keys: KeyResolver): TSESTree.Parameter | null {
  const definition = keys.variableOf(identifier)?.defs[0];
  if (definition?.type !== DefinitionType.Parameter) return null;
  const fn = definition.node;
  if (fn.parent?.type !== AST_NODE_TYPES.MethodDefinition || fn.parent.kind !== 'constructor') return null;
  return fn.params.find((parameter) => parameterName(parameter) === identifier.name) ?? null;
}

/** The constructor parameter that fills `this.<field>`: a parameter property, or `this.field = parameter`. */
function fieldParameter(classNode: ClassNode, field: string, keys: KeyResolver): TSESTree.Parameter | null {
  const constructor = constructorOf(classNode);
  if (!constructor) return null;
  const property = constructor.value.params.find(
    (parameter) => parameter.type === AST_NODE_TYPES.TSParameterProperty && parameterName(parameter) === field,
  );
  if (property) return property;
  for (const statement of constructor.value.body?.body ?? []) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const assignment = statement.expression;
    if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=') continue;
    const left = unwrap(assignment.left);
    if (left.type !== AST_NODE_TYPES.MemberExpression || unwrap(left.object).type !== AST_NODE_TYPES.ThisExpression || getStaticPropertyName(left) !== field) continue;
    const right = unwrap(assignment.right);
    if (right.type === AST_NODE_TYPES.Identifier) return constructorParameterOf(right, keys);
  }
  return null;
}

function parameterName(parameter: TSESTree.Parameter): string | null {
  const inner = parameter.type === AST_NODE_TYPES.TSParameterProperty ? parameter.parameter : parameter;
  return inner.type === AST_NODE_TYPES.Identifier ? inner.name : null;
}

/**
 * Whether an argument is a function: created on the spot, a function declared or bound to a
 * `const`, or `this.<name>` where the class defines (or stores) a function under that name. A
 * topic string or an options object is not one, so `subscribe(topic)` is no registration.
 */
export function isFunctionValued(node: TSESTree.Node, keys: KeyResolver): boolean {
  const value = unwrap(node);
  if (isFreshFunction(value)) return true;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const definition = keys.variableOf(value)?.defs[0];
    if (definition?.type === DefinitionType.FunctionName) return true;
    if (definition?.type === DefinitionType.Parameter) return true; // forwarded: the caller's handler
    return definition?.type === DefinitionType.Variable && !!definition.node.init && isFunctionNode(unwrap(definition.node.init));
  }
  if (value.type !== AST_NODE_TYPES.MemberExpression || unwrap(value.object).type !== AST_NODE_TYPES.ThisExpression) return false;
  const name = getStaticPropertyName(value);
  const owner = keys.thisOwnerOf(value.object);
  if (name === null || !owner || !isClassOwner(owner.owner)) return false;
  return classDefinesFunction(owner.owner, name, keys);
}

/** A method or function-valued field named `name`, or `this.name = () => …` anywhere in the class. */
function classDefinesFunction(classNode: ClassNode, name: string, keys: KeyResolver): boolean {
  for (const element of classNode.body.body) {
    if (element.type !== AST_NODE_TYPES.MethodDefinition && element.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    if (getStaticPropertyName(element) !== name) continue;
    if (element.type === AST_NODE_TYPES.MethodDefinition) return element.kind === 'method';
    if (element.value) return isFunctionNode(unwrap(element.value));
  }
  return thisMemberUses(classNode, name, keys).some((use) => {
    const assignment = skipParentTypeWrappers(use).parent;
    return assignment?.type === AST_NODE_TYPES.AssignmentExpression && unwrap(assignment.left) === use && isFreshFunction(assignment.right);
  });
}

/** The depth of helper methods followed back to the constructor (`constructor` → `bind()` → `bindEvents()`). */
const MAX_HELPER_DEPTH = 3;

/**
 * The constructor a registration runs in, through loops and array iterations of the constructor
 * (`for (const type of types) this.events.onEvent(type, …)`) and through methods the class calls
 * only from its constructor (`this.bindEvents()`): all run once per instance. Null when a function
 * in between runs at other times (an event handler, a stored callback, a method called elsewhere).
 */
export function enclosingConstructor(node: TSESTree.Node, keys: KeyResolver, depth = 0): TSESTree.MethodDefinition | null {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const holder = current.parent;
    if (holder.type === AST_NODE_TYPES.MethodDefinition && holder.value === current) {
      if (holder.kind === 'constructor') return holder;
      return holder.kind === 'method' && !holder.static && depth < MAX_HELPER_DEPTH ? constructorCallingOnly(holder, keys, depth + 1) : null;
    }
    if (!isIterationCallback(current)) return null;
  }
  return null;
}

/** The constructor, when every use of the method in its class is a call made (in turn) from the constructor. */
function constructorCallingOnly(method: TSESTree.MethodDefinition, keys: KeyResolver, depth: number): TSESTree.MethodDefinition | null {
  const name = getStaticPropertyName(method);
  const classNode = method.parent.parent;
  if (name === null) return null;
  const uses = thisMemberUses(classNode, name, keys);
  let constructor: TSESTree.MethodDefinition | null = null;
  for (const use of uses) {
    const call = use.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== use) return null;
    constructor = enclosingConstructor(call, keys, depth);
    if (!constructor) return null;
  }
  return constructor;
}

const memberUsesCache = new WeakMap<ClassNode, Map<string, TSESTree.MemberExpression[]>>();

/** `this.<name>` in the class body, where `this` is the class's instance. One walk per class, cached. */
function thisMemberUses(classNode: ClassNode, name: string, keys: KeyResolver): readonly TSESTree.MemberExpression[] {
  let byName = memberUsesCache.get(classNode);
  if (!byName) {
    const collected = new Map<string, TSESTree.MemberExpression[]>();
    forEachDescendant(classNode.body, (node) => {
      if (node.type !== AST_NODE_TYPES.MemberExpression || unwrap(node.object).type !== AST_NODE_TYPES.ThisExpression) return;
      const member = getStaticPropertyName(node);
      if (member === null || keys.thisOwnerOf(node.object)?.owner !== classNode) return;
      const uses = collected.get(member) ?? [];
      uses.push(node);
      collected.set(member, uses);
    });
    byName = collected;
    memberUsesCache.set(classNode, byName);
  }
  return byName.get(name) ?? [];
}

/** `this.<name>()` calls in the class body whose `this` is the class's instance. */
export function thisMethodCalls(classNode: ClassNode, name: string, keys: KeyResolver): TSESTree.CallExpression[] {
  return thisMemberUses(classNode, name, keys).flatMap((use) => (use.parent.type === AST_NODE_TYPES.CallExpression && use.parent.callee === use ? [use.parent] : []));
}

function isIterationCallback(fn: TSESTree.FunctionLike): boolean {
  const call = skipParentTypeWrappers(fn).parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === fn) return false;
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && SYNCHRONOUS_ITERATION_METHODS.has(getStaticPropertyName(callee) ?? '');
}

/**
 * Why a class is built more than once, as words a message can quote, or null: a NestJS
 * request-scoped provider (one instance per request), or a `new C()` the file runs repeatedly,
 * outside startup code. A singleton provider, a class built once at load or by a setup function,
 * and a class whose construction the file does not show are built once as far as we can tell.
 */
export function describeRepeatedConstruction(classNode: ClassNode, sourceCode: SourceCode, runs: RunFrequencyAnalysis): string | null {
  const name = classNode.id?.name ?? 'anonymous class';
  const scope = getInjectionScope(sourceCode, classNode);
  if (scope === 'request') return `the constructor of '${name}', a request-scoped provider created for every request`;
  if (scope !== null) return null;
  for (const creation of creationsOf(classNode, sourceCode)) {
    const frequency = runs.at(creation);
    if (!mayRunRepeatedly(frequency) || restsOnStartupCode(frequency)) continue;
    return `the constructor of '${name}', which runs again each time 'new ${name}()' on line ${creation.loc.start.line} runs`;
  }
  return null;
}

function creationsOf(classNode: ClassNode, sourceCode: SourceCode): TSESTree.NewExpression[] {
  const holder = classNode.parent;
  if (classNode.type === AST_NODE_TYPES.ClassExpression && holder.type === AST_NODE_TYPES.NewExpression) return [holder];
  const declared =
    classNode.type === AST_NODE_TYPES.ClassDeclaration
      ? sourceCode.getDeclaredVariables(classNode).find((variable) => variable.scope.block !== classNode)
      : holder.type === AST_NODE_TYPES.VariableDeclarator
        ? sourceCode.getDeclaredVariables(holder)[0]
        : undefined;
  const creations: TSESTree.NewExpression[] = [];
  for (const reference of declared?.references ?? []) {
    const use = skipParentTypeWrappers(reference.identifier);
    if (use.parent?.type === AST_NODE_TYPES.NewExpression && use.parent.callee === use) creations.push(use.parent);
  }
  return creations;
}
