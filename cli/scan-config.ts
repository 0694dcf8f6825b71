import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { includeIgnoreFile } from 'eslint/config';
import plugin from '../index.js';
import { UsageError, type ScanArguments } from './arguments.js';

export interface ScanTarget {
  /** ESLint's cwd: the deepest folder holding every scanned path, so ignores apply below it only. */
  cwd: string;
  /** Absolute paths of the files and folders to lint. */
  paths: string[];
  /** The paths as the user wrote them, for messages. */
  given: string[];
}

const SOURCE_FILES = ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];
const TYPESCRIPT_FILES = ['**/*.{ts,tsx,mts,cts}'];
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

/** Resolves the paths the user named; a path that does not exist is a usage error. */
export function resolveScanTarget(paths: readonly string[], from = process.cwd()): ScanTarget {
  const absolutePaths = paths.map((given) => {
    const absolute = path.resolve(from, given);
    if (!existsSync(absolute)) throw new UsageError(`Path '${given}' does not exist.`);
    return absolute;
  });
  return { cwd: deepestCommonFolder(absolutePaths.map(folderOf)), paths: absolutePaths, given: [...paths] };
}

/**
 * The ESLint options of a scan: this plugin's config over the typescript-eslint parser, with no
 * lookup of the project's own eslint.config.* (`overrideConfigFile: true`).
 */
export async function createESLintOptions(
  args: ScanArguments,
  target: ScanTarget,
  extraConfig: Linter.Config[] = [],
): Promise<ESLint.Options> {
  const parser = await loadParser();
  const pluginConfig = plugin.configs[args.config];
  const pluginRules = (pluginConfig.rules ?? {}) as Linter.RulesRecord;
  const ruleIds = new Set(Object.keys(pluginRules));
  const extraRuleIds = new Set(extraConfig.flatMap((config) => Object.keys(config.rules ?? {})));
  const gitignoreFiles = findGitignoreFiles(target.paths);

  const overrideConfig: Linter.Config[] = [
    { name: 'leaks-scan/skipped', ignores: SKIPPED_FILES },
    ...(gitignoreFiles.length > 0
      ? includeIgnoreFile(gitignoreFiles, { name: 'leaks-scan/gitignore', gitignoreResolution: true })
      : []),
    {
      name: 'leaks-scan/parser',
      files: SOURCE_FILES,
      languageOptions: { parser, parserOptions: { ecmaFeatures: { jsx: true } } },
      // The project's inline comments name rules of its own config, which this scan does not load.
      linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
    },
    { name: 'leaks-scan/commonjs', files: COMMONJS_FILES, languageOptions: { sourceType: 'commonjs' } },
    ...(args.typeAware ? [typeAwareConfig(target.cwd)] : []),
    {
      name: `leaks-scan/${args.config}`,
      files: SOURCE_FILES,
      plugins: pluginConfig.plugins,
      rules: args.typeAware ? withTypeOptions(pluginRules) : pluginRules,
    },
    ...extraConfig,
  ];

  return {
    cwd: target.cwd,
    overrideConfigFile: true,
    overrideConfig,
    globInputPaths: false,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    // A `/* eslint no-console: "error" */` comment in the project must not run core rules here.
    ruleFilter: ({ ruleId }) => ruleIds.has(ruleId) || extraRuleIds.has(ruleId),
  };
}

function typeAwareConfig(scanRoot: string): Linter.Config {
  const tsconfig = findUp(scanRoot, 'tsconfig.json');
  if (!tsconfig) {
    throw new UsageError(`--type-aware needs a tsconfig.json in '${scanRoot}' or a folder above it.`);
  }
  return {
    name: 'leaks-scan/type-aware',
    // JavaScript files stay untyped: most are outside any tsconfig, where the project service
    // would refuse to parse them.
    files: TYPESCRIPT_FILES,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: path.dirname(tsconfig) } },
  };
}

/**
 * `--type-aware` is the explicit opt-in the house policy asks for: rules that offer a `useTypes`
 * option get it switched on, every other rule entry is kept as the config has it.
 */
function withTypeOptions(rules: Linter.RulesRecord): Linter.RulesRecord {
  return Object.fromEntries(
    Object.entries(rules).map(([id, entry]) => [id, ruleHasUseTypes(id) ? enableUseTypes(entry) : entry]),
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
  return [severity, { ...(options as object | undefined), useTypes: true }, ...rest];
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

function isFile(candidate: string): boolean {
  return statSync(candidate, { throwIfNoEntry: false })?.isFile() ?? false;
}
