/**
 * Which targets of `no-leaked-listener` outlive the call that adds a listener: `process` and other
 * long-lived globals, module-level and imported bindings (and their local aliases), `static` fields,
 * `this` of a singleton (with `checkThisTargets`), a caller's `AbortSignal`, targets named in
 * `longLivedTargets`, and services handed to a class's constructor (with `checkWrapperRegistrations`).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, getOutermostFunction, getVariableWrites, isImplicitGlobal, isReassigned, isValuePath, unwrap } from './acquire-release.js';
import { getStaticPropertyName, isFunctionNode } from './ast.js';
import { EVENT_HELPER_MODULES, LONG_LIVED_GLOBALS } from './catalogs/listener-apis.js';
import type { ClassNode, ListenerFile, LongLivedTarget, AdditionSite } from './listener-file.js';
import { staticEventName } from './listener-file.js';
import { injectedServiceParameter } from './listener-wrappers.js';
import { getInjectionScope } from './long-lived-objects.js';
import { isModuleLevelScope, isModuleLevelVariable } from './scope.js';

type Variable = TSESLint.Scope.Variable;
const { DefinitionType } = TSESLint.Scope;

/** The target's identity when it outlives the call that adds the listener, else null. */
export function longLivedTarget(file: ListenerFile, addition: AdditionSite): LongLivedTarget | null {
  const key = targetKeyOf(file, addition.target);
  if (key === null) return null;
  if (addition.registration || isListedImportCall(file, addition.target)) return { key, injected: false };
  const target = unwrap(addition.target);
  if (!isValuePath(target)) return null;
  const chain = memberChain(target);
  const base = chain.base;
  const outermost = getOutermostFunction(addition.call);
  const longLived =
    base.type === AST_NODE_TYPES.ThisExpression
      ? isLongLivedThis(file, base, chain.members)
      : base.type === AST_NODE_TYPES.Identifier && isLongLivedIdentifier(file, base, target, outermost);
  if (!longLived) {
    if (isCallerSignal(file, addition, base, chain.members)) return { key, injected: false };
    return file.checkWrappers && isInjectedService(file, target) ? { key, injected: true } : null;
  }
  // A slot reassigned in the same call holds a fresh object each time (`state.socket = net.connect()`).
  // Checked last: it needs the file's member writes.
  if (outermost && chain.members.some((member) => file.writes.isWrittenInside(member, outermost))) return null;
  return { key, injected: false };
}

/** The identity of an emitter expression; a call into a listed module (`getBus()`) is named by its text. */
export function targetKeyOf(file: ListenerFile, node: TSESTree.Node): string | null {
  const key = file.keys.keyOf(node);
  if (key !== null || file.longLivedNames.size === 0 || !isListedImportCall(file, node)) return key;
  return `text:${file.sourceCode.getText(node)}`;
}

/** A service handed to the class's constructor and kept as it is (`this.events`, never replaced). */
function isInjectedService(file: ListenerFile, target: TSESTree.Node): boolean {
  const parameter = injectedServiceParameter(target, file.keys, file.sourceCode);
  if (!parameter || target.type !== AST_NODE_TYPES.MemberExpression) return parameter !== null;
  const owner = file.keys.thisOwnerOf(target);
  const classNode = owner?.owner;
  return !!classNode && (classNode.type === AST_NODE_TYPES.ClassDeclaration || classNode.type === AST_NODE_TYPES.ClassExpression) && !isAssignedOutsideConstructor(file, target, classNode);
}

/**
 * An `'abort'` listener on an `AbortSignal` the caller handed in (`signal`, `options.signal`,
 * `{ signal }`): the signal outlives the call (a server's shutdown signal, a request-scoped one
 * reused for many calls), so every call that completes without aborting leaves its listener on it:
 * the classic "MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]".
 */
function isCallerSignal(file: ListenerFile, addition: AdditionSite, base: TSESTree.Node, members: readonly TSESTree.Node[]): boolean {
  if (!addition.eventTarget || !addition.event || staticEventName(file, addition.event) !== 'abort') return false;
  if (base.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = file.keys.variableOf(base);
  if (variable?.defs[0]?.type !== DefinitionType.Parameter) return false;
  const last = members.at(-1);
  const name = last ? getStaticPropertyName(last as TSESTree.MemberExpression) : base.name;
  return name === 'signal' || /signal$/iu.test(name ?? '');
}

function isLongLivedIdentifier(file: ListenerFile, base: TSESTree.Identifier, target: TSESTree.Node, outermost: TSESTree.Node | null): boolean {
  const variable = file.keys.variableOf(base);
  if (!variable || isImplicitGlobal(variable)) {
    return LONG_LIVED_GLOBALS.has(base.name) || file.longLivedNames.has(base.name) || file.longLivedNames.has(file.sourceCode.getText(target));
  }
  const source = importSource(variable);
  if (source !== null && EVENT_HELPER_MODULES.has(source)) return false;
  if (file.longLivedNames.has(base.name) || file.longLivedNames.has(file.sourceCode.getText(target))) return true;
  if (source !== null && file.longLivedNames.has(source)) return true;
  const definition = variable.defs[0];
  // Inside its own body a class name resolves to the class scope's binding: same class, same statics.
  if (definition?.type === DefinitionType.ClassName) return isAtModuleLevel(definition.node);
  if (!isModuleLevelVariable(variable)) return isLongLivedLocalAlias(file, variable, outermost);
  if (definition?.type === DefinitionType.ImportBinding) return true;
  if (definition?.type !== DefinitionType.Variable) return false;
  return !(outermost && getVariableWrites(variable).some((write) => contains(outermost, write)));
}

/**
 * `const p = process` / `const bus = sharedBus` inside the function: the alias of a long-lived value;
 * `const bus = require('./bus')` inside it: `require` returns the cached module, a singleton.
 */
function isLongLivedLocalAlias(file: ListenerFile, variable: Variable, outermost: TSESTree.Node | null): boolean {
  const definition = variable.defs[0];
  if (variable.defs.length !== 1 || definition?.type !== DefinitionType.Variable || isReassigned(variable)) return false;
  const { init } = definition.node;
  if (requireSource(init) !== null) return true;
  if (!init || unwrap(init).type !== AST_NODE_TYPES.Identifier) return false;
  const aliased = unwrap(init) as TSESTree.Identifier;
  const aliasedVariable = file.keys.variableOf(aliased);
  if (aliasedVariable && !isImplicitGlobal(aliasedVariable) && !isModuleLevelVariable(aliasedVariable)) return false;
  return isLongLivedIdentifier(file, aliased, aliased, outermost);
}

/** `getBus().on(…)` where `getBus` comes from an import path listed in `longLivedTargets`. */
function isListedImportCall(file: ListenerFile, node: TSESTree.Node): boolean {
  if (file.longLivedNames.size === 0) return false;
  let current = unwrap(node);
  let sawCall = false;
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
    else if (current.type === AST_NODE_TYPES.CallExpression) {
      sawCall = true;
      current = unwrap(current.callee);
    } else break;
  }
  if (!sawCall || current.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = file.keys.variableOf(current);
  const source = variable ? importSource(variable) : null;
  return source !== null && file.longLivedNames.has(source);
}

/** `this` in a static member of a module-level class, or (with `checkThisTargets`) of a singleton. */
function isLongLivedThis(file: ListenerFile, base: TSESTree.ThisExpression, members: TSESTree.MemberExpression[]): boolean {
  const owner = file.keys.thisOwnerOf(base);
  if (!owner || isFunctionNode(owner.owner)) return false;
  if (owner.isStatic) return owner.owner.type !== AST_NODE_TYPES.ObjectExpression && isAtModuleLevel(owner.owner);
  if (!file.checkThisTargets) return false;
  // The constructor and field initializers run once per instance: the instance's own lifetime.
  const member = owner.member;
  if (!member || member.type !== AST_NODE_TYPES.MethodDefinition || member.kind === 'constructor') return false;
  if (owner.owner.type === AST_NODE_TYPES.ObjectExpression) return isModuleLevelObject(file, owner.owner);
  // A NestJS provider in singleton scope lives as long as the app, like a class made once at load.
  if (!file.runs.isLoadTimeSingleton(owner.owner) && getInjectionScope(file.sourceCode, owner.owner) !== 'singleton') return false;
  // `this.socket = net.connect()` in another method: the field holds a replaceable per-connection object.
  const field = members[0];
  return !field || !isAssignedOutsideConstructor(file, field, owner.owner);
}

/** Whether some write of the field happens outside the class's constructor (a replaceable slot). */
function isAssignedOutsideConstructor(file: ListenerFile, field: TSESTree.MemberExpression, owner: ClassNode): boolean {
  const constructorMethod = owner.body.body.find(
    (element) => element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor',
  );
  return file.writes.writesOf(field).some((write) => !constructorMethod || !contains(constructorMethod, write));
}


function isModuleLevelObject(file: ListenerFile, object: TSESTree.ObjectExpression): boolean {
  const holder = object.parent;
  return holder.type === AST_NODE_TYPES.VariableDeclarator && isModuleLevelScope(file.sourceCode.getScope(holder));
}

/** `a.b.c` → base `a` and the member expressions `a.b`, `a.b.c`, innermost first. */
function memberChain(node: TSESTree.Node): { base: TSESTree.Node; members: TSESTree.MemberExpression[] } {
  const members: TSESTree.MemberExpression[] = [];
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    members.unshift(current);
    current = unwrap(current.object);
  }
  return { base: current, members };
}

function importSource(variable: Variable): string | null {
  const definition = variable.defs[0];
  if (definition?.type === DefinitionType.ImportBinding) {
    const declaration = definition.parent;
    return declaration?.type === AST_NODE_TYPES.ImportDeclaration ? declaration.source.value : null;
  }
  if (definition?.type !== DefinitionType.Variable) return null;
  return requireSource(definition.node.init);
}

/** `require('x')`, `require('x').y`: the module a CommonJS binding comes from. */
function requireSource(init: TSESTree.Expression | null): string | null {
  let current = init ? unwrap(init) : null;
  while (current?.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
  if (current?.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = unwrap(current.callee);
  const [argument] = current.arguments;
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require') return null;
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : null;
}

function isAtModuleLevel(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return false;
  }
  return true;
}
