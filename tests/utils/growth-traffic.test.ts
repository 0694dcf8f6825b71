import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { createGlobalReferences } from '../../rules/utils/global-references.js';
import {
  type CallerTraffic,
  hasPerCallEvidence,
  hasTrafficEvidence,
  isCodeBoundedKey,
  isFreshValue,
  isTrafficKey,
  type KeyTracer,
} from '../../rules/utils/growth-traffic.js';
import { createRunFrequency } from '../../rules/utils/run-frequency.js';

interface KeyVerdict {
  codeBounded: boolean;
  traffic: boolean;
  fresh: boolean;
  /** As the growth `set(key, value)` of code whose callers are elsewhere. */
  perCall: boolean;
  /** As a singleton's growth `set(key, value)`. */
  trafficEvidence: boolean;
}

/**
 * For each `grow(key, value)` call, by the text of its arguments: what the tracer says about the key,
 * asked at `Program:exit`. `spentSteps`: the key-trace steps already spent in the file.
 */
function keyVerdicts(code: string, spentSteps = 0): Record<string, KeyVerdict> {
  const verdicts: Record<string, KeyVerdict> = {};
  lintWithProbe(code, (context) => {
    const calls: TSESTree.CallExpression[] = [];
    return {
      'CallExpression[callee.name="grow"]'(call: TSESTree.CallExpression) {
        calls.push(call);
      },
      'Program:exit'() {
        const { sourceCode } = context;
        const globals = createGlobalReferences(sourceCode);
        const tracer: KeyTracer = {
          sourceCode,
          globals,
          runs: createRunFrequency(sourceCode, { globals, isScript: false, filename: context.filename }),
          callerTraffic: new Map<string, CallerTraffic>(),
          keyTraceSteps: spentSteps,
        };
        for (const call of calls) {
          const key = call.arguments[0]!;
          const site = { node: call, key };
          verdicts[call.arguments.map((argument) => sourceCode.getText(argument)).join(', ')] = {
            codeBounded: isCodeBoundedKey(sourceCode, key),
            traffic: isTrafficKey(tracer, key, 0),
            fresh: isFreshValue(sourceCode, key),
            perCall: hasPerCallEvidence(sourceCode, site),
            trafficEvidence: hasTrafficEvidence(sourceCode, site),
          };
        }
      },
    };
  });
  return verdicts;
}

describe('isCodeBoundedKey', () => {
  it('accepts literals, classes, enums, imports and module constants, and rejects parameters', () => {
    const verdicts = keyVerdicts(`
      import { Kind } from './kinds';
      declare function grow(key: unknown, value?: unknown): void;
      enum Level { Low, High }
      const DEFAULT = 'default';
      class Plugin {}
      export function add(name: string, plugin: Plugin) {
        const code = 'LRU_CACHE_UNBOUNDED';
        grow('literal');
        grow(Level.High);
        grow(Kind);
        grow(DEFAULT);
        grow(Plugin);
        grow(code);
        grow(name);
        grow(plugin.constructor);
      }
    `);
    const bounded = Object.fromEntries(Object.entries(verdicts).map(([key, verdict]) => [key, verdict.codeBounded]));
    expect(bounded).toEqual({
      "'literal'": true,
      'Level.High': true,
      Kind: true,
      DEFAULT: true,
      Plugin: true,
      code: true,
      name: false,
      'plugin.constructor': true,
    });
  });
});

describe('isTrafficKey', () => {
  it('traces keys to handler parameters, fresh values and callers in this file', () => {
    const verdicts = keyVerdicts(`
      import { randomUUID } from 'node:crypto';
      import express from 'express';
      declare function grow(key: unknown, value?: unknown): void;
      const app = express();
      const PREFIX = 'user';
      function remember(id: string) { grow(id); }
      app.get('/users/:id', (req, res) => {
        grow(req.params.id);
        grow(\`\${PREFIX}:\${req.ip}\`);
        remember(req.query.user as string);
        res.end();
      });
      export function lookup(oid: number, options: { name: string }) {
        grow(oid);
        grow(options.name);
        grow(randomUUID());
        grow(PREFIX);
      }
    `);
    const traffic = Object.fromEntries(Object.entries(verdicts).map(([key, verdict]) => [key, verdict.traffic]));
    expect(traffic).toEqual({
      id: true,
      'req.params.id': true,
      '`${PREFIX}:${req.ip}`': true,
      oid: false,
      'options.name': true,
      'randomUUID()': true,
      PREFIX: false,
    });
  });

  it('takes a method parameter as traffic, until the per-file budget is spent', () => {
    const code = `
      declare function grow(key: unknown): void;
      export class Cache { get(key: string) { grow(key); } }
    `;
    expect(keyVerdicts(code).key?.traffic).toBe(true);
    expect(keyVerdicts(code, 20_000).key?.traffic).toBe(false);
  });
});

describe('hasPerCallEvidence and hasTrafficEvidence', () => {
  it('needs an identity key, a value read off a request, or a fresh handle', () => {
    const verdicts = keyVerdicts(`
      import { spawn } from 'node:child_process';
      declare function grow(key: unknown, value?: unknown): void;
      export function record(userId: string, taskId: string, req: { url: string }, name: string) {
        grow(userId, 1);
        grow(taskId, 1);
        grow(name, req.url);
        grow(name, spawn('ls'));
        grow(name, 1);
      }
    `);
    const evidence = Object.fromEntries(
      Object.entries(verdicts).map(([growth, verdict]) => [growth, [verdict.perCall, verdict.trafficEvidence]]),
    );
    expect(evidence).toEqual({
      'userId, 1': [true, true],
      'taskId, 1': [true, false], // an entity's id: per call for an exported function, not the traffic for a singleton
      // A singleton's keyed growth is judged by its key alone: a name is no identity of the traffic.
      'name, req.url': [true, false],
      "name, spawn('ls')": [true, false],
      'name, 1': [false, false],
    });
  });

  it('reads a fresh value per call through a const', () => {
    const verdicts = keyVerdicts(`
      import { Socket } from 'node:net';
      declare function grow(key: unknown): void;
      export function connect() {
        const socket = new Socket();
        grow(socket);
      }
    `);
    expect(verdicts.socket).toMatchObject({ fresh: true, perCall: true, trafficEvidence: true });
  });
});
