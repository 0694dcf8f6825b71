import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import type { Uses } from '../../rules/utils/collection-uses.js';
import { createGlobalReferences } from '../../rules/utils/global-references.js';
import {
  type Candidate,
  type ClassCollections,
  hasModuleLevelCollection,
  moduleCandidates,
  recordClassReferences,
  recordThisMember,
  registerClassCollections,
} from '../../rules/utils/long-lived-collections.js';

interface CandidateSummary {
  kind: string;
  where: string;
  allowNames: string[];
  lives: string;
  methods: string[];
  exported: boolean;
}

function summarise(candidate: Candidate): CandidateSummary {
  const { kind, where, allowNames, lives, uses } = candidate;
  return { kind, where, allowNames, lives, methods: uses.methodCalls.map(({ method }) => method), exported: uses.exported };
}

/** Every long-lived collection of the file, by name, gathered as the rule gathers them. */
function candidatesOf(code: string, options: ProbeOptions = {}): { hasModuleLevel: boolean; candidates: Record<string, CandidateSummary> } {
  let hasModuleLevel = false;
  const candidates: Record<string, CandidateSummary> = {};
  lintWithProbe(
    code,
    (context) => {
      const { sourceCode } = context;
      const classes: ClassCollections = {
        sourceCode,
        globals: createGlobalReferences(sourceCode),
        usesByVariable: new Map<TSESLint.Scope.Variable, Uses>(),
        checkSingletons: true,
        staticClasses: new Map(),
        singletonClasses: new Map(),
      };
      return {
        ClassBody: (body) => registerClassCollections(classes, body),
        'MemberExpression[object.type="ThisExpression"]': (member: TSESTree.MemberExpression) => recordThisMember(classes, member),
        'Program:exit'() {
          hasModuleLevel = hasModuleLevelCollection(sourceCode);
          for (const candidate of moduleCandidates(classes)) candidates[candidate.name] = summarise(candidate);
          for (const owner of classes.singletonClasses.values()) {
            for (const field of owner.fields.values()) candidates[field.name] = summarise(field);
          }
          for (const owner of classes.staticClasses.values()) {
            recordClassReferences(classes, owner);
            for (const field of owner.fields.values()) candidates[field.name] = summarise(field);
          }
        },
      };
    },
    options,
  );
  return { hasModuleLevel, candidates };
}

describe('moduleCandidates', () => {
  it('keeps module-level collections that may grow, of every kind, with the global constructors only', () => {
    const { hasModuleLevel, candidates } = candidatesOf(`
      const list: string[] = [];
      const byId = new Map<string, number>();
      const seen = new Set<string>();
      const dict = Object.create(null);
      const record = {};
      const table = ['a', 'b'];
      const config = { retries: 3 };
      export const exported: string[] = [];
      export function add(id: string) {
        list.push(id);
        byId.set(id, 1);
        seen.add(id);
        dict[id] = 1;
        record[id] = true;
        exported.push(id);
        return table.includes(id);
      }
    `);
    expect(hasModuleLevel).toBe(true);
    expect(Object.keys(candidates)).toEqual(['list', 'byId', 'seen', 'dict', 'record', 'exported']);
    expect(candidates.dict).toMatchObject({ kind: 'object', where: 'module', allowNames: ['dict'] });
    expect(candidates.exported).toMatchObject({ kind: 'array', exported: true, methods: ['push'] });
  });

  it('ignores a shadowed Map and a file without module-level collections', () => {
    expect(candidatesOf(`class Map {} const local = new Map(); export function f(k: string) { local.set(k, 1); }`).candidates).toEqual({});
    expect(candidatesOf(`export function f() { const list: number[] = []; list.push(1); return list; }`)).toEqual({ hasModuleLevel: false, candidates: {} });
  });
});

describe('registerClassCollections', () => {
  it('collects static fields with their uses through the class name and through this', () => {
    const { candidates } = candidatesOf(`
      export class Registry {
        static items: string[] = [];
        static #secret = new Map<string, number>();
        static add(item: string) { this.items.push(item); }
        static { Registry.#secret.set('a', 1); }
      }
      Registry.items.push('b');
    `);
    expect(candidates['Registry.items']).toEqual({
      kind: 'array',
      where: 'static',
      allowNames: ['items', 'Registry.items'],
      lives: '',
      methods: ['push', 'push'],
      exported: true,
    });
    expect(candidates['Registry.#secret']).toMatchObject({ methods: ['set'], exported: false });
  });

  it("collects a singleton's instance fields with the evidence that it is one", () => {
    const { candidates } = candidatesOf(`
      import { Injectable } from '@nestjs/common';
      @Injectable()
      export class ProxyService {
        private readonly sessions = new Map<string, object>();
        open(id: string, session: object) { this.sessions.set(id, session); }
      }
      class PerRequest { list: string[] = []; add(x: string) { this.list.push(x); } }
      export function handle() { return new PerRequest(); }
    `);
    expect(candidates).toEqual({
      'this.sessions': {
        kind: 'map',
        where: 'instance',
        allowNames: ['sessions', 'ProxyService.sessions'],
        lives: " of 'ProxyService' (a '@Injectable()' provider in singleton scope)",
        methods: ['set'],
        exported: false,
      },
    });
  });

  it('skips classes made per call: their statics die with them', () => {
    const { candidates } = candidatesOf(`
      export function make() {
        return class { static items: string[] = []; static add(x: string) { this.items.push(x); } };
      }
    `);
    expect(candidates).toEqual({});
  });
});
