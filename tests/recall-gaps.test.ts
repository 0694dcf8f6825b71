import growing from '../rules/no-growing-module-collection.js';
import listener from '../rules/no-leaked-listener.js';
import timer from '../rules/no-leaked-timer.js';
import unclosed from '../rules/no-unclosed-db-in-thread.js';
import unbounded from '../rules/no-unbounded-query.js';
import { ruleTester } from './rule-tester.js';

/*
 * Leaks that real services fixed and the rules still miss: the recall check of docs/precision.md
 * ("Recall on real fixes"), each shape rewritten in our own words. The cases are skipped: they state
 * what a rule should report once it can, and closing a gap means removing its `skip`. Each one was
 * checked to fail without its `skip` when written (2026-12-04): the rule is silent on it today.
 */

ruleTester.run('recall gaps: no-unclosed-db-in-thread', unclosed, {
  valid: [],
  invalid: [
    {
      name: "a project factory (NodeBB's rdb.connect()) opens a client per admin request (checkProjectFactories, in strict)",
      options: [{ checkProjectFactories: true }],
      code: `import type { Request, Response } from 'express';
import * as cacheStore from './database/redis';
export async function cacheInfo(req: Request, res: Response) {
  const client = cacheStore.connect();
  res.json(await cacheStore.info(client));
}`,
      errors: [{ messageId: 'neverClosed', line: 4, column: 18 }],
    },
    {
      name: 'a helper opens a connection in a promise chain on every call and never ends it',
      code: `import mysql from 'mysql2/promise';
export function probeMysql(dsn: string, sql: string) {
  return mysql.createConnection(dsn).then((connection) => connection.query(sql));
}`,
      errors: [{ messageId: 'neverClosed', line: 3, column: 10 }],
    },
  ],
});

ruleTester.run('recall gaps: no-leaked-listener', listener, {
  valid: [],
  invalid: [
    {
      name: 'a plugin hook that runs again on every server restart installs a crash handler each time',
      skip: true,
      code: `import type { Express } from 'express';
function crash(error: unknown) { console.error(error); process.exit(1); }
export function expressCreateServer(_hook: string, args: { app: Express }) {
  args.app.disable('x-powered-by');
  process.on('uncaughtException', crash);
}`,
      errors: [{ messageId: 'listenerNeverRemoved' }],
    },
    {
      name: 'each wait adds a one-shot listener with on() on the object’s own emitter',
      skip: true,
      code: `import { EventEmitter } from 'node:events';
export class ExportRun {
  private readonly done = new EventEmitter();
  complete() { this.done.emit('finished'); }
  wait(): Promise<void> {
    return new Promise((resolve) => { this.done.on('finished', () => resolve()); });
  }
}`,
      errors: [{ messageId: 'listenerCannotBeRemoved' }],
    },
  ],
});

ruleTester.run('recall gaps: no-leaked-timer', timer, {
  valid: [],
  invalid: [
    {
      name: "an interval started per session by a function whose name reads as setup (startSession), deleted later without clearing it",
      skip: true,
      code: `const sessions: Record<string, { heartbeat?: NodeJS.Timeout }> = {};
export function startSession(id: string, session: { heartbeat?: NodeJS.Timeout }, send: (id: string) => void) {
  session.heartbeat = setInterval(() => send(id), 5_000);
  sessions[id] = session;
}
export function closeSession(id: string) {
  delete sessions[id];
}`,
      errors: [{ messageId: 'timerNeverCleared' }],
    },
  ],
});

ruleTester.run('recall gaps: no-growing-module-collection', growing, {
  valid: [],
  invalid: [
    {
      name: "a singleton's shared default array mutated through a fallback alias on every call",
      skip: true,
      code: `import { Injectable } from '@nestjs/common';
@Injectable()
export class ListingService {
  private readonly defaultJoins = ['photos', 'owner'];
  joinsFor(requested?: string[], withReviews = false) {
    const joins = requested ?? this.defaultJoins;
    if (withReviews) joins.push('reviews');
    return joins;
  }
}`,
      errors: [{ messageId: 'growingCollection' }],
    },
    {
      name: 'a long-lived model found by lookup in an event handler keeps every message',
      skip: true,
      code: `interface Room { id: string; history: string[] }
export function followRooms(bus: { on(event: 'chat', fn: (e: { room: string; text: string }) => void): void }, rooms: Room[]) {
  bus.on('chat', (event) => {
    const room = rooms.find((candidate) => candidate.id === event.room);
    room?.history.push(event.text);
  });
}`,
      errors: [{ messageId: 'growingCollection' }],
    },
  ],
});

ruleTester.run('recall gaps: no-unbounded-query', unbounded, {
  valid: [],
  invalid: [
    {
      name: 'every document of a project, with its content, through a collection handle held at module level',
      skip: true,
      code: `import { MongoClient, ObjectId } from 'mongodb';
const pages = new MongoClient(process.env.MONGO_URL ?? '').db().collection('pages');
export async function exportProject(projectId: string) {
  const all = await pages.find({ project: new ObjectId(projectId) }).toArray();
  return all.length;
}`,
      errors: [{ messageId: 'unboundedQuery' }],
    },
  ],
});
