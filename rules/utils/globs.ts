import picomatch from 'picomatch';

/** A glob that only names a directory at any depth, `bench` between `**` segments (the defaults' shape). */
const DIRECTORY_GLOB = /^\*\*\/([^*?[\]{}()!+@/\\]+)\/\*\*$/u;

/**
 * A path test for rule options that take globs. Paths are normalised to forward slashes first
 * (Windows), and globs match anywhere below the working directory (`matchBase`-like `**` prefix).
 * Every linted file runs this test, so directory globs (most defaults) are a substring search and
 * the rest share one compiled pattern instead of picomatch's matcher per glob.
 */
export function createPathMatcher(globs: readonly string[]): (filename: string) => boolean {
  const directories: string[] = [];
  const others: string[] = [];
  for (const glob of globs) {
    const directory = DIRECTORY_GLOB.exec(glob)?.[1];
    if (directory === undefined) others.push(anchorAnywhere(glob));
    else directories.push(`/${directory}/`);
  }
  const pattern = others.length === 0 ? null : combinedPattern(others);
  return (filename) => {
    const path = toPosixPath(filename);
    const rooted = `/${path}/`;
    return directories.some((directory) => rooted.includes(directory)) || (pattern?.test(path) ?? false);
  };
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
