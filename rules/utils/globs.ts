import picomatch from 'picomatch';

/** `**` + `/bench/**`: a glob naming one directory at any depth (most defaults). */
const DIRECTORY_GLOB = /^\*\*\/([^*?[\]{}()!+@/\\]+)\/\*\*$/u;
/** `**` + `/*.bench.*`: a glob over the file name alone, at any depth. */
const BASENAME_GLOB = /^\*\*\/([^/\\]+)$/u;

/**
 * A path test for rule options that take globs. Paths are normalised to forward slashes first
 * (Windows), and globs match anywhere below the working directory (`matchBase`-like `**` prefix).
 * A glob that starts with `!` removes the files it matches from those the other globs match, in
 * any order (as ESLint's `ignores` do): `'!**\/bench/fixtures/**'` next to the `bench` globs leaves the
 * fixtures out. Negated globs alone match nothing.
 */
export function createPathMatcher(globs: readonly string[]): (filename: string) => boolean {
  const included = globs.filter((glob) => !isNegatedGlob(glob));
  const excluded = globs.filter(isNegatedGlob).map((glob) => glob.slice(1));
  const matchesIncluded = createUnionMatcher(included);
  if (excluded.length === 0) return matchesIncluded;
  const matchesExcluded = createUnionMatcher(excluded);
  return (filename) => matchesIncluded(filename) && !matchesExcluded(filename);
}

export function isNegatedGlob(glob: string): boolean {
  // `!(…)` is an extglob ("anything but"), not a negation of the whole glob.
  return glob.startsWith('!') && !glob.startsWith('!(');
}

/**
 * Whether any of `globs` matches. Every linted file runs this test, so it avoids running `**`
 * patterns over the whole path: directory globs are a set lookup per path segment, file-name globs
 * run on the file name only, and only the rest match the full path (one compiled pattern, not
 * picomatch's matcher per glob).
 */
function createUnionMatcher(globs: readonly string[]): (filename: string) => boolean {
  const directories = new Set<string>();
  const basenameGlobs: string[] = [];
  const pathGlobs: string[] = [];
  for (const glob of globs) {
    const anchored = anchorAnywhere(glob);
    const directory = DIRECTORY_GLOB.exec(anchored)?.[1];
    const basename = BASENAME_GLOB.exec(anchored)?.[1];
    if (directory !== undefined) directories.add(directory);
    else if (basename !== undefined && !basename.includes('**')) basenameGlobs.push(basename);
    else pathGlobs.push(anchored);
  }
  const matchesBasename = patternWithPrefilter(basenameGlobs);
  const matchesPath = patternWithPrefilter(pathGlobs);
  return (filename) => {
    const path = toPosixPath(filename);
    if (directories.size > 0 && hasSegmentIn(path, directories)) return true;
    return matchesBasename(path.slice(path.lastIndexOf('/') + 1)) || matchesPath(path);
  };
}

/** Whether a `/`-separated segment of `path` (the file name included, as `**\/name/**` matches) is in `names`. */
function hasSegmentIn(path: string, names: ReadonlySet<string>): boolean {
  for (let start = 0; start < path.length; ) {
    const slash = path.indexOf('/', start);
    const end = slash === -1 ? path.length : slash;
    if (end > start && names.has(path.slice(start, end))) return true;
    start = end + 1;
  }
  return false;
}

/**
 * One pattern for `globs`, run only when the text contains a literal that one of them requires
 * (`.bench.` for `*.bench.*`): a substring search rejects almost every file before any regex.
 */
function patternWithPrefilter(globs: readonly string[]): (text: string) => boolean {
  if (globs.length === 0) return () => false;
  const pattern = combinedPattern(globs);
  const literals = globs.map(requiredLiteral);
  if (literals.includes('')) return (text) => pattern.test(text);
  return (text) => literals.some((literal) => text.includes(literal)) && pattern.test(text);
}

/** The longest run of plain characters every match of `glob` contains, or '' when there is none. */
function requiredLiteral(glob: string): string {
  // Optional or alternative parts (`?(…)`, `{a,b}`, `[ab]`) are not required; wildcards split runs.
  // A leading `**/` also matches nothing at all, so its slash is not required either.
  const required = glob.replace(/^\*\*\//u, '').replaceAll(/[?*+@!]\([^)]*\)|\{[^}]*\}|\[[^\]]*\]/gu, '*');
  if (required.includes('!') || /[()\\]/u.test(required)) return '';
  return required.split(/[*?]+/u).reduce((longest, run) => (run.length > longest.length ? run : longest), '');
}

function combinedPattern(globs: readonly string[]): RegExp {
  const sources = globs.map((glob) => picomatch.makeRe(glob, { dot: true, nocase: false }).source);
  // No `u` flag: picomatch writes its patterns for the default mode (escapes like `\-` are invalid with `u`).
  return new RegExp(sources.map((source) => `(?:${source})`).join('|'));
}

export function toPosixPath(filename: string): string {
  return filename.includes('\\') ? filename.replaceAll('\\', '/') : filename;
}

function anchorAnywhere(glob: string): string {
  return glob.startsWith('**/') || glob.startsWith('/') ? glob : `**/${glob}`;
}

const CLOSING_BRACKETS: Readonly<Record<string, string>> = { '[': ']', '{': '}', '(': ')' };

/**
 * Why `glob` cannot be what its author meant, as a clause for an error message, or null when it is
 * fine. picomatch accepts almost any text (an unclosed `{` compiles to a pattern that never
 * matches, `src\bench` to a word boundary), so these mistakes would otherwise match nothing quietly.
 */
export function findGlobProblem(glob: string): string | null {
  if (glob.trim() === '') return 'it is empty';
  const body = isNegatedGlob(glob) ? glob.slice(1) : glob;
  if (body === '') return "nothing follows the '!'";
  if (isNegatedGlob(body)) return "it starts with more than one '!' (a glob is negated once, by one leading '!')";
  return findBackslashProblem(body) ?? findBracketProblem(body) ?? findCompileProblem(body);
}

/** `src\bench\**`: Windows separators, which a glob reads as escapes of the next character. */
function findBackslashProblem(glob: string): string | null {
  return /\\(?:[\dA-Za-z]|$)/u.test(glob) ? "it contains '\\' before a letter, digit or the end (globs separate directories with '/' on every platform)" : null;
}

/** The first unclosed or unopened `[`, `{` or `(`; escaped ones and those inside `[…]` are text. */
function findBracketProblem(glob: string): string | null {
  const open: string[] = [];
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '\\') {
      index++;
    } else if (char === '[') {
      const end = classEnd(glob, index);
      if (end === -1) return "its '[' is never closed";
      index = end;
    } else if (char === '{' || char === '(') {
      open.push(char);
    } else if (char === '}' || char === ')' || char === ']') {
      const opener = open.pop();
      if (opener === undefined || CLOSING_BRACKETS[opener] !== char) return `its '${char}' has no matching opening bracket`;
    }
  }
  const unclosed = open.pop();
  return unclosed === undefined ? null : `its '${unclosed}' is never closed`;
}

/** The index of the `]` that closes the class opened at `start`, or -1. `[]…]`, `[!]…]` and `[[:alpha:]]` hold a `]`. */
function classEnd(glob: string, start: number): number {
  let index = start + 1;
  if (glob[index] === '!' || glob[index] === '^') index++;
  if (glob[index] === ']') index++;
  for (; index < glob.length; index++) {
    const char = glob[index];
    if (char === '\\') index++;
    else if (char === '[' && glob[index + 1] === ':') {
      const close = glob.indexOf(':]', index + 2);
      if (close !== -1) index = close + 1;
    } else if (char === ']') return index;
  }
  return -1;
}

function findCompileProblem(glob: string): string | null {
  try {
    picomatch.makeRe(glob, { dot: true });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/\.$/u, '') : String(error);
  }
}
