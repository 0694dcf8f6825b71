import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import {
  createBackReferenceSearch,
  creationRoots,
  findBackReferences,
  groupByCreator,
  localHelperBinding,
} from '../../rules/utils/helper-back-references.js';
import { skipTypeWrappers } from '../../rules/utils/ast.js';
import { factsOf, lintOwnerWalk } from './owner-walk-probe.js';

interface StoreVerdict {
  /** The text of each expression that holds `this`, once per held `this`. */
  creators: string[];
  helperClasses: string[];
}

/** For each store of class `owner`: which helpers hold the owner back, by field. */
function backReferences(code: string, owner: string, checkUnknownHelpers = false): Record<string, StoreVerdict> {
  const verdicts: Record<string, StoreVerdict> = {};
  lintOwnerWalk(code, (walk, context) => {
    const search = createBackReferenceSearch(context.sourceCode, checkUnknownHelpers, undefined);
    for (const store of factsOf(walk, owner).stores) {
      const value = skipTypeWrappers(store.value);
      const created = value.type === AST_NODE_TYPES.Identifier ? localHelperBinding(context.sourceCode, value)?.init : value;
      const verdict: StoreVerdict = { creators: [], helperClasses: [] };
      for (const root of created ? creationRoots(created) : []) {
        const found = findBackReferences(search, root, store.owner.node);
        verdict.creators.push(...found.backReferences.map(({ creator }) => context.sourceCode.getText(creator)));
        verdict.helperClasses.push(...found.helperClasses.map((node) => node.id?.name ?? '?'));
      }
      verdicts[store.field] = verdict;
    }
  });
  return verdicts;
}

describe('findBackReferences', () => {
  it('finds this kept by a same-file helper, an object literal or a returned wrapper', () => {
    const verdicts = backReferences(
      `
      class Handler { constructor(private readonly owner: Server) {} }
      class Logger { constructor(name: string) { console.log(name); } }
      function wrap(owner: Server) { return { owner }; }
      export class Server {
        handler = new Handler(this);
        logger = new Logger(String(this));
        state = { owner: this, list: [this] };
        wrapped = wrap(this);
        maybe = this.ready ? new Handler(this) : undefined;
        self = this;
        stack = [this];
        ready = false;
      }
    `,
      'Server',
    );
    expect(verdicts.handler).toEqual({ creators: ['new Handler(this)'], helperClasses: ['Handler'] });
    expect(verdicts.logger).toEqual({ creators: [], helperClasses: [] });
    expect(verdicts.state?.creators).toEqual(['{ owner: this, list: [this] }', '{ owner: this, list: [this] }']);
    expect(verdicts.wrapped).toEqual({ creators: ['wrap(this)'], helperClasses: [] });
    expect(verdicts.maybe?.creators).toEqual(['new Handler(this)']);
    expect(verdicts.self?.creators).toEqual([]);
    expect(verdicts.stack?.creators).toEqual([]);
  });

  it('follows a local binding made in the same instance context', () => {
    const verdicts = backReferences(
      `
      class Handler { constructor(private readonly owner: Server) {} }
      export class Server {
        handler?: Handler;
        other?: Handler;
        start() {
          const handler = new Handler(this);
          this.handler = handler;
          let other = new Handler(this);
          other = new Handler(this);
          this.other = other;
        }
      }
    `,
      'Server',
    );
    expect(verdicts.handler?.creators).toEqual(['new Handler(this)']);
    expect(verdicts.other?.creators).toEqual([]);
  });

  it('treats classes of one family as a tree, not an owner and its helper', () => {
    const verdicts = backReferences(
      `
      class Base { constructor(readonly parent?: Base) {} }
      class Leaf extends Base {}
      export class Branch extends Base { child = new Leaf(this); self = new Branch(this); }
    `,
      'Branch',
    );
    expect(verdicts.child?.creators).toEqual([]);
    expect(verdicts.self?.creators).toEqual([]);
  });

  it('counts imported helpers only with checkUnknownHelpers, and ORM relation wrappers never', () => {
    const code = `
      import { Monitor } from 'monitoring';
      import { Collection } from '@mikro-orm/core';
      export class Server {
        monitor = new Monitor(this);
        books = new Collection<object>(this);
      }
    `;
    expect(backReferences(code, 'Server').monitor?.creators).toEqual([]);
    const unknown = backReferences(code, 'Server', true);
    expect(unknown.monitor?.creators).toEqual(['new Monitor(this)']);
    expect(unknown.books?.creators).toEqual([]);
  });

  it('keeps only the properties of an options object that the helper keeps', () => {
    const verdicts = backReferences(
      `
      class Handler { owner: unknown; constructor({ owner }: { owner: unknown; name: unknown }) { this.owner = owner; } }
      export class Server {
        kept = new Handler({ owner: this, name: 'x' });
        dropped = new Handler({ owner: null, name: this });
      }
    `,
      'Server',
    );
    expect(verdicts.kept?.creators).toEqual(["new Handler({ owner: this, name: 'x' })"]);
    expect(verdicts.dropped?.creators).toEqual([]);
  });
});

describe('groupByCreator', () => {
  it('groups the held this values by the expression holding them, in order', () => {
    const creator = { type: 'NewExpression' } as TSESTree.Node;
    const other = { type: 'ObjectExpression' } as TSESTree.Node;
    const [a, b, c] = [{ type: 'ThisExpression' }, { type: 'ThisExpression' }, { type: 'ThisExpression' }] as TSESTree.Node[];
    const groups = groupByCreator([
      { argument: a!, creator },
      { argument: b!, creator: other },
      { argument: c!, creator },
    ]);
    expect([...groups.entries()]).toEqual([
      [creator, [a, c]],
      [other, [b]],
    ]);
  });
});
