import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isImplicitGlobal } from './acquire-release.js';
import { decoratorsOf, getStaticPropertyName, skipTypeWrappers } from './ast.js';
import {
  ASYNC_CONTEXT_STORAGE,
  INJECTED_SERVICE_NAME_PATTERN,
  LONG_LIVED_GLOBALS,
  REPEATING_TIMER_FUNCTIONS,
  TIMER_MODULES,
} from './catalogs/long-lived-holders.js';
import { CALL, CONSTRUCT, iterateModuleReferences, type TraceMap } from './imports.js';
import { includesWord } from './text-search.js';
import {
  className,
  fieldName,
  fieldOnThis,
  findConstructor,
  isInsideArguments,
  memberRoot,
  type ClassFacts,
  type ClassNode,
  type Registration,
  type Store,
  type Variable,
} from './owner-facts.js';
import { createReleaseAnalysis, isReleased, type ReleaseAnalysis } from './registration-release.js';
import { getEnclosingFunction, isModuleLevelVariable, resolveVariable } from './scope.js';

/**
 * What keeps a value alive for longer than the object that registers it: an emitter, registry or
 * subscription target that outlives it (a global, a module-level binding, an import, a static
 * member, an injected service, a parameter it did not create), a repeating timer, or the
 * AsyncLocalStorage store of `enterWith`, when its code never undoes the registration.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;
const { DefinitionType } = TSESLint.Scope;
const MAX_HOLDER_TEXT = 40;

/** Why a registration keeps what it is handed for longer than the owner: the words a message quotes. */
export interface Holder {
  registration: Registration;
  /** `on an injected service`, … : why the target outlives the owner, when that is not obvious from its name. */
  target: string;
}

export interface HolderAnalysis {
  sourceCode: SourceCode;
  release: ReleaseAnalysis;
  /** The classes whose instance code the walk recorded. */
  classes: ReadonlyMap<ClassNode, ClassFacts>;
  registrationByCall: ReadonlyMap<TSESTree.CallExpression, Registration>;
  ownerHolders: Map<Registration, Holder | null>;
  helperHolders: Map<Registration, Holder | null>;
  injectedFieldsByClass: Map<ClassNode, Map<string, string>>;
  asyncStorages?: Set<TSESTree.Node>;
  importedTimerCalls?: Set<TSESTree.Node>;
}

export function createHolderAnalysis(
  sourceCode: SourceCode,
  classes: ReadonlyMap<ClassNode, ClassFacts>,
  registrationByCall: ReadonlyMap<TSESTree.CallExpression, Registration>,
): HolderAnalysis {
  return {
    sourceCode,
    release: createReleaseAnalysis(sourceCode),
    classes,
    registrationByCall,
    ownerHolders: new Map(),
    helperHolders: new Map(),
    injectedFieldsByClass: new Map(),
  };
}

/**
 * What keeps a stored helper alive, as the words a message quotes: a registration of the field (or
 * of the local binding the helper was made in) by the owner, or of the helper itself by a same-file
 * `helperClass`. Null when nothing long-lived is seen holding it.
 */
export function findHolder(analysis: HolderAnalysis, store: Store, local: Variable | null, helperClasses: readonly ClassNode[]): string | null {
  const field = store.field.split('.')[0]!;
  for (const registration of store.owner.registrations) {
    if (!registration.reachedFields.has(field)) continue;
    const holder = holderOf(analysis, registration, store.owner, true);
    if (holder) return describeHolder(analysis.sourceCode, holder, null);
  }
  for (const reference of local?.references ?? []) {
    if (reference.init || !reference.isRead()) continue;
    const registration = registrationAround(analysis, reference.identifier);
    const holder = registration ? holderOf(analysis, registration, store.owner, true) : null;
    if (holder) return describeHolder(analysis.sourceCode, holder, null);
  }
  for (const helper of helperClasses) {
    const facts = analysis.classes.get(helper);
    for (const registration of facts?.registrations ?? []) {
      const holder = registration.reachesThis && facts ? holderOf(analysis, registration, facts, false) : null;
      if (holder) return describeHolder(analysis.sourceCode, holder, helper);
    }
  }
  return null;
}

/**
 * What keeps a registration's arguments for longer than `registrant` (the class whose code makes it):
 * `byOwner` when that class is the owner of the cycle, which also counts services injected into it
 * and parameters it did not create. Null when the target is the registrant's own, or the
 * registration is undone (the same function removed, the handle released, the timer cleared).
 */
function holderOf(analysis: HolderAnalysis, registration: Registration, registrant: ClassFacts, byOwner: boolean): Holder | null {
  const cache = byOwner ? analysis.ownerHolders : analysis.helperHolders;
  let known = cache.get(registration);
  if (known === undefined) {
    known = computeHolder(analysis, registration, registrant, byOwner);
    cache.set(registration, known);
  }
  return known;
}

function computeHolder(analysis: HolderAnalysis, registration: Registration, registrant: ClassFacts, byOwner: boolean): Holder | null {
  const callee = skipTypeWrappers(registration.call.callee);
  let target = '';
  if (registration.kind === 'timer') {
    if (callee.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = resolveVariable(analysis.sourceCode, callee);
    if (variable && !isImplicitGlobal(variable) && !getImportedTimerCalls(analysis).has(registration.call)) return null;
  } else {
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = getStaticPropertyName(callee) ?? '';
    const knownStorage =
      registration.kind === 'asyncContext' &&
      ASYNC_CONTEXT_STORAGE.methodsOnKnownStorage.has(method) &&
      isAsyncStorage(analysis, callee.object);
    if (!knownStorage) {
      if (registration.kind === 'asyncContext' && !ASYNC_CONTEXT_STORAGE.methodsOnAnyLongLivedTarget.has(method)) return null;
      const external = externalTarget(analysis, callee.object, registrant, byOwner);
      if (external === null) return null;
      target = external;
    }
  }
  return isReleased(analysis.release, registration, registrant) ? null : { registration, target };
}

/**
 * Whether the object registered on outlives the registrant: `''` for globals, module-level bindings,
 * imports and static members (obvious from the name), a short note for a service injected into the
 * owner or a parameter it did not create, null for the registrant's own objects (`this`, a socket it
 * keeps, an emitter it created).
 */
function externalTarget(analysis: HolderAnalysis, target: TSESTree.Node, registrant: ClassFacts, byOwner: boolean): string | null {
  const root = memberRoot(target);
  if (root.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(analysis.sourceCode, root);
    if (!variable) return LONG_LIVED_GLOBALS.has(root.name) ? '' : null;
    if (isImplicitGlobal(variable) || isModuleLevelVariable(variable)) return '';
    // `ImportJob.running` inside `ImportJob`: the class's own name, a static member of a class that lives with its module.
    const definition = variable.defs[0];
    if (definition?.type === DefinitionType.ClassName && getEnclosingFunction(definition.node) === null) return '';
    if (!byOwner || variable.defs[0]?.type !== DefinitionType.Parameter) return null;
    // A parameter the owner keeps is its own resource (a connection's socket), unless it is an injected service.
    const field = storedParameterField(analysis, variable, registrant);
    if (field !== null) return injectedFields(analysis, registrant).get(field) ?? null;
    return ` on '${root.name}', a parameter the '${className(registrant.node)}' did not create,`;
  }
  const field = fieldOnThis(target);
  if (field === 'constructor') return ''; // `this.constructor.registry`: a static member.
  return byOwner && field !== null ? (injectedFields(analysis, registrant).get(field) ?? null) : null;
}

/** The field a parameter is kept in: a TypeScript parameter property, or `this.<field> = param`. */
function storedParameterField(analysis: HolderAnalysis, variable: Variable, facts: ClassFacts): string | null {
  const binding = variable.identifiers[0];
  if (binding?.parent.type === AST_NODE_TYPES.TSParameterProperty) return binding.name;
  if (binding?.parent.type === AST_NODE_TYPES.AssignmentPattern && binding.parent.parent.type === AST_NODE_TYPES.TSParameterProperty) {
    return binding.name;
  }
  for (const store of facts.stores) {
    const value = skipTypeWrappers(store.value);
    if (value.type === AST_NODE_TYPES.Identifier && resolveVariable(analysis.sourceCode, value) === variable) return store.field;
  }
  return null;
}

/**
 * Fields holding a dependency injected into the class, with the note a message adds: constructor
 * parameters (kept as parameter properties or assigned to a field) and decorated fields without an
 * initializer. A parameter counts when a DI container builds the class (it has a class decorator),
 * the parameter is decorated (`@Inject(…)`), or its declared type (in JavaScript, its name) names a
 * shared service: `events: EventsService`, `bus: MessageBus`, `emitter: EventEmitter2`.
 */
function injectedFields(analysis: HolderAnalysis, facts: ClassFacts): Map<string, string> {
  let fields = analysis.injectedFieldsByClass.get(facts.node);
  if (fields) return fields;
  fields = new Map();
  analysis.injectedFieldsByClass.set(facts.node, fields);
  const { sourceCode } = analysis;
  const managed = decoratorsOf(facts.node).length > 0;
  const constructor = findConstructor(facts.node);
  for (const param of constructor?.value.params ?? []) {
    const binding = parameterBinding(param);
    if (!binding) continue;
    const typeName = binding.typeAnnotation ? typeReferenceName(sourceCode, binding.typeAnnotation.typeAnnotation) : null;
    if (!managed && decoratorsOf(param).length === 0 && !INJECTED_SERVICE_NAME_PATTERN.test(typeName ?? binding.name)) continue;
    const note = ` on an injected ${typeName ? `'${typeName}'` : 'service'}`;
    if (param.type === AST_NODE_TYPES.TSParameterProperty) {
      fields.set(binding.name, note);
      continue;
    }
    for (const store of facts.stores) {
      const value = skipTypeWrappers(store.value);
      if (value.type === AST_NODE_TYPES.Identifier && resolveVariable(sourceCode, value)?.identifiers[0] === binding) fields.set(store.field, note);
    }
  }
  for (const member of facts.node.body.body) {
    if (member.type !== AST_NODE_TYPES.PropertyDefinition || member.static || member.value || decoratorsOf(member).length === 0) continue;
    const field = member.computed ? null : fieldName(member.key);
    const typeName = member.typeAnnotation ? typeReferenceName(sourceCode, member.typeAnnotation.typeAnnotation) : null;
    if (field !== null) fields.set(field, ` on an injected ${typeName ? `'${typeName}'` : 'service'}`);
  }
  return fields;
}

function typeReferenceName(sourceCode: SourceCode, type: TSESTree.TypeNode): string | null {
  return type.type === AST_NODE_TYPES.TSTypeReference ? sourceCode.getText(type.typeName) : null;
}

function isAsyncStorage(analysis: HolderAnalysis, target: TSESTree.Node): boolean {
  const object = skipTypeWrappers(target);
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = resolveVariable(analysis.sourceCode, object)?.defs[0];
  if (definition?.type !== DefinitionType.Variable || !definition.node.init) return false;
  return getAsyncStorages(analysis).has(skipTypeWrappers(definition.node.init));
}

function getAsyncStorages(analysis: HolderAnalysis): Set<TSESTree.Node> {
  if (!analysis.asyncStorages) {
    const { sourceCode } = analysis;
    const traceMap: TraceMap<true> = {
      [ASYNC_CONTEXT_STORAGE.module]: { [ASYNC_CONTEXT_STORAGE.className]: { [CONSTRUCT]: true } },
    };
    analysis.asyncStorages = includesWord(sourceCode.text, ASYNC_CONTEXT_STORAGE.className)
      ? new Set([...iterateModuleReferences(sourceCode, traceMap)].map((reference) => reference.node))
      : new Set();
  }
  return analysis.asyncStorages;
}

function getImportedTimerCalls(analysis: HolderAnalysis): Set<TSESTree.Node> {
  if (!analysis.importedTimerCalls) {
    const traceMap: TraceMap<true> = {};
    for (const module of TIMER_MODULES) {
      traceMap[module] = Object.fromEntries([...REPEATING_TIMER_FUNCTIONS].map((name) => [name, { [CALL]: true }]));
    }
    analysis.importedTimerCalls = new Set([...iterateModuleReferences(analysis.sourceCode, traceMap)].map((reference) => reference.node));
  }
  return analysis.importedTimerCalls;
}

/** The registration whose arguments `identifier` is in, within the same class body. */
function registrationAround(analysis: HolderAnalysis, identifier: TSESTree.Node): Registration | undefined {
  for (let current = identifier.parent; current && current.type !== AST_NODE_TYPES.ClassBody; current = current.parent) {
    const registration = current.type === AST_NODE_TYPES.CallExpression ? analysis.registrationByCall.get(current) : undefined;
    if (registration && isInsideArguments(identifier, registration.call)) return registration;
  }
  return undefined;
}

/** "registered with 'events.subscribe' on line 12, never unsubscribed": the holder, where, and that nothing undoes it. */
function describeHolder(sourceCode: SourceCode, { registration, target }: Holder, helper: ClassNode | null): string {
  const callee = skipTypeWrappers(registration.call.callee);
  const text = sourceCode.getText(callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
  const name = text.length <= MAX_HOLDER_TEXT && !text.includes('\n') ? `'${text}'` : `'${method ?? 'a long-lived holder'}'`;
  const by = helper ? ` by '${className(helper)}' itself` : '';
  const where = `${target}${by} on line ${registration.call.loc.start.line}`;
  switch (registration.kind) {
    case 'listener':
      return `registered with ${name}${where}, never removed`;
    case 'subscription':
      return `registered with ${name}${where}, never unsubscribed`;
    case 'registry':
      return `added with ${name}${where}, never deleted`;
    case 'timer':
      return `passed to ${name}${where}, never cleared`;
    case 'asyncContext':
      return `made the async context store with ${name}${where}`;
  }
}

/** The identifier a parameter binds as a whole (`bus`, `private bus: Bus`, `bus = defaultBus`), or null for patterns. */
function parameterBinding(param: TSESTree.Parameter): TSESTree.Identifier | null {
  let pattern: TSESTree.Node = param;
  if (pattern.type === AST_NODE_TYPES.TSParameterProperty) pattern = pattern.parameter;
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) pattern = pattern.left;
  return pattern.type === AST_NODE_TYPES.Identifier && pattern.name !== 'this' ? pattern : null;
}
