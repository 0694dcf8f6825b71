import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import {
  classSignature,
  createRetentionAnalysis,
  functionSignature,
  retentionAt,
  type Signature,
} from '../../rules/utils/argument-retention.js';

/** What each argument position keeps: `yes`/`unknown`/`no` for the whole value, `keys:a,b` for some properties. */
function describeSignature(signature: Signature, arity: number): string[] {
  return Array.from({ length: arity }, (_, index) => {
    const retention = retentionAt(signature, index);
    return retention.keys.size > 0 ? `keys:${[...retention.keys].sort().join(',')}` : retention.whole;
  });
}

/** The signature of every named class (as with `new`) and function declaration (as a plain call) in `code`. */
function signatures(code: string, arity = 2, options: { sourceType?: 'module' | 'commonjs' } = {}): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  lintWithProbe(
    code,
    (context) => {
      const classes: TSESTree.ClassDeclaration[] = [];
      const functions: TSESTree.FunctionDeclaration[] = [];
      return {
        ClassDeclaration: (node) => void classes.push(node),
        FunctionDeclaration: (node) => void functions.push(node),
        'Program:exit'() {
          const analysis = createRetentionAnalysis(context.sourceCode);
          for (const node of classes) found[node.id?.name ?? '?'] = describeSignature(classSignature(analysis, node), arity);
          for (const node of functions) {
            found[`${node.id?.name ?? '?'}()`] = describeSignature(functionSignature(analysis, node, 'call', null), arity);
          }
        },
      };
    },
    options,
  );
  return found;
}

describe('classSignature', () => {
  it('keeps what the constructor stores on this, and nothing it only uses', () => {
    const found = signatures(`
      export class Stored { owner: unknown; constructor(owner: unknown, name: string) { this.owner = owner; console.log(name); } }
      export class Property { constructor(private readonly owner: unknown, name: string) { console.log(name); } }
      export class UsedOnly { constructor(owner: { start(): void }) { owner.start(); } }
      export class Wrapped { state: unknown; constructor(owner: unknown) { this.state = { owner, at: Date.now() }; } }
      export class Local { state: unknown; constructor(owner: unknown) { const state = { owner }; this.state = state; } }
      export class Returned { constructor(owner: unknown) { return owner as never; } }
    `);
    expect(found.Stored).toEqual(['yes', 'no']);
    expect(found.Property).toEqual(['yes', 'no']);
    expect(found.UsedOnly).toEqual(['no', 'no']);
    expect(found.Wrapped).toEqual(['yes', 'no']);
    expect(found.Local).toEqual(['yes', 'no']);
    expect(found.Returned).toEqual(['no', 'no']);
  });

  it('keeps only the properties of an options object it stores', () => {
    const found = signatures(`
      export class Destructured { owner: unknown; constructor({ owner, limit }: { owner: unknown; limit: number }) { this.owner = owner; console.log(limit); } }
      export class Member { owner: unknown; constructor(options: { owner: unknown }) { this.owner = options.owner; } }
      export class Spread { options: unknown; constructor(options: object) { this.options = { ...options }; } }
      export class Assigned { constructor(options: object) { Object.assign(this, options); } }
    `);
    expect(found.Destructured).toEqual(['keys:owner', 'no']);
    expect(found.Member).toEqual(['keys:owner', 'no']);
    expect(found.Spread).toEqual(['keys:*', 'no']);
    expect(found.Assigned).toEqual(['keys:*', 'no']);
  });

  it('follows the implicit constructor and super() to the base class', () => {
    const found = signatures(`
      import { Imported } from 'somewhere';
      class Base { owner: unknown; constructor(owner: unknown) { this.owner = owner; } }
      export class Implicit extends Base {}
      export class Explicit extends Base { constructor(owner: unknown, name: string) { super(owner); console.log(name); } }
      export class FromImport extends Imported {}
      export class FromGlobal extends Error {}
      export declare class Ambient { constructor(owner: unknown); }
    `);
    expect(found.Implicit).toEqual(['yes', 'no']);
    expect(found.Explicit).toEqual(['yes', 'no']);
    expect(found.FromImport).toEqual(['unknown', 'unknown']);
    expect(found.FromGlobal).toEqual(['no', 'no']);
    expect(found.Ambient).toEqual(['unknown', 'unknown']);
  });

  it('never counts an ORM relation wrapper as a base that keeps its argument', () => {
    const found = signatures(`
      import { Collection } from '@mikro-orm/core';
      export class Books extends Collection<object> {}
    `);
    expect(found.Books).toEqual(['no', 'no']);
  });

  it('maps every argument from a rest parameter on', () => {
    const found = signatures(`
      export class Many { items: unknown[]; constructor(name: string, ...items: unknown[]) { this.items = items; console.log(name); } }
    `, 3);
    expect(found.Many).toEqual(['no', 'yes', 'yes']);
  });

  it('survives recursive constructors', () => {
    const found = signatures(`
      export class Node { child?: Node; owner: unknown; constructor(owner: unknown) { this.owner = owner; this.child = new Node(owner); } }
    `);
    expect(found.Node).toEqual(['yes', 'no']);
  });
});

describe('functionSignature', () => {
  it('keeps what a plain call returns wrapped, not the argument itself', () => {
    const found = signatures(`
      export function wrap(owner: unknown) { return { owner }; }
      export function identity(owner: unknown) { return owner; }
      export function inArray(owner: unknown) { return [owner]; }
      export function storesOnThis(this: { owner: unknown }, owner: unknown) { this.owner = owner; }
      export function handedOn(owner: unknown) { return wrap(owner); }
      export function throughLocal(owner: unknown) { const box = { owner: null as unknown }; box.owner = owner; return box; }
    `);
    expect(found['wrap()']).toEqual(['yes', 'no']);
    expect(found['identity()']).toEqual(['no', 'no']);
    expect(found['inArray()']).toEqual(['yes', 'no']);
    // A `this` parameter is no argument; a plain call has no instance to store on.
    expect(found['storesOnThis()']).toEqual(['no', 'no']);
    expect(found['handedOn()']).toEqual(['yes', 'no']);
    expect(found['throughLocal()']).toEqual(['yes', 'no']);
  });
});
