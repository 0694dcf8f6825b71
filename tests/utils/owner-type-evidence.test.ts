import path from 'node:path';
import { parseForESLint } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { createOwnerTypeEvidence, hasOwnerTypedProperty } from '../../rules/utils/owner-type-evidence.js';
import { getTypeServices } from '../../rules/utils/types.js';
import { fixturesDir } from '../rule-tester.js';

/**
 * With typed linting over `tests/fixtures/`: for each `new X(…)` inside a class, whether X's type
 * declares a property of that class's type. The probe rule cannot use `lintWithProbe`, which parses
 * without a program. Under CI=true typescript-eslint would infer a single run and read file.ts from disk
 * instead of the code given, so that inference is turned off.
 */
function evidence(code: string): Record<string, boolean> {
  const verdicts: Record<string, boolean> = {};
  const probe: TSESLint.RuleModule<never> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: {}, schema: [] },
    create(context) {
      const services = getTypeServices(context);
      if (!services) throw new Error('expected type information');
      const types = createOwnerTypeEvidence(services);
      return {
        NewExpression(node: TSESTree.NewExpression) {
          let owner: TSESTree.Node | undefined = node.parent;
          while (owner && owner.type !== AST_NODE_TYPES.ClassDeclaration) owner = owner.parent;
          if (owner?.type === AST_NODE_TYPES.ClassDeclaration) verdicts[context.sourceCode.getText(node.callee)] = hasOwnerTypedProperty(types, node, owner);
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: { parseForESLint }, parserOptions: { tsconfigRootDir: fixturesDir, project: './tsconfig.json', disallowAutomaticSingleRunInference: true } },
        plugins: { probe: { rules: { probe: probe as never } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    path.join(fixturesDir, 'file.ts'),
  );
  expect(messages).toEqual([]);
  return verdicts;
}

describe('hasOwnerTypedProperty', () => {
  it('is evidence when the helper type declares a property of the owner type or one of its project bases', () => {
    const verdicts = evidence(`
      import { EventEmitter } from 'node:events';
      declare class Monitor { constructor(owner: Server); readonly owner: Server | undefined; }
      declare class BaseMonitor { constructor(owner: Base); readonly owner: Base; }
      declare class Counter { constructor(owner: Server); readonly count: number; readonly emitter: EventEmitter; }
      declare class Wrapper { constructor(owner: Server); }
      class Base extends EventEmitter {}
      export class Server extends Base {
        monitor = new Monitor(this);
        base = new BaseMonitor(this);
        counter = new Counter(this);
        wrapper = new Wrapper(this);
        self = new Server();
      }
    `);
    expect(verdicts).toEqual({ Monitor: true, BaseMonitor: true, Counter: false, Wrapper: false, Server: false });
  });
});
