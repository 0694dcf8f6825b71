/**
 * Program sources and mutations for the fuzzer. Mutations work on text ranges found through the
 * typescript-eslint AST, so every construct the parser knows (TS wrappers, private fields, `using`,
 * decorators) can show up around the code the rules read.
 */
import * as tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { generateRandomJS } from 'eslump';
import type { SourceType } from './eslint.js';
import { generatePatternProgram, randomPatternFragment } from './patterns.js';
import { withSeededMathRandom, type Random } from './random.js';
import type { SeedProgram } from './seeds.js';
import { allNodes } from './walk.js';

export interface Program {
  code: string;
  filename: string;
  sourceType: SourceType;
  /** How it was made: source and mutations, for the reproduction. */
  recipe: string[];
  /** A test case's rule options, carried through mutations. */
  ruleOptions?: { ruleId: string; options: unknown[] } | undefined;
}

const FILENAMES: Record<SourceType, string[]> = {
  module: ['src/server.ts', 'src/handlers/user.ts', 'src/worker.mts', 'src/app.js', 'src/app.mjs', 'bench/load.bench.ts', 'perf/run.mjs', 'test/db.spec.ts', 'src/view.tsx'],
  commonjs: ['src/index.js', 'lib/pool.cjs', 'scripts/seed.cts', 'benchmarks/query.cjs', 'lib\\windows\\path.js'],
  script: ['public/legacy.js', 'vendor/global.js'],
};

export function parseTs(code: string, filename: string): TSESTree.Program | undefined {
  try {
    return tsParser.parse(code, { range: true, loc: true, jsx: /\.[jt]sx$/u.test(filename) });
  } catch {
    return undefined;
  }
}

/** A random program from eslump, the generator ESLint fuzzes itself with. */
export function eslumpProgram(random: Random): Program {
  const sourceType = random.pick<SourceType>(['module', 'module', 'commonjs', 'script']);
  const code = withSeededMathRandom(random, () =>
    generateRandomJS({ sourceType: sourceType === 'module' ? 'module' : 'script', maxDepth: random.int(3, 7), comments: random.chance(0.3), whitespace: random.chance(0.2) }),
  );
  const filename = random.pick(FILENAMES[sourceType].filter((name) => !/\.[cm]?ts$|\.tsx$/u.test(name)).concat(sourceType === 'module' ? ['src/random.ts'] : []));
  return { code, filename, sourceType, recipe: ['eslump'] };
}

export function patternProgram(random: Random): Program {
  const sourceType = random.pick<SourceType>(['module', 'module', 'commonjs']);
  const filename = random.pick(FILENAMES[sourceType]);
  const typescript = /\.[cm]?tsx?$/u.test(filename);
  const extra = Array.from({ length: typescript ? random.int(0, 2) : 0 }, () => randomPatternFragment(random, true));
  const code = [generatePatternProgram(random, sourceType === 'commonjs' ? 'commonjs' : 'module'), ...extra].join('\n\n');
  return { code, filename, sourceType, recipe: ['patterns'] };
}

export function seedProgram(seed: SeedProgram): Program {
  return { code: seed.code, filename: seed.filename, sourceType: seed.sourceType, recipe: [`seed ${seed.origin}`], ruleOptions: seed.ruleOptions };
}

type Mutation = (program: Program, ast: TSESTree.Program, random: Random, context: MutationContext) => Program | undefined;

export interface MutationContext {
  seeds: readonly SeedProgram[];
}

const STATEMENT_LISTS = new Set<string>([AST_NODE_TYPES.Program, AST_NODE_TYPES.BlockStatement, AST_NODE_TYPES.StaticBlock, AST_NODE_TYPES.SwitchCase, AST_NODE_TYPES.TSModuleBlock]);

function statementsOf(ast: TSESTree.Program): TSESTree.Node[] {
  const statements: TSESTree.Node[] = [];
  for (const node of allNodes(ast)) {
    if (!STATEMENT_LISTS.has(node.type)) continue;
    const list = node.type === AST_NODE_TYPES.SwitchCase ? node.consequent : (node as { body: TSESTree.Node[] }).body;
    statements.push(...list);
  }
  return statements;
}

function replaceRange(code: string, range: readonly [number, number], text: string): string {
  return code.slice(0, range[0]) + text + code.slice(range[1]);
}

function withCode(program: Program, code: string, step: string): Program {
  return { ...program, code, recipe: [...program.recipe, step] };
}

const WRAPPERS: [string, (body: string) => string][] = [
  ['function', (body) => `export function wrapper(req, res) {\n${body}\n}`],
  ['async arrow handler', (body) => `server.on('request', async (req, res) => {\n${body}\n});`],
  ['class method', (body) => `export class Wrapper {\n  #state = new Map();\n  async handle(event) {\n${body}\n  }\n}`],
  ['static block', (body) => `class Boot {\n  static {\n${body}\n  }\n}`],
  ['module IIFE', (body) => `(() => {\n${body}\n})();`],
  ['loop', (body) => `for (const item of items) {\n${body}\n}`],
  ['if', (body) => `if (process.env.ENABLED) {\n${body}\n}`],
  ['try/finally', (body) => `try {\n${body}\n} finally {\n  console.log('done');\n}`],
  ['constructor', (body) => `export default class Wrapped extends Base {\n  constructor() {\n    super();\n${body}\n  }\n}`],
  ['generator', (body) => `function* gen() {\n${body}\n}`],
  ['namespace', (body) => `namespace Wrapped {\n${body}\n}`],
];

/** Wraps the non-import statements of the program: module-level code becomes code that runs repeatedly, or the reverse. */
const wrap: Mutation = (program, ast, random) => {
  const statements = ast.body.filter((node) => node.type !== AST_NODE_TYPES.ImportDeclaration && !node.type.startsWith('Export'));
  if (statements.length === 0) return undefined;
  const first = random.int(0, statements.length - 1);
  const last = random.int(first, statements.length - 1);
  const range: [number, number] = [statements[first]!.range[0], statements[last]!.range[1]];
  const [name, wrapper] = random.pick(WRAPPERS);
  return withCode(program, replaceRange(program.code, range, wrapper(program.code.slice(...range))), `wrap statements ${first}..${last} in ${name}`);
};

/** Unwraps a function body or block: its statements move one level out. */
const unwrap: Mutation = (program, ast, random) => {
  const blocks = allNodes(ast).filter((node): node is TSESTree.BlockStatement => node.type === AST_NODE_TYPES.BlockStatement && node.body.length > 0);
  if (blocks.length === 0) return undefined;
  const block = random.pick(blocks);
  const inner = program.code.slice(block.body[0]!.range[0], block.body.at(-1)!.range[1]);
  return withCode(program, `${program.code}\n${inner}\n`, `copy the body of the block at line ${block.loc.start.line} to module level`);
};

const deleteStatement: Mutation = (program, ast, random) => {
  const statements = statementsOf(ast);
  if (statements.length === 0) return undefined;
  const statement = random.pick(statements);
  return withCode(program, replaceRange(program.code, statement.range, ''), `delete the statement at line ${statement.loc.start.line}`);
};

const duplicateStatement: Mutation = (program, ast, random) => {
  const statements = statementsOf(ast);
  if (statements.length === 0) return undefined;
  const statement = random.pick(statements);
  const text = program.code.slice(...statement.range);
  return withCode(program, replaceRange(program.code, statement.range, `${text}\n${text}`), `duplicate the statement at line ${statement.loc.start.line}`);
};

/** Splices a random fragment (eslump statement or a domain pattern) between two statements. */
const insertFragment: Mutation = (program, ast, random) => {
  const statements = statementsOf(ast);
  const at = statements.length > 0 && random.chance(0.8) ? random.pick(statements).range[1] : program.code.length;
  const fragment = random.chance(0.6)
    ? randomPatternFragment(random, /\.[cm]?tsx?$/u.test(program.filename))
    : withSeededMathRandom(random, () => generateRandomJS({ sourceType: 'script', maxDepth: random.int(2, 4) }));
  return withCode(program, `${program.code.slice(0, at)}\n${fragment}\n${program.code.slice(at)}`, `insert a ${fragment.length}-char fragment at offset ${at}`);
};

const EXPRESSION_REPLACEMENTS = ['undefined', 'null', 'this', 'globalThis', '(0, fn)', 'obj?.prop', 'obj?.[key]', 'new Proxy({}, {})', '[...items]', '({ ...options })', '`t${x}`', '(() => {})', 'function () {}', 'class {}', 'import.meta', 'super.x', 'arguments', 'new.target', '#priv in obj', '42n', '/re/u', 'void 0', 'await x', 'yield', '(a, b)'];

/** Replaces an expression by another expression: a fixed odd one, or another expression of the same program. */
const replaceExpression: Mutation = (program, ast, random) => {
  const expressions = allNodes(ast).filter((node) => isExpression(node));
  if (expressions.length === 0) return undefined;
  const target = random.pick(expressions);
  const replacement = random.chance(0.5) ? random.pick(EXPRESSION_REPLACEMENTS) : program.code.slice(...random.pick(expressions).range);
  return withCode(program, replaceRange(program.code, target.range, replacement), `replace the expression at line ${target.loc.start.line} by ${JSON.stringify(replacement.slice(0, 40))}`);
};

const TS_WRAPPERS: ((text: string) => string)[] = [(text) => `(${text} as any)`, (text) => `${text}!`, (text) => `(${text} satisfies unknown)`, (text) => `(<any>${text})`, (text) => `(${text})`, (text) => `((${text}))`];

/** Wraps an expression in TS type wrappers or parentheses (the rules must see through them). */
const wrapExpression: Mutation = (program, ast, random) => {
  const expressions = allNodes(ast).filter((node) => isExpression(node) && node.type !== AST_NODE_TYPES.Literal);
  if (expressions.length === 0) return undefined;
  const target = random.pick(expressions);
  const wrapper = /\.[cm]?ts$/u.test(program.filename) ? random.pick(TS_WRAPPERS) : random.pick(TS_WRAPPERS.slice(-2));
  return withCode(program, replaceRange(program.code, target.range, wrapper(program.code.slice(...target.range))), `wrap the expression at line ${target.loc.start.line}`);
};

/** `a.b` → `a?.b`, `a['b']`; `a[b]` → `a?.[b]`. */
const changeMemberAccess: Mutation = (program, ast, random) => {
  const members = allNodes(ast).filter((node): node is TSESTree.MemberExpression => node.type === AST_NODE_TYPES.MemberExpression && node.object.type !== AST_NODE_TYPES.Super);
  if (members.length === 0) return undefined;
  const member = random.pick(members);
  const object = program.code.slice(...member.object.range);
  const property = program.code.slice(...member.property.range);
  const rewritten = member.computed
    ? `${object}?.[${property}]`
    : member.property.type === AST_NODE_TYPES.PrivateIdentifier
      ? `${object}?.${property}`
      : random.chance(0.5)
        ? `${object}?.${property}`
        : `${object}[${JSON.stringify(property)}]`;
  return withCode(program, replaceRange(program.code, member.range, rewritten), `rewrite the member access at line ${member.loc.start.line}`);
};

/** Renames one identifier occurrence to another name of the program (breaks or redirects a binding). */
const swapIdentifier: Mutation = (program, ast, random) => {
  const identifiers = allNodes(ast).filter((node): node is TSESTree.Identifier => node.type === AST_NODE_TYPES.Identifier);
  if (identifiers.length < 2) return undefined;
  const target = random.pick(identifiers);
  const name = random.pick(identifiers).name;
  return withCode(program, replaceRange(program.code, target.range, name), `rename '${target.name}' at line ${target.loc.start.line} to '${name}'`);
};

/** ESM imports become `require` calls (or `require` destructuring becomes imports) and the sourceType follows. */
const toggleModuleSystem: Mutation = (program, ast) => {
  const imports = ast.body.filter((node): node is TSESTree.ImportDeclaration => node.type === AST_NODE_TYPES.ImportDeclaration);
  if (imports.length === 0) return undefined;
  let code = program.code;
  for (const declaration of [...imports].reverse()) {
    code = replaceRange(code, declaration.range, importToRequire(declaration, program.code));
  }
  code = code.replace(/^export default /gmu, 'module.exports = ').replace(/^export (?=const|let|var|function|async|class)/gmu, '');
  const filename = program.filename.replace(/\.m?ts$/u, '.cts').replace(/\.m?js$/u, '.cjs');
  return { ...program, code, filename, sourceType: 'commonjs', recipe: [...program.recipe, 'convert imports to require (commonjs)'] };
};

function importToRequire(declaration: TSESTree.ImportDeclaration, code: string): string {
  const source = code.slice(...declaration.source.range);
  const named: string[] = [];
  const lines: string[] = [];
  for (const specifier of declaration.specifiers) {
    if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) lines.push(`const ${specifier.local.name} = require(${source});`);
    else if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) lines.push(`const ${specifier.local.name} = require(${source});`);
    else {
      const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
      named.push(imported === specifier.local.name ? imported : `${imported}: ${specifier.local.name}`);
    }
  }
  if (named.length > 0) lines.push(`const { ${named.join(', ')} } = require(${source});`);
  if (lines.length === 0) lines.push(`require(${source});`);
  return lines.join('\n');
}

/** Appends another seed program (names meet: one file's collection, another's handler). */
const crossover: Mutation = (program, _ast, random, context) => {
  if (context.seeds.length === 0) return undefined;
  const other = random.pick(context.seeds);
  return withCode(program, `${program.code}\n${other.code}`, `append seed ${other.origin}`);
};

/** Moves the file into or out of a perf/bench/test path (path-sensitive rules). */
const renameFile: Mutation = (program, _ast, random) => {
  const filename = random.pick(FILENAMES[program.sourceType]);
  return { ...program, filename, recipe: [...program.recipe, `lint as ${filename}`] };
};

const MUTATIONS: Mutation[] = [wrap, wrap, unwrap, deleteStatement, duplicateStatement, insertFragment, insertFragment, replaceExpression, replaceExpression, wrapExpression, changeMemberAccess, swapIdentifier, toggleModuleSystem, crossover, renameFile];

/** Applies `count` random mutations; each attempt whose output does not parse is retried a few times. */
export function mutate(program: Program, random: Random, count: number, context: MutationContext): Program {
  let current = program;
  for (let step = 0; step < count; step++) {
    for (let attempt = 0; attempt < 6; attempt++) {
      const ast = parseTs(current.code, current.filename);
      if (!ast) return current;
      const next = random.pick(MUTATIONS)(current, ast, random, context);
      if (next && parseTs(next.code, next.filename)) {
        current = next;
        break;
      }
    }
  }
  return current;
}

function isExpression(node: TSESTree.Node): boolean {
  return /Expression$|^Identifier$|^Literal$|^TemplateLiteral$/u.test(node.type) && node.type !== AST_NODE_TYPES.ExpressionStatement;
}
