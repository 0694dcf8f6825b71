#!/usr/bin/env node
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import plugin from '../index.js';
import { HELP_TEXT, parseScanArguments, UsageError, type ScanArguments } from './arguments.js';
import { formatPretty } from './pretty-format.js';
import { createProgress, shouldShowProgress } from './progress.js';
import { countWarnings, EXIT_CLEAN, EXIT_ERROR, exitCodeFor, unparseableFiles } from './results.js';
import { formatSarif } from './sarif.js';
import { runScan, type ScanOutcome } from './scan.js';
import { createScanRequest, resolveScanTarget } from './scan-config.js';

const HOMEPAGE_URL = 'https://github.com/eslint-plugin-leaks/eslint-plugin-leaks';
const ISSUES_URL = `${HOMEPAGE_URL}/issues`;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseScanArguments(argv);
  if (args.help) return print(`${HELP_TEXT}\n`, EXIT_CLEAN);
  if (args.version) return print(`${plugin.meta.version}\n`, EXIT_CLEAN);

  const target = resolveScanTarget(args.paths);
  const request = createScanRequest(args, target);
  const progress = shouldShowProgress(process.stderr, process.env)
    ? createProgress(process.stderr, args.paths, process.cwd())
    : undefined;
  // The counter is a rule in this thread: worker threads cannot run it, and cached files are not
  // linted, so those scans show the first line only.
  const countsFiles = args.concurrency === 'off' && !args.cache;
  let outcome: ScanOutcome;
  try {
    outcome = await runScan(request, target, countsFiles ? progress?.config : undefined);
  } finally {
    progress?.stop();
  }
  const output = await formatResults(outcome, args);
  const exitCode = exitCodeFor(outcome.results, args);
  explainExitCode(outcome, args);
  if (args.outputFile === undefined) return print(withFinalNewline(output), exitCode);
  writeOutputFile(args.outputFile, withFinalNewline(output));
  return exitCode;
}

/** One line on stderr when the exit code is not about leaks, or not about every finding. */
function explainExitCode({ results }: ScanOutcome, args: ScanArguments): void {
  const unparseable = unparseableFiles(results).length;
  if (unparseable > 0 && !args.allowParseErrors) {
    const files = unparseable === 1 ? '1 file' : `${unparseable} files`;
    process.stderr.write(`leaks-scan: ${files} could not be parsed, so the scan is incomplete (exit code 2; --allow-parse-errors lists them without failing).\n`);
  }
  const warnings = countWarnings(results);
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    process.stderr.write(`leaks-scan: ${warnings} warnings are more than --max-warnings ${args.maxWarnings} allows.\n`);
  }
}

function writeOutputFile(file: string, text: string): void {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`Cannot write the output file '${file}': ${error instanceof Error ? error.message : String(error)}`);
  }
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

async function formatResults({ eslint, results, untypedFiles, elapsedMs }: ScanOutcome, args: ScanArguments): Promise<string> {
  switch (args.format) {
    case 'pretty':
      return formatPretty(results, {
        cwd: process.cwd(),
        color: args.outputFile === undefined && useColor(process.stdout, process.env),
        configName: args.config,
        elapsedMs,
        rulesMeta: eslint.getRulesMetaForResults(results),
        notes: untypedFiles.length > 0 ? [untypedNote(untypedFiles.length)] : [],
      });
    case 'json':
      return (await eslint.loadFormatter('json')).format(results);
    case 'sarif':
      return formatSarif(results, eslint.getRulesMetaForResults(results), {
        tool: { name: plugin.meta.name, version: plugin.meta.version, informationUri: HOMEPAGE_URL },
        root: process.cwd(),
        sourceLines: readSourceLines,
      });
  }
}

function readSourceLines(filePath: string): string[] {
  try {
    return readFileSync(filePath, 'utf8').split(/\r?\n/u);
  } catch {
    return [];
  }
}

function untypedNote(count: number): string {
  const files = count === 1 ? '1 file is' : `${count} files are`;
  return `${files} outside every tsconfig.json and linted without type information.`;
}

function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  // hasColors() also honours NO_COLOR, NODE_DISABLE_COLORS and TERM=dumb.
  return stream.isTTY && !env.NO_COLOR && stream.hasColors();
}

function print(text: string, exitCode: number): number {
  process.stdout.write(text);
  return exitCode;
}

function reportFailure(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`leaks-scan: ${error.message}\n`);
  } else {
    // ESLint's own errors (an invalid rule option, a rule that throws) name the file and the rule.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`leaks-scan: ${message}\nIf this looks like a bug in eslint-plugin-leaks, please report it: ${ISSUES_URL}\n`);
  }
  return EXIT_ERROR;
}

// `leaks-scan | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2)).catch(reportFailure);
