import { parseArgs } from 'node:util';
import type { ConfigName } from '../index.js';

export const CONFIG_NAMES: readonly ConfigName[] = ['recommended', 'strict', 'all'];
export const FORMAT_NAMES = ['pretty', 'json', 'sarif'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
/** ESLint's own `concurrency` option: a number of worker threads, `auto` or `off`. */
export type Concurrency = number | 'auto' | 'off';

/** Relative to the folder the command runs in; ESLint names the file inside it after the scan root. */
export const DEFAULT_CACHE_LOCATION = '.cache/leaks-scan/';

export interface ScanArguments {
  /** Files, folders and globs as the user wrote them; the current directory when none is given. */
  paths: string[];
  config: ConfigName;
  format: FormatName;
  typeAware: boolean;
  concurrency: Concurrency;
  cache: boolean;
  cacheLocation: string;
  ignorePatterns: string[];
  /** The JSON texts of every `--rule`, in order. */
  rules: string[];
  rulesConfig: string | undefined;
  quiet: boolean;
  /** Undefined: any finding fails the scan. */
  maxWarnings: number | undefined;
  allowParseErrors: boolean;
  outputFile: string | undefined;
  help: boolean;
  version: boolean;
}

/** A mistake in the command line: reported on one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const COMMAND = 'npx -p eslint-plugin-leaks leaks-scan';

export const HELP_TEXT = `Usage: ${COMMAND} [options] [paths...]

Scan JavaScript and TypeScript files for the memory and connection leaks of
long-running Node services, with the rules of eslint-plugin-leaks. Your own
ESLint config is never read: the scan brings its own parsers and rules.
(Installed in a project, the command is just: leaks-scan [options] [paths...])

Arguments:
  paths                 Files, folders and globs to scan (default: the current
                        folder). Quote a glob to let the scan expand it.
                        Skipped inside folders: node_modules, build output (dist,
                        build, out, coverage, .next, *.min.js, ...), *.d.ts, and
                        whatever .gitignore ignores.
                          leaks-scan src scripts/cron.ts 'workers/**/*.ts'

Options:
  -c, --config <name>   Rule set: recommended (default), strict or all.
                          leaks-scan --config strict
      --rule <json>     Set rules over the config, as a JSON object of leaks/*
                        rules (repeatable; later ones win).
                          leaks-scan --rule '{"leaks/no-leaked-timer": "off"}'
      --rules-config <file>
                        Set rules from a JSON file { "rules": { ... } }, over
                        the config and under --rule.
                          leaks-scan --rules-config leaks-rules.json
      --ignore-pattern <glob>
                        Skip files matching the glob, relative to the current
                        folder, as ESLint's option (repeatable).
                          leaks-scan --ignore-pattern '**/*.test.ts'
  -f, --format <name>   Output: pretty (default; findings grouped by rule, with
                        code frames and a summary), json (ESLint's results) or
                        sarif (SARIF 2.1.0 for code-scanning upload).
                          leaks-scan --format sarif -o leaks.sarif
  -o, --output-file <path>
                        Write the output to this file instead of stdout.
                          leaks-scan --format json --output-file leaks.json
      --quiet           Report errors only: rules set to warn do not run.
                          leaks-scan --quiet
      --max-warnings <n>
                        Exit 0 when there are no errors and at most n warnings
                        (without it, any finding exits 1).
                          leaks-scan --max-warnings 10
      --allow-parse-errors
                        Files that cannot be parsed are listed but do not make
                        the exit code 2.
                          leaks-scan --allow-parse-errors
      --concurrency <n|auto|off>
                        Lint in n worker threads, or as many as ESLint finds
                        worth it (auto), or in one thread (off, the default).
                          leaks-scan --concurrency auto
      --cache           Only re-lint files whose content changed since the
                        last cached scan (ESLint's cache).
                          leaks-scan --cache
      --cache-location <path>
                        Where the cache is kept (default: ${DEFAULT_CACHE_LOCATION}).
                          leaks-scan --cache --cache-location /tmp/leaks-cache/
      --type-aware      Lint TypeScript files with type information from the
                        nearest tsconfig.json (typescript-eslint's project
                        service): slower, lets rules use types where they can.
                          leaks-scan --type-aware src
  -h, --help            Show this help.
                          leaks-scan --help
  -v, --version         Show the version of eslint-plugin-leaks.
                          leaks-scan --version

Exit codes:
  0  no findings (or only warnings within --max-warnings)
  1  findings
  2  usage or configuration error, or a file could not be parsed (unless
     --allow-parse-errors)

Progress is shown on an interactive terminal only (never when piped or with
CI set); colours only on a terminal and never with NO_COLOR set.

Guide: https://github.com/eslint-plugin-leaks/eslint-plugin-leaks/blob/main/docs/scan.md`;

const SEE_HELP = "Run 'leaks-scan --help' for usage.";

const OPTIONS = {
  config: { type: 'string', short: 'c', default: 'recommended' },
  format: { type: 'string', short: 'f', default: 'pretty' },
  'type-aware': { type: 'boolean', default: false },
  concurrency: { type: 'string', default: 'off' },
  cache: { type: 'boolean', default: false },
  'cache-location': { type: 'string', default: DEFAULT_CACHE_LOCATION },
  'ignore-pattern': { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  'rules-config': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  'max-warnings': { type: 'string' },
  'allow-parse-errors': { type: 'boolean', default: false },
  'output-file': { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

export function parseScanArguments(argv: readonly string[]): ScanArguments {
  const { values, positionals } = parseOrThrowUsage(argv);
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    config: oneOf('config', values.config, CONFIG_NAMES),
    format: oneOf('format', values.format, FORMAT_NAMES),
    typeAware: values['type-aware'],
    concurrency: parseConcurrency(values.concurrency),
    cache: values.cache,
    cacheLocation: values['cache-location'],
    ignorePatterns: values['ignore-pattern'] ?? [],
    rules: values.rule ?? [],
    rulesConfig: values['rules-config'],
    quiet: values.quiet,
    maxWarnings: values['max-warnings'] === undefined ? undefined : parseCount('--max-warnings', values['max-warnings']),
    allowParseErrors: values['allow-parse-errors'],
    outputFile: values['output-file'],
    help: values.help,
    version: values.version,
  };
}

function parseOrThrowUsage(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util reports unknown options and missing values with ERR_PARSE_ARGS_* codes; keep
    // its first sentence ("Unknown option '--foo'.") and drop the long advice after it.
    if (isParseArgsError(error)) throw new UsageError(`${firstSentence(error.message)} ${SEE_HELP}`);
    throw error;
  }
}

function parseConcurrency(value: string): Concurrency {
  if (value === 'auto' || value === 'off') return value;
  if (/^[1-9]\d*$/u.test(value)) return Number(value);
  throw new UsageError(`Unknown concurrency '${value}': use a number of threads, auto or off. ${SEE_HELP}`);
}

function parseCount(option: string, value: string): number {
  if (/^\d+$/u.test(value)) return Number(value);
  throw new UsageError(`Option ${option} takes a number of warnings, not '${value}'. ${SEE_HELP}`);
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`Unknown ${option} '${value}': use ${joinOr(allowed)}. ${SEE_HELP}`);
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS_');
}

function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  const sentence = end === -1 ? message : message.slice(0, end + 1);
  return sentence.endsWith('.') ? sentence : `${sentence}.`;
}

function joinOr(words: readonly string[]): string {
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`;
}
