import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import { createGlobalReferences, globalCalleePath, isCommonJsExportTarget, isExportedObject } from '../../rules/utils/global-references.js';

/** Every call's global callee path, by the callee's text. */
function calleePaths(code: string, options: ProbeOptions = {}): Record<string, string | null> {
  const paths: Record<string, string | null> = {};
  lintWithProbe(
    code,
    (context) => {
      const globals = createGlobalReferences(context.sourceCode);
      return {
        CallExpression(call: TSESTree.CallExpression) {
          paths[context.sourceCode.getText(call.callee)] = globalCalleePath(call.callee, globals);
        },
      };
    },
    options,
  );
  return paths;
}

/** For each assignment target and each object literal, by text: whether it exports. */
function exportVerdicts(code: string, options: ProbeOptions = {}): Record<string, boolean> {
  const verdicts: Record<string, boolean> = {};
  lintWithProbe(
    code,
    (context) => {
      const globals = createGlobalReferences(context.sourceCode);
      const text = (node: TSESTree.Node) => context.sourceCode.getText(node);
      return {
        AssignmentExpression(assignment: TSESTree.AssignmentExpression) {
          verdicts[text(assignment.left)] = isCommonJsExportTarget(assignment.left, globals);
        },
        ObjectExpression(object: TSESTree.ObjectExpression) {
          verdicts[text(object)] = isExportedObject(object, globals);
        },
      };
    },
    options,
  );
  return verdicts;
}

describe('globalCalleePath', () => {
  it('names calls rooted at a global, not at a local binding of the same name', () => {
    expect(
      calleePaths(`
        Object.assign({}, {});
        setTimeout(() => {}, 1);
        JSON['stringify']({});
        function local() { const Object = { keys() {} }; Object.keys(); }
        local();
      `),
    ).toEqual({
      'Object.assign': 'Object.assign',
      setTimeout: 'setTimeout',
      "JSON['stringify']": 'JSON.stringify',
      'Object.keys': null,
      local: null,
    });
  });
});

describe('isCommonJsExportTarget and isExportedObject', () => {
  it('recognises module.exports and exports, and the objects a module exports', () => {
    const commonjs: ProbeOptions = { sourceType: 'commonjs', parser: 'espree', filename: 'file.js' };
    expect(
      exportVerdicts(
        `
        module.exports = { a: 1 };
        module.exports.b = 2;
        exports.c = 3;
        const local = { d: 4 };
        local.e = 5;
      `,
        commonjs,
      ),
    ).toEqual({
      'module.exports': true,
      '{ a: 1 }': true,
      'module.exports.b': true,
      'exports.c': true,
      '{ d: 4 }': false,
      'local.e': false,
    });
    expect(exportVerdicts(`export default { a: 1 }; export const api = { b: 2 }; const module = { exports: {} }; module.exports = { c: 3 };`)).toEqual({
      '{ a: 1 }': true,
      '{ b: 2 }': true,
      '{ exports: {} }': false,
      'module.exports': false,
      '{ c: 3 }': false,
      '{}': false,
    });
  });
});

it('answers only for identifiers that have no declaration in the file', () => {
  const verdicts: Record<string, boolean> = {};
  lintWithProbe(`const mine = 1; console.log(mine, Map);`, (context) => {
    const globals = createGlobalReferences(context.sourceCode);
    return {
      'CallExpression > Identifier'(identifier: TSESTree.Identifier) {
        if (identifier.parent.type === AST_NODE_TYPES.CallExpression) verdicts[identifier.name] = globals.has(identifier);
      },
    };
  });
  expect(verdicts).toEqual({ mine: false, Map: true });
});
