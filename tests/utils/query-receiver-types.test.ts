import path from 'node:path';
import { parseForESLint } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { QUERY_APIS } from '../../rules/utils/catalogs/query-apis.js';
import { RECEIVER_TYPES } from '../../rules/utils/catalogs/query-receiver-types.js';
import { createReceiverTypeReader, isDeclaredIn, type ReceiverKind } from '../../rules/utils/query-receiver-types.js';
import { fixturesDir } from '../rule-tester.js';

/** Its own tsconfig, so the ambient ORM modules of libraries.d.ts reach no other typed test. */
const receiverFixtures = path.join(fixturesDir, 'query-receiver-types');

interface Probed {
  /** Receiver of each `receiver.method(…)` call, by its source text. */
  kinds: Record<string, ReceiverKind | null>;
  known: Record<string, boolean>;
  typed: boolean;
}

/**
 * Lints `code` as query-receiver-types/file.ts, typed unless `typed: false`, and reads the receiver of
 * every method call. Single-run inference is off: under CI=true it would read file.ts from disk.
 */
function probe(code: string, { typed = true } = {}): Probed {
  const probed: Probed = { kinds: {}, known: {}, typed: false };
  const rule: TSESLint.RuleModule<never> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: {}, schema: [] },
    create(context) {
      const reader = createReceiverTypeReader(context);
      probed.typed = reader !== null;
      if (!reader) return {};
      return {
        CallExpression(node: TSESTree.CallExpression) {
          if (node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
          const receiver = node.callee.object;
          const text = context.sourceCode.getText(receiver);
          probed.kinds[text] = reader.kindOf(receiver);
          probed.known[text] = reader.hasKnownType(receiver);
        },
      };
    },
  };
  const parserOptions = typed
    ? { tsconfigRootDir: receiverFixtures, project: './tsconfig.json', disallowAutomaticSingleRunInference: true }
    : {};
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: { parseForESLint }, parserOptions },
        plugins: { probe: { rules: { probe: rule as never } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    path.join(receiverFixtures, 'file.ts'),
  );
  expect(messages).toEqual([]);
  return probed;
}

describe('createReceiverTypeReader', () => {
  it('is null without type information, so only the syntactic signals apply', () => {
    const probed = probe(`
      import { Repository } from 'typeorm';
      export class Users { constructor(private readonly repo: Repository<object>) {} all() { return this.repo.find(); } }
    `, { typed: false });
    expect(probed).toEqual({ kinds: {}, known: {}, typed: false });
  });
});

describe('kindOf: Prisma', () => {
  it('reads the client, a Nest service extending it, model delegates, the transaction client and an extended client', () => {
    const { kinds } = probe(`
      import { PrismaClient, Prisma } from '@prisma/client';
      export class PrismaService extends PrismaClient {}
      export class AuditService {
        constructor(private readonly prisma: PrismaService, private readonly client: PrismaClient) {}
        async export() {
          await this.client.$connect();
          await this.prisma.auditEntry.findMany({ where: {} });
          return this.prisma.$transaction(async (tx) => tx.user.findMany());
        }
        extended() {
          const xprisma = this.client.$extends({});
          void xprisma.$disconnect();
          return xprisma.user.findMany();
        }
      }
      export function inTransaction(db: Prisma.TransactionClient) { return db.user.findMany(); }
    `);
    expect(kinds).toEqual({
      'this.client': { apiId: 'prisma', role: 'client', evidence: 'typed as Prisma PrismaClient' },
      'this.prisma.auditEntry': { apiId: 'prisma', role: 'delegate', model: 'AuditEntry', evidence: 'typed as Prisma AuditEntryDelegate' },
      'this.prisma': { apiId: 'prisma', role: 'client', evidence: 'typed as PrismaService, which extends Prisma PrismaClient' },
      'tx.user': { apiId: 'prisma', role: 'delegate', model: 'User', evidence: 'typed as Prisma UserDelegate' },
      xprisma: { apiId: 'prisma', role: 'client', evidence: 'typed as Prisma DynamicClientExtensionThis' },
      'xprisma.user': { apiId: 'prisma', role: 'delegate', model: 'User', evidence: 'typed as Prisma DynamicModelExtensionThis<User>' },
      'db.user': { apiId: 'prisma', role: 'delegate', model: 'User', evidence: 'typed as Prisma UserDelegate' },
    });
  });
});

describe('kindOf: TypeORM', () => {
  it('reads an injected repository through this, a data source, a manager, a query builder and active-record entities', () => {
    const { kinds } = probe(`
      import { BaseEntity, Connection, DataSource, EntityManager, Repository, TreeRepository } from 'typeorm';
      export class Member { id!: string; }
      export class Category { id!: string; }
      export class Invoice extends BaseEntity { id!: string; }
      export class MemberService {
        constructor(
          private readonly memberRepository: Repository<Member>,
          private readonly categories: TreeRepository<Category>,
          private readonly dataSource: DataSource,
          private readonly connection: Connection,
        ) {}
        async all(manager: EntityManager) {
          await this.memberRepository.find();
          await this.categories.findTrees();
          await this.dataSource.getRepository(Member).find();
          await this.connection.getRepository(Member).find();
          await manager.find(Member);
          await this.memberRepository.createQueryBuilder('m').where('m.active').getMany();
          const invoice = new Invoice();
          await invoice.save();
          return Invoice.find();
        }
      }
    `);
    expect(kinds).toEqual({
      'this.memberRepository': { apiId: 'typeorm', role: 'repository', model: 'Member', evidence: 'typed as TypeORM Repository<Member>' },
      'this.categories': { apiId: 'typeorm', role: 'repository', model: 'Category', evidence: 'typed as TreeRepository, which extends TypeORM Repository<Category>' },
      'this.dataSource': { apiId: 'typeorm', role: 'dataSource', evidence: 'typed as TypeORM DataSource' },
      'this.dataSource.getRepository(Member)': { apiId: 'typeorm', role: 'repository', model: 'Member', evidence: 'typed as TypeORM Repository<Member>' },
      'this.connection': { apiId: 'typeorm', role: 'dataSource', evidence: 'typed as TypeORM Connection' },
      'this.connection.getRepository(Member)': { apiId: 'typeorm', role: 'repository', model: 'Member', evidence: 'typed as TypeORM Repository<Member>' },
      manager: { apiId: 'typeorm', role: 'manager', evidence: 'typed as TypeORM EntityManager' },
      "this.memberRepository.createQueryBuilder('m')": { apiId: 'typeorm', role: 'builder', model: 'Member', evidence: 'typed as TypeORM SelectQueryBuilder<Member>' },
      "this.memberRepository.createQueryBuilder('m').where('m.active')": { apiId: 'typeorm', role: 'builder', model: 'Member', evidence: 'typed as TypeORM SelectQueryBuilder<Member>' },
      // An entity instance (a row) is no query receiver; the entity class is.
      invoice: null,
      Invoice: { apiId: 'typeorm', role: 'repository', model: 'Invoice', evidence: 'typed as typeof Invoice, a class extending TypeORM BaseEntity' },
    });
  });

  it('reads a project repository subclass and a custom repository made with extend()', () => {
    const { kinds } = probe(`
      import { DataSource, Repository } from 'typeorm';
      export class Order { id!: string; }
      export class OrderRepository extends Repository<Order> {
        pending() { return this.find({ where: { status: 'PENDING' } }); }
      }
      export class BaseRepository<T extends object> extends Repository<T> {}
      export class Payment { id!: string; }
      export class PaymentRepository extends BaseRepository<Payment> {}
      export function build(dataSource: DataSource, orders: OrderRepository, payments: PaymentRepository) {
        const custom = dataSource.getRepository(Order).extend({ open() { return 1; } });
        payments.find();
        orders.find();
        return custom.find();
      }
    `);
    expect(kinds).toEqual({
      this: { apiId: 'typeorm', role: 'repository', model: 'Order', evidence: 'typed as OrderRepository, which extends TypeORM Repository<Order>' },
      dataSource: { apiId: 'typeorm', role: 'dataSource', evidence: 'typed as TypeORM DataSource' },
      'dataSource.getRepository(Order)': { apiId: 'typeorm', role: 'repository', model: 'Order', evidence: 'typed as TypeORM Repository<Order>' },
      // Through a generic project base: its type parameter is bound to Payment.
      payments: { apiId: 'typeorm', role: 'repository', model: 'Payment', evidence: 'typed as PaymentRepository, which extends TypeORM Repository<Payment>' },
      orders: { apiId: 'typeorm', role: 'repository', model: 'Order', evidence: 'typed as OrderRepository, which extends TypeORM Repository<Order>' },
      custom: { apiId: 'typeorm', role: 'repository', model: 'Order', evidence: 'typed as TypeORM Repository<Order>' },
    });
  });
});

describe('kindOf: Sequelize', () => {
  it('reads the Sequelize instance, ModelStatic and ModelCtor, a model class, and not a model instance', () => {
    const { kinds } = probe(`
      import { Model, Sequelize, type ModelCtor, type ModelStatic } from 'sequelize';
      export class User extends Model {}
      export class Session extends Model {}
      type SessionModel = ModelStatic<Session>;
      export async function load(sequelize: Sequelize, users: ModelStatic<User>, ctor: ModelCtor<User>, sessions: SessionModel) {
        sequelize.define('user', {});
        await users.findAll();
        await ctor.findAll();
        await sessions.findAll();
        const user = new User();
        await user.save();
        return User.findAll();
      }
    `);
    expect(kinds).toEqual({
      sequelize: { apiId: 'sequelize', role: 'sequelize', evidence: 'typed as Sequelize Sequelize' },
      users: { apiId: 'sequelize', role: 'model', model: 'User', evidence: 'typed as Sequelize ModelStatic<User>' },
      ctor: { apiId: 'sequelize', role: 'model', model: 'User', evidence: 'typed as Sequelize ModelCtor<User>' },
      // A project alias of ModelStatic: read through its construct signature.
      sessions: { apiId: 'sequelize', role: 'model', model: 'Session', evidence: 'typed as SessionModel, a class extending Sequelize Model' },
      user: null,
      User: { apiId: 'sequelize', role: 'model', model: 'User', evidence: 'typed as typeof User, a class extending Sequelize Model' },
    });
  });

  it('reads define() results and sequelize-typescript models, repositories and instance', () => {
    const { kinds } = probe(`
      import { Sequelize as BaseSequelize } from 'sequelize';
      import { Model, Sequelize } from 'sequelize-typescript';
      export class Post extends Model {}
      export async function load(base: BaseSequelize, sequelize: Sequelize) {
        const Tag = base.define('tag', {});
        await Tag.findAll();
        await Post.findAll();
        // Read after Post: walking Post's bases must leave the checker's cached base types intact,
        // or TypeScript would infer getRepository's M as Model instead of Post.
        return sequelize.getRepository(Post).findAll();
      }
    `);
    expect(kinds).toEqual({
      base: { apiId: 'sequelize', role: 'sequelize', evidence: 'typed as Sequelize Sequelize' },
      Tag: { apiId: 'sequelize', role: 'model', evidence: 'typed as Sequelize ModelDefined' },
      Post: { apiId: 'sequelize', role: 'model', model: 'Post', evidence: 'typed as typeof Post, a class extending Sequelize Model' },
      sequelize: { apiId: 'sequelize', role: 'sequelize', evidence: 'typed as Sequelize Sequelize' },
      'sequelize.getRepository(Post)': { apiId: 'sequelize', role: 'model', model: 'Post', evidence: 'typed as Sequelize Repository<Post>' },
    });
  });
});

describe('kindOf: Mongoose and the MongoDB driver', () => {
  it('reads a Mongoose model (injected, with a document alias), a connection and a query', () => {
    const { kinds } = probe(`
      import { model, connection, Model, type HydratedDocument } from 'mongoose';
      interface IEvent { name: string }
      export class Cat { name!: string; }
      export type CatDocument = HydratedDocument<Cat>;
      const Event = model<IEvent>('Event');
      export class CatsService {
        constructor(private readonly catModel: Model<CatDocument>, private readonly dogs: Model<HydratedDocument<Cat>>) {}
        all() {
          connection.model('Cat');
          this.dogs.find();
          Event.find().limit(10);
          return this.catModel.find().exec();
        }
      }
    `);
    expect(kinds).toEqual({
      connection: { apiId: 'mongoose', role: 'connection', evidence: 'typed as Mongoose Connection' },
      'this.dogs': { apiId: 'mongoose', role: 'model', model: 'Cat', evidence: 'typed as Mongoose Model<Cat>' },
      Event: { apiId: 'mongoose', role: 'model', model: 'Event', evidence: 'typed as Mongoose Model<Event>' },
      'Event.find()': { apiId: 'mongoose', role: 'query', evidence: 'typed as Mongoose Query' },
      'this.catModel': { apiId: 'mongoose', role: 'model', model: 'CatDocument', evidence: 'typed as Mongoose Model<CatDocument>' },
      'this.catModel.find()': { apiId: 'mongoose', role: 'query', evidence: 'typed as Mongoose Query' },
    });
  });

  it('reads a MongoClient, a Db, a typed collection and its cursor', () => {
    const { kinds } = probe(`
      import { MongoClient, type Collection, type Document } from 'mongodb';
      interface Delivery { status: string }
      export async function sweep(client: MongoClient, deliveries: Collection<Delivery>, raw: Collection<Document>) {
        const db = client.db('app');
        await db.collection('jobs').find().toArray();
        await raw.find().toArray();
        return deliveries.find({ status: 'failed' }).toArray();
      }
    `);
    expect(kinds).toEqual({
      client: { apiId: 'mongodb', role: 'client', evidence: 'typed as MongoDB driver MongoClient' },
      db: { apiId: 'mongodb', role: 'db', evidence: 'typed as MongoDB driver Db' },
      "db.collection('jobs')": { apiId: 'mongodb', role: 'collection', evidence: 'typed as MongoDB driver Collection' },
      "db.collection('jobs').find()": { apiId: 'mongodb', role: 'cursor', evidence: 'typed as MongoDB driver FindCursor' },
      raw: { apiId: 'mongodb', role: 'collection', evidence: 'typed as MongoDB driver Collection' },
      'raw.find()': { apiId: 'mongodb', role: 'cursor', evidence: 'typed as MongoDB driver FindCursor' },
      deliveries: { apiId: 'mongodb', role: 'collection', model: 'Delivery', evidence: 'typed as MongoDB driver Collection<Delivery>' },
      "deliveries.find({ status: 'failed' })": { apiId: 'mongodb', role: 'cursor', model: 'Delivery', evidence: 'typed as MongoDB driver FindCursor<Delivery>' },
    });
  });
});

describe('kindOf: knex and redbean-node', () => {
  it('reads a knex instance under any name, a transaction, a union of both, and its builders', () => {
    const { kinds } = probe(`
      import { type Knex } from 'knex';
      import { R } from 'redbean-node';
      export class ActivityStore {
        constructor(private readonly store: Knex) {}
        async history(trx: Knex.Transaction, conn: Knex | Knex.Transaction) {
          await this.store.select('id').from('activities');
          await trx.commit();
          await conn.from('events');
          await R.find('monitor', 'active = 1');
          return this.store('activities').where('team_id', 1);
        }
      }
    `);
    expect(kinds).toEqual({
      // Named like a store, typed as no library class.
      this: null,
      'this.store': { apiId: 'knex', role: 'instance', evidence: 'typed as knex Knex' },
      "this.store.select('id')": { apiId: 'knex', role: 'builder', evidence: 'typed as knex QueryBuilder' },
      trx: { apiId: 'knex', role: 'instance', evidence: 'typed as knex Transaction' },
      conn: { apiId: 'knex', role: 'instance', evidence: 'typed as knex Knex' },
      R: { apiId: 'redbean-node', role: 'facade', evidence: 'typed as redbean-node RedBeanNode' },
      "this.store('activities')": { apiId: 'knex', role: 'builder', evidence: 'typed as knex QueryBuilder' },
    });
  });
});

describe('kindOf: unions, any and near-misses', () => {
  it('looks through null and undefined, and reads nothing from any, unknown or unrelated unions', () => {
    const { kinds, known } = probe(`
      import { Repository } from 'typeorm';
      import { PrismaClient } from '@prisma/client';
      import { missing } from 'not-installed';
      export class Member { id!: string; }
      export class Users {
        private repo?: Repository<Member>;
        constructor(private readonly legacy: Repository<Member> | null, private readonly anything: any, private readonly mixed: Repository<Member> | PrismaClient) {}
        async load(value: unknown) {
          await this.repo?.find();
          await this.legacy!.find();
          await this.anything.find();
          await missing.find();
          await this.mixed.find();
          return (value as { find(): void }).find();
        }
      }
    `);
    expect(kinds).toEqual({
      'this.repo': { apiId: 'typeorm', role: 'repository', model: 'Member', evidence: 'typed as TypeORM Repository<Member>' },
      'this.legacy!': { apiId: 'typeorm', role: 'repository', model: 'Member', evidence: 'typed as TypeORM Repository<Member>' },
      'this.anything': null,
      missing: null,
      'this.mixed': null,
      'value as { find(): void }': null,
    });
    expect(known).toEqual({
      'this.repo': true,
      'this.legacy!': true,
      'this.anything': false,
      missing: false,
      'this.mixed': true,
      'value as { find(): void }': true,
    });
  });

  it("is null for a project's own Repository, Model or Knex, named like the library's", () => {
    const { kinds } = probe(`
      export class Repository<T> { find(): T[] { return []; } }
      export interface Knex { select(column: string): unknown }
      export abstract class Model { static findAll(): unknown[] { return []; } }
      export class Member extends Model {}
      export class MemberRepository extends Repository<Member> {}
      export class MemberService {
        constructor(private readonly memberRepository: MemberRepository, private readonly members: Repository<Member>, private readonly db: Knex) {}
        all() {
          this.db.select('id');
          this.members.find();
          Member.findAll();
          return this.memberRepository.find();
        }
      }
    `);
    expect(kinds).toEqual({ 'this.db': null, 'this.members': null, Member: null, 'this.memberRepository': null });
  });
});

describe('isDeclaredIn', () => {
  const typeorm = { packages: ['typeorm'] };
  const prisma = { packages: ['@prisma/client', '.prisma/client'], generatedPaths: ['/generated/prisma/'] };
  it.each([
    ['/app/node_modules/typeorm/repository/Repository', typeorm, true],
    ['/app/node_modules/.pnpm/typeorm@0.3.20/node_modules/typeorm/index', typeorm, true],
    ['typeorm', typeorm, true],
    ['typeorm/repository/Repository', typeorm, true],
    ['/app/node_modules/typeorm-extension/dist/index', typeorm, false],
    ['/app/src/typeorm/repository', typeorm, false],
    ['typeorm-extension', typeorm, false],
    ['', typeorm, false],
    ['/app/node_modules/.prisma/client/index', prisma, true],
    ['/app/node_modules/@prisma/client/runtime/library', prisma, true],
    ['/app/src/generated/prisma/index', prisma, true],
    ['/app/src/prisma/prisma.service', prisma, false],
  ] as const)('%s in %j: %s', (module, entry, expected) => {
    expect(isDeclaredIn(module, entry)).toBe(expected);
  });
});

describe('RECEIVER_TYPES', () => {
  it('names only apis and roles of the query-apis catalog', () => {
    const roles = new Map(QUERY_APIS.map((api) => [api.id, Object.keys(api.roles)]));
    const unknown = RECEIVER_TYPES.filter((entry) => !roles.get(entry.apiId)?.includes(entry.role));
    expect(unknown).toEqual([]);
  });
});
