import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { className, fieldOnThis, thisFieldPath } from '../../rules/utils/owner-facts.js';
import { lintWithProbe } from '../helpers/probe.js';
import { factsOf, lintOwnerWalk } from './owner-walk-probe.js';

describe('the owner walk', () => {
  it('records instance stores in source order, with field paths, and skips static code and collections', () => {
    lintOwnerWalk(
      `
      export class Server {
        handler = new Handler(this);
        #secret = { owner: this };
        static shared = new Handler(null);
        ['computed'] = 1;
        constructor() {
          this.state.handler = new Handler(this);
          this.children[0] = new Handler(this);
          this.count += 1;
          this.cache ??= new Map();
          function inner(this: unknown) { this.loose = 1; }
        }
        static create() { this.instances = 1; }
        static { this.booted = true; }
      }
    `,
      (walk) => {
        const server = factsOf(walk, 'Server');
        expect(server.stores.map((store) => store.field)).toEqual(['handler', '#secret', 'state.handler', 'cache']);
        expect(server.passesThis).toBe(true);
      },
    );
  });

  it('marks an owner that hands this on, and only then', () => {
    lintOwnerWalk(
      `
      export class Passes { run() { return [this]; } }
      export class Keeps { run() { this.value = this.other; return this; } }
      export class Conditional { pick(flag: boolean) { return flag ? this : null; } }
    `,
      (walk) => {
        expect(factsOf(walk, 'Passes').passesThis).toBe(true);
        expect(factsOf(walk, 'Keeps').passesThis).toBe(false);
        expect(factsOf(walk, 'Conditional').passesThis).toBe(true);
      },
    );
  });

  it('records registrations with their kind and what of this they reach, and the removals', () => {
    lintOwnerWalk(
      `
      import { storage } from './context';
      export class Client {
        start() {
          process.on('exit', () => this.close());
          bus.subscribe((event) => this.handler.handle(event));
          registry.add(this);
          setInterval(() => this.tick(), 1000);
          storage.enterWith(this.context);
          bus.off('x', this.onX);
          clearInterval(this.timer);
          registry.delete(this);
          emitter.on();
        }
      }
      function outside() { process.on('exit', () => undefined); }
    `,
      (walk) => {
        const client = factsOf(walk, 'Client');
        expect(client.registrations.map((registration) => registration.kind)).toEqual([
          'listener',
          'subscription',
          'registry',
          'timer',
          'asyncContext',
        ]);
        expect(client.registrations.map((registration) => [...registration.reachedFields])).toEqual([
          ['close'],
          ['handler'],
          [],
          ['tick'],
          ['context'],
        ]);
        expect(client.registrations.every((registration) => registration.reachesThis)).toBe(true);
        expect(client.removals).toHaveLength(3);
        expect(walk.registrationByCall.size).toBe(5);
      },
    );
  });

  it('records the fields a dispose-like method reads, by method', () => {
    lintOwnerWalk(
      `
      export class Worker {
        destroy() { clearInterval(this.timer); this.unsubscribe(); this.handle = null; }
        onModuleDestroy = () => { this.subscription.unsubscribe(); };
        [Symbol.dispose]() { this.other.close(); }
        start() { this.ignored.close(); }
      }
    `,
      (walk) => {
        const reads = factsOf(walk, 'Worker').disposeReads;
        expect(Object.fromEntries([...reads].map(([field, methods]) => [field, [...methods]]))).toEqual({
          timer: ['destroy'],
          unsubscribe: ['destroy'],
          subscription: ['onModuleDestroy'],
          other: ['[Symbol.dispose]'],
        });
      },
    );
  });
});

describe('field paths and names', () => {
  it('reads this.<field> paths and class names', () => {
    const paths: Record<string, [string | null, string | null]> = {};
    const names: string[] = [];
    lintWithProbe(
      `
      export class Named { run() { this.a.b.c; this.#p; this.list[0].x; other.a; (this.a as any).b; } }
      export const Held = class {};
      export default class {}
    `,
      (context) => ({
        MemberExpression(node) {
          if (node.parent.type !== AST_NODE_TYPES.MemberExpression && node.parent.type !== AST_NODE_TYPES.TSAsExpression) {
            paths[context.sourceCode.getText(node)] = [thisFieldPath(node), fieldOnThis(node)];
          }
        },
        ClassDeclaration: (node) => void names.push(className(node)),
        ClassExpression: (node) => void names.push(className(node)),
      }),
    );
    expect(paths['this.a.b.c']).toEqual(['a.b.c', 'a']);
    expect(paths['this.#p']).toEqual(['#p', '#p']);
    expect(paths['this.list[0].x']).toEqual([null, 'list']);
    expect(paths['other.a']).toEqual([null, null]);
    expect(paths['(this.a as any).b']).toEqual(['a.b', 'a']);
    expect(names).toEqual(['Named', 'Held', 'anonymous class']);
  });
});
