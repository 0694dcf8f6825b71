/**
 * `useTypes`: with typed linting, a query's receiver is what its TypeScript type says. The fixture
 * project (tests/fixtures/query-receiver-types) declares the ORM libraries' shapes as ambient modules.
 */
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-unbounded-query.js';
import { fixturesDir } from '../rule-tester.js';

const root = path.join(fixturesDir, 'query-receiver-types');

/** Cases run as the fixture project's file.ts (the tester's default file name). */
const typedTester = new RuleTester({
  // The fixtures live under tests/, which the default testFiles treat as test code.
  settings: { leaks: { testFiles: [] } },
  languageOptions: {
    // Single-run inference off: under CI=true it would read file.ts from disk instead of the case's code.
    parserOptions: { tsconfigRootDir: root, project: './tsconfig.json', disallowAutomaticSingleRunInference: true },
  },
});

/** A repository reached through a type alias: no import of the class, no name that says so. */
const aliasedRepository = `
import type { Repository } from 'typeorm';
class Member { id!: string; active!: boolean }
type Members = Repository<Member>;
export async function listActive(store: Members) {
  return store.find({ where: { active: true } });
}
`;

/** In a file that uses knex elsewhere, a `db` that looks like knex by its name and call shape but is typed as something else. */
const knexLookAlike = `
import type { Knex } from 'knex';
export type Reporting = Knex;
interface Row { key: string }
declare const db: (table: string) => { where(filter: object): Promise<Row[]> };
export async function loadUsers() {
  return db('users').where({ active: true });
}
`;

/** A builder made in another module: its chain, filter and limit are out of sight. */
const builderFromElsewhere = `
import type { SelectQueryBuilder } from 'typeorm';
import { makeBuilder } from './builders';
class Member { id!: string }
export async function page() {
  const builder = makeBuilder() as SelectQueryBuilder<Member>;
  return builder.getMany();
}
`;

/** The message data of a constant-filter report on a table of people. */
function activeFilterData(call: string, source: string, table: string) {
  return {
    call,
    source,
    why: 'filters only on a constant (`active: true`), which most rows may share',
    scale: ` ('${table}' tables hold people who keep signing up)`,
    perRow: '',
  };
}

typedTester.run('no-unbounded-query (useTypes)', rule, {
  valid: [
    {
      name: 'useTypes: a builder from code out of sight is not reported without checkOpaqueFilters',
      code: builderFromElsewhere,
      options: [{ useTypes: true, checkAnyTable: true }],
    },
    { name: 'without useTypes, a receiver only its type names is not read', code: aliasedRepository },
    { name: 'useTypes: a knex look-alike typed as something else is not knex', code: knexLookAlike, options: [{ useTypes: true }] },
    {
      name: 'useTypes: a typed repository with a limit is bounded',
      code: aliasedRepository.replace('{ active: true } }', '{ active: true }, take: 100 }'),
      options: [{ useTypes: true }],
    },
  ],
  invalid: [
    {
      name: 'useTypes: a builder from code out of sight has a filter the rule cannot read (checkOpaqueFilters)',
      code: builderFromElsewhere,
      options: [{ useTypes: true, checkOpaqueFilters: true }],
      errors: [
        {
          messageId: 'opaqueFilter',
          data: { call: 'getMany()', source: "'Member' (typed as TypeORM SelectQueryBuilder<Member>)", text: '' },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 27,
        },
      ],
    },
    {
      name: 'useTypes: a repository known only by its type is read',
      code: aliasedRepository,
      options: [{ useTypes: true }],
      errors: [
        {
          messageId: 'unboundedQuery',
          data: activeFilterData('find()', "'Member' (typed as TypeORM Repository<Member>)", 'member'),
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 49,
        },
      ],
    },
    {
      name: 'without useTypes, the knex look-alike is read by its name',
      code: knexLookAlike,
      errors: [{ messageId: 'unboundedQuery', data: activeFilterData('where()', "'users'", 'user'), line: 7, column: 10, endLine: 7, endColumn: 45 }],
    },
  ],
});
