/**
 * Database and cache client libraries: which calls open a connection, a pool, a checked-out pool
 * client, an unmanaged transaction or a session, and which calls close or release each of them.
 * Plain data, one entry per library. Used by `no-unclosed-db-in-thread`; meant to be reused by any
 * rule that needs to know what a database handle is (the query rules keep their own catalog).
 *
 * Adding a library is one entry plus tests:
 * 1. `modules`: every specifier the library is imported from (`'mysql2'` and `'mysql2/promise'` differ
 *    when their release calls differ, so they get two entries).
 * 2. `kinds`: each resource the library hands out, with the methods that release it.
 * 3. `acquire`: the module exports that create a resource (`new pg.Client()`, `mysql.createPool()`).
 * 4. `kinds[…].checkouts`: methods of a long-lived handle that hand out a resource per call
 *    (`pool.connect()`); these are checked everywhere, not only in task code.
 * 5. `types`: exported type names whose annotation identifies a handle created elsewhere
 *    (`constructor(private readonly pool: Pool)`).
 */

/** How an export is invoked: `new X()`, `x()`, or either (`Redis()` and `new Redis()` both work). */
export type DbInvocation = 'new' | 'call' | 'any';

/**
 * What a resource is, which decides the words of the message:
 * - `connection`: a dedicated client or connection (closed);
 * - `pool`: a pool or a client object that owns a pool (closed);
 * - `checkout`: a connection or query runner checked out of a pool (released back to it);
 * - `transaction`: an unmanaged transaction holding a pooled connection (committed or rolled back);
 * - `session`: a server-side session (ended).
 */
export type DbResourceRole = 'connection' | 'pool' | 'checkout' | 'transaction' | 'session';

export interface DbResourceKind {
  /** How the message names it, as the start of a sentence: `"The pg 'Client'"`. */
  label: string;
  role: DbResourceRole;
  /** Methods on the resource that close or release it (any one is enough). */
  release: readonly string[];
  /** The release returns a promise: the `releaseInFinally` suggestion writes `await`. */
  asyncRelease: boolean;
  /**
   * The call the `releaseInFinally` suggestion puts in `finally` (`'release'` → `client.release()`).
   * Absent when no single call is right on every path (a transaction commits or rolls back).
   */
  finallyRelease?: string;
  /** `'async'`: implements `Symbol.asyncDispose` (`await using`); `'sync'`: `Symbol.dispose` (`using`). */
  dispose?: 'async' | 'sync';
  /**
   * How code hands the resource to the library's own calls without giving it away: as an option
   * (`{ session }`, `{ transaction: t }`) or as the argument of a method (`query.transacting(trx)`).
   */
  passedAs?: { options?: readonly string[]; methods?: readonly string[] };
  /** Methods that check a resource of another kind out of this one, per call: method → kind id. */
  checkouts?: Readonly<Record<string, string>>;
}

export interface DbAcquire {
  /** Dotted path below the module: `'Pool'`, `'MongoClient.connect'`; `''` is the module itself. */
  path: string;
  invocation: DbInvocation;
  /** Id of the kind it creates, in the same entry's `kinds`. */
  kind: string;
  /**
   * A per-call checkout from a shared pool (`oracledb.getConnection()`, `mongoose.startSession()`):
   * checked everywhere. Without it the acquisition is checked only in thread and task code, where a
   * dedicated connection per task is the leak; elsewhere a client is usually a long-lived singleton.
   */
  checkout?: boolean;
}

export interface DbClientEntry {
  /** Library name for docs. */
  library: string;
  modules: readonly string[];
  kinds: Readonly<Record<string, DbResourceKind>>;
  acquire: readonly DbAcquire[];
  /** Exported type names (`Pool`, `Knex`) → kind id: a binding annotated with one holds that kind. */
  types?: Readonly<Record<string, string>>;
}

const PG_KINDS = {
  client: { label: "The pg 'Client'", role: 'connection', release: ['end'], asyncRelease: true, finallyRelease: 'end' },
  pool: {
    label: "The pg 'Pool'",
    role: 'pool',
    release: ['end'],
    asyncRelease: true,
    finallyRelease: 'end',
    checkouts: { connect: 'poolClient' },
  },
  poolClient: {
    label: 'The pg pool client',
    role: 'checkout',
    release: ['release'],
    asyncRelease: false,
    finallyRelease: 'release',
  },
} as const satisfies Record<string, DbResourceKind>;

const MYSQL_CALLBACK_KINDS = (library: string) =>
  ({
    connection: {
      label: `The ${library} connection`,
      role: 'connection',
      release: ['end', 'destroy'],
      asyncRelease: false,
      finallyRelease: 'end',
    },
    pool: {
      label: `The ${library} pool`,
      role: 'pool',
      release: ['end'],
      asyncRelease: false,
      finallyRelease: 'end',
      checkouts: { getConnection: 'poolConnection' },
    },
    poolConnection: {
      label: `The ${library} pool connection`,
      role: 'checkout',
      release: ['release', 'destroy'],
      asyncRelease: false,
      finallyRelease: 'release',
    },
  }) as const satisfies Record<string, DbResourceKind>;

const MYSQL_ACQUIRE: readonly DbAcquire[] = [
  { path: 'createConnection', invocation: 'call', kind: 'connection' },
  { path: 'createPool', invocation: 'call', kind: 'pool' },
  { path: 'createPoolCluster', invocation: 'call', kind: 'pool' },
];

const REDIS_RELEASE = ['quit', 'disconnect', 'close', 'destroy'];

const TYPEORM_DATA_SOURCE: DbResourceKind = {
  label: "The TypeORM 'DataSource'",
  role: 'pool',
  release: ['destroy', 'close'],
  asyncRelease: true,
  finallyRelease: 'destroy',
  checkouts: { createQueryRunner: 'queryRunner' },
};

const SEQUELIZE_KINDS = {
  sequelize: {
    label: 'The Sequelize instance',
    role: 'pool',
    release: ['close'],
    asyncRelease: true,
    finallyRelease: 'close',
    checkouts: { transaction: 'transaction' },
  },
  transaction: {
    label: 'The Sequelize transaction',
    role: 'transaction',
    release: ['commit', 'rollback'],
    asyncRelease: true,
    passedAs: { options: ['transaction'] },
  },
} as const satisfies Record<string, DbResourceKind>;

const MONGODB_KINDS = {
  client: {
    label: "The MongoDB 'MongoClient'",
    role: 'pool',
    release: ['close'],
    asyncRelease: true,
    finallyRelease: 'close',
    dispose: 'async',
    checkouts: { startSession: 'session' },
  },
  session: {
    label: 'The MongoDB session',
    role: 'session',
    release: ['endSession'],
    asyncRelease: true,
    finallyRelease: 'endSession',
    dispose: 'async',
    passedAs: { options: ['session'] },
  },
} as const satisfies Record<string, DbResourceKind>;

export const DB_CLIENTS: readonly DbClientEntry[] = [
  {
    library: 'pg (node-postgres)',
    modules: ['pg', '@neondatabase/serverless'],
    kinds: PG_KINDS,
    acquire: [
      { path: 'Client', invocation: 'new', kind: 'client' },
      { path: 'Pool', invocation: 'new', kind: 'pool' },
      { path: 'native.Client', invocation: 'new', kind: 'client' },
      { path: 'native.Pool', invocation: 'new', kind: 'pool' },
    ],
    types: { Pool: 'pool', Client: 'client' },
  },
  {
    library: 'pg-pool',
    modules: ['pg-pool'],
    kinds: PG_KINDS,
    acquire: [{ path: '', invocation: 'new', kind: 'pool' }],
  },
  {
    library: 'postgres (Postgres.js)',
    modules: ['postgres'],
    kinds: {
      sql: {
        label: 'The Postgres.js instance',
        role: 'pool',
        release: ['end'],
        asyncRelease: true,
        finallyRelease: 'end',
        checkouts: { reserve: 'reserved' },
      },
      reserved: {
        label: 'The reserved Postgres.js connection',
        role: 'checkout',
        release: ['release'],
        asyncRelease: false,
        finallyRelease: 'release',
      },
    },
    acquire: [{ path: '', invocation: 'call', kind: 'sql' }],
    types: { Sql: 'sql' },
  },
  {
    library: 'mysql',
    modules: ['mysql'],
    kinds: MYSQL_CALLBACK_KINDS('mysql'),
    acquire: MYSQL_ACQUIRE,
    types: { Pool: 'pool', Connection: 'connection' },
  },
  {
    library: 'mysql2',
    modules: ['mysql2'],
    kinds: MYSQL_CALLBACK_KINDS('mysql2'),
    acquire: MYSQL_ACQUIRE,
    types: { Pool: 'pool', Connection: 'connection' },
  },
  {
    library: 'mysql2 (promise API)',
    modules: ['mysql2/promise'],
    kinds: {
      connection: {
        label: 'The mysql2 connection',
        role: 'connection',
        release: ['end', 'destroy', 'close'],
        asyncRelease: true,
        finallyRelease: 'end',
        dispose: 'async',
      },
      pool: {
        label: 'The mysql2 pool',
        role: 'pool',
        release: ['end'],
        asyncRelease: true,
        finallyRelease: 'end',
        checkouts: { getConnection: 'poolConnection' },
      },
      poolConnection: {
        label: 'The mysql2 pool connection',
        role: 'checkout',
        release: ['release', 'destroy'],
        asyncRelease: false,
        finallyRelease: 'release',
        dispose: 'async',
      },
    },
    acquire: MYSQL_ACQUIRE,
    types: { Pool: 'pool', Connection: 'connection' },
  },
  {
    library: 'mariadb',
    modules: ['mariadb'],
    kinds: {
      connection: {
        label: 'The mariadb connection',
        role: 'connection',
        release: ['end', 'destroy', 'close'],
        asyncRelease: true,
        finallyRelease: 'end',
      },
      pool: {
        label: 'The mariadb pool',
        role: 'pool',
        release: ['end'],
        asyncRelease: true,
        finallyRelease: 'end',
        checkouts: { getConnection: 'poolConnection' },
      },
      poolConnection: {
        label: 'The mariadb pool connection',
        role: 'checkout',
        // A pooled connection's `end()` returns it to the pool too.
        release: ['release', 'end', 'destroy'],
        asyncRelease: true,
        finallyRelease: 'release',
      },
    },
    acquire: [
      { path: 'createConnection', invocation: 'call', kind: 'connection' },
      { path: 'createPool', invocation: 'call', kind: 'pool' },
      { path: 'createPoolCluster', invocation: 'call', kind: 'pool' },
    ],
    types: { Pool: 'pool', Connection: 'connection' },
  },
  {
    library: 'oracledb',
    modules: ['oracledb'],
    kinds: {
      connection: {
        label: 'The oracledb connection',
        role: 'checkout',
        release: ['close', 'release'],
        asyncRelease: true,
        finallyRelease: 'close',
      },
      pool: {
        label: 'The oracledb pool',
        role: 'pool',
        release: ['close', 'terminate'],
        asyncRelease: true,
        finallyRelease: 'close',
        checkouts: { getConnection: 'connection' },
      },
    },
    acquire: [
      // Standalone or from the default pool: either way one per call, to be closed by the caller.
      { path: 'getConnection', invocation: 'call', kind: 'connection', checkout: true },
      { path: 'createPool', invocation: 'call', kind: 'pool' },
    ],
    types: { Pool: 'pool' },
  },
  {
    library: 'mssql',
    modules: ['mssql'],
    kinds: {
      pool: { label: "The mssql 'ConnectionPool'", role: 'pool', release: ['close'], asyncRelease: true, finallyRelease: 'close' },
    },
    // `sql.connect()` returns the library's global pool, shared by design: not an acquisition.
    acquire: [{ path: 'ConnectionPool', invocation: 'new', kind: 'pool' }],
  },
  {
    library: 'Prisma',
    modules: ['@prisma/client'],
    kinds: {
      client: {
        label: "The 'PrismaClient'",
        role: 'pool',
        release: ['$disconnect'],
        asyncRelease: true,
        finallyRelease: '$disconnect',
      },
    },
    acquire: [{ path: 'PrismaClient', invocation: 'new', kind: 'client' }],
  },
  {
    library: 'MongoDB',
    modules: ['mongodb'],
    kinds: MONGODB_KINDS,
    acquire: [
      { path: 'MongoClient', invocation: 'new', kind: 'client' },
      { path: 'MongoClient.connect', invocation: 'call', kind: 'client' },
    ],
    types: { MongoClient: 'client' },
  },
  {
    library: 'Mongoose',
    modules: ['mongoose'],
    kinds: {
      connection: {
        label: 'The Mongoose connection',
        role: 'pool',
        release: ['close', 'destroy'],
        asyncRelease: true,
        finallyRelease: 'close',
        checkouts: { startSession: 'session' },
      },
      session: MONGODB_KINDS.session,
    },
    acquire: [
      { path: 'createConnection', invocation: 'call', kind: 'connection' },
      // The default connection is shared; its sessions are per call.
      { path: 'startSession', invocation: 'call', kind: 'session', checkout: true },
    ],
    types: { Connection: 'connection' },
  },
  {
    library: 'knex',
    modules: ['knex'],
    kinds: {
      knex: {
        label: 'The knex instance',
        role: 'pool',
        release: ['destroy'],
        asyncRelease: true,
        finallyRelease: 'destroy',
        checkouts: { transaction: 'transaction' },
      },
      transaction: {
        label: 'The knex transaction',
        role: 'transaction',
        release: ['commit', 'rollback'],
        asyncRelease: true,
        passedAs: { methods: ['transacting'] },
      },
    },
    acquire: [
      { path: '', invocation: 'call', kind: 'knex' },
      { path: 'knex', invocation: 'call', kind: 'knex' },
    ],
    types: { Knex: 'knex' },
  },
  {
    library: 'TypeORM',
    modules: ['typeorm'],
    kinds: {
      dataSource: TYPEORM_DATA_SOURCE,
      queryRunner: {
        label: 'The TypeORM query runner',
        role: 'checkout',
        release: ['release'],
        asyncRelease: true,
        finallyRelease: 'release',
      },
    },
    acquire: [
      { path: 'DataSource', invocation: 'new', kind: 'dataSource' },
      { path: 'createConnection', invocation: 'call', kind: 'dataSource' },
    ],
    types: { DataSource: 'dataSource', Connection: 'dataSource' },
  },
  {
    library: 'Sequelize',
    modules: ['sequelize', 'sequelize-typescript', '@sequelize/core'],
    kinds: SEQUELIZE_KINDS,
    acquire: [
      { path: '', invocation: 'new', kind: 'sequelize' },
      { path: 'Sequelize', invocation: 'new', kind: 'sequelize' },
    ],
    types: { Sequelize: 'sequelize' },
  },
  {
    library: 'Kysely',
    modules: ['kysely'],
    kinds: {
      kysely: { label: "The 'Kysely' instance", role: 'pool', release: ['destroy'], asyncRelease: true, finallyRelease: 'destroy' },
    },
    acquire: [{ path: 'Kysely', invocation: 'new', kind: 'kysely' }],
  },
  {
    library: 'MikroORM',
    modules: ['@mikro-orm/core', '@mikro-orm/postgresql', '@mikro-orm/mysql', '@mikro-orm/sqlite', '@mikro-orm/mongodb'],
    kinds: {
      orm: { label: "The 'MikroORM' instance", role: 'pool', release: ['close'], asyncRelease: true, finallyRelease: 'close' },
    },
    acquire: [{ path: 'MikroORM.init', invocation: 'call', kind: 'orm' }],
  },
  {
    library: 'better-sqlite3',
    modules: ['better-sqlite3'],
    kinds: {
      database: { label: 'The better-sqlite3 database', role: 'connection', release: ['close'], asyncRelease: false, finallyRelease: 'close' },
    },
    acquire: [{ path: '', invocation: 'any', kind: 'database' }],
  },
  {
    library: 'node:sqlite',
    modules: ['node:sqlite'],
    kinds: {
      database: {
        label: "The node:sqlite 'DatabaseSync'",
        role: 'connection',
        release: ['close'],
        asyncRelease: false,
        finallyRelease: 'close',
        dispose: 'sync',
      },
    },
    acquire: [{ path: 'DatabaseSync', invocation: 'new', kind: 'database' }],
  },
  {
    library: 'redis (node-redis)',
    modules: ['redis', '@redis/client'],
    kinds: {
      client: {
        label: 'The Redis client',
        role: 'connection',
        release: REDIS_RELEASE,
        asyncRelease: true,
        finallyRelease: 'quit',
        checkouts: { duplicate: 'client' },
      },
    },
    acquire: [
      { path: 'createClient', invocation: 'call', kind: 'client' },
      { path: 'createCluster', invocation: 'call', kind: 'client' },
    ],
    types: { RedisClientType: 'client' },
  },
  {
    library: 'ioredis',
    modules: ['ioredis'],
    kinds: {
      client: {
        label: 'The ioredis client',
        role: 'connection',
        release: REDIS_RELEASE,
        asyncRelease: true,
        finallyRelease: 'quit',
        checkouts: { duplicate: 'client' },
      },
    },
    acquire: [
      { path: '', invocation: 'any', kind: 'client' },
      { path: 'Redis', invocation: 'any', kind: 'client' },
      { path: 'Cluster', invocation: 'new', kind: 'client' },
    ],
    types: { Redis: 'client', Cluster: 'client' },
  },
];
