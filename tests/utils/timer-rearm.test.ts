import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { createKeyResolver, createStateAnalysis } from '../../rules/utils/acquire-release.js';
import { createRunFrequency } from '../../rules/utils/run-frequency.js';
import { collectCalls, findRearm, hasStopGuard, isStartedAtStartup, startsRepeatedly, type RearmScope } from '../../rules/utils/timer-rearm.js';

interface Verdict {
  /** The re-armed function's name or text start, null when the timeout does not re-arm. */
  root: string | null;
  repeats?: boolean;
  guarded?: boolean;
}

/** For every `setTimeout(…, <n>)`: what it re-arms, whether that loop starts repeatedly and has a way out, by `n`. */
function rearmVerdicts(code: string): Record<number, Verdict> {
  const verdicts: Record<number, Verdict> = {};
  lintWithProbe(code, (context) => {
    const { sourceCode } = context;
    const keys = createKeyResolver(sourceCode);
    const scope: RearmScope = { sourceCode, keys, runs: createRunFrequency(sourceCode, { isScript: false, filename: context.filename }), stateAnalysis: createStateAnalysis(keys), callsByFunction: new Map() };
    const timeouts: TSESTree.CallExpression[] = [];
    return {
      'CallExpression[callee.name="setTimeout"]'(call: TSESTree.CallExpression) {
        timeouts.push(call);
      },
      AssignmentExpression: (node) => scope.stateAnalysis.recordWrite(node),
      'Program:exit'() {
        for (const call of timeouts) {
          const delay = call.arguments[1] as TSESTree.NumberLiteral;
          const rearm = findRearm(scope, call);
          verdicts[delay.value] = rearm
            ? {
                root: sourceCode.getText(rearm.root.parent.type === AST_NODE_TYPES.MethodDefinition ? rearm.root.parent.key : rearm.root).split('(')[0]!.trim(),
                repeats: startsRepeatedly(scope, rearm),
                guarded: hasStopGuard(scope, call, rearm.root) || hasStopGuard(scope, rearm.rearmCall, rearm.scheduled ?? rearm.root),
              }
            : { root: null };
        }
      },
    };
  });
  return verdicts;
}

describe('findRearm, startsRepeatedly, hasStopGuard', () => {
  it('finds the function a timeout re-arms, directly or through its callback', () => {
    const verdicts = rearmVerdicts(`
      function poll() { setTimeout(poll, 1); }
      const tick = () => { setTimeout(() => tick(), 2); };
      class Worker { loop() { setTimeout(this.loop.bind(this), 3); } run() { setTimeout(() => this.run(), 4); } }
      function once() { setTimeout(other, 5); }
      setTimeout(poll, 6);
    `);
    expect(verdicts[1]?.root).toBe('function poll');
    expect(verdicts[2]?.root).toBe('');
    expect(verdicts[3]?.root).toBe('loop');
    expect(verdicts[4]?.root).toBe('run');
    expect(verdicts[5]).toEqual({ root: null });
    expect(verdicts[6]).toEqual({ root: null });
  });

  it('tells a loop started once at load from one started per call', () => {
    const verdicts = rearmVerdicts(`
      function poll() { setTimeout(poll, 1); }
      poll();
      export function exported() { setTimeout(exported, 2); }
      function perRequest() { setTimeout(perRequest, 3); }
      app.get('/', () => perRequest());
      function deferred() { setTimeout(deferred, 4); }
      setTimeout(deferred, 0);
    `);
    expect(verdicts[1]?.repeats).toBe(false);
    expect(verdicts[2]?.repeats).toBe(true);
    expect(verdicts[3]?.repeats).toBe(true);
    expect(verdicts[4]?.repeats).toBe(false);
  });

  it('counts any non-constant guard on the timeout or the re-arm as a way out', () => {
    const verdicts = rearmVerdicts(`
      let stopped = false;
      export function guarded() { if (!stopped) setTimeout(guarded, 1); }
      export function constant() { if (true) setTimeout(constant, 2); }
      export function early() { if (stopped) return; setTimeout(early, 3); }
      export function inCallback() { setTimeout(() => { if (this.open) inCallback(); }, 4); }
      export function bare() { setTimeout(bare, 5); }
    `);
    expect(Object.fromEntries(Object.entries(verdicts).map(([delay, verdict]) => [delay, verdict.guarded]))).toEqual({
      1: true,
      2: false,
      3: true,
      4: true,
      5: false,
    });
  });
});

describe('isStartedAtStartup', () => {
  it('is true for startup code whose callers the file does not show', () => {
    const started: boolean[] = [];
    lintWithProbe(
      `
        export async function main() { setInterval(flush, 1); }
        export function handle() { setInterval(flush, 1); }
        class Service { onModuleInit() { setInterval(flush, 1); } start() { setInterval(flush, 1); } }
      `,
      (context) => {
        const runs = createRunFrequency(context.sourceCode, { isScript: false, filename: context.filename });
        return {
          'CallExpression[callee.name="setInterval"]'(call: TSESTree.CallExpression) {
            started.push(isStartedAtStartup(runs, call));
          },
        };
      },
    );
    expect(started).toEqual([true, false, true, false]);
  });
});

describe('collectCalls', () => {
  it('stops at nested named functions unless asked to go into them', () => {
    const found: string[][] = [];
    lintWithProbe(
      `
        function outer() {
          first();
          list.forEach(() => second());
          function inner() { third(); }
          const named = () => fourth();
        }
      `,
      (context) => ({
        'FunctionDeclaration[id.name="outer"]'(fn: TSESTree.FunctionDeclaration) {
          for (const intoNamed of [false, true]) {
            found.push(collectCalls(context.sourceCode, fn.body, [], intoNamed).map((call) => context.sourceCode.getText(call.callee)));
          }
        },
      }),
    );
    expect(found).toEqual([
      ['first', 'list.forEach', 'second'],
      ['first', 'list.forEach', 'second', 'third', 'fourth'],
    ]);
  });
});
