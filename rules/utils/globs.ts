import picomatch from 'picomatch';

/** `**` + `/bench/**`: a glob naming one directory at any depth (most defaults). */
const DIRECTORY_GLOB = /^\*\*\/([^*?[\]{}()!+@/\\]+)\/\*\*$/u;
/** `**` + `/*.bench.*`: a glob over the file name alone, at any depth. */
const BASENAME_GLOB = /^\*\*\/([^/\\]+)$/u;

/**
 * A path test for rule options that take globs. Paths are normalised to forward slashes first
 * (Windows), and globs match anywhere below the working directory (`matchBase`-like `**` prefix).
 * Every linted file runs this test, so it avoids running `**` patterns over the whole path:
 * directory globs are a substring search, file-name globs run on the file name only, and only
 * the rest match the full path (one compiled pattern, not picomatch's matcher per glob).
 */
export function createPathMatcher(globs: readonly string[]): (filename: string) => boolean {
  const directories: string[] = [];
  const basenameGlobs: string[] = [];
  const pathGlobs: string[] = [];
  for (const glob of globs) {
    const anchored = anchorAnywhere(glob);
    const directory = DIRECTORY_GLOB.exec(anchored)?.[1];
    const basename = BASENAME_GLOB.exec(anchored)?.[1];
    if (directory !== undefined) directories.push(`/${directory}/`);
    else if (basename !== undefined && !basename.includes('**')) basenameGlobs.push(basename);
    else pathGlobs.push(anchored);
  }
  const matchesBasename = patternWithPrefilter(basenameGlobs);
  const matchesPath = patternWithPrefilter(pathGlobs);
  return (filename) => {
    const path = toPosixPath(filename);
    const rooted = `/${path}/`;
    if (directories.some((directory) => rooted.includes(directory))) return true;
    return matchesBasename(path.slice(path.lastIndexOf('/') + 1)) || matchesPath(path);
  };
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
