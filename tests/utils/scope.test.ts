import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { findThisOwner, getModuleScope, runsRepeatedly } from '../../rules/utils/scope.js';
import { lintWithProbe } from '../helpers/probe.js';

/** Lints `code` with a probe rule that records `runsRepeatedly` for each `mark()` call. */
function markedScopes(code: string, sourceType: 'module' | 'commonjs' | 'script' = 'module'): boolean[] {
  const results: boolean[] = [];
  lintWithProbe(
    code,
    (context) => ({
      'CallExpression[callee.name="mark"]'(node: TSESTree.CallExpression) {
        results.push(runsRepeatedly(context.sourceCode.getScope(node)));
      },
    }),
    { sourceType },
  );
  return results;
}

describe('runsRepeatedly', () => {
  it('treats module top level, top-level loops, IIFEs and static blocks as running once', () => {
    const code = `
      mark();
      for (const x of [1, 2]) mark();
      (() => { mark(); })();
      (async function () { mark(); })();
      (function () { mark(); }).call(this);
      class Registry { static items = mark(); static { mark(); } }
    `;
    expect(markedScopes(code)).toEqual([false, false, false, false, false, false, false]);
  });

  it('treats functions, methods, callbacks and instance fields as running repeatedly', () => {
    const code = `
      function onAccept() { mark(); }
      const handler = () => mark();
      server.on('connection', (socket) => { mark(); });
      class Conn { field = mark(); method() { mark(); } }
      (() => { return () => mark(); })();
    `;
    expect(markedScopes(code)).toEqual([true, true, true, true, true, true]);
  });

  it('treats CommonJS and script top level as running once', () => {
    expect(markedScopes('mark(); function f() { mark(); }', 'commonjs')).toEqual([false, true]);
    expect(markedScopes('mark(); function f() { mark(); }', 'script')).toEqual([false, true]);
  });
});

describe('module shapes in the rule tester', () => {
  it('gives CommonJS a function scope on Program and scripts only the global scope', async () => {
    const { commonjs, script } = await import('../rule-tester.js');
    const shapes: string[] = [];
    const probe: TSESLint.RuleModule<never> = {
      defaultOptions: [],
      meta: { type: 'problem', messages: {}, schema: [] },
      create(context) {
        return {
          Program() {
            shapes.push(getModuleScope(context.sourceCode).type);
          },
        };
      },
    };
    const linter = new Linter({ configType: 'flat' });
    for (const languageOptions of [commonjs, script]) {
      linter.verify('var x = 1;', [
        {
          files: ['**/*.ts'],
          languageOptions: { ...languageOptions, parser: { parseForESLint } },
          plugins: { probe: { rules: { probe: probe as never } } },
          rules: { 'probe/probe': 'error' },
        },
      ], 'file.ts');
    }
    expect(shapes).toEqual(['function', 'global']);
  });
});

describe('findThisOwner', () => {
  /** For each `this` in `code`: the class it points to and whether it is the class itself, or null. */
  function owners(code: string): (string | null)[] {
    const found: (string | null)[] = [];
    lintWithProbe(code, () => ({
      ThisExpression(node: TSESTree.ThisExpression) {
        const owner = findThisOwner(node);
        found.push(owner ? `${owner.classNode.id?.name ?? '(anonymous)'}${owner.isStatic ? ' static' : ''}` : null);
      },
    }));
    return found;
  }

  it('finds the class of methods, fields and static blocks, through arrow functions', () => {
    const code = `
      class Registry {
        items = this.load();
        static shared = this.create();
        static { this.ready = true; }
        add(item) { list.forEach(() => this.items.push(item)); }
        static reset() { this.shared = null; }
      }
    `;
    expect(owners(code)).toEqual(['Registry', 'Registry static', 'Registry static', 'Registry', 'Registry static']);
  });

  it('finds none in plain functions, functions inside methods and at module level', () => {
    const code = `
      function Legacy() { this.items = []; }
      class Service { run() { setTimeout(function () { this.stop(); }); } }
      this.x = 1;
    `;
    expect(owners(code)).toEqual([null, null, null]);
  });
});
