import { resolveVariable } from './scope.js';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './ast.js';
import { createPathMatcher, toPosixPath } from './globs.js';
import { memoizeByOptions } from './memo.js';
import { escapeRegExp } from './regexp.js';

const { DefinitionType } = TSESLint.Scope;

type Node = TSESTree.Node;
type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Which branch of a test runs when the process is a perf run. */
export type Polarity = 'consequent' | 'alternate' | null;

/** Paths (globs, whole segments and name parts) that hold benchmark, perf and load-test code. */
export const DEFAULT_PERF_FILES: readonly string[] = [
  '**/bench/**',
  '**/benchmark/**',
  '**/benchmarks/**',
  '**/perf/**',
  '**/performance/**',
  '**/load-test/**',
  '**/load-tests/**',
  '**/loadtest/**',
  '**/loadtests/**',
  '**/stress/**',
  '**/soak/**',
  '**/k6/**',
  '**/artillery/**',
  '**/autocannon/**',
  '**/*.bench.*',
  '**/*.perf.*',
  '**/*.loadtest.*',
  '**/?(*[-_.])perf*.config.*',
  '**/?(*[-_.])bench*.config.*',
];

/** Environment names that mean "this is a perf run". */
export const DEFAULT_PERF_ENV_NAMES: readonly string[] = [
  'perf',
  'performance',
  'bench',
  'benchmark',
  'load',
  'loadtest',
  'stress',
];

/**
 * Keys that are also common outside environment-keyed configs (webpack's `performance` hints, a
 * `load` hook): they mark a perf branch only next to another environment key.
 */
const AMBIGUOUS_KEYS = new Set(['performance', 'load']);
/** Keys of the non-perf branches of an environment-keyed config. */
const OTHER_ENV_KEYS = new Set([
  'development',
  'dev',
  'production',
  'prod',
  'test',
  'testing',
  'staging',
  'stage',
  'local',
  'ci',
  'e2e',
  'qa',
  'preview',
  'default',
]);
/** Values of a perf-named variable (`PERF=1`) that mean "on". */
const ON_WORDS = new Set(['1', 'true', 'yes', 'on']);
const STRING_TRANSFORMS = new Set(['toLowerCase', 'toUpperCase', 'trim']);

interface PerfNames {
  /** Normalised names (`loadtest`). */
  set: ReadonlySet<string>;
  /** esquery regex for selectors. */
  selector: string;
}

export interface PerfContextOptions {
  perfFiles: readonly string[];
  perfEnvNames: readonly string[];
}

export interface PerfContext {
  /** The file's path marks it as perf code: everything in it runs where performance is measured. */
  readonly isPerfFile: boolean;
  /**
   * esquery regex (`/^(?:perf|…)$/i`) matching a perf environment name, for selectors that find the
   * few nodes able to open a perf branch instead of visiting every test in the file.
   */
  readonly namePattern: string;
  /**
   * Whether a node found by `namePattern` opens a perf branch: a perf name compared with an env value
   * or used as a `case` of a switch on one, a perf-keyed config property, `process.env.BENCHMARK`.
   */
  opensPerfBranch(node: TSESTree.Literal | TSESTree.Property | TSESTree.MemberExpression): boolean;
  /** `{ perf: { … } }` in an environment-keyed config. */
  isPerfBranchProperty(property: TSESTree.Property): boolean;
  /** Whether `node` runs where performance is measured (perf file, or inside a perf branch). */
  isInPerfContext(node: Node): boolean;
  /** `process.env` of the global (or imported) `process`. */
  isProcessEnv(node: Node): boolean;
  /** Which branch of `test` runs in perf runs (`env === 'perf'` → consequent), or null when it does not say. */
  perfPolarity(test: Node): Polarity;
}

/**
 * Where performance is measured: files whose path marks them as perf code, and in any file the
 * branches of environment-keyed configuration selected for perf runs. Answers are memoised along
 * the parent chain, so asking for every node of a file stays linear.
 */
export function createPerfContext(context: Context, options: PerfContextOptions, isPerfFile: boolean): PerfContext {
  const { sourceCode } = context;
  const { set: names, selector } = getPerfNames(options.perfEnvNames);
  const memo = new Map<Node, boolean>();
  const polarities = new Map<Node, Polarity>();
  const perfNames = new Map<string, boolean>();
  const flagVariables = new Map<TSESLint.Scope.Variable, Polarity>();

  function isPerfName(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    let known = perfNames.get(value);
    if (known === undefined) {
      known = names.has(normalizeName(value));
      perfNames.set(value, known);
    }
    return known;
  }

  function isProcessEnv(node: Node): boolean {
    const target = skipTypeWrappers(node);
    if (target.type !== AST_NODE_TYPES.MemberExpression || getStaticPropertyName(target) !== 'env') return false;
    const object = skipTypeWrappers(target.object);
    if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'process') return false;
    const variable = resolveVariable(sourceCode, object);
    // An unresolved or implicit global is Node's `process`; so is `import process from 'node:process'`.
    return !variable || variable.defs.length === 0 || variable.defs.every(isProcessImport);
  }

  /** The environment variable an expression reads (`process.env.NODE_ENV`, a const copied from it). */
  function getEnvName(node: Node, depth = 0): string | null {
    const target = unwrapChain(skipTypeWrappers(node));
    if (depth > 3) return null;
    switch (target.type) {
      case AST_NODE_TYPES.MemberExpression:
        return isProcessEnv(target.object) ? getStaticPropertyName(target) : null;
      case AST_NODE_TYPES.LogicalExpression:
        return target.operator === '&&' ? null : getEnvName(target.left, depth + 1);
      case AST_NODE_TYPES.CallExpression: {
        const callee = skipTypeWrappers(target.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
        const method = getStaticPropertyName(callee);
        return method && STRING_TRANSFORMS.has(method) ? getEnvName(callee.object, depth + 1) : null;
      }
      case AST_NODE_TYPES.Identifier:
        return getEnvNameOfVariable(target, depth);
      default:
        return null;
    }
  }

  function getEnvNameOfVariable(identifier: TSESTree.Identifier, depth: number): string | null {
    const variable = resolveVariable(sourceCode, identifier);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!variable || def?.type !== DefinitionType.Variable || !def.node.init) return null;
    if (variable.references.filter((reference) => reference.isWrite()).length > 1) return null;
    if (def.node.id.type === AST_NODE_TYPES.Identifier) return getEnvName(def.node.init, depth + 1);
    if (def.node.id.type !== AST_NODE_TYPES.ObjectPattern || !isProcessEnv(def.node.init)) return null;
    // `const { NODE_ENV: env } = process.env`
    for (const property of def.node.id.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (value === def.name) return getStaticPropertyName(property);
    }
    return null;
  }

  function isPerfEnvValue(node: Node): boolean {
    const name = getEnvName(node);
    return name !== null && isPerfName(name);
  }

  /** `env === 'perf'` → consequent, `env !== 'perf'` → alternate, other tests → null. */
  function perfPolarity(test: Node): Polarity {
    // Memoised: `a || b || c` chains are asked once per link (visitor and parent checks).
    let known = polarities.get(test);
    if (known === undefined) {
      known = computePolarity(skipTypeWrappers(test));
      polarities.set(test, known);
    }
    return known;
  }

  function computePolarity(node: Node): Polarity {
    switch (node.type) {
      case AST_NODE_TYPES.UnaryExpression:
        return node.operator === '!' ? flip(perfPolarity(node.argument)) : null;
      case AST_NODE_TYPES.LogicalExpression: {
        if (node.operator === '??') return null;
        const left = perfPolarity(node.left);
        const right = perfPolarity(node.right);
        return left && right && left !== right ? null : (left ?? right);
      }
      case AST_NODE_TYPES.BinaryExpression:
        return comparisonPolarity(node);
      case AST_NODE_TYPES.MemberExpression:
        // `if (process.env.BENCHMARK)`
        return isPerfEnvValue(node) ? 'consequent' : null;
      case AST_NODE_TYPES.Identifier:
        return flagVariablePolarity(node);
      default:
        return null;
    }
  }

  /** `const isPerf = process.env.NODE_ENV === 'perf'; if (isPerf) …` */
  function flagVariablePolarity(identifier: TSESTree.Identifier): Polarity {
    const variable = resolveVariable(sourceCode, identifier);
    if (!variable) return null;
    const known = flagVariables.get(variable);
    if (known !== undefined) return known;
    flagVariables.set(variable, null); // cycle guard
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    const writes = variable.references.filter((reference) => reference.isWrite()).length;
    const polarity =
      def?.type === DefinitionType.Variable && def.node.id.type === AST_NODE_TYPES.Identifier && def.node.init && writes <= 1
        ? perfPolarity(def.node.init)
        : null;
    flagVariables.set(variable, polarity);
    return polarity;
  }

  function comparisonPolarity(node: TSESTree.BinaryExpression): Polarity {
    const equal = node.operator === '===' || node.operator === '==';
    if (!equal && node.operator !== '!==' && node.operator !== '!=') return null;
    const left = getLiteralString(node.left);
    const right = getLiteralString(node.right);
    const [value, other] = right === null ? [left, node.right] : [right, node.left];
    if (value === null) return null;
    // Literal first: only tests against a perf name (or `PERF === '1'`) need scope analysis.
    const selects = isPerfName(value)
      ? getEnvName(other) !== null
      : ON_WORDS.has(value.toLowerCase()) && isPerfEnvValue(other);
    if (!selects) return null;
    return equal ? 'consequent' : 'alternate';
  }

  function isPerfBranchProperty(property: TSESTree.Property): boolean {
    if (property.value.type === AST_NODE_TYPES.AssignmentPattern) return false;
    if (skipTypeWrappers(property.value).type !== AST_NODE_TYPES.ObjectExpression) return false;
    const key = getStaticPropertyName(property);
    if (!isPerfName(key)) return false;
    if (!AMBIGUOUS_KEYS.has(normalizeName(key as string))) return true;
    const object = property.parent;
    return (
      object.type === AST_NODE_TYPES.ObjectExpression &&
      object.properties.some((sibling) => {
        if (sibling === property || sibling.type !== AST_NODE_TYPES.Property) return false;
        const name = getStaticPropertyName(sibling);
        return name !== null && (OTHER_ENV_KEYS.has(normalizeName(name)) || isPerfName(name));
      })
    );
  }

  function isPerfCase(switchCase: TSESTree.SwitchCase): boolean {
    const statement = switchCase.parent;
    if (!isPerfEnvSwitch(statement)) return false;
    // Empty cases fall through: `case 'perf': case 'bench': { … }`.
    const index = statement.cases.indexOf(switchCase);
    for (let i = index; i >= 0; i--) {
      const current = statement.cases[i] as TSESTree.SwitchCase;
      if (i !== index && current.consequent.length > 0) break;
      if (current.test && isPerfName(getLiteralString(current.test))) return true;
    }
    return false;
  }

  function isPerfEnvSwitch(statement: TSESTree.SwitchStatement): boolean {
    return (
      statement.cases.some((switchCase) => switchCase.test && isPerfName(getLiteralString(switchCase.test))) &&
      getEnvName(statement.discriminant) !== null
    );
  }

  /** Whether `child` (a direct child of `parent`) runs only or also in perf runs because of `parent`. */
  function selectsPerf(parent: Node, child: Node): boolean {
    switch (parent.type) {
      case AST_NODE_TYPES.Property:
        return parent.value === child && isPerfBranchProperty(parent);
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child === parent.test) return false;
        return perfPolarity(parent.test) === (child === parent.consequent ? 'consequent' : 'alternate');
      case AST_NODE_TYPES.LogicalExpression:
        // `isPerf && mongoose.set('debug', true)`
        if (child !== parent.right || parent.operator === '??') return false;
        return perfPolarity(parent.left) === (parent.operator === '&&' ? 'consequent' : 'alternate');
      case AST_NODE_TYPES.SwitchCase:
        return child !== parent.test && isPerfCase(parent);
      default:
        return false;
    }
  }

  function opensPerfBranch(node: TSESTree.Literal | TSESTree.Property | TSESTree.MemberExpression): boolean {
    switch (node.type) {
      case AST_NODE_TYPES.Property:
        return isPerfBranchProperty(node);
      case AST_NODE_TYPES.MemberExpression:
        return isProcessEnv(node.object);
      default: {
        const parent = node.parent;
        if (parent?.type === AST_NODE_TYPES.BinaryExpression) return comparisonPolarity(parent) !== null;
        return parent?.type === AST_NODE_TYPES.SwitchCase && parent.test === node && isPerfEnvSwitch(parent.parent);
      }
    }
  }

  function isInPerfContext(node: Node): boolean {
    if (isPerfFile) return true;
    const visited: Node[] = [];
    let result = false;
    for (let current: Node | undefined = node; current; current = current.parent) {
      const known = memo.get(current);
      if (known !== undefined) {
        result = known;
        break;
      }
      visited.push(current);
      if (current.parent && selectsPerf(current.parent, current)) {
        result = true;
        break;
      }
    }
    for (const seen of visited) memo.set(seen, result);
    return result;
  }

  return {
    isPerfFile,
    namePattern: selector,
    opensPerfBranch,
    isPerfBranchProperty,
    isInPerfContext,
    isProcessEnv,
    perfPolarity,
  };
}

/** esquery regex of the perf names in any separator style, for selectors that find perf markers. */
export function perfNameSelector(perfEnvNames: readonly string[]): string {
  return getPerfNames(perfEnvNames).selector;
}

/** Whether the file's path (below the working directory) marks it as perf code. */
export function isPerfPath(context: Context, perfFiles: readonly string[]): boolean {
  return getPathMatcher(perfFiles)(relativeToCwd(context.filename, context.cwd));
}

const getPerfNames = memoizeByOptions((perfEnvNames: readonly string[]): PerfNames => {
  const set = new Set(perfEnvNames.map(normalizeName));
  // Each normalised name in any separator style: `p[-_]?e[-_]?r[-_]?f`.
  const alternation = [...set].map((name) => [...name].map(escapeRegExp).join('[-_]?')).join('|');
  return {
    set,
    selector: set.size === 0 ? '/^(?!)$/' : `/^(?:${alternation})$/i`,
  };
});

/** Lower case without separators, so `LOAD_TEST`, `load-test` and `loadtest` are one name. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replaceAll(/[-_\s]/gu, '');
}

const getPathMatcher = memoizeByOptions(createPathMatcher);

/** The path below the working directory, so a checkout under `~/perf/` does not make every file perf code. */
function relativeToCwd(filename: string, cwd: string): string {
  const file = toPosixPath(filename);
  const base = cwdPrefix(cwd);
  return base && file.startsWith(base) ? file.slice(base.length) : file;
}

let lastCwd: { cwd: string; prefix: string } | undefined;

/** `/work/app/` for `/work/app` (one cwd per run, so one entry is enough). */
function cwdPrefix(cwd: string): string {
  if (lastCwd?.cwd !== cwd) {
    const base = toPosixPath(cwd).replace(/\/+$/u, '');
    lastCwd = { cwd, prefix: base ? `${base}/` : '' };
  }
  return lastCwd.prefix;
}

function getLiteralString(node: Node): string | null {
  const target = skipTypeWrappers(node);
  if (target.type === AST_NODE_TYPES.Literal && typeof target.value === 'string') return target.value;
  if (target.type === AST_NODE_TYPES.TemplateLiteral && target.expressions.length === 0) {
    return target.quasis[0]?.value.cooked ?? null;
  }
  return null;
}

function unwrapChain(node: Node): Node {
  return node.type === AST_NODE_TYPES.ChainExpression ? node.expression : node;
}

function flip(polarity: Polarity): Polarity {
  if (polarity === null) return null;
  return polarity === 'consequent' ? 'alternate' : 'consequent';
}

function isProcessImport(def: TSESLint.Scope.Definition): boolean {
  if (def.type !== DefinitionType.ImportBinding) return false;
  const declaration = def.parent;
  return (
    declaration.type === AST_NODE_TYPES.ImportDeclaration &&
    (declaration.source.value === 'process' || declaration.source.value === 'node:process')
  );
}
