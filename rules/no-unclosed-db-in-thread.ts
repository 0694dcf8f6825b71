import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, isFunctionNode, skipTypeWrappers } from './utils/ast.js';
import type { DbResourceRole } from './utils/catalogs/db-clients.js';
import { FACTORY_NAME_WORDS } from './utils/catalogs/db-factory-names.js';
import { DEFAULT_THREAD_FILES } from './utils/catalogs/task-runners.js';
import { createRule } from './utils/create-rule.js';
import { calleeText, findAcquisitions, recordDbCall, startDbFileFacts, type Acquisition, type DbFileFacts } from './utils/db-acquisitions.js';
import { getSetup, type Kind, type Setup, type UnclosedDbOptions } from './utils/db-client-setup.js';
import { factoryMayLeak, findOpenPlace, type Place } from './utils/db-open-places.js';
import { isCovered } from './utils/db-release-coverage.js';
import { buildSuggestions } from './utils/db-release-suggestions.js';
import { classifyReference, findHolder, isCapturedByRegistration, releaseCallback, usageOf } from './utils/db-resource-holders.js';
import { memoizeByOptions } from './utils/memo.js';
import { objectListOption, stringListOption } from './utils/option-schemas.js';
import { FACTORY_CALL_SELECTORS } from './utils/project-db-factories.js';
import { selectorNamesPattern } from './utils/regexp.js';
import { getEnclosingFunction } from './utils/scope.js';
import { includesAnyWord } from './utils/text-search.js';

export type { ClientOption, TaskRunnerOption } from './utils/db-client-setup.js';

type Options = UnclosedDbOptions;
type MessageIds = 'neverClosed' | 'notClosedOnThrow' | 'releaseInFinally' | 'useAwaitUsing';

type Node = TSESTree.Node;

/** One file's facts, with the rule's own context for the report. */
interface UnclosedDbState extends DbFileFacts {
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>;
}

const ROLE_WORDS: Record<DbResourceRole, { closed: string; close: string; noun: string; consequence: string }> = {
  connection: { closed: 'closed', close: 'close', noun: 'The connection', consequence: 'each {{unit}} leaves a connection open' },
  pool: { closed: 'closed', close: 'close', noun: 'The pool', consequence: 'each {{unit}} leaves a pool of open connections behind' },
  checkout: {
    closed: 'released',
    close: 'release',
    noun: 'The checked-out connection',
    consequence: 'each {{unit}} keeps a pooled connection checked out until the pool is exhausted',
  },
  transaction: {
    closed: 'committed or rolled back',
    close: 'roll back',
    noun: 'The transaction',
    consequence: 'each {{unit}} holds a pooled connection and its locks until the pool is exhausted',
  },
  session: { closed: 'ended', close: 'end', noun: 'The session', consequence: 'each {{unit}} leaves a server session open until it times out' },
};

export default createRule<Options, MessageIds>({
  name: 'no-unclosed-db-in-thread',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require database connections acquired in threads, tasks and jobs to be closed on every path.',
      recommended: 'error',
      strictOptions: { checkProjectFactories: true },
    },
    hasSuggestions: true,
    messages: {
      neverClosed: '{{resource}} is {{origin}} and never {{closed}}; {{consequence}}.',
      notClosedOnThrow: '{{resource}} is {{origin}} but {{closed}} only when nothing throws or returns early; {{remedy}}.',
      releaseInFinally: "Wrap the code after it in 'try' and call '{{release}}' in 'finally'.",
      useAwaitUsing: "Declare it with '{{keyword}}' so it is {{closed}} when the block exits.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          clients: objectListOption(
            'Extra client libraries: what they are imported from, what opens a connection and what closes it.',
            ['module', 'acquire', 'release'],
            {
              module: { type: 'string', minLength: 1, description: 'Module specifier the client is imported from.' },
              acquire: {
                type: 'array',
                minItems: 1,
                items: { type: 'string' },
                description: "Exports that open a connection, called or constructed: 'Client', 'createConnection', 'default'.",
              },
              release: {
                type: 'array',
                minItems: 1,
                items: { type: 'string', minLength: 1 },
                description: "Methods that close the connection: 'close', 'end'.",
              },
              asyncRelease: { type: 'boolean', description: 'Whether the release method returns a promise (default true).' },
              dispose: {
                type: 'string',
                enum: ['async', 'sync'],
                description: "Whether the connection implements Symbol.asyncDispose ('async') or Symbol.dispose ('sync').",
              },
              checkouts: objectListOption(
                'Methods of the created object that check a connection out per call, checked everywhere.',
                ['method', 'release'],
                {
                  method: { type: 'string', minLength: 1, description: "The checkout method: 'connect'." },
                  release: {
                    type: 'array',
                    minItems: 1,
                    items: { type: 'string', minLength: 1 },
                    description: "Methods of the checked-out connection that give it back: 'release'.",
                  },
                },
              ),
            },
          ),
          threadFiles: stringListOption(
            'Globs of worker modules whose default export runs as a thread task (piscina style). Replaces the defaults.',
          ),
          checkProjectFactories: {
            type: 'boolean',
            description:
              "Also check clients created per call through the project's own factories, recognised by name: 'create*Client', 'create*Orm', 'create*Pool', 'create*Connection', 'new *PrismaService()', 'rdb.connect()'.",
          },
          taskRunners: objectListOption('Extra task libraries whose callbacks run once per task, job or thread.', ['module'], {
            module: { type: 'string', minLength: 1, description: 'Module specifier of the task library.' },
            calls: {
              type: 'array',
              items: { type: 'string' },
              description: "Exports whose function arguments are tasks, called or constructed: 'schedule', 'Worker'.",
            },
            handles: objectListOption(
              'Objects created by an export whose methods take task functions (a queue and its process method).',
              ['create', 'methods'],
              {
                create: { type: 'string', description: "The export that creates the object: 'Queue', 'default'." },
                methods: {
                  type: 'array',
                  minItems: 1,
                  items: { type: 'string', minLength: 1 },
                  description: "Methods whose function arguments are tasks: 'process'.",
                },
              },
            ),
          }),
        },
      },
    ],
    defaultOptions: [{ clients: [], threadFiles: [...DEFAULT_THREAD_FILES], taskRunners: [], checkProjectFactories: false }],
  },
  create(context, [options]) {
    const checkFactories = options.checkProjectFactories ?? false;
    const state: UnclosedDbState = { ...startDbFileFacts(context, getSetup(options)), context };
    if (!mayAcquire(state, checkFactories)) return {};
    return {
      [dbCallSelector(state.setup, checkFactories)]: (node: TSESTree.CallExpression | TSESTree.NewExpression) => recordDbCall(state, node, checkFactories),
      'Program:exit'() {
        checkFile(state);
      },
    };
  },
});

/** The calls `recordDbCall` may collect, without and with factories: most calls in a file are neither, and ESLint skips those. */
const dbCallSelectors = memoizeByOptions((setup: Setup) => {
  const methods = `CallExpression[callee.type="MemberExpression"][callee.property.name=${selectorNamesPattern(setup.methodNames)}]`;
  return { methods, withFactories: [methods, ...FACTORY_CALL_SELECTORS].join(', ') };
});

function dbCallSelector(setup: Setup, checkFactories: boolean): string {
  const selectors = dbCallSelectors(setup);
  return checkFactories ? selectors.withFactories : selectors.methods;
}

/**
 * Whether the file can hold an acquisition `checkFile` would judge: a thread file or a library import
 * makes every call a candidate; without them only a pool checkout (`pool.connect()`) or, with
 * `checkProjectFactories`, a project factory can, and their names must be in the text.
 */
function mayAcquire(state: UnclosedDbState, checkFactories: boolean): boolean {
  if (state.isThreadFile || state.importsModules) return true;
  const text = state.sourceCode.text;
  return includesAnyWord(text, state.setup.checkoutNames) || (checkFactories && includesAnyWord(text, FACTORY_NAME_WORDS));
}

/** The decision, at the end of the walk: every acquisition of the file, checked once. */
function checkFile(state: UnclosedDbState): void {
  // Without a library import, only a checkout from a shared handle (`pool.connect()`) can matter.
  if (
    !state.isThreadFile &&
    !state.importsModules &&
    state.factoryCalls.length === 0 &&
    !state.methodCalls.some((call) => state.setup.catalog.checkoutMethods.has(getStaticPropertyName(call.callee) ?? ''))
  ) {
    return;
  }
  for (const acquisition of findAcquisitions(state)) checkAcquisition(state, acquisition);
}

/** Reports the acquisition when no path closes it, or only the happy path does. */
function checkAcquisition(state: UnclosedDbState, acquisition: Acquisition): void {
  if (acquisition.node.arguments.some((argument) => isFunctionNode(skipTypeWrappers(argument)))) return; // callback-managed
  const place: Place | null = acquisition.checkout ? null : findOpenPlace(state, acquisition.node);
  if (!acquisition.checkout && !place) return;
  const holder = findHolder(state.reader, acquisition.node);
  if (!holder || holder.type === 'owned') return;
  if (acquisition.factory && !factoryMayLeak(state, holder, place)) return;
  const usage = usageOf(acquisition.kinds, acquisition.factory);
  if (holder.type === 'discarded') {
    if (!acquisition.needsEvidence) reportLeak(state, acquisition, acquisition.kinds[0], place, 'neverClosed', []);
    return;
  }
  const acquiredIn = holder.callback ?? getEnclosingFunction(acquisition.node);
  const sites: Node[] = [];
  const methods = new Set<string>();
  let releasedInPromiseFinally = false;
  for (const reference of holder.variable.references) {
    if (!reference.isRead()) continue;
    const effect = classifyReference(state.reader, reference.identifier, usage, 0);
    if (effect.type === 'escape') return;
    // Captured by a listener or timer callback: the resource lives as long as that registration.
    if (effect.type === 'use' && isCapturedByRegistration(reference.identifier, acquiredIn)) return;
    if (effect.type !== 'release') continue;
    const where = releaseCallback(effect.site, acquiredIn);
    if (where === 'deferred') return; // an event handler or returned disposer closes it later
    if (where === 'finally') releasedInPromiseFinally = true;
    else sites.push(effect.site);
    methods.add(effect.method);
  }
  const kind = acquisition.kinds.find((candidate) => candidate.release.some((method) => methods.has(method))) ?? acquisition.kinds[0];
  if (!kind) return;
  if (sites.length === 0 && !releasedInPromiseFinally) {
    if (acquisition.needsEvidence) return;
    reportLeak(state, acquisition, kind, place, 'neverClosed', buildSuggestions(state.sourceCode, holder, kind, sites, ROLE_WORDS[kind.role].closed));
    return;
  }
  if (place?.topLevel || releasedInPromiseFinally || isCovered(sites, holder.statement, acquiredIn)) return;
  // Without a traced receiver the library is a guess: no `await using`, whose support varies by library.
  const suggested = acquisition.needsEvidence ? { ...kind, dispose: undefined } : kind;
  const suggestions = buildSuggestions(state.sourceCode, holder, suggested, sites, ROLE_WORDS[suggested.role].closed);
  reportLeak(state, acquisition, acquisition.needsEvidence ? null : kind, place, 'notClosedOnThrow', suggestions, kind);
}

/** The message names the resource by `labelKind` (its role's noun when null) and words the consequence by `roleKind`. */
function reportLeak(
  state: UnclosedDbState,
  acquisition: Acquisition,
  labelKind: Kind | null | undefined,
  place: Place | null,
  messageId: 'neverClosed' | 'notClosedOnThrow',
  suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[],
  roleKind: Kind | null | undefined = labelKind,
): void {
  const kind = roleKind ?? acquisition.kinds[0];
  if (!kind) return;
  const words = ROLE_WORDS[kind.role];
  const unit = place === null ? 'call' : (place.unit ?? 'task');
  const keyword = kind.dispose === 'async' ? 'await using' : 'using';
  const remedy =
    kind.role === 'transaction'
      ? "roll it back in a 'catch' or 'finally' block"
      : `${words.close} it in a 'finally' block${kind.dispose ? ` or declare it with '${keyword}'` : ''}`;
  const reported = acquisition.node.parent.type === AST_NODE_TYPES.AwaitExpression ? acquisition.node.parent : acquisition.node;
  state.context.report({
    node: reported,
    messageId,
    data: {
      resource: labelKind?.label ?? words.noun,
      origin: place === null ? `taken from '${calleeText(state.sourceCode, acquisition.node)}()'` : `opened in ${place.where}`,
      closed: words.closed,
      consequence: words.consequence.replace('{{unit}}', unit),
      remedy,
    },
    suggest,
  });
}
