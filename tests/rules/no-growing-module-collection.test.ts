import { parseForESLint } from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-growing-module-collection.js';
import { commonjs, ruleTester, script } from '../rule-tester.js';

describe('no-growing-module-collection options', () => {
  function configErrors(options: unknown): string {
    const linter = new Linter({ configType: 'flat' });
    try {
      linter.verify('const a = [];', [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: { parseForESLint } },
          plugins: { leaks: { rules: { 'no-growing-module-collection': rule as never } } },
          rules: { 'leaks/no-growing-module-collection': ['error', options] },
        },
      ], 'file.ts');
      return '';
    } catch (error) {
      return String(error);
    }
  }

  it('rejects unknown options and wrong types', () => {
    expect(configErrors({ checkEverything: true })).toMatch(/additional properties/iu);
    expect(configErrors({ allow: 'connections' })).toMatch(/should be array|must be array/iu);
    expect(configErrors({ checkEscaped: 'yes' })).toMatch(/boolean/iu);
  });

  it('accepts the documented options', () => {
    expect(configErrors({ allow: ['queue', '/^cache/u'], checkExported: false, checkEscaped: true, checkStatic: false })).toBe('');
  });
});

ruleTester.run('no-growing-module-collection', rule, {
  valid: [
    // Lookup tables filled at load: top level, top-level loops, IIFEs, a top-level forEach, static blocks.
    `import { readdirSync } from 'node:fs';
const routes = new Map<string, string>();
routes.set('/health', 'ok');
for (const file of readdirSync('./routes')) routes.set('/' + file, file);
const handlers: Record<string, () => void> = {};
['start', 'stop'].forEach((name) => {
  handlers[name] = () => console.log(name);
});
const plugins: string[] = [];
(() => {
  plugins.push('auth', 'metrics');
})();
class Codecs {
  static readonly byName = new Map<string, string>();
  static {
    for (const name of ['json', 'msgpack']) Codecs.byName.set(name, name);
  }
}
export function lookup(path: string) {
  return routes.get(path) ?? handlers[path] ?? plugins.includes(path) ?? Codecs.byName.get(path);
}`,
    // Removed on close: splice / delete / clear / shift anywhere in the file.
    `import net from 'node:net';
const connections: net.Socket[] = [];
net.createServer((socket) => {
  connections.push(socket);
  socket.on('close', () => connections.splice(connections.indexOf(socket), 1));
}).listen(7000);`,
    `import { WebSocketServer, type WebSocket } from 'ws';
const clients = new Set<WebSocket>();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
});
export function broadcast(data: string) {
  for (const client of clients) client.send(data);
}`,
    `import express from 'express';
const cache = new Map<string, unknown>();
const app = express();
app.get('/users/:id', async (req, res) => {
  cache.set(req.params.id, await loadUser(req.params.id));
  res.json(cache.get(req.params.id));
});
export function close() {
  cache.clear();
}
declare function loadUser(id: string): Promise<unknown>;`,
    // Truncated on shutdown (length assignment), and reset by reassignment (x = x.filter(…)).
    `const pending: Array<{ id: string }> = [];
process.on('message', (message: { id: string }) => pending.push(message));
process.on('SIGTERM', () => {
  pending.length = 0;
});`,
    `let timers: { at: number }[] = [];
export function schedule(at: number) {
  timers.push({ at });
}
setInterval(() => {
  timers = timers.filter((timer) => timer.at > Date.now());
}, 1000);`,
    // A queue drained elsewhere in the file.
    `const jobs: string[] = [];
process.on('message', (job: string) => jobs.push(job));
setInterval(() => {
  const job = jobs.shift();
  if (job) console.log(job);
}, 100);`,
    // Bounded by a size check that guards the growth.
    `import http from 'node:http';
const MAX_SAMPLES = 1000;
const latencies: number[] = [];
http.createServer((req, res) => {
  if (latencies.length < MAX_SAMPLES) latencies.push(Date.now());
  res.end();
});`,
    `const recent = new Map<string, number>();
export function remember(req: { url: string }) {
  if (Object.keys(recent).length >= 500) return;
  recent.set(req.url, Date.now());
}`,
    // Weak collections and bounded caches are never reported.
    `import { LRUCache } from 'lru-cache';
const seen = new WeakSet<object>();
const meta = new WeakMap<object, number>();
const users = new LRUCache<string, object>({ max: 500 });
export function onRequest(req: { id: string }, body: object) {
  seen.add(body);
  meta.set(body, Date.now());
  users.set(req.id, body);
}`,
    // A Map imported from a library (immutable's persistent Map) is not a native Map.
    `import { Map } from 'immutable';
let state = Map<string, number>();
export function hit(key: string) {
  state = state.set(key, (state.get(key) ?? 0) + 1);
}`,
    // Escaped to code we cannot see: not reported by default.
    `import { startFlusher } from './flusher.js';
const buffer: string[] = [];
startFlusher(buffer);
process.on('message', (line: string) => buffer.push(line));`,
    `const events: string[] = [];
export function getEvents() {
  return events;
}
process.on('message', (event: string) => events.push(event));`,
    // Exported lookups keyed by the parameter itself: the callers in other files decide the key space.
    `const shapes = new Map<string, RegExp>();
export function getNamedArgPattern(name: string) {
  let pattern = shapes.get(name);
  if (!pattern) {
    pattern = new RegExp(\`\\s\${name}\\s*=\`);
    shapes.set(name, pattern);
  }
  return pattern;
}`,
    // Registration APIs called once per plugin at start-up (no caller in this file).
    `type Handler = (payload: unknown) => void;
const handlers: Record<string, Handler> = {};
const plugins: object[] = [];
export function registerHandler(name: string, handler: Handler) {
  handlers[name] = handler;
}
export function use(plugin: object) {
  plugins.push(plugin);
}`,
    // Keyed by values from the code, not the traffic: warning codes, constructors, enums.
    `const warned = new Set<string>();
function warnOnce(code: string, message: string) {
  if (warned.has(code)) return;
  warned.add(code);
  process.emitWarning(message, { code });
}
export class Pool {
  acquire() {
    warnOnce('POOL_DEPRECATED', 'acquire() is deprecated.');
  }
}`,
    `const schemas = new Map<Function, object>();
export class Model {
  describe() {
    let schema = schemas.get(this.constructor);
    if (!schema) {
      schema = { name: this.constructor.name };
      schemas.set(this.constructor, schema);
    }
    return schema;
  }
}`,
    {
      code: `export class Type {
  static types = new Map<Function, Type>();
  static getType(cls: new () => Type) {
    if (!Type.types.has(cls)) Type.types.set(cls, new cls());
    return Type.types.get(cls);
  }
}`,
      options: [{ checkEscaped: true }],
    },
    `enum Kind { User, Order }
const counters: Record<number, number> = {};
export function count(kind: Kind) {
  counters[Kind.User] = (counters[Kind.User] ?? 0) + 1;
  return counters[kind];
}`,
    // Memo caches keyed by the parameters of an exported API: the key space is the callers', unknown here.
    `const parsers = new Map<number, (value: string) => unknown>();
export function getTypeParser(oid: number) {
  let parser = parsers.get(oid);
  if (!parser) {
    parser = (value) => value;
    parsers.set(oid, parser);
  }
  return parser;
}`,
    // Names from an exported function's list parameter: the callers decide the key space.
    `const known = new Set<string>();
export function declareFeatures(names: string[]) {
  names.forEach((name) => known.add(name));
}
export function listFeatures(features: string[]) {
  features.forEach((feature) => known.add(feature));
  return known.has('beta');
}`,
    // A module-level function only called at load.
    `const commands = new Map<string, () => void>();
function defineCommand(name: string, run: () => void) {
  commands.set(name, run);
}
function addAlias(alias: string) {
  commands.set(alias, () => undefined);
}
defineCommand('start', () => undefined);
addAlias('s');
export const run = (name: string) => commands.get(name)?.();`,
    // De-duplicated pushes of module-level values.
    `const hooks: Array<() => void> = [];
function flushLogs() {}
export function onShutdown() {
  if (!hooks.includes(flushLogs)) hooks.push(flushLogs);
}`,
    // Filling a table up to a target index is bounded by the target, not by the calls.
    `const indents = ['', '  '];
export function indent(level: number) {
  for (let current = indents.length; current <= level; current++) {
    indents.push(indents[current - 1] + '  ');
  }
  return indents[level];
}`,
    // Static keys on an object are a record, not a dictionary.
    `const stats = { requests: 0, errors: 0 };
const totals = {};
export function onRequest(failed: boolean) {
  stats.requests += 1;
  if (failed) stats.errors += 1;
  (totals as Record<string, number>)['all'] = stats.requests;
}`,
    // Instance collections live as long as their instance, and statics of a class made per call die with it.
    `export class Batch {
  private items: string[] = [];
  add(item: string) {
    this.items.push(item);
  }
}
export function makeRegistry() {
  return class Registry {
    static entries: string[] = [];
    static add(entry: string) {
      Registry.entries.push(entry);
    }
  };
}`,
    // Options: allow by name and by regex, checkExported off, checkStatic off.
    {
      code: `import http from 'node:http';
const auditLog: string[] = [];
const metricsBuffer: number[] = [];
http.createServer((req, res) => {
  auditLog.push(req.url ?? '');
  metricsBuffer.push(Date.now());
  res.end();
});`,
      options: [{ allow: ['auditLog', '/Buffer$/u'] }],
    },
    {
      code: `export const requestLog: string[] = [];
export function onRequest(url: string) {
  requestLog.push(url);
}`,
      options: [{ checkExported: false }],
    },
    {
      code: `import net from 'node:net';
class Tracker {
  static sockets: net.Socket[] = [];
}
net.createServer((socket) => Tracker.sockets.push(socket));`,
      options: [{ checkStatic: false }],
    },
    // Removal through a helper's parameter, through an alias, and with delete / Reflect.deleteProperty.
    `import http from 'node:http';
const inflight = new Map<string, number>();
const byUser: Record<string, number> = {};
const tokens: Record<string, string> = {};
function forget(map: Map<string, number>, key: string) {
  map.delete(key);
}
http.createServer((req, res) => {
  const id = req.headers['x-request-id'] as string;
  inflight.set(id, Date.now());
  byUser[id] = Date.now();
  tokens[id] = 'pending';
  res.on('finish', () => {
    forget(inflight, id);
    const users = byUser;
    delete users[id];
    Reflect.deleteProperty(tokens, id);
  });
});`,
    // A static registry emptied through this.#field in a static method.
    `import type { Socket } from 'node:net';
class Sessions {
  static #open = new Set<Socket>();
  static track(socket: Socket) {
    this.#open.add(socket);
  }
  static closeAll() {
    for (const socket of this.#open) socket.destroy();
    this.#open.clear();
  }
}
export const track = (socket: Socket) => Sessions.track(socket);`,
    // A static field reset by reassignment, on a class expression.
    `export const Metrics = class {
  static samples: number[] = [];
  static record(ms: number) {
    Metrics.samples.push(ms);
  }
  static flush() {
    const out = Metrics.samples;
    Metrics.samples = [];
    return out;
  }
};`,
    // Eviction that keeps a Map at a maximum size.
    `const MAX = 1000;
const cache = new Map<string, string>();
export function remember(req: { url: string; body: string }) {
  cache.set(req.url, req.body);
  if (cache.size > MAX) cache.delete(cache.keys().next().value!);
}`,
    // Syntax the rule must survive: decorators, using, accessors, private methods, JSX.
    `declare function Injectable(): ClassDecorator;
const registry: string[] = [];
@Injectable()
export class Service {
  static accessor count = 0;
  #seen = new Set<string>();
  #track(id: string) {
    this.#seen.add(id);
  }
  async run(id: string) {
    await using lock = { async [Symbol.asyncDispose]() {} };
    this.#track(id);
    return registry.includes(id) ? <div>{id}</div> : null;
  }
}`,
    // CommonJS and scripts: module-level lookup tables filled at load.
    {
      code: `const codes = {};
for (const [name, value] of Object.entries(require('./codes.json'))) codes[value] = name;
module.exports = (value) => codes[value];`,
      languageOptions: commonjs,
    },
    {
      code: `var registry = [];
registry.push('core');`,
      languageOptions: script,
    },
    // Constant tables that are only read (the cheap pre-check skips them), next to a comparison of a keyed read.
    `const KEYWORDS = ['select', 'insert'];
const limits = new Map([['free', 10]]);
export function isKeyword(word: string, plan: string) {
  return KEYWORDS.includes(word) || [...KEYWORDS].some((k) => k === word) || limits.get(plan) === KEYWORDS.length || KEYWORDS[0] === word;
}`,
  ],
  invalid: [
    // A keyed write is the only growth: no growth method anywhere in the file.
    {
      code: `import http from 'node:http';
const lastSeen: Record<string, number> = {};
http.createServer((req, res) => {
  lastSeen[req.url ?? ''] = Date.now();
  res.end();
});`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
    // A growing alias that is itself reassigned is not followed, but the original binding still is.
    {
      code: `import http from 'node:http';
const history: string[] = [];
http.createServer((req, res) => {
  history.push(req.url ?? '');
  let view = history;
  view = view.slice(-10);
  res.end(JSON.stringify(view));
});`,
      options: [{ checkEscaped: true }],
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
    // A static field on a class expression, grown from a route handler.
    {
      code: `import express from 'express';
const Audit = class {
  static entries: { path: string; at: number }[] = [];
};
express().use((req, _res, next) => {
  Audit.entries.push({ path: req.path, at: Date.now() });
  next();
});`,
      errors: [{ messageId: 'growingCollection', line: 3, column: 10 }],
    },
    // The TCP server from the incident report: every accepted socket stays in the list.
    {
      code: `import net from 'node:net';

const _CONNECTIONS: net.Socket[] = [];

function onConnection(socket: net.Socket) {
  _CONNECTIONS.push(socket);
  socket.write('hello\\n');
}

net.createServer(onConnection).listen(7000);`,
      errors: [
        {
          messageId: 'growingCollection',
          data: {
            where: 'Module-level',
            kind: 'array',
            name: '_CONNECTIONS',
            lives: '',
            grower: "'onConnection'",
            line: '6',
            runs: ', which runs on every connection (registered with `net.createServer` on line 10),',
            item: 'element',
            fix: 'Remove elements when they are done (for example on close) or cap its length',
          },
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 19,
        },
      ],
    },
    // Responding with the collection or logging it is a read, not a hand-over.
    {
      code: `import express from 'express';
import pino from 'pino';
const logger = pino();
const connections: string[] = [];
const app = express();
app.post('/connect', (req, res) => {
  connections.push(req.ip ?? '');
  logger.info({ connections }, 'connected');
  res.json(connections);
});`,
      errors: [{ messageId: 'growingCollection', line: 4, column: 7 }],
    },
    // An emptiness check is not a bound.
    {
      code: `import net from 'node:net';
const sockets: net.Socket[] = [];
export const server = net.createServer((socket) => {
  if (sockets.length === 0) console.log('first client');
  sockets.push(socket);
});`,
      errors: [
        {
          messageId: 'growingCollection',
          data: {
            where: 'Module-level',
            kind: 'array',
            name: 'sockets',
            lives: '',
            grower: 'a callback',
            line: '5',
            runs: ', which runs on every connection (registered with `net.createServer` on line 3),',
            item: 'element',
            fix: 'Remove elements when they are done (for example on close) or cap its length',
          },
          line: 2,
          column: 7,
          endColumn: 14,
        },
      ],
    },
    // A Map used as a cache keyed by request id, in an Express handler.
    {
      code: `import express from 'express';
const app = express();
const responses = new Map<string, unknown>();
app.get('/orders/:id', async (req, res) => {
  const cached = responses.get(req.params.id);
  if (cached) return res.json(cached);
  const order = await fetchOrder(req.params.id);
  responses.set(req.params.id, order);
  res.json(order);
});
declare function fetchOrder(id: string): Promise<unknown>;`,
      errors: [{ messageId: 'growingCollection', line: 3, column: 7, suggestions: [] }],
    },
    // Untyped keys may be strings (message ids, texts): a WeakSet would throw on them, so no suggestion.
    {
      code: `const seen = new Set();
process.on('message', (message) => {
  if (seen.has(message)) return;
  seen.add(message);
  console.log('first time', message);
});`,
      errors: [{ messageId: 'growingCollection', line: 1, column: 7, suggestions: [] }],
    },
    // A Set of sessions that is only added to and checked: a WeakSet keeps the same answers.
    {
      code: `import { WebSocketServer, type WebSocket } from 'ws';
const authenticated = new Set<WebSocket>();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  authenticated.add(ws);
  ws.on('message', () => {
    if (!authenticated.has(ws)) ws.close();
  });
});`,
      errors: [
        {
          messageId: 'growingCollection',
          line: 2,
          column: 7,
          suggestions: [
            {
              messageId: 'useWeakSet',
              output: `import { WebSocketServer, type WebSocket } from 'ws';
const authenticated = new WeakSet<WebSocket>();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  authenticated.add(ws);
  ws.on('message', () => {
    if (!authenticated.has(ws)) ws.close();
  });
});`,
            },
          ],
        },
      ],
    },
    // A Map keyed by the request object, annotated: the suggestion renames the annotation too.
    {
      code: `import http from 'node:http';
const startedAt: Map<http.IncomingMessage, number> = new Map();
http.createServer((req, res) => {
  startedAt.set(req, Date.now());
  res.on('finish', () => console.log(Date.now() - (startedAt.get(req) ?? 0)));
  res.end();
});`,
      errors: [
        {
          messageId: 'growingCollection',
          line: 2,
          column: 7,
          suggestions: [
            {
              messageId: 'useWeakMap',
              output: `import http from 'node:http';
const startedAt: WeakMap<http.IncomingMessage, number> = new WeakMap();
http.createServer((req, res) => {
  startedAt.set(req, Date.now());
  res.on('finish', () => console.log(Date.now() - (startedAt.get(req) ?? 0)));
  res.end();
});`,
            },
          ],
        },
      ],
    },
    // A dictionary object filled with obj[key] = value, and Object.assign, in middleware mounted here.
    {
      code: `import express, { type Request, type Response, type NextFunction } from 'express';
const lastSeen: Record<string, number> = {};
const profiles = Object.create(null);
function track(req: Request, _res: Response, next: NextFunction) {
  lastSeen[req.ip ?? 'unknown'] = Date.now();
  next();
}
function onLogin(req: Request, res: Response) {
  Object.assign(profiles, { [req.body.user]: req.body });
  res.sendStatus(204);
}
export const app = express().use(track).post('/login', onLogin);`,
      errors: [
        { messageId: 'growingCollection', line: 2, column: 7 },
        { messageId: 'growingCollection', line: 3, column: 7 },
      ],
    },
    // Keys fresh per call (a new id) in an exported function.
    {
      code: `import { randomUUID } from 'node:crypto';
const sessions = new Map<string, { user: string }>();
export function createSession(user: string) {
  const id = randomUUID();
  sessions.set(id, { user });
  return id;
}
export function getSession(id: string) {
  return sessions.get(id);
}`,
      errors: [
        {
          messageId: 'growingCollection',
          data: {
            where: 'Module-level',
            kind: 'Map',
            name: 'sessions',
            lives: '',
            grower: "'createSession'",
            line: '5',
            runs: '',
            item: 'entry',
            fix: 'Delete entries when they are done, evict past a maximum size (for example with lru-cache), or key it by object in a WeakMap',
          },
          line: 2,
          column: 7,
          suggestions: [],
        },
      ],
    },
    // Exported arrays are checked by default; an exported handler that pushes per call.
    {
      code: `export const requestLog: string[] = [];
export async function handler(req: { url: string }) {
  requestLog.push(req.url);
}`,
      errors: [{ messageId: 'growingCollection', line: 1, column: 14 }],
    },
    // A static registry grown per instance (constructor), through ClassName.field.
    {
      code: `import type { Socket } from 'node:net';
export class Connection {
  static readonly all = new Set<Connection>();
  constructor(readonly socket: Socket) {
    Connection.all.add(this);
  }
  static count() {
    return Connection.all.size;
  }
}`,
      errors: [
        {
          messageId: 'growingCollection',
          data: {
            where: 'Static',
            kind: 'Set',
            name: 'Connection.all',
            lives: '',
            grower: "'constructor'",
            line: '5',
            runs: '',
            item: 'value',
            fix: 'Delete values when they are done, or hold objects in a WeakSet',
          },
          line: 3,
          column: 19,
          endColumn: 22,
        },
      ],
    },
    // A private static field grown through this.#field in a static method called per message.
    {
      code: `import { Worker } from 'bullmq';
class JobHistory {
  static #finished: string[] = [];
  static record(id: string) {
    this.#finished.push(id);
  }
}
new Worker('emails', async (job) => {
  JobHistory.record(job.id ?? '');
});`,
      errors: [{ messageId: 'growingCollection', line: 3, column: 10 }],
    },
    // Growth through a local alias and through a helper's parameter.
    {
      code: `import http from 'node:http';
const registry: string[] = [];
const byPath = new Map<string, number>();
function bump(counts: Map<string, number>, key: string) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
http.createServer((req, res) => {
  const list = registry;
  list.push(req.url ?? '');
  bump(byPath, req.url ?? '');
  res.end();
});`,
      errors: [
        { messageId: 'growingCollection', line: 2, column: 7 },
        { messageId: 'growingCollection', line: 3, column: 7 },
      ],
    },
    // arr[arr.length] = value, splice that inserts, unshift.
    {
      code: `const a: string[] = [];
const b: string[] = [];
const c: string[] = [];
process.on('message', (m: string) => {
  a[a.length] = m;
  b.splice(0, 0, m);
  c.unshift(m);
});`,
      errors: [
        { messageId: 'growingCollection', line: 1, column: 7 },
        { messageId: 'growingCollection', line: 2, column: 7 },
        { messageId: 'growingCollection', line: 3, column: 7 },
      ],
    },
    // A poller that re-arms setTimeout runs forever, though it is started once.
    {
      code: `const samples: number[] = [];
function poll() {
  samples.push(process.memoryUsage().heapUsed);
  setTimeout(poll, 1000);
}
poll();`,
      errors: [{ messageId: 'growingCollection', line: 1, column: 7 }],
    },
    // checkEscaped (strict): escaped collections and registration APIs are reported too.
    {
      code: `import { startFlusher } from './flusher.js';
const buffer: string[] = [];
startFlusher(buffer);
process.on('message', (line: string) => buffer.push(line));`,
      options: [{ checkEscaped: true }],
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
    {
      code: `const plugins: object[] = [];
export function registerPlugin(plugin: object) {
  plugins.push(plugin);
}`,
      options: [{ checkEscaped: true }],
      errors: [{ messageId: 'growingCollection', line: 1, column: 7 }],
    },
    {
      code: `const parsers = new Map<number, (value: string) => unknown>();
export function getTypeParser(oid: number) {
  let parser = parsers.get(oid);
  if (!parser) {
    parser = (value) => value;
    parsers.set(oid, parser);
  }
  return parser;
}`,
      options: [{ checkEscaped: true }],
      errors: [{ messageId: 'growingCollection', line: 1, column: 7, endColumn: 14 }],
    },
    // De-duplicating messages by id in an exported consumer: one entry per message, forever.
    {
      code: `const seenIds = new Set<string>();
export function dedupe(messages: Array<{ id: string; body: string }>) {
  return messages.filter((message) => {
    if (seenIds.has(message.id)) return false;
    seenIds.add(message.id);
    return true;
  });
}`,
      errors: [{ messageId: 'growingCollection', line: 1, column: 7, suggestions: [] }],
    },
    // Exported entry points keyed by what they read off their input: a request, a job.
    {
      code: `import type { Request, Response, NextFunction } from 'express';
const lastSeen: Record<string, number> = {};
export function track(req: Request, _res: Response, next: NextFunction) {
  lastSeen[req.ip ?? 'unknown'] = Date.now();
  next();
}`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7, endColumn: 15 }],
    },
    {
      code: `import type { Job } from 'bullmq';
const progressByUser = new Map<string, number>();
export default async function processReport(job: Job<{ userId: string }>) {
  const { userId } = job.data;
  progressByUser.set(userId, 0);
  await job.updateProgress(100);
}`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7, suggestions: [] }],
    },
    // CommonJS: module bindings live in the CommonJS function scope.
    {
      code: `const http = require('node:http');
const hits = {};
http.createServer((req, res) => {
  hits[req.url] = (hits[req.url] || 0) + 1;
  res.end();
}).listen(3000);
module.exports = { hits };`,
      languageOptions: commonjs,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
    // Script: module bindings are globals.
    {
      code: `var clicks = [];
document.addEventListener('click', function (event) {
  clicks.push(event);
});`,
      languageOptions: script,
      errors: [{ messageId: 'growingCollection', line: 1, column: 5 }],
    },
    // `as const` and type wrappers around the initializer.
    {
      code: `import http from 'node:http';
const seen = new Set() as Set<string>;
http.createServer((req, res) => {
  seen.add(req.headers['x-request-id'] as string);
  res.end();
});`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7, suggestions: [] }],
    },
  ],
});

// Code whose callers are in other files (execution-context model: `unknown`) counts as per call only
// with local evidence; keys that name a small domain are bounded wherever the code runs.
ruleTester.run('no-growing-module-collection: unknown callers and key domains', rule, {
  valid: [
    {
      name: 'an exported function named POST outside a Next.js route file has unknown callers',
      filename: 'src/lib/track.ts',
      code: `const events: string[] = [];
export async function POST(request: Request) {
  const body = await request.json();
  events.push(body.name);
  return Response.json({ ok: true });
}`,
    },
    {
      name: 'an exported function that takes an event but is not the serverless handler',
      filename: 'functions/track.ts',
      code: `const durations: number[] = [];
export const record = async (event: { body: string }) => {
  const started = Date.now();
  await Promise.resolve(event.body);
  durations.push(Date.now() - started);
};`,
    },
    {
      name: 'a registry of shutdown handlers filled by an exported API at boot',
      code: `type Handler = () => Promise<void>;
const drainers: { label: string; handler: Handler }[] = [];
export function addConnectionDrainer(label: string, handler: Handler) {
  drainers.push({ label, handler });
}
export async function drainAll() {
  for (const { handler } of drainers) await handler();
}`,
    },
    {
      name: 'one queue per shard, created on first use',
      code: `import { Queue } from 'bullmq';
import { getShardIndex } from './sharding.js';
export class IngestionQueue {
  private static instances = new Map<number, Queue>();
  static getInstance({ shardingKey }: { shardingKey: string }): Queue {
    const shardIndex = getShardIndex(shardingKey, 4);
    const known = IngestionQueue.instances.get(shardIndex);
    if (known) return known;
    const queue = new Queue(\`ingestion-\${shardIndex}\`);
    IngestionQueue.instances.set(shardIndex, queue);
    return queue;
  }
}`,
    },
    {
      name: 'one S3 client per region, in a request handler',
      code: `import express from 'express';
import { S3Client } from '@aws-sdk/client-s3';
const s3Clients = new Map<string, S3Client>();
express().get('/files/:region/:name', (req, res) => {
  const region = req.params.region;
  if (!s3Clients.has(region)) s3Clients.set(region, new S3Client({ region }));
  res.end();
});`,
    },
    {
      name: 'a loader wrapped in memoize runs once, however often it is awaited',
      code: `import _ from 'lodash';
import { listModules } from './modules.js';
const hooks: Record<string, Array<() => void>> = {};
async function loadModulesImpl() {
  for (const module of await listModules()) hooks[module.name] = [module.hook];
}
export const loadModules = _.memoize(loadModulesImpl);`,
    },
    {
      name: 'an exported class registering its instances, made where the file does not show',
      code: `const trackers: BackgroundTaskTracker[] = [];
export class BackgroundTaskTracker {
  pending = 0;
  constructor(readonly label: string) {
    trackers.push(this);
  }
}`,
    },
    {
      name: 'a package list reloaded when its file changes, with no per-call input',
      code: `import fs from 'node:fs';
import _ from 'lodash';
import { enabledPackages } from './packages.js';
const files: string[] = [];
function loadPackage(name: string) {
  files.push(\`\${name}/index.css\`);
}
export function watchPackages(packageJson: string) {
  fs.watch(packageJson, _.debounce(() => enabledPackages(packageJson).forEach(loadPackage), 1000));
}`,
    },
    {
      name: 'an API object handed to plugins, whose adders they call when they start',
      code: `const stylesheets: string[] = [];
function addStylesheet(packageName: string, filename: string) {
  stylesheets.push(\`\${packageName}/\${filename}\`);
}
export function packageApis(packageName: string) {
  return { Stylesheets: { addFile: addStylesheet.bind(null, packageName) } };
}`,
    },
    {
      name: 'spawned children removed when they exit',
      code: `import { spawn, type ChildProcess } from 'node:child_process';
const children = new Set<ChildProcess>();
export function run(command: string) {
  const child = spawn(command);
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}`,
    },
  ],
  invalid: [
    {
      name: 'a Next.js route handler is called by the framework on every request',
      filename: 'app/api/track/route.ts',
      code: `const events: string[] = [];
export async function POST(request: Request) {
  const body = await request.json();
  events.push(body.name);
  return Response.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'growingCollection',
          data: {
            where: 'Module-level',
            kind: 'array',
            name: 'events',
            lives: '',
            grower: "'POST'",
            line: '4',
            runs: ', which runs on every request (the Next.js route handler `POST` of a route file),',
            item: 'element',
            fix: 'Remove elements when they are done (for example on close) or cap its length',
          },
        },
      ],
    },
    {
      name: 'a NestJS route names its decorator as the evidence',
      code: `import { Body, Controller, Post } from '@nestjs/common';
const seenOrders = new Set<string>();
@Controller('orders')
export class OrdersController {
  @Post()
  create(@Body() order: { id: string }) {
    seenOrders.add(order.id);
    return order;
  }
}`,
      errors: [
        {
          messageId: 'growingCollection',
          data: {
            where: 'Module-level',
            kind: 'Set',
            name: 'seenOrders',
            lives: '',
            grower: "'create'",
            line: '7',
            runs: ", which runs on every request (decorated with `@Post()` from '@nestjs/common'),",
            item: 'value',
            fix: 'Delete values when they are done, or hold objects in a WeakSet',
          },
        },
      ],
    },
    {
      name: 'a serverless handler stays warm between invocations',
      filename: 'functions/track.ts',
      code: `import type { APIGatewayProxyEvent } from 'aws-lambda';
const durations: number[] = [];
export const handler = async (event: APIGatewayProxyEvent) => {
  const started = Date.now();
  await Promise.resolve(event.body);
  durations.push(Date.now() - started);
  return { statusCode: 204 };
};`,
      errors: [{ messageId: 'growingCollection', line: 2 }],
    },
    {
      name: 'the default export of a Next.js pages/api route',
      filename: 'src/pages/api/orders.ts',
      code: `import type { NextApiRequest, NextApiResponse } from 'next';
const slowRequests: number[] = [];
export default async function orders(req: NextApiRequest, res: NextApiResponse) {
  const started = performance.now();
  res.status(200).json([]);
  slowRequests.push(performance.now() - started);
}`,
      errors: [{ messageId: 'growingCollection', line: 2 }],
    },
    {
      name: 'the same registry shape keyed by a user id is per call',
      code: `const lastLogin: Record<string, Date> = {};
export function recordLogin(user: { id: string }) {
  lastLogin[user.id] = new Date();
}`,
      errors: [{ messageId: 'growingCollection', line: 1, column: 7 }],
    },
    {
      name: 'the same tracker class made once per request in this file',
      code: `import express from 'express';
const trackers: Tracker[] = [];
class Tracker {
  constructor(readonly label: string) {
    trackers.push(this);
  }
}
express().get('/x', (req, res) => {
  new Tracker(req.path);
  res.end();
});`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
    {
      name: 'an exported class whose constructor takes a socket: one instance per connection',
      code: `import type { Socket } from 'node:net';
const open: Session[] = [];
export class Session {
  constructor(readonly socket: Socket) {
    open.push(this);
  }
}`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
    {
      name: 'a debounced request handler still runs per request',
      code: `import express from 'express';
import _ from 'lodash';
const urls: string[] = [];
express().post('/hook', _.debounce((req: express.Request) => { urls.push(req.url); }, 100));`,
      errors: [{ messageId: 'growingCollection', line: 3, column: 7 }],
    },
    {
      name: 'a handed-out middleware that records each request',
      code: `import type { Request, Response, NextFunction } from 'express';
const seen: string[] = [];
export function createTracker() {
  return (req: Request, _res: Response, next: NextFunction) => {
    seen.push(req.originalUrl);
    next();
  };
}`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
    {
      name: 'every spawned child kept and never deleted on exit (issue 16: sets of handles)',
      code: `import { spawn, type ChildProcess } from 'node:child_process';
const children = new Set<ChildProcess>();
export function run(command: string) {
  const child = spawn(command);
  children.add(child);
  return child;
}`,
      errors: [
        {
          messageId: 'growingCollection',
          line: 2,
          column: 7,
          suggestions: [
            {
              messageId: 'useWeakSet',
              output: `import { spawn, type ChildProcess } from 'node:child_process';
const children = new WeakSet<ChildProcess>();
export function run(command: string) {
  const child = spawn(command);
  children.add(child);
  return child;
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a worker per task pushed to a module-level list',
      code: `import { Worker } from 'node:worker_threads';
const workers: Worker[] = [];
export function startTask(file: string) {
  workers.push(new Worker(file));
}`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
    {
      name: 'an exported function that pushes what it reads off a request',
      code: `import type { Request } from 'express';
const urls: string[] = [];
export function remember(incoming: Request) {
  urls.push(incoming.originalUrl);
}`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
    {
      name: 'a region-like name does not bound a key that also names an identity',
      code: `import express from 'express';
const byRegionUser = new Map<string, number>();
express().get('/x', (req, res) => {
  const regionUserId = \`\${req.query.region}:\${req.query.user}\`;
  byRegionUser.set(regionUserId, Date.now());
  res.end();
});`,
      errors: [{ messageId: 'growingCollection', line: 2, column: 7 }],
    },
  ],
});

ruleTester.run('no-growing-module-collection: instance fields of singletons', rule, {
  valid: [
    {
      name: 'a request-scoped provider is made per request, and its fields die with it',
      code: `import { Injectable, Scope } from '@nestjs/common';
@Injectable({ scope: Scope.REQUEST })
export class RequestContext {
  private readonly seen = new Map<string, number>();
  track(userId: string) {
    this.seen.set(userId, Date.now());
  }
}`,
    },
    {
      name: 'a singleton that drops its clients when they close',
      code: `import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createClient, type RedisClientType } from 'redis';
@Injectable()
export class TenantRedis implements OnModuleDestroy {
  private readonly clients = new Map<string, RedisClientType>();
  clientFor(tenantId: string) {
    let client = this.clients.get(tenantId);
    if (!client) {
      client = createClient({ database: Number(tenantId) });
      client.on('end', () => this.clients.delete(tenantId));
      this.clients.set(tenantId, client);
    }
    return client;
  }
  async onModuleDestroy() {
    await Promise.all([...this.clients.values()].map((client) => client.quit()));
  }
}`,
    },
    {
      name: 'a singleton memo keyed by entity class is bounded by the code',
      code: `import { Injectable } from '@nestjs/common';
@Injectable()
export class MetadataCache {
  private readonly byClass = new Map<Function, string[]>();
  columnsOf(entity: object) {
    const type = entity.constructor;
    if (!this.byClass.has(type)) this.byClass.set(type, Object.keys(entity));
    return this.byClass.get(type);
  }
}`,
    },
    {
      name: 'a class made per request keeps its fields only for that request',
      code: `import express from 'express';
class Collector {
  private readonly rows: string[] = [];
  add(row: string) { this.rows.push(row); }
  get size() { return this.rows.length; }
}
express().get('/report', (req, res) => {
  const collector = new Collector();
  for (const line of String(req.query.lines).split(',')) collector.add(line);
  res.json({ size: collector.size });
});`,
    },
    {
      name: 'a provider fills its job table once, in onApplicationBootstrap',
      code: `import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
type Task = { id: string; schedule: string };
@Injectable()
export class Scheduler implements OnApplicationBootstrap {
  private readonly jobs = new Map<string, Task>();
  constructor(private readonly tasks: Task[]) {}
  onApplicationBootstrap() {
    for (const task of this.tasks) this.jobs.set(task.id, task);
  }
  list() { return [...this.jobs.values()]; }
}`,
    },
    {
      name: 'a singleton registry filled through a registration method at boot',
      code: `type Handler = (payload: unknown) => Promise<void>;
class CommandBus {
  private readonly handlers = new Map<string, Handler>();
  register(command: string, handler: Handler) {
    this.handlers.set(command, handler);
  }
  dispatch(command: string, payload: unknown) {
    return this.handlers.get(command)?.(payload);
  }
}
export const bus = new CommandBus();`,
    },
  ],
  invalid: [
    {
      name: 'a NestJS provider keeps a client per token for the life of the app',
      code: `import { Injectable } from '@nestjs/common';
import { HttpClient } from './http-client';
@Injectable()
export class ProxyService {
  private readonly clients = new Map<string, HttpClient>();
  clientFor(token: string): HttpClient {
    if (!this.clients.has(token)) this.clients.set(token, new HttpClient({ token }));
    return this.clients.get(token)!;
  }
}`,
      errors: [
        {
          messageId: 'growingCollection',
          data: {
            where: 'Instance',
            kind: 'Map',
            name: 'this.clients',
            lives: " of 'ProxyService' (a '@Injectable()' provider in singleton scope)",
            grower: "'clientFor'",
            line: '7',
            runs: '',
            item: 'entry',
            fix: 'Delete entries when they are done, evict past a maximum size (for example with lru-cache), or key it by object in a WeakMap',
          },
          line: 5,
        },
      ],
    },
    {
      name: 'an instance exported as the module\'s one policy engine memoises per user',
      code: `type Decision = { allowed: boolean };
class PolicyEngine {
  private decisions: Record<string, Decision> = {};
  decide(user: { id: string }, action: string): Decision {
    const key = \`\${user.id}:\${action}\`;
    this.decisions[key] ??= { allowed: action !== 'delete' };
    return this.decisions[key];
  }
}
export default new PolicyEngine();`,
      errors: [{ messageId: 'growingCollection', line: 3 }],
    },
    {
      name: 'a controller route grows a field of the singleton controller',
      code: `import { Body, Controller, Post } from '@nestjs/common';
@Controller('events')
export class EventsController {
  private readonly received: unknown[] = [];
  @Post()
  ingest(@Body() event: unknown) {
    this.received.push(event);
    return { ok: true };
  }
}`,
      errors: [
        {
          messageId: 'growingCollection',
          data: {
            where: 'Instance',
            kind: 'array',
            name: 'this.received',
            lives: " of 'EventsController' (a '@Controller()' provider in singleton scope)",
            grower: "'ingest'",
            line: '7',
            runs: ", which runs on every request (decorated with \`@Post()\` from '@nestjs/common'),",
            item: 'element',
            fix: 'Remove elements when they are done (for example on close) or cap its length',
          },
          line: 4,
        },
      ],
    },
  ],
});
