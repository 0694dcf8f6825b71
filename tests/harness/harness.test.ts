import type { Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ProgramChecker } from '../../scripts/lib/check.js';
import { isLintableSource, sourceTypeFor } from '../../scripts/lib/corpus.js';
import { parseTs } from '../../scripts/lib/mutate.js';
import { generatePatternFile } from '../../scripts/lib/patterns.js';
import { Random, programSeed } from '../../scripts/lib/random.js';
import { codeFrame } from '../../scripts/lib/report.js';
import { shrinkProgram } from '../../scripts/lib/shrink.js';

/** A rule that throws on `setInterval(...)` calls, and one whose suggestion leaves broken code. */
const throwsOnInterval: Rule.RuleModule = {
  meta: { type: 'problem', schema: [] },
  create: () => ({
    'CallExpression[callee.name="setInterval"]'() {
      throw new Error('boom');
    },
  }),
};
const brokenSuggestion: Rule.RuleModule = {
  meta: { type: 'suggestion', hasSuggestions: true, schema: [], messages: { found: 'Found.', remove: 'Remove.' } },
  create: (context) => ({
    'CallExpression[callee.property.name="push"]'(node: Rule.Node) {
      context.report({ node, messageId: 'found', suggest: [{ messageId: 'remove', fix: (fixer) => fixer.insertTextAfter(node, ' +') }] });
    },
  }),
};

function fakeChecker(): ProgramChecker {
  return new ProgramChecker({
    plugin: { rules: { 'throws-on-interval': throwsOnInterval, 'broken-suggestion': brokenSuggestion } },
    allRules: { 'leaks/throws-on-interval': 'error', 'leaks/broken-suggestion': 'error' },
  });
}

describe('fuzz oracle', () => {
  it('names the rule that throws', () => {
    const failure = fakeChecker().check('function f() {\n  setInterval(() => {}, 10);\n}\n', 'src/a.ts', 'module');
    expect(failure).toMatchObject({ kind: 'crash', ruleId: 'leaks/throws-on-interval' });
  });

  it('catches a suggestion whose output does not parse', () => {
    const failure = fakeChecker().check('const list = [];\nlist.push(1);\n', 'src/a.ts', 'module');
    expect(failure).toMatchObject({ kind: 'unparseable-output', ruleId: 'leaks/broken-suggestion' });
  });

  it('passes clean code', () => {
    expect(fakeChecker().check('export const x = 1;\n', 'src/a.ts', 'module')).toBeUndefined();
  });

  it('shrinks a failing program to the statement that fails', () => {
    const checker = fakeChecker();
    const code = ['const a = 1;', 'export function start(ws) {', '  const b = a + 1;', '  setInterval(() => ws.ping(), 1000);', '  return b;', '}', 'export const c = [a];'].join('\n');
    const { code: shrunk } = shrinkProgram(code, 'src/a.ts', (candidate) => parseTs(candidate, 'src/a.ts') !== undefined && checker.check(candidate, 'src/a.ts', 'module')?.ruleId === 'leaks/throws-on-interval');
    expect(shrunk).not.toContain('const a');
    expect(shrunk).toContain('setInterval');
    expect(shrunk.split('\n').length).toBeLessThanOrEqual(3);
  });
});

describe('corpus file selection', () => {
  it('keeps sources and leaves out declarations and minified bundles', () => {
    expect(['a.js', 'a.mjs', 'a.cjs', 'a.ts', 'a.mts', 'a.cts'].every(isLintableSource)).toBe(true);
    expect(['a.d.ts', 'a.d.mts', 'a.d.cts', 'a.min.js', 'a-min.js', 'a.json', 'a.map'].some(isLintableSource)).toBe(false);
  });

  it('derives sourceType like Node does', () => {
    expect(sourceTypeFor('a.js', 'module')).toBe('module');
    expect(sourceTypeFor('a.js', undefined)).toBe('commonjs');
    expect(sourceTypeFor('a.cjs', 'module')).toBe('commonjs');
    expect(sourceTypeFor('a.cts', 'module')).toBe('commonjs');
    expect(sourceTypeFor('a.mjs', undefined)).toBe('module');
    expect(sourceTypeFor('a.ts', undefined)).toBe('module');
  });
});

describe('generators', () => {
  it('are reproducible from a seed', () => {
    expect(new Random(programSeed(7, 3)).next()).toBe(new Random(programSeed(7, 3)).next());
    expect(programSeed(7, 3)).not.toBe(programSeed(7, 4));
    expect(generatePatternFile(400, new Random(1))).toBe(generatePatternFile(400, new Random(1)));
  });

  it('generate parseable pattern files in both module systems', () => {
    expect(parseTs(generatePatternFile(1000, new Random(2)), 'scale.ts')).toBeDefined();
    expect(parseTs(generatePatternFile(1000, new Random(2), 'commonjs'), 'scale.cjs')).toBeDefined();
  });
});

describe('code frame', () => {
  it('marks the reported line and column', () => {
    const frame = codeFrame('a\nb\nconst x = y;\nc\nd\ne', { line: 3, column: 11 });
    expect(frame).toBe(['  1 | a', '  2 | b', '> 3 | const x = y;', '    |           ^', '  4 | c', '  5 | d'].join('\n'));
  });
});
