import { DB_CLIENTS, type DbClientEntry, type DbResourceKind } from './catalogs/db-clients.js';
import { DEFAULT_THREAD_FILES, TASK_RUNNERS, type TaskRunnerEntry } from './catalogs/task-runners.js';
import { packageNameOf } from './imports.js';
import { memoizeByOptions } from './memo.js';
import { createPathMatcherOption } from './options.js';
import { buildTraceMap, type ExportInvocation } from './thread-context.js';

/*
 * What `no-unclosed-db-in-thread` derives from its options: the client catalog with the user's
 * clients added and resolved to kinds, the task runners, and the path matcher of thread files.
 */

export interface ClientOption {
  module: string;
  acquire: string[];
  release: string[];
  asyncRelease?: boolean;
  dispose?: 'async' | 'sync';
  checkouts?: { method: string; release: string[] }[];
}
export interface TaskRunnerOption {
  module: string;
  calls?: string[];
  handles?: { create: string; methods: string[] }[];
}
export type UnclosedDbOptions = [{ clients?: ClientOption[]; threadFiles?: string[]; taskRunners?: TaskRunnerOption[]; checkProjectFactories?: boolean }];

/** A catalog kind with its checkouts resolved to kinds. */
export interface Kind extends Omit<DbResourceKind, 'checkouts'> {
  checkouts: ReadonlyMap<string, Kind>;
}

/** What the rule derives from its options, built once per distinct configuration rather than per file. */
export interface Setup {
  catalog: ResolvedCatalog;
  runners: readonly TaskRunnerEntry[];
  /** Pool checkouts (`connect`, `getConnection`): all a file without a library import can acquire. */
  checkoutNames: readonly string[];
  /** Methods whose calls the walk collects: pool checkouts and runner handle methods. */
  methodNames: ReadonlySet<string>;
  isThreadFile: (filename: string) => boolean;
  /** Clients, task runners and worker_threads: a file that imports none has only `pool.connect()` to check. */
  modules: readonly string[];
  /** Whether the client catalog judges a module's calls (so a factory from it is the library's, not the project's). */
  isCatalogued: (module: string) => boolean;
}

export const getSetup = memoizeByOptions((options: UnclosedDbOptions[0]): Setup => {
  const clients = [...DB_CLIENTS, ...(options.clients ?? []).map(toClientEntry)];
  const runners = [...TASK_RUNNERS, ...(options.taskRunners ?? []).map(toRunnerEntry)];
  const catalog = resolveCatalog(clients);
  const modules = [...clients.flatMap((entry) => entry.modules), ...runners.flatMap((entry) => entry.modules), 'worker_threads'];
  const clientModules = new Set(clients.flatMap((entry) => entry.modules));
  return {
    isCatalogued: (module) => clientModules.has(module) || clientModules.has(packageNameOf(module)),
    catalog,
    runners,
    checkoutNames: [...catalog.checkoutMethods.keys()],
    methodNames: new Set([...catalog.checkoutMethods.keys(), ...runnerMethods(runners)]),
    isThreadFile: createPathMatcherOption({ rule: 'no-unclosed-db-in-thread', option: 'threadFiles' }, options.threadFiles ?? DEFAULT_THREAD_FILES),
    modules,
  };
});

export interface ResolvedCatalog {
  traceMap: ReturnType<typeof buildTraceMap<{ kind: Kind; checkout: boolean }>>;
  /** Checkout method → every kind some handle checks out with it (for receivers we cannot trace). */
  checkoutMethods: Map<string, Kind[]>;
  typesByModule: Map<string, Map<string, Kind>>;
  /** Classes the catalog constructs (`new PrismaClient()`, `new Pool()`), for project subclasses. */
  classesByModule: Map<string, Map<string, Kind>>;
}

function resolveCatalog(entries: readonly DbClientEntry[]): ResolvedCatalog {
  const traceEntries: { modules: readonly string[]; exports: readonly ExportInvocation[]; info: { kind: Kind; checkout: boolean } }[] = [];
  const checkoutMethods = new Map<string, Kind[]>();
  const typesByModule = new Map<string, Map<string, Kind>>();
  const classesByModule = new Map<string, Map<string, Kind>>();
  for (const entry of entries) {
    const kinds = new Map<string, Kind>();
    for (const [id, kind] of Object.entries(entry.kinds)) kinds.set(id, { ...kind, checkouts: new Map() });
    for (const [id, kind] of Object.entries(entry.kinds)) {
      for (const [method, target] of Object.entries(kind.checkouts ?? {})) {
        const resolved = kinds.get(target);
        if (!resolved) continue;
        (kinds.get(id)!.checkouts as Map<string, Kind>).set(method, resolved);
        const known = checkoutMethods.get(method) ?? [];
        if (!known.includes(resolved)) checkoutMethods.set(method, [...known, resolved]);
      }
    }
    for (const acquire of entry.acquire) {
      const kind = kinds.get(acquire.kind);
      if (!kind) continue;
      traceEntries.push({ modules: entry.modules, exports: [acquire], info: { kind, checkout: acquire.checkout ?? false } });
      if (acquire.invocation !== 'call' && /^[A-Z]\w*$/u.test(acquire.path)) {
        for (const module of entry.modules) addToNestedMap(classesByModule, module, acquire.path, kind);
      }
    }
    for (const module of entry.modules) {
      for (const [typeName, id] of Object.entries(entry.types ?? {})) {
        const kind = kinds.get(id);
        if (kind) addToNestedMap(typesByModule, module, typeName, kind);
      }
    }
  }
  return { traceMap: buildTraceMap(traceEntries), checkoutMethods, typesByModule, classesByModule };
}

function addToNestedMap<V>(map: Map<string, Map<string, V>>, outer: string, inner: string, value: V): void {
  let entries = map.get(outer);
  if (!entries) map.set(outer, (entries = new Map<string, V>()));
  entries.set(inner, value);
}

function toClientEntry(option: ClientOption): DbClientEntry {
  const kinds: Record<string, DbResourceKind> = {};
  const checkouts: Record<string, string> = {};
  for (const [index, checkout] of (option.checkouts ?? []).entries()) {
    checkouts[checkout.method] = `checkout${index}`;
    kinds[`checkout${index}`] = {
      label: `The '${option.module}' connection`,
      role: 'checkout',
      release: checkout.release,
      asyncRelease: option.asyncRelease ?? true,
      finallyRelease: checkout.release[0],
    };
  }
  kinds.client = {
    label: `The '${option.module}' client`,
    role: 'connection',
    release: option.release,
    asyncRelease: option.asyncRelease ?? true,
    finallyRelease: option.release[0],
    ...(option.dispose ? { dispose: option.dispose } : {}),
    checkouts,
  };
  return {
    library: option.module,
    modules: [option.module],
    kinds,
    acquire: option.acquire.map((path) => ({ path: path === 'default' ? '' : path, invocation: 'any', kind: 'client' })),
  };
}

function toRunnerEntry(option: TaskRunnerOption): TaskRunnerEntry {
  const exportPath = (path: string) => (path === 'default' ? '' : path);
  return {
    library: option.module,
    modules: [option.module],
    calls: (option.calls ?? []).map((path) => ({ path: exportPath(path), invocation: 'any', label: path })),
    handles: (option.handles ?? []).map((handle) => ({
      path: exportPath(handle.create),
      invocation: 'any',
      methods: Object.fromEntries(handle.methods.map((method) => [method, method])),
    })),
  };
}

function runnerMethods(runners: readonly TaskRunnerEntry[]): string[] {
  return runners.flatMap((runner) => (runner.handles ?? []).flatMap((handle) => Object.keys(handle.methods)));
}
