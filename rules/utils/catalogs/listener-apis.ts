/**
 * Listener knowledge for `no-leaked-listener`: which calls add a listener, which remove it, and
 * which targets live as long as the process. Plain data; the rule reads it, tests cover each entry.
 */

/** Methods that add a listener which stays until it is removed (EventEmitter and EventTarget). */
export const ADD_LISTENER_METHODS: ReadonlySet<string> = new Set([
  'on',
  'addListener',
  'prependListener',
  'addEventListener',
]);

/** EventTarget's method: it takes `{ once, signal }` options and ignores a duplicate listener. */
export const EVENT_TARGET_ADD_METHOD = 'addEventListener';

/** Methods that remove one listener by reference. */
export const REMOVE_LISTENER_METHODS: ReadonlySet<string> = new Set(['off', 'removeListener', 'removeEventListener']);

/** Methods that remove every listener of an event (or of all events without an argument). */
export const REMOVE_ALL_LISTENERS_METHODS: ReadonlySet<string> = new Set(['removeAllListeners']);

/** Reads of the listener list: a registration behind such a test is installed only once. */
export const LISTENER_COUNT_METHODS: ReadonlySet<string> = new Set([
  'listenerCount',
  'listeners',
  'rawListeners',
  'eventNames',
]);

/** Global objects that live as long as the process (or the page): anything added to them stays. */
export const LONG_LIVED_GLOBALS: ReadonlySet<string> = new Set(['process', 'globalThis', 'global', 'window', 'document', 'self']);

/**
 * Modules whose static `on(emitter, name)` / `once(emitter, name)` are helpers (async iterators and
 * promises) that remove their listener themselves: `events.on(...)` is not a registration on `events`.
 */
export const EVENT_HELPER_MODULES: ReadonlySet<string> = new Set(['events', 'node:events']);

/**
 * Registration-style APIs: a library object keeps every handler (transport, stream) added to it.
 * `module` is the package; `moduleIsInstance` when the package's default export is itself a long-lived
 * instance (`winston.add(...)`); `factories` create instances whose module-level bindings are long-lived.
 */
export interface RegistrationApi {
  module: string;
  moduleIsInstance: boolean;
  factories: readonly string[];
  add: string;
  remove: readonly string[];
  clear: readonly string[];
}

export const REGISTRATION_APIS: readonly RegistrationApi[] = [
  {
    module: 'winston',
    moduleIsInstance: true,
    factories: ['createLogger'],
    add: 'add',
    remove: ['remove'],
    clear: ['clear'],
  },
];

/**
 * Process events whose handlers are process-wide policies (shutdown on a signal, crash reporting):
 * registered by bootstrap code. Reported only when the file shows the registering code repeating.
 */
export const PROCESS_POLICY_EVENTS: ReadonlySet<string> = new Set([
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGBREAK',
  'SIGUSR1',
  'SIGUSR2',
  'uncaughtException',
  'uncaughtExceptionMonitor',
  'unhandledRejection',
  'disconnect',
]);

/** Setup function names are shared by every rule: see the execution-context catalog. */
export { SETUP_FUNCTION_NAME } from './execution-contexts.js';

/**
 * Method names of a project's own event service (`events.onEvent(type, fn)`, `bus.subscribe(fn)`,
 * `registry.registerMessageHandler(fn)`): a call on a long-lived or injected service with a function
 * argument is a registration by its name alone, weaker evidence than a known emitter's `on`
 * (checked with `checkWrapperRegistrations`).
 */
export const WRAPPER_SUBSCRIBE_NAME = /^(?:on[A-Z0-9_]|subscribe|addListener$|add[A-Z]\w*Listener$|register\w*(?:Handler|Listener)$)/u;

/**
 * Names the subscribe pattern matches that register on an argument, not on the receiver:
 * `addAbortListener(signal, fn)` (Node's `events` API and helpers shaped like it) listens on the
 * signal it is handed and returns a disposable, so the module or helper it is called on keeps nothing.
 */
export const ARGUMENT_TARGET_SUBSCRIBE_NAMES: ReadonlySet<string> = new Set(['addAbortListener']);

/** The names that undo such a registration: `off`, `offEvent`, `unsubscribe*`, `remove*Listener(s)`, `unregister*`. */
export const WRAPPER_UNSUBSCRIBE_NAME = /^(?:off(?:$|[A-Z0-9_])|unsubscribe|remove\w*(?:Listener|Handler)s?$|unregister)/u;
