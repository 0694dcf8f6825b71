/**
 * Generator of service code dense with the patterns the rules read: module-level collections and the
 * handlers that grow or shrink them, listeners and their removal, intervals and re-armed timeouts,
 * classes that hand `this` to children and emitters, pool acquisitions in workers, ORM queries, and
 * logging/debug flags. Used by the fuzzer (random programs) and by the benchmark (scaling files of a
 * given line count). It describes the DOMAIN, never a rule, so new rules are exercised as they land.
 */
import type { Random } from './random.js';

export type Flavor = 'module' | 'commonjs';

const IMPORTS_ESM = [
  "import { EventEmitter, once } from 'node:events';",
  "import pg, { Pool, Client } from 'pg';",
  "import mysql from 'mysql2/promise';",
  "import knexFactory from 'knex';",
  "import { Sequelize, Model, DataTypes } from 'sequelize';",
  "import { DataSource, Repository } from 'typeorm';",
  "import { PrismaClient } from '@prisma/client';",
  "import mongoose from 'mongoose';",
  "import { MongoClient } from 'mongodb';",
  "import { parentPort, workerData, Worker, isMainThread } from 'node:worker_threads';",
  "import Piscina from 'piscina';",
  "import { Queue, Worker as QueueWorker } from 'bullmq';",
  "import { WebSocketServer } from 'ws';",
  "import http from 'node:http';",
  "import net from 'node:net';",
  "import { spawn, fork } from 'node:child_process';",
  "import { LRUCache } from 'lru-cache';",
  "import winston from 'winston';",
  "import { drizzle } from 'drizzle-orm/node-postgres';",
  "import { Kysely, PostgresDialect } from 'kysely';",
  "import { MikroORM } from '@mikro-orm/core';",
  "import Redis from 'ioredis';",
  "import { setInterval as every } from 'node:timers';",
];

const IMPORTS_CJS = [
  "const { EventEmitter } = require('events');",
  "const { Pool, Client } = require('pg');",
  "const mysql = require('mysql2');",
  "const knexFactory = require('knex');",
  "const { Sequelize, Model } = require('sequelize');",
  "const mongoose = require('mongoose');",
  "const { parentPort, workerData, Worker } = require('node:worker_threads');",
  "const http = require('http');",
  "const net = require('net');",
  "const WebSocket = require('ws');",
  "const { PrismaClient } = require('@prisma/client');",
  "const { DataSource } = require('typeorm');",
];

const SINGLETONS = [
  'const pool = new Pool({ max: 10 });',
  'const db = knexFactory({ client: "pg", connection: process.env.DATABASE_URL });',
  'const prisma = new PrismaClient();',
  'const bus = new EventEmitter();',
  'const sequelize = new Sequelize(process.env.DATABASE_URL);',
  'const dataSource = new DataSource({ type: "postgres", logging: false });',
  'const server = http.createServer();',
  'const wss = new WebSocketServer({ port: 8080 });',
];

/** Building blocks: each takes a unique suffix `n` and returns lines. */
type Block = (n: number, random: Random) => string;

const MODULE_COLLECTIONS: Block[] = [
  (n) => `const connections${n} = [];`,
  (n) => `const cache${n} = new Map();`,
  (n) => `export const sessions${n} = new Set();`,
  (n) => `let registry${n} = {};`,
  (n) => `const byId${n} = Object.create(null);`,
  (n) => `const weak${n} = new WeakMap();`,
  (n) => `const bounded${n} = new LRUCache({ max: 500 });`,
  (n) => `var queue${n} = new Array();`,
];

const HANDLERS: Block[] = [
  (n) => `export function onAccept${n}(socket) {\n  connections${n}.push(socket);\n  socket.on('data', (chunk) => socket.write(chunk));\n}`,
  (n) => `export async function handle${n}(req, res) {\n  const id = req.headers['x-request-id'];\n  cache${n}.set(id, { started: Date.now(), req });\n  res.end('ok');\n}`,
  (n) => `export function track${n}(session) {\n  sessions${n}.add(session);\n  return () => sessions${n}.delete(session);\n}`,
  (n) => `export function remember${n}(key, value) {\n  registry${n}[key] = value;\n  if (Object.keys(registry${n}).length > 1000) registry${n} = {};\n}`,
  (n) => `export function index${n}(user) {\n  byId${n}[user.id] = user;\n}`,
  (n) => `export function drop${n}(id) {\n  cache${n}.delete(id);\n  connections${n}.splice(connections${n}.indexOf(id), 1);\n}`,
  (n) => `export const enqueue${n} = (job) => {\n  queue${n}.unshift(job);\n  while (queue${n}.length > 100) queue${n}.pop();\n};`,
  (n) => `export function note${n}(obj) {\n  weak${n}.set(obj, Date.now());\n  bounded${n}.set(obj.id, obj);\n}`,
  (n) => `export function onExit${n}(req) {\n  process.on('exit', () => console.log(req.url));\n}`,
  (n) => `export function subscribe${n}(handler) {\n  bus.on('event${n}', handler);\n  return () => bus.off('event${n}', handler);\n}`,
  (n) => `export function listen${n}(signal) {\n  const onAbort = () => console.log('aborted ${n}');\n  signal.addEventListener('abort', onAbort, { once: true });\n  process.once('SIGTERM', onAbort);\n}`,
  (n) => `export function watch${n}() {\n  bus.on('tick', function () { console.log(${n}); });\n  bus.removeListener('tick', () => {});\n}`,
  (n) => `export function heartbeat${n}(ws) {\n  setInterval(() => ws.ping(), 30_000);\n}`,
  (n) => `export function heartbeatCleared${n}(ws) {\n  const timer = setInterval(() => ws.ping(), 30_000);\n  ws.on('close', () => clearInterval(timer));\n}`,
  (n) => `export function poll${n}() {\n  setTimeout(function again() {\n    fetch('http://localhost/${n}').catch(() => {});\n    setTimeout(again, 1000);\n  }, 1000);\n}`,
  (n) => `export function once${n}(cb) {\n  setTimeout(cb, ${n % 50});\n}`,
  (n) => `export async function report${n}() {\n  const users = await prisma.user.findMany();\n  const first = await prisma.user.findMany({ take: 10, where: { active: true } });\n  return users.length + first.length;\n}`,
  (n) => `export async function rows${n}() {\n  const all = await db('users${n}');\n  const some = await db('users${n}').where({ id: ${n} }).first();\n  const { rows } = await pool.query('SELECT * FROM accounts${n}');\n  return [all, some, rows];\n}`,
  (n) => `export async function models${n}(User) {\n  const everyone = await User.findAll();\n  const page = await User.findAll({ limit: 50, offset: ${n} });\n  const docs = await mongoose.model('Doc${n}').find({}).lean();\n  return [everyone, page, docs];\n}`,
  (n) => `export async function repo${n}() {\n  const repo = dataSource.getRepository('Order');\n  const qb = repo.createQueryBuilder('o');\n  qb.orderBy('o.id');\n  return qb.getMany();\n}`,
  (n) => `export async function withClient${n}(sql) {\n  const client = await pool.connect();\n  try {\n    return await client.query(sql);\n  } finally {\n    client.release();\n  }\n}`,
  (n) => `export async function leakClient${n}(sql) {\n  const client = await pool.connect();\n  const result = await client.query(sql);\n  return result.rows;\n}`,
  (n) => `if (!isMainThread) {\n  parentPort.on('message', async (msg${n}) => {\n    const conn = await mysql.createConnection({ host: 'db' });\n    await conn.query('UPDATE jobs SET done = 1 WHERE id = ?', [msg${n}.id]);\n    parentPort.postMessage(msg${n}.id);\n  });\n}`,
  (n) => `export default async function task${n}({ id }) {\n  const client = new Client();\n  await client.connect();\n  const res = await client.query('SELECT 1');\n  await client.end();\n  return res.rowCount + id;\n}`,
  (n) => `export const settings${n} = {\n  perf: { logging: true, debug: true },\n  development: { logging: console.log },\n};\nexport const seq${n} = new Sequelize('sqlite::memory:', { logging: false, benchmark: ${n % 2 === 0} });\nmongoose.set('debug', ${n % 3 === 0});`,
  (n) => `export function spawnChild${n}() {\n  return spawn('node', ['worker.js'], { env: { ...process.env, DEBUG: '*', NODE_ENV: 'development' } });\n}`,
];

const CLASSES: Block[] = [
  (n) => `export class Service${n} extends EventEmitter {\n  static instances = [];\n  static #byName = new Map();\n  connections = new Set();\n  timer;\n  constructor(name) {\n    super();\n    Service${n}.instances.push(this);\n    Service${n}.#byName.set(name, this);\n    this.child = new Child${n}(this);\n    this.onMessage = this.onMessage.bind(this);\n    bus.on('message', this.onMessage);\n    this.timer = setInterval(() => this.flush(), 5000);\n    this.timer.unref?.();\n  }\n  onMessage(msg) {\n    this.connections.add(msg.from);\n    this.emit('message', msg);\n  }\n  flush() {\n    for (const c of this.connections) c.flush?.();\n  }\n  close() {\n    clearInterval(this.timer);\n    bus.off('message', this.onMessage);\n    this.connections.clear();\n  }\n}`,
  (n) => `class Child${n} {\n  constructor(parent) {\n    this.parent = parent;\n    parent.on('message', (m) => this.handle(m));\n  }\n  handle(m) {\n    return this.parent && m;\n  }\n}`,
  (n) => `export class Poller${n} {\n  #handle = null;\n  start() {\n    const tick = async () => {\n      await this.poll();\n      this.#handle = setTimeout(tick, 1000);\n    };\n    tick();\n  }\n  stop() {\n    clearTimeout(this.#handle);\n  }\n  async poll() {\n    return db('events${n}').where('seen', false).limit(100);\n  }\n}`,
  (n) => `export class Registry${n} {\n  static readonly = new Map();\n  static register(key, value) {\n    this.readonly.set(key, value);\n  }\n  static {\n    Registry${n}.readonly.set('boot', ${n});\n  }\n}`,
];

const TOP_LEVEL: Block[] = [
  (n) => `const interval${n} = setInterval(() => console.log('metrics ${n}'), 60_000);\ninterval${n}.unref();`,
  (n) => `process.on('unhandledRejection', (err) => console.error(${n}, err));`,
  (n) => `for (const name of ['a${n}', 'b${n}']) connections${n}.push(name);`,
  (n) => `(function init${n}() {\n  cache${n}.set('boot', Date.now());\n  bus.on('ready', () => console.log(${n}));\n})();`,
  (n) => `server.on('connection', (socket) => {\n  connections${n}.push(socket);\n  socket.on('close', () => {\n    const i = connections${n}.indexOf(socket);\n    if (i !== -1) connections${n}.splice(i, 1);\n  });\n});`,
];

function lineCount(text: string): number {
  return text.split('\n').length;
}

/** A realistic-looking file of about `targetLines` lines, blocks numbered so names never clash. */
export function generatePatternFile(targetLines: number, random: Random, flavor: Flavor = 'module'): string {
  const header = [...(flavor === 'module' ? IMPORTS_ESM : IMPORTS_CJS), ...SINGLETONS].join('\n');
  const parts = [header];
  let lines = lineCount(header);
  for (let n = 0; lines < targetLines; n++) {
    const group = [
      ...MODULE_COLLECTIONS.map((block) => block(n, random)),
      ...HANDLERS.map((block) => block(n, random)),
      ...CLASSES.map((block) => block(n, random)),
      ...TOP_LEVEL.map((block) => block(n, random)),
    ].join('\n\n');
    const text = flavor === 'commonjs' ? toCommonJs(group) : group;
    parts.push(text);
    lines += lineCount(text) + 1;
  }
  return parts.join('\n\n');
}

/** A small random program: a random subset of imports, singletons and blocks, in random order. */
export function generatePatternProgram(random: Random, flavor: Flavor = 'module'): string {
  const imports = random.sample(flavor === 'module' ? IMPORTS_ESM : IMPORTS_CJS, random.int(0, 6));
  const singletons = random.sample(SINGLETONS, random.int(0, 4));
  const blocks: string[] = [];
  const count = random.int(1, 6);
  for (let index = 0; index < count; index++) {
    const pool = random.pick([MODULE_COLLECTIONS, HANDLERS, HANDLERS, CLASSES, TOP_LEVEL]);
    // Small suffix range so handlers often meet the collections they grow.
    blocks.push(random.pick(pool)(random.int(0, 2), random));
  }
  const body = [...imports, ...singletons, ...random.shuffle(blocks)].join('\n\n');
  return flavor === 'commonjs' ? toCommonJs(body) : body;
}

/**
 * TypeScript-only shapes where an AST walker meets null bodies, parameter properties, decorators and
 * declarations without values: overloads, abstract and declared members, `import x = require()`, `using`.
 */
const TYPESCRIPT_FRAGMENTS: Block[] = [
  (n) => `import pg${n} = require('pg');
const pool${n} = new pg${n}.Pool();`,
  (n) => `export function query${n}(sql: string): Promise<unknown>;
export function query${n}(sql: string, values: unknown[]): Promise<unknown>;
export function query${n}(sql: string, values?: unknown[]) {
  return pool.query(sql, values);
}`,
  (n) => `export abstract class Repo${n}<T> {
  protected static cache = new Map<string, unknown>();
  abstract find(id: string): Promise<T>;
  declare readonly name: string;
  accessor count = 0;
  constructor(private readonly pool: Pool, public bus?: EventEmitter) {
    bus?.on('x', () => Repo${n}.cache.set('x', this));
  }
}`,
  (n) => `@Injectable()
export class Job${n} {
  @Inject() private readonly db!: DataSource;
  timer?: NodeJS.Timeout;
  @Cron('* * * * *')
  async run(@Param() id: string): Promise<void> {
    this.timer = setInterval(() => void this.db.query('SELECT 1'), 1000);
  }
}`,
  (n) => `export async function scoped${n}() {
  await using conn = await pool.connect();
  using lock = acquireLock();
  return conn.query('SELECT * FROM t${n}');
}`,
  (n) => `declare const registry${n}: Map<string, () => void>;
declare function register${n}(name: string): void;
declare module 'pg' {
  interface Pool { tag${n}: string }
}
export enum State${n} { Idle, Busy }
export type Handler${n} = (req: Request) => void;
export = {} as { x: number };`,
  (n) => `export interface Store${n} { items: Map<string, number>; add(key: string): void }
export const store${n}: Store${n} = {
  items: new Map(),
  add(key) { this.items.set(key, Date.now()); },
} satisfies Store${n};`,
  (n) => `namespace Cache${n} {
  export const entries: string[] = [];
  export function put(value: string) { entries.push(value); }
}`,
];

/** Random single fragments (statements or declarations) to splice into other programs. */
export function randomPatternFragment(random: Random, typescript = false): string {
  const pools = [MODULE_COLLECTIONS, HANDLERS, CLASSES, TOP_LEVEL, SINGLETONS.map((line) => () => line)];
  const pool = random.pick(typescript ? [...pools, TYPESCRIPT_FRAGMENTS, TYPESCRIPT_FRAGMENTS] : pools);
  return random.pick(pool)(random.int(0, 2), random);
}

function toCommonJs(text: string): string {
  return text
    .replace(/^export default /gmu, 'module.exports = ')
    .replace(/^export (const|let|var|function|async function|class) /gmu, '$1 ');
}
