import { createPathMatcher, findGlobProblem, isNegatedGlob } from './globs.js';

/**
 * Compiling the option values a schema cannot check: regular expressions written as `'/source/flags'`
 * strings and globs. ESLint's schema check stops at "is it a string"; an invalid pattern used to be
 * accepted and then never match, which looks exactly like "no problems found". These helpers throw
 * instead, with a message naming the rule, the option and the value, so the lint stops at the
 * mistake. Call them from a builder memoised with `memoizeByOptions`, so each configuration is
 * compiled once rather than once per file.
 */

/** Where a value came from, for the message: the rule name (without the plugin prefix) and the option. */
export interface OptionSource {
  rule: string;
  option: string;
}

/** `/source/flags`: how `allow`-style lists tell a pattern from a name. */
const REGEXP_STRING = /^\/(.+)\/([a-z]*)$/su;

/**
 * `entry` as a regular expression when it is written `'/source/flags'`, or null when it is a plain
 * name. An entry that starts with `/` but is not a valid pattern throws: no name starts with `/`,
 * so taking it literally would never match.
 */
export function compileRegExpOption(source: OptionSource, entry: string): RegExp | null {
  if (!entry.startsWith('/')) return null;
  const parts = REGEXP_STRING.exec(entry);
  if (!parts) {
    throw optionError(source, `has '${entry}', which starts with '/' but is not a '/source/flags' regular expression`);
  }
  // `g` and `y` only make `test` remember where it stopped, so the same name would match every other time.
  const flags = parts[2]!.replaceAll(/[gy]/gu, '');
  try {
    return new RegExp(parts[1]!, flags);
  } catch (error) {
    throw optionError(source, `has an invalid regular expression '${entry}': ${reasonOf(error)}`);
  }
}

/** A name test over exact names and `/regex/flags` entries; throws on an invalid pattern. */
export function createNameMatcherOption(source: OptionSource, entries: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const entry of entries) {
    const pattern = compileRegExpOption(source, entry);
    if (pattern) patterns.push(pattern);
    else exact.add(entry);
  }
  return (name) => exact.has(name) || patterns.some((pattern) => pattern.test(name));
}

/**
 * `globs`, once each is known to be a glob that can match: throws on an empty or unbalanced glob,
 * a Windows path, or a list of only `!` globs (a negated glob only removes files that another glob
 * of the same list matches, so alone it matches nothing).
 */
export function checkGlobOption<Globs extends readonly string[]>(source: OptionSource, globs: Globs): Globs {
  for (const glob of globs) {
    const problem = findGlobProblem(glob);
    if (problem !== null) throw optionError(source, `has an invalid glob '${glob}': ${problem}`);
  }
  if (globs.length > 0 && globs.every(isNegatedGlob)) {
    throw optionError(source, `has only negated globs (${globs.map((glob) => `'${glob}'`).join(', ')}), which match no file: a '!' glob removes files from those another glob of the list matches`);
  }
  return globs;
}

/** {@link checkGlobOption}, then the path test for the checked globs. */
export function createPathMatcherOption(source: OptionSource, globs: readonly string[]): (filename: string) => boolean {
  return createPathMatcher(checkGlobOption(source, globs));
}

function optionError({ rule, option }: OptionSource, problem: string): Error {
  return new Error(`leaks/${rule}: option "${option}" ${problem}.`);
}

/** The engine's own explanation, without its closing period (the message adds one). */
function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/u, '');
}
