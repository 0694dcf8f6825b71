import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { createKeyResolver } from '../../rules/utils/acquire-release.js';
import { iterateModuleReferences } from '../../rules/utils/imports.js';
import {
  handleOf,
  isHandleVariableKept,
  skipWrappersUp,
  TIMER_TRACE_MAP,
  timerFunctionOf,
  type Handle,
  type TimerCallScope,
} from '../../rules/utils/timer-handles.js';

/** A probe that fills the module calls first, then hands every call to `visit` with the scope. */
function probeCalls(code: string, visit: (scope: TimerCallScope, call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>) => void): void {
  lintWithProbe(code, (context) => {
    const scope: TimerCallScope = { keys: createKeyResolver(context.sourceCode), moduleCalls: new Map(), keptHandles: new Map() };
    return {
      Program() {
        for (const reference of iterateModuleReferences(context.sourceCode, TIMER_TRACE_MAP)) scope.moduleCalls.set(reference.node, reference.info);
      },
      CallExpression: (call) => visit(scope, call, context.sourceCode),
    };
  });
}

function describeHandle(handle: Handle, sourceCode: Readonly<TSESLint.SourceCode>): string {
  return handle.kind === 'slot' ? `slot ${sourceCode.getText(handle.node)}` : handle.kind;
}

describe('timerFunctionOf', () => {
  it('names global, globalThis and imported timer calls, and not shadowed or unrelated ones', () => {
    const names: (string | null)[] = [];
    probeCalls(
      `
        import { setInterval as every } from 'timers';
        setInterval(tick, 1);
        globalThis.setTimeout(tick, 1);
        every(tick, 1);
        clearTimeout(handle);
        scheduler.setInterval(tick, 1);
        function shadow(setTimeout: (f: () => void) => void) { setTimeout(tick); }
        const window = { setInterval() {} };
        window.setInterval();
      `,
      (scope, call) => {
        if (call.arguments.length > 0 || call.callee.type === AST_NODE_TYPES.MemberExpression) names.push(timerFunctionOf(scope, call));
      },
    );
    expect(names).toEqual(['setInterval', 'setTimeout', 'setInterval', 'clearTimeout', null, null, null]);
  });
});

describe('handleOf', () => {
  it('follows the handle through wrappers and .unref() to where it goes', () => {
    const handles: string[] = [];
    probeCalls(
      `
        setInterval(tick, 1);
        void setInterval(tick, 2);
        const timer = setInterval(tick, 3);
        this.timer = (setInterval(tick, 4) as NodeJS.Timeout).unref();
        function start() { return setInterval(tick, 5); }
        timers.push(setInterval(tick, 6));
        emitter.on('ready', () => setInterval(tick, 7));
        const make = () => setInterval(tick, 8);
        (setInterval(tick, 9), done);
        slots[index] = setInterval(tick, 10);
        state.timer ??= setInterval(tick, 11);
        const chosen = ready ? setInterval(tick, 12) : null;
      `,
      (scope, call, sourceCode) => {
        if (timerFunctionOf(scope, call)) handles.push(describeHandle(handleOf(call), sourceCode));
      },
    );
    expect(handles).toEqual([
      'discarded',
      'discarded',
      'slot timer',
      'slot this.timer',
      'handedOn',
      'handedOn',
      'discarded',
      'handedOn',
      'discarded',
      'handedOn',
      'handedOn',
      'slot chosen',
    ]);
  });
});

describe('isHandleVariableKept', () => {
  it('is true while every use is a clear, a test or a neutral method', () => {
    const kept: Record<string, boolean> = {};
    probeCalls(
      `
        const unrefed = setInterval(tick, 1); unrefed.unref(); if (unrefed) {}
        const cleared = setInterval(tick, 1); clearInterval(cleared);
        const passed = setInterval(tick, 1); register(passed);
        const closed = setInterval(tick, 1); closed.close();
        const tested = setInterval(tick, 1); const alive = !!tested && other;
        const returned = setInterval(tick, 1); export const exposed = ready && returned;
      `,
      (scope, call) => {
        const handle = handleOf(call);
        if (!timerFunctionOf(scope, call) || handle.kind !== 'slot' || handle.node.type !== AST_NODE_TYPES.Identifier) return;
        const variable = scope.keys.variableOf(handle.node);
        if (variable) kept[handle.node.name] = isHandleVariableKept(scope, variable);
      },
    );
    expect(kept).toEqual({ unrefed: true, cleared: true, passed: false, closed: false, tested: true, returned: false });
  });
});

describe('skipWrappersUp', () => {
  it('climbs type wrappers and chains but not conditionals', () => {
    const tops: string[] = [];
    lintWithProbe(`use(timer!); use((timer as T)); use(ok ? timer : null);`, () => ({
      'Identifier[name="timer"]'(node: TSESTree.Identifier) {
        tops.push(skipWrappersUp(node).type);
      },
    }));
    expect(tops).toEqual(['TSNonNullExpression', 'TSAsExpression', 'Identifier']);
  });
});
