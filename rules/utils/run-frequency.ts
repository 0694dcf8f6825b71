import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, isFunctionNode, isWriteTarget, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import { REGISTRATION_VERBS, REGISTRATION_WHOLE_NAMES } from './catalogs/bounded-collections.js';
import {
  FILE_WATCH_CALLEES,
  ONE_SHOT_FUNCTIONS,
  ONE_SHOT_METHODS,
  RATE_LIMITING_WRAPPERS,
  REPEATING_CALLBACK_CALLEES,
  RUN_ONCE_WRAPPERS,
  SYNCHRONOUS_ITERATION_METHODS,
} from './catalogs/callback-runs.js';
import { GLOBAL_OBJECT_NAMES, TIMER_MODULES } from './catalogs/timer-apis.js';
import { type ClassNode, classVariables, isClassNode, isExportedClass } from './class-bindings.js';
import { functionNameOf, isStartupFunction } from './execution-context.js';
import { createGlobalReferences, type GlobalReferences, globalCalleePath, isCommonJsExportTarget } from './global-references.js';
import { isHandedOn } from './hand-off-positions.js';
import { describeHandler } from './request-handlers.js';
import { isImmediatelyInvoked, resolveVariable, type SourceCode, type Variable } from './scope.js';

/**
 * How often a piece of code runs, from the evidence in this file, weakest first:
 * - `once`: at load (module top level, IIFEs, static blocks, functions only called from there), or
 *   in a framework's startup hook (`onModuleInit`);
 * - `registration`: a registration API (`registerType`) with no repeating caller here: runs per plugin;
 * - `unknown`: exported or handed out with no repeating caller here: its callers are in other files;
 * - `repeats`: a callback, listener, method, or a function called from one of those.
 */
export type RunLevel = 'once' | 'registration' | 'unknown' | 'repeats';

/** The answer for one piece of code. */
export interface RunFrequency {
  readonly level: RunLevel;
  /**
   * The function whose callers, not shown in this file, decide how often the code runs: a method,
   * an exported or handed-out function, a callback handed to an API the catalog does not know, or a
   * helper called only from such a function. `level` is then a presumption from its shape (a method
   * repeats, an exported function is unknown, `onModuleInit` runs once). Null where the file shows the
   * answer: load-time code, or a repeating caller (a listener, a route, an interval). Also null for
   * an instance field initializer of a class with no written constructor that the file never makes.
   */
  readonly unseenCaller: TSESTree.FunctionLike | null;
  /** Why the code repeats, in words a message can quote ("handed to `server.on` on line 4"), when the file shows it. */
  readonly evidence: string | null;
}

/**
 * What counts as running again. Per process (the default), a loop or an array iteration runs its
 * body as often as the code around it: `for (const q of queues) q.on(…)` in `main()` registers a
 * bounded set of listeners once. Asking whether a slot is refilled while its last value is live
 * (`this.timer = setInterval(…)` in a method called again) is a question about one run of the
 * caller, where a loop calling the method twice is the repetition: `loopsRepeat` says so.
 */
export interface RunPolicy {
  readonly loopsRepeat: boolean;
}

export const PER_PROCESS: RunPolicy = { loopsRepeat: false };
export const LOOPS_REPEAT: RunPolicy = { loopsRepeat: true };

/**
 * Answers "how often does this code run?" from the file's own evidence. A function runs as often as
 * whatever calls it: a callback handed to an emitter, router or timer runs per event; a method runs per
 * call on its instances; a function called only at load (directly, from an IIFE, or from a top-level
 * `forEach`) runs once. Each function, binding and class is evaluated once per policy (memoised), so the
 * whole analysis stays linear in the number of references. Creating one is cheap: all its work is lazy.
 */
export interface RunFrequencyAnalysis {
  /** How often the code at `node` runs. */
  at(node: TSESTree.Node, policy?: RunPolicy): RunFrequency;
  /** How often a function handed to `call` as an argument runs (`server.on('x', fn)` repeats). */
  ofCallbackArgument(call: TSESTree.CallExpression | TSESTree.NewExpression): RunFrequency;
  /** Whether the code at `node` may run more than once per process: anything but load-time code the file shows. */
  runsRepeatedlyAt(node: TSESTree.Node): boolean;
  /**
   * Whether the file makes the class's instances only at load, at least one (`export const cache =
   * new Cache()`), and neither extends nor hands the class on: its instance lives with the module.
   * Other files may make more of an exported class; that does not shorten this one's life.
   */
  isLoadTimeSingleton(classNode: ClassNode): boolean;
}

export interface RunFrequencyOptions {
  /** Reuse the rule's own; built lazily otherwise. */
  readonly globals?: GlobalReferences;
  /** `sourceType: 'script'`: top-level functions are globals that other scripts call. */
  readonly isScript: boolean;
  readonly filename: string;
}

export function createRunFrequency(sourceCode: SourceCode, options: RunFrequencyOptions): RunFrequencyAnalysis {
  const file: FileFacts = {
    sourceCode,
    globals: options.globals ?? createGlobalReferences(sourceCode),
    isScript: options.isScript,
    filename: options.filename,
    walks: new Map(),
  };
  const walk = (policy: RunPolicy): Walk => walkFor(file, policy);
  return {
    at: (node, policy = PER_PROCESS) => toFrequency(ofContext(walk(policy), node)),
    ofCallbackArgument: (call) => toFrequency(resolveSelf(settle(ofCallback(walk(PER_PROCESS), call)), firstFunctionArgument(call))),
    runsRepeatedlyAt: (node) => !isShownOnce(settle(ofContext(walk(PER_PROCESS), node))),
    isLoadTimeSingleton: (classNode) => {
      const made = instancesMadeHere(walk(PER_PROCESS), classNode);
      return made.made && isShownOnce(made.answer);
    },
  };
}

/** Anything but code the file shows running at load. */
export function mayRunRepeatedly(frequency: RunFrequency): boolean {
  return frequency.level !== 'once' || frequency.unseenCaller !== null;
}

/**
 * The answer rests on a startup function whose callers the file does not show (`export async function
 * main()`, `onModuleInit`, a module installer): it runs once per process by convention.
 */
export function restsOnStartupCode(frequency: RunFrequency): boolean {
  return frequency.unseenCaller !== null && isStartupFunction(frequency.unseenCaller);
}

/** The file shows a repeating caller: a listener, a route, an interval, a loop under `LOOPS_REPEAT`. */
export function showsRepetition(frequency: RunFrequency): boolean {
  return frequency.level === 'repeats' && frequency.unseenCaller === null;
}

// -- The walk --------------------------------------------------------------------------------------

/** Stands for "the function being judged" in memoised answers shared by several functions (an object's methods). */
const SELF = Symbol('the function being judged');
/** A function reached again while its own answer is being computed (recursion, re-arming). */
const CYCLE = Symbol('cycle');

interface Answer {
  readonly level: RunLevel;
  readonly caller: TSESTree.FunctionLike | typeof SELF | null;
  readonly evidence: string | null;
}
type AnswerOrCycle = Answer | typeof CYCLE;

const ONCE: Answer = { level: 'once', caller: null, evidence: null };
const REPETITION_RANK: Readonly<Record<RunLevel, number>> = { once: 0, registration: 1, unknown: 2, repeats: 3 };

interface FileFacts {
  readonly sourceCode: SourceCode;
  readonly globals: GlobalReferences;
  readonly isScript: boolean;
  readonly filename: string;
  readonly walks: Map<RunPolicy, Walk>;
}

/** The memo of one policy. */
interface Walk {
  readonly file: FileFacts;
  readonly policy: RunPolicy;
  readonly byFunction: Map<TSESTree.Node, Answer>;
  readonly byVariable: Map<Variable, Answer>;
  /** A class's static methods (`<start>:<name>`). */
  readonly byStaticMethod: Map<string, Answer>;
  readonly byClass: Map<ClassNode, MadeHere>;
  readonly inProgress: Set<unknown>;
}

/** How often the file makes a class's instances, and whether it makes any. */
interface MadeHere {
  readonly answer: Answer;
  readonly made: boolean;
}

function walkFor(file: FileFacts, policy: RunPolicy): Walk {
  let walk = file.walks.get(policy);
  if (!walk) {
    walk = { file, policy, byFunction: new Map(), byVariable: new Map(), byStaticMethod: new Map(), byClass: new Map(), inProgress: new Set() };
    file.walks.set(policy, walk);
  }
  return walk;
}

function presumed(level: RunLevel): Answer {
  return { level, caller: SELF, evidence: null };
}

function shown(evidence: string): Answer {
  return { level: 'repeats', caller: null, evidence };
}

function isShownOnce(answer: Answer): boolean {
  return answer.level === 'once' && answer.caller === null;
}

/** The public answer: by now every "function being judged" is resolved to its function. */
function toFrequency(answer: AnswerOrCycle): RunFrequency {
  const { level, caller, evidence } = settle(answer);
  return { level, unseenCaller: caller === SELF ? null : caller, evidence };
}

function ofContext(walk: Walk, node: TSESTree.Node): AnswerOrCycle {
  let loop: TSESTree.Node | null = null;
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (isFunctionNode(current)) return inLoop(loop, ofFunction(walk, current));
    if (
      (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.AccessorProperty) &&
      current.value === child &&
      !current.static &&
      isClassNode(current.parent.parent)
    ) {
      // An instance field initializer runs where the constructor does: once per instance.
      const classNode = current.parent.parent;
      return inLoop(loop, resolveSelf(ofInstantiation(walk, classNode), constructorOf(classNode)));
    }
    if (walk.policy.loopsRepeat && loop === null && isLoop(current) && !isFixedListLoop(current)) loop = current;
  }
  return ONCE; // module top level (a loop there runs at load too)
}

/** Under `LOOPS_REPEAT`, code in a loop of code that may run more than once repeats: the file shows it. */
function inLoop(loop: TSESTree.Node | null, answer: AnswerOrCycle): AnswerOrCycle {
  if (loop === null || answer === CYCLE || isShownOnce(answer)) return answer;
  return shown(`runs in a loop on line ${loop.loc.start.line}`);
}

function ofFunction(walk: Walk, fn: TSESTree.FunctionLike): AnswerOrCycle {
  const known = walk.byFunction.get(fn);
  if (known) return known;
  if (walk.inProgress.has(fn)) return CYCLE;
  walk.inProgress.add(fn);
  let result = settle(computeFunction(walk, fn));
  // An exported function that a platform calls with the traffic by its signature (a Next.js route
  // handler, a serverless `handler(event)`, an exported `(req, res)`) repeats: the framework is the caller.
  const handler = result.level === 'unknown' ? describeHandler(fn, walk.file.sourceCode, walk.file.filename) : null;
  if (handler?.bySignature) result = { level: 'repeats', caller: result.caller, evidence: handler.text };
  if (result.level === 'unknown' && isRegistrationName(functionNameOf(fn))) result = { ...result, level: 'registration' };
  const resolved = resolveSelf(result, fn);
  walk.inProgress.delete(fn);
  walk.byFunction.set(fn, resolved);
  return resolved;
}

function computeFunction(walk: Walk, fn: TSESTree.FunctionLike): AnswerOrCycle {
  if (isImmediatelyInvoked(fn)) return ofContext(walk, fn.parent);
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    const exported =
      fn.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || fn.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration;
    const variable = fn.id ? walk.file.sourceCode.scopeManager?.getDeclaredVariables(fn)[0] : undefined;
    const fromCalls = variable ? ofVariable(walk, variable) : ONCE;
    return exported ? strongest(fromCalls, presumed('unknown')) : fromCalls;
  }
  return ofValue(walk, fn);
}

/** Where a function value (or an object holding it) goes decides how often it is called. */
function ofValue(walk: Walk, node: TSESTree.Node): AnswerOrCycle {
  const value = skipParentTypeWrappers(node);
  const parent = value.parent; // a function, an object or a call: never the Program
  switch (parent?.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee === value ? ofContext(walk, parent) : ofCallback(walk, parent);
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.AccessorProperty:
    case AST_NODE_TYPES.TSAbstractMethodDefinition:
      return ofClassMember(walk, parent);
    case AST_NODE_TYPES.Property:
      return parent.parent.type === AST_NODE_TYPES.ObjectExpression ? ofValue(walk, parent.parent) : presumed('repeats');
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) return presumed('repeats');
      const variable = walk.file.sourceCode.scopeManager?.getDeclaredVariables(parent)[0];
      if (!variable) return presumed('repeats');
      const exported = parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
      return exported ? strongest(ofVariable(walk, variable), presumed('unknown')) : ofVariable(walk, variable);
    }
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === value ? ofAssignmentTarget(walk, parent.left) : presumed('repeats');
    case AST_NODE_TYPES.ExportDefaultDeclaration:
    case AST_NODE_TYPES.ExportSpecifier:
      return presumed('unknown');
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return ofValue(walk, parent);
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.TemplateLiteral:
      return ONCE; // `typeof fn`, `fn === other`: read, never called from here
    case AST_NODE_TYPES.MemberExpression: {
      // `fn.call(…)` / `fn.apply(…)` run it here; `fn.bind(…)` hands a copy on.
      const call = parent.parent;
      if (parent.object !== value || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return presumed('repeats');
      const method = getStaticPropertyName(parent);
      if (method === 'call' || method === 'apply') return ofContext(walk, call);
      return method === 'bind' ? ofValue(walk, call) : presumed('repeats');
    }
    default:
      // Returned by a factory, put in a handler array, handed to a plugin: whoever receives it calls
      // it as often as it likes, which this file does not show.
      return presumed('unknown');
  }
}

function ofCallback(walk: Walk, call: TSESTree.CallExpression | TSESTree.NewExpression): AnswerOrCycle {
  const callee = skipTypeWrappers(call.callee);
  if (call.type === AST_NODE_TYPES.NewExpression) {
    // A Promise executor runs once, synchronously; another constructor keeps the function for its own use.
    return globalCalleePath(callee, walk.file.globals) === 'Promise' ? ofContext(walk, call) : presumed('repeats');
  }
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
  if (method !== null && callee.type === AST_NODE_TYPES.MemberExpression && SYNCHRONOUS_ITERATION_METHODS.has(method)) {
    return ofIteration(walk, call, callee);
  }
  // `_.memoize(loadModules)`, `once(init)`: the wrapper runs its function once however often the
  // wrapper is called, so as often as the wrapper is made (a memoised function with parameters runs once per key).
  const wrapper = method ?? (callee.type === AST_NODE_TYPES.Identifier ? callee.name : null);
  if (wrapper !== null && RUN_ONCE_WRAPPERS.has(wrapper) && (wrapper !== 'memoize' || takesNoArguments(functionOf(walk, call.arguments[0])))) {
    return ofContext(walk, call);
  }
  // `_.debounce(fn)` runs fn at most as often as the wrapper is called: follow the wrapper.
  if (wrapper !== null && RATE_LIMITING_WRAPPERS.has(wrapper)) return ofValue(walk, call);
  // A file watcher runs when someone edits a file (a config, a package list): not per request, so
  // its frequency is unknown and the growth must show per-call evidence.
  if (wrapper !== null && FILE_WATCH_CALLEES.has(wrapper)) return presumed('unknown');
  if ((method !== null && (ONE_SHOT_METHODS.has(method) || ONE_SHOT_FUNCTIONS.has(method))) || isOneShotFunction(walk, callee)) {
    // Once per call, unless the function schedules itself again: then it is a loop in time.
    const context = ofContext(walk, call);
    return context === CYCLE ? shown(`schedules itself again with \`${calleeText(walk, call)}\` on line ${call.loc.start.line}`) : context;
  }
  const name = method ?? (callee.type === AST_NODE_TYPES.Identifier ? callee.name : null);
  if (name !== null && REPEATING_CALLBACK_CALLEES.has(name)) return shown(`handed to \`${calleeText(walk, call)}\` on line ${call.loc.start.line}`);
  // `fp(plugin)`, `program.action(fn)`: presumed to repeat, as often as that API decides.
  return presumed('repeats');
}

/**
 * `items.forEach(fn)` runs fn during the call: per process, as often as the call (times a length the
 * code bounds). Under `LOOPS_REPEAT`, iteration over anything but a list written in the code
 * (`['SIGINT', 'SIGTERM'].forEach`) is a loop.
 */
function ofIteration(walk: Walk, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): AnswerOrCycle {
  const context = settle(ofContext(walk, call));
  if (!walk.policy.loopsRepeat || skipTypeWrappers(callee.object).type === AST_NODE_TYPES.ArrayExpression || isShownOnce(context)) return context;
  return shown(`iterates with \`${calleeText(walk, call)}\` on line ${call.loc.start.line}`);
}

/** `setTimeout(cb)` as the global or `node:timers`' import (under any local name), or `globalThis.setTimeout(cb)`: not a local function. */
function isOneShotFunction(walk: Walk, callee: TSESTree.Node): boolean {
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const object = skipTypeWrappers(callee.object);
    return object.type === AST_NODE_TYPES.Identifier && GLOBAL_OBJECT_NAMES.has(object.name) && ONE_SHOT_FUNCTIONS.has(getStaticPropertyName(callee) ?? '');
  }
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  if (walk.file.globals.has(callee)) return ONE_SHOT_FUNCTIONS.has(callee.name);
  const definition = resolveVariable(walk.file.sourceCode, callee)?.defs[0];
  if (definition?.type !== TSESLint.Scope.DefinitionType.ImportBinding || definition.node.type !== AST_NODE_TYPES.ImportSpecifier) return false;
  const { imported, parent: declaration } = definition.node;
  const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
  const source = declaration.source?.value.replace(/^node:/u, '') ?? '';
  return ONE_SHOT_FUNCTIONS.has(name) && TIMER_MODULES.includes(source);
}

function ofClassMember(
  walk: Walk,
  member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.AccessorProperty | TSESTree.TSAbstractMethodDefinition,
): AnswerOrCycle {
  const name =
    member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition ? getStaticPropertyName(member) : null;
  const classNode = member.parent.parent;
  if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor' && isClassNode(classNode)) {
    return ofInstantiation(walk, classNode);
  }
  // `onModuleInit`, `onApplicationBootstrap`: a framework calls them once per provider, at startup.
  if (member.type === AST_NODE_TYPES.MethodDefinition && !member.static && isStartupFunction(member.value)) return presumed('once');
  // A method runs per call on its instances; who calls it, and how often, the file does not show.
  if (!member.static) return presumed(isRegistrationName(name) ? 'registration' : 'repeats');
  if (!isClassNode(classNode)) return presumed('repeats');
  return name === null ? presumed('repeats') : ofStaticMethod(walk, classNode, name);
}

/**
 * A constructor runs where `new Class(…)` is: once for a class made at load, per event for one made
 * in a handler; an exported or handed-on class is made in other files, as often as they say; a class
 * the file never makes nor exports is made where the file does not show (a decorator, a container).
 */
function ofInstantiation(walk: Walk, classNode: ClassNode): Answer {
  const { answer, made } = instancesMadeHere(walk, classNode);
  return isExportedClass(classNode) || !made ? settle(strongest(answer, presumed('unknown'))) : answer;
}

/** The one singleton test: where the file makes the class (and whether it does), extends it or hands it on. */
function instancesMadeHere(walk: Walk, classNode: ClassNode): MadeHere {
  const known = walk.byClass.get(classNode);
  if (known) return known;
  if (walk.inProgress.has(classNode)) return { answer: ONCE, made: false };
  walk.inProgress.add(classNode);
  let answer: AnswerOrCycle = ONCE;
  let made = false;
  const holder = classNode.parent;
  // `export default new (class { … })()`: made once, where it is written.
  if (classNode.type === AST_NODE_TYPES.ClassExpression && holder.type === AST_NODE_TYPES.NewExpression && holder.callee === classNode) {
    answer = ofContext(walk, holder);
    made = true;
  }
  forEachClassUse(walk, classNode, (identifier, parent) => {
    if (parent.type === AST_NODE_TYPES.NewExpression && parent.callee === identifier) {
      answer = strongest(answer, ofContext(walk, parent));
      made = true;
    } else if (parent.type === AST_NODE_TYPES.ClassDeclaration || parent.type === AST_NODE_TYPES.ClassExpression) {
      answer = strongest(answer, presumed('repeats')); // a subclass is made where the file may not show
    } else if (!(parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier)) {
      answer = strongest(answer, presumed('unknown'));
    }
  });
  const result = { answer: settle(answer), made };
  walk.inProgress.delete(classNode);
  walk.byClass.set(classNode, result);
  return result;
}

/** A static method runs where `Class.method(…)` is called; an exported class has callers elsewhere. */
function ofStaticMethod(walk: Walk, classNode: ClassNode, name: string): AnswerOrCycle {
  const key = `${classNode.range[0]}:${name}`;
  const known = walk.byStaticMethod.get(key);
  if (known) return known;
  if (walk.inProgress.has(key)) return CYCLE;
  walk.inProgress.add(key);
  let result: AnswerOrCycle = isExportedClass(classNode) ? presumed('unknown') : ONCE;
  forEachClassUse(walk, classNode, (identifier, parent) => {
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
      if (getStaticPropertyName(parent) === name) result = strongest(result, ofValueOrCall(walk, parent));
    } else if (isHandedOn(identifier, 'escapes')) {
      result = strongest(result, presumed('unknown')); // the class itself is exported or handed on
    }
  });
  const settled = settle(result);
  walk.inProgress.delete(key);
  walk.byStaticMethod.set(key, settled);
  return settled;
}

/** Every read of the class's name, with the node that uses it. */
function forEachClassUse(walk: Walk, classNode: ClassNode, visit: (identifier: TSESTree.Node, parent: TSESTree.Node) => void): void {
  for (const variable of classVariables(classNode, walk.file.sourceCode)) {
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
function ofMemberOfValue(walk: Walk, value: TSESTree.Node, member: TSESTree.MemberExpression): AnswerOrCycle {
  const method = getStaticPropertyName(member);
  if (method === 'bind' || method === 'call' || method === 'apply') return ofValue(walk, value);
  const outer = skipParentTypeWrappers(member);
  const parent = outer.parent;
  if (!parent || isWriteTarget(outer)) return ONCE;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) return ofContext(walk, parent);
  return isHandedOn(outer, 'escapes') ? ofValue(walk, member) : ONCE;
}

function ofValueOrCall(walk: Walk, node: TSESTree.Node): AnswerOrCycle {
  const outer = skipParentTypeWrappers(node);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) return ofContext(walk, parent);
  return ofValue(walk, node);
}

function ofAssignmentTarget(walk: Walk, target: TSESTree.Node): AnswerOrCycle {
  if (isCommonJsExportTarget(target, walk.file.globals)) return presumed('unknown');
  if (target.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(walk.file.sourceCode, target);
    return variable ? ofVariable(walk, variable) : presumed('unknown');
  }
  if (target.type !== AST_NODE_TYPES.MemberExpression) return presumed('repeats');
  const object = skipTypeWrappers(target.object);
  // `Conn.prototype.onData = function …` is a method; `api.register = function …` is module API.
  if (object.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(object) === 'prototype') return presumed('repeats');
  if (object.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(walk.file.sourceCode, object);
    if (variable && variable.defs.length > 0 && variable.scope.block.type === AST_NODE_TYPES.Program) return presumed('unknown');
  }
  return presumed('repeats');
}

/** The strongest evidence among the references to a function's (or handler object's) binding. */
function ofVariable(walk: Walk, variable: Variable): AnswerOrCycle {
  const known = walk.byVariable.get(variable);
  if (known) return known;
  if (walk.inProgress.has(variable)) return CYCLE;
  walk.inProgress.add(variable);
  // Top-level functions of a script are globals that other scripts call.
  let result: AnswerOrCycle = walk.file.isScript && variable.scope.type === TSESLint.Scope.ScopeType.global ? presumed('unknown') : ONCE;
  for (const reference of variable.references) {
    if (reference.init || !reference.isRead()) continue;
    const identifier = skipParentTypeWrappers(reference.identifier);
    const parent = identifier.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
      result = strongest(result, ofMemberOfValue(walk, identifier, parent));
    } else {
      result = strongest(result, ofValueOrCall(walk, identifier));
    }
    if (result !== CYCLE && result.level === 'repeats' && result.caller === null) break;
  }
  const settled = settle(result);
  walk.inProgress.delete(variable);
  walk.byVariable.set(variable, settled);
  return settled;
}

/**
 * Two uses of one function: the more frequent level wins, and a repeating caller the file shows wins
 * outright. Otherwise the callers the file does not show decide: one such function (a helper called
 * only from `start()` runs where `start()` runs), or the function itself when there are several.
 */
function strongest(a: AnswerOrCycle, b: AnswerOrCycle): AnswerOrCycle {
  if (a === CYCLE) return b;
  if (b === CYCLE) return a;
  if (a.level === 'repeats' && a.caller === null) return a;
  if (b.level === 'repeats' && b.caller === null) return b;
  const level = REPETITION_RANK[a.level] >= REPETITION_RANK[b.level] ? a.level : b.level;
  const evidence = a.level === level ? a.evidence : b.evidence;
  if (isShownOnce(a)) return { level, caller: b.caller, evidence };
  if (isShownOnce(b)) return { level, caller: a.caller, evidence };
  return { level, caller: a.caller === b.caller ? a.caller : SELF, evidence };
}

function settle(answer: AnswerOrCycle): Answer {
  return answer === CYCLE ? ONCE : answer;
}

/** The answer for `fn` itself: "the function being judged" is `fn`. */
function resolveSelf(answer: Answer, fn: TSESTree.FunctionLike | null): Answer {
  return answer.caller === SELF ? { ...answer, caller: fn } : answer;
}

function constructorOf(classNode: ClassNode): TSESTree.FunctionLike | null {
  for (const element of classNode.body.body) {
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') return element.value;
  }
  return null;
}

/** The function `node` is or names (`loadModulesImpl` → its declaration). */
function functionOf(walk: Walk, node: TSESTree.Node | undefined): TSESTree.Node | null {
  if (!node) return null;
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return value;
  return resolveVariable(walk.file.sourceCode, value)?.defs[0]?.node ?? null;
}

function calleeText(walk: Walk, call: TSESTree.CallExpression): string {
  const text = walk.file.sourceCode.getText(call.callee);
  if (text.length <= 40 && !text.includes('\n')) return text;
  return (call.callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(call.callee) : null) ?? 'a call';
}

/** `register`, `registerType`, `use`: an API other files call once per plugin or type, not per request. */
function isRegistrationName(name: string | null): boolean {
  if (name === null) return false;
  if (REGISTRATION_WHOLE_NAMES.includes(name)) return true;
  return REGISTRATION_VERBS.some((verb) => name.startsWith(verb) && (name.length === verb.length || /[A-Z_$]/u.test(name[verb.length]!)));
}

function takesNoArguments(fn: TSESTree.Node | null): boolean {
  return fn !== null && isFunctionNode(fn) && fn.params.length === 0;
}

const LOOP_STATEMENTS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

function isLoop(node: TSESTree.Node): boolean {
  return LOOP_STATEMENTS.has(node.type);
}

/**
 * `for (const signal of ['SIGINT', 'SIGTERM'])`: a loop over a list written in the code runs a fixed
 * number of times per call, so it adds no repetition of its own.
 */
function isFixedListLoop(loop: TSESTree.Node): boolean {
  return loop.type === AST_NODE_TYPES.ForOfStatement && skipTypeWrappers(loop.right).type === AST_NODE_TYPES.ArrayExpression;
}

/** The inline function handed to a call: the one whose callers are the API's. */
function firstFunctionArgument(call: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.FunctionLike | null {
  for (const argument of call.arguments) if (isFunctionNode(argument)) return argument;
  return null;
}
