/**
 * Timer knowledge for `no-leaked-timer`. Plain data (how often a callback runs is in `callback-runs.ts`).
 */

/** Functions that start a timer which repeats until it is cleared. */
export const INTERVAL_FUNCTIONS: ReadonlySet<string> = new Set(['setInterval']);

/** Functions that start a one-shot timer (a leak only when it re-arms itself). */
export const TIMEOUT_FUNCTIONS: ReadonlySet<string> = new Set(['setTimeout']);

/** Functions that clear a timer handle; Node accepts either for either kind of timer. */
export const CLEAR_TIMER_FUNCTIONS: ReadonlySet<string> = new Set(['clearInterval', 'clearTimeout']);

/** Modules that export the timer functions under the same names (`timers/promises` is different: async iterators). */
export const TIMER_MODULES: readonly string[] = ['timers'];

/** Global objects through which the timer functions are also reached (`globalThis.setInterval`). */
export const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set(['globalThis', 'global', 'window', 'self']);

/** Methods of a timer handle that neither clear it nor hand it to someone else. */
export const NEUTRAL_HANDLE_METHODS: ReadonlySet<string> = new Set(['unref', 'ref', 'hasRef', 'refresh']);

/** Methods of a timer handle that clear it (`Timeout#close()`, `Timeout#[Symbol.dispose]()`). */
export const CLEARING_HANDLE_METHODS: ReadonlySet<string> = new Set(['close']);
