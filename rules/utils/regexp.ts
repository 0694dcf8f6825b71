/**
 * `text` as a literal inside a pattern. `/` stays as it is: patterns are built with `new RegExp`
 * or placed in esquery selectors, whose `/…/` syntax cannot hold an escaped slash.
 */
export function escapeRegExp(text: string): string {
  return text.replaceAll(/[$()*+.?[\\\]^{|}]/gu, String.raw`\$&`);
}

/** esquery regex matching exactly one of `names` (a never-matching one when there are none). */
export function selectorNamesPattern(names: Iterable<string>): string {
  const list = [...names];
  return list.length === 0 ? '/^(?!)$/' : `/^(?:${list.map(escapeRegExp).join('|')})$/`;
}
