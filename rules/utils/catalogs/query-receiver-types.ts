/**
 * The TypeScript types of ORM and driver values, for typed linting: a receiver whose type is one of
 * these (or a project class extending one) has that role in catalogs/query-apis.ts. Plain data, read
 * by rules/utils/query-receiver-types.ts. A type counts only when it is declared in the library
 * itself, so a project's own `Repository` class is not TypeORM's.
 */

export interface ReceiverTypeEntry {
  /** The `QueryApi.id` in catalogs/query-apis.ts. */
  readonly apiId: string;
  /**
   * Packages declaring the type: a declaration file under `node_modules/<package>/`, or an ambient
   * `declare module '<package>'` block (Mongoose declares its types that way).
   */
  readonly packages: readonly string[];
  /** Project paths where the library generates its declarations (Prisma's `output` folder). */
  readonly generatedPaths?: readonly string[];
  /** The class, interface or type alias name; a RegExp's first capture group is the model. */
  readonly typeName: string | RegExp;
  /** A role of the api in catalogs/query-apis.ts. */
  readonly role: string;
  /**
   * `instance` (default): a value of the type (`repo: Repository<User>`). `static`: a project class
   * extending it, as a value (`User` where `class User extends Model`: `User.findAll()`).
   */
  readonly side?: 'instance' | 'static';
  /** The type argument naming the model (`Repository<User>` → 0); a string literal is used as is. */
  readonly modelFromTypeArgument?: number;
}

const PRISMA = { apiId: 'prisma', packages: ['@prisma/client', '.prisma/client'], generatedPaths: ['/generated/prisma/'] } as const;
const TYPEORM = { apiId: 'typeorm', packages: ['typeorm'] } as const;
const SEQUELIZE = { apiId: 'sequelize', packages: ['sequelize', 'sequelize-typescript', '@sequelize/core'] } as const;
const MONGOOSE = { apiId: 'mongoose', packages: ['mongoose'] } as const;
const MONGODB = { apiId: 'mongodb', packages: ['mongodb'] } as const;
const KNEX = { apiId: 'knex', packages: ['knex'] } as const;

export const RECEIVER_TYPES: readonly ReceiverTypeEntry[] = [
  { ...PRISMA, typeName: 'PrismaClient', role: 'client' },
  // `Prisma.TransactionClient` (the `$transaction(async (tx) => …)` parameter) and `$extends` results.
  { ...PRISMA, typeName: 'TransactionClient', role: 'client' },
  { ...PRISMA, typeName: 'DynamicClientExtensionThis', role: 'client' },
  // `prisma.user` is a `Prisma.UserDelegate<…>`; on an extended client a `DynamicModelExtensionThis<TypeMap, 'User', …>`.
  { ...PRISMA, typeName: /^(\w+)Delegate$/u, role: 'delegate' },
  { ...PRISMA, typeName: 'DynamicModelExtensionThis', role: 'delegate', modelFromTypeArgument: 1 },

  { ...TYPEORM, typeName: 'DataSource', role: 'dataSource' },
  { ...TYPEORM, typeName: 'Connection', role: 'dataSource' },
  // MongoEntityManager, TreeRepository and MongoRepository extend these two.
  { ...TYPEORM, typeName: 'EntityManager', role: 'manager' },
  { ...TYPEORM, typeName: 'Repository', role: 'repository', modelFromTypeArgument: 0 },
  { ...TYPEORM, typeName: 'SelectQueryBuilder', role: 'builder', modelFromTypeArgument: 0 },
  // Active record: `class User extends BaseEntity`, then `User.find()`.
  { ...TYPEORM, typeName: 'BaseEntity', role: 'repository', side: 'static' },

  { ...SEQUELIZE, typeName: 'Sequelize', role: 'sequelize' },
  { ...SEQUELIZE, typeName: 'ModelStatic', role: 'model', modelFromTypeArgument: 0 },
  { ...SEQUELIZE, typeName: 'ModelCtor', role: 'model', modelFromTypeArgument: 0 },
  { ...SEQUELIZE, typeName: 'ModelDefined', role: 'model' },
  // sequelize-typescript's `sequelize.getRepository(User)`: `Repository<User>`, a model class.
  { ...SEQUELIZE, packages: ['sequelize-typescript'], typeName: 'Repository', role: 'model', modelFromTypeArgument: 0 },
  // `class User extends Model`: `User.findAll()`. An instance of User (a row) is no query receiver.
  { ...SEQUELIZE, typeName: 'Model', role: 'model', side: 'static' },

  { ...MONGOOSE, typeName: 'Model', role: 'model', modelFromTypeArgument: 0 },
  { ...MONGOOSE, typeName: 'Connection', role: 'connection' },
  { ...MONGOOSE, typeName: 'Query', role: 'query' },

  { ...MONGODB, typeName: 'MongoClient', role: 'client' },
  { ...MONGODB, typeName: 'Db', role: 'db' },
  { ...MONGODB, typeName: 'Collection', role: 'collection', modelFromTypeArgument: 0 },
  { ...MONGODB, typeName: 'FindCursor', role: 'cursor', modelFromTypeArgument: 0 },

  // `Knex` is both the interface of an instance and the namespace of `Knex.QueryBuilder`.
  { ...KNEX, typeName: 'Knex', role: 'instance' },
  { ...KNEX, typeName: 'Transaction', role: 'instance' },
  { ...KNEX, typeName: 'QueryBuilder', role: 'builder' },

  // uptime-kuma's `R` is the exported instance of this class.
  { apiId: 'redbean-node', packages: ['redbean-node'], typeName: 'RedBeanNode', role: 'facade' },
];
