import { parseForESLint } from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-leaked-timer.js';
import { commonjs, ruleTester, script } from '../rule-tester.js';

ruleTester.run('no-leaked-timer', rule, {
  valid: [
    // A module-level interval runs once: with unref() it is the recommended process-wide job.
    `import { flushMetrics } from './metrics.js';
setInterval(() => flushMetrics(), 10_000).unref();`,
    // One-shot timeouts end by themselves.
    `import express from 'express';
const app = express();
app.post('/jobs', (req, res) => {
  setTimeout(() => console.log('slow request', req.path), 5000);
  res.sendStatus(202);
});`,
    // A per-connection heartbeat cleared on the owner's close event.
    `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  const heartbeat = setInterval(() => ws.ping(), 30_000);
  ws.on('close', () => clearInterval(heartbeat));
});`,
    // Class services that clear in close/destroy/dispose/stop, by this.field or a destructured alias.
    `export class Connection {
  private heartbeat?: NodeJS.Timeout;
  private readonly sweeper: NodeJS.Timeout;
  #poller?: NodeJS.Timeout;
  constructor() {
    this.heartbeat = setInterval(() => this.ping(), 1000);
    this.sweeper = setInterval(() => this.sweep(), 60_000);
  }
  watch() { this.#poller = setInterval(() => this.ping(), 5000); }
  ping() {}
  sweep() {}
  close() { clearInterval(this.heartbeat); }
  dispose() { const { sweeper } = this; clearTimeout(sweeper); }
  stop() { if (this.#poller) clearInterval(this.#poller); }
}`,
    // A field of a per-connection object, cleared where the connection closes (matched by field name).
    `import net from 'node:net';
interface Tracked extends net.Socket { idleTimer?: NodeJS.Timeout }
function onClose(socket: Tracked) { clearInterval(socket.idleTimer); }
net.createServer((socket: Tracked) => {
  socket.idleTimer = setInterval(() => socket.write('ping'), 1000);
  socket.on('close', () => onClose(socket));
});`,
    // The handle is handed on: returned, collected, passed to a helper that clears it.
    `const timers = new Set<NodeJS.Timeout>();
export function every(ms: number, task: () => void) {
  return setInterval(task, ms);
}
export function track(task: () => void) {
  const timer = setInterval(task, 1000);
  timers.add(timer);
}
function stopTimer(timer?: NodeJS.Timeout) { if (timer) clearInterval(timer); }
export class Reporter {
  private timer?: NodeJS.Timeout;
  start() { this.timer = setInterval(() => this.report(), 1000); }
  report() {}
  shutdown() { stopTimer(this.timer); }
}`,
    // An interval started from a function the file calls once at load time, or in a listen callback.
    `import http from 'node:http';
function startMetrics() {
  setInterval(() => console.log(process.memoryUsage().rss), 60_000);
}
startMetrics();
const server = http.createServer();
server.listen(3000, () => {
  setInterval(() => console.log('alive'), 60_000);
});`,
    // A class the file instantiates once, at load time: its constructor and fields run once.
    `class MemoryCache {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000);
  constructor() {
    setInterval(() => console.log(this.entries.size), 300_000).unref();
  }
  sweep() {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expires < now) this.entries.delete(key);
  }
}
export const cache = new MemoryCache();`,
    // A once-only guard: at most one interval for the process.
    `let sweeper: NodeJS.Timeout | undefined;
export function ensureSweeper(sweep: () => void) {
  if (!sweeper) sweeper = setInterval(sweep, 60_000);
}`,
    // The callback clears its own timer through \`this\` (Node passes the Timeout).
    `export function waitFor(check: () => boolean, done: () => void) {
  setInterval(function (this: NodeJS.Timeout) {
    if (check()) {
      clearInterval(this);
      done();
    }
  }, 100);
}`,
    // timers/promises' setInterval is an async iterator that ends with the loop.
    `import { setInterval } from 'node:timers/promises';
export async function poll(signal: AbortSignal, task: () => Promise<void>) {
  for await (const _ of setInterval(1000, undefined, { signal })) await task();
}`,
    // Re-arming timeouts with a way out: a stop flag, a readiness test, a handle that stop() clears.
    `export class Poller {
  private stopped = false;
  private timer?: NodeJS.Timeout;
  poll() {
    if (this.stopped) return;
    setTimeout(() => this.poll(), 1000);
  }
  pollUntil(ready: () => boolean, resolve: () => void) {
    const check = () => {
      if (ready()) resolve();
      else setTimeout(check, 100);
    };
    check();
  }
  schedule() { this.timer = setTimeout(() => this.schedule(), 1000); }
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}`,
    // A re-arming loop started once at load time is one process-wide job.
    `async function refreshConfig() {
  await fetch('https://config.internal/flags');
  setTimeout(refreshConfig, 30_000).unref();
}
refreshConfig();`,
    // CommonJS top level and a script's global scope run once.
    {
      code: `const { setInterval } = require('node:timers');
setInterval(() => console.log('tick'), 1000).unref();`,
      languageOptions: commonjs,
    },
    {
      code: `setInterval(function () { console.log('tick'); }, 1000);`,
      languageOptions: script,
    },
    // A local function named setInterval is not the timer.
    `export function schedule(setInterval: (fn: () => void, ms: number) => void) {
  setInterval(() => console.log('tick'), 1000);
}`,
  ],
  invalid: [
    {
      name: 'the message names the queue worker that starts a timer per job',
      code: `import { Worker } from 'bullmq';
new Worker('reports', async (job) => {
  setInterval(() => console.log('still running', job.id), 10_000);
  await job.updateProgress(100);
});`,
      errors: [
        {
          messageId: 'timerCannotBeCleared',
          data: { what: 'interval', runs: ', started for every job (registered with `new Worker` on line 2),' },
          line: 3,
        },
      ],
    },
    // A per-connection heartbeat whose handle is discarded: nobody can clear it when the socket closes.
    {
      code: `import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  setInterval(() => ws.ping(), 30_000);
});`,
      errors: [{ messageId: 'timerCannotBeCleared', line: 4, column: 3, endLine: 4, endColumn: 39 }],
    },
    // Stored on the connection object but never cleared.
    {
      code: `import net from 'node:net';
export class Connection {
  private heartbeat: NodeJS.Timeout;
  private socket: net.Socket;
  constructor(port: number) {
    this.socket = net.connect(port);
    this.heartbeat = setInterval(() => this.socket.write('ping'), 1000);
  }
  close() { this.socket.destroy(); }
}`,
      errors: [{ messageId: 'timerNeverCleared', line: 7, column: 22 }],
    },
    // A local handle that nothing clears.
    {
      code: `export function watchQueue(queue: { size(): number }) {
  const monitor = setInterval(() => console.log(queue.size()), 5000);
  monitor.unref();
}`,
      errors: [{ messageId: 'timerNeverCleared', line: 2, column: 19 }],
    },
    // The shadowing bug: stop() clears the module-level binding, start() stored into a local one.
    {
      code: `let timer: NodeJS.Timeout | undefined;
export function start(task: () => void) {
  const timer = setInterval(task, 1000);
  timer.unref();
}
export function stop() {
  clearInterval(timer);
}`,
      errors: [{ messageId: 'clearNeverMatches', line: 3, column: 17 }],
    },
    // A poller that re-arms setTimeout and loses the handle, so stop() cannot clear it.
    {
      code: `export class Poller {
  start() { this.poll(); }
  poll() {
    setTimeout(async () => {
      await fetch('https://example.com/health');
      this.poll();
    }, 1000);
  }
}`,
      errors: [{ messageId: 'timerCannotBeCleared', line: 4, column: 5 }],
    },
    // Re-arming by name, and through a second function that schedules the first.
    {
      code: `export function pollForever(url: string) {
  fetch(url).finally(() => setTimeout(() => pollForever(url), 5000));
}
function schedule() {
  setTimeout(tick, 1000);
}
async function tick() {
  await fetch('https://example.com');
  schedule();
}
export function startTicking() { schedule(); }`,
      errors: [
        { messageId: 'timerCannotBeCleared', line: 2, column: 28 },
        { messageId: 'timerCannotBeCleared', line: 5, column: 3 },
      ],
    },
    // Re-armed into a field that nothing clears.
    {
      code: `export class Refresher {
  private timer?: NodeJS.Timeout;
  refresh() {
    this.timer = setTimeout(() => this.refresh(), 60_000);
  }
}`,
      errors: [{ messageId: 'timerNeverCleared', line: 4, column: 18 }],
    },
    // Imported from node:timers, reached through globalThis, and unref()'d inside a handler.
    {
      code: `import { setInterval as every } from 'node:timers';
import type { IncomingMessage } from 'node:http';
export function onRequest(req: IncomingMessage) {
  every(() => console.log(req.url), 1000);
  globalThis.setInterval(() => console.log(req.method), 1000);
  setInterval(() => console.log(req.headers), 1000).unref();
}`,
      errors: [
        { messageId: 'timerCannotBeCleared', line: 4, column: 3 },
        { messageId: 'timerCannotBeCleared', line: 5, column: 3 },
        { messageId: 'timerCannotBeCleared', line: 6, column: 3 },
      ],
    },
    // A class instantiated per connection: one interval per instance, never cleared.
    {
      code: `import net from 'node:net';
class Session {
  constructor(readonly socket: net.Socket) {
    setInterval(() => socket.write('ping'), 10_000);
  }
}
net.createServer((socket) => new Session(socket)).listen(7000);`,
      errors: [{ messageId: 'timerCannotBeCleared', line: 4, column: 5 }],
    },
    // CommonJS: a handler exported for a server in another file.
    {
      code: `module.exports = function onConnection(socket) {
  setInterval(function () { socket.write('ping'); }, 1000);
};`,
      languageOptions: commonjs,
      errors: [{ messageId: 'timerCannotBeCleared', line: 2, column: 3 }],
    },
  ],
});

describe('no-leaked-timer options', () => {
  it('takes no options', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = () =>
      linter.verify('setInterval(() => {}, 1000);', [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: { parseForESLint } },
          plugins: { leaks: { rules: { 'no-leaked-timer': rule as never } } },
          rules: { 'leaks/no-leaked-timer': ['warn', { checkThisTargets: true }] },
        },
      ], 'file.ts');
    expect(lint).toThrow(/no-leaked-timer/);
  });
});

// Startup code by the execution-context model starts one process-wide timer.
ruleTester.run('no-leaked-timer: startup code', rule, {
  valid: [
    {
      name: 'an interval started by an initialise() method of the exported module object',
      code: `import { readFile } from 'node:fs/promises';
async function pollStatusFile() { await readFile('/etc/status'); }
export default {
  initialise() {
    setInterval(pollStatusFile, 30_000);
  },
};`,
    },
    {
      name: 'a re-arming loop declared and started in a block of top-level code',
      code: `import { publish } from './pubsub.js';
declare const settings: { continualTraffic: boolean };
if (settings.continualTraffic) {
  const keepAlive = () => publish('keep-alive').then(() => setTimeout(keepAlive, 20_000));
  keepAlive();
}`,
    },
  ],
  invalid: [
    {
      name: 'the same interval in a method that the name does not mark as startup',
      code: `import { readFile } from 'node:fs/promises';
async function pollStatusFile() { await readFile('/etc/status'); }
export default {
  watch() {
    setInterval(pollStatusFile, 30_000);
  },
};`,
      errors: [{ messageId: 'timerCannotBeCleared', line: 5, column: 5 }],
    },
  ],
});

// Issue 19: a slot refilled while it may hold a live timer; only the last one can be cleared.
ruleTester.run('no-leaked-timer: overwritten slots', rule, {
  valid: [
    {
      name: 'the chain is started once and re-arms itself',
      code: `export class Poller {
  private timer?: NodeJS.Timeout;
  start() { this.schedule(); }
  private schedule() {
    this.timer = setTimeout(() => this.schedule(), 1000);
  }
  stop() { clearTimeout(this.timer); }
}`,
    },
    {
      name: 'the slot is cleared before it is re-armed from the event',
      code: `import { EventEmitter } from 'node:events';
export class Poller {
  private timer?: NodeJS.Timeout;
  constructor(events: EventEmitter) {
    events.on('config-changed', () => this.schedule());
  }
  private schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.schedule(), 1000);
  }
  stop() { clearTimeout(this.timer); }
}`,
    },
    {
      name: 'an interval stored from a once-per-socket event, in the socket owner',
      code: `import type { WebSocket } from 'ws';
export class Heartbeat {
  private interval?: NodeJS.Timeout;
  constructor(ws: WebSocket) {
    ws.on('open', () => { this.interval = setInterval(() => ws.ping(), 1000); });
    ws.on('close', () => clearInterval(this.interval));
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'an event restarts the chain and overwrites the slot; stop() clears only the last timer',
      code: `import { EventEmitter } from 'node:events';
export class Poller {
  private timer?: NodeJS.Timeout;
  constructor(events: EventEmitter) {
    events.on('config-changed', () => this.schedule());
  }
  start() { this.schedule(); }
  private schedule() {
    this.timer = setTimeout(() => this.schedule(), 1000);
  }
  stop() { clearTimeout(this.timer); }
}`,
      errors: [{ messageId: 'slotOverwritten', line: 9, column: 18, data: { what: 'self-re-arming timeout', handle: 'this.timer', line: '5' } }],
    },
    {
      name: 'an interval restarted on every reconnect message',
      code: `import { EventEmitter } from 'node:events';
export class Feed {
  private interval?: NodeJS.Timeout;
  constructor(bus: EventEmitter) {
    bus.on('reconnect', () => this.startPolling());
  }
  startPolling() {
    this.interval = setInterval(() => this.poll(), 5000);
  }
  poll() {}
  close() { clearInterval(this.interval); }
}`,
      errors: [{ messageId: 'slotOverwritten', line: 8, column: 21, data: { what: 'interval started on every call', handle: 'this.interval', line: '5' } }],
    },
  ],
});
