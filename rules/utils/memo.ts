/**
 * A cache for what a rule builds from its options (catalogs, matchers, patterns), so `create()`
 * does not rebuild it for every file. ESLint's flat config merges options with the defaults once per
 * config and hands every file the same object, so the identity lookup hits; `Linter#verify` with a
 * plain config array (the Linter API, RuleTester) normalises it per call, and the JSON key finds
 * those equal objects.
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
