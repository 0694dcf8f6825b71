import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import {
  ASYNC_CONTEXT_STORAGE,
  DISPOSE_METHOD_NAMES,
  LISTENER_METHODS,
  LISTENER_REMOVAL_PATTERN,
  REGISTRY_METHODS,
  REGISTRY_REMOVAL_METHODS,
  REPEATING_TIMER_FUNCTIONS,
  SUBSCRIBE_METHOD_PATTERN,
  TIMER_CLEAR_FUNCTIONS,
} from './catalogs/long-lived-holders.js';
import { isHandedOn } from './hand-off-positions.js';
import { selectorNamesPattern } from './regexp.js';

/**
 * The facts `no-handler-cycle` records about each class's own instance code while ESLint walks a
 * file: what it stores on `this`, what it registers with something that may outlive it, what it
 * undoes and what its dispose-like methods release. The rule's listeners call the `enter…`, `leave…`
 * and `record…` functions here; its analyses (which helpers hold their owner back, what keeps a
 * registration alive) read the facts at `Program:exit`.
 */

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;
export type Variable = TSESLint.Scope.Variable;

/** A class whose instance methods and fields were seen: it can own helpers and register things. */
export interface ClassFacts {
  node: ClassNode;
  /** `this` appears as an argument, a property value or an array element: only then can a store hold it. */
  passesThis: boolean;
  /** `this.<field> = value` and instance field initializers, in source order. */
  stores: Store[];
  registrations: Registration[];
  /** Calls that may undo a registration: `off`, `unsubscribe`, `delete`, `clearInterval`, … */
  removals: TSESTree.CallExpression[];
  /** `this.<field>` read inside a dispose-like method (`destroy`, `onModuleDestroy`, …), with the method names. */
  disposeReads: Map<string, Set<string>>;
}

export interface Store {
  owner: ClassFacts;
  /** `handler`, `#handler`, `state.handler`. */
  field: string;
  value: TSESTree.Expression;
}

export type RegistrationKind = 'listener' | 'subscription' | 'registry' | 'timer' | 'asyncContext';

/** A call inside an instance context that may keep its arguments (`process.on`, `registry.add`, …). */
export interface Registration {
  call: TSESTree.CallExpression;
  kind: RegistrationKind;
  /** `this.<field>` read inside the arguments, in the same instance context. */
  reachedFields: Set<string>;
  /** `this` appears inside the arguments, in the same instance context. */
  reachesThis: boolean;
}

/** The per-file walk: the instance contexts it is in, and the facts of each class seen so far. */
export interface OwnerWalk {
  /** The owner of `this` in the code being walked: a class instance, or null (functions, static code, module). */
  thisOwners: (ClassFacts | null)[];
  /** For each entry of `thisOwners`: the name of the dispose-like method being walked, or null. */
  disposeMethods: (string | null)[];
  classes: Map<ClassNode, ClassFacts>;
  registrationByCall: Map<TSESTree.CallExpression, Registration>;
  /** Registrations whose arguments the walk is still inside, innermost last. */
  openRegistrations: { registration: Registration; owner: ClassFacts }[];
}

export function createOwnerWalk(): OwnerWalk {
  return { thisOwners: [null], disposeMethods: [null], classes: new Map(), registrationByCall: new Map(), openRegistrations: [] };
}

const STORING_OPERATORS = new Set(['=', '||=', '??=', '&&=']);
/**
 * Calls that may register something with a long-lived holder (see `registrationKind`): ESLint's
 * selector engine hands over only these instead of every call in the file.
 */
export const REGISTRATION_CALL = [
  `CallExpression[callee.type="Identifier"][callee.name=${selectorNamesPattern(REPEATING_TIMER_FUNCTIONS)}]`,
  `CallExpression[callee.type="MemberExpression"][callee.property.name=${selectorNamesPattern([
    ...LISTENER_METHODS,
    ...REGISTRY_METHODS,
    ...ASYNC_CONTEXT_STORAGE.methodsOnKnownStorage,
  ])}]`,
  `CallExpression[callee.type="MemberExpression"][callee.property.name=/${SUBSCRIBE_METHOD_PATTERN.source}/]`,
].join(', ');
/** Calls that may undo a registration, recorded per class and matched at `Program:exit`. */
export const REMOVAL_CALL = [
  `CallExpression[callee.type="Identifier"][callee.name=${selectorNamesPattern(TIMER_CLEAR_FUNCTIONS)}]`,
  `CallExpression[callee.type="MemberExpression"][callee.property.name=/${LISTENER_REMOVAL_PATTERN.source}/]`,
  `CallExpression[callee.type="MemberExpression"][callee.property.name=${selectorNamesPattern(REGISTRY_REMOVAL_METHODS)}]`,
].join(', ');
/** Assignments that can store on `this` (`this.a = …`, `this.a.b ??= …`). */
export const MEMBER_ASSIGNMENT = 'AssignmentExpression[left.type="MemberExpression"]';

function createClassFacts(node: ClassNode): ClassFacts {
  return { node, passesThis: false, stores: [], registrations: [], removals: [], disposeReads: new Map() };
}

/** A class member's name as a field: `handler`, `#handler`, `'handler'`; null for computed keys. */
export function fieldName(key: TSESTree.Node): string | null {
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (key.type === AST_NODE_TYPES.Identifier) return key.name;
  return key.type === AST_NODE_TYPES.Literal ? String(key.value) : null;
}

/** `this.a` and `this.a.b.c` → `a`; null for anything not rooted at `this` through a plain name. */
export function fieldOnThis(node: TSESTree.Node): string | null {
  let current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.ChainExpression) current = skipTypeWrappers(current.expression);
  let field: string | null = null;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    field = current.computed ? null : getStaticPropertyName(current);
    current = skipTypeWrappers(current.object);
  }
  return current.type === AST_NODE_TYPES.ThisExpression ? field : null;
}

/** `this.a.b` → `a.b`; null unless every step is a static, non-computed name on `this`. */
export function thisFieldPath(left: TSESTree.Node): string | null {
  const names: string[] = [];
  let current = left;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    // `this.handlers[id] = …` fills a collection on the owner: a tree of children, not one helper.
    if (current.computed) return null;
    const name = getStaticPropertyName(current);
    if (name === null) return null;
    names.unshift(name);
    current = skipTypeWrappers(current.object);
  }
  return current.type === AST_NODE_TYPES.ThisExpression && names.length > 0 ? names.join('.') : null;
}

/** A class's explicit constructor, if it has one with a body. */
export function findConstructor(node: ClassNode): (TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression }) | undefined {
  return node.body.body.find(
    (member): member is TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression } =>
      member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor' && member.value.type === AST_NODE_TYPES.FunctionExpression,
  );
}

/** The object a member chain starts from: `a` for `a.b.c`, `this` for `this.x.y`. */
export function memberRoot(node: TSESTree.Node): TSESTree.Node {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
  return current;
}

/** The name a message gives a class: its own name, the `const` holding it, or `anonymous class`. */
export function className(node: ClassNode): string {
  if (node.id) return node.id.name;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  return 'anonymous class';
}

/** Whether `node` lies in the arguments of `call` (from its first argument to its closing parenthesis). */
export function isInsideArguments(node: TSESTree.Node, call: TSESTree.CallExpression): boolean {
  const first = call.arguments[0];
  return first !== undefined && node.range[0] >= first.range[0] && node.range[1] <= call.range[1];
}

export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** The node that decides what `this` means at `node`: a non-arrow function, a class field, a static block, or the program. */
export function nearestThisBoundary(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.AccessorProperty:
      case AST_NODE_TYPES.StaticBlock:
      case AST_NODE_TYPES.Program:
        return current;
      default:
        break;
    }
  }
  return null;
}

// ---- Recording, in the walk ----

function factsFor(walk: OwnerWalk, node: ClassNode): ClassFacts {
  let facts = walk.classes.get(node);
  if (!facts) {
    facts = createClassFacts(node);
    walk.classes.set(node, facts);
  }
  return facts;
}

function currentOwner(walk: OwnerWalk): ClassFacts | null {
  return walk.thisOwners[walk.thisOwners.length - 1] ?? null;
}

/** A function starts a `this` context: an instance method's is its class's instance, any other function's is none. */
export function enterMethodOrFunction(walk: OwnerWalk, node: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression): void {
  const parent = node.parent;
  const isInstanceMethod = parent.type === AST_NODE_TYPES.MethodDefinition && parent.value === node && !parent.static;
  walk.thisOwners.push(isInstanceMethod ? factsFor(walk, parent.parent.parent) : null);
  walk.disposeMethods.push(isInstanceMethod ? disposeMethodName(parent) : null);
}

/** A field initializer runs with the instance as `this` (none for a static field); its value is a store. */
export function enterFieldInitializer(walk: OwnerWalk, node: TSESTree.PropertyDefinition | TSESTree.AccessorProperty): void {
  const owner = node.static ? null : factsFor(walk, node.parent.parent);
  walk.thisOwners.push(owner);
  // `destroy = () => { … }`: an arrow field is a method too.
  const isArrowMethod = owner !== null && node.value?.type === AST_NODE_TYPES.ArrowFunctionExpression;
  walk.disposeMethods.push(isArrowMethod ? disposeMethodName(node) : null);
  if (!owner || !node.value || node.computed) return;
  const field = fieldName(node.key);
  if (field !== null) owner.stores.push({ owner, field, value: node.value });
}

export function leaveThisContext(walk: OwnerWalk): void {
  walk.thisOwners.pop();
  walk.disposeMethods.pop();
}

/** `this.<field> = value` (and `||=`, `??=`, `&&=`) in an instance context. */
export function recordStore(walk: OwnerWalk, node: TSESTree.AssignmentExpression): void {
  const owner = currentOwner(walk);
  if (!owner || !STORING_OPERATORS.has(node.operator)) return;
  const field = thisFieldPath(node.left);
  if (field !== null) owner.stores.push({ owner, field, value: node.right });
}

/** Each `this` in an instance context: handed on, read in a dispose-like method, or inside a registration's arguments. */
export function recordThis(walk: OwnerWalk, node: TSESTree.ThisExpression): void {
  if (walk.disposeMethods[walk.disposeMethods.length - 1]) recordDisposeRead(walk, node);
  if (isHandedOn(node, 'kept')) {
    const owner = currentOwner(walk);
    if (owner) owner.passesThis = true;
  }
  if (walk.openRegistrations.length > 0) recordReach(walk, node);
}

/** `this.<field>` used in a dispose-like method: an unsubscribe handle or timer kept there is released. */
function recordDisposeRead(walk: OwnerWalk, node: TSESTree.ThisExpression): void {
  const method = walk.disposeMethods[walk.disposeMethods.length - 1];
  const owner = currentOwner(walk);
  const member = node.parent;
  if (!method || !owner || member.type !== AST_NODE_TYPES.MemberExpression || member.object !== node || member.computed) return;
  const outer = skipParentTypeWrappers(member);
  if (outer.parent?.type === AST_NODE_TYPES.AssignmentExpression && outer.parent.left === outer) return;
  const field = getStaticPropertyName(member);
  if (field === null) return;
  let methods = owner.disposeReads.get(field);
  if (!methods) owner.disposeReads.set(field, (methods = new Set()));
  methods.add(method);
}

/** A call in an instance context that may keep its arguments (see `registrationKind`). */
export function recordRegistration(walk: OwnerWalk, node: TSESTree.CallExpression): void {
  const owner = currentOwner(walk);
  if (!owner || node.arguments.length === 0) return;
  const kind = registrationKind(node);
  if (!kind) return;
  const registration: Registration = { call: node, kind, reachedFields: new Set(), reachesThis: false };
  owner.registrations.push(registration);
  walk.registrationByCall.set(node, registration);
  closeRegistrationsBefore(walk, node);
  walk.openRegistrations.push({ registration, owner });
}

/** The walk is in source order: a registration whose call ends before `node` starts is finished. */
function closeRegistrationsBefore(walk: OwnerWalk, node: TSESTree.Node): void {
  const open = walk.openRegistrations;
  while (open.length > 0 && open[open.length - 1]!.registration.call.range[1] <= node.range[0]) open.pop();
}

/** `this` and `this.<field>` inside the arguments of open registrations, in the registering instance's context. */
function recordReach(walk: OwnerWalk, node: TSESTree.ThisExpression): void {
  closeRegistrationsBefore(walk, node);
  const owner = currentOwner(walk);
  if (!owner || walk.openRegistrations.length === 0) return;
  const parent = node.parent;
  const field =
    parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && !parent.computed ? getStaticPropertyName(parent) : null;
  for (const { registration, owner: registeringOwner } of walk.openRegistrations) {
    if (registeringOwner !== owner || !isInsideArguments(node, registration.call)) continue;
    registration.reachesThis = true;
    if (field !== null) registration.reachedFields.add(field);
  }
}

/** A `static {}` block runs with the class itself as `this`: no instance. */
export function enterStaticBlock(walk: OwnerWalk): void {
  walk.thisOwners.push(null);
  walk.disposeMethods.push(null);
}

/** A call in an instance context that may undo a registration, matched at `Program:exit`. */
export function recordRemoval(walk: OwnerWalk, node: TSESTree.CallExpression): void {
  currentOwner(walk)?.removals.push(node);
}

function registrationKind(call: TSESTree.CallExpression): RegistrationKind | null {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return REPEATING_TIMER_FUNCTIONS.has(callee.name) ? 'timer' : null;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return null;
  if (callee.property.type !== AST_NODE_TYPES.Identifier) return null;
  const method = callee.property.name;
  if (LISTENER_METHODS.has(method)) return 'listener';
  if (REGISTRY_METHODS.has(method)) return 'registry';
  if (ASYNC_CONTEXT_STORAGE.methodsOnKnownStorage.has(method)) return 'asyncContext';
  return SUBSCRIBE_METHOD_PATTERN.test(method) ? 'subscription' : null;
}

/** The method's name when it ends the object's life (`destroy`, `onModuleDestroy`, `[Symbol.dispose]`), else null. */
function disposeMethodName(member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.AccessorProperty): string | null {
  if (member.computed) {
    const key = member.key;
    const symbol = key.type === AST_NODE_TYPES.MemberExpression && key.object.type === AST_NODE_TYPES.Identifier && key.object.name === 'Symbol';
    const name = symbol ? getStaticPropertyName(key) : null;
    return name === 'dispose' || name === 'asyncDispose' ? `[Symbol.${name}]` : null;
  }
  const name = fieldName(member.key);
  return name !== null && DISPOSE_METHOD_NAMES.has(name) ? name : null;
}


/**
 * The listeners that record an owner walk: `no-handler-cycle` spreads them into its `create()` and
 * the unit tests run the same map, so the two cannot drift apart.
 */
export function ownerWalkListeners(walk: OwnerWalk): TSESLint.RuleListener {
  const enterFunction = (node: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression): void => enterMethodOrFunction(walk, node);
  const enterField = (node: TSESTree.PropertyDefinition | TSESTree.AccessorProperty): void => enterFieldInitializer(walk, node);
  const leave = (): void => leaveThisContext(walk);
  return {
    FunctionDeclaration: enterFunction,
    FunctionExpression: enterFunction,
    'FunctionDeclaration:exit': leave,
    'FunctionExpression:exit': leave,
    PropertyDefinition: enterField,
    AccessorProperty: enterField,
    'PropertyDefinition:exit': leave,
    'AccessorProperty:exit': leave,
    StaticBlock: () => enterStaticBlock(walk),
    'StaticBlock:exit': leave,
    [MEMBER_ASSIGNMENT]: (node: TSESTree.AssignmentExpression) => recordStore(walk, node),
    [REGISTRATION_CALL]: (node: TSESTree.CallExpression) => recordRegistration(walk, node),
    [REMOVAL_CALL]: (node: TSESTree.CallExpression) => recordRemoval(walk, node),
    ThisExpression: (node: TSESTree.ThisExpression) => recordThis(walk, node),
  };
}
