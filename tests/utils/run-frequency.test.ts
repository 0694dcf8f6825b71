import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import { createGlobalReferences } from '../../rules/utils/global-references.js';
import {
  createRunFrequency,
  LOOPS_REPEAT,
  mayRunRepeatedly,
  PER_PROCESS,
  type RunFrequency,
  type RunLevel,
  type RunPolicy,
  showsRepetition,
} from '../../rules/utils/run-frequency.js';
import { functionNameOf } from '../../rules/utils/execution-context.js';

/** The answer for each `mark('name')` call, asked at `Program:exit` as the rules ask. */
function frequencies(code: string, options: ProbeOptions = {}, policy: RunPolicy = PER_PROCESS): Record<string, RunFrequency> {
  const verdicts: Record<string, RunFrequency> = {};
  lintWithProbe(
    code,
    (context) => {
      const marks: TSESTree.CallExpression[] = [];
      return {
        'CallExpression[callee.name="mark"]'(call: TSESTree.CallExpression) {
          marks.push(call);
        },
        'Program:exit'() {
          const { sourceCode } = context;
          const isScript = context.languageOptions.sourceType === 'script';
          const runs = createRunFrequency(sourceCode, { globals: createGlobalReferences(sourceCode), isScript, filename: context.filename });
          for (const call of marks) {
            const label = call.arguments[0];
            if (label?.type === AST_NODE_TYPES.Literal) verdicts[String(label.value)] = runs.at(call, policy);
          }
        },
      };
    },
    options,
  );
  return verdicts;
}

/** How often each `mark('name')` call runs, by level alone. */
function repetitions(code: string, options: ProbeOptions = {}): Record<string, RunLevel> {
  return Object.fromEntries(Object.entries(frequencies(code, options)).map(([label, frequency]) => [label, frequency.level]));
}

/** Level, the unseen caller's name (or `-` where the file shows the answer) and the evidence, on one line. */
function summaries(code: string, policy: RunPolicy = PER_PROCESS): Record<string, string> {
  return Object.fromEntries(
    Object.entries(frequencies(code, {}, policy)).map(([label, { level, unseenCaller, evidence }]) => [
      label,
      [level, unseenCaller ? (functionNameOf(unseenCaller) ?? 'anonymous') : '-', evidence ?? '-'].join(' | '),
    ]),
  );
}

describe('RunFrequencyAnalysis.at: level', () => {
  it('answers once for load-time code: top level, IIFEs, functions only called from there, static blocks', () => {
    expect(
      repetitions(`
        declare function mark(label: string): void;
        mark('top');
        (() => { mark('iife'); })();
        function setup() { mark('setup'); }
        setup();
        ['a', 'b'].forEach(() => { mark('forEach'); });
        class Registry { static { mark('static block'); } }
        function helper() { mark('called via call'); }
        helper.call(null);
        new Promise(() => { mark('promise executor'); });
        setTimeout(() => { mark('timer at load'); }, 10);
      `),
    ).toEqual({
      top: 'once',
      iife: 'once',
      setup: 'once',
      forEach: 'once',
      'static block': 'once',
      'called via call': 'once',
      'promise executor': 'once',
      'timer at load': 'once',
    });
  });

  it('answers repeats for listeners, methods, field initializers and what they call', () => {
    expect(
      repetitions(`
        import { createServer } from 'node:http';
        declare function mark(label: string): void;
        const server = createServer();
        function track() { mark('called from a listener'); }
        server.on('connection', () => { mark('listener'); track(); });
        class Session {
          items = mark('instance field');
          touch() { mark('method'); }
        }
        server.on('request', () => new Session());
        function tick() { mark('re-armed timer'); setTimeout(tick, 1000); }
        tick();
        Conn.prototype.onData = function () { mark('prototype method'); };
        declare const Conn: { prototype: Record<string, unknown> };
      `),
    ).toEqual({
      'called from a listener': 'repeats',
      listener: 'repeats',
      'instance field': 'repeats',
      method: 'repeats',
      're-armed timer': 'repeats',
      'prototype method': 'repeats',
    });
  });

  it('answers unknown for exported code with no caller here, and registration for registration APIs', () => {
    expect(
      repetitions(`
        declare function mark(label: string): void;
        export function handle(input: string) { mark('exported'); }
        export function registerType(name: string) { mark('registration'); }
        export class Plugin { static refresh() { mark('static of exported class'); } }
        module.exports.load = function () { mark('CommonJS export'); };
        export default () => { mark('default export'); };
        import { watch } from 'node:fs';
        watch('config.json', () => { mark('file watcher'); });
      `),
    ).toEqual({
      exported: 'unknown',
      registration: 'registration',
      'static of exported class': 'unknown',
      'CommonJS export': 'unknown',
      'default export': 'unknown',
      'file watcher': 'unknown',
    });
  });

  it('follows a class to where it is made: once at load, per event in a handler', () => {
    expect(
      repetitions(`
        import { EventEmitter } from 'node:events';
        declare function mark(label: string): void;
        class Cache { constructor() { mark('made at load'); } }
        export const cache = new Cache();
        class Job { constructor() { mark('made per event'); } }
        const bus = new EventEmitter();
        bus.on('job', () => new Job());
        class Helper { static build() { mark('static called at load'); } }
        Helper.build();
      `),
    ).toEqual({ 'made at load': 'once', 'made per event': 'repeats', 'static called at load': 'once' });
  });

  it('treats NestJS lifecycle hooks as startup and the function of a run-once wrapper as running where the wrapper is made', () => {
    expect(
      repetitions(`
        import { Injectable, OnModuleInit } from '@nestjs/common';
        import once from 'lodash/once';
        declare function mark(label: string): void;
        @Injectable()
        export class Loader implements OnModuleInit {
          onModuleInit() { mark('onModuleInit'); }
        }
        export const init = once(() => { mark('once wrapper'); });
      `),
    ).toEqual({ onModuleInit: 'once', 'once wrapper': 'once' });
  });

  it('treats the top-level functions of a script as globals other scripts call', () => {
    expect(
      repetitions(
        `
        function refresh() { mark('script function'); }
        mark('script top');
      `,
        { sourceType: 'script', parser: 'espree', filename: 'file.js' },
      ),
    ).toEqual({ 'script function': 'unknown', 'script top': 'once' });
  });
});

describe('RunFrequencyAnalysis.ofCallbackArgument', () => {
  it('says how often a function handed to a call runs', () => {
    const verdicts: Record<string, RunLevel> = {};
    lintWithProbe(
      `
        import { EventEmitter } from 'node:events';
        const bus = new EventEmitter();
        function handler() {}
        bus.on('message', handler);
        [1, 2].map(handler);
        Promise.resolve().then(handler);
      `,
      (context) => ({
        'Program:exit'(program: TSESTree.Program) {
          const { sourceCode } = context;
          const runs = createRunFrequency(sourceCode, { isScript: false, filename: context.filename });
          for (const statement of program.body) {
            if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.CallExpression) continue;
            const call = statement.expression;
            verdicts[sourceCode.getText(call.callee)] = runs.ofCallbackArgument(call).level;
          }
        },
      }),
    );
    expect(verdicts).toEqual({ 'bus.on': 'repeats', '[1, 2].map': 'once', 'Promise.resolve().then': 'once' });
  });
});

describe('RunFrequencyAnalysis.at: unseen caller and evidence', () => {
  it('names the repeating caller the file shows, and the function whose unseen callers decide otherwise', () => {
    expect(
      summaries(`
        import { createServer } from 'node:http';
        declare function mark(label: string): void;
        declare function fp(plugin: () => void): void;
        const server = createServer();
        server.on('connection', () => { mark('listener'); });
        export function handle() { mark('exported'); }
        function attach() { mark('helper of start'); }
        export function start() { attach(); }
        fp(() => { mark('plugin callback'); });
        class Feed { poll() { mark('method'); } onModuleInit() { mark('hook'); } }
        mark('top');
      `),
    ).toEqual({
      listener: 'repeats | - | handed to `server.on` on line 6',
      exported: 'unknown | handle | -',
      'helper of start': 'unknown | start | -',
      // Presumed to repeat (a plugin API may call it per request), but how often is fp's business.
      'plugin callback': 'repeats | anonymous | -',
      method: 'repeats | poll | -',
      hook: 'once | onModuleInit | -',
      top: 'once | - | -',
    });
  });

  it('says a function that schedules itself again repeats, with the call that re-arms it', () => {
    expect(
      summaries(`
        declare function mark(label: string): void;
        function tick() { mark('re-armed'); setTimeout(tick, 1000); }
        tick();
      `),
    ).toEqual({ 're-armed': 'repeats | - | schedules itself again with `setTimeout` on line 3' });
  });
});

/**
 * The two engines this model replaced answered these differently; each case states the answer chosen
 * for service code (a long-lived Node server).
 */
describe('RunFrequencyAnalysis: the reconciled answers', () => {
  it('a top-level forEach runs its callback at load; iteration adds no repetition per process', () => {
    expect(
      summaries(`
        declare function mark(label: string): void;
        declare const queues: string[];
        queues.forEach(() => { mark('top-level forEach'); });
        export function main() { queues.forEach(() => { mark('forEach in main'); }); }
      `),
    ).toEqual({ 'top-level forEach': 'once | - | -', 'forEach in main': 'unknown | main | -' });
  });

  it('loops count as repetition only under LOOPS_REPEAT, inside code that may run again, and not over a written list', () => {
    const code = `
      declare function mark(label: string): void;
      declare const queues: string[];
      for (const queue of queues) mark('top-level loop');
      export class Feed {
        reloadAll(batches: string[][]) {
          for (const batch of batches) mark('loop in a method');
          for (const signal of ['SIGINT', 'SIGTERM']) mark('written list');
          batches.forEach(() => { mark('forEach in a method'); });
        }
      }
    `;
    expect(summaries(code)).toEqual({
      'top-level loop': 'once | - | -',
      'loop in a method': 'repeats | reloadAll | -',
      'written list': 'repeats | reloadAll | -',
      'forEach in a method': 'repeats | reloadAll | -',
    });
    expect(summaries(code, LOOPS_REPEAT)).toEqual({
      'top-level loop': 'once | - | -',
      'loop in a method': 'repeats | - | runs in a loop on line 7',
      'written list': 'repeats | reloadAll | -',
      'forEach in a method': 'repeats | - | iterates with `batches.forEach` on line 9',
    });
  });

  it('an exported function is unknown with itself as the unseen caller, unless the file shows a repeating caller', () => {
    expect(
      summaries(`
        import { EventEmitter } from 'node:events';
        declare function mark(label: string): void;
        const bus = new EventEmitter();
        export function onJob() { mark('exported, also a listener'); }
        bus.on('job', onJob);
        export const reload = () => { mark('exported arrow'); };
        reload();
      `),
    ).toEqual({
      'exported, also a listener': 'repeats | - | handed to `bus.on` on line 6',
      'exported arrow': 'unknown | reload | -',
    });
  });

  it('recognises one-shot timers as resolved globals or imports, not a local function of the same name', () => {
    expect(
      summaries(`
        import { setImmediate as later } from 'node:timers';
        declare function mark(label: string): void;
        setTimeout(() => { mark('global setTimeout'); }, 10);
        globalThis.setTimeout(() => { mark('globalThis.setTimeout'); }, 10);
        later(() => { mark('imported setImmediate'); });
        function queueMicrotask(job: () => void) { jobs.push(job); }
        const jobs: (() => void)[] = [];
        queueMicrotask(() => { mark('local queueMicrotask'); });
      `),
    ).toEqual({
      'global setTimeout': 'once | - | -',
      'globalThis.setTimeout': 'once | - | -',
      'imported setImmediate': 'once | - | -',
      'local queueMicrotask': 'repeats | anonymous | -',
    });
  });

  it('reads one callback catalog: listen and once run their callback once, on and setInterval repeat it', () => {
    expect(
      summaries(`
        import { createServer } from 'node:http';
        declare function mark(label: string): void;
        const server = createServer();
        server.listen(3000, () => { mark('listen'); });
        server.once('close', () => { mark('once'); });
        setInterval(() => { mark('interval'); }, 1000);
        Promise.resolve().then(() => { mark('then'); });
      `),
    ).toEqual({
      listen: 'once | - | -',
      once: 'once | - | -',
      interval: 'repeats | - | handed to `setInterval` on line 7',
      then: 'once | - | -',
    });
  });

  it('has one load-time singleton test for constructors, field initializers and isLoadTimeSingleton', () => {
    const singletons: Record<string, boolean> = {};
    const code = `
      import express from 'express';
      declare function mark(label: string): void;
      declare function register(type: unknown): void;
      class Cache { items = mark('field of a class made at load'); constructor() { mark('constructor made at load'); } }
      export const cache = new Cache();
      export class Registry { constructor() { mark('constructor of an exported class made at load'); } }
      export const registry = new Registry();
      class PerRequest { constructor() { mark('constructor made per request'); } }
      express().get('/x', () => new PerRequest());
      class HandedOn {}
      export const handedOn = new HandedOn();
      register(HandedOn);
      class Unused { constructor() { mark('constructor of a class the file never makes'); } }
    `;
    expect(summaries(code)).toEqual({
      'field of a class made at load': 'once | - | -',
      'constructor made at load': 'once | - | -',
      'constructor of an exported class made at load': 'unknown | constructor | -',
      'constructor made per request': 'repeats | - | handed to `express().get` on line 10',
      'constructor of a class the file never makes': 'unknown | constructor | -',
    });
    lintWithProbe(code, (context) => {
      const runs = createRunFrequency(context.sourceCode, { isScript: false, filename: context.filename });
      return {
        'Program:exit'(program: TSESTree.Program) {
          for (const statement of program.body) {
            const node = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
            if (node?.type === AST_NODE_TYPES.ClassDeclaration && node.id) singletons[node.id.name] = runs.isLoadTimeSingleton(node);
          }
        },
      };
    });
    // The exported Registry's module instance lives with the module, whatever other files make.
    expect(singletons).toEqual({ Cache: true, Registry: true, PerRequest: false, HandedOn: false, Unused: false });
  });
});

describe('mayRunRepeatedly and showsRepetition', () => {
  it('reads the answer: shown once, presumed from unseen callers, or shown repeating', () => {
    const once: RunFrequency = { level: 'once', unseenCaller: null, evidence: null };
    const verdicts = Object.values(
      frequencies(`
        declare function mark(label: string): void;
        mark('top');
        class Feed { onModuleInit() { mark('hook'); } poll() { mark('method'); } }
        setInterval(() => { mark('interval'); }, 1000);
      `),
    ).map((frequency) => [mayRunRepeatedly(frequency), showsRepetition(frequency)]);
    expect(verdicts).toEqual([
      [false, false],
      [true, false],
      [true, false],
      [true, true],
    ]);
    expect(mayRunRepeatedly(once)).toBe(false);
  });
});
