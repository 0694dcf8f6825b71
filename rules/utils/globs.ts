import picomatch from 'picomatch';

/**
 * A path test for rule options that take globs. Paths are normalised to forward slashes first
 * (Windows), and globs match anywhere below the working directory (`matchBase`-like `**` prefix).
 */
export function createPathMatcher(globs: readonly string[]): (filename: string) => boolean {
  if (globs.length === 0) return () => false;
  const isMatch = picomatch(globs.map(anchorAnywhere), { dot: true, nocase: false });
  return (filename) => isMatch(toPosixPath(filename));
}

export function toPosixPath(filename: string): string {
  return filename.replaceAll('\\', '/');
}

function anchorAnywhere(glob: string): string {
  return glob.startsWith('**/') || glob.startsWith('/') ? glob : `**/${glob}`;
}
