/**
 * How often a callback runs, by the call it is handed to: the one catalog the run-frequency model
 * (`rules/utils/run-frequency.ts`) reads. Plain data.
 */

/**
 * Methods that call their callback synchronously, during the call (array iteration): the callback
 * runs as often as the call does, times a length, so a `forEach` at module top level runs at load.
 */
export const SYNCHRONOUS_ITERATION_METHODS: ReadonlySet<string> = new Set([
  'every',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'forEach',
  'map',
  'reduce',
  'reduceRight',
  'some',
  'sort',
  'toSorted',
]);

/**
 * Methods, on any receiver, whose callback runs at most once per call: promises, `emitter.once`,
 * `server.listen(port, cb)`, `process.nextTick`. The callback runs as often as the call does
 * (unless it schedules itself again: then it is a loop in time).
 */
export const ONE_SHOT_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally', 'once', 'prependOnceListener', 'listen', 'nextTick']);

/**
 * Timer functions whose callback runs at most once per call: as a global (or imported from
 * `node:timers`), on a global object (`globalThis.setTimeout`), or as a method of the same name.
 */
export const ONE_SHOT_FUNCTIONS: ReadonlySet<string> = new Set(['setTimeout', 'setImmediate', 'queueMicrotask']);

/** Wrappers that run the function they are given at most once (`once(init)`, `_.memoize(load)` with no arguments). */
export const RUN_ONCE_WRAPPERS: ReadonlySet<string> = new Set(['once', 'onetime', 'memoize']);

/** Wrappers that call the function they are given at most as often as they are called themselves. */
export const RATE_LIMITING_WRAPPERS: ReadonlySet<string> = new Set(['debounce', 'throttle']);

/** File watchers: their callback runs when a file changes (an edit, a deploy), not with the traffic. */
export const FILE_WATCH_CALLEES: ReadonlySet<string> = new Set(['watch', 'watchFile']);

/**
 * Callees known to call their callback repeatedly: emitter registrations, routers and middleware,
 * servers, intervals and queue consumers. A callback handed to one of these shows the file's code
 * repeating; a callback handed to any other call (`fp(plugin)`, `program.action(fn)`) is presumed to
 * repeat, but how often is that API's business, which the file does not show.
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
  'process',
  'consume',
]);
