import path from 'node:path';
import { parseForESLint } from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-unbounded-query.js';
import { classifySql, readSqlCondition, SQL_INTERPOLATION } from '../../rules/utils/sql.js';
import { commonjs, fixturesDir, ruleTester } from '../rule-tester.js';

ruleTester.run('no-unbounded-query', rule, {
  valid: [
    // Cassandra execute() returns one page (fetchSize), not every row
    {
      code: `import { Client } from 'cassandra-driver';

const client = new Client({ contactPoints: ['db'], localDataCenter: 'dc1', keyspace: 'app' });

export async function firstPage() {
  const result = await client.execute('SELECT * FROM events', [], { prepare: true, fetchSize: 500 });
  return result.rows;
}`,
    },
    // a PascalCase import from a directory other than models
    {
      code: `import Cache from '../utils/Cache';
import { Registry } from './registry';

export const load = async () => Cache.find();
export const entries = async () => Registry.findAll();`,
    },
    // data-access functions kept in the models directory are no sign of an ORM (`db` is then only a name)
    {
      code: `import { getOrderById, toOrderApiInterface } from '../models/OrderModel';

export async function listOrders(db: (table: string) => Promise<unknown[]>) {
  const rows = await db('orders');
  return rows.map(toOrderApiInterface);
}

export const one = (id: string) => getOrderById(id);`,
    },
    // types exported by a models module and read only as types are no models (`db` is then only a name)
    {
      code: `import { getOrderById, OrderSummary, type OrderStatus } from '../models/OrderModel';

export async function summaries(db: (table: string) => Promise<OrderSummary[]>, status: OrderStatus) {
  const rows: OrderSummary[] = await db('orders');
  return rows.filter((row) => row.status === status);
}

export const one = (id: string) => getOrderById(id);`,
    },
    // Drizzle relational queries under db.query are not Prisma delegates
    {
      code: `import { db } from '~/server/db';

export const allUsers = async () => db.query.users.findMany({ limit: 10 });
export const everyone = async () => db.query.users.findMany();`,
    },
    // a test mock named prisma is a value we can see
    {
      code: `import { vi } from 'vitest';

const prisma = { user: { findMany: vi.fn(async () => []) } };

export const listUsers = () => prisma.user.findMany();`,
    },
    // a builder returned from a plain function is bounded by its caller
    {
      code: `import knex from 'knex';
import { Repository } from 'typeorm';
import { User } from './user.entity';

const db = knex({ client: 'pg' });

export function usersQuery() {
  return db('users').orderBy('id');
}

export function baseQuery(users: Repository<User>) {
  return users.createQueryBuilder('u').leftJoinAndSelect('u.roles', 'r');
}`,
    },
    // paginated Prisma loop with take and a cursor
    {
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function* allUsers() {
  let cursor: string | undefined;
  for (;;) {
    const page = await prisma.user.findMany({
      take: 500,
      orderBy: { id: 'asc' },
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (page.length === 0) return;
    yield* page;
    cursor = page.at(-1)?.id;
  }
}`,
    },
    // filtered Prisma query in the default mode, single-row lookups, counts
    {
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function ordersOf(userId: string) {
  return prisma.order.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } });
}
export const byId = (id: string) => prisma.user.findUnique({ where: { id } });
export const newest = () => prisma.user.findFirst({ orderBy: { createdAt: 'desc' } });
export const total = () => prisma.user.count();`,
    },
    // Prisma options the rule cannot read (a parameter, a spread) may carry take
    {
      code: `import { Prisma, PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const list = (args: Prisma.UserFindManyArgs) => prisma.user.findMany(args);
export const listPage = (page: { take: number; skip: number }) => prisma.user.findMany({ ...page, orderBy: { id: 'asc' } });`,
    },
    // Array.prototype.find in a Mongoose file is not a query
    {
      code: `import mongoose from 'mongoose';
import { featureFlags } from './flags';

export function flag(name: string) {
  return featureFlags.find((candidate) => candidate.name === name);
}

export function firstAdmin(users: { role: string }[]) {
  return users.find((user) => user.role === 'admin');
}

export const connected = () => mongoose.connection.readyState === 1;`,
    },
    // a find() on a value from the project without any ORM import in the file
    {
      code: `import { repository } from './repository';

export async function handler() {
  return repository.find();
}`,
    },
    // Drizzle relational queries are not Prisma delegates
    {
      code: `import { db } from './db';

export async function listUsers() {
  return db.query.users.findMany();
}`,
    },
    // Mongoose cursor, for await, limit, batchSize and filtered find
    {
      code: `import { Schema, model } from 'mongoose';

const Event = model('Event', new Schema({ at: Date }));

export async function exportEvents(write: (line: string) => void, ownerId: string) {
  for await (const event of Event.find().cursor()) write(JSON.stringify(event));
  for await (const event of Event.find()) write(JSON.stringify(event));
  const recent = await Event.find().sort({ at: -1 }).limit(100).lean();
  const batched = Event.find().batchSize(500);
  const mine = await Event.find({ owner: ownerId });
  await Event.find().eachAsync((event) => write(String(event)));
  return [recent, batched, mine];
}`,
    },
    // MongoDB cursors iterated or limited
    {
      code: `import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);
const events = client.db('app').collection('events');

export async function replay(handle: (doc: unknown) => Promise<void>, ownerId: string) {
  for await (const doc of events.find()) await handle(doc);
  const latest = await events.find({}, { limit: 50 }).toArray();
  const page = await events.find().sort({ _id: 1 }).limit(100).toArray();
  const mine = await events.find({ owner: ownerId }).toArray();
  events.find().stream().on('data', handle);
  return [latest, page, mine];
}`,
    },
    // TypeORM bounded and filtered forms
    {
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Order } from './order.entity';

@Injectable()
export class OrdersService {
  constructor(@InjectRepository(Order) private readonly orders: Repository<Order>) {}

  page(skip: number) {
    return this.orders.find({ take: 50, skip, order: { id: 'ASC' } });
  }

  forCustomer(customerId: string) {
    return this.orders.findBy({ customerId });
  }

  one(id: string) {
    return this.orders.findOneBy({ id });
  }

  async recent() {
    const qb = this.orders.createQueryBuilder('o');
    qb.orderBy('o.createdAt', 'DESC');
    qb.take(20);
    return qb.getMany();
  }

  async filtered(status?: string) {
    let qb = this.orders.createQueryBuilder('o');
    if (status) qb = qb.where('o.status = :status', { status });
    return qb.getMany();
  }

  count() {
    return this.orders.createQueryBuilder('o').getCount();
  }

  stream() {
    return this.orders.createQueryBuilder('o').stream();
  }
}`,
    },
    // a QueryBuilder handed to a helper may be bounded there
    {
      code: `import { Repository } from 'typeorm';
import { applyPagination } from './pagination';
import { Invoice } from './invoice.entity';

export async function list(invoices: Repository<Invoice>, page: number) {
  const qb = invoices.createQueryBuilder('i').orderBy('i.id');
  applyPagination(qb, page);
  return qb.getMany();
}`,
    },
    // Sequelize limit, where on a runtime value, findOne, count
    {
      code: `import { Model, Op } from 'sequelize';

class Payment extends Model {}

export async function report(customerId: number) {
  const page = await Payment.findAll({ limit: 100, order: [['id', 'ASC']] });
  const recent = await Payment.findAll({ where: { customerId, amount: { [Op.gt]: 0 } } });
  const one = await Payment.findOne();
  const total = await Payment.count();
  return [page, recent, one, total];
}`,
    },
    // knex where, limit, first, aggregate, stream, pluck, writes and escaped builders
    {
      code: `import knex from 'knex';
import { withFilters } from './filters';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function queries(id: number, after: number) {
  const one = await db('users').where({ id }).first();
  const page = await db('users').where('id', '>', after).orderBy('id').limit(100);
  const total = await db('users').count('id as n');
  const ids = await db('users').pluck('id');
  await db('audit').insert({ id });
  db('events').stream().pipe(process.stdout);
  const filtered = db('orders');
  withFilters(filtered);
  const rows = await filtered;
  const modified = await db('orders').modify((query) => query.where('open', true));
  const raw = await db.select(db.raw('1 as ok'));
  return [one, page, total, ids, rows, modified, raw];
}`,
    },
    // raw SQL with WHERE, LIMIT, TOP, FETCH FIRST, aggregates, catalog tables and interpolated clauses
    {
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function queries(id: number, where: string) {
  await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  await pool.query('SELECT * FROM users ORDER BY id LIMIT 100');
  await pool.query('SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT $2', [id, 500]);
  await pool.query('SELECT TOP 10 * FROM users');
  await pool.query('SELECT * FROM users ORDER BY id FETCH FIRST 10 ROWS ONLY');
  await pool.query('SELECT COUNT(*) AS n, MAX(created_at) AS last FROM users');
  await pool.query(\`SELECT * FROM users \${where}\`);
  await pool.query('SELECT * FROM information_schema.tables');
  await pool.query('INSERT INTO archive SELECT * FROM users');
  await pool.query('SELECT NOW()');
}`,
    },
    // streamed raw queries and lazy fragments
    {
      code: `import mysql from 'mysql';
import postgres from 'postgres';
import knex from 'knex';

const connection = mysql.createConnection({ host: 'db' });
const sql = postgres();
const db = knex({ client: 'pg' });

export async function exportAll(write: (row: unknown) => void) {
  connection.query('SELECT * FROM users').on('result', write);
  await sql\`select * from events\`.cursor(100, (rows) => rows.forEach(write));
  const inactive = db('users').whereIn('id', db.raw('SELECT id FROM banned'));
  return inactive.limit(10);
}`,
    },
    // better-sqlite3 iterate and get
    {
      code: `import Database from 'better-sqlite3';

const db = new Database('app.db');

export function exportRows(write: (row: unknown) => void) {
  for (const row of db.prepare('SELECT * FROM users').iterate()) write(row);
  return db.prepare('SELECT * FROM users WHERE id = ?').get(1);
}`,
    },
    // allowModels skips small lookup tables
    {
      code: `import { PrismaClient } from '@prisma/client';
import { Pool } from 'pg';

const prisma = new PrismaClient();
const pool = new Pool();

export async function lookups() {
  const countries = await prisma.country.findMany();
  const currencies = await pool.query('SELECT code FROM currencies');
  return { countries, currencies };
}`,
      options: [{"allowModels":["Country","currencies"]}],
    },
    // a CommonJS require of a project service without an ORM in the file
    {
      code: `const users = require('../services/users');

exports.list = async () => users.findAll();`,
      languageOptions: commonjs,
    },
  ],
  invalid: [
    // Mongoose legacy callbacks receive every row at once
    {
      code: `const express = require('express');
const mongoose = require('mongoose');

const router = express.Router();
const Post = mongoose.model('Post');

router.get('/posts', (req, res, next) => {
  Post.find({}, (err, posts) => (err ? next(err) : res.json(posts)));
});

router.get('/titles', (req, res, next) => {
  mongoose.model('Post').find({}, 'title', (err, posts) => (err ? next(err) : res.json(posts)));
});

router.get('/mine', (req, res, next) => {
  Post.find({ author: req.user.id }, (err, posts) => (err ? next(err) : res.json(posts)));
});

module.exports = router;`,
      languageOptions: commonjs,
      errors: [
        { messageId: 'unboundedQuery', line: 8, column: 3, endLine: 8, endColumn: 69 },
        { messageId: 'unboundedQuery', line: 12, column: 3, endLine: 12, endColumn: 96 },
      ],
    },
    // models imported from the project models directory (Mongoose and Sequelize conventions)
    {
      code: `import User from '../models/User';
import { Comment } from '../models';
import type { Request, Response } from 'express';

export async function listUsers(req: Request, res: Response) {
  const users = await User.find();
  res.json(users);
}

export async function search(req: Request, res: Response) {
  res.json(await User.find({ name: String(req.query.q) }));
}

export const comments = async () => Comment.findAll({ order: [['createdAt', 'DESC']] });
export const pick = (users: { id: number }[]) => users.find((user) => user.id === 1);

export async function feed() {
  return User.find({}).sort({ createdAt: -1 }).lean();
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 6, column: 23, endLine: 6, endColumn: 34 },
        { messageId: 'unboundedQuery', line: 14, column: 37, endLine: 14, endColumn: 88 },
        { messageId: 'unboundedQuery', line: 18, column: 10, endLine: 18, endColumn: 54 },
      ],
    },
    // a PascalCase model from the models directory is ORM evidence, so a knex instance named db is followed
    {
      code: `import { Order } from '../models/OrderModel';

export async function listOrders(db: (table: string) => Promise<unknown[]>) {
  const rows = await db('orders');
  return rows.map((row) => new Order(row));
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 4, column: 22, endLine: 4, endColumn: 34 },
      ],
    },
    // a models-directory binding read as a value once (here in \`typeof\`) is ORM evidence for the whole file
    {
      code: `import { Order, OrderSummary } from '../models/OrderModel';

type OrderModel = typeof Order;

export async function summaries(db: (table: string) => Promise<OrderSummary[]>, model: OrderModel) {
  const rows = await db('orders');
  return { rows, model };
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 6, column: 22, endLine: 6, endColumn: 34 },
      ],
    },
    // the sequelize-cli models map
    {
      code: `const db = require('../models');

exports.index = async (req, res) => {
  const orders = await db.Order.findAll({ include: [db.Customer] });
  res.render('orders', { orders });
};`,
      languageOptions: commonjs,
      errors: [
        { messageId: 'unboundedQuery', line: 4, column: 24, endLine: 4, endColumn: 68 },
      ],
    },
    // Prisma clients named db (Redwood, Blitz, create-t3-app)
    {
      code: `import { db } from 'src/lib/db';

export const posts = () => db.post.findMany({ orderBy: { createdAt: 'desc' } });

export const postRouter = {
  all: async ({ ctx }: { ctx: { db: typeof db } }) => ctx.db.post.findMany(),
  mine: async ({ ctx }: { ctx: { db: typeof db; userId: string } }) => ctx.db.post.findMany({ where: { authorId: ctx.userId } }),
};`,
      errors: [
        { messageId: 'unboundedQuery', line: 3, column: 28, endLine: 3, endColumn: 80 },
        { messageId: 'unboundedQuery', line: 6, column: 55, endLine: 6, endColumn: 77 },
      ],
    },
    // Promise.all runs every query it is given
    {
      code: `import { Schema, model } from 'mongoose';
import knex from 'knex';

const Product = model('Product', new Schema({ name: String }));
const db = knex({ client: 'pg' });

export async function snapshot() {
  const [products, orders, latest] = await Promise.all([Product.find(), db('orders'), Product.find().limit(10)]);
  return { products, orders, latest };
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 8, column: 57, endLine: 8, endColumn: 71 },
        { messageId: 'unboundedQuery', line: 8, column: 73, endLine: 8, endColumn: 85 },
      ],
    },
    // the deprecated checkFiltered alias: a constant filter is reported, equality on a runtime value is not
    {
      code: `import { Repository } from 'typeorm';
import knex from 'knex';
import { Schema, model } from 'mongoose';
import { Order } from './order.entity';

const db = knex({ client: 'pg' });
const Session = model('Session', new Schema({ userId: String }));

export async function openOrders(orders: Repository<Order>, userId: string) {
  const a = await orders.createQueryBuilder('o').where('o.status = :status', { status: 'open' }).getMany();
  const b = await db('orders').where({ user_id: userId });
  const c = await Session.find({ userId });
  const d = await db('orders').where({ user_id: userId }).limit(50);
  return [a, b, c, d];
}`,
      options: [{"checkFiltered":true}],
      errors: [
        { messageId: 'unboundedQuery', line: 10, column: 19, endLine: 10, endColumn: 107 },
      ],
    },
    // allowModels only skips the listed models
    {
      code: `import { Repository } from 'typeorm';
import { InjectRepository } from '@nestjs/typeorm';
import { Country } from './country.entity';
import { City } from './city.entity';

export class GeoService {
  constructor(
    @InjectRepository(Country) private readonly countries: Repository<Country>,
    @InjectRepository(City) private readonly cities: Repository<City>,
  ) {}

  async all() {
    return { countries: await this.countries.find(), cities: await this.cities.find() };
  }
}`,
      options: [{ allowModels: ['Country'], checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 13, column: 68, endLine: 13, endColumn: 86 },
      ],
    },
    // Prisma findMany with neither take nor where
    {
      code: `import { PrismaClient } from '@prisma/client';
import { Worker } from 'bullmq';

const prisma = new PrismaClient();

export const exportWorker = new Worker('export-users', async () => {
  const users = await prisma.user.findMany({ select: { id: true, email: true } });
  return users.map((user) => \`\${user.id},\${user.email}\`).join('\\n');
});`,
      errors: [
        { messageId: 'unboundedQuery', line: 7, column: 23, endLine: 7, endColumn: 82 },
      ],
    },
    // Prisma 6+ generates the client into the project; the generated module is Prisma's own
    {
      code: `import { PrismaClient } from '../generated/prisma/client';
import { Worker } from 'bullmq';

const client = new PrismaClient();

export const digestWorker = new Worker('weekly-digest', async () => {
  const subscribers = await client.subscriber.findMany({ where: { unsubscribedAt: null } });
  for (const subscriber of subscribers) await sendDigest(subscriber.email);
});

declare function sendDigest(email: string): Promise<void>;`,
      errors: [
        { messageId: 'unboundedQuery', line: 7, column: 29, endLine: 7, endColumn: 92 },
      ],
    },
    // Prisma where: {} and where: undefined filter nothing
    {
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function all() {
  const a = await prisma.post.findMany({ where: {}, orderBy: { id: 'asc' } });
  const b = await prisma.post.findMany({ where: undefined, include: { author: true } });
  return [a, b];
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 6, column: 19, endLine: 6, endColumn: 78 },
        { messageId: 'unboundedQuery', line: 7, column: 19, endLine: 7, endColumn: 88 },
      ],
    },
    // Prisma client imported from the project, named by convention
    {
      code: `import { prisma } from '../lib/prisma';

export async function GET() {
  const posts = await prisma.post.findMany({ orderBy: { createdAt: 'desc' } });
  return Response.json(posts);
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 4, column: 23, endLine: 4, endColumn: 79 },
      ],
    },
    // Prisma client from the project in a file that imports @prisma/client types
    {
      code: `import type { Post } from '@prisma/client';
import { store } from '~/server/store';

export const allPosts = (): Promise<Post[]> => store.post.findMany();`,
      errors: [
        { messageId: 'unboundedQuery', line: 4, column: 48, endLine: 4, endColumn: 69 },
      ],
    },
    // NestJS PrismaService and an interactive transaction
    {
      code: `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class ReportsService {
  constructor(private readonly prisma: PrismaService) {}

  findAll() {
    return this.prisma.report.findMany();
  }

  async rebuild() {
    await this.prisma.$transaction(async (tx) => {
      const rows = await tx.reportRow.findMany();
      await tx.report.create({ data: { rows: rows.length } });
    });
  }
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 9, column: 12, endLine: 9, endColumn: 41 },
        { messageId: 'unboundedQuery', line: 14, column: 26, endLine: 14, endColumn: 49 },
      ],
    },
    // Prisma $queryRaw with a SELECT of a whole table
    {
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const emails = () => prisma.$queryRaw<{ email: string }[]>\`SELECT email FROM "User"\`;`,
      errors: [
        { messageId: 'unboundedQuery', line: 5, column: 29, endLine: 5, endColumn: 92 },
      ],
    },
    // TypeORM repository find, findAndCount and findBy({})
    {
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findAll() {
    return this.users.find({ order: { id: 'ASC' } });
  }

  findAndCount() {
    return this.users.findAndCount();
  }

  everyone() {
    return this.users.findBy({});
  }
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 11, column: 12, endLine: 11, endColumn: 53 },
        { messageId: 'unboundedQuery', line: 15, column: 12, endLine: 15, endColumn: 37 },
        { messageId: 'unboundedQuery', line: 19, column: 12, endLine: 19, endColumn: 33 },
      ],
    },
    // TypeORM DataSource, EntityManager and an active-record entity
    {
      code: `import { BaseEntity, DataSource, Entity } from 'typeorm';
import { Order } from './order.entity';

export const dataSource = new DataSource({ type: 'postgres' });

@Entity()
export class Tag extends BaseEntity {}

export async function load() {
  const orders = await dataSource.getRepository(Order).find();
  const again = await dataSource.manager.find(Order, { relations: { items: true } });
  const tags = await Tag.find();
  return [orders, again, tags];
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 10, column: 24, endLine: 10, endColumn: 62 },
        { messageId: 'unboundedQuery', line: 11, column: 23, endLine: 11, endColumn: 85 },
        { messageId: 'unboundedQuery', line: 12, column: 22, endLine: 12, endColumn: 32 },
      ],
    },
    // TypeORM QueryBuilder followed through a variable across statements
    {
      code: `import { Repository } from 'typeorm';
import { AppDataSource } from './data-source';
import { Order } from './order.entity';

export async function exportOrders(orders: Repository<Order>) {
  const qb = orders.createQueryBuilder('o');
  qb.leftJoinAndSelect('o.items', 'item');
  qb.orderBy('o.createdAt', 'DESC');
  const rows = await qb.getMany();
  const raw = await AppDataSource.createQueryBuilder()
    .select('o.id')
    .from(Order, 'o')
    .getRawMany();
  return [rows, raw];
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 9, column: 22, endLine: 9, endColumn: 34 },
        { messageId: 'unboundedQuery', line: 10, column: 21, endLine: 13, endColumn: 18 },
      ],
    },
    // Sequelize model class, define() and a model imported from the project
    {
      code: `import { DataTypes, Model, Sequelize } from 'sequelize';
import { Invoice } from '../models/invoice';

const sequelize = new Sequelize(process.env.DATABASE_URL!);

class Customer extends Model {}
const Task = sequelize.define('Task', { title: DataTypes.STRING });

export async function dashboard() {
  const customers = await Customer.findAll({ include: [Task] });
  const { rows } = await Task.findAndCountAll();
  const invoices = await Invoice.findAll({ order: [['id', 'DESC']] });
  return { customers, rows, invoices };
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 10, column: 27, endLine: 10, endColumn: 64 },
        { messageId: 'unboundedQuery', line: 11, column: 26, endLine: 11, endColumn: 48 },
        { messageId: 'unboundedQuery', line: 12, column: 26, endLine: 12, endColumn: 70 },
      ],
    },
    // Mongoose find awaited, exec()ed, lean()ed and returned from an async function
    {
      code: `import mongoose, { Schema } from 'mongoose';

const Product = mongoose.model('Product', new Schema({ name: String }));

export async function catalog() {
  const a = await Product.find();
  const b = await Product.find({}).sort({ name: 1 }).lean();
  const c = await Product.find().exec();
  return [a, b, c];
}

export async function all() {
  return Product.find({}, 'name');
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 6, column: 19, endLine: 6, endColumn: 33 },
        { messageId: 'unboundedQuery', line: 7, column: 19, endLine: 7, endColumn: 60 },
        { messageId: 'unboundedQuery', line: 8, column: 19, endLine: 8, endColumn: 40 },
        { messageId: 'unboundedQuery', line: 13, column: 10, endLine: 13, endColumn: 34 },
      ],
    },
    // NestJS Mongoose model
    {
      code: `import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Cat, CatDocument } from './cat.schema';

@Injectable()
export class CatsService {
  constructor(@InjectModel(Cat.name) private readonly catModel: Model<CatDocument>) {}

  async findAll(): Promise<Cat[]> {
    return this.catModel.find().exec();
  }
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 11, column: 12, endLine: 11, endColumn: 39 },
      ],
    },
    // MongoDB toArray on an unbounded cursor, directly and through a variable
    {
      code: `import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);

export async function exportAll() {
  const db = client.db('shop');
  const orders = await db.collection('orders').find({}).sort({ _id: 1 }).toArray();
  const cursor = db.collection('customers').find();
  const customers = await cursor.toArray();
  return { orders, customers };
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 7, column: 24, endLine: 7, endColumn: 83 },
        { messageId: 'unboundedQuery', line: 9, column: 27, endLine: 9, endColumn: 43 },
      ],
    },
    // knex awaited builders with no where and no limit
    {
      code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function exportUsers() {
  const users = await db('users');
  const orders = await db.select('id', 'total').from('orders');
  const query = db('events');
  query.orderBy('created_at');
  const events = await query;
  return { users, orders, events };
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 6, column: 23, endLine: 6, endColumn: 34 },
        { messageId: 'unboundedQuery', line: 7, column: 24, endLine: 7, endColumn: 63 },
        { messageId: 'unboundedQuery', line: 10, column: 24, endLine: 10, endColumn: 29 },
      ],
    },
    // a function first is an array method (`orders.find(fn)`, Mongoose's legacy `Order.find(cb)`), except a builder's `then(fn)`, which runs it
    {
      code: `import knex from 'knex';
import { Order } from '../models/Order';

const db = knex({ client: 'pg' });

export function exportOrders(send: (rows: unknown[]) => void) {
  return db('orders').then((rows) => send(rows));
}

export const pick = (orders: { id: number }[]) => orders.find((order) => order.id === 1);
export const legacy = () => Order.find((error: Error, docs: unknown[]) => docs);`,
      errors: [
        { messageId: 'unboundedQuery', line: 7, column: 10, endLine: 7, endColumn: 49 },
      ],
    },
    // knex typed parameter and transaction
    {
      code: `import type { Knex } from 'knex';

export async function archive(db: Knex) {
  await db.transaction(async (trx) => {
    const rows = await trx('sessions').select('*');
    await trx('archive').insert(rows);
  });
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 5, column: 24, endLine: 5, endColumn: 51 },
      ],
    },
    // raw SQL through pg, a pool from the project, mysql2 and grouped aggregates
    {
      code: `import { Pool } from 'pg';
import mysql from 'mysql2/promise';
import { pool as shared } from './db';

const pool = new Pool();
const conn = await mysql.createConnection({ host: 'db' });
const ALL_USERS = 'SELECT id, email FROM users ORDER BY id';

export async function exportAll() {
  const { rows } = await pool.query(ALL_USERS);
  const audit = await shared.query(\`SELECT * FROM "public"."audit_log"\`);
  const [orders] = await conn.execute('SELECT * FROM orders');
  const byCustomer = await pool.query('SELECT customer_id, SUM(total) FROM orders GROUP BY customer_id');
  return { rows, audit, orders, byCustomer };
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 10, column: 26, endLine: 10, endColumn: 47 },
        { messageId: 'unboundedQuery', line: 11, column: 23, endLine: 11, endColumn: 73 },
        { messageId: 'unboundedQuery', line: 12, column: 26, endLine: 12, endColumn: 62 },
        { messageId: 'unboundedQuery', line: 13, column: 28, endLine: 13, endColumn: 105 },
      ],
    },
    // postgres.js tag and better-sqlite3 all()
    {
      code: `import postgres from 'postgres';
import Database from 'better-sqlite3';

const sql = postgres(process.env.DATABASE_URL!);
const sqlite = new Database('cache.db');
const allEntries = sqlite.prepare('SELECT key, value FROM entries');

export async function warmUp() {
  const users = await sql\`select * from users\`;
  const entries = allEntries.all();
  return { users, entries };
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 9, column: 23, endLine: 9, endColumn: 47 },
        { messageId: 'unboundedQuery', line: 10, column: 19, endLine: 10, endColumn: 35 },
      ],
    },
    // filtered queries: only the constant-only filter is unbounded
    {
      code: `import { PrismaClient } from '@prisma/client';
import { Pool } from 'pg';

const prisma = new PrismaClient();
const pool = new Pool();

export async function ordersOf(userId: string) {
  const orders = await prisma.order.findMany({ where: { userId } });
  const items = await pool.query('SELECT * FROM items WHERE user_id = $1', [userId]);
  const page = await prisma.order.findMany({ where: { userId }, take: 20 });
  const qb = await prisma.order.findMany({ where: { status: 'open' } });
  return [orders, items, page, qb];
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 11, column: 20, endLine: 11, endColumn: 72 },
      ],
    },
    // instances option: a client exported by the project
    {
      code: `import { client } from '~/server/database';
import { User } from '../entities';

export async function everything() {
  const posts = await client.post.findMany();
  const users = await User.findAll();
  return { posts, users };
}`,
      options: [{"instances":[{"library":"prisma","module":"server/database","exports":["client"]},{"library":"sequelize","module":"entities"}]}],
      errors: [
        { messageId: 'unboundedQuery', line: 5, column: 23, endLine: 5, endColumn: 45 },
        { messageId: 'unboundedQuery', line: 6, column: 23, endLine: 6, endColumn: 37 },
      ],
    },
    // CommonJS: sequelize model and knex instance
    {
      code: `const { Model } = require('sequelize');
const db = require('knex')({ client: 'pg' });

class Account extends Model {}

exports.list = async (req, res) => {
  res.json(await Account.findAll());
};

exports.ids = async () => {
  const rows = await db('accounts').select('id');
  return rows;
};`,
      languageOptions: commonjs,
      errors: [
        { messageId: 'unboundedQuery', line: 7, column: 18, endLine: 7, endColumn: 35 },
        { messageId: 'unboundedQuery', line: 11, column: 22, endLine: 11, endColumn: 49 },
      ],
    },
  ],
});

// v2: how selective a filter is (issue 18)
ruleTester.run('no-unbounded-query: selectivity', rule, {
  valid: [
    // Prisma: equality on a runtime value at any depth (relation filter, AND, IN list, a constant id)
    {
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function documentsOf(workspaceId: string, ids: string[], userId: string) {
  const byParent = await prisma.comment.findMany({ where: { document: { workspace: { id: workspaceId } } } });
  const byIds = await prisma.comment.findMany({ where: { id: { in: ids }, deletedAt: null } });
  const mine = await prisma.comment.findMany({ where: { AND: [{ archived: false }, { authorId: userId }] } });
  const demo = await prisma.order.findMany({ where: { tags: { some: { id: DEMO_TAG_ID } } } });
  const globalTags = await prisma.tag.findMany({ where: { userId: null } });
  const currencies = await prisma.account.findMany({ distinct: ['currency'], select: { currency: true } });
  return [byParent, byIds, mine, demo, globalTags, currencies];
}

const DEMO_TAG_ID = 'demo';`,
    },
    // configuration tables by name, and a table kept as a whole-table cache
    {
      code: `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class SettingsService {
  private cachedProperties?: Promise<unknown[]>;

  constructor(private readonly prismaService: PrismaService) {}

  settings() {
    return this.prismaService.systemSetting.findMany();
  }

  flags() {
    return this.prismaService.featureFlag.findMany({ where: { enabled: true } });
  }

  properties() {
    this.cachedProperties ??= this.prismaService.property.findMany();
    return this.cachedProperties;
  }
}`,
    },
    // TypeORM find options and QueryBuilder: equality, In(), named and list parameters, inner join on a pinned row
    {
      code: `import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Member } from './member.entity';
import { Order } from './order.entity';

export class MembersService {
  constructor(
    @InjectRepository(Member) private readonly members: Repository<Member>,
    @InjectRepository(Order) private readonly orderRepository: Repository<Order>,
  ) {}

  byIds(ids: string[]) {
    return this.members.find({ where: { id: In(ids) } });
  }

  ordersOfLines(lineIds: string[]) {
    return this.orderRepository
      .createQueryBuilder('order')
      .where('line.id IN (:...lineIds)', { lineIds })
      .getMany();
  }

  ordersOfCustomer(customerId: string) {
    return this.orderRepository
      .createQueryBuilder('order')
      .innerJoin('order.customer', 'customer', 'customer.id = :customerId', { customerId })
      .getMany();
  }

  ordersWithUser(userId: string) {
    return this.orderRepository.find({ where: [{ buyerId: userId }, { sellerId: userId }] });
  }
}`,
    },
    // Sequelize: include.where on a parent row, Op.in on a list
    {
      code: `import { Model, Op } from 'sequelize';

class Invoice extends Model {}
class Customer extends Model {}

export async function invoicesOf(customerId: number, ids: number[]) {
  const ofCustomer = await Invoice.findAll({ include: [{ model: Customer, where: { id: customerId } }] });
  const listed = await Invoice.findAll({ where: { id: { [Op.in]: ids } } });
  return [ofCustomer, listed];
}`,
    },
    // knex on an injected client: where with a value, whereIn, a CTE over unnest(:ids)
    {
      code: `import { Injectable } from '@nestjs/common';
import { InjectConnection } from 'nest-knexjs';
import type { Knex } from 'knex';

@Injectable()
export class NotesRepository {
  constructor(@InjectConnection() private readonly db: Knex) {}

  byNote(noteId: string) {
    return this.db('revisions').where('note_id', noteId);
  }

  byIds(ids: string[]) {
    return this.db('revisions').whereIn('id', ids);
  }

  async withUsers(ids: number[]) {
    return this.db.raw('WITH wanted AS (SELECT unnest(:ids::int[]) AS id) SELECT * FROM wanted JOIN users u ON u.id = wanted.id', { ids });
  }
}`,
    },
    // raw SQL: equality parameters, ANY($1), a recursive CTE anchored on a parameter, DISTINCT on one column
    {
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function lookups(key: string, keys: string[], rootId: number) {
  await pool.query('SELECT * FROM legacy_hash WHERE _key = $1 AND type = \\'hash\\'', [key]);
  await pool.query('SELECT * FROM legacy_hash WHERE _key = ANY($1::TEXT[])', [keys]);
  await pool.query(\`WITH RECURSIVE tree AS (
    SELECT id, parent_id FROM folders WHERE id = $1
    UNION ALL
    SELECT f.id, f.parent_id FROM folders f JOIN tree t ON f.parent_id = t.id
  ) SELECT * FROM tree\`, [rootId]);
  await pool.query('SELECT DISTINCT monitor_id FROM heartbeat');
}`,
    },
    // Mongoose and MongoDB: equality on a runtime value, $in a list
    {
      code: `import { Schema, model } from 'mongoose';
import { MongoClient } from 'mongodb';

const Session = model('Session', new Schema({ userId: String }));
const client = new MongoClient(process.env.MONGO_URL!);

export async function sessions(userId: string, ids: string[]) {
  const mine = await Session.find({ userId, revoked: false });
  const listed = await Session.find({ _id: { $in: ids } }).lean();
  const docs = await client.db('app').collection('docs').find({ ownerId: userId }).toArray();
  return [mine, listed, docs];
}`,
    },
    // a tenant's admins, not its population; an owner's single row in an append-only table
    {
      code: `import { PrismaClient, Role } from '@prisma/client';

const prisma = new PrismaClient();

export async function admins(orgId: string, eventId: string) {
  const owners = await prisma.organizationMembership.findMany({ where: { orgId, role: { in: [Role.OWNER, Role.ADMIN] } } });
  const event = await prisma.auditEvent.findMany({ where: { id: eventId } });
  return [owners, event];
}`,
    },
  ],
  invalid: [
    // Prisma: constant-only, existence, negation and range filters
    {
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function nightly(since: Date) {
  const active = await prisma.project.findMany({ where: { deletedAt: null } });
  const withSecret = await prisma.integration.findMany({ where: { secret: { not: null } } });
  const unpaid = await prisma.invoice.findMany({ where: { status: { not: 'PAID' } } });
  const recent = await prisma.order.findMany({ where: { createdAt: { gte: since } } });
  return [active, withSecret, unpaid, recent];
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 6, column: 24, endLine: 6, endColumn: 79, suggestions: [] },
        { messageId: 'unboundedQuery', line: 7, column: 28, endLine: 7, endColumn: 93, suggestions: [] },
        { messageId: 'unboundedQuery', line: 8, column: 24, endLine: 8, endColumn: 87, suggestions: [] },
        { messageId: 'unboundedQuery', line: 9, column: 24, endLine: 9, endColumn: 87, suggestions: [] },
      ],
    },
    // an owner over an append-only table, a tenant over a population, offset without a limit
    {
      code: `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class ActivityService {
  constructor(private readonly prisma: PrismaService) {}

  history(userId: string) {
    return this.prisma.auditLogEntry.findMany({ where: { userId } });
  }

  members(workspaceId: string) {
    return this.prisma.workspaceMember.findMany({ where: { workspaceId } });
  }

  page(skip: number) {
    return this.prisma.post.findMany({ skip, orderBy: { id: 'asc' } });
  }
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 9, column: 12, endLine: 9, endColumn: 69, suggestions: [] },
        { messageId: 'unboundedQuery', line: 13, column: 12, endLine: 13, endColumn: 76, suggestions: [] },
        { messageId: 'brokenPagination', line: 17, column: 12, endLine: 17, endColumn: 71, suggestions: [] },
      ],
    },
    // a backfill that awaits per row, with the per-row message
    {
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function backfillAnchors() {
  const organizations = await prisma.organization.findMany({ where: { billingAnchor: null } });
  for (const organization of organizations) {
    await prisma.organization.update({ where: { id: organization.id }, data: { billingAnchor: new Date() } });
  }
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 6, column: 31, endLine: 6, endColumn: 95, suggestions: [] },
      ],
    },
    // TypeORM: find options with constants and ranges, a repository by its name, a project connection wrapper
    {
      code: `import { LessThan, Not, IsNull } from 'typeorm';
import { TransactionalConnection } from '../connection/transactional-connection';
import { Session } from './session.entity';
import { ShippingMethod } from './shipping-method.entity';

export class CleanupService {
  constructor(
    private readonly sessionRepository: { find(options?: object): Promise<Session[]> },
    private readonly connection: TransactionalConnection,
  ) {}

  expired(now: Date) {
    return this.sessionRepository.find({ where: { expiresAt: LessThan(now) } });
  }

  shippingMethods() {
    return this.connection.getRepository(ShippingMethod).find({ where: { deletedAt: IsNull(), code: Not('legacy') } });
  }
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 13, column: 12, endLine: 13, endColumn: 80, suggestions: [] },
        { messageId: 'unboundedQuery', line: 17, column: 12, endLine: 17, endColumn: 119, suggestions: [] },
      ],
    },
    // TypeORM QueryBuilder: a named parameter bound to a constant, a range, orWhere that widens an equality
    {
      code: `import { Repository } from 'typeorm';
import { Order } from './order.entity';

export async function exports(orders: Repository<Order>, userId: string, since: Date) {
  const open = await orders.createQueryBuilder('o').where('o.status = :status', { status: 'open' }).getMany();
  const recent = await orders.createQueryBuilder('o').where('o.createdAt > :since', { since }).getMany();
  const widened = await orders.createQueryBuilder('o').where('o.userId = :userId', { userId }).orWhere('o.public = true').getMany();
  return [open, recent, widened];
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 5, column: 22, endLine: 5, endColumn: 110, suggestions: [] },
        { messageId: 'unboundedQuery', line: 6, column: 24, endLine: 6, endColumn: 105, suggestions: [] },
        { messageId: 'unboundedQuery', line: 7, column: 25, endLine: 7, endColumn: 132, suggestions: [] },
      ],
    },
    // Sequelize and Mongoose: Op ranges, $ne, $exists, $regex
    {
      code: `import { Model, Op } from 'sequelize';
import { Schema, model } from 'mongoose';

class Payment extends Model {}
const User = model('User', new Schema({ email: String }));

export async function reports(since: Date, q: string) {
  const recent = await Payment.findAll({ where: { createdAt: { [Op.gte]: since } } });
  const notArchived = await User.find({ archived: { $ne: true } });
  const withEmail = await User.find({ email: { $exists: true } }).lean();
  const search = await User.find({ name: { $regex: q } });
  return [recent, notArchived, withEmail, search];
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 8, column: 24, endLine: 8, endColumn: 86, suggestions: [] },
        { messageId: 'unboundedQuery', line: 9, column: 29, endLine: 9, endColumn: 67, suggestions: [] },
        { messageId: 'unboundedQuery', line: 10, column: 27, endLine: 10, endColumn: 73, suggestions: [] },
        { messageId: 'unboundedQuery', line: 11, column: 24, endLine: 11, endColumn: 58, suggestions: [] },
      ],
    },
    // knex on a receiver named like knex: constant, range, whereNotNull, offset without a limit
    {
      code: `import type { Knex } from 'knex';

export class ExportJob {
  constructor(private readonly knex: Knex) {}

  async run(since: Date) {
    const active = await this.knex('users').where('active', true);
    const recent = await this.knex('events').where('created_at', '>', since);
    const verified = await this.knex('users').whereNotNull('verified_at');
    const rest = await this.knex('users').orderBy('id').offset(1000);
    return [active, recent, verified, rest];
  }
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 7, column: 26, endLine: 7, endColumn: 66, suggestions: [] },
        { messageId: 'unboundedQuery', line: 8, column: 26, endLine: 8, endColumn: 77, suggestions: [] },
        { messageId: 'unboundedQuery', line: 9, column: 28, endLine: 9, endColumn: 74, suggestions: [] },
        { messageId: 'brokenPagination', line: 10, column: 24, endLine: 10, endColumn: 69, suggestions: [] },
      ],
    },
    // raw SQL: constants, ranges, IS NOT NULL, negation, owner-only over an append-only table, OFFSET
    {
      code: `import { Pool } from 'pg';
import mysql from 'mysql2/promise';

const pool = new Pool();
const conn = await mysql.createConnection({ host: 'db' });

export async function jobs(monitorId: number, since: Date) {
  await pool.query("SELECT * FROM users WHERE status = 'active'");
  await pool.query('SELECT * FROM orders WHERE created_at > $1', [since]);
  await pool.query('SELECT * FROM users WHERE email IS NOT NULL');
  await conn.query('SELECT * FROM users WHERE role <> ?', ['guest']);
  await conn.query('SELECT * FROM heartbeat WHERE monitor_id = ? AND time > ?', [monitorId, since]);
  await pool.query('SELECT * FROM posts ORDER BY id OFFSET 100');
}`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      errors: [
        { messageId: 'unboundedQuery', line: 8, column: 9, endLine: 8, endColumn: 66, suggestions: [] },
        { messageId: 'unboundedQuery', line: 9, column: 9, endLine: 9, endColumn: 74, suggestions: [] },
        { messageId: 'unboundedQuery', line: 10, column: 9, endLine: 10, endColumn: 66, suggestions: [] },
        { messageId: 'unboundedQuery', line: 11, column: 9, endLine: 11, endColumn: 69, suggestions: [] },
        { messageId: 'unboundedQuery', line: 12, column: 9, endLine: 12, endColumn: 100, suggestions: [] },
        { messageId: 'brokenPagination', line: 13, column: 9, endLine: 13, endColumn: 65, suggestions: [] },
      ],
    },
    // a CTE resolved to its table: a range in the CTE body
    {
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const stale = (cutoff: Date) => prisma.$queryRaw\`WITH old AS (SELECT * FROM sessions WHERE updated_at < \${cutoff}) SELECT * FROM old\`;`,
      errors: [
        { messageId: 'unboundedQuery', line: 5, column: 40, endLine: 5, endColumn: 141, suggestions: [] },
      ],
    },
    // suggestion: Mongoose cursor when the array only feeds a for…of
    {
      code: `import { Schema, model } from 'mongoose';

const User = model('User', new Schema({ email: String, active: Boolean }));

export async function exportUsers(write: (line: string) => Promise<void>) {
  const users = await User.find({ active: true }).lean();
  for (const user of users) {
    await write(user.email ?? '');
  }
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 6, column: 23, endLine: 6, endColumn: 57, suggestions: [{ messageId: 'useStream', output: `import { Schema, model } from 'mongoose';

const User = model('User', new Schema({ email: String, active: Boolean }));

export async function exportUsers(write: (line: string) => Promise<void>) {
  const users = User.find({ active: true }).lean().cursor();
  for await (const user of users) {
    await write(user.email ?? '');
  }
}` }] },
      ],
    },
    // suggestion: knex stream and TypeORM raw stream; no suggestion when the array is used again
    {
      code: `import knex from 'knex';
import { Repository } from 'typeorm';
import { Order } from './order.entity';

const db = knex({ client: 'pg' });

export async function exportAll(orders: Repository<Order>, write: (row: unknown) => Promise<void>) {
  const users = await db('users').select('id', 'email');
  for (const user of users) await write(user);
  const rows = await orders.createQueryBuilder('o').select('o.id').getRawMany();
  for (const row of rows) await write(row);
  const events = await db('events');
  for (const event of events) await write(event);
  return events.length;
}`,
      errors: [
        { messageId: 'unboundedQuery', line: 8, column: 23, endLine: 8, endColumn: 56, suggestions: [{ messageId: 'useStream', output: `import knex from 'knex';
import { Repository } from 'typeorm';
import { Order } from './order.entity';

const db = knex({ client: 'pg' });

export async function exportAll(orders: Repository<Order>, write: (row: unknown) => Promise<void>) {
  const users = db('users').select('id', 'email').stream();
  for await (const user of users) await write(user);
  const rows = await orders.createQueryBuilder('o').select('o.id').getRawMany();
  for (const row of rows) await write(row);
  const events = await db('events');
  for (const event of events) await write(event);
  return events.length;
}` }] },
        { messageId: 'unboundedQuery', line: 10, column: 22, endLine: 10, endColumn: 80, suggestions: [{ messageId: 'useStream', output: `import knex from 'knex';
import { Repository } from 'typeorm';
import { Order } from './order.entity';

const db = knex({ client: 'pg' });

export async function exportAll(orders: Repository<Order>, write: (row: unknown) => Promise<void>) {
  const users = await db('users').select('id', 'email');
  for (const user of users) await write(user);
  const rows = await orders.createQueryBuilder('o').select('o.id').stream();
  for await (const row of rows) await write(row);
  const events = await db('events');
  for (const event of events) await write(event);
  return events.length;
}` }] },
        { messageId: 'unboundedQuery', line: 12, column: 24, endLine: 12, endColumn: 36, suggestions: [] },
      ],
    },
    // redbean-node: the WHERE clause as SQL text, and R.getAll
    {
      code: `const { R } = require('redbean-node');

async function heartbeats(monitorId) {
  const beats = await R.find('heartbeat', ' monitor_id = ? ORDER BY time DESC ', [monitorId]);
  const active = await R.find('monitor', ' active = 1 ');
  const all = await R.getAll('SELECT * FROM heartbeat WHERE time > ?', [Date.now() - 86400000]);
  return [beats, active, all];
}

module.exports = { heartbeats };`,
      // No sign the table is big (an ordinary name, outside job code): reported under checkAnyTable (strict).
      options: [{ checkAnyTable: true }],
      languageOptions: commonjs,
      errors: [
        { messageId: 'unboundedQuery', line: 4, column: 23, endLine: 4, endColumn: 94, suggestions: [] },
        { messageId: 'unboundedQuery', line: 5, column: 24, endLine: 5, endColumn: 57, suggestions: [] },
        { messageId: 'unboundedQuery', line: 6, column: 21, endLine: 6, endColumn: 96, suggestions: [] },
      ],
    },
    // checkOpaqueFilters (strict): a filter the rule cannot read
    {
      code: `import { Prisma, PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function search(where: Prisma.UserWhereInput) {
  return prisma.user.findMany({ where });
}`,
      options: [{"checkOpaqueFilters": true}],
      errors: [
        { messageId: 'opaqueFilter', line: 6, column: 10, endLine: 6, endColumn: 41, suggestions: [] },
      ],
    },
  ],
});

describe('no-unbounded-query options', () => {
  function lint(options: unknown): Linter.LintMessage[] {
    const linter = new Linter({ configType: 'flat' });
    return linter.verify(
      `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const all = () => prisma.user.findMany();`,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: { parseForESLint } },
          plugins: { leaks: { rules: { 'no-unbounded-query': rule as never } } },
          rules: { 'leaks/no-unbounded-query': ['warn', options] },
        },
      ],
      'src/users.ts',
    );
  }

  it('rejects unknown options and malformed catalog entries', () => {
    expect(() => lint({ checkFilters: true })).toThrow(/should NOT have additional properties/u);
    expect(() => lint({ allowModels: 'Country' })).toThrow(/should be array/u);
    expect(() => lint({ instances: [{ library: 'prisma' }] })).toThrow(/should match some schema in anyOf/u);
    // A role of another library: Prisma has no repositories.
    expect(() => lint({ instances: [{ library: 'prisma', module: 'lib/db', role: 'repository' }] })).toThrow(
      /should match some schema in anyOf/u,
    );
  });

  it('accepts a valid configuration', () => {
    const messages = lint({ checkFiltered: true, allowModels: ['User'], instances: [{ library: 'typeorm', module: 'data-source', role: 'dataSource' }] });
    expect(messages).toEqual([]);
  });
});

describe('classifySql', () => {
  it.each([
    ['SELECT * FROM users', 'unbounded', 'users'],
    ['select id, email from "public"."users" order by id', 'unbounded', 'users'],
    ['SELECT * FROM users WHERE id = $1', 'filtered', 'users'],
    ['SELECT * FROM users u JOIN orders o ON o.user_id = u.id HAVING COUNT(o.id) > 1', 'filtered', 'users'],
    ['SELECT * FROM users ORDER BY id LIMIT 100', 'bounded', 'users'],
    ['SELECT TOP (10) * FROM users', 'bounded', 'users'],
    ['SELECT * FROM users OFFSET 10 ROWS FETCH NEXT 10 ROWS ONLY', 'bounded', 'users'],
    ['SELECT COUNT(*) FROM users', 'bounded', 'users'],
    ["SELECT COALESCE(MAX(version), 0) AS version, current_setting('server_version') FROM migrations", 'bounded', 'migrations'],
    ['SELECT status, COUNT(*) FROM orders GROUP BY status', 'unbounded', 'orders'],
    ['SELECT json_agg(u) FROM users u', 'unbounded', 'users'],
    ['SELECT COUNT(*) OVER () AS total, id FROM users', 'unbounded', 'users'],
    ['SELECT (SELECT COUNT(*) FROM orders) AS n, id FROM users', 'unbounded', 'users'],
    ['WITH recent AS (SELECT * FROM orders LIMIT 10) SELECT * FROM users', 'unbounded', 'users'],
    ['SELECT * FROM users -- WHERE id = 1', 'unbounded', 'users'],
    ["SELECT * FROM users WHERE note = 'LIMIT 1'", 'filtered', 'users'],
  ])('%s is %s', (text, kind, table) => {
    expect(classifySql(text)).toMatchObject({ kind, table });
  });

  it.each([
    ['SELECT 1'],
    ['SELECT NOW()'],
    ['INSERT INTO archive SELECT * FROM users'],
    ['SELECT * FROM a UNION ALL SELECT * FROM b'],
    ['SELECT * FROM (SELECT * FROM users LIMIT 5) AS u'],
    ['SELECT * FROM generate_series(1, 10)'],
    ['SELECT * INTO backup FROM users'],
    ['SELECT * FROM information_schema.columns'],
    ['SELECT typname FROM pg_type'],
    ['SELECT 1 FROM dual'],
    [`SELECT * FROM users ${SQL_INTERPOLATION}`],
    ['DECLARE c CURSOR FOR SELECT * FROM users'],
    ['SELECT * FROM users WHERE (id = 1'],
  ])('%s is not judged', (text) => {
    expect(classifySql(text).kind).toBe('unknown');
  });

  it('reads interpolations in value positions as parameters', () => {
    expect(classifySql(`SELECT * FROM users WHERE id = ${SQL_INTERPOLATION}`)).toMatchObject({ kind: 'filtered', predicates: [{ op: 'equality', column: 'id' }] });
    expect(classifySql(`SELECT * FROM ${SQL_INTERPOLATION} ORDER BY id`)).toEqual({ kind: 'unbounded' });
  });
});

describe('classifySql predicates', () => {
  it.each([
    ['SELECT * FROM users WHERE id = $1', [{ op: 'equality', column: 'id' }]],
    ["SELECT * FROM o WHERE o._key = ANY($1::TEXT[]) AND o.type = 'hash'", [{ op: 'equality', column: '_key' }, { op: 'constant', column: 'type' }]],
    ['SELECT * FROM events WHERE created_at BETWEEN $1 AND $2', [{ op: 'range', column: 'created_at' }]],
    ['SELECT * FROM users WHERE deleted_at IS NULL', [{ op: 'existence', column: 'deleted_at', isNull: true }]],
    ["SELECT * FROM users WHERE status <> 'x'", [{ op: 'negation', column: 'status' }]],
    ['SELECT * FROM users WHERE a = $1 OR b > 3', [{ op: 'range', column: 'b' }]],
    ['SELECT * FROM users WHERE (a = $1 OR b = $2)', [{ op: 'equality', column: 'a' }]],
    ['SELECT * FROM users WHERE id IN (SELECT user_id FROM m WHERE team = $1)', [{ op: 'equality', column: 'id' }]],
    ['SELECT * FROM users u JOIN teams t ON t.id = u.team_id WHERE t.slug = $1', [{ op: 'equality', column: 'slug' }]],
  ])('%s', (text, predicates) => {
    expect(classifySql(text)).toMatchObject({ kind: 'filtered', predicates });
  });

  it('resolves CTEs, unnest sources, DISTINCT on one column and OFFSET without a limit', () => {
    expect(classifySql('WITH ids AS (SELECT unnest(:ids) AS id) SELECT * FROM ids JOIN users u ON u.id = ids.id').kind).toBe('bounded');
    expect(classifySql('SELECT * FROM unnest($1::int[]) AS x').kind).toBe('bounded');
    expect(classifySql('SELECT DISTINCT monitor_id FROM heartbeat').kind).toBe('bounded');
    expect(classifySql('WITH RECURSIVE t AS (SELECT id FROM nodes WHERE id = :id UNION ALL SELECT n.id FROM nodes n JOIN t ON n.parent = t.id) SELECT * FROM t')).toMatchObject({
      kind: 'filtered',
      table: 'nodes',
      predicates: [{ op: 'equality', column: 'id', param: 'id' }],
    });
    expect(classifySql('WITH old AS (SELECT * FROM sessions WHERE updated_at < $1) SELECT * FROM old')).toMatchObject({ table: 'sessions', predicates: [{ op: 'range' }] });
    expect(classifySql('SELECT * FROM users OFFSET 10')).toEqual({ kind: 'unbounded', table: 'users', offset: true });
  });

  it('reads WHERE fragments with named and list parameters', () => {
    expect(readSqlCondition('o.status = :status AND o.createdAt > :since')).toEqual([
      { op: 'equality', column: 'status', param: 'status' },
      { op: 'range', column: 'createdAt' },
    ]);
    expect(readSqlCondition('line.id IN (:...lineIds)')).toEqual([{ op: 'equality', column: 'id' }]);
  });
});

// Scale evidence: with its default options the rule reports a load only when something says it is
// big: job code (settings.leaks.jobFiles, a queue processor or a cron callback), a one-shot script, or
// a table whose name says it grows with use. `checkAnyTable` reports the rest.
const SHIPPING_METHODS = `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function listShippingMethods() {
  return prisma.shippingMethod.findMany({ where: { enabled: true } });
}`;

ruleTester.run('no-unbounded-query: scale evidence', rule, {
  valid: [
    {
      name: 'a configuration-like table with an ordinary name, in ordinary service code',
      code: SHIPPING_METHODS,
      filename: `${process.cwd()}/src/shipping/shipping.service.ts`,
    },
    {
      name: "equality on the owner of an append-only table narrows it to one owner's rows: how many, a name cannot tell",
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function channelsOf(monitorId: number) {
  return prisma.notification.findMany({ where: { monitorId } });
}`,
      filename: `${process.cwd()}/src/monitors/notifications.ts`,
    },
    {
      name: "an owner that is itself a thing that happened stops growing: one order's payments, even under checkAnyTable",
      code: `import { Repository } from 'typeorm';
import { Payment } from './payment.entity';

export class PaymentService {
  constructor(private readonly payments: Repository<Payment>) {}

  forOrder(orderId: string) {
    return this.payments.find({ where: { order: { id: orderId } } });
  }
}`,
      options: [{ checkAnyTable: true }],
    },
  ],
  invalid: [
    {
      name: 'the same load in a worker folder walks the table at full size',
      code: SHIPPING_METHODS,
      filename: `${process.cwd()}/src/workers/shipping-sync.ts`,
      errors: [
        {
          messageId: 'unboundedQuery',
          line: 6,
          column: 10,
          data: {
            call: 'findMany()',
            source: "'shippingMethod'",
            why: 'filters only on a constant (`enabled: true`), which most rows may share',
            scale: " (in job code (matches settings.leaks.jobFiles ('**/workers/**')))",
            perRow: '',
          },
        },
      ],
    },
    {
      name: 'settings.leaks.jobFiles names the project’s own job folders',
      code: SHIPPING_METHODS,
      filename: `${process.cwd()}/src/background/shipping-sync.ts`,
      settings: { leaks: { jobFiles: ['src/background/**'] } },
      errors: [{ messageId: 'unboundedQuery', line: 6, column: 10 }],
    },
    {
      name: 'a BullMQ processor in a service file is job code',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const exporter = new Worker('exports', async (job) => {
  const methods = await prisma.shippingMethod.findMany();
  return methods.length;
});`,
      filename: `${process.cwd()}/src/shipping/exporter.ts`,
      errors: [{ messageId: 'unboundedQuery', line: 7, column: 25 }],
    },
    {
      name: 'a table of tenants grows with sign-ups, wherever it is loaded',
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function billingOverview() {
  return prisma.organization.findMany({ where: { deletedAt: null } });
}`,
      filename: `${process.cwd()}/src/billing/overview.ts`,
      errors: [
        {
          messageId: 'unboundedQuery',
          line: 6,
          column: 10,
          data: {
            call: 'findMany()',
            source: "'organization'",
            why: 'filters only on a constant (`deletedAt: null`), which most rows may share',
            scale: " ('organization' tables hold tenants that keep signing up)",
            perRow: '',
          },
        },
      ],
    },
    {
      name: 'checkAnyTable reports the ordinary table in ordinary code too',
      code: SHIPPING_METHODS,
      filename: `${process.cwd()}/src/shipping/shipping.service.ts`,
      options: [{ checkAnyTable: true }],
      errors: [{ messageId: 'unboundedQuery', line: 6, column: 10 }],
    },
  ],
});

/*
 * `useTypes`: with typed linting, a query's receiver is what its TypeScript type says. The fixture
 * project (tests/fixtures/query-receiver-types) declares the ORM libraries' shapes as ambient modules.
 */
const typedRoot = path.join(fixturesDir, 'query-receiver-types');

/** Cases run as the fixture project's file.ts (the tester's default file name). */
const typedTester = new RuleTester({
  // The fixtures live under tests/, which the default testFiles treat as test code.
  settings: { leaks: { testFiles: [] } },
  languageOptions: {
    // Single-run inference off: under CI=true it would read file.ts from disk instead of the case's code.
    parserOptions: { tsconfigRootDir: typedRoot, project: './tsconfig.json', disallowAutomaticSingleRunInference: true },
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
