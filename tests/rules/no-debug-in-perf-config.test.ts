import { parseForESLint } from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-debug-in-perf-config.js';
import { commonjs, ruleTester, script } from '../rule-tester.js';

const BENCH = 'bench/orders.bench.ts';

ruleTester.run('no-debug-in-perf-config', rule, {
  valid: [
    // The same flags in ordinary service code: development logging is not a perf run.
    {
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', logging: true });`,
      filename: 'src/db/data-source.ts',
    },
    {
      code: `import mongoose from 'mongoose';
mongoose.set('debug', true);`,
      filename: 'src/db.ts',
    },
    {
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL);`,
      filename: 'src/models/index.ts',
    },
    {
      code: `import { spawn } from 'node:child_process';
spawn('node', ['server.js'], { env: { ...process.env, DEBUG: 'app:*' } });`,
      filename: 'scripts/dev.ts',
    },
    // Every catalog entry, switched on in ordinary service code: not where performance is measured.
    {
      code: `import { PrismaClient } from '@prisma/client';
import knex from 'knex';
import { MikroORM } from '@mikro-orm/postgresql';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import mysql from 'mysql2/promise';
import Redis from 'ioredis';
import Fastify from 'fastify';
import { Worker } from 'node:worker_threads';
declare const dialect: PostgresDialect;
export const prisma = new PrismaClient({ log: ['query'] });
export const db = knex({ client: 'pg', debug: true, asyncStackTraces: true });
export const orm = await MikroORM.init({ dbName: 'shop', debug: true });
export const drizzleDb = drizzle(process.env.DATABASE_URL!, { logger: true });
export const kysely = new Kysely({ dialect, log: ['query'] });
export const pool = mysql.createPool({ debug: true });
export const redis = new Redis({ showFriendlyErrorStack: true });
export const app = Fastify({ logger: true });
export const worker = new Worker('./worker.js', { env: { NODE_ENV: 'development', DEBUG: '*' } });
process.env.DEBUG = 'app:*';
process.env.NODE_ENV = 'development';
export default { debug: true, logging: true };`,
      filename: 'src/dev/bootstrap.ts',
    },
    // Path near-misses: uploads/ and payload.ts are not load tests, workbench/ is not bench/.
    {
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', logging: true });
export default { debug: true };`,
      filename: 'src/uploads/payload.ts',
    },
    {
      code: `export default { debug: true };`,
      filename: 'tools/workbench/superfast.config.ts',
    },
    // Flags already off in perf code.
    {
      code: `import { DataSource } from 'typeorm';
import { PrismaClient } from '@prisma/client';
import { Sequelize } from 'sequelize';
import mongoose from 'mongoose';
export const dataSource = new DataSource({ type: 'postgres', logging: false });
export const prisma = new PrismaClient({ log: ['warn', 'error'] });
export const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false, benchmark: false });
mongoose.set('debug', false);
mongoose.set('strictQuery', true);`,
      filename: BENCH,
    },
    // Driven by an environment variable: the run decides, not the code.
    {
      code: `import { DataSource } from 'typeorm';
import knex from 'knex';
export const dataSource = new DataSource({ type: 'postgres', logging: process.env.DB_LOG === '1' });
export const db = knex({ client: 'pg', debug: process.env.KNEX_DEBUG === 'true' });
process.env.DEBUG = process.env.BENCH_DEBUG;`,
      filename: 'perf/checkout.ts',
    },
    // A spread after the flag may turn it off again.
    {
      code: `import { DataSource, type DataSourceOptions } from 'typeorm';
declare const overrides: Partial<DataSourceOptions>;
export const dataSource = new DataSource({ type: 'postgres', logging: true, ...overrides } as DataSourceOptions);`,
      filename: BENCH,
    },
    // Not the library: a local class with the same name.
    {
      code: `function knex(options: { client: string; asyncStackTraces: boolean }) {
  return options;
}
export const db = knex({ client: 'pg', asyncStackTraces: true });`,
      filename: BENCH,
    },
    // Kysely's log callback decides per event; only a list with 'query' is certain.
    {
      code: `import { Kysely, PostgresDialect } from 'kysely';
declare const dialect: PostgresDialect;
export const db = new Kysely({ dialect, log: ['error'] });
export const db2 = new Kysely({ dialect, log(event) { if (event.level === 'error') console.error(event.error); } });`,
      filename: BENCH,
    },
    // Env-keyed config: only the development and test branches turn debugging on.
    {
      code: `export const knexConfig = {
  development: { client: 'pg', debug: true },
  test: { client: 'pg', debug: true },
  perf: { client: 'pg', debug: false },
};`,
      filename: 'src/knexfile.ts',
    },
    {
      code: `import mongoose from 'mongoose';
if (process.env.NODE_ENV === 'development') {
  mongoose.set('debug', true);
} else if (process.env.NODE_ENV !== 'perf') {
  mongoose.set('debug', true);
}`,
      filename: 'src/db.ts',
    },
    // A `load` key alone is a hook, not an environment branch; webpack's `performance` hints likewise.
    {
      code: `export const plugin = { load: { debug: true } };
export default { performance: { hints: 'warning', debug: true } };`,
      filename: 'src/plugin.ts',
    },
    // Generic debug in data, not options: fixtures, assertions, responses.
    {
      code: `const cases = [{ name: 'cold cache', debug: true }];
const results: object[] = [];
results.push({ name: 'warm cache', debug: true });
export function report(res: { json(body: object): void }) {
  res.json({ debug: true, cases });
}`,
      filename: BENCH,
    },
    // Environment values that keep debugging off.
    {
      code: `process.env.NODE_ENV = 'production';
process.env.DEBUG = '';`,
      filename: BENCH,
    },
    // A local `process` is not Node's.
    {
      code: `function configure(process: { env: Record<string, string> }) {
  process.env.DEBUG = '*';
}`,
      filename: BENCH,
    },
    // Options we cannot see may hold logging: false.
    {
      code: `import { Sequelize, type Options } from 'sequelize';
import { config } from './config.js';
export const sequelize = new Sequelize(config.url, config.options);
export function connect(options: Options) {
  return new Sequelize({ ...options });
}`,
      filename: BENCH,
    },
    // With perfFiles replaced, the default bench/ folder is no longer perf code.
    {
      code: `export default { debug: true };`,
      filename: 'bench/run.ts',
      options: [{ perfFiles: ['scripts/profile-*.ts'] }],
    },
    // A logger benchmark that enables only the loggers it creates is measuring them on purpose.
    {
      code: `process.env.DEBUG = 'dlog';
const debug = require('debug');
const dlog = debug('dlog');
module.exports = { dlog };`,
      filename: 'benchmarks/loggers.bench.js',
      languageOptions: commonjs,
    },
    // Logging switched off exactly for perf runs.
    {
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', logging: process.env.NODE_ENV !== 'perf' });
const isBench = process.env.NODE_ENV === 'bench';
export const config = { db: { logging: !isBench } };`,
      filename: 'src/data-source.ts',
    },
    // Not a perf file and no perf name in the text: nothing to check.
    {
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'sqlite', logging: 'all' });`,
      filename: 'src/db.ts',
    },
  ],
  invalid: [
    {
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', logging: true });`,
      filename: BENCH,
      errors: [
        {
          messageId: 'debugFlag',
          line: 2,
          column: 62,
          endLine: 2,
          endColumn: 75,
          data: {
            subject: "TypeORM option 'logging'",
            effect: 'logs every SQL query it runs',
          },
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', logging: false });`,
            },
          ],
        },
      ],
    },
    // Options declared in a const and passed by reference; the list keeps warn and error.
    {
      code: `import { DataSource, type DataSourceOptions } from 'typeorm';
const options = {
  type: 'postgres',
  logging: ['query', 'warn', 'error'],
} satisfies DataSourceOptions;
export const dataSource = new DataSource(options);`,
      filename: 'load-tests/checkout.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { DataSource, type DataSourceOptions } from 'typeorm';
const options = {
  type: 'postgres',
  logging: ['warn', 'error'],
} satisfies DataSourceOptions;
export const dataSource = new DataSource(options);`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
const LOGGING = 'all';
@Module({ imports: [TypeOrmModule.forRoot({ type: 'postgres', logging: LOGGING })] })
export class PerfModule {}`,
      filename: 'perf/app.module.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 4,
          column: 63,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
const LOGGING = 'all';
@Module({ imports: [TypeOrmModule.forRoot({ type: 'postgres', logging: false })] })
export class PerfModule {}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({
  log: [{ level: 'query', emit: 'event' }, 'error'],
});`,
      filename: 'benchmarks/prisma.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({
  log: ['error'],
});`,
            },
          ],
        },
      ],
    },
    // Prisma with a list we cannot edit in place: no suggestion, still reported.
    {
      code: `import { PrismaClient, type Prisma } from '@prisma/client';
const levels: Prisma.LogLevel[] = ['query'];
export const prisma = new PrismaClient({ log: levels });`,
      filename: 'k6/setup.ts',
      errors: [{ messageId: 'debugFlag', line: 3, column: 42, suggestions: [] }],
    },
    // Sequelize logs through any function it is given, and times queries with `benchmark`.
    {
      code: `import { Sequelize } from 'sequelize';
import { logger } from './logger.js';
export const sequelize = new Sequelize(process.env.DATABASE_URL, {
  logging: (sql) => logger.debug(sql),
  benchmark: true,
});`,
      filename: 'stress/orders.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 4,
          column: 3,
          data: {
            subject: "Sequelize option 'logging'",
            effect: 'passes every SQL statement to its logging function',
          },
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { Sequelize } from 'sequelize';
import { logger } from './logger.js';
export const sequelize = new Sequelize(process.env.DATABASE_URL, {
  logging: false,
  benchmark: true,
});`,
            },
          ],
        },
        {
          messageId: 'debugFlag',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { Sequelize } from 'sequelize';
import { logger } from './logger.js';
export const sequelize = new Sequelize(process.env.DATABASE_URL, {
  logging: (sql) => logger.debug(sql),
  benchmark: false,
});`,
            },
          ],
        },
      ],
    },
    {
      code: `const { Sequelize } = require('sequelize');
module.exports = new Sequelize('shop', 'bench', 'secret', { dialect: 'postgres', logging: console.log });`,
      filename: 'soak/db.cjs',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'debugFlag',
          line: 2,
          column: 82,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `const { Sequelize } = require('sequelize');
module.exports = new Sequelize('shop', 'bench', 'secret', { dialect: 'postgres', logging: false });`,
            },
          ],
        },
      ],
    },
    // Sequelize logs every query by default: a perf instance without `logging: false`.
    {
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL);`,
      filename: BENCH,
      errors: [
        {
          messageId: 'defaultQueryLogging',
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'addLoggingFalse',
              output: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Sequelize } from 'sequelize-typescript';
import { Order } from './order.model.js';
export const sequelize = new Sequelize({
  dialect: 'postgres',
  models: [Order],
});`,
      filename: 'perf/sequelize.ts',
      errors: [
        {
          messageId: 'defaultQueryLogging',
          line: 3,
          column: 26,
          suggestions: [
            {
              messageId: 'addLoggingFalse',
              output: `import { Sequelize } from 'sequelize-typescript';
import { Order } from './order.model.js';
export const sequelize = new Sequelize({
  dialect: 'postgres',
  models: [Order],
  logging: false,
});`,
            },
          ],
        },
      ],
    },
    // Two arguments: appending options would land in the password slot, so no suggestion.
    {
      code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('shop', 'bench');`,
      filename: BENCH,
      errors: [{ messageId: 'defaultQueryLogging', line: 2, column: 26, suggestions: [] }],
    },
    {
      code: `const knex = require('knex');
module.exports = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  debug: true,
  asyncStackTraces: true,
});`,
      filename: 'benchmark/knex.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'debugFlag',
          line: 5,
          column: 3,
          data: { subject: "knex option 'debug'", effect: 'prints every query with its bindings' },
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `const knex = require('knex');
module.exports = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  debug: false,
  asyncStackTraces: true,
});`,
            },
          ],
        },
        {
          messageId: 'debugFlag',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `const knex = require('knex');
module.exports = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  debug: true,
  asyncStackTraces: false,
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import mongoose from 'mongoose';
mongoose.set('debug', true);
mongoose.set({ debug: (collection: string, method: string) => console.log(collection, method) });`,
      filename: 'artillery/processor.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 28,
          data: { subject: "Mongoose option 'debug'", effect: 'prints every collection call with its arguments' },
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import mongoose from 'mongoose';
mongoose.set('debug', false);
mongoose.set({ debug: (collection: string, method: string) => console.log(collection, method) });`,
            },
          ],
        },
        {
          messageId: 'debugFlag',
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import mongoose from 'mongoose';
mongoose.set('debug', true);
mongoose.set({ debug: false });`,
            },
          ],
        },
      ],
    },
    {
      code: `import { MikroORM } from '@mikro-orm/postgresql';
export const orm = await MikroORM.init({ dbName: 'shop', debug: ['query', 'query-params'] });`,
      filename: 'perf/orm.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 2,
          column: 58,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { MikroORM } from '@mikro-orm/postgresql';
export const orm = await MikroORM.init({ dbName: 'shop', debug: false });`,
            },
          ],
        },
      ],
    },
    {
      code: `import { defineConfig } from '@mikro-orm/core';
export default defineConfig({ dbName: 'shop', debug: true });`,
      filename: 'mikro-orm.perf.config.ts',
      errors: [{ messageId: 'debugFlag', line: 2, column: 47, suggestions: [{ messageId: 'disableFlag', output: `import { defineConfig } from '@mikro-orm/core';
export default defineConfig({ dbName: 'shop', debug: false });` }] }],
    },
    {
      code: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
export const db = drizzle(new Pool(), { logger: true });`,
      filename: 'bench/drizzle.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 3,
          column: 41,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
export const db = drizzle(new Pool(), { logger: false });`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.js';
declare const dialect: PostgresDialect;
export const db = new Kysely<DB>({ dialect, log: ['query', 'error'] });`,
      filename: 'bench/kysely.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 4,
          column: 45,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.js';
declare const dialect: PostgresDialect;
export const db = new Kysely<DB>({ dialect, log: ['error'] });`,
            },
          ],
        },
      ],
    },
    {
      code: `import mysql from 'mysql2/promise';
export const pool = mysql.createPool({ uri: process.env.DATABASE_URL, debug: true });`,
      filename: 'loadtest/pool.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 2,
          column: 71,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import mysql from 'mysql2/promise';
export const pool = mysql.createPool({ uri: process.env.DATABASE_URL, debug: false });`,
            },
          ],
        },
      ],
    },
    {
      code: `import Redis from 'ioredis';
export const redis = new Redis({ host: 'localhost', showFriendlyErrorStack: true });`,
      filename: 'autocannon/redis.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 2,
          column: 53,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import Redis from 'ioredis';
export const redis = new Redis({ host: 'localhost', showFriendlyErrorStack: false });`,
            },
          ],
        },
      ],
    },
    // Environment set by the perf script itself.
    {
      code: `process.env.DEBUG = 'knex:query,express:*';
process.env["NODE_ENV"] = "development";`,
      filename: 'bench/server.bench.js',
      languageOptions: script,
      errors: [
        {
          messageId: 'debugFlag',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 43,
          data: {
            subject: "Environment variable 'DEBUG' (read by the debug module)",
            effect: 'turns on every matching `debug` logger in the process',
          },
          suggestions: [],
        },
        {
          messageId: 'debugFlag',
          line: 2,
          column: 1,
          suggestions: [{ messageId: 'disableFlag', output: `process.env.DEBUG = 'knex:query,express:*';
process.env["NODE_ENV"] = "production";` }],
        },
      ],
    },
    // The environment handed to the measured process or thread.
    {
      code: `import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import cluster from 'node:cluster';
const env = { ...process.env, DEBUG: '*', NODE_ENV: 'development' };
spawn(process.execPath, ['dist/server.js'], { env, stdio: 'inherit' });
new Worker(new URL('./load-worker.js', import.meta.url), { env: { NODE_ENV: 'development' } });
cluster.fork({ NODE_ENV: 'dev' });`,
      filename: 'load-test/run.ts',
      errors: [
        { messageId: 'debugFlag', line: 4, column: 31, suggestions: [] },
        {
          messageId: 'debugFlag',
          line: 4,
          column: 43,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import cluster from 'node:cluster';
const env = { ...process.env, DEBUG: '*', NODE_ENV: 'production' };
spawn(process.execPath, ['dist/server.js'], { env, stdio: 'inherit' });
new Worker(new URL('./load-worker.js', import.meta.url), { env: { NODE_ENV: 'development' } });
cluster.fork({ NODE_ENV: 'dev' });`,
            },
          ],
        },
        {
          messageId: 'debugFlag',
          line: 6,
          column: 67,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import cluster from 'node:cluster';
const env = { ...process.env, DEBUG: '*', NODE_ENV: 'development' };
spawn(process.execPath, ['dist/server.js'], { env, stdio: 'inherit' });
new Worker(new URL('./load-worker.js', import.meta.url), { env: { NODE_ENV: 'production' } });
cluster.fork({ NODE_ENV: 'dev' });`,
            },
          ],
        },
        {
          messageId: 'debugFlag',
          line: 7,
          column: 16,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import cluster from 'node:cluster';
const env = { ...process.env, DEBUG: '*', NODE_ENV: 'development' };
spawn(process.execPath, ['dist/server.js'], { env, stdio: 'inherit' });
new Worker(new URL('./load-worker.js', import.meta.url), { env: { NODE_ENV: 'development' } });
cluster.fork({ NODE_ENV: 'production' });`,
            },
          ],
        },
      ],
    },
    // A knexfile in perf code: its options are knex's, and the message names knex's effect.
    {
      code: `module.exports = {
  client: 'pg',
  connection: process.env.DATABASE_URL,
  debug: true,
};`,
      filename: 'perf/knexfile.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'debugFlag',
          line: 4,
          column: 3,
          data: { subject: "knex option 'debug'", effect: 'prints every query with its bindings' },
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `module.exports = {
  client: 'pg',
  connection: process.env.DATABASE_URL,
  debug: false,
};`,
            },
          ],
        },
      ],
    },
    // Env-keyed config in ordinary code: only the perf branch is reported.
    {
      code: `const debug = true;
export const knexConfig = {
  development: { client: 'pg', debug },
  perf: { client: 'pg', pool: { min: 2, max: 10 }, debug },
};`,
      filename: 'src/knexfile.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 4,
          column: 52,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `const debug = true;
export const knexConfig = {
  development: { client: 'pg', debug },
  perf: { client: 'pg', pool: { min: 2, max: 10 }, debug: false },
};`,
            },
          ],
        },
      ],
    },
    // `load` counts next to another environment key.
    {
      code: `export default {
  production: { debug: false },
  load: { debug: true },
};`,
      filename: 'src/config.ts',
      errors: [{ messageId: 'debugFlag', line: 3, column: 11, suggestions: [{ messageId: 'disableFlag', output: `export default {
  production: { debug: false },
  load: { debug: false },
};` }] }],
    },
    // if / else on NODE_ENV: only the branch that runs in perf.
    {
      code: `import mongoose from 'mongoose';
const env = process.env.NODE_ENV ?? 'development';
if (env === 'development') {
  mongoose.set('debug', true);
} else if (env === 'perf') {
  mongoose.set('debug', true);
}`,
      filename: 'src/db.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import mongoose from 'mongoose';
const env = process.env.NODE_ENV ?? 'development';
if (env === 'development') {
  mongoose.set('debug', true);
} else if (env === 'perf') {
  mongoose.set('debug', false);
}`,
            },
          ],
        },
      ],
    },
    // switch with fall-through cases and a ternary on a negated test.
    {
      code: `import { DataSource } from 'typeorm';
const { NODE_ENV } = process.env;
export function createDataSource() {
  switch (NODE_ENV) {
    case 'development':
      return new DataSource({ type: 'postgres', logging: true });
    case 'bench':
    case 'load':
      return new DataSource({ type: 'postgres', logging: true });
    default:
      return new DataSource({ type: 'postgres', logging: false });
  }
}
export const logging = process.env.NODE_ENV !== 'stress' ? 'all' : new DataSource({ type: 'postgres', logging: 'all' });`,
      filename: 'src/data-source.ts',
      errors: [
        { messageId: 'debugFlag', line: 9, column: 49, suggestions: [{ messageId: 'disableFlag', output: `import { DataSource } from 'typeorm';
const { NODE_ENV } = process.env;
export function createDataSource() {
  switch (NODE_ENV) {
    case 'development':
      return new DataSource({ type: 'postgres', logging: true });
    case 'bench':
    case 'load':
      return new DataSource({ type: 'postgres', logging: false });
    default:
      return new DataSource({ type: 'postgres', logging: false });
  }
}
export const logging = process.env.NODE_ENV !== 'stress' ? 'all' : new DataSource({ type: 'postgres', logging: 'all' });` }] },
        { messageId: 'debugFlag', line: 14, column: 103, suggestions: [{ messageId: 'disableFlag', output: `import { DataSource } from 'typeorm';
const { NODE_ENV } = process.env;
export function createDataSource() {
  switch (NODE_ENV) {
    case 'development':
      return new DataSource({ type: 'postgres', logging: true });
    case 'bench':
    case 'load':
      return new DataSource({ type: 'postgres', logging: true });
    default:
      return new DataSource({ type: 'postgres', logging: false });
  }
}
export const logging = process.env.NODE_ENV !== 'stress' ? 'all' : new DataSource({ type: 'postgres', logging: false });` }] },
      ],
    },
    // A perf flag variable and a Sequelize instance created only for perf runs.
    {
      code: `import { Sequelize } from 'sequelize';
export const sequelize = process.env.BENCHMARK
  ? new Sequelize(process.env.DATABASE_URL)
  : new Sequelize(process.env.DATABASE_URL, { logging: false });`,
      filename: 'src/db.ts',
      errors: [
        {
          messageId: 'defaultQueryLogging',
          line: 3,
          column: 5,
          suggestions: [
            {
              messageId: 'addLoggingFalse',
              output: `import { Sequelize } from 'sequelize';
export const sequelize = process.env.BENCHMARK
  ? new Sequelize(process.env.DATABASE_URL, { logging: false })
  : new Sequelize(process.env.DATABASE_URL, { logging: false });`,
            },
          ],
        },
      ],
    },
    // Windows separators.
    {
      code: `export default { debug: true };`,
      filename: 'C:\\services\\shop\\load-tests\\checkout.ts',
      errors: [{ messageId: 'debugFlag', line: 1, column: 18, suggestions: [{ messageId: 'disableFlag', output: `export default { debug: false };` }] }],
    },
    // Options: custom perf files, perf env names and an extra catalog entry.
    {
      code: `import pino from 'pino';
export const logger = pino({ level: 'trace' });
if (process.env.NODE_ENV === 'soak') {
  process.env.DEBUG = 'app:*';
}`,
      filename: 'scripts/profile-orders.ts',
      options: [
        {
          perfFiles: ['scripts/profile-*.ts'],
          perfEnvNames: ['soak'],
          flags: [
            {
              library: 'pino',
              module: 'pino',
              property: 'level',
              on: { values: ['debug', 'trace'] },
              effect: 'formats and writes every debug and trace line',
              off: "'info'",
            },
          ],
        },
      ],
      errors: [
        {
          messageId: 'debugFlag',
          line: 2,
          column: 30,
          data: { subject: "pino option 'level'", effect: 'formats and writes every debug and trace line' },
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import pino from 'pino';
export const logger = pino({ level: 'info' });
if (process.env.NODE_ENV === 'soak') {
  process.env.DEBUG = 'app:*';
}`,
            },
          ],
        },
        { messageId: 'debugFlag', line: 4, column: 3, suggestions: [] },
      ],
    },
    {
      code: `if (process.env.NODE_ENV === 'soak') {
  process.env.DEBUG = 'app:*';
}`,
      filename: 'src/env.ts',
      options: [{ perfEnvNames: ['soak'] }],
      errors: [{ messageId: 'debugFlag', line: 2, column: 3, suggestions: [] }],
    },
    // A debug-logger benchmark that also enables loggers it does not create.
    {
      code: `process.env.DEBUG = 'dlog,knex:*';
const debug = require('debug');
const dlog = debug('dlog');
module.exports = { dlog };`,
      filename: 'benchmarks/loggers.bench.js',
      languageOptions: commonjs,
      errors: [{ messageId: 'debugFlag', line: 1, column: 1, suggestions: [] }],
    },
    // Generic `logging` in the perf branch of a Sequelize CLI style config.
    {
      code: `module.exports = {
  development: { dialect: 'postgres', logging: console.log },
  perf: { dialect: 'postgres', logging: console.log },
};`,
      filename: 'config/database.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'debugFlag',
          line: 3,
          column: 32,
          data: { subject: "A configuration option 'logging'", effect: 'logs every query or request it handles' },
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `module.exports = {
  development: { dialect: 'postgres', logging: console.log },
  perf: { dialect: 'postgres', logging: false },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `import Fastify from 'fastify';
export async function start() {
  const app = Fastify({ logger: true });
  app.get('/orders', async () => []);
  await app.listen({ port: 3000 });
}`,
      filename: 'bench/server.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 3,
          column: 25,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import Fastify from 'fastify';
export async function start() {
  const app = Fastify({ logger: false });
  app.get('/orders', async () => []);
  await app.listen({ port: 3000 });
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import http from 'k6/http';
export const options = { vus: 50, duration: '5m', httpDebug: 'full' };
export default function () {
  http.get('http://localhost:3000/orders');
}`,
      filename: 'k6/orders.js',
      errors: [{ messageId: 'debugFlag', line: 2, column: 51, endColumn: 68, suggestions: [] }],
    },
    // The value selects the perf run itself.
    {
      code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', logging: process.env.NODE_ENV === 'perf' });`,
      filename: 'src/data-source.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 2,
          column: 62,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres', logging: false });`,
            },
          ],
        },
      ],
    },
    {
      code: `import { PrismaClient } from '@prisma/client';
export const prisma = new PrismaClient({
  log: process.env.NODE_ENV === 'bench' ? ['query', 'error'] : ['error'],
});`,
      filename: 'src/prisma.ts',
      errors: [{ messageId: 'debugFlag', line: 3, column: 3, suggestions: [] }],
    },
    // A flag variable for perf runs, and an option set by assignment.
    {
      code: `import { config } from './config.js';
const isPerf = process.env.NODE_ENV === 'perf';
if (isPerf) {
  config.db.debug = true;
}`,
      filename: 'src/setup.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import { config } from './config.js';
const isPerf = process.env.NODE_ENV === 'perf';
if (isPerf) {
  config.db.debug = false;
}`,
            },
          ],
        },
      ],
    },
    {
      code: `Object.assign(process.env, { NODE_ENV: 'development', DEBUG: 'express:*' });`,
      filename: 'bench/express.bench.js',
      languageOptions: commonjs,
      errors: [
        {
          messageId: 'debugFlag',
          line: 1,
          column: 30,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `Object.assign(process.env, { NODE_ENV: 'production', DEBUG: 'express:*' });`,
            },
          ],
        },
        { messageId: 'debugFlag', line: 1, column: 55, suggestions: [] },
      ],
    },
  ],
});

describe('no-debug-in-perf-config options', () => {
  function lint(options: unknown): Linter.LintMessage[] {
    const linter = new Linter({ configType: 'flat' });
    return linter.verify(
      'export default {};',
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: { parseForESLint } },
          plugins: { leaks: { rules: { 'no-debug-in-perf-config': rule as never } } },
          rules: { 'leaks/no-debug-in-perf-config': ['error', options] },
        },
      ],
      'bench/run.ts',
    );
  }

  it('rejects unknown options and malformed catalog entries', () => {
    expect(() => lint({ perfGlobs: ['bench/**'] })).toThrow(/should NOT have additional properties/u);
    expect(() => lint({ flags: [{ library: 'x', property: 'debug' }] })).toThrow(/required property 'effect'/u);
    expect(() => lint({ perfFiles: 'bench/**' })).toThrow(/should be array/u);
  });

  it('accepts a valid configuration', () => {
    expect(lint({ perfFiles: ['bench/**'], perfEnvNames: ['perf'], flags: [] })).toEqual([]);
  });
});

// Issue 16: a library's configuration file by name is that library's options.
ruleTester.run('no-debug-in-perf-config: configuration files by name', rule, {
  valid: [
    {
      name: 'a knexfile outside perf paths, debug only in development',
      code: `import type { Knex } from 'knex';
const config: Record<string, Knex.Config> = {
  development: { client: 'pg', debug: true },
  production: { client: 'pg' },
};
export default config;`,
      filename: 'knexfile.ts',
    },
    {
      name: 'an object named like a knex config in a file that is not a knexfile',
      code: `export default { client: 'pg', debug: true };`,
      filename: 'src/feature-flags.ts',
    },
  ],
  invalid: [
    {
      name: 'the perf environment of a knexfile turns on knex debug',
      code: `import type { Knex } from 'knex';
const config: Record<string, Knex.Config> = {
  development: { client: 'pg', debug: true },
  perf: { client: 'pg', debug: true },
};
export default config;`,
      filename: 'knexfile.ts',
      errors: [
        {
          messageId: 'debugFlag',
          line: 4,
          column: 25,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `import type { Knex } from 'knex';
const config: Record<string, Knex.Config> = {
  development: { client: 'pg', debug: true },
  perf: { client: 'pg', debug: false },
};
export default config;`,
            },
          ],
        },
      ],
    },
    {
      name: 'a knexfile under a load-test folder, CommonJS',
      code: `module.exports = { client: 'pg', connection: process.env.DATABASE_URL, debug: true };`,
      filename: 'load-test/knexfile.cjs',
      languageOptions: { globals: { module: 'readonly', process: 'readonly' } },
      errors: [
        {
          messageId: 'debugFlag',
          line: 1,
          column: 72,
          suggestions: [
            {
              messageId: 'disableFlag',
              output: `module.exports = { client: 'pg', connection: process.env.DATABASE_URL, debug: false };`,
            },
          ],
        },
      ],
    },
  ],
});
