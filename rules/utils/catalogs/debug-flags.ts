/**
 * Debug and query-logging switches of Node database and runtime libraries: which option turns them
 * on, which values count as on, what they cost, and the value that turns them off. Used by
 * `no-debug-in-perf-config`; adding a library is one entry plus tests.
 */

/** Which values of a flag count as "on". Any field that matches is enough. */
export interface FlagValueMatcher {
  /** Static values that switch the flag on (`true`, `'all'`, `'development'`). */
  values?: readonly (string | number | boolean)[];
  /** A static list switches the flag on when it holds this item, as a string or as `{ level: item }`. */
  listIncludes?: string;
  /** Any static truthy value (a non-empty list, a non-empty string, `true`). */
  truthy?: boolean;
  /** A function, a `console` method or a bound logger method (a logging callback) switches it on. */
  functions?: boolean;
}

/** A call of a module export whose object arguments carry the flag. */
export interface FlagCallee {
  /** Dotted path below the module: `'DataSource'`, `'MikroORM.init'`; `''` is the module itself. */
  path: string;
  /** Called with `new`. */
  construct?: boolean;
  /** Also `callee('<property>', value)`, the setter form of `mongoose.set('debug', true)`. */
  setter?: boolean;
}

interface FlagBase {
  /** Library name shown in the message. */
  library: string;
  /** Option, setting or environment variable name. */
  property: string;
  on: FlagValueMatcher;
  /** What the flag does, completing "it …": `'logs every SQL statement it sends'`. */
  effect: string;
  /** Source text of the value that turns the flag off (the `disableFlag` suggestion); none when unsafe. */
  off?: string;
}

/** A library option, found in the object arguments of calls to the library's exports (through imports). */
export interface LibraryFlag extends FlagBase {
  site: 'options';
  modules: readonly string[];
  callees: readonly FlagCallee[];
  /** The library turns the flag on when the option is absent (Sequelize logs every query by default). */
  defaultOn?: boolean;
}

/** An environment variable, set on `process.env` or in the `env` of a spawned process or worker. */
export interface EnvFlag extends FlagBase {
  site: 'env';
  /**
   * Module whose loggers the variable enables (`debug('app:db')`). A perf file that creates every
   * enabled logger itself is measuring that logger on purpose (a logger benchmark), not by accident.
   */
  loggerModule?: string;
}

/** A generic option, reported only in an options object in perf context. */
export interface GenericFlag extends FlagBase {
  site: 'perf-object';
}

export type DebugFlag = LibraryFlag | EnvFlag | GenericFlag;

const OFF = 'false';

const TYPEORM_CALLEES: readonly FlagCallee[] = [
  { path: 'DataSource', construct: true },
  { path: 'createConnection' },
  { path: 'TypeOrmModule.forRoot' },
];
const SEQUELIZE_CALLEES: readonly FlagCallee[] = [
  { path: '', construct: true },
  { path: 'Sequelize', construct: true },
];
const MIKRO_ORM_MODULES = [
  '@mikro-orm/core',
  '@mikro-orm/postgresql',
  '@mikro-orm/mysql',
  '@mikro-orm/mariadb',
  '@mikro-orm/sqlite',
  '@mikro-orm/better-sqlite',
  '@mikro-orm/libsql',
  '@mikro-orm/mssql',
  '@mikro-orm/mongodb',
  '@mikro-orm/nestjs',
];
const DRIZZLE_MODULES = [
  'drizzle-orm/node-postgres',
  'drizzle-orm/postgres-js',
  'drizzle-orm/mysql2',
  'drizzle-orm/better-sqlite3',
  'drizzle-orm/libsql',
  'drizzle-orm/neon-http',
  'drizzle-orm/neon-serverless',
  'drizzle-orm/planetscale-serverless',
  'drizzle-orm/vercel-postgres',
  'drizzle-orm/pglite',
  'drizzle-orm/bun-sqlite',
  'drizzle-orm/d1',
];
const MYSQL_CALLEES: readonly FlagCallee[] = [
  { path: 'createConnection' },
  { path: 'createPool' },
  { path: 'createPoolCluster' },
];

export const DEBUG_FLAGS: readonly DebugFlag[] = [
  {
    library: 'TypeORM',
    site: 'options',
    modules: ['typeorm', '@nestjs/typeorm'],
    callees: TYPEORM_CALLEES,
    property: 'logging',
    on: { values: [true, 'all'], listIncludes: 'query' },
    effect: 'logs every SQL query it runs',
    off: OFF,
  },
  {
    library: 'Prisma',
    site: 'options',
    modules: ['@prisma/client'],
    callees: [{ path: 'PrismaClient', construct: true }],
    property: 'log',
    on: { listIncludes: 'query' },
    effect: 'logs or emits every query the client sends',
  },
  {
    library: 'Sequelize',
    site: 'options',
    modules: ['sequelize', 'sequelize-typescript', '@sequelize/core'],
    callees: SEQUELIZE_CALLEES,
    property: 'logging',
    defaultOn: true,
    on: { truthy: true, functions: true },
    effect: 'passes every SQL statement to its logging function',
    off: OFF,
  },
  {
    library: 'Sequelize',
    site: 'options',
    modules: ['sequelize', 'sequelize-typescript', '@sequelize/core'],
    callees: SEQUELIZE_CALLEES,
    property: 'benchmark',
    on: { values: [true] },
    effect: 'times every query and hands the timing to the logger',
    off: OFF,
  },
  {
    library: 'knex',
    site: 'options',
    modules: ['knex'],
    callees: [{ path: '' }, { path: 'knex' }],
    property: 'debug',
    on: { values: [true] },
    effect: 'prints every query with its bindings',
    off: OFF,
  },
  {
    library: 'knex',
    site: 'options',
    modules: ['knex'],
    callees: [{ path: '' }, { path: 'knex' }],
    property: 'asyncStackTraces',
    on: { values: [true] },
    effect: 'captures an extra stack trace for every query it builds',
    off: OFF,
  },
  {
    library: 'Mongoose',
    site: 'options',
    modules: ['mongoose'],
    callees: [{ path: 'set', setter: true }],
    property: 'debug',
    on: { truthy: true, functions: true },
    effect: 'prints every collection call with its arguments',
    off: OFF,
  },
  {
    library: 'MikroORM',
    site: 'options',
    modules: MIKRO_ORM_MODULES,
    callees: [
      { path: 'MikroORM', construct: true },
      { path: 'MikroORM.init' },
      { path: 'defineConfig' },
      { path: 'MikroOrmModule.forRoot' },
    ],
    property: 'debug',
    on: { truthy: true },
    effect: 'logs every query and every discovery step',
    off: OFF,
  },
  {
    library: 'Drizzle',
    site: 'options',
    modules: DRIZZLE_MODULES,
    callees: [{ path: 'drizzle' }],
    property: 'logger',
    on: { values: [true] },
    effect: 'logs every query with its parameters',
    off: OFF,
  },
  {
    library: 'Kysely',
    site: 'options',
    modules: ['kysely'],
    callees: [{ path: 'Kysely', construct: true }],
    property: 'log',
    on: { listIncludes: 'query' },
    effect: 'logs every query it executes',
  },
  {
    library: 'mysql2',
    site: 'options',
    modules: ['mysql2', 'mysql2/promise', 'mysql'],
    callees: MYSQL_CALLEES,
    property: 'debug',
    on: { truthy: true },
    effect: 'prints every packet sent to and received from the server',
    off: OFF,
  },
  {
    library: 'ioredis',
    site: 'options',
    modules: ['ioredis'],
    callees: [
      { path: '', construct: true },
      { path: 'Redis', construct: true },
      { path: 'Cluster', construct: true },
      { path: 'Redis.Cluster', construct: true },
    ],
    property: 'showFriendlyErrorStack',
    on: { values: [true] },
    effect: 'captures a stack trace for every command it sends',
    off: OFF,
  },
  {
    library: 'the debug module',
    site: 'env',
    property: 'DEBUG',
    loggerModule: 'debug',
    on: { truthy: true },
    effect: 'turns on every matching `debug` logger in the process',
  },
  {
    library: 'Express and most frameworks',
    site: 'env',
    property: 'NODE_ENV',
    on: { values: ['development', 'dev'] },
    effect: 'puts frameworks in development mode, without view caches and with extra checks and verbose errors',
    off: "'production'",
  },
  {
    library: 'Fastify',
    site: 'options',
    modules: ['fastify'],
    callees: [{ path: '' }, { path: 'fastify' }],
    property: 'logger',
    on: { values: [true] },
    effect: 'logs a line for every request and every response',
    off: OFF,
  },
  {
    library: 'A configuration',
    site: 'perf-object',
    property: 'debug',
    on: { values: [true] },
    effect: 'turns on debug mode',
    off: OFF,
  },
  {
    library: 'A configuration',
    site: 'perf-object',
    property: 'logging',
    on: { values: [true, 'all'], listIncludes: 'query', functions: true },
    effect: 'logs every query or request it handles',
    off: OFF,
  },
  {
    library: 'k6',
    site: 'perf-object',
    property: 'httpDebug',
    on: { truthy: true },
    effect: 'prints every HTTP request and response of every virtual user',
  },
];

/** Calls that start a process or a thread: the `env` they pass is the environment of the measured run. */
export interface ProcessLauncher {
  module: string;
  path: string;
  construct?: boolean;
  /** Where the environment object is: the `env` property of an options argument, or an argument itself. */
  env: 'options' | 'argument';
}

export const PROCESS_LAUNCHERS: readonly ProcessLauncher[] = [
  ...['spawn', 'spawnSync', 'fork', 'exec', 'execSync', 'execFile', 'execFileSync'].map(
    (path): ProcessLauncher => ({ module: 'child_process', path, env: 'options' }),
  ),
  { module: 'worker_threads', path: 'Worker', construct: true, env: 'options' },
  { module: 'cluster', path: 'fork', env: 'argument' },
  ...['execa', 'execaNode', 'execaCommand'].map(
    (path): ProcessLauncher => ({ module: 'execa', path, env: 'options' }),
  ),
];

/**
 * Files that are a library's configuration by name: their exported object (and each environment's
 * object inside it, `{ development: {…}, perf: {…} }`) is that library's options, as if handed to its
 * constructor. A knexfile is read by the knex CLI and by `knex(require('./knexfile').perf)`.
 */
export const CONFIG_FILES: readonly { basename: RegExp; library: string }[] = [
  { basename: /^knexfile\.[cm]?[jt]s$/u, library: 'knex' },
  { basename: /^ormconfig\.[cm]?[jt]s$/u, library: 'TypeORM' },
  { basename: /^mikro-orm\.config\.[cm]?[jt]s$/u, library: 'MikroORM' },
];
