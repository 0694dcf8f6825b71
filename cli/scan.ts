import { performance } from 'node:perf_hooks';
import { ESLint, type Linter } from 'eslint';
import { UsageError } from './arguments.js';
import { isParseError, keepScanMessages } from './results.js';
import { createESLintOptions, mayBeCommonJS, scanOptionsUrl, type ScanRequest, type ScanTarget } from './scan-config.js';

export interface ScanOutcome {
  /** The instance that linted (for formatters and rule metadata). */
  eslint: ESLint;
  results: ESLint.LintResult[];
  /** With --type-aware: files outside every tsconfig.json, linted again without types. */
  untypedFiles: string[];
  elapsedMs: number;
}

// typescript-estree's error for a file that no tsconfig.json includes.
const NOT_IN_PROJECT = / was not found by the project service\b/u;

export async function runScan(request: ScanRequest, target: ScanTarget, extraConfig: Linter.Config[] = []): Promise<ScanOutcome> {
  const started = performance.now();
  const eslint = await createESLint(request, extraConfig);
  let lintResults = await eslint.lintFiles(target.paths);
  if (lintResults.length === 0) {
    throw new UsageError(
      `No JavaScript or TypeScript files to scan in ${target.given.join(', ')} (node_modules, build output, .d.ts and .gitignore'd files are skipped).`,
    );
  }

  // Scripts and configs are often left out of tsconfig.json; the project service refuses them,
  // so they are linted without types rather than reported as unparseable.
  const untypedFiles = request.tsconfigRoot === undefined ? [] : lintResults.filter(isOutsideProject).map((result) => result.filePath);
  lintResults = await relint(lintResults, untypedFiles, { ...request, tsconfigRoot: undefined }, extraConfig, () => true);

  // A .js file is a module for ESLint, but Node runs it as CommonJS outside "type": "module"
  // packages, where sloppy-mode code (`0644`, `with`, a top-level `return`) is valid: such a file
  // gets a second parse as CommonJS, and keeps its first error if that fails too.
  const scripts = lintResults.filter((result) => hasParseError(result) && mayBeCommonJS(result.filePath)).map((result) => result.filePath);
  lintResults = await relint(lintResults, scripts, { ...request, commonjs: true }, extraConfig, (result) => !hasParseError(result));

  // --quiet also drops warnings a cached result kept from a scan without it.
  const results = keepScanMessages(
    lintResults,
    (message) => message.ruleId.startsWith('leaks/') && (!request.quiet || message.severity === 2),
  );
  return { eslint, results, untypedFiles, elapsedMs: performance.now() - started };
}

/**
 * One thread lints in place with the given options, extra config (the progress counter) included;
 * more threads need ESLint's options module, which rebuilds the options in each thread.
 */
async function createESLint(request: ScanRequest, extraConfig: Linter.Config[]): Promise<ESLint> {
  if (request.concurrency === 'off') return new ESLint(await createESLintOptions(request, extraConfig));
  return ESLint.fromOptionsModule(scanOptionsUrl(request));
}

/** Lints a few files again with other options, in one thread and without the cache. */
async function relint(
  results: ESLint.LintResult[],
  files: readonly string[],
  request: ScanRequest,
  extraConfig: Linter.Config[],
  isBetter: (retried: ESLint.LintResult) => boolean,
): Promise<ESLint.LintResult[]> {
  if (files.length === 0) return results;
  const eslint = await createESLint({ ...request, concurrency: 'off', cacheLocation: undefined }, extraConfig);
  const retried = new Map((await eslint.lintFiles([...files])).filter(isBetter).map((result) => [result.filePath, result]));
  return results.map((result) => retried.get(result.filePath) ?? result);
}

function hasParseError(result: ESLint.LintResult): boolean {
  return result.messages.some(isParseError);
}

function isOutsideProject(result: ESLint.LintResult): boolean {
  return result.messages.some((message) => isParseError(message) && NOT_IN_PROJECT.test(message.message));
}
