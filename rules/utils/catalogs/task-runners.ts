/**
 * Thread, pool and job libraries: which calls take a function that then runs once per task, job or
 * thread. Plain data, one entry per library. Used by `no-unclosed-db-in-thread` (through
 * `rules/utils/thread-context.ts`): a connection opened in such a function must be closed by it.
 */

/** How an export is invoked: `new X()`, `x()`, or either. */
export type RunnerInvocation = 'new' | 'call' | 'any';

/** A call of a module export whose function arguments are task code: `cron.schedule('* * * * *', fn)`. */
export interface TaskCall {
  /** Dotted path below the module: `'worker'`, `'Worker'`; `''` is the module itself. */
  path: string;
  invocation: RunnerInvocation;
  /** How the message names it: `'workerpool.worker'`. */
  label: string;
  /** The functions are the values of an object argument (`workerpool.worker({ resize, encode })`). */
  objectOfTasks?: boolean;
}

/** An object created by a module export whose methods take task functions: a queue and its `process`. */
export interface TaskHandle {
  path: string;
  invocation: RunnerInvocation;
  /** Methods whose function arguments are task code, with the label the message uses. */
  methods: Readonly<Record<string, string>>;
}

export interface TaskRunnerEntry {
  /** Library name for docs. */
  library: string;
  modules: readonly string[];
  calls?: readonly TaskCall[];
  handles?: readonly TaskHandle[];
  /** Exported type names whose annotation identifies a handle created elsewhere (`queue: Queue`). */
  handleTypes?: readonly string[];
}

/**
 * `worker_threads` is recognised by its shape, not by a callback: a file that imports one of
 * `threadGlobals` is a worker entry file, and a function whose source is handed to `new Worker(…,
 * { eval: true })` runs as a thread. `messageMethods` on `parentPort` register the per-message handler
 * that makes a worker long-lived (its module-level connections are per-thread singletons).
 */
export const WORKER_THREADS = {
  modules: ['worker_threads'],
  threadGlobals: ['parentPort', 'workerData', 'isMainThread'],
  worker: 'Worker',
  messageMethods: ['on', 'once', 'addListener', 'addEventListener'],
} as const;

/** Globs of piscina-style worker modules, whose default export is the task (option `threadFiles`). */
export const DEFAULT_THREAD_FILES: readonly string[] = ['**/*.worker.*', '**/workers/**'];

export const TASK_RUNNERS: readonly TaskRunnerEntry[] = [
  {
    library: 'workerpool',
    modules: ['workerpool'],
    calls: [{ path: 'worker', invocation: 'call', label: 'workerpool.worker', objectOfTasks: true }],
    // `pool.exec(fn, args)` serialises `fn` and runs it in a worker.
    handles: [{ path: 'pool', invocation: 'call', methods: { exec: 'pool.exec' } }],
  },
  {
    library: 'threads.js',
    modules: ['threads/worker', 'threads'],
    calls: [{ path: 'expose', invocation: 'call', label: 'expose', objectOfTasks: true }],
  },
  {
    library: 'BullMQ',
    modules: ['bullmq'],
    calls: [{ path: 'Worker', invocation: 'new', label: 'new Worker' }],
  },
  {
    library: 'Bull',
    modules: ['bull'],
    handles: [{ path: '', invocation: 'any', methods: { process: 'queue.process' } }],
    handleTypes: ['Queue'],
  },
  {
    library: 'Bee-Queue',
    modules: ['bee-queue'],
    handles: [{ path: '', invocation: 'new', methods: { process: 'queue.process' } }],
  },
  {
    library: 'Agenda',
    modules: ['agenda', '@hokify/agenda'],
    handles: [
      { path: 'Agenda', invocation: 'new', methods: { define: 'agenda.define' } },
      { path: '', invocation: 'new', methods: { define: 'agenda.define' } },
    ],
    handleTypes: ['Agenda'],
  },
  {
    library: 'pg-boss',
    modules: ['pg-boss'],
    handles: [
      { path: '', invocation: 'new', methods: { work: 'boss.work' } },
      { path: 'PgBoss', invocation: 'new', methods: { work: 'boss.work' } },
    ],
    handleTypes: ['PgBoss'],
  },
  {
    library: 'node-cron',
    modules: ['node-cron'],
    calls: [{ path: 'schedule', invocation: 'call', label: 'cron.schedule' }],
  },
  {
    library: 'cron',
    modules: ['cron'],
    calls: [{ path: 'CronJob', invocation: 'new', label: 'new CronJob' }],
  },
  {
    library: 'node-schedule',
    modules: ['node-schedule'],
    calls: [{ path: 'scheduleJob', invocation: 'call', label: 'schedule.scheduleJob' }],
  },
];
