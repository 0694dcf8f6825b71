import noDebugInPerfConfig from './no-debug-in-perf-config.js';
import noGrowingModuleCollection from './no-growing-module-collection.js';
import noHandlerCycle from './no-handler-cycle.js';
import noLeakedListener from './no-leaked-listener.js';
import noLeakedTimer from './no-leaked-timer.js';
import noUnboundedQuery from './no-unbounded-query.js';
import noUnclosedDbInThread from './no-unclosed-db-in-thread.js';

/** The registry of every rule, alphabetical. `tests/plugin.test.ts` checks it against `rules/`. */
export const rules = {
  'no-debug-in-perf-config': noDebugInPerfConfig,
  'no-growing-module-collection': noGrowingModuleCollection,
  'no-handler-cycle': noHandlerCycle,
  'no-leaked-listener': noLeakedListener,
  'no-leaked-timer': noLeakedTimer,
  'no-unbounded-query': noUnboundedQuery,
  'no-unclosed-db-in-thread': noUnclosedDbInThread,
};
