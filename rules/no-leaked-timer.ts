import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  contains,
  createKeyResolver,
  createStateAnalysis,
  getCalleeName,
  getOutermostFunction,
  ReleaseLedger,
  unwrap,
  type KeyResolver,
  type StateAnalysis,
} from './utils/acquire-release.js';
import { getStaticPropertyName, isFunctionNode } from './utils/ast.js';
import { CLEAR_TIMER_FUNCTIONS, CLEARING_HANDLE_METHODS, INTERVAL_FUNCTIONS, TIMEOUT_FUNCTIONS, TIMER_MODULES } from './utils/catalogs/timer-apis.js';
import { createRule, type RuleFileState } from './utils/create-rule.js';
import { iterateModuleReferences, importsAnyModule } from './utils/imports.js';
import { includesAnyWord } from './utils/text-search.js';
import { findHandlerEvidence } from './utils/request-handlers.js';
import { createRunFrequency, LOOPS_REPEAT, type RunFrequencyAnalysis, showsRepetition } from './utils/run-frequency.js';
import { getEnclosingFunction } from './utils/scope.js';
import {
  handleOf,
  isHandleVariableKept,
  TIMER_FUNCTIONS,
  TIMER_TRACE_MAP,
  timerFunctionOf,
  type Handle,
  type TimerCallScope,
} from './utils/timer-handles.js';
import { collectCalls, findRearm, hasStopGuard, isStartedAtStartup, startsRepeatedly, type RearmScope } from './utils/timer-rearm.js';

type Options = [];
type MessageIds = 'timerNeverCleared' | 'timerCannotBeCleared' | 'clearNeverMatches' | 'slotOverwritten';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type Variable = TSESLint.Scope.Variable;

/** What the walk records about one file's timers, and the analyses that judge them on exit. */
interface TimerFile extends RuleFileState<Context>, TimerCallScope, RearmScope, TimerAnalyses, TimerFacts {}

/** The per-file analyses the judgement asks, built before the walk. */
interface TimerAnalyses {
  readonly keys: KeyResolver;
  readonly runs: RunFrequencyAnalysis;
  /** Fed by the walk's member writes (`this.timer = …`), indexed on the first question. */
  readonly stateAnalysis: StateAnalysis;
  readonly ledger: ReleaseLedger;
}

/** The timers the walk finds, and what it sees released. */
interface TimerFacts {
  readonly intervals: TSESTree.CallExpression[];
  readonly timeouts: TSESTree.CallExpression[];
  /** Clears of a bare identifier, by name: a same-named but different binding is the shadowing bug. */
  readonly clearedIdentifiers: Map<string, TSESTree.Identifier>;
  /** Member names cleared (`clearInterval(x.timer)`) or handed to a function (`stopTimer(this.timer)`). */
  readonly releasedMemberNames: Set<string>;
  /** `setInterval(function () { … clearInterval(this) })`: the callback clears its own timer. */
  readonly selfClearingCallbacks: Set<TSESTree.Node>;
}

const STARTED_ON_EVERY_CALL = ' started on every call';
const TIMER_WORDS = ['setInterval', 'setTimeout'];

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
    if (!includesAnyWord(sourceCode.text, TIMER_WORDS)) return {};
    const keys = createKeyResolver(sourceCode);
    const file: TimerFile = {
      context,
      sourceCode,
      keys,
      runs: createRunFrequency(sourceCode, { isScript: context.languageOptions.sourceType === 'script', filename: context.filename }),
      // The text gate above means most files that get here have timers to judge; writes come from this walk.
      stateAnalysis: createStateAnalysis(keys),
      ledger: new ReleaseLedger(),
      moduleCalls: new Map(),
      intervals: [],
      timeouts: [],
      clearedIdentifiers: new Map(),
      releasedMemberNames: new Set(),
      selfClearingCallbacks: new Set(),
      keptHandles: new Map<Variable, boolean>(),
      callsByFunction: new Map(),
    };
    return {
      Program() {
        if (!importsAnyModule(sourceCode, TIMER_MODULES)) return;
        for (const reference of iterateModuleReferences(sourceCode, TIMER_TRACE_MAP)) file.moduleCalls.set(reference.node, reference.info);
      },
      CallExpression: (node) => recordCall(file, node),
      // Only member writes matter to the state analysis (`this.timer = …`), type assertions included.
      'AssignmentExpression[left.type=/^(?:MemberExpression|TS)/]': (node: TSESTree.AssignmentExpression) => file.stateAnalysis.recordWrite(node),
      'UpdateExpression[argument.type=/^(?:MemberExpression|TS)/]': (node: TSESTree.UpdateExpression) => file.stateAnalysis.recordWrite(node),
      'Program:exit'() {
        for (const call of file.intervals) evaluateInterval(file, call);
        for (const call of file.timeouts) evaluateTimeout(file, call);
      },
    };
  },
});

function recordCall(file: TimerFile, node: TSESTree.CallExpression): void {
  collectHandOffs(file, node);
  // Cheap test on every call: only a timer function's name (or a renamed `node:timers` import) goes on.
  const callee = node.callee;
  const calleeName =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
        ? callee.property.name
        : null;
  if ((calleeName === null || !TIMER_FUNCTIONS.has(calleeName)) && !file.moduleCalls.has(node)) return;
  const name = timerFunctionOf(file, node);
  if (name === null) return;
  if (INTERVAL_FUNCTIONS.has(name)) file.intervals.push(node);
  else if (TIMEOUT_FUNCTIONS.has(name)) file.timeouts.push(node);
  else recordClear(file, node);
}

/** Fields handed to a helper (`stopTimer(this.timer)`) and fields `.close()`d, matched by name. */
function collectHandOffs(file: TimerFile, node: TSESTree.CallExpression): void {
  for (const argument of node.arguments) {
    if (argument.type === AST_NODE_TYPES.MemberExpression && !argument.computed && argument.property.type === AST_NODE_TYPES.Identifier) {
      file.releasedMemberNames.add(argument.property.name);
    }
  }
  const callee = node.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return;
  if (!CLEARING_HANDLE_METHODS.has(callee.property.name)) return;
  const handle = unwrap(callee.object);
  if (handle.type === AST_NODE_TYPES.MemberExpression) file.releasedMemberNames.add(getStaticPropertyName(handle) ?? '');
}

function recordClear(file: TimerFile, call: TSESTree.CallExpression): void {
  const [argument] = call.arguments;
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
  const value = unwrap(argument);
  if (value.type === AST_NODE_TYPES.ThisExpression) {
    const owner = file.keys.thisOwnerOf(value);
    if (owner && isFunctionNode(owner.owner)) file.selfClearingCallbacks.add(owner.owner);
    return;
  }
  if (value.type === AST_NODE_TYPES.Identifier) file.clearedIdentifiers.set(value.name, value);
  if (value.type === AST_NODE_TYPES.MemberExpression) file.releasedMemberNames.add(getStaticPropertyName(value) ?? '');
  const key = file.keys.keyOf(value);
  if (key !== null) file.ledger.release([key]);
}

function evaluateInterval(file: TimerFile, call: TSESTree.CallExpression): void {
  if (!file.runs.runsRepeatedlyAt(call) || isOnceOnly(file, call)) return;
  reportHandle(file, call, handleOf(call), `interval${STARTED_ON_EVERY_CALL}`, isStartedAtStartup(file.runs, call));
}

function evaluateTimeout(file: TimerFile, call: TSESTree.CallExpression): void {
  const rearm = findRearm(file, call);
  if (!rearm || !startsRepeatedly(file, rearm)) return;
  if (hasStopGuard(file, call, rearm.root) || hasStopGuard(file, rearm.rearmCall, rearm.scheduled ?? rearm.root)) return;
  reportHandle(file, call, handleOf(call), 'self-re-arming timeout');
}

function isOnceOnly(file: TimerFile, call: TSESTree.CallExpression): boolean {
  const boundary = getOutermostFunction(call);
  return !!boundary && file.stateAnalysis.guardTestsOf(call, boundary).some((test) => file.stateAnalysis.readsState(test));
}

/**
 * `startedOnce`: startup code starts one process-wide timer, which needs no clearing; a clear that
 * misses it (`stop()` clearing another binding) is still a broken stop path.
 */
function reportHandle(file: TimerFile, call: TSESTree.CallExpression, handle: Handle, described: string, startedOnce = false): void {
  const { context, sourceCode } = file;
  if (handle.kind === 'handedOn') return;
  const runs = describeRuns(file, call);
  // "interval started on every call" says less than the runs clause: keep one of them.
  const what = runs === '' ? described : described.replace(STARTED_ON_EVERY_CALL, '');
  if (handle.kind === 'discarded') {
    if (startedOnce) return;
    if (isFunctionNode(unwrap(call.arguments[0] ?? call)) && file.selfClearingCallbacks.has(unwrap(call.arguments[0] ?? call))) return;
    context.report({ node: call, messageId: 'timerCannotBeCleared', data: { what, runs } });
    return;
  }
  if (isCleared(file, handle.node)) {
    const restart = startedOnce ? null : findRestartWhileLive(file, call, handle.node);
    if (restart) {
      const data = { what, handle: sourceCode.getText(handle.node), line: String(restart.loc.start.line) };
      context.report({ node: call, messageId: 'slotOverwritten', data });
    }
    return;
  }
  const handleText = sourceCode.getText(handle.node);
  const name = handle.node.type === AST_NODE_TYPES.Identifier ? handle.node.name : (getStaticPropertyName(handle.node) ?? '');
  const mismatched = file.clearedIdentifiers.get(name);
  if (mismatched) {
    context.report({ node: call, messageId: 'clearNeverMatches', data: { what, handle: handleText, cleared: mismatched.name } });
    return;
  }
  if (startedOnce) return;
  context.report({ node: call, messageId: 'timerNeverCleared', data: { what, handle: handleText, runs } });
}

/** ", started on every request (registered with `app.get` on line 4)," when a framework shows how often. */
function describeRuns(file: TimerFile, call: TSESTree.CallExpression): string {
  const handler = findHandlerEvidence(call, file.sourceCode, file.context.filename);
  return handler ? `, started ${handler.when} (${handler.reason}),` : '';
}

function isCleared(file: TimerFile, slot: TSESTree.Identifier | TSESTree.MemberExpression): boolean {
  const key = file.keys.keyOf(slot);
  if (key !== null && file.ledger.isReleased([key])) return true;
  if (slot.type === AST_NODE_TYPES.Identifier) {
    const variable = file.keys.variableOf(slot);
    return !variable || !isHandleVariableKept(file, variable);
  }
  // Fields are matched leniently by name: `conn.timer` cleared as `this.timer` in the owner's close().
  const name = getStaticPropertyName(slot) ?? '';
  return file.releasedMemberNames.has(name);
}

/**
 * A slot that is cleared somewhere, but refilled while it may hold a live timer: the method that
 * stores the timer is called again from code the file shows repeating (an event listener, a
 * handler), with no clear of the slot before the store. `stop()` then clears only the last timer.
 * Returns the repeated start, or null. A store written inside a listener (`ws.on('open', …)`) is
 * left alone: many such events fire once per object, and the slot is the object's own.
 */
function findRestartWhileLive(file: TimerFile, call: TSESTree.CallExpression, slot: TSESTree.Identifier | TSESTree.MemberExpression): TSESTree.Node | null {
  if (slot.type !== AST_NODE_TYPES.MemberExpression) return null;
  const storer = getEnclosingFunction(call);
  if (!storer || isClearedBefore(file, call, storer, file.sourceCode.getText(slot))) return null;
  const method = storer.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition || method.static || method.kind !== 'method') return null;
  const name = getStaticPropertyName(method);
  const callback = call.arguments[0];
  if (name === null) return null;
  // Only walked for a timer stored in a slot that is cleared elsewhere: rare.
  const starts = collectCalls(file.sourceCode, method.parent, [], true).filter((start) => isThisMethodCall(start, name));
  for (const start of starts) {
    if (callback && contains(callback, start)) continue; // the chain re-arming itself
    if (showsRepetition(file.runs.at(start, LOOPS_REPEAT))) return start;
  }
  return null;
}

/** `clearInterval(this.timer)` (the same slot's text) in the storing function, before the store. */
function isClearedBefore(file: TimerFile, call: TSESTree.CallExpression, storer: TSESTree.FunctionLike, slotText: string): boolean {
  return collectCalls(file.sourceCode, storer.body ?? storer, [], true).some((clear) => {
    const callee = getCalleeName(clear.callee);
    const [argument] = clear.arguments;
    return clear.range[0] < call.range[0] && callee !== null && CLEAR_TIMER_FUNCTIONS.has(callee) && argument !== undefined && file.sourceCode.getText(argument) === slotText;
  });
}

/** `this.name(…)`. */
function isThisMethodCall(call: TSESTree.CallExpression, name: string): boolean {
  return (
    call.callee.type === AST_NODE_TYPES.MemberExpression &&
    call.callee.object.type === AST_NODE_TYPES.ThisExpression &&
    getStaticPropertyName(call.callee) === name
  );
}
