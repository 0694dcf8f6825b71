/**
 * A cache for what a rule builds from its options (catalogs, matchers, patterns), so `create()`
 * does not rebuild it for every file. ESLint hands every file under one config the same merged
 * options object, so the identity lookup is the common hit; the JSON key covers callers (the
 * Linter API, RuleTester) that build equal options afresh.
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
