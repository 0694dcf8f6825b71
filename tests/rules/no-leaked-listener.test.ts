import { parseForESLint } from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-leaked-listener.js';
import { commonjs, ruleTester, script } from '../rule-tester.js';

ruleTester.run('no-leaked-listener', rule, {
  valid: [
    // Module top level runs once: the recommended place for process-wide handlers.
    `import { shutdown } from './lifecycle.js';
process.on('SIGTERM', shutdown);
process.on('uncaughtException', (error) => { console.error(error); process.exit(1); });`,
    // Per-request objects end with the request.
    `import http from 'node:http';
http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => res.end(Buffer.concat(chunks)));
  res.on('finish', () => console.log(res.statusCode));
}).listen(8080);`,
    // The socket of a connection callback, and a WebSocket created in the same call.
    `import { WebSocketServer, WebSocket } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  ws.on('message', (data) => ws.send(data));
  ws.on('close', () => console.log('bye'));
});
export function connectUpstream(url: string) {
  const upstream = new WebSocket(url);
  upstream.on('message', (data) => console.log(data));
  return upstream;
}`,
    // A module-level slot reassigned in the same call holds a fresh object each time.
    `import net from 'node:net';
let socket: net.Socket | undefined;
export function reconnect(port: number) {
  socket = net.connect(port);
  socket.on('data', (chunk) => console.log(chunk.length));
  socket.on('close', () => setTimeout(() => reconnect(port), 1000));
}`,
    // Once-only guards: a flag set where the listener is added, an early return, a listener count.
    `let installed = false;
export function installExitHook(cleanup: () => void) {
  if (!installed) {
    installed = true;
    process.on('exit', () => cleanup());
  }
}`,
    `let hooked = false;
export function trackWarnings(log: (message: string) => void) {
  if (hooked) return;
  hooked = true;
  process.on('warning', (warning) => log(warning.message));
}`,
    `export function reportWarnings() {
  if (process.listenerCount('warning') === 0) {
    process.on('warning', (warning) => console.warn(warning.stack));
  }
}`,
    // Removal with the same resolved handler, here through a returned disposer.
    `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export function subscribeOrders(orderId: string) {
  const onOrder = (order: { id: string }) => { if (order.id === orderId) console.log(order); };
  bus.on('order', onOrder);
  return () => bus.off('order', onOrder);
}`,
    // Removed on the owner's close event, through a const alias of the same handler.
    `import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
const bus = new EventEmitter();
export function attach(socket: Socket) {
  const forward = (line: string) => socket.write(line);
  const handler = forward;
  bus.on('broadcast', forward);
  socket.on('close', () => bus.removeListener('broadcast', handler));
}`,
    // once, { once: true }, and an AbortSignal the call aborts.
    `const shutdownTarget = new EventTarget();
export async function handle(job: { run(): Promise<void> }) {
  process.once('beforeExit', () => console.log('draining'));
  shutdownTarget.addEventListener('stop', () => console.log('stop'), { once: true });
  const controller = new AbortController();
  shutdownTarget.addEventListener('stop', () => console.log('cancel'), { signal: controller.signal });
  try {
    await job.run();
  } finally {
    controller.abort();
  }
}`,
    // A signal handed in by the caller, and one that times out by itself.
    `const shutdownTarget = new EventTarget();
export function watch(signal: AbortSignal) {
  shutdownTarget.addEventListener('stop', () => console.log('stop'), { signal });
  shutdownTarget.addEventListener('drain', () => console.log('drain'), { signal: AbortSignal.timeout(5000) });
}`,
    // removeAllListeners(event) in the close path.
    `import { EventEmitter } from 'node:events';
const jobs = new EventEmitter();
export class Runner {
  start() { jobs.on('job', (job) => this.run(job)); }
  run(job: unknown) { console.log(job); }
  close() { jobs.removeAllListeners('job'); }
}`,
    // events.on / events.once / EventEmitter.on are helpers that remove their own listener.
    `import { EventEmitter, on, once } from 'node:events';
const bus = new EventEmitter();
export async function consume(signal: AbortSignal) {
  for await (const [message] of on(bus, 'message', { signal })) console.log(message);
  for await (const [tick] of EventEmitter.on(bus, 'tick', { signal })) console.log(tick);
  await once(bus, 'ready');
}`,
    // this.<field> of a per-instance owner (a connection class in a library): owned, not leaked.
    `import net from 'node:net';
export class Connection {
  private socket: net.Socket;
  constructor(port: number) {
    this.socket = net.connect(port);
    this.socket.on('data', (chunk) => this.onData(chunk));
  }
  resume() { this.socket.on('drain', () => this.flush()); }
  onData(chunk: Buffer) { console.log(chunk); }
  flush() {}
}`,
    // Bootstrap code the file calls once, a listen callback, and setup functions with unseen callers.
    `import http from 'node:http';
async function main() {
  process.on('exit', () => console.log('bye'));
  const server = http.createServer();
  server.listen(8080, () => {
    process.on('SIGINT', () => server.close());
  });
}
main().catch(console.error);`,
    `import type { Server } from 'node:http';
export function installShutdownHooks(server: Server) {
  process.on('SIGTERM', () => server.close());
  process.on('exit', () => console.log('closed'));
}
export default (server: Server) => {
  process.on('unhandledRejection', (reason) => { console.error(reason); server.close(); });
};`,
    // A plugin callback handed to a wrapper not known to repeat, and a connect function called at start-up.
    `import fp from 'fastify-plugin';
import mongoose from 'mongoose';
export default fp(async (fastify) => {
  process.on('SIGTERM', () => fastify.close());
});
export async function connectDatabase(url: string) {
  await mongoose.connect(url);
  mongoose.connection.on('error', (error) => console.error(error));
}`,
    // A removal of whatever listener the caller passes may remove the one added here.
    `import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
export function subscribe(topic: string, listener: (message: string) => void) {
  const filtered = (t: string, message: string) => { if (t === topic) listener(message); };
  bus.on('message', filtered);
  return filtered;
}
export function unsubscribe(listener: (t: string, message: string) => void) {
  bus.off('message', listener);
}`,
    // The constructor of a class instantiated once at load time runs once.
    `class TempFiles {
  private readonly paths = new Set<string>();
  constructor() {
    process.on('exit', () => this.paths.clear());
  }
  add(path: string) { this.paths.add(path); }
}
export const tempFiles = new TempFiles();`,
    // Corpus regressions (in our words): a process hook removed when the stream it flushes closes, and a
    // bound handler installed once per instance behind a field guard and removed by its own method.
    `import { Writable } from 'node:stream';
export function openTransport(stream: Writable) {
  const flushOnExit = () => stream.end();
  process.on('exit', flushOnExit);
  stream.on('close', () => process.removeListener('exit', flushOnExit));
  return stream;
}`,
    `export class ExitHandler {
  private hook: (() => void) | null = null;
  handle() {
    if (!this.hook) {
      this.hook = this.flush.bind(this);
      process.on('beforeExit', this.hook);
    }
  }
  unhandle() {
    if (this.hook) {
      process.removeListener('beforeExit', this.hook);
      this.hook = null;
    }
  }
  flush() {}
}`,
    // EventTarget ignores a second addEventListener of the same module-level function.
    `function onOnline() { console.log('online'); }
export function watchConnectivity() {
  window.addEventListener('online', onOnline);
}`,
    // A handler passed in by the caller: this function only forwards it.
    `import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
export function onShutdown(listener: () => void) {
  bus.on('shutdown', listener);
}`,
    // Routers take (method, path, handler): not an EventEmitter registration.
    `import Router from 'find-my-way';
const router = Router();
export function mount(path: string) {
  router.on('GET', path, (req, res) => res.end('ok'));
}`,
    // A disposer returned to the caller (nanoevents style).
    `import { createNanoEvents } from 'nanoevents';
const emitter = createNanoEvents();
export function onTick(render: (n: number) => void) {
  return emitter.on('tick', (n: number) => render(n));
}`,
    // A winston transport added once at module level.
    `import winston from 'winston';
export const logger = winston.createLogger({ level: 'info' });
logger.add(new winston.transports.Console());`,
    // CommonJS top level and a script's global scope run once too.
    {
      code: `const { EventEmitter } = require('node:events');
const bus = new EventEmitter();
bus.on('tick', () => console.log('tick'));
module.exports = bus;`,
      languageOptions: commonjs,
    },
    {
      code: `var bus = new EventTarget();
bus.addEventListener('tick', function () { console.log('tick'); });`,
      languageOptions: script,
    },
    // Without checkThisTargets, `this` of a singleton is not checked.
    `import { EventEmitter } from 'node:events';
class Metrics extends EventEmitter {
  record(name: string) { this.on('flush', () => console.log(name)); }
}
export const metrics = new Metrics();`,
    // With checkThisTargets, a class instantiated per connection is not a singleton.
    {
      code: `import { EventEmitter } from 'node:events';
import net from 'node:net';
class Session extends EventEmitter {
  track(name: string) { this.on('flush', () => console.log(name)); }
}
net.createServer((socket) => { const session = new Session(); session.track(String(socket.remotePort)); });`,
      options: [{ checkThisTargets: true }],
    },
    // A session's listen() runs once: the only instance is made and listened on by a setup function.
    `class IpcSession {
  listen() {
    process.on('message', (message: unknown) => this.handle(message));
  }
  handle(message: unknown) {
    console.log(message);
  }
}
export function startSession() {
  const session = new IpcSession();
  session.listen();
}`,
  ],
  invalid: [
    {
      name: 'the message names the route that makes the code run on every request',
      code: `import express from 'express';
const app = express();
app.post('/exports', (req, res) => {
  process.on('uncaughtException', (error) => res.status(500).end(String(error)));
  res.json({ queued: true });
});`,
      errors: [
        {
          messageId: 'listenerCannotBeRemoved',
          data: {
            what: "'uncaughtException' listener",
            target: 'process',
            runs: ' (on every request: registered with `app.post` on line 3)',
          },
          line: 4,
        },
      ],
    },
    {
      name: 'a Next.js route handler is a request handler by its export, with no registration in the file',
      filename: 'app/api/stream/route.ts',
      code: `export async function GET(request: Request) {
  const onShutdown = () => console.log('closing', request.url);
  process.on('SIGTERM', onShutdown);
  return new Response('ok');
}`,
      errors: [
        {
          messageId: 'listenerNeverRemoved',
          data: {
            what: "'SIGTERM' listener",
            target: 'process',
            runs: ' (on every request: the Next.js route handler `GET` of a route file)',
          },
          line: 3,
        },
      ],
    },
    // The same method, also reached from a reconnect path: every reconnect adds a listener.
    {
      code: `class IpcSession {
  listen() {
    process.on('message', (message: unknown) => this.handle(message));
  }
  reconnect() {
    this.listen();
  }
  handle(message: unknown) {
    console.log(message);
  }
}
export function startSession() {
  const session = new IpcSession();
  session.listen();
  return () => session.reconnect();
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 3, column: 5 }],
    },
    // A session per request, each listening on the process.
    {
      code: `import http from 'node:http';
class Session {
  listen() {
    process.on('message', () => undefined);
  }
}
http.createServer((req, res) => {
  const session = new Session();
  session.listen();
  res.end();
}).listen(8080);`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 4, column: 5 }],
    },
    // The story: process.on('exit') in a request handler.
    {
      code: `import express from 'express';
const app = express();
app.get('/report', async (req, res) => {
  const file = await createTempFile();
  process.on('exit', () => removeSync(file));
  res.sendFile(file);
});`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 5, column: 3, endLine: 5, endColumn: 45 }],
    },
    // A named handler on a module-level bus, added per request and never removed.
    {
      code: `import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
const orders = new EventEmitter();
export function handleOrders(req: IncomingMessage, res: ServerResponse) {
  const onOrder = (order: unknown) => res.write(JSON.stringify(order));
  orders.on('order', onOrder);
}`,
      errors: [{ messageId: 'listenerNeverRemoved', line: 6, column: 3 }],
    },
    // Removal with a new function never matches.
    {
      code: `import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
export function follow(userId: string) {
  bus.on('update', (event: { userId: string }) => console.log(userId, event));
  return () => bus.off('update', (event: { userId: string }) => console.log(userId, event));
}`,
      errors: [{ messageId: 'removalNeverMatches', line: 4, column: 3 }],
    },
    // A fresh .bind() in the removal does not match the bound function added earlier.
    {
      code: `import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
export class Client {
  connect() { bus.on('message', this.onMessage.bind(this)); }
  close() { bus.removeListener('message', this.onMessage.bind(this)); }
  onMessage(message: string) { console.log(message); }
}`,
      errors: [{ messageId: 'removalNeverMatches', line: 4, column: 15 }],
    },
    // A long-lived AbortController's signal collects one listener per request.
    {
      code: `const shutdown = new AbortController();
export async function handle(request: Request) {
  shutdown.signal.addEventListener('abort', () => console.log('abort', request.url));
  return new Response('ok');
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 3, column: 3 }],
    },
    // A signal from a module-level controller that is never aborted does not remove anything.
    {
      code: `const shutdownTarget = new EventTarget();
const lifetime = new AbortController();
export function watch(name: string) {
  shutdownTarget.addEventListener('stop', () => console.log(name), { signal: lifetime.signal });
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 4, column: 3 }],
    },
    // The logging story: a new transport added each time the function runs.
    {
      code: `import winston from 'winston';
export function getLogger(service: string) {
  winston.add(new winston.transports.File({ filename: service + '.log' }));
  return winston;
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 3, column: 3 }],
    },
    {
      code: `import { createLogger, transports } from 'winston';
const logger = createLogger({ level: 'info' });
export function auditTo(filename: string) {
  const transport = new transports.File({ filename });
  logger.add(transport);
}`,
      errors: [{ messageId: 'listenerNeverRemoved', line: 5, column: 3 }],
    },
    // An imported singleton emitter.
    {
      code: `import { bus } from './event-bus.js';
export async function runJob(job: { id: string; abort(): void }) {
  bus.on('cancel', (id: string) => { if (id === job.id) job.abort(); });
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 3, column: 3 }],
    },
    // A static field lives as long as the class.
    {
      code: `import { EventEmitter } from 'node:events';
export class Cache {
  static events = new EventEmitter();
  track(key: string) {
    Cache.events.on('evict', (evicted: string) => { if (evicted === key) console.log(key); });
  }
  static watch(key: string) {
    this.events.on('evict', (evicted: string) => console.log(evicted, key));
  }
}`,
      errors: [
        { messageId: 'listenerCannotBeRemoved', line: 5, column: 5 },
        { messageId: 'listenerCannotBeRemoved', line: 8, column: 5 },
      ],
    },
    // Process-wide policies installed from a connection callback: the file shows the repetition.
    {
      code: `import net from 'node:net';
net.createServer((socket) => {
  process.on('uncaughtException', () => socket.destroy());
}).listen(9000);`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 3, column: 3 }],
    },
    // A setup name does not help when the file calls it from repeated code.
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
function setupClient(id: string) {
  process.on('exit', () => console.log('closing', id));
}
wss.on('connection', (ws, req) => setupClient(req.url ?? ''));`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 4, column: 3 }],
    },
    // A setup name does not help when the file re-runs it from a reconnect timer.
    {
      code: `import mongoose from 'mongoose';
export async function connectDatabase(url: string) {
  await mongoose.connect(url);
  mongoose.connection.on('disconnected', () => setTimeout(() => connectDatabase(url), 5000));
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 4, column: 3 }],
    },
    // CommonJS: module bindings live in the CommonJS function scope.
    {
      code: `const { EventEmitter } = require('events');
const bus = new EventEmitter();
module.exports = function onRequest(req, res) {
  bus.on('flush', function () { res.end(); });
};`,
      languageOptions: commonjs,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 4, column: 3 }],
    },
    // checkThisTargets: `this` of a module-level singleton instance.
    {
      code: `import { EventEmitter } from 'node:events';
class Metrics extends EventEmitter {
  private readonly bus = new EventEmitter();
  record(name: string) { this.on('flush', () => console.log(name)); }
  observe(name: string) { this.bus.on('tick', () => console.log(name)); }
}
export const metrics = new Metrics();`,
      options: [{ checkThisTargets: true }],
      errors: [
        { messageId: 'listenerCannotBeRemoved', line: 4, column: 26 },
        { messageId: 'listenerCannotBeRemoved', line: 5, column: 27 },
      ],
    },
    // longLivedTargets: a global the runtime injects.
    {
      code: `export function onRequest(id: string) {
  hub.on('drain', () => console.log(id));
}`,
      options: [{ longLivedTargets: ['hub'] }],
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 2, column: 3 }],
    },
    // longLivedTargets: an import path whose accessor returns the process-wide bus.
    {
      code: `import { getBus } from '@acme/bus';
export function onRequest(id: string) {
  getBus().on('drain', () => console.log(id));
}
export function onClose(id: string) {
  const onDrain = () => console.log(id);
  getBus().on('drain', onDrain);
  return () => getBus().off('drain', onDrain);
}`,
      options: [{ longLivedTargets: ['@acme/bus'] }],
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 3, column: 3 }],
    },
    // require() inside a function returns the cached module: the same singleton every call.
    {
      code: `module.exports = function handle(req, res) {
  const bus = require('./bus');
  bus.on('flush', () => res.end());
};`,
      languageOptions: commonjs,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 3, column: 3 }],
    },
  ],
});

describe('no-leaked-listener options', () => {
  it('rejects options outside the schema', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = () =>
      linter.verify('process.on("exit", () => {});', [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: { parseForESLint } },
          plugins: { leaks: { rules: { 'no-leaked-listener': rule as never } } },
          rules: { 'leaks/no-leaked-listener': ['warn', { checkThisTargets: 'yes' }] },
        },
      ], 'file.ts');
    expect(lint).toThrow(/no-leaked-listener/);
  });
});

// Startup code in the shapes services write it (execution-context model): a setup function assigned
// to a module object or to `exports`, a module installer, a framework lifecycle hook.
ruleTester.run('no-leaked-listener: startup code', rule, {
  valid: [
    {
      name: 'a setup function assigned to the module object runs once at boot',
      code: `const pubsub = require('./pubsub');
const Analytics = module.exports;
const total = {};
Analytics.init = async function () {
  pubsub.on('analytics:publish', (data) => Object.assign(total, data.local));
};`,
      languageOptions: commonjs,
    },
    {
      name: 'signal handlers installed by exports.start',
      code: `exports.start = async () => {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => exports.exit());
  ['SIGHUP', 'SIGQUIT'].forEach((signal) => process.on(signal, () => exports.exit()));
  process.on('message', (message) => console.log(message));
};
exports.exit = () => process.exit(0);`,
      languageOptions: commonjs,
    },
    {
      name: 'a module installer defines methods on the module it is given, once at load',
      code: `const pubsub = require('../pubsub');
module.exports = function (Posts) {
  pubsub.on('post:edit', (pid) => Posts.clearCachedPost(pid));
  Posts.edit = async function (data) {
    return data;
  };
};`,
      languageOptions: commonjs,
    },
    {
      name: 'a NestJS lifecycle hook runs once per (singleton) provider',
      code: `import { Injectable, type OnModuleInit } from '@nestjs/common';
import { bus } from './bus.js';
@Injectable()
export class CacheInvalidator implements OnModuleInit {
  onModuleInit() {
    bus.on('config:update', (config: unknown) => this.apply(config));
  }
  apply(config: unknown) { return config; }
}`,
    },
  ],
  invalid: [
    {
      name: 'a function that only stores data on its parameter is not an installer',
      code: `const bus = require('./bus');
module.exports = function onRequest(req, res) {
  req.startedAt = Date.now();
  bus.on('flush', () => res.end());
};`,
      languageOptions: commonjs,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 4, column: 3 }],
    },
    {
      name: 'a function named start that the file calls per request is not startup code',
      code: `import express from 'express';
function start(res: { end(): void }) {
  process.on('SIGTERM', () => res.end());
}
express().get('/stream', (req, res) => start(res));`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 3, column: 3 }],
    },
  ],
});

ruleTester.run('no-leaked-listener: helpers of startup code and factories', rule, {
  valid: [
    {
      name: 'process handlers installed by a helper that only start() calls',
      code: `const start = module.exports;
start.start = async function () {
  addProcessHandlers();
};
function addProcessHandlers() {
  process.on('uncaughtException', (err) => console.error(err));
  process.on('message', (msg) => console.log(msg));
}`,
      languageOptions: commonjs,
    },
    {
      name: 'a factory that wires the object it returns to a bus: the caller owns its lifetime',
      code: `const pubsub = require('../pubsub');
module.exports = function (opts) {
  const cache = { name: opts.name, entries: new Map() };
  pubsub.on(\`\${cache.name}:reset\`, () => cache.entries.clear());
  return cache;
};`,
      languageOptions: commonjs,
    },
    {
      name: 'a factory that names its product in the event and resets it through a local helper',
      code: `const pubsub = require('../pubsub');
module.exports = function (opts) {
  const entries = new Map();
  const cache = { name: opts.name, get: (key) => entries.get(key) };
  function localReset() { entries.clear(); }
  pubsub.on(\`\${cache.name}:reset\`, () => localReset());
  return cache;
};`,
      languageOptions: commonjs,
    },
  ],
  invalid: [
    {
      name: 'the same helper also called from a request handler',
      code: `import express from 'express';
function addProcessHandlers() {
  process.on('message', (msg) => console.log(msg));
}
export function start() { addProcessHandlers(); }
express().get('/x', () => addProcessHandlers());`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 3, column: 3 }],
    },
    {
      name: 'a factory whose listener does not serve what it returns',
      code: `const pubsub = require('../pubsub');
module.exports = function (req) {
  const result = { ok: true };
  pubsub.on('flush', () => req.res.end());
  return result;
};`,
      languageOptions: commonjs,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 4, column: 3 }],
    },
  ],
});

// Issue 16: an 'abort' listener on a signal the caller handed in stays on it after every call that
// completes without aborting.
ruleTester.run('no-leaked-listener: caller-owned AbortSignal', rule, {
  valid: [
    {
      name: 'removed in finally',
      code: `export async function load(url: string, options: { signal: AbortSignal }) {
  const onAbort = () => console.log('aborted', url);
  options.signal.addEventListener('abort', onAbort);
  try {
    return await fetch(url);
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}`,
    },
    {
      name: 'once: true',
      code: `export async function load(url: string, { signal }: { signal: AbortSignal }) {
  signal.addEventListener('abort', () => console.log('aborted', url), { once: true });
  return fetch(url, { signal });
}`,
    },
    {
      name: 'a signal the function creates lives as long as the call',
      code: `export async function load(url: string) {
  const controller = new AbortController();
  controller.signal.addEventListener('abort', () => console.log('aborted', url));
  setTimeout(() => controller.abort(), 5_000);
  return fetch(url, { signal: controller.signal });
}`,
    },
    {
      name: 'a non-abort event on a parameter is not this leak',
      code: `export function watch(target: EventTarget) {
  target.addEventListener('change', () => console.log('changed'));
}`,
    },
  ],
  invalid: [
    {
      name: 'a parameter signal gets an inline abort listener',
      code: `export async function fetchReport(id: string, signal: AbortSignal) {
  signal.addEventListener('abort', () => console.log('report aborted', id));
  return fetch(\`/reports/\${id}\`, { signal });
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 2, column: 3 }],
    },
    {
      name: 'a destructured signal option',
      code: `export async function query(sql: string, { signal }: { signal: AbortSignal }) {
  const cancel = () => console.log('cancel', sql);
  signal.addEventListener('abort', cancel);
  return sql;
}`,
      errors: [{ messageId: 'listenerNeverRemoved', line: 3, column: 3 }],
    },
  ],
});

ruleTester.run('no-leaked-listener: NestJS providers as long-lived targets (checkThisTargets)', rule, {
  valid: [
    {
      name: 'a request-scoped provider is made per request: its emitter field goes with it',
      options: [{ checkThisTargets: true }],
      code: `import { Injectable, Scope } from '@nestjs/common';
import { EventEmitter } from 'node:events';
@Injectable({ scope: Scope.REQUEST })
export class UploadProgress {
  private readonly events = new EventEmitter();
  track(onChunk: (size: number) => void) {
    this.events.on('chunk', onChunk);
  }
}`,
    },
    {
      name: 'a provider subscribes once, in onModuleInit, and unsubscribes the same function on destroy',
      options: [{ checkThisTargets: true }],
      code: `import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
@Injectable()
export class AuditTrail implements OnModuleInit, OnModuleDestroy {
  private readonly record = (entry: unknown) => console.log(entry);
  constructor(private readonly events: EventEmitter2) {}
  onModuleInit() {
    this.events.on('audit', this.record);
  }
  onModuleDestroy() {
    this.events.off('audit', this.record);
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'a singleton provider adds a listener to its injected emitter on every call',
      options: [{ checkThisTargets: true }],
      code: `import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
@Injectable()
export class PriceWatcher {
  constructor(private readonly events: EventEmitter2) {}
  watch(sku: string, notify: (price: number) => void) {
    this.events.on(\`price.\${sku}\`, (price: number) => notify(price));
  }
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 7 }],
    },
  ],
});

// Issue 19: registrations through a project's own event service, by the method's name
// (`onEvent`, `subscribe`, `register*Handler`) on a service handed to the class or kept at module level.
const wrapperOptions = [{ checkWrapperRegistrations: true }] as const;

ruleTester.run('no-leaked-listener: wrapper registrations (checkWrapperRegistrations)', rule, {
  valid: [
    {
      name: 'without the option, a subscription by name alone is not read',
      code: `import { Subject } from 'rxjs';
export const priceUpdates = new Subject<{ sku: string; price: number }>();
export function watchPrice(sku: string, notify: (price: number) => void) {
  priceUpdates.subscribe((update) => { if (update.sku === sku) notify(update.price); });
}`,
    },
    {
      name: "addAbortListener(signal, fn) registers on the signal it is given, not on the helper module (Node's events API shape)",
      options: wrapperOptions,
      code: `import * as util from './util.js';
const followers = new WeakMap<AbortSignal, AbortController>();
export function followAbort(signal: AbortSignal, controller: AbortController) {
  if (followers.has(signal)) return;
  followers.set(signal, controller);
  util.addAbortListener(signal, () => controller.abort(signal.reason));
}`,
    },
    {
      name: 'a singleton provider subscribes in its constructor: Nest builds it once',
      options: wrapperOptions,
      code: `import { Injectable } from '@nestjs/common';
import { AuditEvents } from './audit-events.js';
@Injectable()
export class AuditLog {
  constructor(private readonly events: AuditEvents) {
    for (const type of ['login', 'logout']) this.events.onEvent(type, (entry: unknown) => this.write(type, entry));
  }
  write(type: string, entry: unknown) { console.log(type, entry); }
}`,
    },
    {
      name: 'a singleton provider subscribes in onModuleInit, once at startup',
      options: wrapperOptions,
      code: `import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OrderBus } from './order-bus.js';
@Injectable()
export class ShippingNotifier implements OnModuleInit {
  constructor(private readonly bus: OrderBus) {}
  onModuleInit() {
    this.bus.subscribe((order: { id: string }) => this.notify(order.id));
  }
  notify(id: string) { console.log('shipped', id); }
}`,
    },
    {
      name: 'a class built per connection unsubscribes the same handler in destroy()',
      options: wrapperOptions,
      code: `import net from 'node:net';
import { EventService } from './event-service.js';
const events = new EventService();
class ClientChannel {
  private readonly forward = (payload: unknown) => this.socket.write(JSON.stringify(payload));
  constructor(private readonly events: EventService, private readonly socket: net.Socket) {
    this.events.onEvent('changed', this.forward);
  }
  destroy() {
    this.events.offEvent('changed', this.forward);
  }
}
net.createServer((socket) => {
  const channel = new ClientChannel(events, socket);
  socket.on('close', () => channel.destroy());
}).listen(7000);`,
    },
    {
      name: 'a service that files handlers by owner and drops them all with removeListeners(this)',
      options: wrapperOptions,
      code: `import net from 'node:net';
import { EventBus } from './event-bus.js';
const bus = new EventBus();
class DeviceWatcher {
  constructor(private readonly eventBus: EventBus, private readonly socket: net.Socket) {
    this.eventBus.onDeviceJoined(this, (device: { id: string }) => this.socket.write(device.id));
  }
  stop() { this.eventBus.removeListeners(this); }
}
net.createServer((socket) => {
  const watcher = new DeviceWatcher(bus, socket);
  socket.on('close', () => watcher.stop());
}).listen(7001);`,
    },
    {
      name: 'the disposer a subscription returns is kept and called in onModuleDestroy',
      options: wrapperOptions,
      code: `import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PriceFeed } from './price-feed.js';
@Injectable()
export class PriceCache implements OnModuleDestroy {
  private readonly prices = new Map<string, number>();
  private stopListening?: () => void;
  constructor(private readonly feed: PriceFeed) {}
  track() {
    this.stopListening = this.feed.subscribe((sku: string, price: number) => this.prices.set(sku, price));
  }
  onModuleDestroy() { this.stopListening?.(); }
}`,
    },
    {
      name: 'a singleton provider follows a feed per call and unsubscribes the same handler in onModuleDestroy',
      options: wrapperOptions,
      code: `import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RateFeed } from './rate-feed.js';
@Injectable()
export class RateBoard implements OnModuleDestroy {
  private readonly rates = new Map<string, number>();
  private readonly record = (pair: string, rate: number) => this.rates.set(pair, rate);
  constructor(private readonly feed: RateFeed) {}
  follow(pair: string) {
    this.feed.subscribeToPair(pair, this.record);
  }
  onModuleDestroy() {
    this.feed.unsubscribeFromPair('*', this.record);
  }
}`,
    },
    {
      name: 'a request-scoped provider subscribes on the request it is handed, which ends with the request',
      options: wrapperOptions,
      code: `import { Inject, Injectable, Scope } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import type { UploadRequest } from './upload-request.js';
@Injectable({ scope: Scope.REQUEST })
export class UploadProgress {
  private received = 0;
  constructor(@Inject(REQUEST) private readonly request: UploadRequest) {
    this.request.onChunk((size: number) => { this.received += size; });
  }
}`,
    },
    {
      name: 'a callback prop is called, not registered: no service and no function argument',
      options: wrapperOptions,
      code: `export function Uploader(props: { onProgress(percent: number): void; onDone(): void }) {
  const files: File[] = [];
  files.forEach((file, index) => props.onProgress((index / files.length) * 100));
  props.onDone();
  return null;
}
export class Wizard {
  constructor(private readonly hooks: { onStep(step: number): void }) {}
  next(step: number) { this.hooks.onStep(step); }
}`,
    },
    {
      name: 'a one-shot subscription on a stream derived from the service is not a call on the service',
      options: wrapperOptions,
      code: `import { Injectable } from '@nestjs/common';
import { take } from 'rxjs';
import { ConfigStream } from './config-stream.js';
@Injectable()
export class FeatureFlags {
  constructor(private readonly config: ConfigStream) {}
  refresh(apply: (flags: unknown) => void) {
    this.config.changes$.pipe(take(1)).subscribe((flags) => apply(flags));
  }
}`,
    },
    {
      name: 'a per-connection adapter binds its listeners in a helper only its constructor calls, and the file never builds it',
      options: wrapperOptions,
      code: `import type { MessageTransporter } from './transport.js';
export class PresenceAdapter {
  private active = true;
  constructor(private readonly transporter: MessageTransporter) {
    this.bindEvents();
  }
  private bindEvents(): void {
    this.transporter.on('activity', (active: boolean) => { this.active = active; });
    this.transporter.onDisconnect(() => { this.active = false; });
  }
}`,
    },
    {
      name: 'a topic subscription with no function argument registers no handler',
      options: wrapperOptions,
      code: `import { MqttClient } from './mqtt.js';
export class TopicRouter {
  constructor(private readonly mqtt: MqttClient) {}
  async follow(topic: string) { await this.mqtt.subscribe(topic); }
}`,
    },
  ],
  invalid: [
    {
      name: 'the issue 19 story: a class built per request subscribes a fresh handler per event type and destroy() never unsubscribes',
      options: wrapperOptions,
      code: `import express from 'express';
import { EventService } from './event-service.js';
const events = new EventService();
class ClientChannel {
  constructor(private readonly events: EventService, private readonly send: (message: string) => void) {
    for (const type of ['created', 'updated', 'deleted']) {
      this.events.onEvent(type, (payload: unknown) => this.send(JSON.stringify({ type, payload })));
    }
  }
  destroy() { this.send('bye'); }
}
const app = express();
app.get('/stream', (req, res) => {
  const channel = new ClientChannel(events, (message) => res.write(message));
  req.on('close', () => channel.destroy());
});`,
      errors: [
        {
          messageId: 'listenerCannotBeRemoved',
          data: {
            what: "'onEvent' handler",
            target: 'this.events',
            runs: " (the constructor of 'ClientChannel', which runs again each time 'new ClientChannel()' on line 14 runs)",
          },
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 100,
        },
      ],
    },
    {
      name: 'a request-scoped provider subscribes to an injected service for every request',
      options: wrapperOptions,
      code: `import { Injectable, Scope } from '@nestjs/common';
import { TenantEvents } from './tenant-events.js';
@Injectable({ scope: Scope.REQUEST })
export class TenantContext {
  private readonly onSwitch = (tenant: string) => console.log('tenant switched', tenant);
  constructor(private readonly events: TenantEvents) {
    this.events.registerSwitchHandler(this.onSwitch);
  }
}`,
      errors: [
        {
          messageId: 'listenerNeverRemoved',
          data: {
            what: "'registerSwitchHandler' handler",
            target: 'this.events',
            runs: " (the constructor of 'TenantContext', a request-scoped provider created for every request)",
          },
          line: 7,
          column: 5,
        },
      ],
    },
    {
      name: 'this.bus.subscribe(...) on every request of a controller',
      options: wrapperOptions,
      code: `import { Controller, Param, Sse } from '@nestjs/common';
import { Subject } from 'rxjs';
import { OrderBus } from './order-bus.js';
@Controller('orders')
export class OrdersController {
  constructor(private readonly bus: OrderBus) {}
  @Sse(':id/updates')
  updates(@Param('id') id: string) {
    const stream = new Subject<{ data: unknown }>();
    this.bus.subscribe((order: { id: string }) => { if (order.id === id) stream.next({ data: order }); });
    return stream.asObservable();
  }
}`,
      errors: [
        {
          messageId: 'listenerCannotBeRemoved',
          data: { what: "'subscribe' handler", target: 'this.bus', runs: " (on every request: decorated with `@Sse()` from '@nestjs/common')" },
          line: 10,
          column: 5,
        },
      ],
    },
    {
      name: 'a module-level stream subscribed on every call, the subscription dropped',
      options: wrapperOptions,
      code: `import { Subject } from 'rxjs';
export const priceUpdates = new Subject<{ sku: string; price: number }>();
export function watchPrice(sku: string, notify: (price: number) => void) {
  priceUpdates.subscribe((update) => { if (update.sku === sku) notify(update.price); });
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved', data: { what: "'subscribe' handler", target: 'priceUpdates', runs: '' }, line: 4, column: 3 }],
    },
    {
      name: 'unsubscribing with a new function never matches',
      options: wrapperOptions,
      code: `import { bus } from './bus.js';
export function follow(userId: string) {
  bus.onMessage((message: { to: string }) => { if (message.to === userId) console.log(message); });
  return () => bus.offMessage((message: { to: string }) => console.log(message));
}`,
      errors: [{ messageId: 'removalNeverMatches', line: 3, column: 3 }],
    },
    {
      name: "an emitter's own on() on an injected service, in a class built per connection",
      options: wrapperOptions,
      code: `import { EventEmitter } from 'node:events';
import net from 'node:net';
const hub = new EventEmitter();
class Session {
  constructor(hub: EventEmitter, socket: net.Socket) {
    hub.on('broadcast', (line: string) => socket.write(line));
  }
}
net.createServer((socket) => void new Session(hub, socket)).listen(7002);`,
      errors: [{ messageId: 'listenerCannotBeRemoved', line: 6, column: 5 }],
    },
  ],
});

// Issue 19: a handler kept in a slot so it can be removed, stored and registered again while the
// previous one is still registered: the removal matches only the last.
ruleTester.run('no-leaked-listener: overwritten handler slots', rule, {
  valid: [
    {
      name: 'the previous handler is removed before a new one is stored',
      code: `import { bus } from './bus.js';
import { WebSocket } from 'ws';
export class PriceFeed {
  private onPrice?: (price: number) => void;
  private socket?: WebSocket;
  connect(url: string) {
    if (this.onPrice) bus.off('price', this.onPrice);
    this.socket = new WebSocket(url);
    this.onPrice = (price: number) => this.socket?.send(String(price));
    bus.on('price', this.onPrice);
    this.socket.on('close', () => setTimeout(() => this.connect(url), 1000));
  }
  close() {
    if (this.onPrice) bus.off('price', this.onPrice);
  }
}`,
    },
    {
      name: 'the storing method runs once, from the constructor: one handler at a time',
      code: `import { bus } from './bus.js';
export class PriceLog {
  private onPrice?: (price: number) => void;
  constructor(private readonly name: string) {
    this.listen();
  }
  listen() {
    this.onPrice = (price: number) => console.log(this.name, price);
    bus.on('price', this.onPrice);
  }
  close() {
    if (this.onPrice) bus.off('price', this.onPrice);
  }
}`,
    },
    {
      name: 'a bound method is the same function every time: the slot is never refilled',
      code: `import { bus } from './bus.js';
import { WebSocket } from 'ws';
export class PriceFeed {
  private socket?: WebSocket;
  private readonly onPrice = (price: number) => this.socket?.send(String(price));
  connect(url: string) {
    this.socket = new WebSocket(url);
    bus.off('price', this.onPrice);
    bus.on('price', this.onPrice);
    this.socket.on('close', () => this.connect(url));
  }
  close() { bus.off('price', this.onPrice); }
}`,
    },
  ],
  invalid: [
    {
      name: 'a reconnect stores and registers a new handler while the old one is still on the bus',
      code: `import { bus } from './bus.js';
import { WebSocket } from 'ws';
export class PriceFeed {
  private onPrice?: (price: number) => void;
  private socket?: WebSocket;
  connect(url: string) {
    this.socket = new WebSocket(url);
    this.onPrice = (price: number) => this.socket?.send(String(price));
    bus.on('price', this.onPrice);
    this.socket.on('close', () => setTimeout(() => this.connect(url), 1000));
  }
  close() {
    if (this.onPrice) bus.off('price', this.onPrice);
    this.socket?.close();
  }
}`,
      errors: [
        {
          messageId: 'handlerSlotOverwritten',
          data: { what: "'price' listener", target: 'bus', handler: 'this.onPrice', method: 'connect', line: '10' },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'through an event service (checkWrapperRegistrations): every reload re-subscribes a new handler',
      options: [{ checkWrapperRegistrations: true }],
      code: `import { Injectable } from '@nestjs/common';
import { SettingsEvents } from './settings-events.js';
@Injectable()
export class ThemeCache {
  private onChange?: (key: string) => void;
  constructor(private readonly events: SettingsEvents) {}
  load(names: string[]) {
    this.onChange = (key: string) => { if (names.includes(key)) console.log('reload', key); };
    this.events.onSettingChanged(this.onChange);
  }
  watchFiles(watcher: { on(event: 'change', fn: (names: string[]) => void): void }) {
    watcher.on('change', (names) => this.load(names));
  }
  onModuleDestroy() {
    if (this.onChange) this.events.offSettingChanged(this.onChange);
  }
}`,
      errors: [
        {
          messageId: 'handlerSlotOverwritten',
          data: { what: "'onSettingChanged' handler", target: 'this.events', handler: 'this.onChange', method: 'load', line: '12' },
          line: 9,
          column: 5,
        },
      ],
    },
  ],
});
