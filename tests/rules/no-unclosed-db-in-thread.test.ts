import { parseForESLint } from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-unclosed-db-in-thread.js';
import { commonjs as commonjsShape, ruleTester } from '../rule-tester.js';

// CommonJS with the globals ESLint declares for `sourceType: 'commonjs'`: `require` is how these files import.
const commonjs = { ...commonjsShape, globals: { exports: 'writable', module: 'readonly', require: 'readonly' } } as const;

ruleTester.run('no-unclosed-db-in-thread', rule, {

  valid: [
  // Checked out, released in finally.
  `import { Pool } from 'pg';

const pool = new Pool();

export async function findUser(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0];
  } finally {
    client.release();
  }
}
`,
  // Declared before the try, assigned inside it, released in finally.
  `import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

export async function rename(id: string, name: string) {
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
    await client.query('UPDATE users SET name = $2 WHERE id = $1', [id, name]);
  } finally {
    client?.release();
  }
}
`,
  // COMMIT in the try, ROLLBACK in catch, release in finally: the canonical pg transaction.
  `import pg from 'pg';

const pool = new pg.Pool();

export async function transfer(from: string, to: string, cents: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $2 WHERE id = $1', [from, cents]);
    await client.query('UPDATE accounts SET balance = balance + $2 WHERE id = $1', [to, cents]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
`,
  // Every error is caught, then the release: it runs on every path.
  `import { Pool } from 'pg';

const pool = new Pool();

export async function tryRefresh(view: string) {
  const client = await pool.connect();
  try {
    await client.query(\`REFRESH MATERIALIZED VIEW \${view}\`);
  } catch (error) {
    logger.warn({ error, view }, 'refresh failed');
  }
  client.release();
}

export async function refresh(view: string) {
  const client = await pool.connect();
  try {
    await client.query(\`REFRESH MATERIALIZED VIEW \${view}\`);
  } catch (error) {
    client.release();
    throw error;
  }
  client.release();
}
`,
  // Callback-managed APIs are not acquisitions: pool.query, pool.connect(callback).
  `import { Pool } from 'pg';

const pool = new Pool();

export async function count() {
  const { rows } = await pool.query('SELECT count(*) FROM users');
  return rows[0].count;
}

export function legacy(done: (error?: Error) => void) {
  pool.connect((error, client, release) => {
    if (error) return done(error);
    client.query('SELECT 1', () => {
      release();
      done();
    });
  });
}
`,
  // Managed transactions and sessions: the library ends them.
  `import { Sequelize } from 'sequelize';
import knex from 'knex';
import { MongoClient } from 'mongodb';

const sequelize = new Sequelize(process.env.DATABASE_URL!);
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const mongo = new MongoClient(process.env.MONGO_URL!);

export async function placeOrder(order: Order) {
  await sequelize.transaction(async (t) => {
    await Order.create(order, { transaction: t });
  });
  await db.transaction(async (trx) => {
    await trx('audit').insert({ orderId: order.id });
  });
  await mongo.withSession(async (session) => {
    await mongo.db('shop').collection('orders').insertOne(order, { session });
  });
}
`,
  // Unmanaged transactions committed in the try and rolled back in catch.
  `import { Sequelize } from 'sequelize';
import knex from 'knex';

const sequelize = new Sequelize(process.env.DATABASE_URL!);
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function placeOrder(order: Order) {
  const t = await sequelize.transaction();
  try {
    await Order.create(order, { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}

export async function importRows(rows: Row[]) {
  const trx = await db.transaction();
  try {
    await db('staging').insert(rows).transacting(trx);
    await trx.commit();
  } catch (error) {
    await trx.rollback(error);
  }
}
`,
  // TypeORM: connect and start the transaction before the try, release in finally.
  `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class TransferService {
  constructor(private readonly dataSource: DataSource) {}

  async transfer(from: string, to: string, amount: number) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    try {
      await queryRunner.manager.decrement(Account, { id: from }, 'balance', amount);
      await queryRunner.manager.increment(Account, { id: to }, 'balance', amount);
      await queryRunner.commitTransaction();
    } catch (error) {
      await queryRunner.rollbackTransaction();
      throw error;
    } finally {
      await queryRunner.release();
    }
  }
}
`,
  // Mongoose session: the documented shape.
  `import mongoose from 'mongoose';

export async function transfer(from: string, to: string, amount: number) {
  const session = await mongoose.startSession();
  session.startTransaction();
  try {
    await Account.updateOne({ _id: from }, { $inc: { balance: -amount } }, { session });
    await Account.updateOne({ _id: to }, { $inc: { balance: amount } }, { session });
    await session.commitTransaction();
  } catch (error) {
    await session.abortTransaction();
    throw error;
  } finally {
    await session.endSession();
  }
}
`,
  // Task code that closes: finally, a cleanup helper in finally, await using, DisposableStack.
  `import workerpool from 'workerpool';
import { Client } from 'pg';

async function closeQuietly(client: Client) {
  try {
    await client.end();
  } catch {
    // already closed
  }
}

workerpool.worker({
  async exportReport(reportId: string) {
    const client = new Client();
    await client.connect();
    try {
      return (await client.query('SELECT * FROM report_rows WHERE report_id = $1', [reportId])).rows;
    } finally {
      await closeQuietly(client);
    }
  },
  async ping() {
    const client = new Client();
    await client.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      await client.end();
    }
  },
});
`,
  `import { Worker } from 'bullmq';
import mysql from 'mysql2/promise';
import { Client } from 'pg';

new Worker('emails', async (job) => {
  await using conn = await mysql.createConnection({ uri: process.env.MYSQL_URL });
  await conn.execute('UPDATE users SET notified = 1 WHERE id = ?', [job.data.userId]);
});

new Worker('exports', async (job) => {
  await using stack = new AsyncDisposableStack();
  const conn = stack.use(await mysql.createConnection({ uri: process.env.MYSQL_URL }));
  const client = new Client();
  stack.defer(() => client.end());
  await client.connect();
  await conn.execute('SELECT 1');
});
`,
  // Ownership handed on: returned, stored on this or a module-level binding, given to drizzle.
  `import { parentPort } from 'node:worker_threads';
import { Client } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';

let shared: Client | undefined;

async function getShared() {
  if (!shared) {
    shared = new Client();
    await shared.connect();
  }
  return shared;
}

async function createClient() {
  const client = new Client();
  await client.connect();
  return client;
}

class ReportStore {
  client: Client;
  constructor() {
    this.client = new Client();
  }
}

parentPort!.on('message', async (msg) => {
  const db = drizzle(new Client());
  const raw = new Client();
  const wrapped = drizzle(raw);
  parentPort!.postMessage(await wrapped.execute(msg.sql));
});
`,
  // Per-thread singletons at the top level of a worker entry file.
  `import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { readonly: true });

parentPort!.on('message', (id: number) => {
  parentPort!.postMessage(db.prepare('SELECT * FROM items WHERE id = ?').get(id));
});
`,
  // A pool captured by the thread's message handler lives as long as the thread: a per-thread singleton.
  `import { parentPort } from 'node:worker_threads';
import { Pool } from 'pg';

function serve() {
  const pool = new Pool({ max: 2 });
  parentPort!.on('message', async (sql: string) => {
    parentPort!.postMessage((await pool.query(sql)).rows);
  });
}

serve();
`,
  // A shared module-level client used from jobs: the recommended shape.
  `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const worker = new Worker('invoices', async (job) => {
  return prisma.invoice.findUnique({ where: { id: job.data.id } });
});
`,
  // A client opened by a setup function (by its name) in service code runs once per process.
  `import { Client } from 'pg';

export async function initSchema() {
  const client = new Client();
  await client.connect();
  await client.query('SELECT 1');
}
`,
  // Closed in a promise finally() callback, or later by an event handler.
  `import cron from 'node-cron';
import { Client } from 'pg';
import { Pool } from 'pg';

const pool = new Pool();

cron.schedule('* * * * *', () => {
  const client = new Client();
  return client.connect().then(() => client.query('SELECT 1')).finally(() => client.end());
});

export async function listen(channel: string) {
  const client = await pool.connect();
  await client.query(\`LISTEN \${channel}\`);
  process.once('SIGTERM', () => client.release());
}
`,
  // Near misses: other libraries' connect(), Array.prototype.find, parameters and this-receivers we cannot trace.
  `import net from 'node:net';

export class Proxy {
  constructor(private readonly upstream: { getConnection(): Promise<{ release(): void }> }) {}

  async forward(port: number, drivers: { connect(): Promise<{ release(): void }> }) {
    const socket = net.connect(port);
    const conn = await this.upstream.getConnection();
    conn.release();
    const lease = await drivers.connect();
    lease.release();
    return [1, 2, 3].find((n) => n > 1) ?? socket;
  }
}
`,
  // Inside a database library: a checkout from this.createQueryRunner() is the pool's own implementation.
  `export class PostgresDriver {
  async connect() {
    const queryRunner = this.createQueryRunner('master');
    this.version = await queryRunner.getVersion();
    await queryRunner.release();
  }
}
`,
  // An untraced receiver with no release in sight: no evidence it is a pool checkout.
  `import { broker } from './broker.js';

export async function subscribe() {
  const channel = await broker.connect();
  await channel.assertQueue('events');
}
`,
  // Returned or handed on: the caller owns the checkout.
  `import { Pool } from 'pg';

const pool = new Pool();

export async function checkout() {
  const client = await pool.connect();
  await client.query("SET search_path TO 'tenant'");
  return client;
}

export function checkoutLater() {
  return pool.connect();
}

export async function withClient<T>(work: (client: import('pg').PoolClient) => Promise<T>) {
  const client = await pool.connect();
  return runAndRelease(client, work);
}
`,
  // The main-thread branch of a dual-purpose worker file is not thread code.
  `import { isMainThread, Worker } from 'node:worker_threads';
import { Client } from 'pg';

if (isMainThread) {
  new Worker(new URL(import.meta.url));
  process.on('SIGUSR2', async () => {
    const client = new Client();
    await client.connect();
  });
}
`,
  // node:sqlite with using in a piscina worker.
  {
    code: `import { DatabaseSync } from 'node:sqlite';

export default function countEvents({ file }: { file: string }) {
  using db = new DatabaseSync(file);
  return db.prepare('SELECT count(*) AS n FROM events').get();
}
`,
    filename: 'src/workers/count-events.ts',
  },
  // The default export of a file that is not a worker module is not task code: a setup function there runs once.
  {
    code: `import Database from 'better-sqlite3';

export default function initReadonlyStore(path: string) {
  const db = new Database(path, { readonly: true });
  db.pragma('journal_mode = WAL');
  return db.prepare('SELECT 1').get();
}
`,
    filename: 'src/services/open-readonly.ts',
  },
  // threadFiles replaces the defaults: workers/ no longer matches.
  {
    code: `import Database from 'better-sqlite3';

export default function setupThumbnails(path: string) {
  const db = new Database(path);
  return db.prepare('SELECT data FROM images LIMIT 1').get();
}
`,
    filename: 'src/workers/thumbnail.ts',
    options: [{ threadFiles: ['**/tasks/*.ts'] }],
  },
  // CommonJS worker module that closes in finally.
  {
    code: `const mariadb = require('mariadb');

module.exports = async ({ accountId }) => {
  const conn = await mariadb.createConnection({ host: 'db', user: 'reports' });
  try {
    return (await conn.query('SELECT * FROM ledger WHERE account_id = ?', [accountId])).length;
  } finally {
    await conn.end();
  }
};
`,
    filename: 'lib/report.worker.cjs',
    languageOptions: commonjs,
  },
  // A file without any database module or checkout call: the fast path.
  `export function add(a: number, b: number) {
  return a + b;
}
`,
  ],
  invalid: [
    {
      // workerpool: a dedicated client per task, never closed
      code: `import workerpool from 'workerpool';
import { Client } from 'pg';

workerpool.worker({
  async exportReport(reportId: string) {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query('SELECT * FROM report_rows WHERE report_id = $1', [reportId]);
    return rows;
  },
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 78,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import workerpool from 'workerpool';
import { Client } from 'pg';

workerpool.worker({
  async exportReport(reportId: string) {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    try {
      await client.connect();
      const { rows } = await client.query('SELECT * FROM report_rows WHERE report_id = $1', [reportId]);
      return rows;
    } finally {
      await client.end();
    }
  },
});
`,
            },
          ],
        },
      ],
    },
    {
      // workerpool pool.exec: the function is serialised and runs in a worker
      code: `const workerpool = require('workerpool');

const pool = workerpool.pool();

function exportRows(table) {
  const { Client } = require('pg');
  const client = new Client();
  return client.connect().then(() => client.query(\`SELECT * FROM \${table}\`));
}

module.exports.exportTable = (table) => pool.exec(exportRows, [table]);
`,
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'neverClosed',
          line: 7,
          column: 18,
          endLine: 7,
          endColumn: 30,
          suggestions: [],
        },
      ],
    },
    {
      // BullMQ: a PrismaClient per job
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

export const worker = new Worker('invoices', async (job) => {
  const prisma = new PrismaClient();
  const invoice = await prisma.invoice.findUnique({ where: { id: job.data.id } });
  await sendInvoice(invoice);
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

export const worker = new Worker('invoices', async (job) => {
  const prisma = new PrismaClient();
  try {
    const invoice = await prisma.invoice.findUnique({ where: { id: job.data.id } });
    await sendInvoice(invoice);
  } finally {
    await prisma.$disconnect();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // Bull: closed only on the happy path
      code: `import Queue from 'bull';
import mysql from 'mysql2/promise';

const emails = new Queue('emails', process.env.REDIS_URL);

emails.process(async (job) => {
  const conn = await mysql.createConnection({ uri: process.env.MYSQL_URL });
  const [rows] = await conn.execute('SELECT email FROM users WHERE id = ?', [job.data.userId]);
  await conn.end();
  return rows;
});
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 7,
          column: 16,
          endLine: 7,
          endColumn: 76,
          suggestions: [
            {
              messageId: 'useAwaitUsing',
              output: `import Queue from 'bull';
import mysql from 'mysql2/promise';

const emails = new Queue('emails', process.env.REDIS_URL);

emails.process(async (job) => {
  await using conn = await mysql.createConnection({ uri: process.env.MYSQL_URL });
  const [rows] = await conn.execute('SELECT email FROM users WHERE id = ?', [job.data.userId]);
  return rows;
});
`,
            },
            {
              messageId: 'releaseInFinally',
              output: `import Queue from 'bull';
import mysql from 'mysql2/promise';

const emails = new Queue('emails', process.env.REDIS_URL);

emails.process(async (job) => {
  const conn = await mysql.createConnection({ uri: process.env.MYSQL_URL });
  try {
    const [rows] = await conn.execute('SELECT email FROM users WHERE id = ?', [job.data.userId]);
    return rows;
  } finally {
    await conn.end();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // Agenda: a MongoClient per run
      code: `import { Agenda } from 'agenda';
import { MongoClient } from 'mongodb';

const agenda = new Agenda({ db: { address: process.env.MONGO_URL! } });

agenda.define('nightly cleanup', async () => {
  const client = new MongoClient(process.env.MONGO_URL!);
  await client.connect();
  await client.db('app').collection('sessions').deleteMany({ expiresAt: { $lt: new Date() } });
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 7,
          column: 18,
          endLine: 7,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'useAwaitUsing',
              output: `import { Agenda } from 'agenda';
import { MongoClient } from 'mongodb';

const agenda = new Agenda({ db: { address: process.env.MONGO_URL! } });

agenda.define('nightly cleanup', async () => {
  await using client = new MongoClient(process.env.MONGO_URL!);
  await client.connect();
  await client.db('app').collection('sessions').deleteMany({ expiresAt: { $lt: new Date() } });
});
`,
            },
            {
              messageId: 'releaseInFinally',
              output: `import { Agenda } from 'agenda';
import { MongoClient } from 'mongodb';

const agenda = new Agenda({ db: { address: process.env.MONGO_URL! } });

agenda.define('nightly cleanup', async () => {
  const client = new MongoClient(process.env.MONGO_URL!);
  try {
    await client.connect();
    await client.db('app').collection('sessions').deleteMany({ expiresAt: { $lt: new Date() } });
  } finally {
    await client.close();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // pg-boss: a knex pool per job
      code: `import PgBoss from 'pg-boss';
import knex from 'knex';

const boss = new PgBoss(process.env.DATABASE_URL!);

await boss.work('rebuild-search', async ([job]) => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  const products = await db('products').where({ tenant_id: job.data.tenantId });
  await indexProducts(products);
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 74,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import PgBoss from 'pg-boss';
import knex from 'knex';

const boss = new PgBoss(process.env.DATABASE_URL!);

await boss.work('rebuild-search', async ([job]) => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  try {
    const products = await db('products').where({ tenant_id: job.data.tenantId });
    await indexProducts(products);
  } finally {
    await db.destroy();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // node-cron: a Sequelize instance per tick
      code: `import cron from 'node-cron';
import { Sequelize } from 'sequelize';

cron.schedule('0 * * * *', async () => {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  await sequelize.query('REFRESH MATERIALIZED VIEW daily_totals');
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 61,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import cron from 'node-cron';
import { Sequelize } from 'sequelize';

cron.schedule('0 * * * *', async () => {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  try {
    await sequelize.query('REFRESH MATERIALIZED VIEW daily_totals');
  } finally {
    await sequelize.close();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // threads.js: a synchronous task, the release needs no await
      code: `import { expose } from 'threads/worker';
import Database from 'better-sqlite3';

expose({
  countRows(path: string, table: string) {
    const db = new Database(path, { readonly: true });
    const row = db.prepare(\`SELECT count(*) AS n FROM \${table}\`).get();
    return row;
  },
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { expose } from 'threads/worker';
import Database from 'better-sqlite3';

expose({
  countRows(path: string, table: string) {
    const db = new Database(path, { readonly: true });
    try {
      const row = db.prepare(\`SELECT count(*) AS n FROM \${table}\`).get();
      return row;
    } finally {
      db.close();
    }
  },
});
`,
            },
          ],
        },
      ],
    },
    {
      // piscina: the default export of a file under workers/
      code: `import { DatabaseSync } from 'node:sqlite';

export default function countEvents({ file, since }: { file: string; since: number }) {
  const db = new DatabaseSync(file);
  const rows = db.prepare('SELECT * FROM events WHERE ts > ?').all(since);
  return rows.length;
}
`,
      filename: 'src/workers/count-events.ts',
      errors: [
        {
          messageId: 'neverClosed',
          line: 4,
          column: 14,
          endLine: 4,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'useAwaitUsing',
              output: `import { DatabaseSync } from 'node:sqlite';

export default function countEvents({ file, since }: { file: string; since: number }) {
  using db = new DatabaseSync(file);
  const rows = db.prepare('SELECT * FROM events WHERE ts > ?').all(since);
  return rows.length;
}
`,
            },
            {
              messageId: 'releaseInFinally',
              output: `import { DatabaseSync } from 'node:sqlite';

export default function countEvents({ file, since }: { file: string; since: number }) {
  const db = new DatabaseSync(file);
  try {
    const rows = db.prepare('SELECT * FROM events WHERE ts > ?').all(since);
    return rows.length;
  } finally {
    db.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // piscina, CommonJS: module.exports of a *.worker.* file
      code: `const mariadb = require('mariadb');

module.exports = async ({ accountId }) => {
  const conn = await mariadb.createConnection({ host: 'db', user: 'reports' });
  const rows = await conn.query('SELECT * FROM ledger WHERE account_id = ?', [accountId]);
  return rows.length;
};
`,
      filename: 'lib/report.worker.cjs',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'neverClosed',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 79,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `const mariadb = require('mariadb');

module.exports = async ({ accountId }) => {
  const conn = await mariadb.createConnection({ host: 'db', user: 'reports' });
  try {
    const rows = await conn.query('SELECT * FROM ledger WHERE account_id = ?', [accountId]);
    return rows.length;
  } finally {
    await conn.end();
  }
};
`,
            },
          ],
        },
      ],
    },
    {
      // worker_threads: a client per message
      code: `import { parentPort } from 'node:worker_threads';
import Redis from 'ioredis';

parentPort!.on('message', async (msg: { key: string }) => {
  const redis = new Redis(process.env.REDIS_URL!);
  const value = await redis.get(msg.key);
  parentPort!.postMessage(value);
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 5,
          column: 17,
          endLine: 5,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { parentPort } from 'node:worker_threads';
import Redis from 'ioredis';

parentPort!.on('message', async (msg: { key: string }) => {
  const redis = new Redis(process.env.REDIS_URL!);
  try {
    const value = await redis.get(msg.key);
    parentPort!.postMessage(value);
  } finally {
    await redis.quit();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // worker_threads: the thread branch of a dual-purpose file; the main branch is not thread code
      code: `import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { file: 'jobs.db' } });
  worker.on('message', (count) => console.log(count));
} else {
  const db = new Database(workerData.file);
  parentPort?.postMessage(db.prepare('SELECT count(*) FROM jobs').get());
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 8,
          column: 14,
          endLine: 8,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { file: 'jobs.db' } });
  worker.on('message', (count) => console.log(count));
} else {
  const db = new Database(workerData.file);
  try {
    parentPort?.postMessage(db.prepare('SELECT count(*) FROM jobs').get());
  } finally {
    db.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // A function evaluated as a worker thread; no suggestion: the release is async and the function is not
      code: `const { Worker } = require('node:worker_threads');

function exportRows() {
  const { Client } = require('pg');
  const client = new Client();
  return client.connect().then(() => client.query('SELECT * FROM exports'));
}

module.exports.start = () => new Worker(\`(\${exportRows})()\`, { eval: true });
`,
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'neverClosed',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 30,
          suggestions: [],
        },
      ],
    },
    {
      // Bee-Queue with node-redis, quit only on the happy path
      code: `import BeeQueue from 'bee-queue';
import { createClient } from 'redis';

const thumbnails = new BeeQueue('thumbnails');

thumbnails.process(async (job) => {
  const redis = createClient({ url: process.env.REDIS_URL });
  await redis.connect();
  await redis.set(\`thumb:\${job.data.id}\`, 'pending');
  await redis.quit();
});
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 61,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import BeeQueue from 'bee-queue';
import { createClient } from 'redis';

const thumbnails = new BeeQueue('thumbnails');

thumbnails.process(async (job) => {
  const redis = createClient({ url: process.env.REDIS_URL });
  try {
    await redis.connect();
    await redis.set(\`thumb:\${job.data.id}\`, 'pending');
  } finally {
    await redis.quit();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // cron CronJob with an mssql pool per tick
      code: `import { CronJob } from 'cron';
import sql from 'mssql';

export const job = new CronJob('0 0 * * *', async () => {
  const pool = new sql.ConnectionPool(process.env.MSSQL_URL!);
  await pool.connect();
  await pool.request().query('EXEC dbo.RollupDailySales');
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 5,
          column: 16,
          endLine: 5,
          endColumn: 62,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { CronJob } from 'cron';
import sql from 'mssql';

export const job = new CronJob('0 0 * * *', async () => {
  const pool = new sql.ConnectionPool(process.env.MSSQL_URL!);
  try {
    await pool.connect();
    await pool.request().query('EXEC dbo.RollupDailySales');
  } finally {
    await pool.close();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // node-schedule with Kysely
      code: `import schedule from 'node-schedule';
import { Kysely, PostgresDialect } from 'kysely';

schedule.scheduleJob('*/5 * * * *', async () => {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 78,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import schedule from 'node-schedule';
import { Kysely, PostgresDialect } from 'kysely';

schedule.scheduleJob('*/5 * * * *', async () => {
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
  } finally {
    await db.destroy();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // Early return in a job skips the release
      code: `import { Worker } from 'bullmq';
import pg from 'pg';

new Worker('sync-account', async (job) => {
  const client = new pg.Client();
  await client.connect();
  const { rows } = await client.query('SELECT * FROM accounts WHERE id = $1', [job.data.id]);
  if (rows.length === 0) return;
  await pushToCrm(rows[0]);
  await client.end();
});
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Worker } from 'bullmq';
import pg from 'pg';

new Worker('sync-account', async (job) => {
  const client = new pg.Client();
  try {
    await client.connect();
    const { rows } = await client.query('SELECT * FROM accounts WHERE id = $1', [job.data.id]);
    if (rows.length === 0) return;
    await pushToCrm(rows[0]);
  } finally {
    await client.end();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // Mongoose connection per Agenda run
      code: `import Agenda from 'agenda';
import mongoose from 'mongoose';

const agenda = new Agenda();

agenda.define('reindex', async (job) => {
  const conn = mongoose.createConnection(process.env.MONGO_URL!);
  await conn.asPromise();
  await conn.db.collection('products').createIndex({ sku: 1 });
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 7,
          column: 16,
          endLine: 7,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import Agenda from 'agenda';
import mongoose from 'mongoose';

const agenda = new Agenda();

agenda.define('reindex', async (job) => {
  const conn = mongoose.createConnection(process.env.MONGO_URL!);
  try {
    await conn.asPromise();
    await conn.db.collection('products').createIndex({ sku: 1 });
  } finally {
    await conn.close();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // TypeORM DataSource per job, destroyed on the happy path only
      code: `import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';

new Worker('migrate-tenant', async (job) => {
  const dataSource = new DataSource({ type: 'postgres', url: job.data.url });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
});
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 77,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Worker } from 'bullmq';
import { DataSource } from 'typeorm';

new Worker('migrate-tenant', async (job) => {
  const dataSource = new DataSource({ type: 'postgres', url: job.data.url });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // MikroORM and Postgres.js per task
      code: `import workerpool from 'workerpool';
import { MikroORM } from '@mikro-orm/core';
import postgres from 'postgres';

workerpool.worker({
  async audit() {
    const orm = await MikroORM.init(config);
    await orm.em.fork().find(AuditLog, {});
  },
  async ping() {
    const sql = postgres(process.env.DATABASE_URL!);
    return sql\`SELECT 1\`;
  },
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import workerpool from 'workerpool';
import { MikroORM } from '@mikro-orm/core';
import postgres from 'postgres';

workerpool.worker({
  async audit() {
    const orm = await MikroORM.init(config);
    try {
      await orm.em.fork().find(AuditLog, {});
    } finally {
      await orm.close();
    }
  },
  async ping() {
    const sql = postgres(process.env.DATABASE_URL!);
    return sql\`SELECT 1\`;
  },
});
`,
            },
          ],
        },
        {
          messageId: 'neverClosed',
          line: 11,
          column: 17,
          endLine: 11,
          endColumn: 52,
          suggestions: [],
        },
      ],
    },
    {
      // mysql (callback API): release is synchronous
      code: `import Queue from 'bull';
import mysql from 'mysql';

const queue = new Queue('legacy');

queue.process((job, done) => {
  const connection = mysql.createConnection({ host: 'db' });
  connection.query('UPDATE jobs SET seen = 1 WHERE id = ?', [job.data.id], done);
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import Queue from 'bull';
import mysql from 'mysql';

const queue = new Queue('legacy');

queue.process((job, done) => {
  const connection = mysql.createConnection({ host: 'db' });
  try {
    connection.query('UPDATE jobs SET seen = 1 WHERE id = ?', [job.data.id], done);
  } finally {
    connection.end();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // pg pool checkout in a request handler, released only on the happy path
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function findUser(id: string) {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT * FROM users WHERE id = $1', [id]);
  client.release();
  return rows[0];
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Pool } from 'pg';

const pool = new Pool();

export async function findUser(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0];
  } finally {
    client.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Early return between checkout and release
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function findOrder(id: string) {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT * FROM orders WHERE id = $1', [id]);
  if (rows.length === 0) return null;
  client.release();
  return rows[0];
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Pool } from 'pg';

const pool = new Pool();

export async function findOrder(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT * FROM orders WHERE id = $1', [id]);
    if (rows.length === 0) return null;
    return rows[0];
  } finally {
    client.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Early return before the try that releases
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function archive(id: string) {
  const client = await pool.connect();
  if (!id) return;
  try {
    await client.query('UPDATE orders SET archived = true WHERE id = $1', [id]);
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    {
      // Never released
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function countOrders() {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT count(*) FROM orders');
  return rows[0].count;
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Pool } from 'pg';

const pool = new Pool();

export async function countOrders() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT count(*) FROM orders');
    return rows[0].count;
  } finally {
    client.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Namespace import; the checked-out client is thrown away
      code: `import * as pg from 'pg';

const pool = new pg.Pool();

export async function warmUp() {
  await pool.connect();
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 23,
          suggestions: [],
        },
      ],
    },
    {
      // Renamed require, pool on this
      code: `const { Pool: PgPool } = require('pg');

class OrderRepository {
  constructor() {
    this.pool = new PgPool();
  }

  async find(id) {
    const client = await this.pool.connect();
    const { rows } = await client.query('SELECT * FROM orders WHERE id = $1', [id]);
    return rows[0];
  }
}

module.exports = { OrderRepository };
`,
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'neverClosed',
          line: 9,
          column: 20,
          endLine: 9,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `const { Pool: PgPool } = require('pg');

class OrderRepository {
  constructor() {
    this.pool = new PgPool();
  }

  async find(id) {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query('SELECT * FROM orders WHERE id = $1', [id]);
      return rows[0];
    } finally {
      client.release();
    }
  }
}

module.exports = { OrderRepository };
`,
            },
          ],
        },
      ],
    },
    {
      // A pool created elsewhere, identified by its type annotation
      code: `import type { Pool } from 'pg';

export async function audit(pool: Pool, userId: string) {
  const client = await pool.connect();
  await client.query('INSERT INTO audit (user_id) VALUES ($1)', [userId]);
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import type { Pool } from 'pg';

export async function audit(pool: Pool, userId: string) {
  const client = await pool.connect();
  try {
    await client.query('INSERT INTO audit (user_id) VALUES ($1)', [userId]);
  } finally {
    client.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // mysql2 pool connection, never released
      code: `import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.MYSQL_URL });

export async function countUsers() {
  const conn = await pool.getConnection();
  const [rows] = await conn.query('SELECT count(*) AS n FROM users');
  return rows;
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'useAwaitUsing',
              output: `import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.MYSQL_URL });

export async function countUsers() {
  await using conn = await pool.getConnection();
  const [rows] = await conn.query('SELECT count(*) AS n FROM users');
  return rows;
}
`,
            },
            {
              messageId: 'releaseInFinally',
              output: `import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.MYSQL_URL });

export async function countUsers() {
  const conn = await pool.getConnection();
  try {
    const [rows] = await conn.query('SELECT count(*) AS n FROM users');
    return rows;
  } finally {
    conn.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // mariadb pool connection, released on the happy path
      code: `import * as mariadb from 'mariadb';

const pool = mariadb.createPool({ host: 'db', connectionLimit: 5 });

export async function listTables() {
  const conn = await pool.getConnection();
  const rows = await conn.query('SHOW TABLES');
  conn.release();
  return rows;
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import * as mariadb from 'mariadb';

const pool = mariadb.createPool({ host: 'db', connectionLimit: 5 });

export async function listTables() {
  const conn = await pool.getConnection();
  try {
    const rows = await conn.query('SHOW TABLES');
    return rows;
  } finally {
    conn.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // oracledb connection from the default pool
      code: `import oracledb from 'oracledb';

export async function loadCustomer(id: number) {
  const connection = await oracledb.getConnection({ poolAlias: 'crm' });
  const result = await connection.execute('SELECT * FROM customers WHERE id = :id', [id]);
  await connection.close();
  return result.rows;
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 72,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import oracledb from 'oracledb';

export async function loadCustomer(id: number) {
  const connection = await oracledb.getConnection({ poolAlias: 'crm' });
  try {
    const result = await connection.execute('SELECT * FROM customers WHERE id = :id', [id]);
    return result.rows;
  } finally {
    await connection.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // TypeORM query runner from an injected DataSource
      code: `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class TransferService {
  constructor(private readonly dataSource: DataSource) {}

  async transfer(from: string, to: string, amount: number) {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction();
    await queryRunner.manager.decrement(Account, { id: from }, 'balance', amount);
    await queryRunner.manager.increment(Account, { id: to }, 'balance', amount);
    await queryRunner.commitTransaction();
    await queryRunner.release();
  }
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 9,
          column: 25,
          endLine: 9,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class TransferService {
  constructor(private readonly dataSource: DataSource) {}

  async transfer(from: string, to: string, amount: number) {
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      await queryRunner.connect();
      await queryRunner.startTransaction();
      await queryRunner.manager.decrement(Account, { id: from }, 'balance', amount);
      await queryRunner.manager.increment(Account, { id: to }, 'balance', amount);
      await queryRunner.commitTransaction();
    } finally {
      await queryRunner.release();
    }
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Sequelize: committed, never rolled back
      code: `import { Sequelize } from 'sequelize';

export const sequelize = new Sequelize(process.env.DATABASE_URL!);

export async function placeOrder(order: Order) {
  const t = await sequelize.transaction();
  await Order.create(order, { transaction: t });
  await Stock.decrement('quantity', { by: order.quantity, where: { sku: order.sku }, transaction: t });
  await t.commit();
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 13,
          endLine: 6,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    {
      // knex: a transaction never committed
      code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function importRows(rows: Row[]) {
  const trx = await db.transaction();
  await trx('staging').insert(rows);
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 6,
          column: 15,
          endLine: 6,
          endColumn: 37,
          suggestions: [],
        },
      ],
    },
    {
      // MongoDB session never ended
      code: `import express from 'express';
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);
const app = express();

app.post('/transfer', async (req, res) => {
  const session = client.startSession();
  await session.withTransaction(async () => {
    await client.db('bank').collection('accounts').updateOne({ _id: req.body.from }, { $inc: { balance: -req.body.amount } }, { session });
  });
  res.sendStatus(204);
});
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 8,
          column: 19,
          endLine: 8,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'useAwaitUsing',
              output: `import express from 'express';
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);
const app = express();

app.post('/transfer', async (req, res) => {
  await using session = client.startSession();
  await session.withTransaction(async () => {
    await client.db('bank').collection('accounts').updateOne({ _id: req.body.from }, { $inc: { balance: -req.body.amount } }, { session });
  });
  res.sendStatus(204);
});
`,
            },
            {
              messageId: 'releaseInFinally',
              output: `import express from 'express';
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);
const app = express();

app.post('/transfer', async (req, res) => {
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
      await client.db('bank').collection('accounts').updateOne({ _id: req.body.from }, { $inc: { balance: -req.body.amount } }, { session });
    });
    res.sendStatus(204);
  } finally {
    await session.endSession();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // Mongoose session ended on the happy path only
      code: `import mongoose from 'mongoose';

export async function renameUser(id: string, name: string) {
  const session = await mongoose.startSession();
  await session.withTransaction(() => User.updateOne({ _id: id }, { name }, { session }));
  await session.endSession();
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'useAwaitUsing',
              output: `import mongoose from 'mongoose';

export async function renameUser(id: string, name: string) {
  await using session = await mongoose.startSession();
  await session.withTransaction(() => User.updateOne({ _id: id }, { name }, { session }));
}
`,
            },
            {
              messageId: 'releaseInFinally',
              output: `import mongoose from 'mongoose';

export async function renameUser(id: string, name: string) {
  const session = await mongoose.startSession();
  try {
    await session.withTransaction(() => User.updateOne({ _id: id }, { name }, { session }));
  } finally {
    await session.endSession();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // ioredis duplicate per request
      code: `import Redis from 'ioredis';

const redis = new Redis();

export function streamEvents(req: Request, res: Response) {
  const subscriber = redis.duplicate();
  subscriber.subscribe('events');
  subscriber.on('message', (_channel, message) => res.write(\`data: \${message}\\n\\n\`));
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 39,
          suggestions: [],
        },
      ],
    },
    {
      // A shared pool imported from a local module: the release call shows the checkout protocol
      code: `import { pool } from './db.js';

export async function markShipped(orderId: string) {
  const client = await pool.connect();
  await client.query('UPDATE orders SET shipped = true WHERE id = $1', [orderId]);
  client.release();
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { pool } from './db.js';

export async function markShipped(orderId: string) {
  const client = await pool.connect();
  try {
    await client.query('UPDATE orders SET shipped = true WHERE id = $1', [orderId]);
  } finally {
    client.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // A cleanup helper called on the happy path only
      code: `import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

function giveBack(client: PoolClient) {
  client.release();
}

export async function touch(id: string) {
  const client = await pool.connect();
  await client.query('UPDATE items SET touched_at = now() WHERE id = $1', [id]);
  giveBack(client);
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

function giveBack(client: PoolClient) {
  client.release();
}

export async function touch(id: string) {
  const client = await pool.connect();
  try {
    await client.query('UPDATE items SET touched_at = now() WHERE id = $1', [id]);
  } finally {
    giveBack(client);
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Released in then(): skipped when the query rejects
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function latest() {
  const client = await pool.connect();
  return client.query('SELECT * FROM events ORDER BY id DESC LIMIT 10').then((result) => {
    client.release();
    return result.rows;
  });
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 38,
          suggestions: [],
        },
      ],
    },
    {
      // A local helper that only queries does not take ownership
      code: `import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

async function insertRows(client: PoolClient, rows: string[]) {
  for (const row of rows) await client.query('INSERT INTO t VALUES ($1)', [row]);
}

export async function load(rows: string[]) {
  const client = await pool.connect();
  await insertRows(client, rows);
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

async function insertRows(client: PoolClient, rows: string[]) {
  for (const row of rows) await client.query('INSERT INTO t VALUES ($1)', [row]);
}

export async function load(rows: string[]) {
  const client = await pool.connect();
  try {
    await insertRows(client, rows);
  } finally {
    client.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Postgres.js reserved connection
      code: `import postgres from 'postgres';

const sql = postgres();

export async function lockAndRead(id: number) {
  const reserved = await sql.reserve();
  await reserved\`SELECT pg_advisory_lock(\${id})\`;
  return reserved\`SELECT * FROM jobs WHERE id = \${id}\`;
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 39,
          suggestions: [],
        },
      ],
    },
    {
      // Option clients: an in-house client
      code: `import { Worker } from 'bullmq';
import { connect } from '@acme/warehouse-db';

new Worker('stock', async (job) => {
  const db = await connect(process.env.WAREHOUSE_URL!);
  await db.adjust(job.data.sku, job.data.delta);
});
`,
      options: [{"clients":[{"module":"@acme/warehouse-db","acquire":["connect"],"release":["close"]}]}],
      errors: [
        {
          messageId: 'neverClosed',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Worker } from 'bullmq';
import { connect } from '@acme/warehouse-db';

new Worker('stock', async (job) => {
  const db = await connect(process.env.WAREHOUSE_URL!);
  try {
    await db.adjust(job.data.sku, job.data.delta);
  } finally {
    await db.close();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // Option clients: a checkout method of an in-house pool
      code: `import { createPool } from '@acme/db';

const pool = createPool();

export async function reserve(sku: string) {
  const lease = await pool.lease();
  await lease.run('reserve', sku);
  lease.giveBack();
}
`,
      options: [{"clients":[{"module":"@acme/db","acquire":["createPool"],"release":["end"],"checkouts":[{"method":"lease","release":["giveBack"]}]}]}],
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 17,
          endLine: 6,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { createPool } from '@acme/db';

const pool = createPool();

export async function reserve(sku: string) {
  const lease = await pool.lease();
  try {
    await lease.run('reserve', sku);
  } finally {
    lease.giveBack();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // Option taskRunners: an in-house job registry
      code: `import { registerJob, Consumer } from '@acme/jobs';
import { Client } from 'pg';

registerJob('reconcile', async () => {
  const client = new Client();
  await client.connect();
});

const consumer = new Consumer('events');
consumer.consume(async () => {
  const client = new Client();
  await client.connect();
});
`,
      options: [{"taskRunners":[{"module":"@acme/jobs","calls":["registerJob"],"handles":[{"create":"Consumer","methods":["consume"]}]}]}],
      errors: [
        {
          messageId: 'neverClosed',
          line: 5,
          column: 18,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { registerJob, Consumer } from '@acme/jobs';
import { Client } from 'pg';

registerJob('reconcile', async () => {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
});

const consumer = new Consumer('events');
consumer.consume(async () => {
  const client = new Client();
  await client.connect();
});
`,
            },
          ],
        },
        {
          messageId: 'neverClosed',
          line: 11,
          column: 18,
          endLine: 11,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { registerJob, Consumer } from '@acme/jobs';
import { Client } from 'pg';

registerJob('reconcile', async () => {
  const client = new Client();
  await client.connect();
});

const consumer = new Consumer('events');
consumer.consume(async () => {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      // Option threadFiles replaces the defaults
      code: `import Database from 'better-sqlite3';

export default function thumbnail(path: string) {
  const db = new Database(path);
  return db.prepare('SELECT data FROM images LIMIT 1').get();
}
`,
      filename: 'src/tasks/thumbnail.ts',
      options: [{"threadFiles":["**/tasks/*.ts"]}],
      errors: [
        {
          messageId: 'neverClosed',
          line: 4,
          column: 14,
          endLine: 4,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import Database from 'better-sqlite3';

export default function thumbnail(path: string) {
  const db = new Database(path);
  try {
    return db.prepare('SELECT data FROM images LIMIT 1').get();
  } finally {
    db.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // The catch rethrows without releasing: the release after the try is skipped on error
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function refresh(view: string) {
  const client = await pool.connect();
  try {
    await client.query(\`REFRESH MATERIALIZED VIEW \${view}\`);
  } catch (error) {
    throw new Error(\`refresh of \${view} failed\`, { cause: error });
  }
  client.release();
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Pool } from 'pg';

const pool = new Pool();

export async function refresh(view: string) {
  const client = await pool.connect();
  try {
    try {
      await client.query(\`REFRESH MATERIALIZED VIEW \${view}\`);
    } catch (error) {
      throw new Error(\`refresh of \${view} failed\`, { cause: error });
    }
  } finally {
    client.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // pg-pool default export
      code: `import Pool from 'pg-pool';

const pool = new Pool({ max: 10 });

export async function nextJob() {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT * FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED');
  client.release();
  return rows[0];
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import Pool from 'pg-pool';

const pool = new Pool({ max: 10 });

export async function nextJob() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT * FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED');
    return rows[0];
  } finally {
    client.release();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // oracledb pool held in a module-level variable
      code: `import oracledb from 'oracledb';

const poolPromise = oracledb.createPool({ user: 'app', connectString: 'db/orcl' });

export async function loadInvoice(id: number) {
  const pool = await poolPromise;
  const connection = await pool.getConnection();
  const result = await connection.execute('SELECT * FROM invoices WHERE id = :id', [id]);
  return result.rows;
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 7,
          column: 22,
          endLine: 7,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import oracledb from 'oracledb';

const poolPromise = oracledb.createPool({ user: 'app', connectString: 'db/orcl' });

export async function loadInvoice(id: number) {
  const pool = await poolPromise;
  const connection = await pool.getConnection();
  try {
    const result = await connection.execute('SELECT * FROM invoices WHERE id = :id', [id]);
    return result.rows;
  } finally {
    await connection.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // A knex instance injected into a class field, recognised by its Knex type
      code: `import type { Knex } from 'knex';

export class LedgerRepository {
  constructor(private readonly db: Knex) {}

  async post(entry: LedgerEntry) {
    const trx = await this.db.transaction();
    await trx('ledger').insert(entry);
    await trx.commit();
  }
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 44,
          suggestions: [],
        },
      ],
    },
    {
      // The suggestion keeps the file's four-space indent and leaves the multi-line SQL template untouched.
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function monthlyTotals(year: number) {
    const client = await pool.connect();
    const { rows } = await client.query(\`
SELECT date_trunc('month', created_at) AS month, sum(total)
FROM orders
WHERE extract(year FROM created_at) = $1
GROUP BY 1\`, [year]);
    client.release();
    return rows;
}
`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 6,
          column: 20,
          endLine: 6,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Pool } from 'pg';

const pool = new Pool();

export async function monthlyTotals(year: number) {
    const client = await pool.connect();
    try {
        const { rows } = await client.query(\`
SELECT date_trunc('month', created_at) AS month, sum(total)
FROM orders
WHERE extract(year FROM created_at) = $1
GROUP BY 1\`, [year]);
        return rows;
    } finally {
        client.release();
    }
}
`,
            },
          ],
        },
      ],
    },
  ],
});

describe('no-unclosed-db-in-thread messages and options', () => {
  function lint(code: string, options?: unknown): Linter.LintMessage[] {
    const linter = new Linter({ configType: 'flat' });
    return linter.verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: { parseForESLint } },
          plugins: { leaks: { rules: { 'no-unclosed-db-in-thread': rule as never } } },
          rules: { 'leaks/no-unclosed-db-in-thread': options === undefined ? 'error' : ['error', options] },
        },
      ],
      'src/jobs.ts',
    );
  }

  it('names the resource, where it was opened and what each task leaves behind', () => {
    const [message] = lint(`import workerpool from 'workerpool';
import { Client } from 'pg';
workerpool.worker({
  async run() {
    const client = new Client();
    await client.connect();
  },
});`);
    expect(message?.message).toBe(
      "The pg 'Client' is opened in the task handed to 'workerpool.worker' and never closed; each task leaves a connection open.",
    );
  });

  it('says how to close a checkout on every path', () => {
    const [message] = lint(`import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function count() {
  const conn = await pool.getConnection();
  const [rows] = await conn.query('SELECT 1');
  conn.release();
  return rows;
}`);
    expect(message?.message).toBe(
      "The mysql2 pool connection is taken from 'pool.getConnection()' but released only when nothing throws or returns early; release it in a 'finally' block or declare it with 'await using'.",
    );
  });

  it('rejects unknown options and malformed catalog entries', () => {
    expect(() => lint('export {};', { threadGlobs: ['**/workers/**'] })).toThrow(/should NOT have additional properties/u);
    expect(() => lint('export {};', { clients: [{ module: 'acme-db', acquire: ['connect'] }] })).toThrow(/required property 'release'/u);
    expect(() => lint('export {};', { clients: [{ module: 'acme-db', acquire: ['connect'], release: ['close'], dispose: 'later' }] })).toThrow(
      /should be equal to one of the allowed values/u,
    );
    expect(() => lint('export {};', { taskRunners: [{ module: 'acme-jobs', handles: [{ create: 'Queue' }] }] })).toThrow(
      /required property 'methods'/u,
    );
    expect(() => lint('export {};', { threadFiles: '**/workers/**' })).toThrow(/should be array/u);
  });

  it('accepts a valid configuration', () => {
    expect(
      lint('export {};', {
        clients: [{ module: 'acme-db', acquire: ['default'], release: ['close'], dispose: 'async', checkouts: [{ method: 'lease', release: ['giveBack'] }] }],
        threadFiles: ['**/tasks/**'],
        taskRunners: [{ module: 'acme-jobs', calls: ['registerJob'], handles: [{ create: 'Queue', methods: ['process'] }] }],
      }),
    ).toEqual([]);
  });
});

// Issue 16: an acquisition released before anything can throw is closed on every path.
ruleTester.run('no-unclosed-db-in-thread: release before anything can throw', rule, {
  valid: [
    {
      name: 'a connectivity probe that releases on the next line',
      code: `import { Pool } from 'pg';
import { parentPort } from 'node:worker_threads';
const pool = new Pool();
parentPort?.on('message', async () => {
  const client = await pool.connect();
  client.release();
  parentPort?.postMessage('ready');
});`,
    },
    {
      name: 'only a declaration of a literal stands between',
      code: `import { Pool } from 'pg';
import { parentPort } from 'node:worker_threads';
const pool = new Pool();
parentPort?.on('message', async () => {
  const client = await pool.connect();
  const probe = 'ok';
  await client.release();
  parentPort?.postMessage(probe);
});`,
    },
  ],
  invalid: [
    {
      name: 'a call between acquisition and release can throw',
      code: `import { Pool } from 'pg';
import { parentPort } from 'node:worker_threads';
const pool = new Pool();
parentPort?.on('message', async () => {
  const client = await pool.connect();
  const started = Date.now();
  client.release();
  parentPort?.postMessage(started);
});`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 5,
          column: 18,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              output: `import { Pool } from 'pg';
import { parentPort } from 'node:worker_threads';
const pool = new Pool();
parentPort?.on('message', async () => {
  const client = await pool.connect();
  try {
    const started = Date.now();
    parentPort?.postMessage(started);
  } finally {
    client.release();
  }
});`,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('no-unclosed-db-in-thread: clients created per request and clients the project defines', rule, {
  valid: [
    {
      name: 'the project client created once at module level is the shared client',
      code: `import { PrismaClient } from '@prisma/client';
class AppPrisma extends PrismaClient {}
export const prisma = new AppPrisma();`,
    },
    {
      name: 'a route that opens a client and closes it in finally',
      code: `import express from 'express';
import { Client } from 'pg';
const app = express();
app.get('/health/db', async (req, res) => {
  const client = new Client();
  try {
    await client.connect();
    res.json((await client.query('SELECT 1')).rows);
  } finally {
    await client.end();
  }
});`,
    },
    {
      name: 'a factory that hands the project client to its caller',
      code: `import { PrismaClient } from '@prisma/client';
class ReportingPrisma extends PrismaClient {}
export function createReportingClient(url: string) {
  return new ReportingPrisma({ datasourceUrl: url });
}`,
    },
    {
      name: 'a migration helper runs once per deploy, whatever calls it',
      code: `import { DataSource } from 'typeorm';
export async function generateMigration(options: { url: string }) {
  const dataSource = new DataSource({ type: 'postgres', url: options.url });
  await dataSource.initialize();
  const log = await dataSource.driver.createSchemaBuilder().log();
  await dataSource.destroy();
  return log.upQueries.length;
}`,
    },
    {
      name: 'a connect function (a setup name) whose callers are elsewhere runs once at startup',
      code: `import { Client } from 'pg';
export async function connectDatabase() {
  const client = new Client();
  await client.connect();
  await client.query('SELECT 1');
}`,
    },
  ],
  invalid: [
    {
      name: 'a helper opens its own client on every call and never closes it, whoever calls it',
      code: `import { Client } from 'pg';

export async function copyReportRows() {
  const client = new Client();
  await client.connect();
  await client.query('INSERT INTO report_archive SELECT * FROM report_rows');
}
`,
      errors: [
        {
          messageId: 'neverClosed',
          data: {
            resource: "The pg 'Client'",
            origin: "opened in 'copyReportRows', once per call",
            closed: 'closed',
            consequence: 'each call leaves a connection open',
          },
          line: 4,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              data: { release: 'client.end()' },
              output: `import { Client } from 'pg';

export async function copyReportRows() {
  const client = new Client();
  try {
    await client.connect();
    await client.query('INSERT INTO report_archive SELECT * FROM report_rows');
  } finally {
    await client.end();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a method opens a connection per query and ends it only on the happy path',
      code: `import mysql from 'mysql2/promise';
export class MysqlSource {
  constructor(private readonly config: mysql.ConnectionOptions) {}
  async runQuery(text: string) {
    const conn = await mysql.createConnection(this.config);
    const [rows] = await conn.query(text);
    await conn.end();
    return rows;
  }
}`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          line: 5,
          suggestions: [
            {
              messageId: 'useAwaitUsing',
              output: `import mysql from 'mysql2/promise';
export class MysqlSource {
  constructor(private readonly config: mysql.ConnectionOptions) {}
  async runQuery(text: string) {
    await using conn = await mysql.createConnection(this.config);
    const [rows] = await conn.query(text);
    return rows;
  }
}`,
            },
            {
              messageId: 'releaseInFinally',
              output: `import mysql from 'mysql2/promise';
export class MysqlSource {
  constructor(private readonly config: mysql.ConnectionOptions) {}
  async runQuery(text: string) {
    const conn = await mysql.createConnection(this.config);
    try {
      const [rows] = await conn.query(text);
      return rows;
    } finally {
      await conn.end();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a route opens a client per request and closes it only on the happy path',
      code: `import express from 'express';
import { Client } from 'pg';
const app = express();
app.get('/reports/:id', async (req, res) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('SELECT * FROM reports WHERE id = $1', [req.params.id]);
  await client.end();
  res.json(rows);
});`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          data: {
            resource: "The pg 'Client'",
            origin: 'opened in code that runs on every request (registered with `app.get` on line 4)',
            closed: 'closed',
            remedy: "close it in a 'finally' block",
          },
          line: 5,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              data: { release: 'client.end()' },
              output: `import express from 'express';
import { Client } from 'pg';
const app = express();
app.get('/reports/:id', async (req, res) => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('SELECT * FROM reports WHERE id = $1', [req.params.id]);
    res.json(rows);
  } finally {
    await client.end();
  }
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'a NestJS route builds the app\'s own PrismaClient subclass per request and never disconnects it',
      code: `import { Controller, Get, Param } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
class TenantPrisma extends PrismaClient {}
@Controller('tenants')
export class TenantsController {
  @Get(':id/invoices')
  async invoices(@Param('id') id: string) {
    const prisma = new TenantPrisma({ datasourceUrl: \`postgres://db/\${id}\` });
    return prisma.invoice.findMany({ take: 50 });
  }
}`,
      errors: [
        {
          messageId: 'neverClosed',
          data: {
            resource: "The 'PrismaClient'",
            origin: "opened in code that runs on every request (decorated with `@Get()` from '@nestjs/common')",
            closed: 'closed',
            consequence: 'each request leaves a pool of open connections behind',
          },
          line: 8,
        },
      ],
    },
    {
      name: 'a queue job opens the project client and never disconnects it',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
class JobPrisma extends PrismaClient {}
new Worker('invoices', async (job) => {
  const prisma = new JobPrisma();
  await prisma.invoice.update({ where: { id: job.data.id }, data: { sent: true } });
});`,
      errors: [
        {
          messageId: 'neverClosed',
          line: 5,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              data: { release: 'prisma.$disconnect()' },
              output: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
class JobPrisma extends PrismaClient {}
new Worker('invoices', async (job) => {
  const prisma = new JobPrisma();
  try {
    await prisma.invoice.update({ where: { id: job.data.id }, data: { sent: true } });
  } finally {
    await prisma.$disconnect();
  }
});`,
            },
          ],
        },
      ],
    },
  ],
});

const projectFactories = [{ checkProjectFactories: true }] as const;

ruleTester.run('no-unclosed-db-in-thread: project factories (checkProjectFactories)', rule, {
  valid: [
    {
      name: 'without the option (recommended), a project factory is not read at all',
      code: `import { Injectable } from '@nestjs/common';
import { TenantOrmFactory } from './tenant-orm.factory';
@Injectable()
export class TenantReportService extends TenantOrmFactory {
  async monthlyTotals(tenantId: string) {
    const orm = await this.createOrm({ tenantId });
    return orm.em.getConnection().execute('SELECT month, sum(total) FROM invoices GROUP BY month');
  }
}`,
    },
    {
      name: 'a client created once at startup by a factory: module level and onModuleInit',
      options: projectFactories,
      code: `import { Injectable, type OnModuleInit } from '@nestjs/common';
import { createAnalyticsDbClient } from './db/analytics';
export const analytics = createAnalyticsDbClient(process.env.ANALYTICS_URL!);
@Injectable()
export class LedgerService implements OnModuleInit {
  private orm!: Awaited<ReturnType<LedgerService['createOrm']>>;
  async onModuleInit() {
    const orm = await this.createOrm({ schema: 'ledger' });
    await orm.em.getConnection().execute('SELECT 1');
  }
  private createOrm(config: { schema: string }) { return import('./orm').then((m) => m.open(config)); }
}`,
    },
    {
      name: 'a setup-named function of the project (connectRedis) runs once per process',
      options: projectFactories,
      code: `import * as redisStore from './database/redis';
export async function connectRedis() {
  const client = redisStore.connect();
  await redisStore.info(client);
}`,
    },
    {
      name: 'a factory result that is returned belongs to the caller',
      options: projectFactories,
      code: `import { createTenantDbClient } from './db/tenants';
export async function tenantClient(tenantId: string) {
  const client = await createTenantDbClient(tenantId);
  await client.query('SET search_path TO tenant_' + tenantId);
  return client;
}`,
    },
    {
      name: 'a project client closed in finally',
      options: projectFactories,
      code: `import { AppPrismaService } from '../prisma/app-prisma.service';
export async function countOpenInvoices(customerId: string) {
  const prisma = new AppPrismaService();
  try {
    return await prisma.invoice.count({ where: { customerId, paidAt: null } });
  } finally {
    await prisma.$disconnect();
  }
}`,
    },
    {
      name: 'closed through the wrapper module that opened it, in finally',
      options: projectFactories,
      code: `import type { Request, Response } from 'express';
import * as cacheStore from './database/redis';
export async function cacheInfo(req: Request, res: Response) {
  const client = cacheStore.connect();
  try {
    res.json(await cacheStore.info(client));
  } finally {
    await cacheStore.close(client);
  }
}`,
    },
    {
      name: 'stored on this, or handed to a function the rule cannot see',
      options: projectFactories,
      code: `import { createTenantDbClient } from './db/tenants';
import { registry } from './registry';
export class TenantSession {
  private db?: Awaited<ReturnType<typeof createTenantDbClient>>;
  async open(tenantId: string) {
    this.db = await createTenantDbClient(tenantId);
  }
  async track(tenantId: string) {
    const db = await createTenantDbClient(tenantId);
    registry.add(tenantId, db);
  }
}`,
    },
    {
      name: "createClient from an HTTP library, an S3 client and this.createClient(): names that do not say database",
      options: projectFactories,
      code: `import express from 'express';
import { createClient } from '@supabase/supabase-js';
import { createS3Client } from './aws';
const app = express();
app.get('/avatars/:id', async (req, res) => {
  const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_KEY!);
  const s3 = createS3Client();
  res.json({ user: await supabase.from('users').select().eq('id', req.params.id), bucket: await s3.list() });
});
export class PrestoSource {
  private createClient() { return { execute: (sql: string) => Promise.resolve(sql) }; }
  async runQuery(sql: string) {
    const client = this.createClient();
    return client.execute(sql);
  }
}`,
    },
    {
      name: 'a class this file declares is read, not guessed from its name',
      options: projectFactories,
      code: `class ReportDbService {
  query(sql: string) { return Promise.resolve(sql); }
}
export async function weeklyReport() {
  const db = new ReportDbService();
  return db.query('SELECT 1');
}`,
    },
    {
      name: "a wrapper's connect() whose result is ignored sets up the client the module keeps",
      options: projectFactories,
      code: `import express from 'express';
import * as Database from './database';
const app = express();
app.post('/admin/reconnect', async (req, res) => {
  await Database.close();
  await Database.connect();
  res.send('ok');
});`,
    },
    {
      name: 'an upgrade step runs once per deploy',
      options: projectFactories,
      filename: 'src/upgrades/1.4.6/delete_sessions.ts',
      code: `import * as redisConnection from '../../database/redis/connection';
export default {
  name: 'Delete stale sessions',
  method: async function () {
    const client = await redisConnection.connect();
    for (const key of await client.keys('sess:*')) await client.del(key);
  },
};`,
    },
    {
      name: "a handle derived from the client and kept by the module keeps the client (NodeBB's mongo info)",
      options: projectFactories,
      code: `import * as connection from './mongo/connection';
export const mongoStore: { client?: unknown } = {};
export async function info(db?: { command(query: object): Promise<unknown> }) {
  if (!db) {
    const client = await connection.connect();
    db = client.db();
  }
  mongoStore.client = mongoStore.client || db;
  return db.command({ serverStatus: 1 });
}`,
    },
    {
      name: 'a catalogued library is judged by the catalog: redis createClient at module level',
      options: projectFactories,
      code: `import { createClient } from 'redis';
export const redis = createClient({ url: process.env.REDIS_URL });`,
    },
    {
      name: 'a promise chain that ends the connection in finally',
      code: `import mysql from 'mysql2/promise';
export function probeMysql(dsn: string, sql: string) {
  return mysql.createConnection(dsn).then((connection) => connection.query(sql).finally(() => connection.end()));
}`,
    },
    {
      name: 'a promise chain whose callback closes the connection in a try/finally',
      code: `import mysql from 'mysql2/promise';
export function probeMysql(dsn: string, sql: string) {
  return mysql.createConnection(dsn).then(async (connection) => {
    try {
      return await connection.query(sql);
    } finally {
      await connection.end();
    }
  });
}`,
    },
  ],
  invalid: [
    {
      name: 'an ORM created per call by an inherited factory and never closed',
      options: projectFactories,
      code: `import { Injectable } from '@nestjs/common';
import { TenantOrmFactory } from './tenant-orm.factory';
@Injectable()
export class TenantReportService extends TenantOrmFactory {
  async monthlyTotals(tenantId: string) {
    const orm = await this.createOrm({ tenantId });
    return orm.em.getConnection().execute('SELECT month, sum(total) FROM invoices GROUP BY month');
  }
}`,
      errors: [
        {
          messageId: 'neverClosed',
          data: {
            resource: "The ORM from 'this.createOrm()'",
            origin: "opened in 'monthlyTotals', once per call",
            closed: 'closed',
            consequence: 'each call leaves a pool of open connections behind',
          },
          line: 6,
          column: 17,
          endLine: 6,
          endColumn: 51,
          suggestions: [],
        },
      ],
    },
    {
      name: 'the app’s Prisma service from another file, returned early before the try/finally',
      options: projectFactories,
      code: `import { AppPrismaService } from '../prisma/app-prisma.service';
export async function countOpenInvoices(customerId: string | undefined) {
  const prisma = new AppPrismaService();
  if (!customerId) return 0;
  try {
    return await prisma.invoice.count({ where: { customerId, paidAt: null } });
  } finally {
    await prisma.$disconnect();
  }
}`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          data: {
            resource: "The client from 'new AppPrismaService()'",
            origin: "opened in 'countOpenInvoices', once per call",
            closed: 'closed',
            remedy: "close it in a 'finally' block",
          },
          line: 3,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a route opens a tenant database client per request and closes it on the happy path only',
      options: projectFactories,
      code: `import express from 'express';
import { createTenantDbClient } from './db/tenants';
const app = express();
app.get('/tenants/:id/usage', async (req, res) => {
  const db = await createTenantDbClient(req.params.id);
  const usage = await db.query('SELECT sum(bytes) FROM usage');
  await db.close();
  res.json(usage);
});`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          data: {
            resource: "The client from 'createTenantDbClient()'",
            origin: 'opened in code that runs on every request (registered with `app.get` on line 4)',
            closed: 'closed',
            remedy: "close it in a 'finally' block",
          },
          line: 5,
          column: 14,
          suggestions: [
            {
              messageId: 'releaseInFinally',
              data: { release: 'db.close()' },
              output: `import express from 'express';
import { createTenantDbClient } from './db/tenants';
const app = express();
app.get('/tenants/:id/usage', async (req, res) => {
  const db = await createTenantDbClient(req.params.id);
  try {
    const usage = await db.query('SELECT sum(bytes) FROM usage');
    res.json(usage);
  } finally {
    await db.close();
  }
});`,
            },
          ],
        },
      ],
    },
    {
      name: "NodeBB's admin page before the fix: the redis wrapper's connect() per request, handed only to the wrapper's own info()",
      options: projectFactories,
      filename: 'src/controllers/admin/database.js',
      languageOptions: commonjs,
      code: `const nconf = require('nconf');
const databaseController = module.exports;
databaseController.get = async function (req, res) {
  const results = {};
  if (nconf.get('redis')) {
    const rdb = require('../../database/redis');
    const cxn = rdb.connect();
    results.redis = await rdb.info(cxn);
  }
  res.render('admin/advanced/database', results);
};`,
      errors: [
        {
          messageId: 'neverClosed',
          data: {
            resource: "The client from 'rdb.connect()'",
            origin: "opened in 'get', once per call",
            closed: 'closed',
            consequence: 'each call leaves a connection open',
          },
          line: 7,
          column: 17,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a queue job creates a pool through the project’s db module and never ends it',
      options: projectFactories,
      code: `import { Worker } from 'bullmq';
import { createReportingPool } from '../db/pools';
export const rollups = new Worker('rollups', async (job) => {
  const pool = createReportingPool({ database: job.data.warehouse });
  await pool.query('REFRESH MATERIALIZED VIEW daily_rollup');
});`,
      errors: [
        {
          messageId: 'neverClosed',
          data: {
            resource: "The pool from 'createReportingPool()'",
            origin: "opened in the task handed to 'new Worker'",
            closed: 'closed',
            consequence: 'each task leaves a pool of open connections behind',
          },
          line: 4,
          column: 16,
          suggestions: [],
        },
      ],
    },
    {
      name: 'a promise chain whose callback ends the connection only when the query succeeds',
      code: `import mysql from 'mysql2/promise';
export function fetchSlowQueries(dsn: string) {
  return mysql.createConnection(dsn).then(async (connection) => {
    const [rows] = await connection.query('SELECT * FROM mysql.slow_log LIMIT 50');
    await connection.end();
    return rows;
  });
}`,
      errors: [
        {
          messageId: 'notClosedOnThrow',
          data: {
            resource: 'The mysql2 connection',
            origin: "opened in 'fetchSlowQueries', once per call",
            closed: 'closed',
            remedy: "close it in a 'finally' block or declare it with 'await using'",
          },
          line: 3,
          column: 10,
          suggestions: [],
        },
      ],
    },
  ],
});
