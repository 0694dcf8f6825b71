/**
 * What `no-growing-module-collection` knows about collections and the calls around them. Plain data:
 * adding a constructor, a read-only helper or a scheduler is one entry here plus a test.
 */

export type CollectionKind = 'array' | 'map' | 'set' | 'object';

/**
 * Global constructors whose instances the rule tracks, by the kind of collection they make (only when
 * the name resolves to the global: an imported `Map` from `immutable` is not a native Map). Weak
 * collections (`WeakMap`, `WeakSet`) and bounded caches (`lru-cache`'s `LRUCache`, `quick-lru`,
 * `tiny-lru`, `mnemonist`'s `LRUMap`) are deliberately absent: their entries are released by the
 * garbage collector or evicted at a maximum size, so they are never reported.
 */
export const COLLECTION_CONSTRUCTORS: Readonly<Record<string, 'array' | 'map' | 'set'>> = {
  Array: 'array',
  Map: 'map',
  Set: 'set',
};

/** `Array.from(…)` / `Array.of(…)` make a fresh array; `Object.create(null)` makes a dictionary. */
export const COLLECTION_FACTORIES: Readonly<Record<string, CollectionKind>> = {
  'Array.from': 'array',
  'Array.of': 'array',
  'Object.create': 'object',
};

/** The weak twin a suggestion may switch to, when every use of the collection is one it supports. */
export const WEAK_COUNTERPARTS = {
  map: { name: 'WeakMap', methods: ['get', 'set', 'has', 'delete'] },
  set: { name: 'WeakSet', methods: ['add', 'has', 'delete'] },
} as const;

/** Methods that add entries, by kind (`splice` that inserts is decided from its arguments). */
export const GROWTH_METHODS: Readonly<Record<CollectionKind, readonly string[]>> = {
  array: ['push', 'unshift'],
  map: ['set'],
  set: ['add'],
  object: [],
};

/** Methods that remove entries, by kind (`splice` that removes is decided from its arguments). */
export const SHRINK_METHODS: Readonly<Record<CollectionKind, readonly string[]>> = {
  array: ['pop', 'shift'],
  map: ['delete', 'clear'],
  set: ['delete', 'clear'],
  object: [],
};

/**
 * Global functions (by dotted path) that read a collection handed to them and keep no reference
 * to it: passing a collection to them is not an escape.
 */
export const READ_ONLY_CALLEES: ReadonlySet<string> = new Set([
  'Array.from',
  'Array.isArray',
  'Boolean',
  'JSON.stringify',
  'Math.max',
  'Math.min',
  'Object.entries',
  'Object.freeze',
  'Object.getOwnPropertyNames',
  'Object.isFrozen',
  'Object.keys',
  'Object.values',
  'Promise.all',
  'Promise.allSettled',
  'Promise.any',
  'Promise.race',
  'String',
  'console.debug',
  'console.dir',
  'console.error',
  'console.info',
  'console.log',
  'console.table',
  'console.warn',
  'structuredClone',
]);

/**
 * Methods, on any receiver, that serialize or print a value and keep no reference to it: responding
 * with a collection (`res.json(connections)`) or logging it (`logger.info(queue)`) is not an escape.
 */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set([
  'debug',
  'end',
  'error',
  'fatal',
  'info',
  'json',
  'jsonp',
  'log',
  'send',
  'trace',
  'warn',
  'write',
]);

/** `Object.keys(d).length` is a size read of the dictionary `d`. */
export const KEY_LISTING_CALLEES: ReadonlySet<string> = new Set([
  'Object.entries',
  'Object.getOwnPropertyNames',
  'Object.keys',
  'Object.values',
  'Reflect.ownKeys',
]);

/**
 * Verbs that name load-time registration APIs (`registerType`, `defineModel`, `use(plugin)`,
 * `installHook`): an exported function named like this, with no caller in the file, is taken to run
 * once per plugin or definition at start-up rather than once per request, so growth in it counts only
 * under `checkEscaped`. Matched on the function's own name, as a whole word or a camelCase prefix
 * (`registerType`, `define_model`); `use` only as a whole word, since `useSomething` names a React hook,
 * which runs on every render.
 */
export const REGISTRATION_VERBS: readonly string[] = [
  'configure',
  'declare',
  'define',
  'extend',
  'init',
  'initialize',
  'install',
  'mixin',
  'plugin',
  'provide',
  'register',
  'setup',
];

/** Registration verbs that count only as the whole name (`use(plugin)`, not `useCache`). */
export const REGISTRATION_WHOLE_NAMES: readonly string[] = ['use'];

/**
 * Words that name a small domain fixed by the code or the deployment: a collection keyed by a shard,
 * a region, a model name or a label holds one entry per value of that domain however many requests
 * come (`clients.set(region, new S3Client(…))`, `instances.set(shardIndex, queue)`). Matched on the
 * camelCase words of the key's own name; a key that also names an identity (below) is not bounded.
 */
export const BOUNDED_KEY_WORDS: ReadonlySet<string> = new Set([
  'shard', 'partition', 'region', 'zone', 'locale', 'lang', 'language', 'currency', 'country',
  'type', 'kind', 'category', 'level', 'severity', 'provider', 'driver', 'dialect', 'engine', 'model',
  'template', 'theme', 'plugin', 'module', 'label', 'env', 'environment', 'mode', 'format', 'status',
  'group', 'tier', 'feature', 'flag', 'version', 'method', 'algorithm', 'encoding', 'unit', 'role',
  'permission', 'scope', 'platform', 'hook', 'event', 'signal', 'collection', 'table', 'schema',
]);


/**
 * Words that name one member of a population that grows with the traffic: an id, a token, a user,
 * a URL, a tenant. A key named like this is never taken as bounded, and in code whose frequency the
 * file does not show it is the local evidence that the collection grows per request.
 */
export const IDENTITY_KEY_WORDS: ReadonlySet<string> = new Set([
  'id', 'ids', 'uuid', 'guid', 'token', 'session', 'sid', 'user', 'username', 'email', 'url', 'uri',
  'href', 'path', 'ip', 'address', 'tenant', 'org', 'organization', 'account', 'customer', 'member',
  'request', 'req', 'key', 'hash', 'fingerprint', 'connection', 'socket', 'client', 'device', 'visitor',
]);

/**
 * The part of IDENTITY_KEY_WORDS that names who or what the traffic brings (a user, a session, a
 * tenant, a connection), as opposed to an entity of the data (`task.id`, `assetPath`, a cache `key`).
 * A singleton's method has callers in other files; a map it fills per user grows with the traffic, one
 * it fills per catalog entry grows with the data and usually stops.
 */
export const TRAFFIC_IDENTITY_WORDS: ReadonlySet<string> = new Set([
  'token', 'session', 'sid', 'user', 'username', 'email', 'ip', 'tenant', 'org', 'organization', 'account',
  'customer', 'member', 'request', 'req', 'connection', 'socket', 'client', 'device', 'visitor',
]);

/**
 * Parameter names and type names of the per-call input of request, socket, job and message
 * handlers: a value read off one of them differs from one call to the next.
 */
export const PER_CALL_INPUT_NAMES: ReadonlySet<string> = new Set([
  'req', 'request', 'res', 'response', 'ctx', 'socket', 'ws', 'conn', 'connection', 'job', 'message', 'msg',
  'payload', 'event', 'session', 'user', 'body', 'params', 'query',
]);
export const PER_CALL_INPUT_TYPES: ReadonlySet<string> = new Set([
  'Request', 'IncomingMessage', 'FastifyRequest', 'Context', 'Socket', 'WebSocket', 'Job', 'Message', 'ServerResponse', 'Response',
]);

/**
 * Calls and constructors that open a new handle (a child process, a socket, a worker) each time:
 * storing their result is per-call growth whoever calls the function (`children.add(spawn(cmd))`).
 */
export const HANDLE_FACTORY_CALLEES: ReadonlySet<string> = new Set([
  'spawn', 'fork', 'exec', 'execFile', 'connect', 'createConnection', 'createClient',
]);
export const HANDLE_CONSTRUCTORS: ReadonlySet<string> = new Set(['Worker', 'WebSocket', 'Socket', 'EventSource', 'ChildProcess']);
