import { TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import { mayGrow, type Uses, usesOfVariable } from '../../rules/utils/collection-uses.js';
import { createGlobalReferences } from '../../rules/utils/global-references.js';
import { getModuleScope } from '../../rules/utils/scope.js';

const { DefinitionType } = TSESLint.Scope;

interface UseSummary {
  mayGrow: boolean;
  methods: string[];
  keyedWrites: number;
  assignCalls: number;
  removes: boolean;
  bounded: boolean;
  escapes: boolean;
  exported: boolean;
  weakUnsafe: boolean;
  aliases: number;
}

function summarise(uses: Uses, grows: boolean): UseSummary {
  return {
    mayGrow: grows,
    methods: uses.methodCalls.map(({ method }) => method),
    keyedWrites: uses.keyedWrites.length,
    assignCalls: uses.assignCalls.length,
    removes: uses.removes,
    bounded: uses.bounded,
    escapes: uses.escapes,
    exported: uses.exported,
    weakUnsafe: uses.weakUnsafe,
    aliases: uses.aliases.length,
  };
}

/** The recorded uses of every module-level variable, by name. */
function moduleUses(code: string, options: ProbeOptions = {}): Record<string, UseSummary> {
  const summaries: Record<string, UseSummary> = {};
  lintWithProbe(
    code,
    (context) => ({
      'Program:exit'() {
        const { sourceCode } = context;
        const recorder = { sourceCode, globals: createGlobalReferences(sourceCode), usesByVariable: new Map<TSESLint.Scope.Variable, Uses>() };
        for (const variable of getModuleScope(sourceCode).variables) {
          if (variable.defs[0]?.type !== DefinitionType.Variable) continue;
          summaries[variable.name] = summarise(usesOfVariable(recorder, variable), mayGrow(variable));
        }
      },
    }),
    options,
  );
  return summaries;
}

const NOTHING: UseSummary = {
  mayGrow: false,
  methods: [],
  keyedWrites: 0,
  assignCalls: 0,
  removes: false,
  bounded: false,
  escapes: false,
  exported: false,
  weakUnsafe: false,
  aliases: 0,
};

describe('usesOfVariable and mayGrow', () => {
  it('records the methods called, keyed writes and Object.assign calls that can add entries', () => {
    const uses = moduleUses(`
      const list: string[] = [];
      const cache: Record<string, number> = {};
      const merged = {};
      const table = [1, 2, 3];
      export function handle(id: string) {
        list.push(id);
        cache[id] = 1;
        Object.assign(merged, { [id]: true });
        return table.includes(1);
      }
    `);
    expect(uses.list).toEqual({ ...NOTHING, mayGrow: true, methods: ['push'] });
    expect(uses.cache).toEqual({ ...NOTHING, mayGrow: true, keyedWrites: 1, weakUnsafe: true });
    expect(uses.merged).toEqual({ ...NOTHING, mayGrow: true, assignCalls: 1, weakUnsafe: true });
    expect(uses.table).toEqual({ ...NOTHING, methods: ['includes'] });
  });

  it('records removals: delete, length writes, reassignment, Reflect.deleteProperty', () => {
    const uses = moduleUses(`
      const byId: Record<string, number> = {};
      let queue: string[] = [];
      const stack: string[] = [];
      const other: Record<string, number> = {};
      export function done(id: string) {
        delete byId[id];
        queue = [];
        stack.length = 0;
        Reflect.deleteProperty(other, id);
      }
    `);
    expect(uses.byId?.removes).toBe(true);
    expect(uses.queue?.removes).toBe(true);
    expect(uses.stack?.removes).toBe(true);
    expect(uses.other?.removes).toBe(true);
  });

  it('records size limits but not emptiness tests', () => {
    const uses = moduleUses(`
      const capped = new Map<string, number>();
      const keyed: Record<string, number> = {};
      const emptied: string[] = [];
      export function add(id: string) {
        if (capped.size >= 100) return;
        if (Object.keys(keyed).length > 50) return;
        if (emptied.length === 0) return;
      }
    `);
    expect(uses.capped?.bounded).toBe(true);
    expect(uses.keyed?.bounded).toBe(true);
    expect(uses.emptied?.bounded).toBe(false);
  });

  it('follows aliases and local helpers, and marks what leaves the file or this file cannot see', () => {
    const uses = moduleUses(`
      import { register } from './registry';
      const registry: string[] = [];
      const handed: string[] = [];
      const shown = new Set<string>();
      const exported: string[] = [];
      function track(target: string[], value: string) { target.push(value); }
      export function run(value: string) {
        const alias = registry;
        alias.push(value);
        track(registry, value);
        register(handed);
        console.log(shown);
      }
      export { exported };
    `);
    expect(uses.registry).toMatchObject({ mayGrow: true, aliases: 2, escapes: false });
    expect(uses.handed).toMatchObject({ mayGrow: true, escapes: true, weakUnsafe: true });
    expect(uses.shown).toMatchObject({ escapes: false, weakUnsafe: true });
    expect(uses.exported).toMatchObject({ exported: true, escapes: false });
  });

  it('treats module.exports as exporting, and copies as reads', () => {
    const uses = moduleUses(
      `
      const items = [];
      const snapshot = new Set(items);
      module.exports = { items };
    `,
      { sourceType: 'commonjs', parser: 'espree', filename: 'file.js' },
    );
    expect(uses.items).toMatchObject({ exported: true, escapes: false, mayGrow: false });
  });
});
