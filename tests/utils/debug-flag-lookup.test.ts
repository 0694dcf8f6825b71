import { describe, expect, it } from 'vitest';
import { getDebugFlagLookup, toDebugFlag, type CalleeInfo } from '../../rules/utils/debug-flag-lookup.js';
import { CALL, CONSTRUCT } from '../../rules/utils/imports.js';

/** The trace-map leaf at `module` › path › call kind. */
function calleeInfo(lookup: ReturnType<typeof getDebugFlagLookup>, module: string, path: string[], kind: typeof CALL | typeof CONSTRUCT): CalleeInfo | undefined {
  let node = lookup.traceMap[module] as Record<string | symbol, unknown> | undefined;
  for (const segment of path) node = node?.[segment] as Record<string | symbol, unknown> | undefined;
  return node?.[kind] as CalleeInfo | undefined;
}

describe('getDebugFlagLookup', () => {
  const lookup = getDebugFlagLookup([]);

  it('indexes the built-in catalog by generic option, environment variable and callee', () => {
    expect([...lookup.genericFlags.keys()]).toEqual(expect.arrayContaining(['debug', 'logging', 'httpDebug']));
    expect([...lookup.envFlags.keys()]).toEqual(expect.arrayContaining(['DEBUG', 'NODE_ENV']));
    expect(lookup.libraryFlags.every((flag) => flag.site === 'options')).toBe(true);
    expect(lookup.modules).toEqual(expect.arrayContaining(['typeorm', 'sequelize', 'knex', 'child_process', 'worker_threads']));
  });

  it('puts each callee of a library at its path, under call or construct', () => {
    const sequelize = calleeInfo(lookup, 'sequelize', [], CONSTRUCT);
    expect(sequelize?.flags.map((flag) => flag.property)).toEqual(['logging', 'benchmark']);
    expect(calleeInfo(lookup, 'sequelize', [], CALL)).toBeUndefined();
    expect(calleeInfo(lookup, '@mikro-orm/core', ['MikroORM', 'init'], CALL)?.flags.map((flag) => flag.library)).toEqual(['MikroORM']);
    const mongooseSet = calleeInfo(lookup, 'mongoose', ['set'], CALL);
    expect(mongooseSet?.setterFlags.map((flag) => flag.property)).toEqual(['debug']);
  });

  it('marks process launchers in the same trace map', () => {
    expect(calleeInfo(lookup, 'child_process', ['spawn'], CALL)?.launcher).toMatchObject({ env: 'options' });
    expect(calleeInfo(lookup, 'worker_threads', ['Worker'], CONSTRUCT)?.launcher).toMatchObject({ env: 'options' });
    expect(calleeInfo(lookup, 'cluster', ['fork'], CALL)?.launcher).toMatchObject({ env: 'argument' });
  });

  it('builds esquery name patterns of the generic and the assignable names', () => {
    expect(lookup.genericNames).toMatch(/debug/u);
    expect(lookup.genericNames).not.toMatch(/NODE_ENV/u);
    expect(lookup.assignedNames).toMatch(/NODE_ENV/u);
  });

  it('adds the option entries where their shape says, once per distinct option', () => {
    const flags = [
      { library: 'MyDb', property: 'verbose', effect: 'logs every call', module: 'mydb', callee: 'Client', construct: true },
      { library: 'My tool', property: 'MY_TRACE', effect: 'traces everything', env: true },
      { library: 'My config', property: 'chatty', effect: 'talks', on: { truthy: true } },
    ];
    const extended = getDebugFlagLookup(flags);
    expect(getDebugFlagLookup(structuredClone(flags))).toBe(extended);
    expect(calleeInfo(extended, 'mydb', ['Client'], CONSTRUCT)?.flags.map((flag) => flag.property)).toEqual(['verbose']);
    expect(extended.modules).toContain('mydb');
    expect(extended.envFlags.get('MY_TRACE')?.[0]?.library).toBe('My tool');
    expect(extended.genericFlags.get('chatty')?.[0]?.on).toEqual({ truthy: true });
    expect(extended.genericNames).toMatch(/chatty/u);
    expect(lookup.genericFlags.has('chatty')).toBe(false);
  });
});

describe('toDebugFlag', () => {
  it('defaults to `true` meaning on, and keeps the off text only when given', () => {
    expect(toDebugFlag({ library: 'L', property: 'p', effect: 'e' })).toEqual({ library: 'L', property: 'p', effect: 'e', on: { values: [true] }, site: 'perf-object' });
    expect(toDebugFlag({ library: 'L', property: 'p', effect: 'e', off: 'false', module: 'm' })).toEqual({
      library: 'L',
      property: 'p',
      effect: 'e',
      on: { values: [true] },
      off: 'false',
      site: 'options',
      modules: ['m'],
      callees: [{ path: '', construct: undefined, setter: undefined }],
    });
    expect(toDebugFlag({ library: 'L', property: 'P', effect: 'e', env: true, module: 'm' }).site).toBe('env');
  });
});
