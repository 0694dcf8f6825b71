import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import { type Addition, createListenerFile, type ListenerFileOptions } from '../../rules/utils/listener-file.js';
import { longLivedTarget } from '../../rules/utils/listener-targets.js';

/** `longLivedTarget` for every `x.on(event, handler)` call, by the target's text: 'long-lived', 'injected' or null. */
function targetVerdicts(code: string, options: ListenerFileOptions = {}, probe: ProbeOptions = {}): Record<string, string | null> {
  const verdicts: Record<string, string | null> = {};
  lintWithProbe(
    code,
    (context) => {
      const file = createListenerFile(context, options, false);
      const calls: TSESTree.CallExpression[] = [];
      return {
        'CallExpression[callee.property.name=/^(on|addEventListener)$/]': (node: TSESTree.CallExpression) => void calls.push(node),
        'AssignmentExpression[left.type="MemberExpression"]': (node: TSESTree.AssignmentExpression) => file.writes.recordWrite(node),
        'Program:exit'() {
          for (const call of calls) {
            const callee = call.callee as TSESTree.MemberExpression;
            const [event, handler] = call.arguments as TSESTree.Expression[];
            const eventTarget = context.sourceCode.getText(callee.property) === 'addEventListener';
            const addition: Addition = { call, target: callee.object, event: event ?? null, handler: handler!, eventTarget, signal: null, registration: null, wrapperMethod: null };
            const target = longLivedTarget(file, addition);
            verdicts[context.sourceCode.getText(callee.object)] = target ? (target.injected ? 'injected' : 'long-lived') : null;
          }
        },
      };
    },
    probe,
  );
  return verdicts;
}

describe('longLivedTarget', () => {
  it('reads globals, module-level and imported bindings, statics and a caller signal as long-lived', () => {
    expect(
      targetVerdicts(`
        import { EventEmitter } from 'node:events';
        import { bus } from './bus.js';
        const hub = new EventEmitter();
        export class Cache { static events = new EventEmitter(); }
        export function handle(signal: AbortSignal, req: EventEmitter) {
          process.on('exit', () => undefined);
          bus.on('x', () => undefined);
          hub.on('x', () => undefined);
          Cache.events.on('x', () => undefined);
          signal.addEventListener('abort', () => undefined);
          req.on('data', () => undefined);
          const local = new EventEmitter();
          local.on('x', () => undefined);
        }
      `),
    ).toEqual({ process: 'long-lived', bus: 'long-lived', hub: 'long-lived', 'Cache.events': 'long-lived', signal: 'long-lived', req: null, local: null });
  });

  it('reads this of a module-level singleton with checkThisTargets, and an injected service with checkWrapperRegistrations', () => {
    const code = `
      import { EventEmitter } from 'node:events';
      class Metrics extends EventEmitter {
        record() { this.on('flush', () => undefined); }
      }
      export const metrics = new Metrics();
      export class Channel {
        constructor(private readonly events: EventEmitter) {}
        watch() { this.events.on('x', () => undefined); }
      }
    `;
    expect(targetVerdicts(code)).toEqual({ this: null, 'this.events': null });
    expect(targetVerdicts(code, { checkThisTargets: true, checkWrapperRegistrations: true })).toEqual({ this: 'long-lived', 'this.events': 'injected' });
  });

  it('a module-level slot the same call reassigns holds a fresh object, and longLivedTargets names more', () => {
    expect(
      targetVerdicts(
        `
        import net from 'node:net';
        let socket: net.Socket | undefined;
        export function reconnect(port: number) {
          socket = net.connect(port);
          socket.on('data', () => undefined);
          hub.on('drain', () => undefined);
        }
      `,
        { longLivedTargets: ['hub'] },
      ),
    ).toEqual({ socket: null, hub: 'long-lived' });
  });
});
