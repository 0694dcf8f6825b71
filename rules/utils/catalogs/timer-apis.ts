/**
 * Timer knowledge for `no-leaked-timer` and for deciding how often a callback runs. Plain data.
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

/** Wrappers that run the function they are given at most once (`once(init)`, `_.memoize(load)` with no arguments). */
export const RUN_ONCE_WRAPPERS: ReadonlySet<string> = new Set(['once', 'onetime', 'memoize']);

/**
 * Calls whose callback argument runs at most once per call: code inside such a callback repeats only
 * if the call itself repeats (`server.listen(port, () => …)` at module level runs once).
 * Global functions and `once`-style wrappers by callee name, methods by property name.
 */
export const RUN_ONCE_CALLBACK_FUNCTIONS: ReadonlySet<string> = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', ...RUN_ONCE_WRAPPERS]);
export const RUN_ONCE_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'then',
  'catch',
  'finally',
  'once',
  'prependOnceListener',
  'listen',
  'nextTick',
]);

/**
 * Callees known to call their callback repeatedly: emitter registrations, routers and middleware,
 * servers, iteration, intervals and queue consumers. A callback handed to one of these shows the file's
 * code repeating; a callback handed to any other call (`fp(plugin)`, `program.action(fn)`) may run once.
 */
export const REPEATING_CALLBACK_CALLEES: ReadonlySet<string> = new Set([
  'on',
  'addListener',
  'prependListener',
  'addEventListener',
  'subscribe',
  'createServer',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'head',
  'options',
  'all',
  'use',
  'route',
  'handle',
  'addHook',
  'setInterval',
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'some',
  'every',
  'find',
  'findIndex',
  'process',
  'consume',
]);
