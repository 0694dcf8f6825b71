import { describe, expect, it } from 'vitest';
import { createReleaseAnalysis, injectionScopeOf, isReleased } from '../../rules/utils/registration-release.js';
import { factsOf, lintOwnerWalk } from './owner-walk-probe.js';

/** For class `name`: whether each registration its instance code makes is undone, by the registering call's text. */
function releases(code: string, name: string): Record<string, boolean> {
  const verdicts: Record<string, boolean> = {};
  lintOwnerWalk(code, (walk, context) => {
    const analysis = createReleaseAnalysis(context.sourceCode);
    const facts = factsOf(walk, name);
    for (const registration of facts.registrations) {
      verdicts[context.sourceCode.getText(registration.call.callee)] = isReleased(analysis, registration, facts);
    }
  });
  return verdicts;
}

describe('isReleased', () => {
  it('matches a removal of the same function on the same target', () => {
    const verdicts = releases(
      `
      export class Client {
        onExit = () => this.close();
        start(events: Emitter, other: Emitter) {
          process.on('exit', this.onExit);
          process.once('beforeExit', () => this.close());
          events.on('a', this.onA);
          other.addListener('b', this.onB);
          bus.on('c', this.onC);
        }
        stop(events: Emitter) {
          process.off('exit', this.onExit);
          process.off('beforeExit', () => this.close());
          events.removeListener('a', this.onA);
          other.removeListener('b', this.onB);
          bus.removeAllListeners();
        }
        close() {}
      }
    `,
      'Client',
    );
    expect(verdicts['process.on']).toBe(true);
    // A fresh arrow has no identity: removing another one removes nothing.
    expect(verdicts['process.once']).toBe(false);
    // Another parameter called \`events\` is another variable.
    expect(verdicts['events.on']).toBe(false);
    expect(verdicts['other.addListener']).toBe(false);
    expect(verdicts['bus.on']).toBe(true);
  });

  it('follows the handle a registration returns', () => {
    const verdicts = releases(
      `
      export class Poller {
        start() {
          this.timer = setInterval(() => this.poll(), 1000);
          this.subscriptions.push(bus.subscribe(() => this.poll()));
          const stopWatching = watcher.subscribe(() => this.poll());
          this.onStop(stopWatching);
          this.kept = feed.subscribe(() => this.poll());
          return store.subscribe(() => this.poll());
        }
        destroy() { clearInterval(this.timer); this.subscriptions.forEach((s) => s.unsubscribe()); }
        poll() {}
      }
    `,
      'Poller',
    );
    expect(verdicts).toMatchObject({
      setInterval: true,
      'bus.subscribe': true,
      'watcher.subscribe': true,
      'feed.subscribe': false,
      'store.subscribe': true,
    });
    const leaking = releases('export class Ticker { start() { setInterval(() => this.tick(), 1000); } tick() {} }', 'Ticker');
    expect(leaking.setInterval).toBe(false);
  });

  it('matches a registry removal on the same registry', () => {
    const verdicts = releases(
      `
      export class Session {
        open() { sessions.add(this); cache.set(this.id, this); }
        close() { sessions.delete(this); }
      }
    `,
      'Session',
    );
    expect(verdicts).toEqual({ 'sessions.add': true, 'cache.set': false });
  });

  it('ignores a release in a shutdown hook Nest never calls on a request-scoped provider', () => {
    const code = (scope: string) => `
      import { Injectable, Scope } from '@nestjs/common';
      @Injectable({ scope: Scope.${scope} })
      export class Tracker {
        constructor(private readonly events: EventEmitter2) { this.events.on('x', this.onX); }
        onModuleDestroy() { this.events.off('x', this.onX); }
      }
    `;
    expect(releases(code('DEFAULT'), 'Tracker')['this.events.on']).toBe(true);
    expect(releases(code('REQUEST'), 'Tracker')['this.events.on']).toBe(false);
  });
});

describe('injectionScopeOf', () => {
  it('reads the scope once per class', () => {
    lintOwnerWalk(
      `
      import { Injectable, Scope } from '@nestjs/common';
      @Injectable({ scope: Scope.REQUEST }) export class Cart { run() { this.x = 1; } }
    `,
      (walk, context) => {
        const analysis = createReleaseAnalysis(context.sourceCode);
        const cart = factsOf(walk, 'Cart').node;
        expect(injectionScopeOf(analysis, cart)).toBe('request');
        expect(injectionScopeOf(analysis, cart)).toBe('request');
        expect(analysis.injectionScopes.size).toBe(1);
      },
    );
  });
});
