import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { type Addition, createListenerFile } from '../../rules/utils/listener-file.js';
import { isBootstrapRegistration } from '../../rules/utils/listener-startup.js';

/** `isBootstrapRegistration` for every `process.on(event, …)`, by the enclosing function's line. */
function bootstrapVerdicts(code: string): Record<number, boolean> {
  const verdicts: Record<number, boolean> = {};
  lintWithProbe(code, (context) => {
    const file = createListenerFile(context, {}, false);
    return {
      'CallExpression[callee.object.name="process"][callee.property.name="on"]'(node: TSESTree.CallExpression) {
        const [event, handler] = node.arguments as TSESTree.Expression[];
        const addition: Addition = { call: node, target: (node.callee as TSESTree.MemberExpression).object, event: event!, handler: handler!, eventTarget: false, signal: null, registration: null, wrapperMethod: null };
        verdicts[node.loc.start.line] = isBootstrapRegistration(file, addition, { key: 'global:process', injected: false });
      },
    };
  });
  return verdicts;
}

describe('isBootstrapRegistration', () => {
  it('takes setup functions, lifecycle hooks and process-wide policies with unseen callers as startup code', () => {
    expect(
      bootstrapVerdicts(`
        export function setupShutdown() { process.on('message', () => undefined); }
        export function handle() { process.on('SIGTERM', () => undefined); }
        export function track() { process.on('warning', () => undefined); }
        export class Hooks { onModuleInit() { process.on('message', () => undefined); } }
        export async function GET() { process.on('SIGTERM', () => undefined); return new Response(); }
      `),
    ).toEqual({ 2: true, 3: true, 4: false, 5: true, 6: true });
  });

  it('a method of a class the file keeps to itself and calls once at startup, unless something calls it again', () => {
    expect(
      bootstrapVerdicts(`
        class Session { listen() { process.on('message', () => undefined); } }
        export function startSession() { const session = new Session(); session.listen(); }
        class Retry { listen() { process.on('message', () => undefined); } again() { this.listen(); } }
        export function startRetry() { const retry = new Retry(); retry.listen(); }
      `),
    ).toEqual({ 2: true, 4: false });
  });
});
