import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import type { FlagValueMatcher } from '../../rules/utils/catalogs/debug-flags.js';
import { enablesOnlyOwnLoggers, isListItem, isOnInPerf, matchesStaticValue, staticValue } from '../../rules/utils/debug-flag-values.js';
import { createPerfContext, DEFAULT_PERF_ENV_NAMES } from '../../rules/utils/perf-context.js';

const LOGGING: FlagValueMatcher = { values: [true, 'all'], listIncludes: 'query', functions: true };

/** `isOnInPerf` for the value of every property named `flag`, in source order. */
function onInPerf(code: string, matcher: FlagValueMatcher, isPerfFile: boolean): boolean[] {
  const answers: boolean[] = [];
  lintWithProbe(code, (context) => {
    const perf = createPerfContext(context, { perfFiles: [], perfEnvNames: DEFAULT_PERF_ENV_NAMES }, isPerfFile);
    const scope = { sourceCode: context.sourceCode, perf };
    return {
      'Property[key.name="flag"]'(property: TSESTree.Property) {
        answers.push(isOnInPerf(scope, matcher, property.value, property));
      },
    };
  });
  return answers;
}

describe('isOnInPerf', () => {
  it('in perf code, judges static values, lists and logging callbacks against the matcher', () => {
    const code = `
      const ALL = 'all';
      const LEVELS = ['error', 'query'];
      function log(sql: string) {}
      const values = [
        { flag: true }, { flag: false }, { flag: ALL }, { flag: 'warn' },
        { flag: LEVELS }, { flag: ['error'] }, { flag: [{ level: 'query' }] }, { flag: ['query', someLevel] },
        { flag: console.log }, { flag: (sql: string) => sql }, { flag: log }, { flag: logger.debug.bind(logger) },
        { flag: unknownValue },
      ];
    `;
    expect(onInPerf(code, LOGGING, true)).toEqual([true, false, true, false, true, false, true, true, true, true, true, true, false]);
  });

  it('outside perf code, only a value that selects the perf run itself is on', () => {
    const code = `
      const env = process.env.NODE_ENV;
      const isPerf = env === 'perf';
      const values = [
        { flag: true },
        { flag: process.env.NODE_ENV === 'perf' },
        { flag: env !== 'perf' },
        { flag: isPerf },
        { flag: isPerf ? 'all' : false },
        { flag: isPerf ? false : true },
        { flag: process.env.BENCHMARK ? 'all' : false },
      ];
    `;
    expect(onInPerf(code, LOGGING, false)).toEqual([false, true, false, true, true, false, true]);
  });

  it('in perf code, a value selecting another run is off', () => {
    const code = `const values = [{ flag: process.env.NODE_ENV === 'development' ? 'all' : false }, { flag: process.env.NODE_ENV !== 'perf' }];`;
    expect(onInPerf(code, LOGGING, true)).toEqual([false, false]);
  });

  it('takes truthy matchers literally', () => {
    const code = `const values = [{ flag: 'knex:*' }, { flag: '' }, { flag: [] }, { flag: ['x'] }, { flag: 0 }];`;
    expect(onInPerf(code, { truthy: true }, true)).toEqual([true, false, false, true, false]);
  });
});

describe('staticValue and isListItem', () => {
  it('follows consts a few levels deep, and not lets', () => {
    const values: unknown[] = [];
    const items: boolean[] = [];
    lintWithProbe(
      `
        const a = 'query'; const b = a; const c = b;
        let d = 'query';
        const e = \`all\`;
        const f = { level: 'query' };
        use(a, b, c, d, e, undefined, 1 + 1, f);
      `,
      (context) => ({
        'CallExpression[callee.name="use"]'(call: TSESTree.CallExpression) {
          for (const argument of call.arguments) {
            values.push(staticValue(context.sourceCode, argument)?.value ?? null);
            items.push(isListItem(context.sourceCode, argument, 'query'));
          }
        },
      }),
    );
    expect(values).toEqual(['query', 'query', 'query', null, 'all', null, 2, { level: 'query' }]);
    expect(items).toEqual([true, true, true, false, false, false, false, true]);
  });
});

describe('enablesOnlyOwnLoggers', () => {
  function ownLoggers(code: string): boolean[] {
    const answers: boolean[] = [];
    lintWithProbe(code, (context) => ({
      'AssignmentExpression > MemberExpression.left[property.name="DEBUG"]'(left: TSESTree.MemberExpression) {
        answers.push(enablesOnlyOwnLoggers(context.sourceCode, 'debug', (left.parent as TSESTree.AssignmentExpression).right));
      },
    }));
    return answers;
  }

  it('is true when every enabled namespace is a logger the file creates', () => {
    const code = `
      import debug from 'debug';
      const log = debug('dlog');
      const other = debug('bench:other');
      process.env.DEBUG = 'dlog';
      process.env.DEBUG = 'dlog,bench:other,-noise';
      process.env.DEBUG = 'dlog,knex:*';
      process.env.DEBUG = '-dlog';
      process.env.DEBUG = someValue;
    `;
    expect(ownLoggers(code)).toEqual([true, true, false, false, false]);
  });

  it('is false without the logger module', () => {
    expect(ownLoggers(`const debug = (name: string) => name; debug('dlog'); process.env.DEBUG = 'dlog';`)).toEqual([false]);
  });
});

describe('matchesStaticValue', () => {
  it('matches values, list items and truthiness', () => {
    expect(matchesStaticValue({ values: [true, 'all'] }, 'all')).toBe(true);
    expect(matchesStaticValue({ values: [true] }, 1)).toBe(false);
    expect(matchesStaticValue({ listIncludes: 'query' }, ['info', { level: 'query' }])).toBe(true);
    expect(matchesStaticValue({ listIncludes: 'query' }, 'query')).toBe(false);
    expect(matchesStaticValue({ truthy: true }, [])).toBe(false);
    expect(matchesStaticValue({ functions: true }, true)).toBe(false);
  });
});
