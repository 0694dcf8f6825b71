import type { TSESTree } from '@typescript-eslint/utils';
import { SETUP_FUNCTION_NAME } from './catalogs/execution-contexts.js';
import type { HandlerKind } from './catalogs/request-handlers.js';
import type { DbFileFacts } from './db-acquisitions.js';
import type { Holder } from './db-resource-holders.js';
import { functionNameOf, getFileContext, isStartupFunction } from './execution-context.js';
import { describeHandler, findHandlerEvidence } from './request-handlers.js';
import { getEnclosingFunction } from './scope.js';
import { ThreadContext } from './thread-context.js';

/*
 * Where a dedicated database client is opened, as far as how often that code runs: thread and task
 * code, request and job handlers, helpers that open one per call. Startup and one-shot code is no place.
 */

/** Where a dedicated connection is opened, as the message says it: "this worker thread", "code that runs on every request (…)". */
export interface Place {
  where: string;
  topLevel: boolean;
  /** What each run is, for "each request leaves a connection open"; default 'task'. */
  unit?: string;
}

/** Functions that run once per deploy, whatever calls them: `generateMigration`, `runMigrations`. */
const ONE_SHOT_FUNCTION_WORDS = /migrat/iu;
/** Folders of steps that run once per deploy: `migrations/`, NodeBB's `upgrades/1.4.6/`. */
const ONE_SHOT_FOLDERS = /(?:^|[/\\])(?:[\w.-]*migrat[\w.-]*|upgrades?)[/\\]/iu;

const HANDLER_UNITS: Readonly<Record<HandlerKind, string>> = {
  request: 'request',
  connection: 'connection',
  message: 'message',
  event: 'event',
  job: 'job',
  schedule: 'run',
  invocation: 'invocation',
};

/**
 * Where `node` opens a dedicated client that must be closed by the code that opened it, or null
 * when that code runs once (module level, startup, setup functions, migrations).
 */
export function findOpenPlace(facts: DbFileFacts, node: TSESTree.Node): Place | null {
  return threadContext(facts).whereIs(node) ?? repeatedPlace(facts, node);
}

function threadContext(facts: DbFileFacts): ThreadContext {
  if (!facts.threads) {
    facts.threads = new ThreadContext(facts.sourceCode);
    facts.threads.collect(facts.setup.runners, facts.methodCalls, facts.isThreadFile);
  }
  return facts.threads;
}

/**
 * A client or pool created per request, message or job outside task code: the framework shows the
 * code runs with the traffic, so each run opens one more. Code whose callers are in other files
 * (an exported `connect()`, a method) may run once at startup and is left alone.
 */
function repeatedPlace(facts: DbFileFacts, node: TSESTree.Node): Place | null {
  const handler = findHandlerEvidence(node, facts.sourceCode, facts.context.filename);
  if (handler && handler.kind !== 'event') {
    return { where: `code that ${handler.phrase} (${handler.reason})`, topLevel: false, unit: HANDLER_UNITS[handler.kind] };
  }
  return helperPlace(facts, node);
}

/**
 * A helper or method that opens its own client on every call (`checkMysql(dsn)`, `runQuery(sql)`):
 * whoever calls it, each call opens one more. Only reached for a client the function keeps to
 * itself (one it returns, stores or hands on belongs to someone else), and not in setup functions
 * by name (`connectDatabase`, `init`), which run once; nor for a named event's callback
 * (`process.on('SIGUSR2', …)`), which repeats but not with the traffic.
 */
function helperPlace(facts: DbFileFacts, node: TSESTree.Node): Place | null {
  const fn = getEnclosingFunction(node);
  if (!fn || isStartupFunction(fn) || isNamedEventCallback(facts, fn)) return null;
  const name = functionNameOf(fn);
  // A method named for setup (`Database.connect`, `initDBAfterStarted`) or a migration runs once per start or deploy.
  if (name !== null && (SETUP_FUNCTION_NAME.test(name) || ONE_SHOT_FUNCTION_WORDS.test(name))) return null;
  return { where: name === null ? 'a function, once per call' : `'${name}', once per call`, topLevel: false, unit: 'call' };
}

function isNamedEventCallback(facts: DbFileFacts, fn: TSESTree.FunctionLike): boolean {
  const evidence = describeHandler(fn, facts.sourceCode, facts.context.filename);
  return evidence?.kind === 'event';
}

/**
 * A project factory is read by its name only, so it needs more than a catalogued client does:
 * a result the code ignores (`await Database.connect()`) is a wrapper setting up a client it keeps
 * itself, and a helper in a one-shot file (a script, a migration or upgrade step) runs once per deploy.
 */
export function factoryMayLeak(facts: DbFileFacts, holder: Holder, place: Place | null): boolean {
  if (holder.type === 'discarded') return false;
  return place?.unit !== 'call' || !isOneShotFile(facts);
}

function isOneShotFile(facts: DbFileFacts): boolean {
  facts.oneShotFile ??= getFileContext(facts.context).kind === 'script' || ONE_SHOT_FOLDERS.test(facts.context.filename);
  return facts.oneShotFile;
}
