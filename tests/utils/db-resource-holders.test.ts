import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { forEachDescendant } from '../../rules/utils/ast.js';
import type { Kind } from '../../rules/utils/db-client-setup.js';
import {
  classifyReference,
  findHolder,
  isCapturedByRegistration,
  releaseCallback,
  usageOf,
  type ResourceReader,
} from '../../rules/utils/db-resource-holders.js';
import { getEnclosingFunction } from '../../rules/utils/scope.js';
import { findNode, lintDbFacts } from './unclosed-db-probe.js';

const CLIENT: Kind = { label: "The 'Client'", role: 'connection', release: ['end'], asyncRelease: true, checkouts: new Map() };
const PRELUDE = `declare function open(): { end(): Promise<void>; query(sql: string): Promise<unknown>; db(): unknown };\ndeclare function track(value: unknown): void;\n`;

describe('findHolder', () => {
  it('tells a variable, a discarded result, a handed-on result and a chain apart', () => {
    const holders: Record<string, string | null> = {};
    lintDbFacts(
      `${PRELUDE}export const shared = open();
export class Store { client?: unknown; keep() { this.client = open(); } }
export async function run() {
  const local = open();
  open();
  track(open());
  open().query('x');
  await open().end();
  return open();
}
`,
      (facts) => {
        forEachOpen(facts.sourceCode.ast, (call) => {
          const holder = findHolder(facts.reader, call);
          const key = facts.sourceCode.getText(statementOf(call));
          holders[key] = holder === null ? null : holder.type === 'variable' ? `variable ${holder.variable.name}` : holder.type;
        });
      },
    );
    expect(holders).toEqual({
      'const shared = open();': 'owned',
      'this.client = open();': 'owned',
      'const local = open();': 'variable local',
      'open();': 'discarded',
      "track(open());": 'owned',
      "open().query('x');": null,
      'await open().end();': null,
      'return open();': 'owned',
    });
  });

  it("holds a promise chain's resource in the callback's parameter", () => {
    lintDbFacts(`import mysql from 'mysql2/promise';\nexport const probe = (dsn: string) => mysql.createConnection(dsn).then((connection) => connection.query('SELECT 1'));`, (facts) => {
      const then = findNode<TSESTree.CallExpression>(facts, AST_NODE_TYPES.CallExpression, 'mysql.createConnection');
      const holder = findHolder(facts.reader, (then.callee as TSESTree.MemberExpression).object);
      expect(holder?.type === 'variable' && holder.variable.name).toBe('connection');
      expect(holder?.type === 'variable' && holder.callback?.type).toBe('ArrowFunctionExpression');
    });
  });
});

describe('classifyReference', () => {
  it('sorts each use of the client: use, release, escape, and a local helper that releases it', () => {
    const effects: string[] = [];
    lintDbFacts(
      `${PRELUDE}function closeQuietly(c: { end(): Promise<void> }) { return c.end().catch(() => undefined); }
export async function run() {
  const client = open();
  await client.query('x');
  if (client) track('x');
  track(client);
  await closeQuietly(client);
  await client.end();
}`,
      (facts) => {
        const variable = declared(facts.reader, 'client');
        for (const reference of variable.references.filter((candidate) => candidate.isRead())) {
          effects.push(classifyReference(facts.reader, reference.identifier, usageOf([CLIENT], undefined), 0).type);
        }
      },
    );
    expect(effects).toEqual(['use', 'use', 'escape', 'release', 'release']);
  });

  it("counts a project wrapper's own functions as uses, and a stored derived handle as handing the client on", () => {
    const effects: string[] = [];
    lintDbFacts(
      `import * as rdb from './database/redis';
export const state: { db?: unknown } = {};
export async function info() {
  const client = rdb.connect();
  await rdb.info(client);
  state.db = client.db();
  await rdb.close(client);
}`,
      (facts) => {
        const variable = declared(facts.reader, 'client');
        const wrapper = declared(facts.reader, 'rdb');
        const usage = usageOf([CLIENT], { node: findNode(facts, AST_NODE_TYPES.CallExpression, 'rdb.connect'), noun: 'client', role: 'connection', wrapper });
        for (const reference of variable.references.filter((candidate) => candidate.isRead())) effects.push(classifyReference(facts.reader, reference.identifier, usage, 0).type);
      },
    );
    expect(effects).toEqual(['use', 'escape', 'release']);
  });
});

describe('callbacks', () => {
  it('tells where a release runs and whether a callback registration captures the client', () => {
    lintDbFacts(
      `${PRELUDE}export async function run(emitter: { on(event: string, fn: () => void): void }) {
  const client = open();
  client.query('x').then(() => client.end());
  client.query('y').finally(() => client.end());
  emitter.on('close', () => client.end());
  setTimeout(() => client.query('z'), 10);
}`,
      (facts) => {
        const run = getEnclosingFunction(findNode(facts, AST_NODE_TYPES.VariableDeclaration, 'const client'));
        const ends = ['client.query(\'x\').then', 'client.query(\'y\').finally', "emitter.on('close'"].map((text) =>
          findNode<TSESTree.CallExpression>(facts, AST_NODE_TYPES.CallExpression, text).arguments.at(-1),
        );
        expect(ends.map((fn) => releaseCallback((fn as TSESTree.ArrowFunctionExpression).body, run))).toEqual(['inline', 'finally', 'deferred']);
        const timer = findNode<TSESTree.CallExpression>(facts, AST_NODE_TYPES.CallExpression, 'setTimeout').arguments[0] as TSESTree.ArrowFunctionExpression;
        const inTimer = (timer.body as TSESTree.CallExpression).callee as TSESTree.MemberExpression;
        expect(isCapturedByRegistration(inTimer.object, run)).toBe(true);
        expect(isCapturedByRegistration(findNode(facts, AST_NODE_TYPES.Identifier, 'client'), run)).toBe(false);
      },
    );
  });
});

function declared(reader: ResourceReader, name: string) {
  const scopeManager = reader.sourceCode.scopeManager!;
  const variable = scopeManager.scopes.flatMap((scope) => scope.variables).find((candidate) => candidate.name === name);
  if (!variable) throw new Error(`no variable ${name}`);
  return variable;
}

function statementOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && !/Statement$|Declaration$/u.test(current.type)) current = current.parent;
  return current;
}

function forEachOpen(node: TSESTree.Node, visit: (call: TSESTree.CallExpression) => void): void {
  forEachDescendant(node, (descendant) => {
    if (descendant.type === AST_NODE_TYPES.CallExpression && descendant.callee.type === AST_NODE_TYPES.Identifier && descendant.callee.name === 'open') visit(descendant);
  });
}
