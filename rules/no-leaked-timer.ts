import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  contains,
  createKeyResolver,
  createRunAnalysis,
  createStateAnalysis,
  getCalleeName,
  getOutermostFunction,
  isImplicitGlobal,
  isReassigned,
  ReleaseLedger,
  unwrap,
} from './utils/acquire-release.js';
import { getStaticPropertyName, isFunctionNode, isNode } from './utils/ast.js';
import {
  CLEAR_TIMER_FUNCTIONS,
  CLEARING_HANDLE_METHODS,
  GLOBAL_OBJECT_NAMES,
  INTERVAL_FUNCTIONS,
  NEUTRAL_HANDLE_METHODS,
  RUN_ONCE_CALLBACK_FUNCTIONS,
  TIMEOUT_FUNCTIONS,
  TIMER_MODULES,
} from './utils/catalogs/timer-apis.js';
import { createRule } from './utils/create-rule.js';
import { CALL, iterateModuleReferences, importsAnyModule, type TraceMap } from './utils/imports.js';
import { isStartupFunction } from './utils/execution-context.js';
import { findHandlerEvidence } from './utils/request-handlers.js';
import { getEnclosingFunction, runsRepeatedly } from './utils/scope.js';

type Options = [];
type MessageIds = 'timerNeverCleared' | 'timerCannotBeCleared' | 'clearNeverMatches' | 'slotOverwritten';
type Variable = TSESLint.Scope.Variable;
const { DefinitionType } = TSESLint.Scope;
type FunctionLike = TSESTree.FunctionLike;

/** Where a timer's handle goes: nowhere, into a slot we can follow, or to someone else. */
type Handle =
  | { kind: 'discarded' }
  | { kind: 'slot'; node: TSESTree.Identifier | TSESTree.MemberExpression }
  | { kind: 'handedOn' };

/** A function that re-arms a timeout, with the call that re-arms it (for its guards). */
interface Rearm {
  root: FunctionLike;
  rearmCall: TSESTree.Node;
  scheduled: FunctionLike | null;
}

const STARTED_ON_EVERY_CALL = ' started on every call';
const TIMER_WORDS = ['setInterval', 'setTimeout'];
const TIMER_FUNCTIONS: ReadonlySet<string> = new Set([...INTERVAL_FUNCTIONS, ...TIMEOUT_FUNCTIONS, ...CLEAR_TIMER_FUNCTIONS]);
const TIMER_TRACE_MAP: TraceMap<string> = Object.fromEntries(
  TIMER_MODULES.map((module) => [module, Object.fromEntries([...TIMER_FUNCTIONS].map((name) => [name, { [CALL]: name }]))]),
);

export default createRule<Options, MessageIds>({
  name: 'no-leaked-timer',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow intervals and re-arming timeouts that are never cleared.',
      skipScripts: true,
      recommended: 'warn',
    },
    messages: {
      timerNeverCleared:
        "This {{what}}{{runs}} stores its handle in '{{handle}}' but nothing ever clears it, so the timer keeps its callback and everything the callback reaches alive until the process exits.",
      timerCannotBeCleared:
        'This {{what}}{{runs}} discards its handle, so nothing can ever clear it and the timer keeps its callback and everything the callback reaches alive until the process exits; store the handle where a close or stop path can clear it.',
      clearNeverMatches:
        "This {{what}} stores its handle in '{{handle}}', but the clear call on '{{cleared}}' reads a different binding, so the timer is never cleared and keeps its callback alive until the process exits.",
      slotOverwritten:
        "This {{what}} stores its handle in '{{handle}}', which is filled again on line {{line}} while a timer may still be live there, so only the last timer can be cleared and the others run until the process exits; clear '{{handle}}' before storing a new one, or return when one is set.",
    },
    schema: [],
  },
  create(context) {
    const { sourceCode } = context;
    if (!TIMER_WORDS.some((word) => sourceCode.text.includes(word))) return {};
    const keys = createKeyResolver(sourceCode);
    const runs = createRunAnalysis(sourceCode, keys);
    // The text gate above means most files that get here have timers to judge; writes come from this walk.
    const state = createStateAnalysis(keys);
    const ledger = new ReleaseLedger();
    const moduleCalls = new Map<TSESTree.Node, string>();
    const intervals: TSESTree.CallExpression[] = [];
    const timeouts: TSESTree.CallExpression[] = [];
    /** Clears of a bare identifier, by name: a same-named but different binding is the shadowing bug. */
    const clearedIdentifiers = new Map<string, TSESTree.Identifier>();
    /** Member names cleared (`clearInterval(x.timer)`) or handed to a function (`stopTimer(this.timer)`). */
    const releasedMemberNames = new Set<string>();
    /** `setInterval(function () { … clearInterval(this) })`: the callback clears its own timer. */
    const selfClearingCallbacks = new Set<TSESTree.Node>();
    const keptHandles = new Map<Variable, boolean>();
    const callsByFunction = new Map<FunctionLike, TSESTree.CallExpression[]>();

    function timerFunctionOf(call: TSESTree.CallExpression): string | null {
      const fromModule = moduleCalls.get(call);
      if (fromModule !== undefined) return fromModule;
      const callee = unwrap(call.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) {
        return TIMER_FUNCTIONS.has(callee.name) && keys.globalNameOf(callee) !== null ? callee.name : null;
      }
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
      const name = getStaticPropertyName(callee);
      const object = unwrap(callee.object);
      if (name === null || !TIMER_FUNCTIONS.has(name) || object.type !== AST_NODE_TYPES.Identifier) return null;
      return GLOBAL_OBJECT_NAMES.has(object.name) && keys.globalNameOf(object) !== null ? name : null;
    }

    /** Fields handed to a helper (`stopTimer(this.timer)`) and fields `.close()`d, matched by name. */
    function collectHandOffs(node: TSESTree.CallExpression): void {
      for (const argument of node.arguments) {
        if (argument.type === AST_NODE_TYPES.MemberExpression && !argument.computed && argument.property.type === AST_NODE_TYPES.Identifier) {
          releasedMemberNames.add(argument.property.name);
        }
      }
      const callee = node.callee;
      if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return;
      if (!CLEARING_HANDLE_METHODS.has(callee.property.name)) return;
      const handle = unwrap(callee.object);
      if (handle.type === AST_NODE_TYPES.MemberExpression) releasedMemberNames.add(getStaticPropertyName(handle) ?? '');
    }

    function recordClear(call: TSESTree.CallExpression): void {
      const [argument] = call.arguments;
      if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
      const value = unwrap(argument);
      if (value.type === AST_NODE_TYPES.ThisExpression) {
        const owner = keys.thisOwnerOf(value);
        if (owner && isFunctionNode(owner.owner)) selfClearingCallbacks.add(owner.owner);
        return;
      }
      if (value.type === AST_NODE_TYPES.Identifier) clearedIdentifiers.set(value.name, value);
      if (value.type === AST_NODE_TYPES.MemberExpression) releasedMemberNames.add(getStaticPropertyName(value) ?? '');
      const key = keys.keyOf(value);
      if (key !== null) ledger.release([key]);
    }

    /**
     * The calls a scheduled function makes, including in its anonymous callbacks but not in nested named
     * functions. Collected on demand, once per scheduled function, by walking its subtree.
     */
    function callsIn(fn: FunctionLike): TSESTree.CallExpression[] {
      let calls = callsByFunction.get(fn);
      if (!calls) {
        calls = [];
        if (fn.body) collectCalls(fn.body, calls);
        callsByFunction.set(fn, calls);
      }
      return calls;
    }

    /** The calls under `node`; nested named functions are their own scheduled functions unless `intoNamed`. */
    function collectCalls(node: TSESTree.Node, calls: TSESTree.CallExpression[], intoNamed = false): TSESTree.CallExpression[] {
      if (!intoNamed && isFunctionNode(node) && functionName(node) !== null) return calls;
      if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
      for (const key of sourceCode.visitorKeys[node.type] ?? []) {
        const child: unknown = Reflect.get(node, key);
        if (Array.isArray(child)) {
          for (const item of child) if (isNode(item)) collectCalls(item, calls, intoNamed);
        } else if (isNode(child)) collectCalls(child, calls, intoNamed);
      }
      return calls;
    }

    /** Where the timer's handle goes, looking through `.unref()` chains. */
    function handleOf(call: TSESTree.CallExpression): Handle {
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
    function isHandleVariableKept(variable: Variable): boolean {
      let kept = keptHandles.get(variable);
      if (kept === undefined) {
        kept = computeHandleVariableKept(variable);
        keptHandles.set(variable, kept);
      }
      return kept;
    }

    function computeHandleVariableKept(variable: Variable): boolean {
      return variable.references.every((reference) => {
        if (reference.isWrite()) return true;
        const node = skipWrappersUp(reference.identifier);
        const parent = node.parent;
        if (!parent) return true;
        switch (parent.type) {
          case AST_NODE_TYPES.CallExpression:
            return parent.callee !== node && timerFunctionOf(parent) !== null;
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

    function isCleared(slot: TSESTree.Identifier | TSESTree.MemberExpression): boolean {
      const key = keys.keyOf(slot);
      if (key !== null && ledger.isReleased([key])) return true;
      if (slot.type === AST_NODE_TYPES.Identifier) {
        const variable = keys.variableOf(slot);
        return !variable || !isHandleVariableKept(variable);
      }
      // Fields are matched leniently by name: `conn.timer` cleared as `this.timer` in the owner's close().
      const name = getStaticPropertyName(slot) ?? '';
      return releasedMemberNames.has(name);
    }

    /**
     * `startedOnce`: startup code starts one process-wide timer, which needs no clearing; a clear that
     * misses it (`stop()` clearing another binding) is still a broken stop path.
     */
    function reportHandle(call: TSESTree.CallExpression, handle: Handle, described: string, startedOnce = false): void {
      if (handle.kind === 'handedOn') return;
      const runs = describeRuns(call);
      // "interval started on every call" says less than the runs clause: keep one of them.
      const what = runs === '' ? described : described.replace(STARTED_ON_EVERY_CALL, '');
      if (handle.kind === 'discarded') {
        if (startedOnce) return;
        if (isFunctionNode(unwrap(call.arguments[0] ?? call)) && selfClearingCallbacks.has(unwrap(call.arguments[0] ?? call))) return;
        context.report({ node: call, messageId: 'timerCannotBeCleared', data: { what, runs } });
        return;
      }
      if (isCleared(handle.node)) {
        const restart = startedOnce ? null : findRestartWhileLive(call, handle.node);
        if (restart) {
          const data = { what, handle: sourceCode.getText(handle.node), line: String(restart.loc.start.line) };
          context.report({ node: call, messageId: 'slotOverwritten', data });
        }
        return;
      }
      const handleText = sourceCode.getText(handle.node);
      const name = handle.node.type === AST_NODE_TYPES.Identifier ? handle.node.name : (getStaticPropertyName(handle.node) ?? '');
      const mismatched = clearedIdentifiers.get(name);
      if (mismatched) {
        context.report({ node: call, messageId: 'clearNeverMatches', data: { what, handle: handleText, cleared: mismatched.name } });
        return;
      }
      if (startedOnce) return;
      context.report({ node: call, messageId: 'timerNeverCleared', data: { what, handle: handleText, runs } });
    }

    /** ", started on every request (registered with `app.get` on line 4)," when a framework shows how often. */
    function describeRuns(call: TSESTree.CallExpression): string {
      const handler = findHandlerEvidence(call, sourceCode, context.filename);
      return handler ? `, started ${handler.when} (${handler.reason}),` : '';
    }

    /**
     * A slot that is cleared somewhere, but refilled while it may hold a live timer: the method that
     * stores the timer is called again from code the file shows repeating (an event listener, a
     * handler), with no clear of the slot before the store. `stop()` then clears only the last timer.
     * Returns the repeated start, or null. A store written inside a listener (`ws.on('open', …)`) is
     * left alone: many such events fire once per object, and the slot is the object's own.
     */
    function findRestartWhileLive(call: TSESTree.CallExpression, slot: TSESTree.Identifier | TSESTree.MemberExpression): TSESTree.Node | null {
      if (slot.type !== AST_NODE_TYPES.MemberExpression) return null;
      const storer = getEnclosingFunction(call);
      if (!storer || isClearedBefore(call, storer, sourceCode.getText(slot))) return null;
      const method = storer.parent;
      if (method.type !== AST_NODE_TYPES.MethodDefinition || method.static || method.kind !== 'method') return null;
      const name = getStaticPropertyName(method);
      const callback = call.arguments[0];
      if (name === null) return null;
      // Only walked for a timer stored in a slot that is cleared elsewhere: rare.
      const starts = collectCalls(method.parent, [], true).filter((start) => isThisMethodCall(start, name));
      for (const start of starts) {
        if (callback && contains(callback, start)) continue; // the chain re-arming itself
        if (runs.runsRepeatedlyAt(start) && runs.unseenCallerFunction(start) === null) return start;
      }
      return null;
    }

    /** `clearInterval(this.timer)` (the same slot's text) in the storing function, before the store. */
    function isClearedBefore(call: TSESTree.CallExpression, storer: TSESTree.FunctionLike, slotText: string): boolean {
      return collectCalls(storer.body ?? storer, [], true).some((clear) => {
        const callee = getCalleeName(clear.callee);
        const [argument] = clear.arguments;
        return clear.range[0] < call.range[0] && callee !== null && CLEAR_TIMER_FUNCTIONS.has(callee) && argument !== undefined && sourceCode.getText(argument) === slotText;
      });
    }

    function isOnceOnly(call: TSESTree.CallExpression): boolean {
      const boundary = getOutermostFunction(call);
      return !!boundary && state.guardTestsOf(call, boundary).some((test) => state.readsState(test));
    }

    function evaluateInterval(call: TSESTree.CallExpression): void {
      if (!runs.runsRepeatedlyAt(call) || isOnceOnly(call)) return;
      reportHandle(call, handleOf(call), `interval${STARTED_ON_EVERY_CALL}`, isStartedAtStartup(call));
    }

    function evaluateTimeout(call: TSESTree.CallExpression): void {
      const rearm = findRearm(call);
      if (!rearm || !startsRepeatedly(rearm)) return;
      if (hasStopGuard(call, rearm.root) || hasStopGuard(rearm.rearmCall, rearm.scheduled ?? rearm.root)) return;
      reportHandle(call, handleOf(call), 'self-re-arming timeout');
    }

    /**
     * A re-arm under any condition (`if (!this.closed)`, `else` of a readiness test, after an early
     * return) is a poll that ends when the condition changes: the loop has a way out.
     */
    function hasStopGuard(node: TSESTree.Node, boundary: TSESTree.Node): boolean {
      return state.guardTestsOf(node, boundary).some((test) => !isConstantTest(test));
    }

    /** The function a timeout re-arms: its callback is (or calls) a function that encloses the timeout. */
    function findRearm(call: TSESTree.CallExpression): Rearm | null {
      const [callback] = call.arguments;
      if (!callback || callback.type === AST_NODE_TYPES.SpreadElement) return null;
      const enclosing = enclosingNamedFunctions(call);
      if (enclosing.length === 0) return null;
      const scheduled = scheduledFunction(callback, call);
      if (!scheduled) return null;
      if (enclosing.includes(scheduled)) return { root: scheduled, rearmCall: call, scheduled: null };
      for (const inner of callsIn(scheduled)) {
        const target = calledEnclosingFunction(inner, enclosing);
        if (target) return { root: target, rearmCall: inner, scheduled };
      }
      return null;
    }

    /** The function the timeout runs: the inline callback, a named function, or `this.method`. */
    function scheduledFunction(callback: TSESTree.Node, call: TSESTree.Node): FunctionLike | null {
      let value = unwrap(callback);
      if (value.type === AST_NODE_TYPES.CallExpression && getCalleeName(value.callee) === 'bind') {
        const bound = unwrap(value.callee);
        if (bound.type !== AST_NODE_TYPES.MemberExpression) return null;
        value = unwrap(bound.object);
      }
      if (isFunctionNode(value)) return value;
      if (value.type === AST_NODE_TYPES.Identifier) return functionOfVariable(keys.variableOf(value));
      if (value.type === AST_NODE_TYPES.MemberExpression && unwrap(value.object).type === AST_NODE_TYPES.ThisExpression) {
        return methodOfThis(getStaticPropertyName(value), call);
      }
      return null;
    }

    function methodOfThis(name: string | null, from: TSESTree.Node): FunctionLike | null {
      if (name === null) return null;
      const owner = keys.thisOwnerOf(from);
      if (!owner || owner.owner.type === AST_NODE_TYPES.ObjectExpression || isFunctionNode(owner.owner)) return null;
      for (const element of owner.owner.body.body) {
        if ((element.type === AST_NODE_TYPES.MethodDefinition || element.type === AST_NODE_TYPES.PropertyDefinition) && getStaticPropertyName(element) === name) {
          return element.value && isFunctionNode(element.value) ? element.value : null;
        }
      }
      return null;
    }

    /** `poll()` or `this.poll()` inside the scheduled function, when `poll` encloses the timeout. */
    function calledEnclosingFunction(inner: TSESTree.CallExpression, enclosing: FunctionLike[]): FunctionLike | null {
      const callee = unwrap(inner.callee);
      let target: FunctionLike | null = null;
      if (callee.type === AST_NODE_TYPES.Identifier) target = functionOfVariable(keys.variableOf(callee));
      else if (callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type === AST_NODE_TYPES.ThisExpression) {
        target = methodOfThis(getStaticPropertyName(callee), inner);
      }
      return target && enclosing.includes(target) ? target : null;
    }

    /**
     * Startup code by the execution-context model (`initialise()`, `exports.start = …`, a module
     * installer) whose callers the file does not show: it starts one process-wide timer.
     */
    function isStartedAtStartup(node: TSESTree.Node): boolean {
      const caller = runs.unseenCallerFunction(node);
      return caller !== null && isStartupFunction(caller);
    }

    /** A loop started only from load-time code is one process-wide job, like a module-level interval. */
    function startsRepeatedly(rearm: Rearm): boolean {
      const variable = variableOfFunction(rearm.root);
      // Declared outside every function (module level, or a block of top-level code such as `if (enabled) { … }`).
      if (!variable || runsRepeatedly(variable.scope)) return !variable || !isStartedAtStartup(rearm.root);
      const definition = variable.defs[0]?.node;
      if (definition && isExported(definition)) return true;
      const starts = variable.references.filter(
        (reference) =>
          !reference.init && !contains(rearm.root, reference.identifier) && !(rearm.scheduled && contains(rearm.scheduled, reference.identifier)),
      );
      return starts.some((reference) => {
        const call = skipWrappersUp(reference.identifier).parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression) return true;
        // `tick()` or `setTimeout(tick, 0)`: a start, as often as the starting code runs.
        const startsHere = unwrap(call.callee) === reference.identifier || RUN_ONCE_CALLBACK_FUNCTIONS.has(getCalleeName(call.callee) ?? '');
        return !startsHere || runs.runsRepeatedlyAt(call);
      });
    }

    function variableOfFunction(fn: FunctionLike): Variable | null {
      if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) return keys.variableOf(fn.id);
      const parent = fn.parent;
      if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return keys.variableOf(parent.id);
      return null;
    }

    return {
      Program() {
        if (!importsAnyModule(sourceCode, TIMER_MODULES)) return;
        for (const reference of iterateModuleReferences(sourceCode, TIMER_TRACE_MAP)) moduleCalls.set(reference.node, reference.info);
      },
      CallExpression(node) {
        collectHandOffs(node);
        // Cheap test on every call: only a timer function's name (or a renamed `node:timers` import) goes on.
        const callee = node.callee;
        const calleeName =
          callee.type === AST_NODE_TYPES.Identifier
            ? callee.name
            : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
              ? callee.property.name
              : null;
        if ((calleeName === null || !TIMER_FUNCTIONS.has(calleeName)) && !moduleCalls.has(node)) return;
        const name = timerFunctionOf(node);
        if (name === null) return;
        if (INTERVAL_FUNCTIONS.has(name)) intervals.push(node);
        else if (TIMEOUT_FUNCTIONS.has(name)) timeouts.push(node);
        else recordClear(node);
      },
      AssignmentExpression: (node) => state.recordWrite(node),
      UpdateExpression: (node) => state.recordWrite(node),
      'Program:exit'() {
        for (const call of intervals) evaluateInterval(call);
        for (const call of timeouts) evaluateTimeout(call);
      },
    };
  },
});

/** The functions around `node` that have a name to be re-armed by: declarations, bound arrows, methods. */
function enclosingNamedFunctions(node: TSESTree.Node): FunctionLike[] {
  const result: FunctionLike[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current) && functionName(current) !== null) result.push(current);
  }
  return result;
}

/** The name a function is called by (`poll`, `this.poll`), or null for an anonymous callback. */
function functionName(fn: FunctionLike): string | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name ?? null;
  const parent = fn.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
      return `this.${getStaticPropertyName(parent) ?? ''}`;
    case AST_NODE_TYPES.Property:
      return parent.value === fn ? `this.${getStaticPropertyName(parent) ?? ''}` : null;
    default:
      return fn.type === AST_NODE_TYPES.FunctionExpression ? (fn.id?.name ?? null) : null;
  }
}

function functionOfVariable(variable: Variable | null): FunctionLike | null {
  if (!variable || isImplicitGlobal(variable) || variable.defs.length !== 1) return null;
  const definition = variable.defs[0];
  if (definition?.type === DefinitionType.FunctionName && isFunctionNode(definition.node)) return definition.node;
  if (definition?.type !== DefinitionType.Variable || isReassigned(variable)) return null;
  const init = definition.node.init ? unwrap(definition.node.init) : null;
  return init && isFunctionNode(init) ? init : null;
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

function skipWrappersUp(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isTransparentParent(current.parent, current) && current.parent.type !== AST_NODE_TYPES.ConditionalExpression) {
    current = current.parent;
  }
  return current;
}

function isExported(node: TSESTree.Node): boolean {
  const holder = node.type === AST_NODE_TYPES.VariableDeclarator ? node.parent.parent : node.parent;
  return holder?.type === AST_NODE_TYPES.ExportNamedDeclaration || holder?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

/** `if (true)`, `while`-style constants: a test that never changes is no way out of a loop. */
function isConstantTest(test: TSESTree.Expression): boolean {
  return test.type === AST_NODE_TYPES.Literal;
}

/** `this.name(…)`. */
function isThisMethodCall(call: TSESTree.CallExpression, name: string): boolean {
  return (
    call.callee.type === AST_NODE_TYPES.MemberExpression &&
    call.callee.object.type === AST_NODE_TYPES.ThisExpression &&
    getStaticPropertyName(call.callee) === name
  );
}
