import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import { createGlobalReferences } from '../../rules/utils/global-references.js';
import {
  createRepetitionOracle,
  type Repetition,
  repetitionOfCallbackArgument,
  repetitionOfSite,
} from '../../rules/utils/repetition-evidence.js';

/** How often each `mark('name')` call runs, by the oracle, asked at `Program:exit` as the rule asks. */
function repetitions(code: string, options: ProbeOptions = {}): Record<string, Repetition> {
  const verdicts: Record<string, Repetition> = {};
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
          const oracle = createRepetitionOracle(sourceCode, createGlobalReferences(sourceCode), isScript, context.filename);
          for (const call of marks) {
            const label = call.arguments[0];
            if (label?.type === AST_NODE_TYPES.Literal) verdicts[String(label.value)] = repetitionOfSite(oracle, call);
          }
        },
      };
    },
    options,
  );
  return verdicts;
}

describe('repetitionOfSite', () => {
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

describe('repetitionOfCallbackArgument', () => {
  it('says how often a function handed to a call runs', () => {
    const verdicts: Record<string, Repetition> = {};
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
          const oracle = createRepetitionOracle(sourceCode, createGlobalReferences(sourceCode), false, context.filename);
          for (const statement of program.body) {
            if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.CallExpression) continue;
            const call = statement.expression;
            verdicts[sourceCode.getText(call.callee)] = repetitionOfCallbackArgument(oracle, call);
          }
        },
      }),
    );
    expect(verdicts).toEqual({ 'bus.on': 'repeats', '[1, 2].map': 'once', 'Promise.resolve().then': 'once' });
  });
});
