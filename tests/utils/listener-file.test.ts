import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { collectRegistrationCalls, createListenerFile, eventPart, staticEventName } from '../../rules/utils/listener-file.js';

describe('the per-file state', () => {
  it('reads the options and finds catalog registrations on the module and on module-level instances', () => {
    const found: string[] = [];
    lintWithProbe(
      `
      import winston, { createLogger } from 'winston';
      const logger = createLogger();
      export function add(transport: winston.transport) {
        winston.add(transport);
        logger.add(transport);
        new Set().add(transport);
      }
      `,
      (context) => {
        const file = createListenerFile(context, { longLivedTargets: ['hub'], checkThisTargets: true }, true);
        expect([...file.longLivedNames]).toEqual(['hub']);
        expect([file.checkThisTargets, file.checkWrappers, file.hasRegistrationModule]).toEqual([true, false, true]);
        return {
          Program() {
            collectRegistrationCalls(file);
            for (const call of file.registrationCalls.keys()) found.push(context.sourceCode.getText(call));
          },
        };
      },
    );
    expect(found.sort()).toEqual(['logger.add(transport)', 'winston.add(transport)']);
  });

  it('names events by their static value, else by their resolved identity', () => {
    const parts: string[] = [];
    lintWithProbe(
      `
      const READY = 'ready';
      export function watch(bus: { on(e: unknown, f: () => void): void }, dynamic: string) {
        bus.on(READY, () => undefined);
        bus.on(\`tick\`, () => undefined);
        bus.on(dynamic, () => undefined);
        bus.on(dynamic + '!', () => undefined);
      }
      `,
      (context) => {
        const file = createListenerFile(context, {}, false);
        return {
          'CallExpression[callee.property.name="on"]'(node: TSESTree.CallExpression) {
            const event = node.arguments[0]!;
            parts.push(`${staticEventName(file, event)} ${eventPart(file, event, '?').replace(/\d+/gu, 'N')}`);
          },
        };
      },
    );
    expect(parts).toEqual(['ready event:ready', 'tick event:tick', 'null slot:var:N', 'null ?']);
  });
});
