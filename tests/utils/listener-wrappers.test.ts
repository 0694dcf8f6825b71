import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { createKeyResolver } from '../../rules/utils/acquire-release.js';
import { createRunFrequency } from '../../rules/utils/run-frequency.js';
import { getStaticPropertyName } from '../../rules/utils/ast.js';
import {
  describeRepeatedConstruction,
  enclosingConstructor,
  injectedServiceParameter,
  isFunctionValued,
  isWrapperSubscribeName,
  isWrapperUnsubscribeName,
} from '../../rules/utils/listener-wrappers.js';

interface CallVerdict {
  injected: boolean;
  functionArguments: boolean[];
  constructor: boolean;
}

/** For every member call, by method name: is the receiver an injected service, which arguments are functions, is it constructor code. */
function callVerdicts(code: string): Record<string, CallVerdict> {
  const verdicts: Record<string, CallVerdict> = {};
  lintWithProbe(code, (context) => {
    const keys = createKeyResolver(context.sourceCode);
    return {
      'CallExpression[callee.type="MemberExpression"]'(node: TSESTree.CallExpression) {
        const callee = node.callee as TSESTree.MemberExpression;
        verdicts[getStaticPropertyName(callee) ?? '?'] = {
          injected: injectedServiceParameter(callee.object, keys, context.sourceCode) !== null,
          functionArguments: node.arguments.map((argument) => isFunctionValued(argument, keys)),
          constructor: enclosingConstructor(node, keys) !== null,
        };
      },
    };
  });
  return verdicts;
}

describe('subscription names', () => {
  it('reads on*, subscribe*, addListener, add*Listener and register*Handler as subscriptions', () => {
    expect(['onEvent', 'onDeviceJoined', 'subscribe', 'subscribeToOrders', 'addListener', 'addChangeListener', 'registerMessageHandler'].map(isWrapperSubscribeName)).toEqual([
      true, true, true, true, true, true, true,
    ]);
    expect(['on', 'once', 'online', 'register', 'add', 'onboard'].map(isWrapperSubscribeName)).toEqual([false, false, false, false, false, false]);
  });

  it('reads off*, unsubscribe*, remove*Listener(s) and unregister* as removals', () => {
    expect(['off', 'offEvent', 'unsubscribe', 'removeListeners', 'removeChangeHandler', 'unregisterHandler'].map(isWrapperUnsubscribeName)).toEqual([true, true, true, true, true, true]);
    expect(['offset', 'remove', 'removeItem'].map(isWrapperUnsubscribeName)).toEqual([false, false, false]);
  });
});

describe('injected services and function arguments', () => {
  it('finds parameter properties, fields filled from a parameter, and parameters in the constructor', () => {
    const verdicts = callVerdicts(`
      import { Inject } from '@nestjs/common';
      import { REQUEST } from '@nestjs/core';
      class Channel {
        private bus: { subscribe(fn: () => void): void };
        private local = { onTick(fn: () => void) {} };
        private readonly handle = () => undefined;
        constructor(private readonly events: { onEvent(t: string, fn: () => void): void }, bus: { subscribe(fn: () => void): void }, @Inject(REQUEST) private readonly request: { onClose(fn: () => void): void }, hub: { addListener(fn: () => void): void }) {
          this.bus = bus;
          hub.addListener(this.handle);
          this.request.onClose(() => undefined);
        }
        start() {
          this.events.onEvent('x', this.handle);
          this.bus.subscribe(function named() {});
          this.local.onTick(this.stop);
        }
        stop() {}
      }
    `);
    expect(verdicts.onEvent).toEqual({ injected: true, functionArguments: [false, true], constructor: false });
    expect(verdicts.subscribe).toEqual({ injected: true, functionArguments: [true], constructor: false });
    expect(verdicts.addListener).toEqual({ injected: true, functionArguments: [true], constructor: true });
    expect(verdicts.onClose?.injected).toBe(false); // the request's own object
    expect(verdicts.onTick).toEqual({ injected: false, functionArguments: [true], constructor: false });
  });

  it('follows helpers only the constructor calls, through iterations', () => {
    const verdicts = callVerdicts(`
      class Adapter {
        constructor(private readonly transport: { onMessage(fn: () => void): void; onClose(fn: () => void): void }) {
          ['a', 'b'].forEach(() => this.bind());
        }
        private bind() { this.transport.onMessage(() => undefined); }
        reconnect() { this.rebind(); }
        private rebind() { this.transport.onClose(() => undefined); }
      }
    `);
    expect(verdicts.onMessage?.constructor).toBe(true);
    expect(verdicts.onClose?.constructor).toBe(false);
  });
});

describe('describeRepeatedConstruction', () => {
  it('names a request-scoped provider and a new in repeated code; not a singleton or a class built at load', () => {
    const verdicts: Record<string, string | null> = {};
    lintWithProbe(
      `
      import { Injectable, Scope } from '@nestjs/common';
      import express from 'express';
      @Injectable({ scope: Scope.REQUEST }) export class PerRequest {}
      @Injectable() export class Singleton {}
      class PerStream {}
      class Once {}
      export const once = new Once();
      express().get('/s', () => new PerStream());
      `,
      (context) => {
        const runs = createRunFrequency(context.sourceCode, { isScript: false, filename: context.filename });
        return {
          ClassDeclaration(node) {
            verdicts[node.id?.name ?? '?'] = describeRepeatedConstruction(node, context.sourceCode, runs);
          },
        };
      },
    );
    expect(verdicts).toEqual({
      PerRequest: "the constructor of 'PerRequest', a request-scoped provider created for every request",
      Singleton: null,
      PerStream: "the constructor of 'PerStream', which runs again each time 'new PerStream()' on line 9 runs",
      Once: null,
    });
  });
});
