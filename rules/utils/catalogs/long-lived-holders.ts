/**
 * Registrations that keep a strong reference to what they are handed for as long as the holder lives
 * (or until an explicit removal). `no-handler-cycle` uses them to say what keeps a helper, and through
 * the helper's back-reference its owner, in memory. Plain data; the rule reads it, tests cover each entry.
 *
 * Unlike `listener-apis.ts` (which asks "is this listener ever removed?"), the question here is only
 * "does this call hold on to its argument?", so `once` belongs here: it holds the listener until the
 * event fires, which may be never.
 */

/** Emitter and EventTarget methods that keep the listener (and what it closes over). */
export const LISTENER_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
]);

/**
 * Collection and registry methods that keep the value until it is deleted: `Set#add`, `Map#set`,
 * `Array#push`/`unshift`, and `register` (a service registry, or `FinalizationRegistry#register`,
 * which holds its held value strongly).
 */
export const REGISTRY_METHODS: ReadonlySet<string> = new Set(['add', 'set', 'register', 'push', 'unshift']);

/** Global timer functions whose callback stays referenced until the timer is cleared. `setTimeout` lets go after one run. */
export const REPEATING_TIMER_FUNCTIONS: ReadonlySet<string> = new Set(['setInterval']);

/** Modules that export the same timer functions (`timers/promises` is different: async iterators). */
export const TIMER_MODULES: readonly string[] = ['timers'];

/** Global objects that live as long as the process: anything registered on them stays. */
export const LONG_LIVED_GLOBALS: ReadonlySet<string> = new Set(['process', 'globalThis', 'global', 'window', 'document', 'self']);

/**
 * `AsyncLocalStorage`: `run(store, fn)` and `enterWith(store)` keep the store for every async
 * continuation of the context. `run` is a common method name, so it counts only on a storage created
 * from this class; `enterWith` is specific enough on any long-lived target.
 */
export const ASYNC_CONTEXT_STORAGE = {
  module: 'async_hooks',
  className: 'AsyncLocalStorage',
  methodsOnKnownStorage: new Set(['run', 'enterWith']) as ReadonlySet<string>,
  methodsOnAnyLongLivedTarget: new Set(['enterWith']) as ReadonlySet<string>,
} as const;
