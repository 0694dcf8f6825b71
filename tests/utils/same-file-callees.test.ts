import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import { isOrmRelationWrapper, resolveCallee } from '../../rules/utils/same-file-callees.js';

interface CalleeVerdict {
  kind: string;
  /** The name of the class or function resolved in this file. */
  name?: string;
  orm: boolean;
}

/** What the callee of each `new` expression resolves to, by the callee's text. */
function callees(code: string, options: ProbeOptions = {}): Record<string, CalleeVerdict> {
  const verdicts: Record<string, CalleeVerdict> = {};
  lintWithProbe(
    code,
    (context) => ({
      NewExpression(node: TSESTree.NewExpression) {
        const resolved = resolveCallee(context.sourceCode, node.callee);
        const name = resolved.kind === 'class' ? resolved.node.id?.name : resolved.kind === 'function' ? nameOf(resolved.node) : undefined;
        verdicts[context.sourceCode.getText(node.callee)] = {
          kind: resolved.kind,
          ...(name === undefined ? {} : { name }),
          orm: isOrmRelationWrapper(context.sourceCode, node.callee),
        };
      },
    }),
    options,
  );
  return verdicts;
}

function nameOf(node: TSESTree.FunctionLike): string | undefined {
  if (node.id) return node.id.name;
  return node.parent.type === AST_NODE_TYPES.VariableDeclarator && node.parent.id.type === AST_NODE_TYPES.Identifier ? node.parent.id.name : undefined;
}

describe('resolveCallee', () => {
  it('names same-file classes and functions, and tells imports from what it cannot name', () => {
    const verdicts = callees(`
      import { Imported } from 'somewhere';
      import * as lib from 'lib';
      class Declared {}
      const Expression = class {};
      const Arrow = function Made() {};
      function Legacy(this: unknown) {}
      declare class Ambient {}
      let Rebound = class {};
      Rebound = class {};
      const factory = makeFactory();
      new Declared(); new Expression(); new Arrow(); new Legacy(); new Imported(); new lib.Thing();
      new Ambient(); new Rebound(); new factory(); new Map(); new (class Inline {})();
    `);
    expect(verdicts.Declared).toEqual({ kind: 'class', name: 'Declared', orm: false });
    expect(verdicts.Expression?.kind).toBe('class');
    expect(verdicts.Arrow).toEqual({ kind: 'function', name: 'Made', orm: false });
    expect(verdicts.Legacy).toEqual({ kind: 'function', name: 'Legacy', orm: false });
    expect(verdicts.Imported?.kind).toBe('external');
    expect(verdicts['lib.Thing']?.kind).toBe('external');
    expect(verdicts.Ambient?.kind).toBe('external');
    // Written twice: it may hold something else when the call runs.
    expect(verdicts.Rebound?.kind).toBe('none');
    expect(verdicts.factory?.kind).toBe('none');
    expect(verdicts.Map?.kind).toBe('none');
    expect(verdicts['class Inline {}']).toEqual({ kind: 'class', name: 'Inline', orm: false });
  });

  it('treats required constructors as external', () => {
    const verdicts = callees(
      `
      const { Pool } = require('pg');
      const mod = require('events');
      new Pool(); new mod.EventEmitter();
    `,
      { sourceType: 'commonjs' },
    );
    expect(verdicts.Pool?.kind).toBe('external');
    expect(verdicts['mod.EventEmitter']?.kind).toBe('external');
  });
});

describe('isOrmRelationWrapper', () => {
  it('recognises MikroORM relation wrappers however they are imported', () => {
    const verdicts = callees(`
      import { Collection, Reference as Ref } from '@mikro-orm/core';
      import * as orm from '@mikro-orm/postgresql';
      import { Collection as Other } from 'some-collections';
      import Default from '@mikro-orm/core';
      new Collection(); new Ref(); new orm.ArrayCollection(); new Other(); new Default();
    `);
    expect(verdicts.Collection?.orm).toBe(true);
    expect(verdicts.Ref?.orm).toBe(true);
    expect(verdicts['orm.ArrayCollection']?.orm).toBe(true);
    expect(verdicts.Other?.orm).toBe(false);
    expect(verdicts.Default?.orm).toBe(false);
  });

  it('recognises them through require, destructured or whole', () => {
    const verdicts = callees(
      `
      const { Collection, Reference: Ref } = require('@mikro-orm/core');
      const orm = require('mikro-orm');
      const { Collection: Other } = require('immutable');
      new Collection(); new Ref(); new orm.Reference(); new orm(); new Other();
    `,
      { sourceType: 'commonjs' },
    );
    expect(verdicts.Collection?.orm).toBe(true);
    expect(verdicts.Ref?.orm).toBe(true);
    expect(verdicts['orm.Reference']?.orm).toBe(true);
    expect(verdicts.orm?.orm).toBe(false);
    expect(verdicts.Other?.orm).toBe(false);
  });
});
