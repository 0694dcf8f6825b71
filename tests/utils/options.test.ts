import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../index.js';
import { createPathMatcher, findGlobProblem } from '../../rules/utils/globs.js';
import { checkGlobOption, compileRegExpOption, createNameMatcherOption, createPathMatcherOption } from '../../rules/utils/options.js';

const allow = { rule: 'no-growing-module-collection', option: 'allow' };
const perfFiles = { rule: 'no-debug-in-perf-config', option: 'perfFiles' };

describe('compileRegExpOption', () => {
  it('leaves plain names to the caller', () => {
    expect(compileRegExpOption(allow, 'auditLog')).toBeNull();
    expect(compileRegExpOption(allow, 'Registry.entries')).toBeNull();
  });

  it('compiles /source/flags', () => {
    expect(compileRegExpOption(allow, '/^cache/iu')).toEqual(/^cache/iu);
    expect(compileRegExpOption(allow, '/a/b/')).toEqual(/a\/b/);
  });

  it('drops g and y, which would make the same name match only every other time', () => {
    const pattern = compileRegExpOption(allow, '/Buffer$/gy');
    expect(pattern?.flags).toBe('');
    const matches = createNameMatcherOption(allow, ['/Buffer$/g']);
    expect([matches('metricsBuffer'), matches('metricsBuffer'), matches('metricsBuffer')]).toEqual([true, true, true]);
  });

  it('throws on an invalid pattern, naming the rule, the option and the value', () => {
    expect(() => compileRegExpOption(allow, '/[a-/')).toThrow(
      new Error(
        `leaks/no-growing-module-collection: option "allow" has an invalid regular expression '/[a-/': Invalid regular expression: /[a-/: Unterminated character class.`,
      ),
    );
    expect(() => compileRegExpOption(allow, '/(?<x>a)(?<x>b)/')).toThrow(/option "allow" has an invalid regular expression '\/\(\?<x>a\)\(\?<x>b\)\/': Invalid regular expression: .*\.$/u);
  });

  it('throws on invalid flags', () => {
    expect(() => compileRegExpOption(allow, '/x/q')).toThrow(
      new Error(`leaks/no-growing-module-collection: option "allow" has an invalid regular expression '/x/q': Invalid flags supplied to RegExp constructor 'q'.`),
    );
  });

  it('throws on an entry that starts like a pattern but does not close, since no name starts with /', () => {
    expect(() => compileRegExpOption(allow, '/^KNOWN_')).toThrow(
      new Error(`leaks/no-growing-module-collection: option "allow" has '/^KNOWN_', which starts with '/' but is not a '/source/flags' regular expression.`),
    );
    expect(() => compileRegExpOption(allow, '/')).toThrow(/has '\/', which starts with '\/'/u);
  });
});

describe('createNameMatcherOption', () => {
  it('matches exact names and patterns', () => {
    const matches = createNameMatcherOption(allow, ['auditLog', '/^cache/u']);
    expect(['auditLog', 'cacheByUser', 'audit', 'myCache'].map(matches)).toEqual([true, true, false, false]);
  });

  it('matches nothing when empty', () => {
    expect(createNameMatcherOption(allow, [])('anything')).toBe(false);
  });
});

describe('findGlobProblem', () => {
  it.each([
    '**/bench/**',
    '*.bench.*',
    'src/jobs/*.ts',
    'scripts/load.{js,ts}',
    '**/@(jobs|queues)/*.ts',
    '**/!(fixtures)/*.ts',
    'file[0-9].js',
    '[]]x.js',
    '[!]]x.js',
    '[[:alpha:]]x.js',
    String.raw`a\[literal\].js`,
    String.raw`a\{b.js`,
    '!**/bench/fixtures/**',
    '{a,{b,c}}/*.js',
  ])('accepts %s', (glob) => {
    expect(findGlobProblem(glob)).toBeNull();
  });

  it.each([
    ['', 'it is empty'],
    ['  ', 'it is empty'],
    ['!', "nothing follows the '!'"],
    ['!!bench/**', "it starts with more than one '!' (a glob is negated once, by one leading '!')"],
    ['bench/{a,b', "its '{' is never closed"],
    ['bench/[ab', "its '[' is never closed"],
    ['**/@(jobs|queues/*.ts', "its '(' is never closed"],
    ['bench/a,b}', "its '}' has no matching opening bracket"],
    ['bench/a]', "its ']' has no matching opening bracket"],
    ['{a,(b})', "its '}' has no matching opening bracket"],
    ['x)', "its ')' has no matching opening bracket"],
    [String.raw`src\workers\**`, "it contains '\\' before a letter, digit or the end (globs separate directories with '/' on every platform)"],
    ['bench\\', "it contains '\\' before a letter, digit or the end (globs separate directories with '/' on every platform)"],
  ])('rejects %j: %s', (glob, problem) => {
    expect(findGlobProblem(glob)).toBe(problem);
  });
});

describe('checkGlobOption', () => {
  it('returns the same list when every glob is valid, so memoised matchers keep their key', () => {
    const globs = ['**/bench/**', '!**/bench/fixtures/**'];
    expect(checkGlobOption(perfFiles, globs)).toBe(globs);
    expect(checkGlobOption(perfFiles, [])).toEqual([]);
  });

  it('throws on an invalid glob, naming the rule, the option and the glob', () => {
    expect(() => checkGlobOption(perfFiles, ['**/bench/**', 'bench/{a,b'])).toThrow(
      new Error(`leaks/no-debug-in-perf-config: option "perfFiles" has an invalid glob 'bench/{a,b': its '{' is never closed.`),
    );
  });

  it('throws on a list of negated globs alone, which would match no file', () => {
    expect(() => checkGlobOption(perfFiles, ['!**/bench/fixtures/**'])).toThrow(
      new Error(
        `leaks/no-debug-in-perf-config: option "perfFiles" has only negated globs ('!**/bench/fixtures/**'), which match no file: a '!' glob removes files from those another glob of the list matches.`,
      ),
    );
  });
});

describe('createPathMatcher with negated globs', () => {
  const matches = createPathMatcherOption(perfFiles, ['**/bench/**', '*.bench.ts', '!**/bench/fixtures/**', '!legacy.bench.ts']);

  it.each([
    ['bench/http.js', true],
    ['packages/api/bench/query.ts', true],
    ['bench/fixtures/data.js', false],
    ['packages/api/bench/fixtures/data.js', false],
    ['src/http.bench.ts', true],
    ['src/legacy.bench.ts', false],
    ['src/http.ts', false],
  ])('%s → %s', (path, expected) => {
    expect(matches(path)).toBe(expected);
  });

  it('does not depend on the order of the globs', () => {
    const reversed = createPathMatcher(['!**/bench/fixtures/**', '**/bench/**']);
    expect([reversed('bench/x.js'), reversed('bench/fixtures/x.js')]).toEqual([true, false]);
  });

  it('reads a leading !( as an extglob, not a negation', () => {
    const notFixtures = createPathMatcher(['bench/!(fixtures)/*.js']);
    expect([notFixtures('bench/http/x.js'), notFixtures('bench/fixtures/x.js')]).toEqual([true, false]);
  });

  it('matches nothing with negated globs alone', () => {
    expect(createPathMatcher(['!**/bench/**'])('src/x.js')).toBe(false);
  });
});

/** The message ESLint stops with when `leaks/<rule>` is configured with `options`, or '' when it lints. */
function lintError(rule: string, options: unknown): string {
  const linter = new Linter();
  try {
    linter.verify(
      'export const handlers = [];',
      { files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { leaks: plugin }, rules: { [`leaks/${rule}`]: ['error', options] } },
      'src/service.ts',
    );
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('an invalid pattern in a rule option stops the lint', () => {
  it.each([
    [
      'no-growing-module-collection',
      { allow: ['cache', '/[a-/'] },
      `leaks/no-growing-module-collection: option "allow" has an invalid regular expression '/[a-/': Invalid regular expression: /[a-/: Unterminated character class.`,
    ],
    [
      'no-debug-in-perf-config',
      { perfFiles: ['bench/{a,b'] },
      `leaks/no-debug-in-perf-config: option "perfFiles" has an invalid glob 'bench/{a,b': its '{' is never closed.`,
    ],
    [
      'no-unclosed-db-in-thread',
      { threadFiles: [String.raw`src\workers\**`] },
      `leaks/no-unclosed-db-in-thread: option "threadFiles" has an invalid glob 'src\\workers\\**': it contains '\\' before a letter, digit or the end (globs separate directories with '/' on every platform).`,
    ],
    [
      'no-unclosed-db-in-thread',
      { threadFiles: ['!**/legacy/**'] },
      `leaks/no-unclosed-db-in-thread: option "threadFiles" has only negated globs ('!**/legacy/**'), which match no file: a '!' glob removes files from those another glob of the list matches.`,
    ],
  ])('%s with %j', (rule, options, message) => {
    expect(lintError(rule, options)).toBe(`Error while loading rule 'leaks/${rule}': ${message}\nOccurred while linting src/service.ts`);
  });

  it.each([
    ['no-growing-module-collection', { allow: ['cache', '/^Known/u', 'Registry.entries'] }],
    ['no-debug-in-perf-config', { perfFiles: ['**/bench/**', '!**/bench/fixtures/**', 'scripts/load.{js,ts}'] }],
    ['no-unclosed-db-in-thread', { threadFiles: ['**/*.worker.*', '**/@(jobs|tasks)/*.ts', '!**/legacy/**'] }],
  ])('%s accepts valid patterns: %j', (rule, options) => {
    expect(lintError(rule, options)).toBe('');
  });
});

/*
 * ESLint checks option types against `meta.schema` before any rule starts, and its message names the
 * rule and the offending value but never the option's path (ESLint 10 prints ajv's `data` and
 * `message`, not its `dataPath`). These pin the text users see, so a change in ESLint shows up here.
 */
describe('a wrongly typed option stops the lint with ESLint’s schema message', () => {
  it.each([
    ['no-growing-module-collection', { allow: 'cache' }, '\tValue "cache" should be array.\n'],
    ['no-growing-module-collection', { allow: [''] }, '\tValue "" should NOT be shorter than 1 characters.\n'],
    ['no-growing-module-collection', { checkStatic: 'yes' }, '\tValue "yes" should be boolean.\n'],
    ['no-debug-in-perf-config', { perfFiles: '**/bench/**' }, '\tValue "**/bench/**" should be array.\n'],
    ['no-debug-in-perf-config', { perfEnvNames: ['load test'] }, '\tValue "load test" should match pattern "^[A-Za-z0-9_-]+$".\n'],
    ['no-unclosed-db-in-thread', { threadFiles: '**/workers/**' }, '\tValue "**/workers/**" should be array.\n'],
    ['no-unclosed-db-in-thread', { threadFiles: [''] }, '\tValue "" should NOT be shorter than 1 characters.\n'],
    ['no-unbounded-query', { allowModels: 'Country' }, '\tValue "Country" should be array.\n'],
    ['no-leaked-listener', { longLivedTargets: 'bus' }, '\tValue "bus" should be array.\n'],
    ['no-handler-cycle', { useTypes: 1 }, '\tValue 1 should be boolean.\n'],
  ])('%s with %j', (rule, options, detail) => {
    expect(lintError(rule, options)).toBe(`Key "rules": Key "leaks/${rule}":\n${detail}`);
  });

  it('names a misspelt option and the known ones', () => {
    expect(lintError('no-growing-module-collection', { alow: ['cache'] })).toMatch(
      /\tUnexpected property "alow"\. Expected properties: "allow", "checkExported", "checkEscaped", "checkStatic", "checkSingletons"\.\n$/u,
    );
  });
});
