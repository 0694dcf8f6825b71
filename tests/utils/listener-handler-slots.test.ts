import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { createKeyResolver } from '../../rules/utils/acquire-release.js';
import { createRunFrequency } from '../../rules/utils/run-frequency.js';
import { findReRegistration } from '../../rules/utils/listener-handler-slots.js';

/** `findReRegistration` for every `bus.on(event, handler)` call, by event name: "method@line" or null. */
function reRegistrations(code: string): Record<string, string | null> {
  const found: Record<string, string | null> = {};
  lintWithProbe(code, (context) => {
    const keys = createKeyResolver(context.sourceCode);
    const runs = createRunFrequency(context.sourceCode, { isScript: false, filename: context.filename });
    return {
      'CallExpression[callee.object.name="bus"][callee.property.name="on"]'(node: TSESTree.CallExpression) {
        const [event, handler] = node.arguments;
        const result = handler ? findReRegistration(node, handler, context.sourceCode, keys, runs) : null;
        found[(event as TSESTree.StringLiteral).value] = result ? `${result.method}@${result.again.loc.start.line}` : null;
      },
    };
  });
  return found;
}

describe('findReRegistration', () => {
  it('finds a method that refills the slot and runs again from a listener or a loop', () => {
    expect(
      reRegistrations(`
        import { bus } from './bus.js';
        export class Feed {
          private onPrice?: () => void;
          private onTrade?: () => void;
          connect(socket: { on(event: string, fn: () => void): void }) {
            this.onPrice = () => undefined;
            bus.on('price', this.onPrice);
            socket.on('close', () => this.connect(socket));
          }
          reload(names: string[]) {
            this.onTrade = () => undefined;
            bus.on('trade', this.onTrade);
          }
          reloadAll(batches: string[][]) {
            for (const names of batches) this.reload(names);
          }
        }
      `),
    ).toEqual({ price: 'connect@9', trade: 'reload@16' });
  });

  it('leaves a slot removed or tested before the store, a method called once, and a stable handler', () => {
    expect(
      reRegistrations(`
        import { bus } from './bus.js';
        export class Feed {
          private onPrice?: () => void;
          private onTrade?: () => void;
          private readonly onQuote = () => undefined;
          constructor() { this.listen(); }
          connect(socket: { on(event: string, fn: () => void): void }) {
            if (this.onPrice) return;
            this.onPrice = () => undefined;
            bus.on('price', this.onPrice);
            bus.on('quote', this.onQuote);
            socket.on('close', () => this.connect(socket));
          }
          listen() {
            this.onTrade = () => undefined;
            bus.on('trade', this.onTrade);
          }
        }
      `),
    ).toEqual({ price: null, quote: null, trade: null });
  });
});
