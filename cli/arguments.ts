import { parseArgs } from 'node:util';
import type { ConfigName } from '../index.js';

export const CONFIG_NAMES: readonly ConfigName[] = ['recommended', 'strict', 'all'];
export const FORMAT_NAMES = ['pretty', 'json', 'sarif'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface ScanArguments {
  /** Files and folders as the user wrote them; the current directory when none is given. */
  paths: string[];
  config: ConfigName;
  format: FormatName;
  typeAware: boolean;
  help: boolean;
  version: boolean;
}

/** A mistake in the command line: reported on one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP_TEXT = `Usage: leaks-scan [options] [paths...]

Scan JavaScript and TypeScript files for the memory and connection leaks of
long-running Node services, with the rules of eslint-plugin-leaks. Your own
ESLint config is never read: the scan brings its own parser and rules.

Arguments:
  paths                 Files and folders to scan (default: the current folder).
                        Skipped inside folders: node_modules, build output (dist,
                        build, out, coverage, .next, *.min.js, ...), *.d.ts, and
                        whatever .gitignore ignores.
                          leaks-scan src scripts/cron.ts

Options:
  -c, --config <name>   Rule set: recommended (default), strict or all.
                          leaks-scan --config strict
  -f, --format <name>   Output: pretty (default; findings grouped by rule, with
                        code frames and a summary), json (ESLint's results) or
                        sarif (SARIF 2.1.0 for code-scanning upload).
                          leaks-scan --format sarif > leaks.sarif
      --type-aware      Lint TypeScript files with type information from the
                        nearest tsconfig.json (typescript-eslint's project
                        service): slower, lets rules use types where they can.
                          leaks-scan --type-aware src
  -h, --help            Show this help.
                          leaks-scan --help
  -v, --version         Show the version of eslint-plugin-leaks.
                          leaks-scan --version

Exit codes:
  0  no findings        1  findings        2  usage or configuration error
  Files that cannot be parsed are listed but do not change the exit code.

Progress is shown on an interactive terminal only (never when piped or with
CI set); colours only on a terminal and never with NO_COLOR set.

Guide: https://github.com/eslint-plugin-leaks/eslint-plugin-leaks/blob/main/docs/scan.md`;

const SEE_HELP = "Run 'leaks-scan --help' for usage.";

const OPTIONS = {
  config: { type: 'string', short: 'c', default: 'recommended' },
  format: { type: 'string', short: 'f', default: 'pretty' },
  'type-aware': { type: 'boolean', default: false },
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
