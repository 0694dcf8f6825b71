import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { bindingSource, camelWords, FACTORY_CALL_SELECTORS, findFactoryCandidate, mayBeFactoryCall, pathWords } from '../../rules/utils/project-db-factories.js';

const CATALOGUED = new Set(['redis', 'pg', 'mysql2/promise']);

/** Every call and `new` of `code`, by its source text, with the candidate found (noun/role/wrapper name) or null. */
function candidates(code: string, sourceType: 'module' | 'commonjs' = 'module'): Record<string, string | null> {
  const found: Record<string, string | null> = {};
  lintWithProbe(
    code,
    (context) => {
      const record = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
        if (!mayBeFactoryCall(node)) return;
        const candidate = findFactoryCandidate(node, context.sourceCode, (module) => CATALOGUED.has(module));
        found[context.sourceCode.getText(node.callee)] = candidate
          ? `${candidate.noun}/${candidate.role}${candidate.wrapper ? `/${candidate.wrapper.name}` : ''}`
          : null;
      };
      return { CallExpression: record, NewExpression: record };
    },
    { sourceType },
  );
  return found;
}

describe('findFactoryCandidate', () => {
  it('takes factories named for a database client, pool, connection or ORM', () => {
    expect(
      candidates(`
        import { createTenantDbClient, createReportingPool } from './reports';
        import { createClient } from './database/redis';
        import * as store from '../db';
        export class Service {
          async run() {
            await this.createOrm({});
            createTenantDbClient('t');
            createReportingPool();
            createClient();
            store.connect();
            store.createConnection();
          }
        }
      `),
    ).toEqual({
      'this.createOrm': 'ORM/pool',
      createTenantDbClient: 'client/connection',
      createReportingPool: null,
      createClient: 'client/connection',
      'store.connect': 'client/connection/store',
      'store.createConnection': 'connection/connection',
    });
  });

  it('leaves names that do not say database, and libraries the catalog judges', () => {
    expect(
      candidates(`
        import { createClient } from 'redis';
        import { createS3Client } from './aws';
        import * as http from './http';
        export class Presto {
          run() {
            this.createClient();
            createClient();
            createS3Client();
            http.connect();
          }
        }
      `),
    ).toEqual({ 'this.createClient': null, createClient: null, createS3Client: null, 'http.connect': null });
    expect(candidates(`import { createClient } from '@supabase/supabase-js'; createClient('url', 'key');`)).toEqual({ createClient: null });
  });

  it('takes project classes named for a database client only when imported', () => {
    expect(
      candidates(`
        import { AppPrismaService } from '../prisma/app-prisma.service';
        import { TenantDbService } from './tenant-db.service';
        class LocalDbService {}
        new AppPrismaService();
        new TenantDbService();
        new LocalDbService();
        new UnknownPrismaService();
      `),
    ).toEqual({ AppPrismaService: 'client/pool', TenantDbService: 'client/connection', LocalDbService: null, UnknownPrismaService: null });
  });

  it('reads require() in CommonJS, destructured or whole', () => {
    expect(
      candidates(
        `
        const rdb = require('../../database/redis');
        const { createMongoClient } = require('./helpers');
        rdb.connect();
        createMongoClient();
        require('./database/postgres').connect();
      `,
        'commonjs',
      ),
    ).toEqual({ 'rdb.connect': 'client/connection/rdb', createMongoClient: 'client/connection', "require('./database/postgres').connect": 'client/connection' });
  });
});

describe('bindingSource', () => {
  it('names the module and whether the binding is the whole module', () => {
    const sources: Record<string, unknown> = {};
    lintWithProbe(
      `
        import * as ns from './db';
        import def from './pg-wrapper';
        import { named } from './mongo';
        const local = 1;
        export const all = [ns, def, named, local];
      `,
      (context) => ({
        'ArrayExpression > Identifier'(node: TSESTree.Identifier) {
          sources[node.name] = bindingSource(node, context.sourceCode);
        },
      }),
    );
    expect(sources).toEqual({
      ns: { module: './db', wholeModule: true },
      def: { module: './pg-wrapper', wholeModule: true },
      named: { module: './mongo', wholeModule: false },
      local: null,
    });
  });
});

describe('words', () => {
  it('splits camelCase names and module paths', () => {
    expect(camelWords('TenantDBPg')).toEqual(['tenant', 'db', 'pg']);
    expect(camelWords('MySQL')).toEqual(['my', 'sql']);
    expect(pathWords('../../database/redis')).toEqual(['database', 'redis']);
    expect(pathWords('@clickhouse/client')).toEqual(['clickhouse', 'client']);
  });
});

describe('FACTORY_CALL_SELECTORS', () => {
  // Every shape a factory call can take, and near-misses: the selectors must reach each one the exact test accepts.
  const code = `
    import { createClient } from 'redis';
    import * as db from './db';
    const a = createClient();
    const b = db.createTenantDbClient();
    const c = db['createPgPool']();
    const d = (db as any).createOrm();
    const e = db.connect();
    const f = connect();
    const g = new AppPrismaService();
    const h = new db.ReportingDatabaseClient();
    const i = new db['TenantDbService']();
    const j = new (db.Pg as any)();
    const k = createServer();
    const l = new HttpService();
    const m = db.read();
  `;

  it('reaches every call mayBeFactoryCall accepts', () => {
    const accepted = new Set<string>();
    const reached = new Set<string>();
    lintWithProbe(code, (context) => {
      const accept = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
        if (mayBeFactoryCall(node)) accepted.add(context.sourceCode.getText(node));
      };
      return {
        CallExpression: accept,
        NewExpression: accept,
        [FACTORY_CALL_SELECTORS.join(', ')]: (node: TSESTree.Node) => void reached.add(context.sourceCode.getText(node)),
      };
    });
    expect(accepted.size).toBeGreaterThanOrEqual(8);
    expect([...accepted].filter((text) => !reached.has(text))).toEqual([]);
    expect(reached.has('db.read()')).toBe(false);
  });
});
