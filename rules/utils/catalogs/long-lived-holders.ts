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

/**
 * Subscription APIs that keep the handler they are given, on buses and services the caller did not
 * create (`events.subscribe('order.paid', handler)`, `this.bus.onEvent(type, handler)`,
 * `hub.registerOrderHandler(handler)`). Matched on the method name, so they count only on a target
 * that outlives the owner (see the rule's `isExternalTarget`), never on the owner's own objects.
 */
export const SUBSCRIBE_METHOD_PATTERN = /^(?:subscribe\w*|on[A-Z]\w*|register\w*(?:Handler|Listener|Callback|Observer)|add(?:Handler|Observer|Subscriber))$/u;

/** What undoes each kind of registration; the rule also needs the same function (or the same target for registries). */
export const LISTENER_REMOVAL_PATTERN = /^(?:off|removeListener|removeEventListener|removeAllListeners|unsubscribe\w*|unregister\w*|remove(?:Handler|Observer|Subscriber)|off[A-Z]\w*)$/u;
export const REGISTRY_REMOVAL_METHODS: ReadonlySet<string> = new Set(['delete', 'remove', 'unregister', 'clear', 'splice', 'shift', 'pop']);
export const TIMER_CLEAR_FUNCTIONS: ReadonlySet<string> = new Set(['clearInterval']);

/**
 * Methods that end an object's life: an unsubscribe handle used here counts as released. The NestJS
 * shutdown hooks are among them (Nest does not call them on request-scoped providers; the rule knows).
 */
export const DISPOSE_METHOD_NAMES: ReadonlySet<string> = new Set([
  'dispose',
  'destroy',
  'close',
  'stop',
  'shutdown',
  'teardown',
  'disconnect',
  'unsubscribe',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
  'ngOnDestroy',
]);

/** NestJS hooks that Nest never calls on a request-scoped provider: a release there does not run. */
export const SHUTDOWN_HOOKS_NOT_CALLED_PER_REQUEST: ReadonlySet<string> = new Set([
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * An injected dependency that is a shared service outlives the object it was injected into. Without a
 * DI decorator, the declared type name (or, in JavaScript, the field name) says whether it is one:
 * `events: EventsService`, `bus: MessageBus`, `emitter: EventEmitter2`. A `socket: Socket` handed to a
 * connection is that connection's own resource, not a service.
 */
export const INJECTED_SERVICE_NAME_PATTERN = /(?:bus|service|broker|emitter2?|hub|pubsub|events|dispatcher|mediator)$/iu;
