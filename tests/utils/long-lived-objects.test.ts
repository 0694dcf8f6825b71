import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { getInjectionScope, getSingletonEvidence, type InjectionScope } from '../../rules/utils/long-lived-objects.js';

interface ClassVerdict {
  scope: InjectionScope | null;
  singleton: string | null;
}

/** Lints `code` with a probe rule that records both answers for every named class. */
function classVerdicts(code: string, sourceType: 'module' | 'commonjs' = 'module'): Record<string, ClassVerdict> {
  const verdicts: Record<string, ClassVerdict> = {};
  lintWithProbe(
    code,
    (context) => {
      const record = (node: TSESTree.ClassDeclaration | TSESTree.ClassExpression) => {
        verdicts[node.id?.name ?? 'anonymous'] = {
          scope: getInjectionScope(context.sourceCode, node),
          singleton: getSingletonEvidence(context.sourceCode, node),
        };
      };
      return { ClassDeclaration: record, ClassExpression: record };
    },
    { sourceType },
  );
  return verdicts;
}

describe('getInjectionScope', () => {
  it('reads the NestJS scope from the decorator and from an injected request', () => {
    const verdicts = classVerdicts(`
      import { Controller, Inject, Injectable, Scope } from '@nestjs/common';
      import { REQUEST } from '@nestjs/core';
      import { Injectable as Provider } from '@nestjs/common';

      @Injectable() export class Catalog {}
      @Injectable({ scope: Scope.DEFAULT }) export class Pricing {}
      @Injectable({ scope: Scope.REQUEST }) export class Cart {}
      @Injectable({ scope: Scope.TRANSIENT }) export class Logger {}
      @Injectable({ scope: options.scope }) export class Dynamic {}
      @Controller({ path: 'orders', scope: Scope.REQUEST }) export class OrdersController {}
      @Provider() export class Renamed {}
      @Injectable() export class Tenant {
        constructor(@Inject(REQUEST) private readonly request: unknown) {}
      }
      export class Plain {}
      function Injectable2() { return () => {}; }
      @Injectable2() export class LocalDecorator {}
    `);
    expect(verdicts.Catalog?.scope).toBe('singleton');
    expect(verdicts.Pricing?.scope).toBe('singleton');
    expect(verdicts.Cart?.scope).toBe('request');
    expect(verdicts.Logger?.scope).toBe('transient');
    expect(verdicts.Dynamic?.scope).toBe('unknown');
    expect(verdicts.OrdersController?.scope).toBe('request');
    expect(verdicts.Renamed?.scope).toBe('singleton');
    expect(verdicts.Tenant?.scope).toBe('request');
    expect(verdicts.Plain?.scope).toBeNull();
    expect(verdicts.LocalDecorator?.scope).toBeNull();
  });
});

describe('getSingletonEvidence', () => {
  it('names a singleton-scoped provider and leaves request-scoped and transient ones alone', () => {
    const verdicts = classVerdicts(`
      import { Injectable, Scope } from '@nestjs/common';
      @Injectable() export class Catalog {}
      @Injectable({ scope: Scope.REQUEST }) export class Cart {}
      @Injectable({ scope: Scope.TRANSIENT }) export class Logger {}
    `);
    expect(verdicts.Catalog?.singleton).toBe("a '@Injectable()' provider in singleton scope");
    expect(verdicts.Cart?.singleton).toBeNull();
    expect(verdicts.Logger?.singleton).toBeNull();
  });

  it('finds classes instantiated only at load time, exported as one instance or kept in a module binding', () => {
    const verdicts = classVerdicts(`
      class PolicyEngine { static create() { return 1; } }
      export default new PolicyEngine();
      PolicyEngine.create();

      export class Cache { get(_key: string): unknown { return undefined; } }
      export const cache = new Cache();

      class Registry { items: Registry[] = []; }
      const registry = new Registry();
      registry.items.push(registry);

      const Anonymous = new (class Hidden {})();
    `);
    expect(verdicts.PolicyEngine?.singleton).toBe('exported as a single instance (line 3)');
    expect(verdicts.Cache?.singleton).toBe('exported as a single instance (line 7)');
    expect(verdicts.Registry?.singleton).toBe('instantiated once at module level (line 10)');
    expect(verdicts.Hidden?.singleton).toBe('instantiated once at module level (line 13)');
  });

  it('is not fooled by classes created per call, exported for others to create, or handed out', () => {
    const verdicts = classVerdicts(`
      class Session {}
      export const bootSession = new Session();
      export function open() { return new Session(); }

      export class Exported {}
      const local = new Exported();

      class Registered {}
      const instance = new Registered();
      container.register(Registered);

      class Base {}
      class Derived extends Base {}
      const derived = new Base();

      class NeverCreated {}
    `);
    expect(verdicts.Session?.singleton).toBeNull();
    expect(verdicts.Exported?.singleton).toBeNull();
    expect(verdicts.Registered?.singleton).toBeNull();
    expect(verdicts.Base?.singleton).toBeNull();
    expect(verdicts.NeverCreated?.singleton).toBeNull();
  });

  it('counts module.exports = new X() in CommonJS', () => {
    const verdicts = classVerdicts(
      `
      class Mailer { send() {} }
      module.exports = new Mailer();
    `,
      'commonjs',
    );
    expect(verdicts.Mailer?.singleton).toBe('exported as a single instance (line 3)');
  });
});
