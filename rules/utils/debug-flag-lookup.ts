/**
 * The debug-flag catalog with a configuration's extra entries, indexed the way
 * `no-debug-in-perf-config` looks flags up: by generic option name, by environment variable, and by
 * the imported callee whose options carry them (one trace map, with the process launchers).
 */
import {
  DEBUG_FLAGS,
  PROCESS_LAUNCHERS,
  type DebugFlag,
  type EnvFlag,
  type FlagCallee,
  type FlagValueMatcher,
  type GenericFlag,
  type LibraryFlag,
  type ProcessLauncher,
} from './catalogs/debug-flags.js';
import { CALL, CONSTRUCT, type TraceMap } from './imports.js';
import { memoizeByOptions } from './memo.js';
import { selectorNamesPattern } from './regexp.js';

/** An extra catalog entry from the options (JSON-friendly shape of a `DebugFlag`). */
export interface FlagOption {
  library: string;
  property: string;
  effect: string;
  /** Import source whose calls take the option; without it the flag is a generic perf-object option. */
  module?: string;
  callee?: string;
  construct?: boolean;
  setter?: boolean;
  env?: boolean;
  on?: FlagValueMatcher;
  off?: string;
}

/** What the trace map finds at a call: the library flags its options carry, or a process launcher. */
export interface CalleeInfo {
  flags: LibraryFlag[];
  setterFlags: LibraryFlag[];
  launcher?: ProcessLauncher;
}

/** Which debug flags can be set where: by option name, by environment variable, by imported callee. */
export interface DebugFlagLookup {
  genericFlags: Map<string, GenericFlag[]>;
  /** The options flags of every library, for configuration files that name their library. */
  libraryFlags: readonly LibraryFlag[];
  envFlags: Map<string, EnvFlag[]>;
  traceMap: TraceMap<CalleeInfo>;
  modules: readonly string[];
  /** esquery patterns of the generic and of all assignable flag names. */
  genericNames: string;
  assignedNames: string;
}

/** The built-in catalog plus the option's entries, built once per distinct `flags` option. */
export const getDebugFlagLookup = memoizeByOptions((extraFlags: readonly FlagOption[]): DebugFlagLookup => {
  const flags: DebugFlag[] = [...DEBUG_FLAGS, ...extraFlags.map(toDebugFlag)];
  const genericFlags = groupByProperty(flags.filter((flag): flag is GenericFlag => flag.site === 'perf-object'));
  const envFlags = groupByProperty(flags.filter((flag): flag is EnvFlag => flag.site === 'env'));
  const libraryFlags = flags.filter((flag): flag is LibraryFlag => flag.site === 'options');
  const { traceMap, modules } = buildTraceMap(libraryFlags);
  return {
    genericFlags,
    libraryFlags,
    envFlags,
    traceMap,
    modules: [...modules],
    genericNames: selectorNamesPattern([...genericFlags.keys()]),
    assignedNames: selectorNamesPattern([...genericFlags.keys(), ...envFlags.keys()]),
  };
});

export function toDebugFlag(option: FlagOption): DebugFlag {
  const base = {
    library: option.library,
    property: option.property,
    effect: option.effect,
    on: option.on ?? { values: [true] },
    ...(option.off === undefined ? {} : { off: option.off }),
  };
  if (option.env) return { ...base, site: 'env' };
  if (option.module === undefined) return { ...base, site: 'perf-object' };
  const callee: FlagCallee = { path: option.callee ?? '', construct: option.construct, setter: option.setter };
  return { ...base, site: 'options', modules: [option.module], callees: [callee] };
}

function groupByProperty<T extends DebugFlag>(flags: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const flag of flags) groups.set(flag.property, [...(groups.get(flag.property) ?? []), flag]);
  return groups;
}

/** One trace map for every library callee and process launcher, so the file is tracked once. */
function buildTraceMap(flags: readonly LibraryFlag[]): { traceMap: TraceMap<CalleeInfo>; modules: Set<string> } {
  const traceMap: TraceMap<CalleeInfo> = {};
  const modules = new Set<string>();
  const infoAt = (module: string, path: string, construct: boolean | undefined): CalleeInfo => {
    modules.add(module);
    let node = (traceMap[module] ??= {}) as Record<string | symbol, unknown>;
    for (const segment of path.split('.').filter(Boolean)) {
      node = (node[segment] ??= {}) as Record<string | symbol, unknown>;
    }
    const kind = construct ? CONSTRUCT : CALL;
    return (node[kind] ??= { flags: [], setterFlags: [] }) as CalleeInfo;
  };
  for (const flag of flags) {
    for (const module of flag.modules) {
      for (const callee of flag.callees) {
        const info = infoAt(module, callee.path, callee.construct);
        info.flags.push(flag);
        if (callee.setter) info.setterFlags.push(flag);
      }
    }
  }
  for (const launcher of PROCESS_LAUNCHERS) infoAt(launcher.module, launcher.path, launcher.construct).launcher = launcher;
  return { traceMap, modules };
}
