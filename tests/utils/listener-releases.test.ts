import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { UNKNOWN } from '../../rules/utils/acquire-release.js';
import { createListenerFile } from '../../rules/utils/listener-file.js';
import {
  isGuarded,
  isResultHandedOn,
  parseListenerOptions,
  recordRemoval,
  recordWrapperRemoval,
} from '../../rules/utils/listener-releases.js';

describe('removals in the ledger', () => {
  it('records off() by target, event and handler identity, and an event service removal by any shared argument', () => {
    const released: Record<string, boolean> = {};
    lintWithProbe(
      `
      import { bus } from './bus.js';
      const onOrder = () => undefined;
      const other = () => undefined;
      const owner = {};
      bus.off('order', onOrder);
      bus.removeListeners(owner);
      `,
      (context) => {
        const file = createListenerFile(context, { checkWrapperRegistrations: true }, false);
        const ids: Record<string, TSESTree.Node> = {};
        return {
          'VariableDeclarator > Identifier.id': (node: TSESTree.Identifier) => void (ids[node.name] = node),
          'CallExpression[callee.property.name="off"]': (node: TSESTree.CallExpression) => recordRemoval(file, node, node.callee as TSESTree.MemberExpression),
          'CallExpression[callee.property.name="removeListeners"]': (node: TSESTree.CallExpression) => recordWrapperRemoval(file, node, node.callee as TSESTree.MemberExpression),
          'Program:exit'(program: TSESTree.Program) {
            const bus = file.keys.keyOf((program.body[0] as TSESTree.ImportDeclaration).specifiers[0]!.local)!;
            const key = (name: string) => file.keys.keyOf(ids[name]!) ?? UNKNOWN;
            const order = 'event:order'; // eventPart() of the literal 'order'
            released.onOrder = file.ledger.isReleased([bus, order, key('onOrder')]);
            released.other = file.ledger.isReleased([bus, order, key('other')]);
            released.owner = file.ledger.isReleased([bus, '', key('owner')]);
          },
        };
      },
    );
    expect(released).toEqual({ onOrder: true, other: false, owner: true });
  });
});

describe('options, disposers and guards', () => {
  it('reads once and signal options, a kept result and a listener-count guard', () => {
    const verdicts: Record<number, unknown> = {};
    lintWithProbe(
      `
      const target = new EventTarget();
      export function watch(signal: AbortSignal) {
        target.addEventListener('a', () => undefined, { once: true });
        target.addEventListener('b', () => undefined, { signal });
        const off = target.addEventListener('c', () => undefined);
        if (process.listenerCount('warning') === 0) target.addEventListener('d', () => undefined);
        return off;
      }
      `,
      (context) => {
        const file = createListenerFile(context, {}, false);
        return {
          'CallExpression[callee.property.name="addEventListener"]'(node: TSESTree.CallExpression) {
            const options = node.arguments[2];
            verdicts[node.loc.start.line] = {
              options: options ? parseListenerOptions(options) === 'released' || context.sourceCode.getText(parseListenerOptions(options) as TSESTree.Node) : null,
              handedOn: isResultHandedOn(node),
              guarded: isGuarded(file, node),
            };
          },
        };
      },
    );
    expect(verdicts).toEqual({
      4: { options: true, handedOn: false, guarded: false },
      5: { options: 'signal', handedOn: false, guarded: false },
      6: { options: null, handedOn: true, guarded: false },
      7: { options: null, handedOn: false, guarded: true },
    });
  });
});
