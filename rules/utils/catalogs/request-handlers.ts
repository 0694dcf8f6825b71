/**
 * Knowledge for the execution-context model (`request-handlers.ts`): which functions a framework
 * calls on every request, message, job or tick. Plain data: adding a framework is an entry here plus
 * a test in `tests/utils/request-handlers.test.ts`.
 *
 * Code in these functions runs as often as the traffic: what it adds to something long-lived and
 * never takes back is added once per request.
 */

/** How often a framework calls a handler, in the words a message uses ("runs on every request"). */
/** `event`: any named event (`process.on('SIGUSR2', fn)`): repeated, but not necessarily with the traffic. */
export type HandlerKind = 'request' | 'connection' | 'message' | 'event' | 'job' | 'schedule' | 'invocation';

export const HANDLER_KIND_PHRASES: Readonly<Record<HandlerKind, string>> = {
  request: 'on every request',
  connection: 'on every connection',
  message: 'for every message',
  event: 'on every event',
  job: 'for every job',
  schedule: 'on every tick of its schedule',
  invocation: 'on every invocation',
};

/**
 * Router and app methods that register a per-request handler (Express, Koa-router, Fastify's
 * shorthands, Hono, restify): `app.get('/users/:id', handler)`. A path argument (a string or template
 * starting with `/` or `*`) tells them from `map.get(key)` and `config.get('x', fallback)`; `use`
 * takes middleware with or without a path.
 */
export const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all']);
export const MIDDLEWARE_METHODS: ReadonlySet<string> = new Set(['use']);

/**
 * Route tables: `fastify.route({ url, handler })`, hapi's `server.route({ path, handler })`. The
 * object must name a path (`url` or `path`) and carry the handler under one of these keys.
 */
export const ROUTE_TABLE_METHODS: ReadonlySet<string> = new Set(['route']);
export const ROUTE_TABLE_PATH_KEYS: ReadonlySet<string> = new Set(['url', 'path']);
export const ROUTE_TABLE_HANDLER_KEYS: ReadonlySet<string> = new Set(['handler', 'preHandler', 'onRequest']);

/**
 * Queue consumers: the callback runs once per job or message.
 * - BullMQ `new Worker('emails', async (job) => …)`, bee-queue and Bull `queue.process(fn)`;
 * - amqplib `channel.consume(queue, fn)`, pg-boss `boss.work(name, fn)`, Agenda `agenda.define(name, fn)`.
 */
export const JOB_CONSTRUCTORS: ReadonlySet<string> = new Set(['Worker']);
export const JOB_METHODS: ReadonlySet<string> = new Set(['process', 'consume', 'work', 'define']);

/** Scheduled callbacks: node-cron `cron.schedule(expr, fn)`, node-schedule `scheduleJob(expr, fn)`, `new CronJob(expr, fn)`. */
export const SCHEDULE_CALLEES: ReadonlySet<string> = new Set(['schedule', 'scheduleJob', 'setInterval']);
export const SCHEDULE_CONSTRUCTORS: ReadonlySet<string> = new Set(['CronJob']);

/**
 * NestJS method decorators and what they make of the method. Only decorators imported from a
 * `@nestjs/` package count (`@Get()` from elsewhere is someone else's `Get`).
 */
export const NEST_HANDLER_DECORATORS: Readonly<Record<string, HandlerKind>> = {
  Get: 'request',
  Post: 'request',
  Put: 'request',
  Patch: 'request',
  Delete: 'request',
  Head: 'request',
  Options: 'request',
  All: 'request',
  Sse: 'request',
  Query: 'request', // @nestjs/graphql resolvers
  Mutation: 'request',
  ResolveField: 'request',
  Subscription: 'request',
  MessagePattern: 'message',
  EventPattern: 'message',
  SubscribeMessage: 'message',
  OnEvent: 'message',
  Process: 'job',
  Cron: 'schedule',
  Interval: 'schedule',
};

/** Next.js App Router: a `route.ts` file's exports named for HTTP methods are request handlers. */
export const NEXT_ROUTE_FILE = /(?:^|\/)route\.[cm]?[jt]sx?$/u;
export const NEXT_ROUTE_EXPORTS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** Next.js Pages Router: the default export of a file under `pages/api/` handles every request to it. */
export const NEXT_API_ROUTE_FILE = /(?:^|\/)pages\/api\//u;

/**
 * Serverless entry points (AWS Lambda, Netlify, Vercel functions): an exported `handler` whose first
 * parameter is the event or request. The platform keeps the process warm between invocations, so
 * module state outlives each call.
 */
export const SERVERLESS_HANDLER_NAMES: ReadonlySet<string> = new Set(['handler']);
export const SERVERLESS_EVENT_PARAMETERS: ReadonlySet<string> = new Set(['event', 'evt', 'req', 'request']);

/** `(req, res)` and `(request, reply)`: the signature of an HTTP handler, whoever registers it. */
export const HTTP_REQUEST_PARAMETERS: ReadonlySet<string> = new Set(['req', 'request']);
export const HTTP_RESPONSE_PARAMETERS: ReadonlySet<string> = new Set(['res', 'response', 'reply']);

/** Event registrations: the callback runs on every event of that name (`socket.on('message', fn)`). */
export const EVENT_METHODS: ReadonlySet<string> = new Set(['on', 'addListener', 'prependListener', 'addEventListener']);

/** Servers whose callback runs per connection or request: `net.createServer((socket) => …)`, `http.createServer(handler)`. */
export const SERVER_FACTORIES: Readonly<Record<string, HandlerKind>> = { createServer: 'connection', createSecureServer: 'connection' };
