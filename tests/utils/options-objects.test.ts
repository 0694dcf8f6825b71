import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import {
  exportedObjects,
  findProperty,
  isOptionsObject,
  isPlainArgument,
  resolveObject,
  type OptionsObjectScope,
} from '../../rules/utils/options-objects.js';
import { createPerfContext, DEFAULT_PERF_ENV_NAMES } from '../../rules/utils/perf-context.js';

function scopeOf(context: TSESLint.RuleContext<never, []>): OptionsObjectScope {
  const perf = createPerfContext(context, { perfFiles: [], perfEnvNames: DEFAULT_PERF_ENV_NAMES }, false);
  return { sourceCode: context.sourceCode, perf, optionsObjects: new Map() };
}

/** `isOptionsObject` for every object literal with an `id: '<name>'` property, by name. */
function optionsVerdicts(code: string, sourceType: 'module' | 'commonjs' = 'module'): Record<string, boolean> {
  const verdicts: Record<string, boolean> = {};
  lintWithProbe(
    code,
    (context) => {
      const scope = scopeOf(context);
      return {
        'ObjectExpression > Property[key.name="id"] > Literal.value'(id: TSESTree.StringLiteral) {
          verdicts[id.value] = isOptionsObject(scope, id.parent.parent as TSESTree.ObjectExpression);
        },
      };
    },
    { sourceType },
  );
  return verdicts;
}

describe('isOptionsObject', () => {
  it('tells options handed to code from data', () => {
    expect(
      optionsVerdicts(`
        new Client({ id: 'argument' });
        connect(ready ? { id: 'conditional' } : undefined);
        rows.push({ id: 'pushed' });
        expect(result).toEqual({ id: 'expected' });
        res.json({ id: 'sent' });
        const config = { id: 'const handed on' };
        connect(config);
        const data = { id: 'const read' };
        print(data.id);
        export const shared = { id: 'exported const' };
        export function makeConfig() { return { id: 'factory' }; }
        function helper() { return { id: 'local function' }; }
        const make = () => ({ id: 'arrow called' });
        connect(make());
        start({ db: { id: 'nested in options' }, ...{ id: 'spread into options' } });
        const environments = { development: { id: 'dev branch' }, perf: { id: 'perf branch' } };
        export default { id: 'default export' };
      `),
    ).toEqual({
      argument: true,
      conditional: true,
      pushed: false,
      expected: false,
      sent: false,
      'const handed on': true,
      'const read': false,
      'exported const': true,
      factory: true,
      'local function': false,
      'arrow called': false,
      'nested in options': true,
      'spread into options': true,
      'dev branch': false,
      'perf branch': true,
      'default export': true,
    });
  });

  it('reads CommonJS exports', () => {
    expect(optionsVerdicts(`module.exports = { id: 'module.exports' }; exports.config = { id: 'exports.x' };`, 'commonjs')).toEqual({
      'module.exports': true,
      'exports.x': true,
    });
  });

  it('ends on a literal that holds itself', () => {
    expect(optionsVerdicts(`const a = { id: 'self', b: a };`)).toEqual({ self: false });
  });
});

describe('resolveObject, findProperty, isPlainArgument', () => {
  it('reads the arguments of a call', () => {
    const seen: Record<string, unknown> = {};
    lintWithProbe(
      `
        const options = { logging: true, ...more };
        let later = { logging: true };
        later = { logging: false };
        const url = process.env.DB_URL ?? 'postgres://localhost';
        const alias = url;
        probe({ logging: false, logging: true }, options, later, url, alias, 'x', \`y\`, settings, { other: 1 });
      `,
      (context) => {
        const scope = scopeOf(context);
        return {
          'CallExpression[callee.name="probe"]'(call: TSESTree.CallExpression) {
            seen.objects = call.arguments.map((argument) => resolveObject(context.sourceCode, argument)?.properties.length ?? null);
            seen.logging = call.arguments.map((argument) => {
              const object = resolveObject(context.sourceCode, argument);
              if (!object) return 'no object';
              const found = findProperty(object, 'logging');
              return found === null || found === 'unknown' ? found : context.sourceCode.getText(found);
            });
            seen.plain = call.arguments.map((argument) => isPlainArgument(scope, argument, 0));
          },
        };
      },
    );
    expect(seen.objects).toEqual([2, 2, null, null, null, null, null, null, 1]);
    expect(seen.logging).toEqual(['logging: true', 'unknown', 'no object', 'no object', 'no object', 'no object', 'no object', 'no object', null]);
    expect(seen.plain).toEqual([false, false, false, true, true, true, true, false, false]);
  });
});

describe('exportedObjects', () => {
  it('finds the object literals a file exports, through consts', () => {
    const exported: string[][] = [];
    const collect = (code: string, sourceType: 'module' | 'commonjs') =>
      lintWithProbe(
        code,
        (context) => ({
          'Program:exit'() {
            exported.push(exportedObjects(context.sourceCode).map((object) => context.sourceCode.getText(object)));
          },
        }),
        { sourceType },
      );
    collect(`const config = { a: 1 }; export default config; export const b = { b: 2 };`, 'module');
    collect(`module.exports = { c: 3 }; module.exports.d = { d: 4 }; exports.e = { e: 5 }; other.f = { f: 6 };`, 'commonjs');
    expect(exported).toEqual([['{ a: 1 }'], ['{ c: 3 }', '{ d: 4 }', '{ e: 5 }']]);
  });
});
