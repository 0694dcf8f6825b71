import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { classDisplayName, classVariables, isClassNode, isExportedClass } from '../../rules/utils/class-bindings.js';

interface ClassVerdict {
  name: string | null;
  exported: boolean;
  /** Each binding's name with how many references it has outside its declaration. */
  bindings: string[];
}

function classVerdicts(code: string): ClassVerdict[] {
  const verdicts: ClassVerdict[] = [];
  lintWithProbe(code, (context) => {
    const record = (node: TSESTree.ClassDeclaration | TSESTree.ClassExpression) => {
      expect(isClassNode(node)).toBe(true);
      verdicts.push({
        name: classDisplayName(node),
        exported: isExportedClass(node),
        bindings: classVariables(node, context.sourceCode).map(
          (variable) => `${variable.name}:${variable.references.filter((reference) => !reference.init).length}`,
        ),
      });
    };
    return { ClassDeclaration: record, ClassExpression: record };
  });
  return verdicts;
}

describe('class bindings', () => {
  it('names a class by its id or its const, and finds every binding', () => {
    expect(
      classVerdicts(`
        class Outer { static make() { return new Outer(); } }
        new Outer();
        export const Held = class Inner { static self() { return Inner; } };
        Held.self();
        export default class {}
        export class Listed {}
      `),
    ).toEqual([
      { name: 'Outer', exported: false, bindings: ['Outer:1', 'Outer:1'] },
      { name: 'Inner', exported: true, bindings: ['Inner:1', 'Held:1'] },
      { name: null, exported: true, bindings: [] },
      { name: 'Listed', exported: true, bindings: ['Listed:0', 'Listed:0'] },
    ]);
  });

  it('tells classes from other nodes', () => {
    lintWithProbe(`const x = 1;`, () => ({
      VariableDeclaration(node: TSESTree.VariableDeclaration) {
        expect(isClassNode(node)).toBe(false);
      },
    }));
  });
});
