import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { includeIgnoreFile } from 'eslint/config';
import plugin, { type ConfigName } from '../index.js';
import { UsageError, type Concurrency, type ScanArguments } from './arguments.js';
import { readRuleOverrides } from './rule-options.js';

export interface ScanTarget {
  /** ESLint's cwd: the deepest folder holding every scanned path, so ignores apply below it only. */
  cwd: string;
  /** Absolute paths and globs of the files and folders to lint. */
  paths: string[];
  /** Existing files and folders the paths start from (a glob's base folder), for .gitignore lookup. */
  roots: string[];
  /** The paths as the user wrote them, for messages. */
  given: string[];
}

/**
 * Everything a scan's ESLint options are made of, as plain data. ESLint's worker threads cannot
 * receive functions or plugin objects, so with `--concurrency` each thread rebuilds the options
 * from this request (see `eslint-options.ts`) and gets exactly the config of the main thread.
 */
export interface ScanRequest {
  cwd: string;
  config: ConfigName;
  /** `--rules-config` and `--rule`, set over the config. */
  rules: Linter.RulesRecord;
  /** `--ignore-pattern` globs, relative to `patternBase` (the folder the command runs in). */
  ignorePatterns: string[];
  patternBase: string;
  gitignoreFiles: string[];
  /** Set with `--type-aware`: the folder of the nearest tsconfig.json. */
  tsconfigRoot: string | undefined;
  quiet: boolean;
  concurrency: Concurrency;
  /** Set with `--cache`: an absolute file, or a folder ending in a separator. */
  cacheLocation: string | undefined;
  /** A second pass over JavaScript files that failed to parse as modules: parse them as CommonJS. */
  commonjs?: boolean;
}

const SOURCE_FILES = ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];
const TYPESCRIPT_FILES = ['**/*.{ts,tsx,mts,cts}'];
const JAVASCRIPT_FILES = ['**/*.{js,jsx,mjs,cjs}'];
const AMBIGUOUS_JAVASCRIPT_FILES = ['**/*.{js,jsx}'];
const COMMONJS_FILES = ['**/*.{cjs,cts}'];
// ESLint already skips node_modules/ and .git/. Build output is compiled twins of the sources (or
// somebody else's bundle), so linting it would repeat or invent findings. The dot folders are the
// build output of web frameworks and Yarn's committed release bundle and Plug'n'Play loader.
const SKIPPED_FILES = [
  '**/dist/',
  '**/build/',
  '**/out/',
  '**/coverage/',
  '**/{.next,.nuxt,.output,.svelte-kit,.vercel,.turbo,.yarn}/',
  '**/.pnp.{cjs,loader.mjs}',
  '**/*.d.{ts,mts,cts}',
  '**/*.min.{js,mjs,cjs}',
];
const GLOB_CHARACTERS = /[*?[\]{}]/u;

/**
 * Resolves the paths the user named. A path that exists is taken literally (even with `[id]` in
 * its name); one that does not is a glob if it has glob characters and its base folder exists
 * (the shell did not expand it: quoted, or a shell without globs), and a usage error otherwise.
 */
export function resolveScanTarget(paths: readonly string[], from = process.cwd()): ScanTarget {
  const roots = paths.map((given) => existingRootOf(given, from));
  return {
    cwd: deepestCommonFolder(roots.map(folderOf)),
    paths: paths.map((given) => path.resolve(from, given)),
    roots,
    given: [...paths],
  };
}

function existingRootOf(given: string, from: string): string {
  const absolute = path.resolve(from, given);
  if (existsSync(absolute)) return absolute;
  const base = globBase(given);
  if (base === undefined) throw new UsageError(`Path '${given}' does not exist.`);
  const absoluteBase = path.resolve(from, base);
  if (!isDirectory(absoluteBase)) throw new UsageError(`Pattern '${given}' matches nothing: folder '${base}' does not exist.`);
  return absoluteBase;
}

/** The leading segments of a glob without glob characters; undefined for a plain path. */
function globBase(pattern: string): string | undefined {
  const segments = pattern.split(path.sep === '\\' ? /[\\/]/u : '/');
  const firstGlob = segments.findIndex((segment) => GLOB_CHARACTERS.test(segment));
  if (firstGlob === -1) return undefined;
  const base = segments.slice(0, firstGlob).join('/');
  return base === '' ? (path.isAbsolute(pattern) ? path.parse(path.resolve(pattern)).root : '.') : base;
}

/** Reads everything a scan needs from the disk and the command line, once, in the main thread. */
export function createScanRequest(args: ScanArguments, target: ScanTarget, from = process.cwd()): ScanRequest {
  return {
    cwd: target.cwd,
    config: args.config,
    rules: readRuleOverrides(args.rules, args.rulesConfig),
    ignorePatterns: args.ignorePatterns,
    patternBase: from,
    gitignoreFiles: findGitignoreFiles(target.roots),
    tsconfigRoot: args.typeAware ? findTsconfigRoot(target.cwd) : undefined,
    quiet: args.quiet,
    concurrency: args.concurrency,
    cacheLocation: args.cache ? resolveCacheLocation(args.cacheLocation, from) : undefined,
  };
}

/**
 * ESLint reads a location ending in a separator (or an existing folder) as a folder and names the
 * cache file inside it after its cwd, so scans of different roots keep separate caches.
 */
function resolveCacheLocation(location: string, from: string): string {
  const absolute = path.resolve(from, location);
  return /[\\/]$/u.test(location) || isDirectory(absolute) ? `${absolute}${path.sep}` : absolute;
}

/** The URL of the options module that rebuilds this request's options in ESLint's worker threads. */
export function scanOptionsUrl(request: ScanRequest): URL {
  const url = new URL('./eslint-options.js', import.meta.url);
  url.searchParams.set('request', JSON.stringify(request));
  return url;
}

export function decodeScanRequest(moduleUrl: string): ScanRequest {
  const encoded = new URL(moduleUrl).searchParams.get('request');
  if (encoded === null) throw new Error(`The options module was loaded without a scan request: ${moduleUrl}`);
  return JSON.parse(encoded) as ScanRequest;
}

/**
 * The ESLint options of a scan: this plugin's config, TypeScript files parsed by
 * @typescript-eslint/parser and JavaScript files by ESLint's own parser (espree), with no lookup of
 * the project's own eslint.config.* (`overrideConfigFile: true`).
 */
export async function createESLintOptions(request: ScanRequest, extraConfig: Linter.Config[] = []): Promise<ESLint.Options> {
  const parser = await loadParser();
  const pluginConfig = plugin.configs[request.config];
  const presetRules = (pluginConfig.rules ?? {}) as Linter.RulesRecord;
  const typeAware = request.tsconfigRoot !== undefined;
  const ruleIds = new Set(
    [presetRules, request.rules, ...extraConfig.map((config) => config.rules ?? {})].flatMap((rules) => Object.keys(rules)),
  );

  const overrideConfig: Linter.Config[] = [
    { name: 'leaks-scan/skipped', ignores: SKIPPED_FILES },
    ...(request.gitignoreFiles.length > 0
      ? includeIgnoreFile(request.gitignoreFiles, { name: 'leaks-scan/gitignore', gitignoreResolution: true })
      : []),
    ...(request.ignorePatterns.length > 0
      ? [{ name: 'leaks-scan/ignore-pattern', basePath: request.patternBase, ignores: request.ignorePatterns }]
      : []),
    {
      name: 'leaks-scan/files',
      files: SOURCE_FILES,
      // The project's inline comments name rules of its own config, which this scan does not load.
      linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
    },
    // No parser: ESLint's default, espree, reads sloppy-mode scripts that TypeScript's parser refuses.
    { name: 'leaks-scan/javascript', files: JAVASCRIPT_FILES, languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    { name: 'leaks-scan/typescript', files: TYPESCRIPT_FILES, languageOptions: { parser } },
    { name: 'leaks-scan/commonjs', files: COMMONJS_FILES, languageOptions: { sourceType: 'commonjs' } },
    ...(request.commonjs ? [{ name: 'leaks-scan/commonjs-retry', files: AMBIGUOUS_JAVASCRIPT_FILES, languageOptions: { sourceType: 'commonjs' as const } }] : []),
    ...(request.tsconfigRoot === undefined ? [] : [typeAwareConfig(request.tsconfigRoot)]),
    {
      name: `leaks-scan/${request.config}`,
      files: SOURCE_FILES,
      plugins: pluginConfig.plugins,
      rules: typeAware ? withTypeOptions(presetRules) : presetRules,
    },
    // A separate entry so ESLint merges them as it merges configs: a bare severity keeps the options.
    ...(Object.keys(request.rules).length > 0
      ? [{ name: 'leaks-scan/rule-options', files: SOURCE_FILES, rules: typeAware ? withTypeOptions(request.rules, false) : request.rules }]
      : []),
    ...extraConfig,
  ];

  return {
    cwd: request.cwd,
    overrideConfigFile: true,
    overrideConfig,
    // Quoted globs are expanded by ESLint; existing paths are always taken literally first.
    globInputPaths: true,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    concurrency: request.concurrency,
    ...(request.cacheLocation === undefined ? {} : { cache: true, cacheLocation: request.cacheLocation, cacheStrategy: 'content' as const }),
    // A `/* eslint no-console: "error" */` comment in the project must not run core rules here;
    // with --quiet, rules set to warn do not run at all (as in ESLint's CLI).
    ruleFilter: ({ ruleId, severity }) => ruleIds.has(ruleId) && (!request.quiet || severity === 2),
  };
}

/** Whether Node would accept a .js file here as CommonJS: its nearest package.json is not "type": "module". */
export function mayBeCommonJS(filePath: string): boolean {
  if (!/\.jsx?$/u.test(filePath)) return false;
  const packageJson = findUp(path.dirname(filePath), 'package.json');
  if (packageJson === undefined) return true;
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { type?: unknown }).type !== 'module';
  } catch {
    return true;
  }
}

function findTsconfigRoot(scanRoot: string): string {
  const tsconfig = findUp(scanRoot, 'tsconfig.json');
  if (!tsconfig) {
    throw new UsageError(`--type-aware needs a tsconfig.json in '${scanRoot}' or a folder above it.`);
  }
  return path.dirname(tsconfig);
}

function typeAwareConfig(tsconfigRoot: string): Linter.Config {
  return {
    name: 'leaks-scan/type-aware',
    // JavaScript files stay untyped: most are outside any tsconfig, where the project service
    // would refuse to parse them.
    files: TYPESCRIPT_FILES,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: tsconfigRoot } },
  };
}

/**
 * `--type-aware` is the explicit opt-in the house policy asks for: rules that offer a `useTypes`
 * option get it switched on, every other rule entry is kept as the config has it.
 */
function withTypeOptions(rules: Linter.RulesRecord, severityOnlyToo = true): Linter.RulesRecord {
  // A bare severity set by the user keeps the merged options, useTypes included.
  const needsOptions = (entry: Linter.RuleEntry) => severityOnlyToo || (Array.isArray(entry) && entry.length > 1);
  return Object.fromEntries(
    Object.entries(rules).map(([id, entry]) => [id, ruleHasUseTypes(id) && needsOptions(entry) ? enableUseTypes(entry) : entry]),
  );
}

function ruleHasUseTypes(id: string): boolean {
  const rule = plugin.rules[id.replace(/^leaks\//u, '') as keyof typeof plugin.rules] as
    | { meta?: { schema?: unknown } }
    | undefined;
  return hasUseTypesOption(rule?.meta?.schema);
}

function enableUseTypes(entry: Linter.RuleEntry): Linter.RuleEntry {
  if (!Array.isArray(entry)) return [entry, { useTypes: true }];
  const [severity, options, ...rest] = entry as [Linter.RuleSeverity, unknown?, ...unknown[]];
  // An explicit `useTypes` in the user's options wins.
  return [severity, { useTypes: true, ...(options as object | undefined) }, ...rest];
}

function hasUseTypesOption(schema: unknown): boolean {
  const first: unknown = Array.isArray(schema) ? schema[0] : undefined;
  if (typeof first !== 'object' || first === null || !('properties' in first)) return false;
  const { properties } = first as { properties?: Record<string, unknown> };
  return properties !== undefined && 'useTypes' in properties;
}

async function loadParser(): Promise<Linter.Parser> {
  try {
    return await import('@typescript-eslint/parser');
  } catch (error) {
    // The parser needs the `typescript` package, an optional peer of this plugin.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`Cannot load @typescript-eslint/parser (is 'typescript' installed?): ${reason}`);
  }
}

/**
 * The .gitignore files that apply to the scanned paths: in each path's folder and the folders
 * above it up to the repository root (the folder holding `.git`), and in a repository the ones
 * git tracks below a scanned folder. Outside a repository only the path's own folder counts.
 */
export function findGitignoreFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  for (const scanned of paths) {
    const start = folderOf(scanned);
    const enclosing = foldersUpToRepositoryRoot(start);
    const candidates = [
      ...(enclosing ?? [start]).map((folder) => path.join(folder, '.gitignore')),
      ...(enclosing && start === scanned ? listTrackedGitignoreFiles(start) : []),
    ];
    for (const candidate of candidates) if (isFile(candidate)) found.add(candidate);
  }
  // Outermost first: a nested .gitignore may re-include what its parent ignores.
  return [...found].sort((a, b) => a.split(path.sep).length - b.split(path.sep).length);
}

/**
 * Git knows where its ignore files are without a walk of the tree; no git, no list (the scan then
 * reads only the .gitignore files on the way up to the repository root).
 */
function listTrackedGitignoreFiles(folder: string): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--', ':(glob)**/.gitignore'], {
    cwd: folder,
    encoding: 'utf8',
  });
  if (listed.status !== 0) return [];
  return listed.stdout
    .split('\0')
    .filter(Boolean)
    .map((file) => path.resolve(folder, file));
}

function foldersUpToRepositoryRoot(start: string): string[] | undefined {
  const folders: string[] = [];
  for (let folder = start; ; folder = path.dirname(folder)) {
    folders.push(folder);
    if (existsSync(path.join(folder, '.git'))) return folders;
    if (path.dirname(folder) === folder) return undefined;
  }
}

function findUp(start: string, fileName: string): string | undefined {
  for (let folder = start; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, fileName);
    if (isFile(candidate)) return candidate;
    if (path.dirname(folder) === folder) return undefined;
  }
}

function deepestCommonFolder(folders: readonly string[]): string {
  let common = folders[0] ?? process.cwd();
  while (!folders.every((folder) => isInside(folder, common))) {
    const parent = path.dirname(common);
    if (parent === common) break;
    common = parent;
  }
  return common;
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function folderOf(absolutePath: string): string {
  return statSync(absolutePath).isDirectory() ? absolutePath : path.dirname(absolutePath);
}

function isDirectory(candidate: string): boolean {
  return statSync(candidate, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(candidate: string): boolean {
  return statSync(candidate, { throwIfNoEntry: false })?.isFile() ?? false;
}
