import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { findHandlerEvidence } from '../../rules/utils/request-handlers.js';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';

/** The handler evidence at each `mark()` call of `code`, linted as `filename`. */
function evidenceAtMarks(code: string, filename = 'src/server.ts', parser: ProbeOptions['parser'] = 'typescript'): (string | null)[] {
  const results: (string | null)[] = [];
  lintWithProbe(
    code,
    (context) => ({
      'CallExpression[callee.name="mark"]'(node: TSESTree.CallExpression) {
        results.push(findHandlerEvidence(node, context.sourceCode, context.filename)?.text ?? null);
      },
    }),
    { filename, parser },
  );
  return results;
}

describe('request handlers: registrations the file shows', () => {
  it('names the route method and its line (Express, Koa-router, Hono)', () => {
    const code = `import express from 'express';
const app = express();
const router = express.Router();
app.get('/orders/:id', (req, res) => { mark(); });
router.post(\`/v1/orders\`, async (req, res) => { mark(); });`;
    expect(evidenceAtMarks(code)).toEqual([
      'runs on every request: registered with `app.get` on line 4',
      'runs on every request: registered with `router.post` on line 5',
    ]);
  });

  it('reads middleware by its path or its (req, res, next) parameters, not any use()', () => {
    const code = `import MarkdownIt from 'markdown-it';
app.use((req, res, next) => { mark(); next(); });
app.use('/admin', function (r, s) { mark(); });
new MarkdownIt().use((md) => { mark(); });`;
    expect(evidenceAtMarks(code)).toEqual([
      'runs on every request: registered with `app.use` on line 2',
      'runs on every request: registered with `app.use` on line 3',
      null,
    ]);
  });

  it('does not read a Map or config lookup as a route', () => {
    const code = `const value = settings.get('timeout', () => { mark(); return 5; });`;
    expect(evidenceAtMarks(code)).toEqual([null]);
  });

  it('finds a named handler passed by reference', () => {
    const code = `async function listOrders(req: Request, res: Response) { mark(); }
router.get('/orders', listOrders);`;
    expect(evidenceAtMarks(code)).toEqual(['runs on every request: registered with `router.get` on line 2']);
  });

  it('reads route tables (Fastify, hapi)', () => {
    const code = `fastify.route({ method: 'GET', url: '/health', handler: async (request, reply) => { mark(); } });
server.route([{ method: 'POST', path: '/jobs', handler(request, h) { mark(); } }]);`;
    expect(evidenceAtMarks(code)).toEqual([
      'runs on every request: the `handler` of a route registered with `fastify.route` on line 1',
      'runs on every request: the `handler` of a route registered with `server.route` on line 2',
    ]);
  });

  it('names events, queue workers and schedules', () => {
    const code = `import { Worker } from 'bullmq';
import cron from 'node-cron';
import { CronJob } from 'cron';
wss.on('connection', (socket) => { socket.on('message', (data) => { mark(); }); });
new Worker('emails', async (job) => { mark(); });
channel.consume('events', (message) => { mark(); });
cron.schedule('*/5 * * * *', () => { mark(); });
new CronJob('0 * * * *', () => { mark(); });`;
    expect(evidenceAtMarks(code)).toEqual([
      "runs on every 'message' event: registered with `socket.on` on line 4",
      'runs for every job: registered with `new Worker` on line 5',
      'runs for every job: registered with `channel.consume` on line 6',
      'runs on every tick of its schedule: registered with `cron.schedule` on line 7',
      'runs on every tick of its schedule: registered with `new CronJob` on line 8',
    ]);
  });
});

describe('request handlers: NestJS decorators', () => {
  it('reads route, message, queue and schedule decorators imported from @nestjs/*', () => {
    const code = `import { Controller, Get, Post } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Cron } from '@nestjs/schedule';
import { Processor, WorkerHost } from '@nestjs/bullmq';
@Controller('orders')
export class OrdersController {
  @Get(':id') find() { mark(); }
  @Post() create() { mark(); }
  @MessagePattern('order.created') onCreated() { mark(); }
  @Cron('0 * * * *') sweep() { mark(); }
  helper() { mark(); }
}
@Processor('emails')
export class EmailProcessor extends WorkerHost {
  async process(job: unknown) { mark(); }
}`;
    expect(evidenceAtMarks(code)).toEqual([
      "runs on every request: decorated with `@Get()` from '@nestjs/common'",
      "runs on every request: decorated with `@Post()` from '@nestjs/common'",
      "runs for every message: decorated with `@MessagePattern()` from '@nestjs/microservices'",
      "runs on every tick of its schedule: decorated with `@Cron()` from '@nestjs/schedule'",
      null,
      "runs for every job: the `process` method of a `@Processor()` from '@nestjs/bullmq'",
    ]);
  });

  it('ignores a decorator of the same name from elsewhere', () => {
    const code = `import { Get } from './my-decorators';
class Cache { @Get() read() { mark(); } }`;
    expect(evidenceAtMarks(code)).toEqual([null]);
  });
});

describe('request handlers: signatures', () => {
  it('reads Next.js App Router handlers by export name in a route file only', () => {
    const code = `export async function GET(request: Request) { mark(); }
export async function helper() { mark(); }`;
    expect(evidenceAtMarks(code, 'app/api/orders/route.ts')).toEqual([
      'runs on every request: the Next.js route handler `GET` of a route file',
      null,
    ]);
    expect(evidenceAtMarks(code, 'src/lib/orders.ts')).toEqual([null, null]);
  });

  it('reads the default export of a Next.js pages/api file', () => {
    const code = `export default async function orders(req, res) { mark(); }`;
    expect(evidenceAtMarks(code, 'src/pages/api/orders.ts')).toEqual([
      'runs on every request: the default export of a Next.js `pages/api` route',
    ]);
  });

  it('reads serverless handlers (ESM and CommonJS)', () => {
    const code = `export const handler = async (event: unknown, context: unknown) => { mark(); };
exports.handler = async function (event) { mark(); };`;
    expect(evidenceAtMarks(code, 'functions/orders.ts')).toEqual([
      'runs on every invocation: the serverless handler `handler(event, …)`',
      'runs on every invocation: the serverless handler `handler(event, …)`',
    ]);
  });

  it('reads an exported (req, res) function as an HTTP handler, but not an exported helper', () => {
    const code = `export function listOrders(req, res) { mark(); }
export function formatOrder(order, locale) { mark(); }
function internal(req, res) { mark(); }`;
    expect(evidenceAtMarks(code)).toEqual(['runs on every request: an exported HTTP handler `(req, res)`', null, null]);
  });

  it('walks up to the nearest handler from nested callbacks', () => {
    const code = `app.get('/orders', async (req, res) => {
  const rows = await load();
  rows.forEach((row) => { mark(); });
});`;
    expect(evidenceAtMarks(code)).toEqual(['runs on every request: registered with `app.get` on line 1']);
  });
});

describe('request handlers: JavaScript parsed by espree', () => {
  it('reads class methods without decorators arrays (espree leaves them out)', () => {
    const code = `class Monitor { check() { mark(); } }\napp.get('/x', (req, res) => { mark(); });`;
    expect(evidenceAtMarks(code, 'src/monitor.js', 'espree')).toEqual([null, 'runs on every request: registered with `app.get` on line 2']);
  });
});
