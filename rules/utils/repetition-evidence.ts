import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, isFunctionNode, isWriteTarget, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import {
  FILE_WATCH_CALLEES,
  ONE_SHOT_METHODS,
  ONE_SHOT_SCHEDULERS,
  RATE_LIMITING_WRAPPERS,
  REGISTRATION_VERBS,
  REGISTRATION_WHOLE_NAMES,
  SYNCHRONOUS_CALLBACK_METHODS,
} from './catalogs/bounded-collections.js';
import { RUN_ONCE_WRAPPERS } from './catalogs/timer-apis.js';
import { type ClassNode, classVariables, isClassNode, isExportedClass } from './class-bindings.js';
import { functionNameOf, isStartupFunction } from './execution-context.js';
import { type GlobalReferences, globalCalleePath, isCommonJsExportTarget } from './global-references.js';
import { describeHandler } from './request-handlers.js';
import { isImmediatelyInvoked, resolveVariable } from './scope.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/**
 * How often a piece of code runs, from the evidence in this file, weakest first:
 * - `once`: at load (module top level, IIFEs, static blocks, functions only called from there);
 * - `registration`: an exported registration API (`registerType`) with no caller here: runs per plugin;
 * - `unknown`: exported or handed out with no caller here: its callers are in other files;
 * - `repeats`: a callback, listener, method, or a function called from one of those.
 */
export type Repetition = 'once' | 'registration' | 'unknown' | 'repeats';
/** A function reached again while its own evidence is being computed (recursion, re-arming). */
type RepetitionOrCycle = Repetition | 'cycle';

const REPETITION_RANK: Readonly<Record<Repetition, number>> = { once: 0, registration: 1, unknown: 2, repeats: 3 };

/**
 * Answers "how often does this code run?" from the file's own evidence. A function runs as often as
 * whatever calls it: a callback handed to an emitter, router or timer runs per event; a method runs per
 * call on its instances; a function called only at load (directly, from an IIFE, or from a top-level
 * `forEach`) runs once. Each function and binding is evaluated once (memoised in the oracle), so the
 * whole analysis stays linear in the number of references. Creating one is cheap: all its work is lazy.
 */
export interface RepetitionOracle {
  readonly sourceCode: SourceCode;
  readonly globals: GlobalReferences;
  /** Top-level functions of a script are globals that other scripts call. */
  readonly isScript: boolean;
  readonly filename: string;
  readonly byFunction: Map<TSESTree.Node, Repetition>;
  readonly byVariable: Map<Variable, Repetition>;
  /** A class's instantiation (`<start>:new`) and static methods (`<start>:<name>`). */
  readonly byClassUse: Map<string, Repetition>;
  readonly inProgress: Set<unknown>;
}

export function createRepetitionOracle(sourceCode: SourceCode, globals: GlobalReferences, isScript: boolean, filename: string): RepetitionOracle {
  return { sourceCode, globals, isScript, filename, byFunction: new Map(), byVariable: new Map(), byClassUse: new Map(), inProgress: new Set() };
}

/** How often the code at `node` runs. */
export function repetitionOfSite(oracle: RepetitionOracle, node: TSESTree.Node): Repetition {
  return settle(ofContext(oracle, node));
}

/** How often a function handed to `call` as an argument runs (`server.on('x', fn)` repeats). */
export function repetitionOfCallbackArgument(oracle: RepetitionOracle, call: TSESTree.CallExpression | TSESTree.NewExpression): Repetition {
  return settle(ofCallback(oracle, call));
}

function ofContext(oracle: RepetitionOracle, node: TSESTree.Node): RepetitionOrCycle {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (isFunctionNode(current)) return ofFunction(oracle, current);
    if (
      (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.AccessorProperty) &&
      current.value === child &&
      !current.static
    ) {
      return 'repeats'; // an instance field initializer runs per instance
    }
  }
  return 'once';
}

function ofFunction(oracle: RepetitionOracle, fn: TSESTree.FunctionLike): RepetitionOrCycle {
  const known = oracle.byFunction.get(fn);
  if (known) return known;
  if (oracle.inProgress.has(fn)) return 'cycle';
  oracle.inProgress.add(fn);
  let result = settle(computeFunction(oracle, fn));
  // An exported function that a platform calls with the traffic by its signature (a Next.js route
  // handler, a serverless `handler(event)`, an exported `(req, res)`) repeats: the framework is the caller.
  if (result === 'unknown' && describeHandler(fn, oracle.sourceCode, oracle.filename)?.bySignature) result = 'repeats';
  if (result === 'unknown' && isRegistrationName(functionNameOf(fn))) result = 'registration';
  oracle.inProgress.delete(fn);
  oracle.byFunction.set(fn, result);
  return result;
}

function computeFunction(oracle: RepetitionOracle, fn: TSESTree.FunctionLike): RepetitionOrCycle {
  if (isImmediatelyInvoked(fn)) return ofContext(oracle, fn.parent);
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    const exported =
      fn.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || fn.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration;
    const variable = fn.id ? oracle.sourceCode.scopeManager?.getDeclaredVariables(fn)[0] : undefined;
    const fromCalls = variable ? ofVariable(oracle, variable) : 'once';
    return exported ? strongest(fromCalls, 'unknown') : fromCalls;
  }
  return ofValue(oracle, fn);
}

/** Where a function value (or an object holding it) goes decides how often it is called. */
function ofValue(oracle: RepetitionOracle, node: TSESTree.Node): RepetitionOrCycle {
  const value = skipParentTypeWrappers(node);
  const parent = value.parent;
  if (!parent) return 'once';
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee === value ? ofContext(oracle, parent) : ofCallback(oracle, parent);
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.AccessorProperty:
    case AST_NODE_TYPES.TSAbstractMethodDefinition:
      return ofClassMember(oracle, parent);
    case AST_NODE_TYPES.Property:
      return parent.parent.type === AST_NODE_TYPES.ObjectExpression ? ofValue(oracle, parent.parent) : 'repeats';
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) return 'repeats';
      const variable = oracle.sourceCode.scopeManager?.getDeclaredVariables(parent)[0];
      if (!variable) return 'repeats';
      const exported = parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
      return exported ? strongest(ofVariable(oracle, variable), 'unknown') : ofVariable(oracle, variable);
    }
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === value ? ofAssignmentTarget(oracle, parent.left) : 'repeats';
    case AST_NODE_TYPES.ExportDefaultDeclaration:
    case AST_NODE_TYPES.ExportSpecifier:
      return 'unknown';
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return ofValue(oracle, parent);
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.TemplateLiteral:
      return 'once'; // `typeof fn`, `fn === other`: read, never called from here
    case AST_NODE_TYPES.MemberExpression: {
      // `fn.call(…)` / `fn.apply(…)` run it here; `fn.bind(…)` hands a copy on.
      const call = parent.parent;
      if (parent.object !== value || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return 'repeats';
      const method = getStaticPropertyName(parent);
      if (method === 'call' || method === 'apply') return ofContext(oracle, call);
      return method === 'bind' ? ofValue(oracle, call) : 'repeats';
    }
    default:
      // Returned by a factory, put in a handler array, handed to a plugin: whoever receives it calls
      // it as often as it likes, which this file does not show.
      return 'unknown';
  }
}

function ofCallback(oracle: RepetitionOracle, call: TSESTree.CallExpression | TSESTree.NewExpression): RepetitionOrCycle {
  const callee = skipTypeWrappers(call.callee);
  const path = globalCalleePath(callee, oracle.globals);
  if (call.type === AST_NODE_TYPES.NewExpression) {
    return path === 'Promise' ? ofContext(oracle, call) : 'repeats'; // a Promise executor runs once, synchronously
  }
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
  if (method !== null && SYNCHRONOUS_CALLBACK_METHODS.has(method)) return settle(ofContext(oracle, call));
  // `_.memoize(loadModules)`, `once(init)`: the wrapper runs its function once however often the
  // wrapper is called, so as often as the wrapper is made (a memoised function with parameters runs once per key).
  const wrapper = method ?? (callee.type === AST_NODE_TYPES.Identifier ? callee.name : null);
  if (
    wrapper !== null &&
    RUN_ONCE_WRAPPERS.has(wrapper) &&
    (wrapper !== 'memoize' || takesNoArguments(functionOf(oracle, call.arguments[0])))
  ) {
    return ofContext(oracle, call);
  }
  // `_.debounce(fn)` runs fn at most as often as the wrapper is called: follow the wrapper.
  if (wrapper !== null && RATE_LIMITING_WRAPPERS.has(wrapper)) return ofValue(oracle, call);
  // A file watcher runs when someone edits a file (a config, a package list): not per request, so
  // its frequency is unknown and the growth must show per-call evidence.
  if (wrapper !== null && FILE_WATCH_CALLEES.has(wrapper)) return 'unknown';
  if ((method !== null && ONE_SHOT_METHODS.has(method)) || (path !== null && ONE_SHOT_SCHEDULERS.has(path))) {
    // Once per call, unless the function schedules itself again: then it is a loop in time.
    const context = ofContext(oracle, call);
    return context === 'cycle' ? 'repeats' : context;
  }
  return 'repeats';
}

function ofClassMember(
  oracle: RepetitionOracle,
  member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.AccessorProperty | TSESTree.TSAbstractMethodDefinition,
): RepetitionOrCycle {
  const name =
    member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition
      ? getStaticPropertyName(member)
      : null;
  const classNode = member.parent.parent;
  if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor' && isClassNode(classNode)) {
    return ofInstantiation(oracle, classNode);
  }
  // `onModuleInit`, `onApplicationBootstrap`: a framework calls them once per provider, at startup.
  if (member.type === AST_NODE_TYPES.MethodDefinition && !member.static && isStartupFunction(member.value)) return 'once';
  if (!member.static) return isRegistrationName(name) ? 'registration' : 'repeats';
  if (classNode.type !== AST_NODE_TYPES.ClassDeclaration && classNode.type !== AST_NODE_TYPES.ClassExpression) return 'repeats';
  return name === null ? 'repeats' : ofStaticMethod(oracle, classNode, name);
}

/**
 * A constructor runs where `new Class(…)` is: once for a class made at load, per event for one made
 * in a handler; an exported or handed-on class is made in other files, as often as they say.
 */
function ofInstantiation(oracle: RepetitionOracle, classNode: ClassNode): RepetitionOrCycle {
  return memoisedByClass(oracle, `${classNode.range[0]}:new`, () => {
    let result: RepetitionOrCycle = isExportedClass(classNode) ? 'unknown' : 'once';
    forEachClassUse(oracle, classNode, (identifier, parent) => {
      if (parent.type === AST_NODE_TYPES.NewExpression && parent.callee === identifier) result = strongest(result, ofContext(oracle, parent));
      else if (parent.type === AST_NODE_TYPES.ClassDeclaration || parent.type === AST_NODE_TYPES.ClassExpression) result = strongest(result, 'repeats');
      else if (!(parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier)) result = strongest(result, 'unknown');
    });
    return result;
  });
}

/** A static method runs where `Class.method(…)` is called; an exported class has callers elsewhere. */
function ofStaticMethod(oracle: RepetitionOracle, classNode: ClassNode, name: string): RepetitionOrCycle {
  return memoisedByClass(oracle, `${classNode.range[0]}:${name}`, () => {
    let result: RepetitionOrCycle = isExportedClass(classNode) ? 'unknown' : 'once';
    forEachClassUse(oracle, classNode, (identifier, parent) => {
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
        if (getStaticPropertyName(parent) === name) result = strongest(result, ofValueOrCall(oracle, parent));
      } else if (isPassedOn(identifier)) {
        result = strongest(result, 'unknown'); // the class itself is exported or handed on
      }
    });
    return result;
  });
}

/** Evidence about a class (its instantiation, a static method), computed once, cycles broken. */
function memoisedByClass(oracle: RepetitionOracle, key: string, compute: () => RepetitionOrCycle): RepetitionOrCycle {
  const known = oracle.byClassUse.get(key);
  if (known) return known;
  if (oracle.inProgress.has(key)) return 'cycle';
  oracle.inProgress.add(key);
  const settled = settle(compute());
  oracle.inProgress.delete(key);
  oracle.byClassUse.set(key, settled);
  return settled;
}

/** Every read of the class's name, with the node that uses it. */
function forEachClassUse(
  oracle: RepetitionOracle,
  classNode: ClassNode,
  visit: (identifier: TSESTree.Node, parent: TSESTree.Node) => void,
): void {
  for (const variable of classVariables(classNode, oracle.sourceCode)) {
    for (const reference of variable.references) {
      if (reference.init || !reference.isRead()) continue;
      const identifier = skipParentTypeWrappers(reference.identifier);
      if (identifier.parent) visit(identifier, identifier.parent);
    }
  }
}

/**
 * `api.handle(req)` on a handler object or `fn.call(…)` runs where it is called; `fn.bind(…)` and
 * `server.on('x', api.handle)` hand it on; `fn.name` or `fn.displayName = …` does neither.
 */
function ofMemberOfValue(oracle: RepetitionOracle, value: TSESTree.Node, member: TSESTree.MemberExpression): RepetitionOrCycle {
  const method = getStaticPropertyName(member);
  if (method === 'bind' || method === 'call' || method === 'apply') return ofValue(oracle, value);
  const outer = skipParentTypeWrappers(member);
  const parent = outer.parent;
  if (!parent || isWriteTarget(outer)) return 'once';
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) return ofContext(oracle, parent);
  return isPassedOn(outer) ? ofValue(oracle, member) : 'once';
}

function ofValueOrCall(oracle: RepetitionOracle, node: TSESTree.Node): RepetitionOrCycle {
  const outer = skipParentTypeWrappers(node);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) return ofContext(oracle, parent);
  return ofValue(oracle, node);
}

function ofAssignmentTarget(oracle: RepetitionOracle, target: TSESTree.Node): RepetitionOrCycle {
  if (isCommonJsExportTarget(target, oracle.globals)) return 'unknown';
  if (target.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(oracle.sourceCode, target);
    return variable ? ofVariable(oracle, variable) : 'unknown';
  }
  if (target.type !== AST_NODE_TYPES.MemberExpression) return 'repeats';
  const object = skipTypeWrappers(target.object);
  // `Conn.prototype.onData = function …` is a method; `api.register = function …` is module API.
  if (object.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(object) === 'prototype') return 'repeats';
  if (object.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(oracle.sourceCode, object);
    if (variable && variable.defs.length > 0 && variable.scope.block.type === AST_NODE_TYPES.Program) return 'unknown';
  }
  return 'repeats';
}

/** The strongest evidence among the references to a function's (or handler object's) binding. */
function ofVariable(oracle: RepetitionOracle, variable: Variable): RepetitionOrCycle {
  const known = oracle.byVariable.get(variable);
  if (known) return known;
  if (oracle.inProgress.has(variable)) return 'cycle';
  oracle.inProgress.add(variable);
  // Top-level functions of a script are globals that other scripts call.
  let result: RepetitionOrCycle = oracle.isScript && variable.scope.type === TSESLint.Scope.ScopeType.global ? 'unknown' : 'once';
  for (const reference of variable.references) {
    if (reference.init || !reference.isRead()) continue;
    const identifier = skipParentTypeWrappers(reference.identifier);
    const parent = identifier.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
      result = strongest(result, ofMemberOfValue(oracle, identifier, parent));
    } else {
      result = strongest(result, ofValueOrCall(oracle, identifier));
    }
    if (result === 'repeats') break;
  }
  const settled = settle(result);
  oracle.inProgress.delete(variable);
  oracle.byVariable.set(variable, settled);
  return settled;
}

/** The function `node` is or names (`loadModulesImpl` → its declaration). */
function functionOf(oracle: RepetitionOracle, node: TSESTree.Node | undefined): TSESTree.Node | null {
  if (!node) return null;
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return value;
  return resolveVariable(oracle.sourceCode, value)?.defs[0]?.node ?? null;
}

function settle(repetition: RepetitionOrCycle): Repetition {
  return repetition === 'cycle' ? 'once' : repetition;
}

function strongest(a: RepetitionOrCycle, b: RepetitionOrCycle): RepetitionOrCycle {
  if (a === 'cycle') return b;
  if (b === 'cycle') return a;
  return REPETITION_RANK[a] >= REPETITION_RANK[b] ? a : b;
}

/** `register`, `registerType`, `use`: an API other files call once per plugin or type, not per request. */
function isRegistrationName(name: string | null): boolean {
  if (name === null) return false;
  if (REGISTRATION_WHOLE_NAMES.includes(name)) return true;
  return REGISTRATION_VERBS.some(
    (verb) => name.startsWith(verb) && (name.length === verb.length || /[A-Z_$]/u.test(name[verb.length]!)),
  );
}

function takesNoArguments(fn: TSESTree.Node | null): boolean {
  return fn !== null && isFunctionNode(fn) && fn.params.length === 0;
}

/** A value in a position where it leaves this expression: an argument, a stored or exported value. */
function isPassedOn(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee !== node;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === node;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ExportSpecifier:
    case AST_NODE_TYPES.ExportDefaultDeclaration:
    case AST_NODE_TYPES.VariableDeclarator:
      return true;
    default:
      return false;
  }
}
