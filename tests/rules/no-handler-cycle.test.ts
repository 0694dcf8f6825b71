import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { parseForESLint } from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-handler-cycle.js';
import { commonjs, ruleTester, script, typedRuleTester } from '../rule-tester.js';

ruleTester.run('no-handler-cycle', rule, {
  valid: [
    {
      name: 'the helper holds the owner through a WeakRef',
      code: `
        class ConnectionHandler {
          readonly #conn: WeakRef<Connection>;
          constructor(conn: WeakRef<Connection>) { this.#conn = conn; }
          onData(chunk: Buffer) { this.#conn.deref()?.receive(chunk); }
        }
        export class Connection {
          handler = new ConnectionHandler(new WeakRef(this));
          receive(_chunk: Buffer) {}
        }
      `,
    },
    {
      name: 'the helper class wraps its parameter in a WeakRef itself',
      code: `
        class Watchdog {
          private readonly target: WeakRef<Session>;
          constructor(session: Session) { this.target = new WeakRef(session); }
        }
        export class Session {
          private readonly watchdog = new Watchdog(this);
        }
      `,
    },
    {
      name: 'per-owner metadata in a WeakMap keyed by the owner',
      code: `
        const metadata = new WeakMap<object, { openedAt: number }>();
        class Tracker {
          constructor(owner: object) { metadata.set(owner, { openedAt: Date.now() }); }
        }
        export class Pool {
          tracker = new Tracker(this);
        }
      `,
    },
    {
      name: 'calls that read this without keeping it',
      code: `
        import util from 'node:util';
        export class Job {
          snapshot: unknown;
          description: string;
          copy: object;
          constructor(readonly id: string) {
            console.debug('created', this);
            this.description = util.inspect(this, { depth: 1 });
            this.snapshot = structuredClone(this);
            this.copy = Object.assign({}, this);
            this.json = JSON.stringify(this);
          }
          json: string;
        }
      `,
    },
    {
      name: 'a helper created from this but never stored on the owner',
      code: `
        class Flusher {
          constructor(private readonly queue: Queue) {}
          run() { return this.queue.drain(); }
        }
        export class Queue {
          async drain() {}
          async close() {
            const flusher = new Flusher(this);
            await flusher.run();
            await new Flusher(this).run();
          }
        }
      `,
    },
    {
      name: 'a helper that receives only values copied from the owner',
      code: `
        class RetryPolicy {
          constructor(private readonly options: { retries: number }) {}
        }
        class Describer {
          readonly name: string;
          constructor(owner: { constructor: { name: string } }) { this.name = owner.constructor.name; }
        }
        export class Client {
          config = { retries: 3 };
          retry = new RetryPolicy(this.config);
          describer = new Describer(this);
          byId = new RetryPolicy({ retries: this.config.retries });
        }
      `,
    },
    {
      name: 'imported helpers without checkUnknownHelpers: no evidence that they keep this',
      code: `
        import { Parser } from './parser.js';
        import { EventEmitter } from 'node:events';
        export class Connection extends EventEmitter {
          parser = new Parser(this);
          emitter = new EventEmitter();
        }
      `,
    },
    {
      name: 'built-ins that take this: Proxy, Promise, bound methods',
      code: `
        export class Service {
          proxy = new Proxy(this, { get: (target, key) => Reflect.get(target, key) });
          ready: Promise<void>;
          constructor() {
            this.ready = new Promise((resolve) => this.once('ready', resolve));
            this.onMessage = this.onMessage.bind(this);
            this.handlers = { data: (chunk: Buffer) => this.onMessage(chunk) };
          }
          handlers: Record<string, (chunk: Buffer) => void>;
          once(_event: string, _fn: () => void) {}
          onMessage(_chunk: Buffer) {}
        }
      `,
    },
    {
      name: 'super(this) and a subclass constructor are not helpers',
      code: `
        class Base {
          constructor(protected readonly self?: unknown) {}
        }
        export class Derived extends Base {
          constructor() {
            super(this);
          }
        }
      `,
    },
    {
      name: 'a tree whose nodes create their own kind keeps parent pointers by design',
      code: `
        export class TreeNode {
          children: TreeNode[] = [];
          firstChild?: TreeNode;
          constructor(readonly parent: TreeNode | null) {}
          addChild() {
            const child = new TreeNode(this);
            this.children.push(child);
            this.firstChild ??= child;
            return child;
          }
        }
      `,
    },
    {
      name: 'AST node classes sharing a base class in the file',
      code: `
        abstract class AstNode {
          constructor(readonly parent: AstNode | null) {}
        }
        class Block extends AstNode {}
        export class FunctionNode extends AstNode {
          body = new Block(this);
        }
      `,
    },
    {
      name: 'children kept in a collection on the owner: a data structure, not one helper',
      code: `
        class Item {
          constructor(readonly menu: Menu, readonly label: string) {}
        }
        export class Menu {
          items: Item[] = [];
          byLabel = new Map<string, Item>();
          add(label: string) {
            this.items.push(new Item(this, label));
            this.byLabel.set(label, new Item(this, label));
            this.items[this.items.length] = new Item(this, label);
          }
        }
      `,
    },
    {
      name: 'this stored on itself or in a bare array is no helper',
      code: `
        export class Scope {
          self = this;
          stack: Scope[];
          constructor() {
            this.stack = [this];
            this.all = [...[this]];
          }
          all: Scope[];
        }
      `,
    },
    {
      name: 'spread copies the owner fields, not the owner',
      code: `
        export class Settings {
          port = 8080;
          frozen = { ...this };
        }
      `,
    },
    {
      name: 'static code: this is the class, not an instance',
      code: `
        class Registration {
          constructor(readonly target: unknown) {}
        }
        export class Plugin {
          static registration = new Registration(this);
          static init() {
            this.current = new Registration(this);
          }
          static current: Registration;
        }
      `,
    },
    {
      name: 'this inside a plain function nested in a method is not the owner',
      code: `
        class Holder {
          constructor(readonly value: unknown) {}
        }
        export class Scheduler {
          start() {
            setTimeout(function (this: { holder?: Holder }) {
              this.holder = new Holder(this);
            }, 10);
          }
        }
      `,
    },
    {
      name: 'constructor functions are not class owners',
      code: `
        function Handler(conn) { this.conn = conn; }
        function Connection() { this.handler = new Handler(this); }
        module.exports = Connection;
      `,
      languageOptions: commonjs,
    },
    {
      name: 'factories that return closures or copied values',
      code: `
        function createWriter(conn: Connection) {
          return (chunk: Buffer) => conn.write(chunk);
        }
        function describe(conn: Connection) {
          return { id: conn.id, openedAt: Date.now() };
        }
        const tracked = new Set<Connection>();
        function track(conn: Connection) {
          tracked.add(conn);
          return { trackedAt: Date.now() };
        }
        export class Connection {
          id = 'c1';
          write = createWriter(this);
          info = describe(this);
          tracking = track(this);
        }
      `,
    },
    {
      name: 'a helper class that does not store its parameter',
      code: `
        class Logger {
          constructor(owner: Connection) {
            console.log('logger for', owner);
            owner.on('close', () => console.log('closed'));
          }
        }
        export class Connection {
          logger = new Logger(this);
          on(_event: string, _fn: () => void) {}
        }
      `,
    },
    {
      name: 'a helper class stores the owner only in a local that is not kept',
      code: `
        class Inspector {
          summary: string;
          constructor(owner: object) {
            const seen = [owner];
            this.summary = String(seen.length);
          }
        }
        export class Service {
          inspector = new Inspector(this);
        }
      `,
    },
    {
      name: 'a helper binding that is reassigned is not followed',
      code: `
        class Handler {
          constructor(readonly owner: unknown) {}
        }
        export class Connection {
          handler?: Handler;
          connect() {
            let handler = new Handler(this);
            handler = new Handler(null);
            this.handler = handler;
          }
        }
      `,
    },
    {
      name: 'computed keys on this are collections',
      code: `
        class Channel {
          constructor(readonly hub: Hub) {}
        }
        export class Hub {
          [key: string]: unknown;
          open(name: string) {
            this[name] = new Channel(this);
          }
        }
      `,
    },
    {
      name: 'the helper takes this only through a getter or method in an object literal',
      code: `
        export class Server {
          api = {
            get server() { return 1; },
            handle() { return this; },
          };
        }
      `,
    },
    {
      name: 'a parameter holding a class is not resolved',
      code: `
        export class Connection {
          handler: unknown;
          constructor(HandlerClass: new (owner: Connection) => unknown) {
            this.handler = new HandlerClass(this);
          }
        }
      `,
    },
    {
      name: 'a function that returns its parameter itself hands back the owner, not a helper',
      code: `
        function withDefaults<T extends { timeoutMs?: number }>(target: T): T {
          target.timeoutMs ??= 5000;
          return target;
        }
        const pickOwner = (options: { owner: unknown }) => options.owner;
        export class Client {
          timeoutMs?: number;
          configured = withDefaults(this);
          owner = pickOwner({ owner: this });
        }
      `,
    },
    {
      name: 'with checkUnretained off, a cycle that nothing long-lived holds is left alone',
      code: `
        class ConnectionHandler {
          constructor(private readonly conn: Connection) {}
        }
        export class Connection {
          handler = new ConnectionHandler(this);
          context = { owner: this };
        }
      `,
      options: [{ checkUnretained: false }],
    },
    {
      name: 'useTypes without type information does nothing',
      code: `
        import { Parser } from './parser.js';
        export class Connection {
          parser = new Parser(this);
        }
      `,
      options: [{ useTypes: true }],
    },
  ],
  invalid: ([
    {
      name: 'the Python shape: a handler created with the owner and stored on it',
      code: `
import net from 'node:net';

class ConnectionHandler {
  constructor(conn) {
    this.conn = conn;
  }
  onData(chunk) {
    this.conn.buffer.push(chunk);
  }
}

export class Connection {
  constructor(socket: net.Socket) {
    this.socket = socket;
    this.buffer = [];
    this._connHandler = new ConnectionHandler(this);
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 17,
          column: 25,
          endLine: 17,
          endColumn: 52,
          data: { helper: "The 'ConnectionHandler' created here", owner: 'Connection', field: '_connHandler', holder: '' },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import net from 'node:net';

class ConnectionHandler {
  constructor(conn) {
    this.conn = conn;
  }
  onData(chunk) {
    this.conn.buffer.push(chunk);
  }
}

export class Connection {
  constructor(socket: net.Socket) {
    this.socket = socket;
    this.buffer = [];
    this._connHandler = new ConnectionHandler(new WeakRef(this));
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'TS parameter property in the helper, class field in the owner',
      code: `
class QueryHandler {
  constructor(private readonly db: Database, private readonly timeoutMs = 5000) {}
  run(sql: string) { return this.db.query(sql, this.timeoutMs); }
}

export class Database {
  private readonly handler = new QueryHandler(this);
  query(_sql: string, _timeoutMs: number) {}
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 8,
          column: 30,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class QueryHandler {
  constructor(private readonly db: Database, private readonly timeoutMs = 5000) {}
  run(sql: string) { return this.db.query(sql, this.timeoutMs); }
}

export class Database {
  private readonly handler = new QueryHandler(new WeakRef(this));
  query(_sql: string, _timeoutMs: number) {}
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'private fields on both sides',
      code: `
class Heartbeat {
  #session: Session;
  constructor(session: Session) { this.#session = session; }
}

export class Session {
  #heartbeat: Heartbeat;
  constructor() {
    this.#heartbeat = new Heartbeat(this);
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 10,
          column: 23,
          endColumn: 42,
          data: { helper: "The 'Heartbeat' created here", owner: 'Session', field: '#heartbeat', holder: '' },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class Heartbeat {
  #session: Session;
  constructor(session: Session) { this.#session = session; }
}

export class Session {
  #heartbeat: Heartbeat;
  constructor() {
    this.#heartbeat = new Heartbeat(new WeakRef(this));
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a local helper stored on the owner later',
      code: `
class Reader {
  constructor(source, options) {
    this.source = source;
    this.options = options;
  }
}

export class Stream {
  open(options) {
    const reader = new Reader(this, options);
    reader.options.highWaterMark ??= 16;
    this.reader = reader;
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 11,
          column: 20,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class Reader {
  constructor(source, options) {
    this.source = source;
    this.options = options;
  }
}

export class Stream {
  open(options) {
    const reader = new Reader(new WeakRef(this), options);
    reader.options.highWaterMark ??= 16;
    this.reader = reader;
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'an object literal holding this, nested literals and arrays included',
      code: `
export class Worker {
  context: { owner: Worker; meta: { chain: Worker[] } };
  constructor(readonly id: string) {
    this.context = { owner: this, meta: { chain: [this] } };
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 5,
          column: 20,
          endColumn: 60,
          data: { helper: 'This object literal', owner: 'Worker', field: 'context', holder: '' },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
export class Worker {
  context: { owner: Worker; meta: { chain: Worker[] } };
  constructor(readonly id: string) {
    this.context = { owner: new WeakRef(this), meta: { chain: [new WeakRef(this)] } };
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a same-file factory that returns an object holding its parameter',
      code: `
function createHandler(conn: Connection) {
  return {
    conn,
    onData(chunk: Buffer) { conn.receive(chunk); },
  };
}

export class Connection {
  handler = createHandler(this);
  receive(_chunk: Buffer) {}
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 10,
          column: 13,
          endColumn: 32,
          data: { helper: "The object returned by 'createHandler'", owner: 'Connection', field: 'handler', holder: '' },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
function createHandler(conn: Connection) {
  return {
    conn,
    onData(chunk: Buffer) { conn.receive(chunk); },
  };
}

export class Connection {
  handler = createHandler(new WeakRef(this));
  receive(_chunk: Buffer) {}
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a factory that stores its parameter on the object it returns, and an arrow factory',
      code: `
import { EventEmitter } from 'node:events';

function createRelay(owner) {
  const relay = new EventEmitter();
  relay.owner = owner;
  return relay;
}
const createContext = (owner) => ({ owner, startedAt: Date.now() });

export class Gateway {
  constructor() {
    this.relay = createRelay(this);
    this.ctx = createContext(this);
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 13,
          column: 18,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { EventEmitter } from 'node:events';

function createRelay(owner) {
  const relay = new EventEmitter();
  relay.owner = owner;
  return relay;
}
const createContext = (owner) => ({ owner, startedAt: Date.now() });

export class Gateway {
  constructor() {
    this.relay = createRelay(new WeakRef(this));
    this.ctx = createContext(this);
  }
}
      `,
            },
          ],
        },
        {
          messageId: 'cycle',
          line: 14,
          column: 16,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { EventEmitter } from 'node:events';

function createRelay(owner) {
  const relay = new EventEmitter();
  relay.owner = owner;
  return relay;
}
const createContext = (owner) => ({ owner, startedAt: Date.now() });

export class Gateway {
  constructor() {
    this.relay = createRelay(this);
    this.ctx = createContext(new WeakRef(this));
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'the owner registers the helper with process.on',
      code: `
class ShutdownHandler {
  constructor(private readonly server: Server) {}
  handle = () => this.server.close();
}

export class Server {
  private readonly shutdown = new ShutdownHandler(this);
  listen() {
    process.on('SIGTERM', this.shutdown.handle);
  }
  close() {}
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 8,
          column: 31,
          endColumn: 56,
          data: {
            helper: "The 'ShutdownHandler' created here",
            owner: 'Server',
            field: 'shutdown',
            holder: "registered with 'process.on' on line 10, never removed",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class ShutdownHandler {
  constructor(private readonly server: Server) {}
  handle = () => this.server.close();
}

export class Server {
  private readonly shutdown = new ShutdownHandler(new WeakRef(this));
  listen() {
    process.on('SIGTERM', this.shutdown.handle);
  }
  close() {}
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a listener on an emitter the owner holds itself does not outlive the owner',
      code: `
import type { Socket } from 'node:net';

class FrameReader {
  constructor(readonly conn: Connection) {}
  onData = (chunk: Buffer) => this.conn.receive(chunk);
}

export class Connection {
  private readonly reader = new FrameReader(this);
  constructor(private readonly socket: Socket) {
    this.socket.on('data', this.reader.onData);
  }
  receive(_chunk: Buffer) {}
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 10,
          column: 29,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import type { Socket } from 'node:net';

class FrameReader {
  constructor(readonly conn: Connection) {}
  onData = (chunk: Buffer) => this.conn.receive(chunk);
}

export class Connection {
  private readonly reader = new FrameReader(new WeakRef(this));
  constructor(private readonly socket: Socket) {
    this.socket.on('data', this.reader.onData);
  }
  receive(_chunk: Buffer) {}
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a helper inside an internal-state literal is reported where it is created',
      code: `
class SessionPool {
  constructor(client) { this.client = client; }
}

export class Client {
  constructor(url) {
    this.s = { url, sessions: new SessionPool(this), active: new Set() };
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 8,
          column: 31,
          endColumn: 52,
          data: { helper: "The 'SessionPool' created here", owner: 'Client', field: 's', holder: '' },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class SessionPool {
  constructor(client) { this.client = client; }
}

export class Client {
  constructor(url) {
    this.s = { url, sessions: new SessionPool(new WeakRef(this)), active: new Set() };
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a closure reaching the helper is kept by setInterval',
      code: `
class MetricsReporter {
  constructor(pool) { this.pool = pool; }
  report() { console.log(this.pool.size); }
}

export class Pool {
  constructor() {
    this.reporter = new MetricsReporter(this);
    setInterval(() => this.reporter.report(), 10_000);
  }
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 9,
          column: 21,
          endColumn: 46,
          data: { helper: "The 'MetricsReporter' created here", owner: 'Pool', field: 'reporter', holder: "passed to 'setInterval' on line 10, never cleared" },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class MetricsReporter {
  constructor(pool) { this.pool = pool; }
  report() { console.log(this.pool.size); }
}

export class Pool {
  constructor() {
    this.reporter = new MetricsReporter(new WeakRef(this));
    setInterval(() => this.reporter.report(), 10_000);
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a local helper added to a module-level registry',
      code: `
const activeHandlers = new Set<RequestHandler>();

class RequestHandler {
  constructor(readonly client: Client) {}
}

export class Client {
  handler?: RequestHandler;
  connect() {
    const handler = new RequestHandler(this);
    activeHandlers.add(handler);
    this.handler = handler;
  }
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 11,
          column: 21,
          endColumn: 45,
          data: {
            helper: "The 'RequestHandler' created here",
            owner: 'Client',
            field: 'handler',
            holder: "added with 'activeHandlers.add' on line 12, never deleted",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
const activeHandlers = new Set<RequestHandler>();

class RequestHandler {
  constructor(readonly client: Client) {}
}

export class Client {
  handler?: RequestHandler;
  connect() {
    const handler = new RequestHandler(new WeakRef(this));
    activeHandlers.add(handler);
    this.handler = handler;
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'the helper class registers itself on a long-lived emitter',
      code: `
import { bus } from './bus.js';

class OrderListener {
  constructor(readonly service: OrderService) {
    bus.on('order:created', (order) => this.onCreated(order));
  }
  onCreated(_order: unknown) {}
}

export class OrderService {
  listener = new OrderListener(this);
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 12,
          column: 14,
          endColumn: 37,
          data: {
            helper: "The 'OrderListener' created here",
            owner: 'OrderService',
            field: 'listener',
            holder: "registered with 'bus.on' by 'OrderListener' itself on line 6, never removed",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { bus } from './bus.js';

class OrderListener {
  constructor(readonly service: OrderService) {
    bus.on('order:created', (order) => this.onCreated(order));
  }
  onCreated(_order: unknown) {}
}

export class OrderService {
  listener = new OrderListener(new WeakRef(this));
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'the helper becomes an AsyncLocalStorage store',
      code: `
import { AsyncLocalStorage } from 'node:async_hooks';

const requestContext = new AsyncLocalStorage<RequestScope>();

class RequestScope {
  constructor(readonly request: IncomingRequest) {}
}

export class IncomingRequest {
  scope = new RequestScope(this);
  handle(next: () => Promise<void>) {
    return requestContext.run(this.scope, next);
  }
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 11,
          column: 11,
          endColumn: 33,
          data: {
            helper: "The 'RequestScope' created here",
            owner: 'IncomingRequest',
            field: 'scope',
            holder: "made the async context store with 'requestContext.run' on line 13",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { AsyncLocalStorage } from 'node:async_hooks';

const requestContext = new AsyncLocalStorage<RequestScope>();

class RequestScope {
  constructor(readonly request: IncomingRequest) {}
}

export class IncomingRequest {
  scope = new RequestScope(new WeakRef(this));
  handle(next: () => Promise<void>) {
    return requestContext.run(this.scope, next);
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'subclasses that hand the owner to super(), with and without their own constructor',
      code: `
abstract class BaseHandler {
  protected readonly conn: Connection;
  constructor(conn: Connection) { this.conn = conn; }
}
class QueryHandler extends BaseHandler {
  constructor(conn: Connection, readonly sql: string) { super(conn); }
}
class PingHandler extends BaseHandler {}

export class Connection {
  query = new QueryHandler(this, 'select 1');
  ping = new PingHandler(this);
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 12,
          column: 11,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
abstract class BaseHandler {
  protected readonly conn: Connection;
  constructor(conn: Connection) { this.conn = conn; }
}
class QueryHandler extends BaseHandler {
  constructor(conn: Connection, readonly sql: string) { super(conn); }
}
class PingHandler extends BaseHandler {}

export class Connection {
  query = new QueryHandler(new WeakRef(this), 'select 1');
  ping = new PingHandler(this);
}
      `,
            },
          ],
        },
        {
          messageId: 'cycle',
          line: 13,
          column: 10,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
abstract class BaseHandler {
  protected readonly conn: Connection;
  constructor(conn: Connection) { this.conn = conn; }
}
class QueryHandler extends BaseHandler {
  constructor(conn: Connection, readonly sql: string) { super(conn); }
}
class PingHandler extends BaseHandler {}

export class Connection {
  query = new QueryHandler(this, 'select 1');
  ping = new PingHandler(new WeakRef(this));
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a subclass owner creates the helper after super()',
      code: `
import { EventEmitter } from 'node:events';

class Parser {
  constructor(socket) { this.socket = socket; }
}

export class Socket extends EventEmitter {
  constructor() {
    super();
    this.parser = new Parser(this);
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 11,
          column: 19,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { EventEmitter } from 'node:events';

class Parser {
  constructor(socket) { this.socket = socket; }
}

export class Socket extends EventEmitter {
  constructor() {
    super();
    this.parser = new Parser(new WeakRef(this));
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a nested class declared inside the owner method',
      code: `
export class Server {
  start() {
    class Tick {
      constructor(readonly server: Server) {}
    }
    this.tick = new Tick(this);
  }
  tick?: object;
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 7,
          column: 17,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
export class Server {
  start() {
    class Tick {
      constructor(readonly server: Server) {}
    }
    this.tick = new Tick(new WeakRef(this));
  }
  tick?: object;
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'an options object destructured by the helper',
      code: `
class Monitor {
  constructor({ pool, intervalMs }) {
    this.pool = pool;
    this.intervalMs = intervalMs;
  }
}

export class Pool {
  constructor() {
    this.monitor = new Monitor({ pool: this, intervalMs: 1000 });
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 11,
          column: 20,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class Monitor {
  constructor({ pool, intervalMs }) {
    this.pool = pool;
    this.intervalMs = intervalMs;
  }
}

export class Pool {
  constructor() {
    this.monitor = new Monitor({ pool: new WeakRef(this), intervalMs: 1000 });
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'an options object copied onto the helper with Object.assign',
      code: `
class Transport {
  constructor(options) {
    Object.assign(this, options);
  }
}

export class Logger {
  constructor() {
    this.transport = new Transport({ level: 'info', logger: this });
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 10,
          column: 22,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class Transport {
  constructor(options) {
    Object.assign(this, options);
  }
}

export class Logger {
  constructor() {
    this.transport = new Transport({ level: 'info', logger: new WeakRef(this) });
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'the helper keeps the owner through another helper it creates',
      code: `
class FrameDecoder {
  constructor(readonly conn: Connection) {}
}
class Protocol {
  readonly decoder: FrameDecoder;
  constructor(conn: Connection) { this.decoder = new FrameDecoder(conn); }
}

export class Connection {
  protocol = new Protocol(this);
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 11,
          column: 14,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class FrameDecoder {
  constructor(readonly conn: Connection) {}
}
class Protocol {
  readonly decoder: FrameDecoder;
  constructor(conn: Connection) { this.decoder = new FrameDecoder(conn); }
}

export class Connection {
  protocol = new Protocol(new WeakRef(this));
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a lazily created helper behind a condition, with a type assertion on this',
      code: `
class Tracer {
  constructor(readonly target: object) {}
}

export class Client {
  tracer?: Tracer;
  enableTracing(enabled: boolean) {
    this.tracer ??= enabled ? new Tracer(this as object) : undefined;
  }
}
      `,
            errors: [
        {
          messageId: 'cycle',
          line: 9,
          column: 31,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class Tracer {
  constructor(readonly target: object) {}
}

export class Client {
  tracer?: Tracer;
  enableTracing(enabled: boolean) {
    this.tracer ??= enabled ? new Tracer(new WeakRef(this as object)) : undefined;
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'CommonJS: an old-style constructor function helper and a class owner',
      code: `
const { EventEmitter } = require('events');

function Handler(conn) {
  this.conn = conn;
}

class Connection extends EventEmitter {
  constructor() {
    super();
    this.handler = new Handler(this);
  }
}
module.exports = Connection;
      `,
      languageOptions: commonjs,
            errors: [
        {
          messageId: 'cycle',
          line: 11,
          column: 20,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
const { EventEmitter } = require('events');

function Handler(conn) {
  this.conn = conn;
}

class Connection extends EventEmitter {
  constructor() {
    super();
    this.handler = new Handler(new WeakRef(this));
  }
}
module.exports = Connection;
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'a script: class expression owner, listener on a global',
      code: `
var Worker = class {
  constructor() {
    this.state = { worker: this };
    window.addEventListener('message', (event) => this.state.worker.onMessage(event));
  }
  onMessage() {}
};
      `,
      languageOptions: script,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 4,
          column: 18,
          endColumn: 34,
          data: { helper: 'This object literal', owner: 'Worker', field: 'state', holder: "registered with 'window.addEventListener' on line 5, never removed" },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
var Worker = class {
  constructor() {
    this.state = { worker: new WeakRef(this) };
    window.addEventListener('message', (event) => this.state.worker.onMessage(event));
  }
  onMessage() {}
};
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'checkUnknownHelpers: an imported constructor given this',
      code: `
import { Parser } from './parser.js';
import * as timers from './timers.js';

export class Connection {
  parser = new Parser(this);
  ticker = new timers.Ticker({ owner: this });
}
      `,
      options: [{ checkUnknownHelpers: true }],
      errors: [
        {
          messageId: 'cycle',
          line: 6,
          column: 12,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { Parser } from './parser.js';
import * as timers from './timers.js';

export class Connection {
  parser = new Parser(new WeakRef(this));
  ticker = new timers.Ticker({ owner: this });
}
      `,
            },
          ],
        },
        {
          messageId: 'cycle',
          line: 7,
          column: 12,
          endColumn: 46,
          data: { helper: "The 'Ticker' created here", owner: 'Connection', field: 'ticker', holder: '' },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { Parser } from './parser.js';
import * as timers from './timers.js';

export class Connection {
  parser = new Parser(this);
  ticker = new timers.Ticker({ owner: new WeakRef(this) });
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'checkUnknownHelpers: a local subclass of an imported class that hands the owner to super()',
      code: `
import { Transform } from 'node:stream';

class Decoder extends Transform {
  constructor(conn) { super(conn); }
}

export class Connection {
  constructor() {
    this.decoder = new Decoder(this);
  }
}
      `,
      options: [{ checkUnknownHelpers: true }],
      errors: [
        {
          messageId: 'cycle',
          line: 10,
          column: 20,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { Transform } from 'node:stream';

class Decoder extends Transform {
  constructor(conn) { super(conn); }
}

export class Connection {
  constructor() {
    this.decoder = new Decoder(new WeakRef(this));
  }
}
      `,
            },
          ],
        },
      ],
    },
  ] satisfies HandlerCycleCase[]).map(reportingBareCycles),
});

const strictOptions = [{ checkUnknownHelpers: true, checkUnretained: true }] as const;

ruleTester.run('no-handler-cycle: holders, removals, singletons and ORM wrappers', rule, {
  valid: [
    {
      name: 'a listener removed in destroy() with the same function',
      code: `
        import { bus } from '../infra/bus.js';

        class QuoteListener {
          constructor(private readonly board: QuoteBoard) {}
          onQuote = (quote: { symbol: string; price: number }) => this.board.update(quote);
        }

        export class QuoteBoard {
          private readonly listener = new QuoteListener(this);
          open() { bus.on('quote', this.listener.onQuote); }
          update(_quote: { symbol: string; price: number }) {}
          destroy() { bus.off('quote', this.listener.onQuote); }
        }
      `,
    },
    {
      name: 'a transient provider removes its subscription in onModuleDestroy with the same function',
      code: `
        import { Injectable, OnModuleDestroy, Scope } from '@nestjs/common';
        import { EventEmitter2 } from '@nestjs/event-emitter';

        class InvoiceMailer {
          constructor(private readonly exporter: InvoiceExporter) {}
          send = async (invoiceId: string) => this.exporter.export(invoiceId);
        }

        @Injectable({ scope: Scope.TRANSIENT })
        export class InvoiceExporter implements OnModuleDestroy {
          private readonly mailer = new InvoiceMailer(this);
          constructor(private readonly emitter: EventEmitter2) {
            this.emitter.on('invoice.created', this.mailer.send);
          }
          async export(_invoiceId: string) {}
          onModuleDestroy() {
            this.emitter.off('invoice.created', this.mailer.send);
          }
        }
      `,
    },
    {
      name: 'the unsubscribe function returned by subscribe is called in destroy()',
      code: `
        import { events } from '../events/index.js';

        class PaidOrderHandler {
          constructor(readonly fulfilment: Fulfilment) {}
          handle(order: { id: string }) { return this.fulfilment.ship(order.id); }
        }

        export class Fulfilment {
          private readonly handler = new PaidOrderHandler(this);
          private unsubscribe?: () => void;
          start() {
            this.unsubscribe = events.subscribe('order.paid', (order: { id: string }) => this.handler.handle(order));
          }
          async ship(_id: string) {}
          destroy() { this.unsubscribe?.(); }
        }
      `,
    },
    {
      name: 'RxJS subscriptions collected in a field and unsubscribed in a dispose method',
      code: `
        import type { Observable, Subscription } from 'rxjs';
        import { prices$ } from './feeds.js';

        class Ticker {
          constructor(readonly chart: LiveChart) {}
          next = (price: number) => this.chart.plot(price);
        }

        export class LiveChart {
          private readonly ticker = new Ticker(this);
          private readonly subscriptions: Subscription[] = [];
          constructor(private readonly volumes$: Observable<number>) {
            this.subscriptions.push(prices$.subscribe(this.ticker.next));
          }
          plot(_value: number) {}
          dispose() {
            for (const subscription of this.subscriptions) subscription.unsubscribe();
          }
        }
      `,
    },
    {
      name: 'a registry entry deleted, a handle released in [Symbol.dispose], listeners cleared with removeAllListeners',
      code: `
        import { hub } from './hub.js';

        const liveTrackers = new Map<string, Tracker>();

        class Tracker {
          constructor(readonly lease: Lease) {}
          onRevoke = () => this.lease.release();
        }

        export class Lease {
          private readonly tracker = new Tracker(this);
          private readonly revoker = new Tracker(this);
          private readonly renewal = new Tracker(this);
          private timer?: ReturnType<typeof setInterval>;
          constructor(readonly id: string) {
            liveTrackers.set(id, this.tracker);
            hub.on('revoke', this.revoker.onRevoke);
            this.timer = setInterval(this.renewal.onRevoke, 60_000);
          }
          release() {
            liveTrackers.delete(this.id);
            hub.removeAllListeners('revoke');
          }
          [Symbol.dispose]() {
            this.release();
            if (this.timer) clearTimeout(this.timer);
          }
        }
      `,
    },
    {
      name: 'a subscription handle returned to the caller, who owns it',
      code: `
        import { events } from '../events/index.js';

        class Watcher {
          constructor(readonly cache: ProfileCache) {}
          onChange = (id: string) => this.cache.evict(id);
        }

        export class ProfileCache {
          private readonly watcher = new Watcher(this);
          watch() {
            return events.subscribe('profile.changed', this.watcher.onChange);
          }
          evict(_id: string) {}
        }
      `,
    },
    {
      name: 'an interval whose handle is cleared in close()',
      code: `
        class StatsReporter {
          constructor(readonly pool: ConnectionPool) {}
          report() { console.info('pool size', this.pool.size); }
        }

        export class ConnectionPool {
          size = 0;
          private readonly reporter = new StatsReporter(this);
          private timer: NodeJS.Timeout | undefined;
          open() { this.timer = setInterval(() => this.reporter.report(), 30_000); }
          close() { clearInterval(this.timer); }
        }
      `,
    },
    {
      name: 'a listener on an emitter the owner created itself',
      code: `
        import { EventEmitter } from 'node:events';

        class Progress {
          constructor(readonly upload: Upload) {}
          onChunk = (bytes: number) => { this.upload.sent += bytes; };
        }

        export class Upload {
          sent = 0;
          private readonly events = new EventEmitter();
          private readonly progress = new Progress(this);
          constructor() { this.events.on('chunk', this.progress.onChunk); }
        }
      `,
    },
    {
      name: 'a singleton NestJS provider: the cycle cannot extend a life that is already the process',
      code: `
        import { Injectable } from '@nestjs/common';
        import { EventsService } from '../events/events.service';

        class SyncListener {
          constructor(private readonly sync: CatalogSync) {}
          handle = () => this.sync.run();
        }

        @Injectable()
        export class CatalogSync {
          private readonly listener = new SyncListener(this);
          constructor(private readonly events: EventsService) {
            this.events.subscribe('catalog.changed', this.listener.handle);
          }
          async run() {}
        }
      `,
      options: strictOptions,
    },
    {
      name: 'a class exported as its single instance, and one instantiated once at module level',
      code: `
        import { bus } from './bus.js';

        class FlagListener {
          constructor(readonly flags: FeatureFlags) {}
          onUpdate = () => this.flags.reload();
        }

        class FeatureFlags {
          private readonly listener = new FlagListener(this);
          constructor() { bus.on('flags.updated', this.listener.onUpdate); }
          reload() {}
        }
        export default new FeatureFlags();

        class HealthProbe {
          private readonly listener = { probe: this };
          constructor() { process.on('SIGUSR2', () => this.listener.probe.dump()); }
          dump() {}
        }
        const probe = new HealthProbe();
        probe.dump();
      `,
      options: strictOptions,
    },
    {
      name: 'a request-scoped provider whose helper nothing long-lived holds',
      code: `
        import { Injectable, Scope } from '@nestjs/common';

        class AuditTrail {
          constructor(readonly request: RequestAudit) {}
          readonly entries: string[] = [];
        }

        @Injectable({ scope: Scope.REQUEST })
        export class RequestAudit {
          readonly trail = new AuditTrail(this);
        }
      `,
    },
    {
      name: 'MikroORM relation wrappers take their owner by design, in every configuration',
      code: `
        import { Collection, Entity, ManyToOne, OneToMany, PrimaryKey, Reference, type Ref } from '@mikro-orm/core';
        import * as orm from '@mikro-orm/postgresql';

        class TagCollection<T extends object> extends Collection<T> {}

        @Entity()
        export class Author {
          @PrimaryKey() id!: number;
          @OneToMany(() => Book, (book) => book.author) books = new Collection<Book>(this);
          tags = new TagCollection<Tag>(this);
          followers = new orm.Collection<Author>(this);
          self: Ref<Author> = new Reference(this);
        }

        @Entity()
        export class Book {
          @PrimaryKey() id!: number;
          @ManyToOne(() => Author) author!: Author;
        }
        class Tag {}
      `,
      options: strictOptions,
    },
    {
      name: 'MikroORM wrappers loaded with require in CommonJS',
      code: `
        const { Collection } = require('@mikro-orm/core');
        class Invoice {
          constructor() {
            this.lines = new Collection(this);
          }
        }
        module.exports = { Invoice };
      `,
      languageOptions: commonjs,
      options: strictOptions,
    },
  ],
  invalid: [
    {
      name: 'a request-scoped provider subscribes its helper to an injected bus; its onModuleDestroy never runs',
      code: `
import { Injectable, Scope } from '@nestjs/common';
import { EventsService } from '../events/events.service';

class PaymentListener {
  constructor(private readonly checkout: CheckoutSession) {}
  handle = async (event: { orderId: string }) => this.checkout.complete(event.orderId);
}

@Injectable({ scope: Scope.REQUEST })
export class CheckoutSession {
  private readonly listener = new PaymentListener(this);
  constructor(private readonly events: EventsService) {
    this.events.subscribe('order.paid', this.listener.handle);
  }
  async complete(_orderId: string) {}
  onModuleDestroy() {
    this.events.unsubscribe('order.paid', this.listener.handle);
  }
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 12,
          column: 31,
          endColumn: 56,
          data: {
            helper: "The 'PaymentListener' created here",
            owner: 'CheckoutSession',
            field: 'listener',
            holder: "registered with 'this.events.subscribe' on an injected 'EventsService' on line 14, never unsubscribed",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { Injectable, Scope } from '@nestjs/common';
import { EventsService } from '../events/events.service';

class PaymentListener {
  constructor(private readonly checkout: CheckoutSession) {}
  handle = async (event: { orderId: string }) => this.checkout.complete(event.orderId);
}

@Injectable({ scope: Scope.REQUEST })
export class CheckoutSession {
  private readonly listener = new PaymentListener(new WeakRef(this));
  constructor(private readonly events: EventsService) {
    this.events.subscribe('order.paid', this.listener.handle);
  }
  async complete(_orderId: string) {}
  onModuleDestroy() {
    this.events.unsubscribe('order.paid', this.listener.handle);
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'an object with handleEvent registered on a WebSocket the owner was handed',
      code: `
class IdleWatcher {
  constructor(private readonly session: LiveSession) {}
  handleEvent(_event: Event) { this.session.markIdle(); }
}

export class LiveSession {
  private readonly watcher = new IdleWatcher(this);
  attach(ws: WebSocket) {
    ws.addEventListener('close', this.watcher);
  }
  markIdle() {}
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 8,
          column: 30,
          endColumn: 51,
          data: {
            helper: "The 'IdleWatcher' created here",
            owner: 'LiveSession',
            field: 'watcher',
            holder: "registered with 'ws.addEventListener' on 'ws', a parameter the 'LiveSession' did not create, on line 10, never removed",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
class IdleWatcher {
  constructor(private readonly session: LiveSession) {}
  handleEvent(_event: Event) { this.session.markIdle(); }
}

export class LiveSession {
  private readonly watcher = new IdleWatcher(new WeakRef(this));
  attach(ws: WebSocket) {
    ws.addEventListener('close', this.watcher);
  }
  markIdle() {}
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'removal with a fresh arrow and with a fresh bind() removes nothing',
      code: `
import { bus } from '../infra/bus.js';

class Tick {
  constructor(readonly feed: PriceFeed) {}
  run() {}
}

export class PriceFeed {
  private readonly tick = new Tick(this);
  private readonly heartbeat = new Tick(this);
  start() {
    bus.on('tick', () => this.tick.run());
    bus.on('heartbeat', this.heartbeat.run.bind(this.heartbeat));
  }
  stop() {
    bus.off('tick', () => this.tick.run());
    bus.off('heartbeat', this.heartbeat.run.bind(this.heartbeat));
  }
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 10,
          column: 27,
          endColumn: 41,
          data: {
            helper: "The 'Tick' created here",
            owner: 'PriceFeed',
            field: 'tick',
            holder: "registered with 'bus.on' on line 13, never removed",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { bus } from '../infra/bus.js';

class Tick {
  constructor(readonly feed: PriceFeed) {}
  run() {}
}

export class PriceFeed {
  private readonly tick = new Tick(new WeakRef(this));
  private readonly heartbeat = new Tick(this);
  start() {
    bus.on('tick', () => this.tick.run());
    bus.on('heartbeat', this.heartbeat.run.bind(this.heartbeat));
  }
  stop() {
    bus.off('tick', () => this.tick.run());
    bus.off('heartbeat', this.heartbeat.run.bind(this.heartbeat));
  }
}
      `,
            },
          ],
        },
        {
          messageId: 'cycleRetained',
          line: 11,
          column: 32,
          endColumn: 46,
          data: {
            helper: "The 'Tick' created here",
            owner: 'PriceFeed',
            field: 'heartbeat',
            holder: "registered with 'bus.on' on line 14, never removed",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { bus } from '../infra/bus.js';

class Tick {
  constructor(readonly feed: PriceFeed) {}
  run() {}
}

export class PriceFeed {
  private readonly tick = new Tick(this);
  private readonly heartbeat = new Tick(new WeakRef(this));
  start() {
    bus.on('tick', () => this.tick.run());
    bus.on('heartbeat', this.heartbeat.run.bind(this.heartbeat));
  }
  stop() {
    bus.off('tick', () => this.tick.run());
    bus.off('heartbeat', this.heartbeat.run.bind(this.heartbeat));
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'an injected EventEmitter2 in a plain class, and a static registry',
      code: `
import type { EventEmitter2 } from 'eventemitter2';

class AuditRecorder {
  constructor(readonly job: ImportJob) {}
  record = (entry: string) => this.job.log.push(entry);
}

export class ImportJob {
  static readonly running = new Map<string, AuditRecorder>();
  readonly log: string[] = [];
  private readonly recorder = new AuditRecorder(this);
  private readonly tracker = new AuditRecorder(this);
  constructor(readonly id: string, private readonly emitter: EventEmitter2) {
    this.emitter.on('row.imported', this.recorder.record);
    ImportJob.running.set(id, this.tracker);
  }
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 12,
          column: 31,
          endColumn: 54,
          data: {
            helper: "The 'AuditRecorder' created here",
            owner: 'ImportJob',
            field: 'recorder',
            holder: "registered with 'this.emitter.on' on an injected 'EventEmitter2' on line 15, never removed",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import type { EventEmitter2 } from 'eventemitter2';

class AuditRecorder {
  constructor(readonly job: ImportJob) {}
  record = (entry: string) => this.job.log.push(entry);
}

export class ImportJob {
  static readonly running = new Map<string, AuditRecorder>();
  readonly log: string[] = [];
  private readonly recorder = new AuditRecorder(new WeakRef(this));
  private readonly tracker = new AuditRecorder(this);
  constructor(readonly id: string, private readonly emitter: EventEmitter2) {
    this.emitter.on('row.imported', this.recorder.record);
    ImportJob.running.set(id, this.tracker);
  }
}
      `,
            },
          ],
        },
        {
          messageId: 'cycleRetained',
          line: 13,
          column: 30,
          endColumn: 53,
          data: {
            helper: "The 'AuditRecorder' created here",
            owner: 'ImportJob',
            field: 'tracker',
            holder: "added with 'ImportJob.running.set' on line 16, never deleted",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import type { EventEmitter2 } from 'eventemitter2';

class AuditRecorder {
  constructor(readonly job: ImportJob) {}
  record = (entry: string) => this.job.log.push(entry);
}

export class ImportJob {
  static readonly running = new Map<string, AuditRecorder>();
  readonly log: string[] = [];
  private readonly recorder = new AuditRecorder(this);
  private readonly tracker = new AuditRecorder(new WeakRef(this));
  constructor(readonly id: string, private readonly emitter: EventEmitter2) {
    this.emitter.on('row.imported', this.recorder.record);
    ImportJob.running.set(id, this.tracker);
  }
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'the unsubscribe handle is kept but nothing releases it, and enterWith on an imported storage',
      code: `
import { requestStorage } from '../context/storage.js';
import { events } from '../events/index.js';

class ScopeState {
  constructor(readonly request: TenantRequest) {}
}

export class TenantRequest {
  private readonly state = new ScopeState(this);
  private readonly onEvict = { request: this };
  private unsubscribe?: () => void;
  begin() {
    requestStorage.enterWith(this.state);
    this.unsubscribe = events.subscribe('tenant.evicted', () => this.onEvict.request.end());
  }
  end() {}
}
      `,
      errors: [
        {
          messageId: 'cycleRetained',
          line: 10,
          column: 28,
          endColumn: 48,
          data: {
            helper: "The 'ScopeState' created here",
            owner: 'TenantRequest',
            field: 'state',
            holder: "made the async context store with 'requestStorage.enterWith' on line 14",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { requestStorage } from '../context/storage.js';
import { events } from '../events/index.js';

class ScopeState {
  constructor(readonly request: TenantRequest) {}
}

export class TenantRequest {
  private readonly state = new ScopeState(new WeakRef(this));
  private readonly onEvict = { request: this };
  private unsubscribe?: () => void;
  begin() {
    requestStorage.enterWith(this.state);
    this.unsubscribe = events.subscribe('tenant.evicted', () => this.onEvict.request.end());
  }
  end() {}
}
      `,
            },
          ],
        },
        {
          messageId: 'cycleRetained',
          line: 11,
          column: 30,
          endColumn: 47,
          data: {
            helper: 'This object literal',
            owner: 'TenantRequest',
            field: 'onEvict',
            holder: "registered with 'events.subscribe' on line 15, never unsubscribed",
          },
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { requestStorage } from '../context/storage.js';
import { events } from '../events/index.js';

class ScopeState {
  constructor(readonly request: TenantRequest) {}
}

export class TenantRequest {
  private readonly state = new ScopeState(this);
  private readonly onEvict = { request: new WeakRef(this) };
  private unsubscribe?: () => void;
  begin() {
    requestStorage.enterWith(this.state);
    this.unsubscribe = events.subscribe('tenant.evicted', () => this.onEvict.request.end());
  }
  end() {}
}
      `,
            },
          ],
        },
      ],
    },
    {
      name: 'strict: a MikroORM-named class from another package is still an unknown helper',
      code: `
import { Collection } from '@discordjs/collection';

export class GuildCache {
  members = new Collection(this);
}
      `,
      options: [{ checkUnknownHelpers: true, checkUnretained: true }],
      errors: [
        {
          messageId: 'cycle',
          line: 5,
          column: 13,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
import { Collection } from '@discordjs/collection';

export class GuildCache {
  members = new Collection(new WeakRef(this));
}
      `,
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester.run('no-handler-cycle (useTypes)', rule, {
  valid: [
    {
      name: 'without useTypes, a declared class is a constructor we cannot see',
      code: `
        declare class Monitor {
          constructor(owner: Server);
          readonly owner: Server;
        }
        export class Server {
          monitor = new Monitor(this);
        }
      `,
    },
    {
      name: 'useTypes: the helper type has no property of the owner type',
      code: `
        import { EventEmitter } from 'node:events';
        declare class Monitor extends EventEmitter {
          constructor(owner: Server);
          readonly intervalMs: number;
          readonly emitter: EventEmitter;
        }
        export class Server extends EventEmitter {
          monitor = new Monitor(this);
        }
      `,
      options: [{ useTypes: true }],
    },
  ],
  invalid: ([
    {
      name: 'useTypes: the helper class declares a property of the owner type',
      code: `
declare class Monitor {
  constructor(owner: Server);
  readonly owner: Server | undefined;
}
export class Server {
  monitor = new Monitor(this);
}
      `,
      options: [{ useTypes: true }],
      errors: [
        {
          messageId: 'cycle',
          line: 7,
          column: 13,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'useWeakRef',
              output: `
declare class Monitor {
  constructor(owner: Server);
  readonly owner: Server | undefined;
}
export class Server {
  monitor = new Monitor(new WeakRef(this));
}
      `,
            },
          ],
        },
      ],
    },
  ] satisfies HandlerCycleCase[]).map(reportingBareCycles),
});

describe('no-handler-cycle options', () => {
  it('rejects options outside the schema', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = () =>
      linter.verify('class A {}', [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: { parseForESLint } },
          plugins: { leaks: { rules: { 'no-handler-cycle': rule as never } } },
          rules: { 'leaks/no-handler-cycle': ['warn', { checkUnknownHelpers: 'yes' }] },
        },
      ], 'file.ts');
    expect(lint).toThrow(/"yes" should be boolean/);
  });
});

/**
 * Bare cycles (nothing long-lived holding either side) are reported only with `checkUnretained`,
 * which `strict` turns on; the cases that expect the `cycle` message run with it.
 */
function reportingBareCycles(testCase: HandlerCycleCase): HandlerCycleCase {
  if (!testCase.errors.some((error) => error.messageId === 'cycle')) return testCase;
  return { ...testCase, options: [{ checkUnretained: true, ...testCase.options?.[0] }] };
}

type HandlerCycleCase = InvalidTestCase<RuleMessageIds<typeof rule>, RuleOptions<typeof rule>>;
type RuleMessageIds<T> = T extends { meta: { messages: Record<infer MessageIds extends string, string> } } ? MessageIds : never;
type RuleOptions<T> = T extends RuleModule<string, infer Options> ? Options : never;
