import path from 'node:path';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, isFunctionNode, skipParentTypeWrappers } from './ast.js';
import {
  DEFAULT_JOB_FILES,
  DEFAULT_SCRIPT_FILES,
  DEFAULT_TEST_FILES,
  SETUP_FUNCTION_NAME,
  TEST_CASE_FUNCTIONS,
  TEST_FRAMEWORK_MODULES,
  TEST_HOOK_FUNCTIONS,
} from './catalogs/execution-contexts.js';
import { createPathMatcher, findGlobProblem, toPosixPath } from './globs.js';
import { importsAnyModule } from './imports.js';
import { memoizeByOptions } from './memo.js';

/**
 * The execution-context model, file level: what kind of process a file's code runs in.
 * - `test`: a test file (by path or by a test-framework import), run by a test runner for minutes;
 * - `script`: a one-shot program (a maintenance script, a migration) that runs once and exits;
 * - `service`: everything else, the long-lived code the rules are about.
 * A service file may also be job code (`findJobEvidence`): a worker, queue or cron folder whose code
 * runs per job and walks data in bulk.
 * Node level: `findTestCallback` tells code registered with `describe`/`it`/`beforeEach` in any file.
 */
export type FileKind = 'test' | 'script' | 'service';

export interface FileContext {
  kind: FileKind;
  /**
   * The file calls a global test registration (`describe`, `it`, `beforeEach`) without importing it
   * (jest's and mocha's globals): only then can code outside a test file run in a test callback.
   */
  usesTestGlobals: boolean;
  /** Why, in words a message or a doc can quote: "matches settings.leaks.testFiles ('**\/*.test.*')". */
  evidence: string;
}

/** The shared settings every rule reads: `settings: { leaks: { … } }` in the flat config. */
export interface LeaksSettings {
  /** Globs (relative to ESLint's cwd) of test files. */
  testFiles: readonly string[];
  /** Globs of one-shot scripts and migrations. */
  scriptFiles: readonly string[];
  /** Globs of job code: workers, queue processors, crons. */
  jobFiles: readonly string[];
  /** Lint test code too (test files and test callbacks). */
  checkTestCode: boolean;
}

const SETTING_KEYS = new Set(['testFiles', 'scriptFiles', 'jobFiles', 'checkTestCode']);
const NO_SETTINGS = {};

/** Reads and validates `settings.leaks`; a mistake stops the lint with a message naming the setting. */
export function readLeaksSettings(settings: Readonly<Record<string, unknown>> | undefined): LeaksSettings {
  return parseSettings((settings?.leaks as object | undefined) ?? NO_SETTINGS);
}

const parseSettings = memoizeByOptions((raw: object): LeaksSettings => {
  if (typeof raw !== 'object' || Array.isArray(raw)) throw settingsError('settings.leaks', `must be an object (got ${JSON.stringify(raw)})`);
  const values = raw as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (!SETTING_KEYS.has(key)) {
      throw settingsError(`settings.leaks.${key}`, `is not a setting of eslint-plugin-leaks (known: ${[...SETTING_KEYS].join(', ')})`);
    }
  }
  const checkTestCode = values.checkTestCode ?? false;
  if (typeof checkTestCode !== 'boolean') {
    throw settingsError('settings.leaks.checkTestCode', `must be a boolean (got ${JSON.stringify(checkTestCode)})`);
  }
  return {
    testFiles: readGlobList(values, 'testFiles', DEFAULT_TEST_FILES),
    scriptFiles: readGlobList(values, 'scriptFiles', DEFAULT_SCRIPT_FILES),
    jobFiles: readGlobList(values, 'jobFiles', DEFAULT_JOB_FILES),
    checkTestCode,
  };
});

function readGlobList(values: Record<string, unknown>, key: string, defaults: readonly string[]): readonly string[] {
  const value = values[key];
  if (value === undefined) return defaults;
  if (!Array.isArray(value) || !value.every((glob) => typeof glob === 'string' && glob.length > 0)) {
    throw settingsError(`settings.leaks.${key}`, `must be an array of non-empty glob strings (got ${JSON.stringify(value)})`);
  }
  for (const glob of value as string[]) {
    const problem = findGlobProblem(glob);
    if (problem !== null) throw settingsError(`settings.leaks.${key}`, `has an invalid glob '${glob}': ${problem}`);
  }
  return value as string[];
}

function settingsError(name: string, problem: string): Error {
  return new Error(`eslint-plugin-leaks: ${name} ${problem}.`);
}

const fileContexts = new WeakMap<TSESTree.Program, FileContext>();

/** The file's kind, decided once per file and shared by every rule. */
export function getFileContext(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  settings = readLeaksSettings(context.settings),
): FileContext {
  const program = context.sourceCode.ast;
  let known = fileContexts.get(program);
  if (!known) {
    known = decideFileContext(context, settings);
    fileContexts.set(program, known);
  }
  return known;
}

function decideFileContext(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, settings: LeaksSettings): FileContext {
  const relative = relativeToCwd(context.physicalFilename, context.cwd);
  if (relative !== null) {
    const testGlob = firstMatchingGlob(settings.testFiles, relative);
    if (testGlob) return { kind: 'test', usesTestGlobals: true, evidence: `matches settings.leaks.testFiles ('${testGlob}')` };
  }
  // One pass over the file's module sources (shared by every rule); which framework only when one is there.
  if (importsAnyModule(context.sourceCode, TEST_FRAMEWORK_MODULES)) {
    const framework = TEST_FRAMEWORK_MODULES.find((name) => importsAnyModule(context.sourceCode, [name]));
    return { kind: 'test', usesTestGlobals: true, evidence: `imports '${framework ?? 'a test framework'}'` };
  }
  if (relative !== null) {
    const scriptGlob = firstMatchingGlob(settings.scriptFiles, relative);
    if (scriptGlob) {
      return { kind: 'script', usesTestGlobals: usesTestGlobals(context.sourceCode), evidence: `matches settings.leaks.scriptFiles ('${scriptGlob}')` };
    }
  }
  return { kind: 'service', usesTestGlobals: usesTestGlobals(context.sourceCode), evidence: 'not a test or script file' };
}

/**
 * For a service file in a job folder: "matches settings.leaks.jobFiles ('**\/workers/**')". Jobs walk
 * whole tables by design (exports, backfills, fan-outs); null elsewhere. Asked when a rule is about to
 * report, not with the file's kind: every rule pays for the kind, and only one needs this.
 */
export function findJobEvidence(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): string | null {
  if (getFileContext(context).kind !== 'service') return null;
  const relative = relativeToCwd(context.physicalFilename, context.cwd);
  const jobGlob = relative === null ? undefined : firstMatchingGlob(readLeaksSettings(context.settings).jobFiles, relative);
  return jobGlob ? `matches settings.leaks.jobFiles ('${jobGlob}')` : null;
}

/** References to undeclared `describe`/`it`/`beforeEach`: the only way test callbacks reach a non-test file. */
function usesTestGlobals(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const through = sourceCode.scopeManager?.globalScope?.through ?? [];
  return through.some(({ identifier }) => TEST_CASE_FUNCTIONS.has(identifier.name) || TEST_HOOK_FUNCTIONS.has(identifier.name));
}

/** The path ESLint's `files` globs would see, or null for text without a file (`<input>`). */
function relativeToCwd(filename: string, cwd: string): string | null {
  if (!path.isAbsolute(filename)) return null;
  // The common case is a file below cwd: a slice, not path.relative's resolution of both paths.
  const prefix = cwd.endsWith(path.sep) ? cwd : `${cwd}${path.sep}`;
  if (filename.startsWith(prefix)) return toPosixPath(filename.slice(prefix.length));
  const relative = path.relative(cwd, filename);
  return relative.startsWith('..') || path.isAbsolute(relative) ? toPosixPath(filename) : toPosixPath(relative);
}

const singleGlobMatcher = memoizeByOptions((globs: readonly string[]) => globs.map((glob) => ({ glob, matches: createPathMatcher([glob]) })));
const anyGlobMatcher = memoizeByOptions(createPathMatcher);

function firstMatchingGlob(globs: readonly string[], relative: string): string | undefined {
  if (!anyGlobMatcher(globs)(relative)) return undefined;
  return singleGlobMatcher(globs).find(({ matches }) => matches(relative))?.glob;
}

/**
 * Whether the rule should look at this file at all: test files are skipped unless
 * `settings.leaks.checkTestCode` is on, and one-shot scripts are skipped by rules whose leak needs
 * a long-lived process (`skipScripts`).
 */
export function skipsFile(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  settings: LeaksSettings,
  { skipScripts }: { skipScripts: boolean },
): boolean {
  const { kind } = getFileContext(context, settings);
  if (kind === 'test') return !settings.checkTestCode;
  return kind === 'script' && skipScripts;
}

/**
 * Whether `node` runs in a test callback that the rule should leave alone: for rules that decide on a
 * site other than the node they report (the growth of a collection reported at its declaration).
 */
export function isSkippedTestCode(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, node: TSESTree.Node): boolean {
  return findTestCallback(node) !== null && !readLeaksSettings(context.settings).checkTestCode;
}

/**
 * The call that registers the test callback `node` runs in (`it('…', async () => { … })`), or null.
 * Only the ancestors of `node` are visited: call it when a rule is about to report, not per node.
 */
export function findTestCallback(node: TSESTree.Node): TSESTree.CallExpression | null {
  for (let current: TSESTree.Node | undefined = node; current?.parent; current = current.parent) {
    const call = current.parent;
    if (isFunctionNode(current) && call.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(current as TSESTree.Expression)) {
      if (isTestRegistration(call)) return call;
    }
  }
  return null;
}

/** `describe('…', fn)`, `it.only('…', fn)`, `test.each(rows)('…', fn)`, `beforeEach(fn)`. */
export function isTestRegistration(call: TSESTree.CallExpression): boolean {
  const name = testFunctionName(call.callee);
  if (name === null) return false;
  if (TEST_HOOK_FUNCTIONS.has(name)) return call.arguments.some(isFunctionNode);
  return TEST_CASE_FUNCTIONS.has(name) && call.arguments.length >= 2 && isTestName(call.arguments[0]!);
}

function testFunctionName(callee: TSESTree.Node): string | null {
  let current = callee;
  // `test.each(rows)('…', fn)`: the callee is itself a call.
  if (current.type === AST_NODE_TYPES.CallExpression) current = current.callee;
  // `it.only`, `describe.skip.each`, `test.concurrent`: the runner's name is the innermost object.
  while (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
  return current.type === AST_NODE_TYPES.Identifier ? current.name : null;
}

function isTestName(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string';
  // `describe(MyService.name, …)` and `describe(\`${route}\`, …)` name suites too.
  return node.type === AST_NODE_TYPES.TemplateLiteral || node.type === AST_NODE_TYPES.MemberExpression;
}

/** Lifecycle hooks a framework calls once per provider; providers are singletons by default. */
const LIFECYCLE_HOOKS = new Set(['onModuleInit', 'onApplicationBootstrap']);

/**
 * Whether `fn` is startup code by its name or shape, for a function whose callers the file does not
 * show: a setup function (`main`, `Analytics.init = async function`, `exports.start = …`), a
 * framework lifecycle hook, or a module installer. A class method named `start` runs once per
 * instance, so it does not count; the lifecycle hooks do.
 */
export function isStartupFunction(fn: TSESTree.FunctionLike): boolean {
  const name = functionNameOf(fn);
  if (fn.parent.type === AST_NODE_TYPES.MethodDefinition) return name !== null && LIFECYCLE_HOOKS.has(name);
  return (name !== null && SETUP_FUNCTION_NAME.test(name)) || isModuleInstaller(fn);
}

/**
 * `module.exports = function (Posts) { Posts.edit = async function … }`: a function that defines
 * methods on the object it is given installs a module's API. It is called once per module at load;
 * calling it per request would redefine the API each time.
 */
export function isModuleInstaller(fn: TSESTree.FunctionLike): boolean {
  const [target] = fn.params;
  if (target?.type !== AST_NODE_TYPES.Identifier || fn.body?.type !== AST_NODE_TYPES.BlockStatement) return false;
  return fn.body.body.some((statement) => definesMethodOn(statement, target.name));
}

function definesMethodOn(statement: TSESTree.Statement, objectName: string): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const assignment = statement.expression;
  return (
    assignment.type === AST_NODE_TYPES.AssignmentExpression &&
    assignment.left.type === AST_NODE_TYPES.MemberExpression &&
    assignment.left.object.type === AST_NODE_TYPES.Identifier &&
    assignment.left.object.name === objectName &&
    isFunctionNode(assignment.right)
  );
}

/**
 * The name a function is known by: its declaration or variable, the method or property holding it,
 * or the member it is assigned to (`Analytics.init = function`, `exports.start = () => …`).
 */
export function functionNameOf(fn: TSESTree.FunctionLike): string | null {
  if (fn.id) return fn.id.name;
  // `const handler = (async (req) => { … }) as RequestHandler`: the name is past the type wrappers.
  const parent = skipParentTypeWrappers(fn).parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.Property:
      return getStaticPropertyName(parent);
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.left.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(parent.left) : null;
    default:
      return null;
  }
}
