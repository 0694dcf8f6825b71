import { TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { enclosingFunction, type GrowthFacts, grownValues, inspectGrowth } from '../../rules/utils/collection-growth.js';
import { type Uses, usesOfVariable } from '../../rules/utils/collection-uses.js';
import { createGlobalReferences } from '../../rules/utils/global-references.js';
import { collectionKindOf } from '../../rules/utils/long-lived-collections.js';
import { getModuleScope } from '../../rules/utils/scope.js';

const { DefinitionType } = TSESLint.Scope;

interface GrowthSummary extends Omit<GrowthFacts, 'growth'> {
  /** Each growth site as `line:key text` (`-` for an unkeyed array growth), its values, its function. */
  growth: string[];
}

/** The growth facts of every module-level collection, by name. */
function growthOf(code: string): Record<string, GrowthSummary> {
  const summaries: Record<string, GrowthSummary> = {};
  lintWithProbe(code, (context) => ({
    'Program:exit'() {
      const { sourceCode } = context;
      const file = { sourceCode, globals: createGlobalReferences(sourceCode), usesByVariable: new Map<TSESLint.Scope.Variable, Uses>() };
      for (const variable of getModuleScope(sourceCode).variables) {
        const def = variable.defs[0];
        if (def?.type !== DefinitionType.Variable || !def.node.init) continue;
        const kind = collectionKindOf(file.globals, def.node.init);
        if (!kind) continue;
        const { growth, ...facts } = inspectGrowth(file, kind, usesOfVariable(file, variable));
        summaries[variable.name] = {
          ...facts,
          growth: growth.map((site) => {
            const fn = enclosingFunction(site.node) as TSESTree.FunctionDeclaration | null;
            const values = grownValues(site).map((value) => sourceCode.getText(value)).join(', ');
            return `${site.node.loc.start.line}:${site.key ? sourceCode.getText(site.key) : '-'} [${values}] in ${fn?.id?.name ?? 'none'}`;
          }),
        };
      }
    },
  }));
  return summaries;
}

describe('inspectGrowth', () => {
  it('lists growth sites in source order with their keys and values', () => {
    const facts = growthOf(`
      const sockets: object[] = [];
      const byUser = new Map<string, object>();
      const counts: Record<string, number> = {};
      export function onConnect(socket: object, userId: string) {
        sockets.push(socket);
        byUser.set(userId, socket);
        counts[userId] = 1;
        Object.assign(counts, { extra: 1 });
        sockets.splice(0, 0, socket);
      }
    `);
    expect(facts.sockets?.growth).toEqual(['6:- [socket] in onConnect', '10:- [0, 0, socket] in onConnect']);
    expect(facts.byUser?.growth).toEqual(['7:userId [userId, socket] in onConnect']);
    expect(facts.counts?.growth).toEqual(['8:userId [1, userId] in onConnect', '9:{ extra: 1 } [counts, { extra: 1 }] in onConnect']);
  });

  it('finds removals and bounds: shrinking methods, splice with a count, a size limit', () => {
    const facts = growthOf(`
      const open = new Set<object>();
      const jobs: string[] = [];
      const recent: string[] = [];
      export function track(item: object, id: string) {
        open.add(item);
        open.delete(item);
        jobs.push(id);
        jobs.splice(0, 1);
        if (recent.length > 100) return;
        recent.push(id);
      }
    `);
    expect(facts.open).toMatchObject({ removes: true });
    expect(facts.jobs).toMatchObject({ removes: true });
    expect(facts.recent).toMatchObject({ removes: false, bounded: true });
  });

  it('keys an array push by its value after a membership test in the same function', () => {
    const facts = growthOf(`
      const names: string[] = [];
      export function remember(name: string) {
        if (!names.includes(name)) names.push(name);
      }
    `);
    expect(facts.names?.growth).toEqual(['4:name [name] in remember']);
  });

  it('tells whether a WeakMap or WeakSet could hold the collection', () => {
    const facts = growthOf(`
      class Conn {}
      const byConn = new Map<Conn, number>();
      const byName = new Map<string, number>();
      const seen = new Set<object>();
      const iterated = new Set<object>();
      export function open(conn: Conn, name: string, value: object) {
        byConn.set(conn, 1);
        byName.set(name, 1);
        seen.add(value);
        iterated.add(new Conn());
        for (const item of iterated) void item;
      }
    `);
    expect(facts.byConn).toMatchObject({ weakSafe: true, keysAreObjects: true });
    expect(facts.byName).toMatchObject({ weakSafe: false });
    // Only a type reference or an object literal type shows an object: the \`object\` keyword does not (yet).
    expect(facts.seen).toMatchObject({ weakSafe: true, keysAreObjects: false });
    expect(facts.iterated).toMatchObject({ weakSafe: false });
  });
});
