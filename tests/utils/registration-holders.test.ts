import { describe, expect, it } from 'vitest';
import { type ProbeOptions } from '../helpers/probe.js';
import { createHolderAnalysis, findHolder } from '../../rules/utils/registration-holders.js';
import { factsOf, lintOwnerWalk } from './owner-walk-probe.js';

/**
 * For each store of class `owner`: what keeps it alive, as the message words it. `helpers` names the
 * same-file helper classes the back-reference goes through (their own registrations count too).
 */
function holders(code: string, owner: string, helpers: string[] = [], options: ProbeOptions = {}): Record<string, string | null> {
  const verdicts: Record<string, string | null> = {};
  lintOwnerWalk(
    code,
    (walk, context) => {
      const analysis = createHolderAnalysis(context.sourceCode, walk.classes, walk.registrationByCall);
      const helperClasses = helpers.map((name) => factsOf(walk, name).node);
      for (const store of factsOf(walk, owner).stores) {
        verdicts[store.field] = findHolder(analysis, store, null, helperClasses);
      }
    },
    options,
  );
  return verdicts;
}

describe('findHolder', () => {
  it('names a long-lived target the owner registers the stored helper with', () => {
    const verdicts = holders(
      `
      import { bus } from './bus';
      const registry = new Set<unknown>();
      export class Server {
        handler = new Handler(this);
        timerHandler = new Handler(this);
        registered = new Handler(this);
        own = new Handler(this);
        start() {
          bus.subscribe((event) => this.handler.handle(event));
          setInterval(() => this.timerHandler.tick(), 1000);
          registry.add(this.registered);
          this.own.on('x', () => this.own.handle());
          process.on('exit', () => this.unrelated());
        }
      }
    `,
      'Server',
    );
    expect(verdicts.handler).toBe("registered with 'bus.subscribe' on line 10, never unsubscribed");
    expect(verdicts.timerHandler).toBe("passed to 'setInterval' on line 11, never cleared");
    expect(verdicts.registered).toBe("added with 'registry.add' on line 12, never deleted");
    // Its own helper's emitter lives and dies with the owner.
    expect(verdicts.own).toBeNull();
  });

  it('explains targets whose life is not obvious from their name: injected services and foreign parameters', () => {
    const verdicts = holders(
      `
      import { Injectable } from '@nestjs/common';
      @Injectable()
      export class Tracker {
        handler = new Handler(this);
        other = new Handler(this);
        constructor(private readonly events: EventEmitter2) {}
        start(socket: Socket) {
          this.events.on('x', () => this.handler.run());
          socket.on('data', () => this.other.run());
        }
      }
    `,
      'Tracker',
    );
    expect(verdicts.handler).toBe("registered with 'this.events.on' on an injected 'EventEmitter2' on line 9, never removed");
    expect(verdicts.other).toBe(
      "registered with 'socket.on' on 'socket', a parameter the 'Tracker' did not create, on line 10, never removed",
    );
  });

  it('counts what a same-file helper class registers itself with', () => {
    const verdicts = holders(
      `
      class Handler {
        constructor(private readonly owner: Server) { process.on('exit', () => this.flush()); }
        flush() {}
      }
      export class Server { handler = new Handler(this); }
    `,
      'Server',
      ['Handler'],
    );
    expect(verdicts.handler).toBe("registered with 'process.on' by 'Handler' itself on line 3, never removed");
  });

  it('knows the AsyncLocalStorage store and imported repeating timers', () => {
    const verdicts = holders(
      `
      import { AsyncLocalStorage } from 'node:async_hooks';
      import { setInterval } from 'node:timers';
      const storage = new AsyncLocalStorage<unknown>();
      export class Request {
        context = { request: this };
        poller = new Poller(this);
        begin() {
          storage.enterWith(this.context);
          setInterval(() => this.poller.poll(), 1000);
        }
      }
    `,
      'Request',
    );
    expect(verdicts.context).toBe("made the async context store with 'storage.enterWith' on line 9");
    expect(verdicts.poller).toBe("passed to 'setInterval' on line 10, never cleared");
  });

  it('finds nothing when the registration is undone', () => {
    const verdicts = holders(
      `
      export class Server {
        handler = new Handler(this);
        start() { this.stop = bus.subscribe(() => this.handler.run()); }
        destroy() { this.stop(); }
      }
    `,
      'Server',
    );
    expect(verdicts.handler).toBeNull();
  });

  it('ignores a local function that happens to be called setInterval', () => {
    const verdicts = holders(
      `
      function setInterval(callback: () => void, ms: number) { return [callback, ms]; }
      export class Poller { worker = new Worker(this); start() { setInterval(() => this.worker.run(), 10); } }
    `,
      'Poller',
    );
    expect(verdicts.worker).toBeNull();
  });
});
