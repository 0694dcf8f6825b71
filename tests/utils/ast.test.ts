import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { climbWrappers, isTypeWrapper, skipParentTypeWrappers, skipTypeWrappers, type ValueWrappers } from '../../rules/utils/ast.js';
import { climbValue } from '../../rules/utils/thread-context.js';
import { lintWithProbe } from '../helpers/probe.js';

/** The type of what `climb` returns for each `target` value (`target`, `pool?.target`), in source order. */
function climbedTypes(code: string, climb: (node: TSESTree.Node) => TSESTree.Node): string[] {
  const types: string[] = [];
  lintWithProbe(code, () => ({
    'Identifier[name="target"], MemberExpression[property.name="target"]'(node: TSESTree.Identifier | TSESTree.MemberExpression) {
      const isProperty = node.parent.type === AST_NODE_TYPES.MemberExpression && node.parent.property === node;
      if (!isProperty) types.push(climb(node).type);
    },
  }));
  return types;
}

/** The type of what `skipTypeWrappers` finds inside the initialiser of each `const`. */
function skippedTypes(code: string): string[] {
  const types: string[] = [];
  lintWithProbe(code, () => ({
    'VariableDeclarator > .init'(node: TSESTree.Expression) {
      types.push(skipTypeWrappers(node).type);
    },
  }));
  return types;
}

/** Each initialiser of a `const`, with what each helper answers for the `target` value in it. */
const CASES = [
  { init: 'target as Pool', isWrapper: true, skipped: 'Identifier', sameValue: 'TSAsExpression', awaited: 'TSAsExpression', bare: 'TSAsExpression' },
  {
    init: '(target! satisfies Pool)',
    isWrapper: true,
    skipped: 'Identifier',
    sameValue: 'TSSatisfiesExpression',
    awaited: 'TSSatisfiesExpression',
    bare: 'TSSatisfiesExpression',
  },
  { init: 'pool?.target', isWrapper: false, skipped: 'ChainExpression', sameValue: 'ChainExpression', awaited: 'ChainExpression', bare: 'MemberExpression' },
  {
    init: 'target<string>',
    isWrapper: true,
    skipped: 'Identifier',
    sameValue: 'TSInstantiationExpression',
    awaited: 'Identifier',
    bare: 'Identifier',
  },
  { init: 'await target', isWrapper: false, skipped: 'AwaitExpression', sameValue: 'Identifier', awaited: 'AwaitExpression', bare: 'Identifier' },
  { init: '<Pool>target', isWrapper: true, skipped: 'Identifier', sameValue: 'TSTypeAssertion', awaited: 'TSTypeAssertion', bare: 'TSTypeAssertion' },
];
const WRAPPED = `async function run() {\n${CASES.map((item, index) => `  const v${index} = ${item.init};`).join('\n')}\n}`;

describe('isTypeWrapper', () => {
  it('counts the type-only wrappers by default, `f<T>` included, and not chains or `await`', () => {
    const answers: boolean[] = [];
    lintWithProbe(WRAPPED, () => ({
      'VariableDeclarator > .init'(node: TSESTree.Expression) {
        answers.push(isTypeWrapper(node));
      },
    }));
    expect(answers).toEqual(CASES.map((item) => item.isWrapper));
  });
});

describe('skipTypeWrappers', () => {
  it('reaches the wrapped value through every type-only wrapper, and stops at chains and `await`', () => {
    expect(skippedTypes(WRAPPED)).toEqual(CASES.map((item) => item.skipped));
  });
});

describe('climbing to the value position', () => {
  it('skipParentTypeWrappers climbs type wrappers, `f<T>` and chains, not `await`', () => {
    expect(climbedTypes(WRAPPED, skipParentTypeWrappers)).toEqual(CASES.map((item) => item.sameValue));
  });

  it('climbValue (thread-context) also climbs `await`, and not `f<T>`', () => {
    expect(climbedTypes(WRAPPED, climbValue)).toEqual(CASES.map((item) => item.awaited));
  });

  it('climbWrappers climbs exactly what its wrappers name', () => {
    const typeAssertionsOnly: ValueWrappers = { instantiations: false, chains: false, awaits: false };
    expect(climbedTypes(WRAPPED, (node) => climbWrappers(node, typeAssertionsOnly))).toEqual(CASES.map((item) => item.bare));
  });
});
