import { performance } from 'node:perf_hooks';
import { ESLint, type Linter } from 'eslint';
import type { ScanArguments } from './arguments.js';
import { UsageError } from './arguments.js';
import { isParseError, keepScanMessages } from './results.js';
import { createESLintOptions, type ScanTarget } from './scan-config.js';

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

export async function runScan(
  args: ScanArguments,
  target: ScanTarget,
  extraConfig: Linter.Config[] = [],
): Promise<ScanOutcome> {
  const started = performance.now();
  const eslint = new ESLint(await createESLintOptions(args, target, extraConfig));
  let lintResults = await eslint.lintFiles(target.paths);
  if (lintResults.length === 0) {
    throw new UsageError(
      `No JavaScript or TypeScript files to scan in ${target.given.join(', ')} (node_modules, build output, .d.ts and .gitignore'd files are skipped).`,
    );
  }

  // Scripts and configs are often left out of tsconfig.json; the project service refuses them,
  // so they are linted without types rather than reported as unparseable.
  const untypedFiles = args.typeAware ? lintResults.filter(isOutsideProject).map((result) => result.filePath) : [];
  if (untypedFiles.length > 0) {
    const untyped = new ESLint(await createESLintOptions({ ...args, typeAware: false }, target, extraConfig));
    const retried = new Map((await untyped.lintFiles(untypedFiles)).map((result) => [result.filePath, result]));
    lintResults = lintResults.map((result) => retried.get(result.filePath) ?? result);
  }

  const results = keepScanMessages(lintResults, (ruleId) => ruleId.startsWith('leaks/'));
  return { eslint, results, untypedFiles, elapsedMs: performance.now() - started };
}

function isOutsideProject(result: ESLint.LintResult): boolean {
  return result.messages.some((message) => isParseError(message) && NOT_IN_PROJECT.test(message.message));
}
