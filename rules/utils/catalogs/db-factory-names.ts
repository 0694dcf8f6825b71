/**
 * How a project's own database factories are named: the weaker evidence `no-unclosed-db-in-thread`
 * reads with `checkProjectFactories` when a client comes from the project's code rather than from a
 * library in `db-clients.ts`. Plain data; `rules/utils/project-db-factories.ts` applies it.
 *
 * A name is evidence only when it says *what* it creates: `createOrm`, `createRedisClient`,
 * `createReportingPool`. `Client`, `Connection` and `Pool` alone are ambiguous (an HTTP or S3 client,
 * a socket, a worker pool), so `createClient()` counts only when the module it comes from names a
 * database (`./database/redis`), and `createS3Client`, `createOAuthClient` never do.
 */

/** Nouns a factory name ends with (`create…Client`), and the resource each one stands for. */
export const FACTORY_NOUNS: Readonly<Record<string, { noun: string; role: 'connection' | 'pool'; needsDbWord: boolean }>> = {
  Client: { noun: 'client', role: 'connection', needsDbWord: true },
  Connection: { noun: 'connection', role: 'connection', needsDbWord: true },
  Pool: { noun: 'pool', role: 'pool', needsDbWord: true },
  // An ORM instance owns a pool whatever it is called.
  Orm: { noun: 'ORM', role: 'pool', needsDbWord: false },
  ORM: { noun: 'ORM', role: 'pool', needsDbWord: false },
};

/** `create` + qualifier + noun: `createOrm`, `createTenantDbClient`, `createPgPool`. */
export const FACTORY_NAME = /^create(?<qualifier>[A-Z0-9_$][\w$]*?)?(?<noun>Client|Connection|Pool|Orm|ORM)$/u;

/**
 * Project classes that wrap a client by name (`AppPrismaService`, `TenantDbService`,
 * `ReportingDatabaseClient`): a database word right before `Service` or `Client`.
 */
export const CLIENT_CLASS_NAME = /(?:Prisma|Db|DB|Database|Orm|ORM|Redis|Mongo|MongoDb|Postgres|Pg|Mysql|MySql|Sql|SQL|Knex|Sequelize|TypeOrm)(?:Service|Client)$/u;

/** Classes named for Prisma own a pool (`$disconnect`); the others are read as one client. */
export const POOL_CLASS_NAME = /Prisma|Orm|ORM/u;

/**
 * Database words in a factory's qualifier (`createRedisClient`) or in the path of the module it
 * comes from (`./database/redis`, `@clickhouse/client`), as whole words of camelCase or of a path.
 */
export const DB_WORDS = new Set([
  'db',
  'database',
  'redis',
  'prisma',
  'mongo',
  'mongodb',
  'postgres',
  'postgresql',
  'pg',
  'mysql',
  'mysql2',
  'mariadb',
  'sql',
  'sqlite',
  'mssql',
  'knex',
  'sequelize',
  'typeorm',
  'orm',
  'clickhouse',
]);

/** The module methods of a project wrapper that open a client: `rdb.connect()`. */
export const MODULE_CONNECT_METHODS = new Set(['connect']);

/**
 * One of these is in the name of every call `FACTORY_NAME`, `CLIENT_CLASS_NAME` or
 * `MODULE_CONNECT_METHODS` accepts: a file whose text has none makes no factory call.
 */
export const FACTORY_NAME_WORDS: readonly string[] = ['Client', 'Connection', 'Pool', 'Orm', 'ORM', 'Service', ...MODULE_CONNECT_METHODS];

/** The release vocabulary of catalogued clients, for a candidate whose library is unknown. */
export const FACTORY_RELEASES: readonly string[] = ['close', 'end', 'disconnect', 'destroy', 'quit', 'release', '$disconnect'];
