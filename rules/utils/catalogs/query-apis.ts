/**
 * Query APIs of Node ORMs and database drivers: how their instances come into being, which calls
 * load a result set whole, and which option keys or chain calls bound, filter or stream it.
 * Plain data, read by `no-unbounded-query`. Adding a library is one entry here plus tests.
 *
 * Vocabulary:
 * - a *role* is what an instance is (a Prisma client, a TypeORM repository, a knex query builder);
 *   each role lists the property reads, method calls and callbacks that lead to other roles;
 * - a *query* is a call that returns rows (`findMany`, `findAll`, `find`); it either materialises
 *   the rows itself (its promise resolves to an array) or `returns` a builder role (a Mongoose
 *   query, a MongoDB cursor) whose chain decides;
 * - a *builder* is a chainable query whose chain calls filter, limit, stream or materialise it.
 */
import type { FilterShape } from '../query-filters.js';

/** A role reached from another value, with the argument that names the model, entity or table. */
export interface RoleRef {
  readonly role: string;
  /** Index of the argument that names the model/entity/table (`getRepository(User)`, `db('users')`). */
  readonly modelArg?: number;
}

/** A call that returns rows. */
export interface QuerySpec {
  /** Argument holding the filter itself (`findBy(where)`, Mongo `find(filter)`). */
  readonly filterArg?: number;
  /** Argument holding an options object with `limitKeys` / `filterKeys`. */
  readonly optionsArg?: number;
  readonly limitKeys?: readonly string[];
  /** Option keys that skip rows (`skip`, `offset`): with no limit, the query loads everything after them. */
  readonly offsetKeys?: readonly string[];
  readonly filterKeys?: readonly string[];
  /**
   * Option keys of a DISTINCT over columns (Prisma `distinct`): with a `select` of only those columns
   * the result has one row per value, bounded like an aggregate.
   */
  readonly distinctKeys?: readonly string[];
  /** Option keys listing joined models whose own `where` filters the parent rows (Sequelize `include`). */
  readonly includeKeys?: readonly string[];
  /** Argument that names the entity (TypeORM `manager.find(User, …)`). */
  readonly modelArg?: number;
  /** Argument holding the SQL text after `WHERE` (redbean `R.find(type, 'user_id = ? ORDER BY id')`). */
  readonly sqlClauseArg?: number;
  /** The call returns a builder of this role instead of rows: the builder's chain decides. */
  readonly returns?: string;
  /** A callback after the first argument receives every row at once (Mongoose's legacy `find({}, cb)`). */
  readonly callbackMaterialises?: boolean;
}

/** The chain calls of a builder role, by effect. Calls not listed keep the builder as it is. */
export interface BuilderSpec {
  /** How the filter calls take their arguments (query-filters.ts reads each shape into predicates). */
  readonly filterShape?: FilterShape;
  /** Calls that bound the number of rows (`limit`, `take`, `first`, an aggregate). */
  readonly limit: readonly string[];
  /** Calls that skip rows (`offset`, `skip`). */
  readonly offset?: readonly string[];
  /** Calls that stream or batch the rows instead of loading them whole. */
  readonly stream: readonly string[];
  /** Calls that set the table or entity (`from(User, 'u')`, knex `.from('users')`). */
  readonly source?: readonly string[];
  /** Calls that hand the builder to code we cannot see (`modify(fn)`): the verdict is unknown. */
  readonly opaque?: readonly string[];
  /** Calls that end the read query without an array of rows (`getOne`, `insert`, `toSQL`). */
  readonly ends: readonly string[];
  /** Calls that run the query and resolve to every row. */
  readonly materialise: readonly string[];
  /** `await builder` / `builder.then()` runs the query (Mongoose queries, knex builders). */
  readonly materialiseOnAwait: boolean;
  /** Without a table or entity the builder is not a table read (knex `db.select(db.raw('1'))`). */
  readonly requiresSource?: boolean;
}

export interface RoleSpec {
  /** Property reads leading to another role; `*` is any other property (Prisma's model delegates). */
  readonly properties?: Readonly<Record<string, RoleRef>>;
  /** Method calls returning another role (`getRepository`, `createQueryBuilder`, `collection`). */
  readonly methods?: Readonly<Record<string, RoleRef>>;
  /** Calling the instance itself (`knex('users')`). */
  readonly call?: RoleRef;
  /** Methods whose callback receives an instance as its first parameter (`$transaction(tx => …)`). */
  readonly callbacks?: Readonly<Record<string, string>>;
  readonly queries?: Readonly<Record<string, QuerySpec>>;
  readonly builder?: BuilderSpec;
}

export interface InjectDecorator {
  readonly module: string;
  readonly name: string;
  readonly role: string;
  readonly modelArg?: number;
}

export interface QueryApi {
  /** Stable id, used by the `instances` option. */
  readonly id: string;
  /** Name shown to users. */
  readonly label: string;
  readonly modules: readonly string[];
  /** Import specifiers that are this library under another name (Prisma's generated clients). */
  readonly modulePatterns?: readonly RegExp[];
  /** Exported classes: `new C()` and instances of subclasses get `instance`; a subclass itself gets `static`. */
  readonly classes?: Readonly<Record<string, { readonly instance?: string; readonly static?: string }>>;
  /** Exported functions (dotted path, '' for the module itself) whose call returns a role. */
  readonly factories?: Readonly<Record<string, RoleRef>>;
  /** Exported values that are instances (`mongoose.connection`). */
  readonly values?: Readonly<Record<string, string>>;
  /** Type names (dotted for namespaces) whose annotation marks an instance of a role. */
  readonly types?: Readonly<Record<string, RoleRef>>;
  /** Dependency-injection decorators that hand an instance to a class. */
  readonly decorators?: readonly InjectDecorator[];
  /**
   * Roles a value imported from the project's own modules may have when this file imports the
   * library too (`import { User } from './models'` in a file that imports `sequelize`).
   */
  readonly contextRoles?: readonly string[];
  /** Names (of bindings, properties, types or module paths) that identify a client by convention. */
  readonly nameHint?: {
    readonly pattern: RegExp;
    readonly modulePattern?: RegExp;
    readonly role: string;
    /** What the message says about a value recognised only by its name. */
    readonly evidence: string;
    /** The model a name carries (`memberRepository` → `member`): the first capture group. */
    readonly modelPattern?: RegExp;
  };
  /**
   * Method calls that return a role whatever their receiver (`this.connection.getRepository(ctx, Member)`,
   * a project wrapper around TypeORM): the model is the last argument.
   */
  readonly callShapes?: Readonly<Record<string, string>>;
  /**
   * Active-record models imported from the project's models directory by convention: a PascalCase
   * binding from `../models/user` is a model (`role`); a lower-case default or namespace import of the
   * directory itself (`const db = require('../models')`) is the models map (`mapRole`).
   */
  readonly modelsDirectoryHint?: { readonly role: string; readonly mapRole: string };
  /** The role the `instances` option gives a configured export when it names no role. */
  readonly defaultRole: string;
  readonly roles: Readonly<Record<string, RoleSpec>>;
  /** The bounded form, for the docs table. */
  readonly boundedForm: string;
}

const prisma: QueryApi = {
  id: 'prisma',
  label: 'Prisma',
  modules: ['@prisma/client', '@prisma/client/edge'],
  // Prisma 6+ generates the client into the project: `import { PrismaClient } from './generated/prisma'`.
  modulePatterns: [/(?:^|\/)generated\/prisma(?:\/(?:client|edge))?$/u, /^\.prisma\/client/u],
  classes: { PrismaClient: { instance: 'client' } },
  types: { PrismaClient: { role: 'client' }, 'Prisma.TransactionClient': { role: 'client' } },
  // `db` is Redwood's, Blitz's and create-t3-app's name for the Prisma client (`ctx.db.post.findMany()`);
  // Drizzle's relational queries live under `db.query.<table>`, which is never a model delegate.
  nameHint: {
    pattern: /^(?:prisma(?:Client|Service)?|PrismaService|db)$/iu,
    modulePattern: /(?:^|[/@~])prisma(?:$|[/.])/iu,
    role: 'client',
    evidence: 'a Prisma client by its name',
  },
  contextRoles: ['client'],
  defaultRole: 'client',
  roles: {
    client: {
      methods: { $extends: { role: 'client' } },
      callbacks: { $transaction: 'client' },
      properties: { '*': { role: 'delegate' } },
    },
    delegate: {
      queries: { findMany: { optionsArg: 0, limitKeys: ['take'], offsetKeys: ['skip'], filterKeys: ['where'], distinctKeys: ['distinct'] } },
    },
  },
  boundedForm: '`findMany({ take, cursor })`, `findFirst`, `findUnique`, `count`, `aggregate`',
};

const TYPEORM_BUILDER: BuilderSpec = {
  filterShape: 'typeorm',
  limit: ['take', 'limit'],
  offset: ['skip', 'offset'],
  stream: ['stream'],
  source: ['from'],
  ends: ['getOne', 'getOneOrFail', 'getRawOne', 'getCount', 'getExists', 'getSql', 'getQuery', 'getQueryAndParameters', 'getParameters', 'execute', 'insert', 'update', 'delete', 'softDelete', 'restore', 'subQuery', 'relation'],
  materialise: ['getMany', 'getRawMany', 'getManyAndCount', 'getRawAndEntities'],
  materialiseOnAwait: false,
};

const TYPEORM_REPOSITORY_QUERIES: Readonly<Record<string, QuerySpec>> = {
  find: { optionsArg: 0, limitKeys: ['take'], offsetKeys: ['skip'], filterKeys: ['where'] },
  findAndCount: { optionsArg: 0, limitKeys: ['take'], offsetKeys: ['skip'], filterKeys: ['where'] },
  findBy: { filterArg: 0 },
  findAndCountBy: { filterArg: 0 },
};

const typeorm: QueryApi = {
  id: 'typeorm',
  label: 'TypeORM',
  modules: ['typeorm'],
  classes: {
    DataSource: { instance: 'dataSource' },
    Connection: { instance: 'dataSource' },
    EntityManager: { instance: 'manager' },
    Repository: { instance: 'repository' },
    // Active-record entities: `class User extends BaseEntity`, then `User.find()`.
    BaseEntity: { static: 'repository' },
  },
  factories: {
    getRepository: { role: 'repository', modelArg: 0 },
    getTreeRepository: { role: 'repository', modelArg: 0 },
    getMongoRepository: { role: 'repository', modelArg: 0 },
    getManager: { role: 'manager' },
    getConnection: { role: 'dataSource' },
    createConnection: { role: 'dataSource' },
    createQueryBuilder: { role: 'builder', modelArg: 0 },
  },
  types: {
    DataSource: { role: 'dataSource' },
    Connection: { role: 'dataSource' },
    EntityManager: { role: 'manager' },
    Repository: { role: 'repository', modelArg: 0 },
    TreeRepository: { role: 'repository', modelArg: 0 },
    MongoRepository: { role: 'repository', modelArg: 0 },
    SelectQueryBuilder: { role: 'builder', modelArg: 0 },
  },
  decorators: [
    { module: '@nestjs/typeorm', name: 'InjectRepository', role: 'repository', modelArg: 0 },
    { module: '@nestjs/typeorm', name: 'InjectDataSource', role: 'dataSource' },
    { module: '@nestjs/typeorm', name: 'InjectEntityManager', role: 'manager' },
  ],
  contextRoles: ['dataSource', 'repository'],
  // `this.memberRepository.find(…)`, `userRepo.findBy(…)`: repositories by the name every TypeORM guide uses.
  nameHint: { pattern: /^(?:\w+Repository|\w+Repo)$/u, role: 'repository', evidence: 'a TypeORM repository by its name', modelPattern: /^_?(\w+?)(?:Repository|Repo)$/u },
  callShapes: { getRepository: 'repository', getTreeRepository: 'repository' },
  defaultRole: 'dataSource',
  roles: {
    dataSource: {
      properties: { manager: { role: 'manager' } },
      methods: {
        getRepository: { role: 'repository', modelArg: 0 },
        getTreeRepository: { role: 'repository', modelArg: 0 },
        getMongoRepository: { role: 'repository', modelArg: 0 },
        createQueryBuilder: { role: 'builder', modelArg: 0 },
        initialize: { role: 'dataSource' },
      },
      callbacks: { transaction: 'manager' },
    },
    manager: {
      methods: {
        getRepository: { role: 'repository', modelArg: 0 },
        getTreeRepository: { role: 'repository', modelArg: 0 },
        getMongoRepository: { role: 'repository', modelArg: 0 },
        createQueryBuilder: { role: 'builder', modelArg: 0 },
      },
      callbacks: { transaction: 'manager' },
      queries: {
        find: { modelArg: 0, optionsArg: 1, limitKeys: ['take'], offsetKeys: ['skip'], filterKeys: ['where'] },
        findAndCount: { modelArg: 0, optionsArg: 1, limitKeys: ['take'], offsetKeys: ['skip'], filterKeys: ['where'] },
        findBy: { modelArg: 0, filterArg: 1 },
        findAndCountBy: { modelArg: 0, filterArg: 1 },
      },
    },
    repository: {
      properties: { manager: { role: 'manager' } },
      methods: { createQueryBuilder: { role: 'builder' } },
      queries: TYPEORM_REPOSITORY_QUERIES,
    },
    builder: { builder: TYPEORM_BUILDER },
  },
  boundedForm: '`find({ take, skip })`, `findOne`, QueryBuilder `.take()` / `.limit()`, `.stream()`',
};

const sequelize: QueryApi = {
  id: 'sequelize',
  label: 'Sequelize',
  modules: ['sequelize', 'sequelize-typescript', '@sequelize/core'],
  classes: { Model: { static: 'model' }, Sequelize: { instance: 'sequelize' } },
  types: {
    ModelStatic: { role: 'model', modelArg: 0 },
    ModelCtor: { role: 'model', modelArg: 0 },
    ModelDefined: { role: 'model' },
    Sequelize: { role: 'sequelize' },
  },
  decorators: [{ module: '@nestjs/sequelize', name: 'InjectModel', role: 'model', modelArg: 0 }],
  contextRoles: ['model'],
  modelsDirectoryHint: { role: 'model', mapRole: 'models' },
  defaultRole: 'model',
  roles: {
    sequelize: {
      methods: { define: { role: 'model', modelArg: 0 }, model: { role: 'model', modelArg: 0 } },
      properties: { models: { role: 'models' } },
    },
    models: { properties: { '*': { role: 'model' } } },
    model: {
      queries: {
        findAll: { optionsArg: 0, limitKeys: ['limit'], offsetKeys: ['offset'], filterKeys: ['where'], includeKeys: ['include'] },
        findAndCountAll: { optionsArg: 0, limitKeys: ['limit'], offsetKeys: ['offset'], filterKeys: ['where'], includeKeys: ['include'] },
      },
    },
  },
  boundedForm: '`findAll({ limit, offset })`, `findOne`, `findByPk`, `count`',
};

const mongoose: QueryApi = {
  id: 'mongoose',
  label: 'Mongoose',
  modules: ['mongoose'],
  factories: {
    model: { role: 'model', modelArg: 0 },
    createConnection: { role: 'connection' },
  },
  values: { connection: 'connection', models: 'models' },
  types: { Model: { role: 'model', modelArg: 0 }, Connection: { role: 'connection' } },
  decorators: [
    { module: '@nestjs/mongoose', name: 'InjectModel', role: 'model', modelArg: 0 },
    { module: '@nestjs/mongoose', name: 'InjectConnection', role: 'connection' },
  ],
  contextRoles: ['model'],
  modelsDirectoryHint: { role: 'model', mapRole: 'models' },
  defaultRole: 'model',
  roles: {
    connection: {
      methods: { model: { role: 'model', modelArg: 0 }, useDb: { role: 'connection' } },
      properties: { models: { role: 'models' } },
    },
    models: { properties: { '*': { role: 'model' } } },
    model: {
      queries: { find: { filterArg: 0, optionsArg: 2, limitKeys: ['limit'], offsetKeys: ['skip'], returns: 'query', callbackMaterialises: true } },
    },
    query: {
      builder: {
        filterShape: 'mongoose',
        offset: ['skip'],
        limit: ['limit', 'countDocuments', 'count', 'estimatedDocumentCount', 'findOne', 'distinct'],
        stream: ['cursor', 'stream', 'eachAsync', 'batchSize'],
        ends: ['explain', 'deleteMany', 'deleteOne', 'updateMany', 'updateOne', 'replaceOne', 'getFilter', 'getQuery', 'getOptions', 'catch'],
        materialise: ['exec', 'then'],
        materialiseOnAwait: true,
      },
    },
  },
  boundedForm: '`find(filter).limit(n)` with a range filter on a sorted key, `.cursor()`, `for await`, `findOne`',
};

const mongodb: QueryApi = {
  id: 'mongodb',
  label: 'MongoDB driver',
  modules: ['mongodb'],
  classes: { MongoClient: { instance: 'client' }, Db: { instance: 'db' }, Collection: { instance: 'collection' } },
  factories: { 'MongoClient.connect': { role: 'client' } },
  types: {
    MongoClient: { role: 'client' },
    Db: { role: 'db' },
    Collection: { role: 'collection', modelArg: 0 },
  },
  contextRoles: ['db'],
  defaultRole: 'db',
  roles: {
    client: { methods: { db: { role: 'db' }, connect: { role: 'client' } } },
    db: { methods: { collection: { role: 'collection', modelArg: 0 } } },
    collection: {
      queries: { find: { filterArg: 0, optionsArg: 1, limitKeys: ['limit'], offsetKeys: ['skip'], returns: 'cursor' } },
    },
    cursor: {
      builder: {
        filterShape: 'mongodb',
        limit: ['limit'],
        offset: ['skip'],
        stream: ['stream', 'forEach', 'next', 'hasNext', 'tryNext', 'batchSize', 'readBufferedDocuments'],
        ends: ['count', 'explain', 'close', 'rewind'],
        materialise: ['toArray'],
        materialiseOnAwait: false,
      },
    },
  },
  boundedForm: '`find(filter, { limit })`, `.limit(n)`, `for await (const doc of cursor)`, `.stream()`',
};

const knex: QueryApi = {
  id: 'knex',
  label: 'knex',
  modules: ['knex'],
  factories: { '': { role: 'instance' }, knex: { role: 'instance' }, default: { role: 'instance' } },
  types: {
    Knex: { role: 'instance' },
    'Knex.Transaction': { role: 'instance' },
    'Knex.QueryBuilder': { role: 'builder' },
  },
  // No context roles: calling a value imported from the project is too common to read as `knex('table')`;
  // a receiver named like knex (`this.knex`, `trx`, `db(TABLE)`) is, since only a builder call follows.
  nameHint: { pattern: /^(?:knex(?:Client|Instance|Connection)?|trx|db)$/iu, role: 'instance', evidence: 'a knex instance by its name' },
  defaultRole: 'instance',
  roles: {
    instance: {
      call: { role: 'builder', modelArg: 0 },
      methods: {
        select: { role: 'builder' },
        from: { role: 'builder', modelArg: 0 },
        table: { role: 'builder', modelArg: 0 },
        queryBuilder: { role: 'builder' },
        withSchema: { role: 'builder' },
        distinct: { role: 'builder' },
        column: { role: 'builder' },
        columns: { role: 'builder' },
      },
      callbacks: { transaction: 'instance' },
    },
    builder: {
      builder: {
        filterShape: 'knex',
        offset: ['offset'],
        limit: ['limit', 'first', 'pluck', 'count', 'countDistinct', 'min', 'max', 'sum', 'sumDistinct', 'avg', 'avgDistinct'],
        stream: ['stream', 'pipe'],
        source: ['from', 'table', 'into'],
        opaque: ['modify', 'clone'],
        ends: ['insert', 'update', 'del', 'delete', 'truncate', 'increment', 'decrement', 'upsert', 'toSQL', 'toString', 'toQuery', 'onConflict', 'returning'],
        materialise: ['then', 'asCallback'],
        materialiseOnAwait: true,
        requiresSource: true,
      },
    },
  },
  boundedForm: '`.where(…)` / `.limit(n)` / `.first()` / `.stream()`, keyset `.where("id", ">", last).limit(n)`',
};

/** redbean-node (uptime-kuma): `R.find('monitor', 'user_id = ?', [id])` takes the WHERE clause as SQL text. */
const redbean: QueryApi = {
  id: 'redbean-node',
  label: 'redbean-node',
  modules: ['redbean-node'],
  values: { R: 'facade' },
  defaultRole: 'facade',
  roles: {
    facade: {
      queries: {
        find: { modelArg: 0, sqlClauseArg: 1 },
        findAll: { modelArg: 0, sqlClauseArg: 1 },
      },
    },
  },
  boundedForm: "`R.find(type, 'id = ?', [id])`, `R.findOne`, `LIMIT ?` in the clause",
};

/** A module of the project's models directory: `../models`, `./models/user`, `@/db/models/index.js`. */
export const MODELS_DIRECTORY = /(?:^|\/)models(?:\/[^/]+)?$/u;
/** The directory itself (its index), whose default export is a map of models. */
export const MODELS_INDEX = /(?:^|\/)models(?:\/index(?:\.[cm]?[jt]s)?)?$/u;

/** Every ORM and query builder the rule follows, in docs order. */
export const QUERY_APIS: readonly QueryApi[] = [prisma, typeorm, sequelize, mongoose, mongodb, knex, redbean];

/**
 * Raw SQL: a method of a driver or ORM that takes SQL text and resolves to every row. The SQL text
 * itself identifies the call as a query, whatever object receives it.
 */
export const RAW_SQL = {
  /** `pool.query(sql)` (pg, mysql2, mssql, TypeORM, Sequelize), `conn.execute(sql)` (mysql2, Drizzle), Prisma, pg-promise, slonik, sqlite3, redbean-node `R.getAll(sql)`. */
  methods: ['query', 'execute', '$queryRaw', '$queryRawUnsafe', 'unsafe', 'all', 'any', 'many', 'manyOrNone', 'getAll', 'getCol'] as readonly string[],
  /** Methods that return a lazy query run only when awaited (`knex.raw`). */
  lazyMethods: ['raw'] as readonly string[],
  /** Statement preparation (better-sqlite3, node:sqlite): the prepared statement's `all()` loads every row. */
  prepare: ['prepare'] as readonly string[],
  preparedMaterialise: ['all'] as readonly string[],
  /** Calls on the query's result that stream rows instead of loading them (mysql `query(sql).stream()`, postgres.js `.cursor()`). */
  streamFollowUps: ['stream', 'on', 'pipe', 'cursor', 'forEach', 'iterate', 'readable'] as readonly string[],
  /** Options objects that carry the SQL text (`pool.query({ text })`, mysql2 `query({ sql })`). */
  textKeys: ['text', 'sql'] as readonly string[],
  /** Drivers whose `execute(query)` returns one page, not every row (Cassandra's default `fetchSize`). */
  pagedModules: ['cassandra-driver'] as readonly string[],
};

/**
 * Tagged templates that run their SQL when awaited (postgres.js `sql\`…\``, `@vercel/postgres`,
 * Neon). A bare `sql` tag of a query builder (Drizzle, slonik) only builds a fragment.
 */
export const SQL_TAG_SOURCES: readonly { readonly module: string; readonly factory?: string; readonly value?: string }[] = [
  { module: 'postgres', factory: '' },
  { module: '@vercel/postgres', value: 'sql' },
  { module: '@neondatabase/serverless', factory: 'neon' },
];

/** Drivers whose raw SQL the rule reads, for the docs table (no chain to follow). */
export const RAW_SQL_DRIVERS: readonly { readonly label: string; readonly calls: string }[] = [
  { label: 'pg', calls: '`pool.query(sql)`, `client.query(sql)`' },
  { label: 'mysql2', calls: '`pool.query(sql)`, `conn.execute(sql)`' },
  { label: 'better-sqlite3, node:sqlite', calls: '`db.prepare(sql).all()`' },
  { label: 'postgres.js, @vercel/postgres, Neon', calls: '`` await sql`…` ``' },
];
