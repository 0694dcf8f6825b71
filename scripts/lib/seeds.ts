/**
 * Seed programs for the fuzzer: the code of every rule test case (`code:` and `output:` strings and
 * string elements of `valid` arrays in tests/rules/*.test.ts, read by parsing the test files, never by
 * importing them), the code blocks of the rule docs, and the example service. New rules and new test
 * cases join automatically.
 */
import * as tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import fs from 'node:fs';
import path from 'node:path';
import type { SourceType } from './eslint.js';
import { forEachChild } from './walk.js';

export interface SeedProgram {
  code: string;
  /** File name to lint under (test case `filename`, or a default by language). */
  filename: string;
  sourceType: SourceType;
  /** Where it came from, e.g. `tests/rules/no-leaked-timer.test.ts:42`. */
  origin: string;
  /** The test case's rule and `options`, when it has static options: the fuzzer lints with them too. */
  ruleOptions?: { ruleId: string; options: unknown[] };
}

export function collectSeeds(repoRoot: string): SeedProgram[] {
  return [...collectTestCaseSeeds(repoRoot), ...collectDocSeeds(repoRoot), ...collectExampleSeeds(repoRoot)];
}

function listFiles(dir: string, test: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

export function collectTestCaseSeeds(repoRoot: string): SeedProgram[] {
  const seeds: SeedProgram[] = [];
  for (const file of listFiles(path.join(repoRoot, 'tests/rules'), (name) => name.endsWith('.test.ts'))) {
    const relative = path.relative(repoRoot, file);
    const ruleId = `leaks/${path.basename(file, '.test.ts')}`;
    let ast: TSESTree.Program;
    try {
      ast = tsParser.parse(fs.readFileSync(file, 'utf8'), { loc: true, range: true, jsx: false });
    } catch {
      continue; // A test file in the middle of an edit: its cases join on the next run.
    }
    visit(ast, (node) => {
      if (node.type === AST_NODE_TYPES.ObjectExpression) {
        const seed = seedFromCaseObject(node, relative, ruleId);
        if (seed) seeds.push(...seed);
      } else if (node.type === AST_NODE_TYPES.Property && !node.computed && keyName(node) === 'valid' && node.value.type === AST_NODE_TYPES.ArrayExpression) {
        for (const element of node.value.elements) {
          const code = element ? staticString(element) : undefined;
          if (code !== undefined) seeds.push({ code, filename: 'file.ts', sourceType: 'module', origin: `${relative}:${element!.loc.start.line}` });
        }
      }
    });
  }
  return seeds;
}

/** A test case object: its `code` (and each `output`), under its `filename` and `languageOptions`. */
function seedFromCaseObject(node: TSESTree.ObjectExpression, origin: string, ruleId: string): SeedProgram[] | undefined {
  const properties = new Map<string, TSESTree.Node>();
  for (const property of node.properties) {
    if (property.type === AST_NODE_TYPES.Property && !property.computed) properties.set(keyName(property) ?? '', property.value);
  }
  const codeNode = properties.get('code');
  const code = codeNode ? staticString(codeNode) : undefined;
  if (code === undefined) return undefined;
  const filenameNode = properties.get('filename');
  const filename = (filenameNode && staticString(filenameNode)) ?? 'file.ts';
  const sourceType = sourceTypeOf(properties.get('languageOptions'));
  const optionsNode = properties.get('options');
  const options = optionsNode ? staticValue(optionsNode) : undefined;
  const ruleOptions = Array.isArray(options) ? { ruleOptions: { ruleId, options } } : {};
  const seeds: SeedProgram[] = [{ code, filename, sourceType, origin: `${origin}:${codeNode!.loc.start.line}`, ...ruleOptions }];
  visit(node, (inner) => {
    if (inner.type === AST_NODE_TYPES.Property && !inner.computed && keyName(inner) === 'output') {
      const output = staticString(inner.value);
      if (output !== undefined) seeds.push({ code: output, filename, sourceType, origin: `${origin}:${inner.loc.start.line} (output)`, ...ruleOptions });
    }
  });
  return seeds;
}

function sourceTypeOf(node: TSESTree.Node | undefined): SourceType {
  if (!node) return 'module';
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'commonjs' ? 'commonjs' : node.name === 'script' ? 'script' : 'module';
  if (node.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of node.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) return sourceTypeOf(property.argument);
      if (!property.computed && keyName(property) === 'sourceType') {
        const value = staticString(property.value);
        if (value === 'commonjs' || value === 'script') return value;
      }
    }
  }
  return 'module';
}

function keyName(property: TSESTree.Property): string | undefined {
  if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string') return property.key.value;
  return undefined;
}

/** A string literal or an expression-free template (tagged ones too, e.g. a dedent tag). */
function staticString(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return staticString(node.quasi);
  if (node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSSatisfiesExpression) return staticString(node.expression);
  return undefined;
}

const NOT_STATIC = Symbol('not static');

/** A JSON-like literal (arrays, objects, strings, numbers, booleans, null), else undefined. */
function staticValue(node: TSESTree.Node): unknown {
  const value = evaluate(node);
  return value === NOT_STATIC ? undefined : value;
}

function evaluate(node: TSESTree.Node): unknown {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return node.value instanceof RegExp || typeof node.value === 'bigint' ? NOT_STATIC : node.value;
    case AST_NODE_TYPES.TemplateLiteral:
      return staticString(node) ?? NOT_STATIC;
    case AST_NODE_TYPES.ArrayExpression: {
      const items = node.elements.map((element) => (element && element.type !== AST_NODE_TYPES.SpreadElement ? evaluate(element) : NOT_STATIC));
      return items.includes(NOT_STATIC) ? NOT_STATIC : items;
    }
    case AST_NODE_TYPES.ObjectExpression: {
      const entries: [string, unknown][] = [];
      for (const property of node.properties) {
        if (property.type !== AST_NODE_TYPES.Property || property.computed) return NOT_STATIC;
        const key = keyName(property);
        const value = evaluate(property.value);
        if (key === undefined || value === NOT_STATIC) return NOT_STATIC;
        entries.push([key, value]);
      }
      return Object.fromEntries(entries);
    }
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
      return evaluate(node.expression);
    default:
      return NOT_STATIC;
  }
}

function visit(node: TSESTree.Node, callback: (node: TSESTree.Node) => void): void {
  callback(node);
  forEachChild(node, (child) => visit(child, callback));
}

const FENCE = /^```(ts|typescript|js|javascript|mjs|cjs|mts|cts)\b[^\n]*\n([\s\S]*?)^```/gmu;

function collectDocSeeds(repoRoot: string): SeedProgram[] {
  const seeds: SeedProgram[] = [];
  for (const file of listFiles(path.join(repoRoot, 'docs/rules'), (name) => name.endsWith('.md'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(FENCE)) {
      const language = match[1]!;
      const line = text.slice(0, match.index).split('\n').length + 1;
      const filename = language.startsWith('t') || language.endsWith('ts') ? 'file.ts' : language === 'cjs' ? 'file.cjs' : 'file.js';
      seeds.push({ code: match[2]!, filename, sourceType: language === 'cjs' ? 'commonjs' : 'module', origin: `${path.relative(repoRoot, file)}:${line}` });
    }
  }
  return seeds;
}

function collectExampleSeeds(repoRoot: string): SeedProgram[] {
  return listFiles(path.join(repoRoot, 'examples'), (name) => /\.[cm]?[jt]s$/u.test(name) && !/\.d\.[cm]?ts$/u.test(name)).map((file) => ({
    code: fs.readFileSync(file, 'utf8'),
    filename: path.basename(file),
    sourceType: /\.c[jt]s$/u.test(file) ? 'commonjs' : 'module',
    origin: path.relative(repoRoot, file),
  }));
}
