/**
 * A cache for what a rule builds from its options (catalogs, matchers, patterns), so `create()`
 * does not rebuild it for every file. Under a config that gives a severity only, ESLint hands every
 * file the rule's default options object, so the identity lookup hits; a config that passes options
 * gets them merged with the defaults afresh for every file, and the JSON key finds those (and the
 * equal options the Linter API and RuleTester build).
 */
export function memoizeByOptions<Key extends object, Value>(build: (key: Key) => Value): (key: Key) => Value {
  const byIdentity = new WeakMap<Key, Value>();
  const byValue = new Map<string, Value>();
  return (key) => {
    const known = byIdentity.get(key);
    if (known !== undefined) return known;
    const text = JSON.stringify(key);
    let value = byValue.get(text);
    if (value === undefined) {
      value = build(key);
      byValue.set(text, value);
    }
    byIdentity.set(key, value);
    return value;
  };
}
