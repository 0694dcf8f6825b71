import { AST_NODE_TYPES, AST_TOKEN_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, getStaticPropertyName, isFunctionNode, skipTypeWrappers } from './utils/ast.js';
import { DB_CLIENTS, type DbClientEntry, type DbResourceKind, type DbResourceRole } from './utils/catalogs/db-clients.js';
import type { HandlerKind } from './utils/catalogs/request-handlers.js';
import { describeHandler, findHandlerEvidence } from './utils/request-handlers.js';
import { SETUP_FUNCTION_NAME } from './utils/catalogs/execution-contexts.js';
import { functionNameOf, isStartupFunction } from './utils/execution-context.js';
import { DEFAULT_THREAD_FILES, TASK_RUNNERS, type TaskRunnerEntry } from './utils/catalogs/task-runners.js';
import { createRule } from './utils/create-rule.js';
import { getImportedBinding, importsAnyModule, iterateModuleReferences } from './utils/imports.js';
import { memoizeByOptions } from './utils/memo.js';
import { createPathMatcherOption } from './utils/options.js';
import { getEnclosingFunction, getModuleScope, isModuleLevelVariable, resolveVariable } from './utils/scope.js';
import { buildTraceMap, climbValue, HandleIndex, ThreadContext, type ExportInvocation, type MethodCall } from './utils/thread-context.js';

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
type Options = [{ clients?: ClientOption[]; threadFiles?: string[]; taskRunners?: TaskRunnerOption[] }];
type MessageIds = 'neverClosed' | 'notClosedOnThrow' | 'releaseInFinally' | 'useAwaitUsing';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** A catalog kind with its checkouts resolved to kinds. */
interface Kind extends Omit<DbResourceKind, 'checkouts'> {
  checkouts: ReadonlyMap<string, Kind>;
}

interface Acquisition {
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** Known kinds; several when the receiver is unknown and only the release calls tell the library. */
  kinds: readonly Kind[];
  /** Checked everywhere (a pool checkout) rather than only in thread and task code. */
  checkout: boolean;
  /** The receiver is not traced to a library: report only if the code itself releases the result. */
  needsEvidence: boolean;
}

type Holder =
  | { type: 'owned' }
  | { type: 'discarded' }
  | { type: 'variable'; variable: Variable; statement: Node; declaration: TSESTree.VariableDeclaration | null };

/** What counts as releasing the resource, and as using it without giving it away. */
interface Usage {
  releases: ReadonlySet<string>;
  options: ReadonlySet<string>;
  methods: ReadonlySet<string>;
  key: string;
}

type ReferenceEffect = { type: 'use' } | { type: 'escape' } | { type: 'release'; site: Node; method: string };

/** Where a dedicated connection is opened, as the message says it: "this worker thread", "code that runs on every request (…)". */
interface Place {
  where: string;
  topLevel: boolean;
  /** What each run is, for "each request leaves a connection open"; default 'task'. */
  unit?: string;
}

/** Functions that run once per deploy, whatever calls them: `generateMigration`, `runMigrations`. */
const ONE_SHOT_FUNCTION_WORDS = /migrat/iu;

const HANDLER_UNITS: Readonly<Record<HandlerKind, string>> = {
  request: 'request',
  connection: 'connection',
  message: 'message',
  event: 'event',
  job: 'job',
  schedule: 'run',
  invocation: 'invocation',
};

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

const STATEMENT_LIST_PARENTS = new Set<string>([
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.Program,
  AST_NODE_TYPES.StaticBlock,
  AST_NODE_TYPES.SwitchCase,
]);

const LOOP_TYPES = new Set<string>([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

const CALLEE_TEXT_LIMIT = 40;

/** Calls that keep their callback for later: a closure passed to them outlives the current call. */
const REGISTRATION_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'addEventListener', 'subscribe']);
const TIMER_FUNCTIONS = new Set(['setInterval', 'setTimeout', 'setImmediate']);

export default createRule<Options, MessageIds>({
  name: 'no-unclosed-db-in-thread',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require database connections acquired in threads, tasks and jobs to be closed on every path.',
      recommended: 'error',
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
          clients: {
            type: 'array',
            description: 'Extra client libraries: what they are imported from, what opens a connection and what closes it.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['module', 'acquire', 'release'],
              properties: {
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
                checkouts: {
                  type: 'array',
                  description: 'Methods of the created object that check a connection out per call, checked everywhere.',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['method', 'release'],
                    properties: {
                      method: { type: 'string', minLength: 1, description: "The checkout method: 'connect'." },
                      release: {
                        type: 'array',
                        minItems: 1,
                        items: { type: 'string', minLength: 1 },
                        description: "Methods of the checked-out connection that give it back: 'release'.",
                      },
                    },
                  },
                },
              },
            },
          },
          threadFiles: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Globs of worker modules whose default export runs as a thread task (piscina style). Replaces the defaults.',
          },
          taskRunners: {
            type: 'array',
            description: 'Extra task libraries whose callbacks run once per task, job or thread.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['module'],
              properties: {
                module: { type: 'string', minLength: 1, description: 'Module specifier of the task library.' },
                calls: {
                  type: 'array',
                  items: { type: 'string' },
                  description: "Exports whose function arguments are tasks, called or constructed: 'schedule', 'Worker'.",
                },
                handles: {
                  type: 'array',
                  description: 'Objects created by an export whose methods take task functions (a queue and its process method).',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['create', 'methods'],
                    properties: {
                      create: { type: 'string', description: "The export that creates the object: 'Queue', 'default'." },
                      methods: {
                        type: 'array',
                        minItems: 1,
                        items: { type: 'string', minLength: 1 },
                        description: "Methods whose function arguments are tasks: 'process'.",
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
    defaultOptions: [{ clients: [], threadFiles: [...DEFAULT_THREAD_FILES], taskRunners: [] }],
  },
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const { catalog, runners, methodNames, isThreadFile: matchesThreadFiles, modules } = getSetup(options);
    const isThreadFile = matchesThreadFiles(context.filename);
    const importsModules = importsAnyModule(sourceCode, modules);
    const methodCalls: MethodCall[] = [];
    const helperEffects = new Map<Node, Map<string, ReferenceEffect['type']>>();

    function findAcquisitions(): Acquisition[] {
      const acquisitions: Acquisition[] = [];
      const seen = new Set<Node>();
      const handles = new HandleIndex<Kind>(sourceCode);
      for (const reference of importsModules ? iterateModuleReferences(sourceCode, catalog.traceMap) : []) {
        const node = reference.node;
        if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) continue;
        for (const { kind, checkout } of reference.info) {
          if (kind.checkouts.size > 0) handles.addCreation(node, kind);
          if (seen.has(node)) continue;
          seen.add(node);
          acquisitions.push({ node, kinds: [kind], checkout, needsEvidence: false });
        }
      }
      for (const creation of projectClientCreations()) {
        if (seen.has(creation.node)) continue;
        seen.add(creation.node);
        acquisitions.push({ node: creation.node, kinds: [creation.kind], checkout: false, needsEvidence: false });
      }
      handles.addTypedBindings(catalog.typesByModule);
      for (const call of methodCalls) {
        const method = getStaticPropertyName(call.callee);
        if (method === null || seen.has(call)) continue;
        const handle = handles.lookup(call.callee.object);
        if (handle) {
          const kind = handle.checkouts.get(method);
          if (kind) acquisitions.push({ node: call, kinds: [kind], checkout: true, needsEvidence: false });
          continue;
        }
        const candidates = catalog.checkoutMethods.get(method);
        if (candidates && isSharedHandle(call.callee.object)) {
          acquisitions.push({ node: call, kinds: candidates, checkout: true, needsEvidence: true });
        }
      }
      return acquisitions;
    }

    /**
     * `class AppPrisma extends PrismaClient {}` in this file: `new AppPrisma()` opens what
     * `new PrismaClient()` opens, its own pool included. Only clients and pools (not checkouts).
     */
    function projectClientCreations(): { node: TSESTree.NewExpression; kind: Kind }[] {
      const creations: { node: TSESTree.NewExpression; kind: Kind }[] = [];
      for (const variable of getModuleScope(sourceCode).variables) {
        const definition = variable.defs[0];
        if (definition?.type !== TSESLint.Scope.DefinitionType.ClassName) continue;
        const kind = catalogClassKind(definition.node.superClass);
        if (!kind) continue;
        for (const reference of variable.references) {
          const use = reference.identifier;
          if (use.parent.type === AST_NODE_TYPES.NewExpression && use.parent.callee === use) creations.push({ node: use.parent, kind });
        }
      }
      return creations;
    }

    /** The catalog kind of a superclass imported from a client library (`extends PrismaClient`, `extends Pool`). */
    function catalogClassKind(superClass: TSESTree.LeftHandSideExpression | null): Kind | null {
      if (superClass?.type !== AST_NODE_TYPES.Identifier) return null;
      const imported = getImportedBinding(sourceCode, superClass);
      const kind = imported && catalog.classesByModule.get(imported.module)?.get(imported.name);
      return kind && (kind.role === 'connection' || kind.role === 'pool') ? kind : null;
    }

    /**
     * A client or pool created per request, message or job outside task code: the framework shows the
     * code runs with the traffic, so each run opens one more. Code whose callers are in other files
     * (an exported `connect()`, a method) may run once at startup and is left alone.
     */
    function repeatedPlace(node: TSESTree.Node): Place | null {
      const handler = findHandlerEvidence(node, sourceCode, context.filename);
      if (handler && handler.kind !== 'event') {
        return { where: `code that ${handler.phrase} (${handler.reason})`, topLevel: false, unit: HANDLER_UNITS[handler.kind] };
      }
      return helperPlace(node);
    }

    /**
     * A helper or method that opens its own client on every call (`checkMysql(dsn)`, `runQuery(sql)`):
     * whoever calls it, each call opens one more. Only reached for a client the function keeps to
     * itself (one it returns, stores or hands on belongs to someone else), and not in setup functions
     * by name (`connectDatabase`, `init`), which run once; nor for a named event's callback
     * (`process.on('SIGUSR2', …)`), which repeats but not with the traffic.
     */
    function helperPlace(node: TSESTree.Node): Place | null {
      const fn = getEnclosingFunction(node);
      if (!fn || isStartupFunction(fn) || isNamedEventCallback(fn)) return null;
      const name = functionNameOf(fn);
      // A method named for setup (`Database.connect`, `initDBAfterStarted`) or a migration runs once per start or deploy.
      if (name !== null && (SETUP_FUNCTION_NAME.test(name) || ONE_SHOT_FUNCTION_WORDS.test(name))) return null;
      return { where: name === null ? 'a function, once per call' : `'${name}', once per call`, topLevel: false, unit: 'call' };
    }

    function isNamedEventCallback(fn: TSESTree.FunctionLike): boolean {
      const evidence = describeHandler(fn, sourceCode, context.filename);
      return evidence?.kind === 'event';
    }

    /**
     * A receiver we cannot trace to a library counts only when it is a shared handle: imported from
     * another module (`import { pool } from './db'`) or a module-level binding. Parameters, locals
     * and `this.x` are left alone: inside the database libraries themselves such calls are the pool's
     * own implementation.
     */
    function isSharedHandle(receiver: Node): boolean {
      const node = skipTypeWrappers(receiver);
      if (node.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = resolveVariable(sourceCode, node);
      return !!variable && (variable.defs[0]?.type === TSESLint.Scope.DefinitionType.ImportBinding || isModuleLevelVariable(variable));
    }

    function findHolder(node: Node): Holder | null {
      const value = climbValue(node);
      const parent = value.parent;
      if (!parent) return null;
      switch (parent.type) {
        case AST_NODE_TYPES.VariableDeclarator: {
          if (parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) return null;
          const declaration = parent.parent;
          if (declaration.kind === 'using' || declaration.kind === 'await using') return { type: 'owned' };
          const id = parent.id;
          const variable = sourceCode.scopeManager?.getDeclaredVariables(parent).find((candidate) => candidate.identifiers.includes(id));
          if (!variable) return null;
          // A module-level binding is a singleton that lives with the module (or the thread): the recommended shape.
          if (isModuleLevelVariable(variable)) return { type: 'owned' };
          return { type: 'variable', variable, statement: declaration, declaration: declaration.declarations.length === 1 ? declaration : null };
        }
        case AST_NODE_TYPES.AssignmentExpression: {
          if (parent.right !== value || parent.operator !== '=') return null;
          // Stored on `this` or another object: whoever owns that object closes it.
          if (parent.left.type !== AST_NODE_TYPES.Identifier) return { type: 'owned' };
          const variable = resolveVariable(sourceCode, parent.left);
          if (!variable || isModuleLevelVariable(variable)) return { type: 'owned' };
          const statement = parent.parent.type === AST_NODE_TYPES.ExpressionStatement ? parent.parent : parent;
          return { type: 'variable', variable, statement, declaration: null };
        }
        case AST_NODE_TYPES.ExpressionStatement:
          return { type: 'discarded' };
        case AST_NODE_TYPES.MemberExpression:
        case AST_NODE_TYPES.ConditionalExpression:
        case AST_NODE_TYPES.LogicalExpression:
        case AST_NODE_TYPES.SequenceExpression:
          // A chain or a choice: too little is known about what holds the result.
          return null;
        default:
          // Returned, passed on, stored in an object or array, yielded: ownership is handed on.
          return { type: 'owned' };
      }
    }

    /** What a use of the resource does to it. `helperDepth` stops the look into local helpers at one level. */
    function classifyReference(identifier: Node, usage: Usage, helperDepth: number): ReferenceEffect {
      let node: Node = identifier;
      while (node.parent && isTypeWrapper(node.parent)) node = node.parent;
      const parent = node.parent;
      if (!parent) return { type: 'use' };
      switch (parent.type) {
        case AST_NODE_TYPES.MemberExpression: {
          if (parent.object !== node) return { type: 'escape' };
          const method = getStaticPropertyName(parent);
          const call = parent.parent;
          const isCall = call.type === AST_NODE_TYPES.CallExpression && call.callee === parent;
          return isCall && method !== null && usage.releases.has(method) ? { type: 'release', site: call, method } : { type: 'use' };
        }
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression: {
          if (parent.callee === node) return { type: 'use' }; // a callable client: `db('users')`, sql`…`
          const index = parent.arguments.indexOf(node as TSESTree.CallExpressionArgument);
          const method = parent.callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(parent.callee) : null;
          if (method !== null && usage.methods.has(method)) return { type: 'use' };
          if (index === -1 || parent.type === AST_NODE_TYPES.NewExpression || helperDepth > 0) return { type: 'escape' };
          const effect = helperEffect(parent.callee, index, usage);
          return effect === 'release' ? { type: 'release', site: parent, method: '' } : { type: effect };
        }
        case AST_NODE_TYPES.LogicalExpression:
          return parent.parent.type === AST_NODE_TYPES.ExpressionStatement || isTestPosition(parent)
            ? { type: 'use' }
            : classifyReference(parent, usage, helperDepth);
        case AST_NODE_TYPES.ConditionalExpression:
          return parent.test === node ? { type: 'use' } : classifyReference(parent, usage, helperDepth);
        case AST_NODE_TYPES.TaggedTemplateExpression:
          return parent.tag === node ? { type: 'use' } : { type: 'escape' };
        case AST_NODE_TYPES.UnaryExpression:
        case AST_NODE_TYPES.BinaryExpression:
        case AST_NODE_TYPES.TemplateLiteral:
        case AST_NODE_TYPES.ExpressionStatement:
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.WhileStatement:
        case AST_NODE_TYPES.SwitchStatement:
        case AST_NODE_TYPES.AwaitExpression:
          return { type: 'use' };
        case AST_NODE_TYPES.Property: {
          // `{ session }` / `{ transaction: t }` in the options of a query: used for that call only.
          const key = getStaticPropertyName(parent);
          return parent.value === node && key !== null && usage.options.has(key) && isCallArgument(parent.parent)
            ? { type: 'use' }
            : { type: 'escape' };
        }
        case AST_NODE_TYPES.ForOfStatement:
          return parent.right === node ? { type: 'use' } : { type: 'escape' };
        default:
          return { type: 'escape' };
      }
    }

    /**
     * A local function given the resource: it releases it (a cleanup helper), only uses it, or lets
     * it escape. A function we cannot see takes ownership.
     */
    function helperEffect(callee: Node, index: number, usage: Usage): ReferenceEffect['type'] {
      const fn = resolveLocalFunction(callee);
      const param = fn?.params[index];
      const name = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      if (!fn || name?.type !== AST_NODE_TYPES.Identifier) return 'escape';
      let cache = helperEffects.get(fn);
      if (!cache) helperEffects.set(fn, (cache = new Map<string, ReferenceEffect['type']>()));
      const cacheKey = `${index}:${usage.key}`;
      const cached = cache.get(cacheKey);
      if (cached) return cached;
      const variable = sourceCode.scopeManager?.getDeclaredVariables(fn).find((candidate) => candidate.identifiers.includes(name));
      let effect: ReferenceEffect['type'] = variable ? 'use' : 'escape';
      for (const reference of variable?.references ?? []) {
        if (!reference.isRead()) continue;
        const result = classifyReference(reference.identifier, usage, 1).type;
        if (result === 'release') effect = 'release';
        else if (result === 'escape' && effect !== 'release') effect = 'escape';
      }
      cache.set(cacheKey, effect);
      return effect;
    }

    function resolveLocalFunction(callee: Node): TSESTree.FunctionLike | null {
      if (callee.type !== AST_NODE_TYPES.Identifier) return null;
      const variable = resolveVariable(sourceCode, callee);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.node.type === AST_NODE_TYPES.FunctionDeclaration) return definition.node;
      if (definition?.node.type === AST_NODE_TYPES.VariableDeclarator && definition.node.init) {
        const init = skipTypeWrappers(definition.node.init);
        if (isFunctionNode(init)) return init;
      }
      return null;
    }

    let threads: ThreadContext | undefined;
    /** Thread and task code of the file, found once and only when a dedicated connection needs it. */
    function threadContext(): ThreadContext {
      if (!threads) {
        threads = new ThreadContext(sourceCode);
        threads.collect(runners, methodCalls, isThreadFile);
      }
      return threads;
    }

    function check(acquisition: Acquisition): void {
      if (acquisition.node.arguments.some((argument) => isFunctionNode(skipTypeWrappers(argument)))) return; // callback-managed
      const place: Place | null = acquisition.checkout ? null : (threadContext().whereIs(acquisition.node) ?? repeatedPlace(acquisition.node));
      if (!acquisition.checkout && !place) return;
      const holder = findHolder(acquisition.node);
      if (!holder || holder.type === 'owned') return;
      const usage = usageOf(acquisition.kinds);
      if (holder.type === 'discarded') {
        if (!acquisition.needsEvidence) report(acquisition, acquisition.kinds[0], place, 'neverClosed', []);
        return;
      }
      const acquiredIn = getEnclosingFunction(acquisition.node);
      const sites: Node[] = [];
      const methods = new Set<string>();
      let releasedInPromiseFinally = false;
      for (const reference of holder.variable.references) {
        if (!reference.isRead()) continue;
        const effect = classifyReference(reference.identifier, usage, 0);
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
        if (!acquisition.needsEvidence) report(acquisition, kind, place, 'neverClosed', buildSuggestions(holder, kind, sites));
        return;
      }
      if (place?.topLevel || releasedInPromiseFinally || isCovered(sites, holder.statement, acquiredIn)) return;
      // Without a traced receiver the library is a guess: no `await using`, whose support varies by library.
      const suggested = acquisition.needsEvidence ? { ...kind, dispose: undefined } : kind;
      report(acquisition, acquisition.needsEvidence ? null : kind, place, 'notClosedOnThrow', buildSuggestions(holder, suggested, sites), kind);
    }

    function report(
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
      context.report({
        node: reported,
        messageId,
        data: {
          resource: labelKind?.label ?? words.noun,
          origin: place === null ? `taken from '${calleeText(sourceCode, acquisition.node)}()'` : `opened in ${place.where}`,
          closed: words.closed,
          consequence: words.consequence.replace('{{unit}}', unit),
          remedy,
        },
        suggest,
      });
    }

    function buildSuggestions(holder: Extract<Holder, { type: 'variable' }>, kind: Kind, sites: readonly Node[]) {
      const suggestions: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
      const declaration = holder.declaration;
      if (declaration?.kind !== 'const') return suggestions;
      const list = statementList(declaration.parent);
      if (!list || declaration.parent.type === AST_NODE_TYPES.SwitchCase) return suggestions;
      const following = list.slice(list.indexOf(declaration) + 1);
      const releaseStatements: TSESTree.Statement[] = [];
      for (const site of sites) {
        const statement = climbValue(site).parent;
        if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || !following.includes(statement)) return suggestions;
        releaseStatements.push(statement);
      }
      const name = (declaration.declarations[0]?.id as TSESTree.Identifier).name;
      const canAwait = isAsyncContext(declaration, sourceCode);
      // `return client.query(…)` inside the wrapped code would release before the query settles.
      const mayReturnPending = (statements: readonly Node[]) =>
        (canAwait || kind.asyncRelease) && statements.some((statement) => returnsCallResult(statement));
      const isProgram = declaration.parent.type === AST_NODE_TYPES.Program;
      if (
        kind.dispose &&
        (kind.dispose === 'sync' || canAwait) &&
        (!isProgram || sourceCode.ast.sourceType === 'module') &&
        !mayReturnPending(following)
      ) {
        const keyword = kind.dispose === 'async' ? 'await using' : 'using';
        suggestions.push({
          messageId: 'useAwaitUsing',
          data: { keyword, closed: ROLE_WORDS[kind.role].closed },
          fix: (fixer) => {
            const constToken = sourceCode.getFirstToken(declaration);
            if (!constToken) return [];
            return [fixer.replaceText(constToken, keyword), ...releaseStatements.map((statement) => fixer.removeRange(removalRange(sourceCode, statement)))];
          },
        });
      }
      const region = finallyRegion(following, releaseStatements);
      const releaseText = releaseStatements.at(-1)
        ? sourceCode.getText(releaseStatements.at(-1))
        : kind.finallyRelease && (!kind.asyncRelease || canAwait)
          ? `${kind.asyncRelease ? 'await ' : ''}${name}.${kind.finallyRelease}();`
          : null;
      if (region && releaseText && kind.role !== 'transaction' && !mayReturnPending(following.slice(0, following.indexOf(region[1]) + 1))) {
        suggestions.push({
          messageId: 'releaseInFinally',
          data: { release: releaseText.replace(/^await\s+/u, '').replace(/;$/u, '') },
          fix: (fixer) => fixer.replaceTextRange([region[0].range[0], region[1].range[1]], wrapInTryFinally(region, releaseStatements, releaseText)),
        });
      }
      return suggestions;
    }

    /** The statements to wrap: up to the last release (or the end), and on to the end when a later statement needs their bindings. */
    function finallyRegion(following: readonly TSESTree.Statement[], releaseStatements: readonly TSESTree.Statement[]) {
      if (following.length === 0 || (following[0] && releaseStatements.includes(following[0]))) return null;
      let end = releaseStatements.length > 0 ? Math.max(...releaseStatements.map((statement) => following.indexOf(statement))) : following.length - 1;
      const start = following[0]!.range[0];
      for (let index = 0; index <= end; index++) {
        for (const variable of sourceCode.scopeManager?.getDeclaredVariables(following[index]!) ?? []) {
          for (const reference of variable.references) {
            if (reference.identifier.range[0] < start) return null; // hoisted and used before: keep it out of a block
            if (reference.identifier.range[0] > following[end]!.range[1]) end = following.length - 1;
          }
        }
      }
      return [following[0]!, following[end]!] as const;
    }

    function wrapInTryFinally(region: readonly [Node, Node], releaseStatements: readonly Node[], releaseText: string): string {
      const [first, last] = region;
      const indent = lineIndent(sourceCode, first);
      const unit = indentUnit(sourceCode, first, indent);
      // Only the tokens of the wrapped statements: scanning the whole file per suggestion is quadratic.
      const templates = regionStatements(first, last)
        .flatMap((statement) => sourceCode.getTokens(statement))
        .filter((token) => token.type === AST_TOKEN_TYPES.Template && token.value.includes('\n'))
        .map((token) => token.range);
      const removals = releaseStatements
        .filter((statement) => statement.range[1] <= last.range[1])
        .map((statement) => removalRange(sourceCode, statement))
        .sort((a, b) => a[0] - b[0]);
      let body = '';
      let position = first.range[0];
      for (const [from, to] of [...removals, [last.range[1], last.range[1]] as const]) {
        body += reindent(sourceCode.text, position, from, unit, templates);
        position = to;
      }
      return `try {\n${indent}${unit}${body}\n${indent}} finally {\n${indent}${unit}${releaseText}\n${indent}}`;
    }

    /** Where a release runs relative to the acquiring function: inline, in a promise callback, or deferred to a later event. */
    function releaseCallback(site: Node, acquiredIn: TSESTree.FunctionLike | null): 'inline' | 'finally' | 'deferred' {
      const fn = getEnclosingFunction(site);
      if (fn === acquiredIn) return 'inline';
      const call = fn?.parent;
      if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
        const method = call.callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(call.callee) : null;
        if (method === 'finally') return 'finally';
        if ((method === 'then' || method === 'catch') && getEnclosingFunction(call) === acquiredIn) return 'inline';
      }
      return 'deferred';
    }

    return {
      CallExpression(node) {
        const callee = node.callee;
        if (
          callee.type === AST_NODE_TYPES.MemberExpression &&
          !callee.computed &&
          callee.property.type === AST_NODE_TYPES.Identifier &&
          methodNames.has(callee.property.name)
        ) {
          methodCalls.push(node as MethodCall);
        }
      },
      'Program:exit'() {
        // Without a library import, only a checkout from a shared handle (`pool.connect()`) can matter.
        if (!isThreadFile && !importsModules && !methodCalls.some((call) => catalog.checkoutMethods.has(getStaticPropertyName(call.callee) ?? ''))) return;
        for (const acquisition of findAcquisitions()) check(acquisition);
      },
    };
  },
});

/** What the rule derives from its options, built once per distinct configuration rather than per file. */
interface Setup {
  catalog: ResolvedCatalog;
  runners: readonly TaskRunnerEntry[];
  /** Methods whose calls the walk collects: pool checkouts and runner handle methods. */
  methodNames: ReadonlySet<string>;
  isThreadFile: (filename: string) => boolean;
  /** Clients, task runners and worker_threads: a file that imports none has only `pool.connect()` to check. */
  modules: readonly string[];
}

const getSetup = memoizeByOptions((options: Options[0]): Setup => {
  const clients = [...DB_CLIENTS, ...(options.clients ?? []).map(toClientEntry)];
  const runners = [...TASK_RUNNERS, ...(options.taskRunners ?? []).map(toRunnerEntry)];
  const catalog = resolveCatalog(clients);
  const modules = [...clients.flatMap((entry) => entry.modules), ...runners.flatMap((entry) => entry.modules), 'worker_threads'];
  return {
    catalog,
    runners,
    methodNames: new Set([...catalog.checkoutMethods.keys(), ...runnerMethods(runners)]),
    isThreadFile: createPathMatcherOption({ rule: 'no-unclosed-db-in-thread', option: 'threadFiles' }, options.threadFiles ?? DEFAULT_THREAD_FILES),
    modules,
  };
});

interface ResolvedCatalog {
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

function isCapturedByRegistration(identifier: Node, acquiredIn: Node | null): boolean {
  const fn = getEnclosingFunction(identifier);
  if (!fn || fn === acquiredIn) return false;
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return TIMER_FUNCTIONS.has(callee.name);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
  return method !== null && REGISTRATION_METHODS.has(method);
}

function usageOf(kinds: readonly Kind[]): Usage {
  const releases = new Set(kinds.flatMap((kind) => kind.release));
  return {
    releases,
    options: new Set(kinds.flatMap((kind) => kind.passedAs?.options ?? [])),
    methods: new Set(kinds.flatMap((kind) => kind.passedAs?.methods ?? [])),
    key: [...releases].join(','),
  };
}

/** An object literal that is (or sits in) an argument of a call: an options bag. */
function isCallArgument(node: Node): boolean {
  let current = node;
  while (current.parent?.type === AST_NODE_TYPES.Property || current.parent?.type === AST_NODE_TYPES.ObjectExpression) {
    current = current.parent;
  }
  const parent = current.parent;
  return (
    (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
    parent.arguments.includes(current as TSESTree.CallExpressionArgument)
  );
}

function isTypeWrapper(node: Node): boolean {
  return (
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    node.type === AST_NODE_TYPES.TSTypeAssertion ||
    node.type === AST_NODE_TYPES.ChainExpression
  );
}

function isTestPosition(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  return (
    ((parent.type === AST_NODE_TYPES.IfStatement ||
      parent.type === AST_NODE_TYPES.WhileStatement ||
      parent.type === AST_NODE_TYPES.ConditionalExpression) &&
      parent.test === node) ||
    (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!')
  );
}

/**
 * A release covers every path when it runs in the `finally` of a `try` that holds the acquisition or
 * follows it with nothing in between that can leave the block; or when it runs both at the end of
 * that `try` and in its `catch` (commit, and roll back on error).
 */
function isCovered(sites: readonly Node[], statement: Node, acquiredIn: Node | null): boolean {
  for (const site of sites) {
    let child: Node = site;
    for (let parent = site.parent; parent && parent !== acquiredIn; child = parent, parent = parent.parent) {
      if (parent.type !== AST_NODE_TYPES.TryStatement || !tryCovers(parent, statement)) continue;
      if (child === parent.finalizer) return true;
      const block = parent.block;
      if (child === parent.handler && sites.some((other) => contains(block, other))) return true;
    }
  }
  return sites.some((site) => isReleasedAfterCatch(site, sites, statement) || isReleasedBeforeAnythingCanThrow(site, statement));
}

/**
 * `const client = await pool.connect(); client.release();` (a connectivity probe): nothing between
 * the acquisition and the release can throw or leave, so the release runs on every path. Only
 * declarations of literals and plain names may stand between; any call, `await`, property read or
 * `new` could throw.
 */
function isReleasedBeforeAnythingCanThrow(site: Node, statement: Node): boolean {
  const list = statement.parent ? statementList(statement.parent) : null;
  const releaseStatement = siblingStatementOf(site, statement);
  if (!list || releaseStatement?.type !== AST_NODE_TYPES.ExpressionStatement || !startsWithRelease(releaseStatement.expression, site)) return false;
  const from = list.indexOf(statement as TSESTree.Statement);
  const to = list.indexOf(releaseStatement);
  return from !== -1 && to > from && list.slice(from + 1, to).every(cannotThrow);
}

/** The statement holding `site` that stands in the same list as `statement`, if any. */
function siblingStatementOf(site: Node, statement: Node): Node | undefined {
  let current: Node | undefined = site;
  while (current && current.parent !== statement.parent) current = current.parent;
  return current;
}

/** `client.release()` or `await client.end()` as the whole statement: the release is the first thing it does. */
function startsWithRelease(expression: Node, site: Node): boolean {
  const call = expression.type === AST_NODE_TYPES.AwaitExpression ? expression.argument : expression;
  return call === site || (call.type === AST_NODE_TYPES.CallExpression && contains(call.callee, site));
}

function cannotThrow(statement: Node): boolean {
  if (statement.type === AST_NODE_TYPES.EmptyStatement) return true;
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return false;
  return statement.declarations.every(
    (declarator) =>
      declarator.id.type === AST_NODE_TYPES.Identifier &&
      (declarator.init === null || declarator.init.type === AST_NODE_TYPES.Literal || declarator.init.type === AST_NODE_TYPES.Identifier),
  );
}

/**
 * `try { … } catch { … }` right before the release: every error is caught, so the release runs on
 * every path unless the `try` returns early or the `catch` leaves (rethrows) without releasing first.
 */
function isReleasedAfterCatch(site: Node, sites: readonly Node[], statement: Node): boolean {
  const list = statement.parent ? statementList(statement.parent) : null;
  const releaseStatement = siblingStatementOf(site, statement);
  if (!list || !releaseStatement) return false;
  const from = list.indexOf(statement as TSESTree.Statement);
  const to = list.indexOf(releaseStatement as TSESTree.Statement);
  const guard = list[to - 1];
  if (from === -1 || to - 1 <= from || guard?.type !== AST_NODE_TYPES.TryStatement || !guard.handler) return false;
  const handler = guard.handler;
  return (
    !list.slice(from + 1, to - 1).some((between) => canLeave(between, 0)) &&
    !canLeave(guard.block, 0, false) &&
    (!canLeave(handler.body, 0) || sites.some((other) => contains(handler, other)))
  );
}

function tryCovers(tryStatement: TSESTree.TryStatement, statement: Node): boolean {
  if (contains(tryStatement.block, statement)) return true;
  const list = statement.parent ? statementList(statement.parent) : null;
  if (!list || tryStatement.parent !== statement.parent) return false;
  const from = list.indexOf(statement as TSESTree.Statement);
  const to = list.indexOf(tryStatement);
  return from !== -1 && to > from && !list.slice(from + 1, to).some((between) => canLeave(between, 0));
}

/**
 * Whether running `node` can leave the enclosing block early: `return`, `throw` (unless `throws` is
 * false: inside a `try` whose `catch` takes it), or a `break`/`continue` out of it.
 */
function canLeave(node: Node, loopDepth: number, throws = true): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ReturnStatement:
      return true;
    case AST_NODE_TYPES.ThrowStatement:
      return throws;
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement:
      return loopDepth === 0 || node.label !== null;
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.ClassDeclaration:
    case AST_NODE_TYPES.ClassExpression:
      return false;
    default:
      break;
  }
  const depth = LOOP_TYPES.has(node.type) || node.type === AST_NODE_TYPES.SwitchStatement ? loopDepth + 1 : loopDepth;
  return childNodes(node).some((child) => canLeave(child, depth, throws));
}

/** A `return` of a call's result (possibly a pending promise or a lazy query), outside nested functions. */
function returnsCallResult(node: Node): boolean {
  if (node.type === AST_NODE_TYPES.ReturnStatement) {
    const argument = node.argument && skipTypeWrappers(node.argument);
    return (
      argument?.type === AST_NODE_TYPES.CallExpression ||
      argument?.type === AST_NODE_TYPES.NewExpression ||
      argument?.type === AST_NODE_TYPES.TaggedTemplateExpression
    );
  }
  if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) return false;
  return childNodes(node).some(returnsCallResult);
}

function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

function statementList(parent: Node): TSESTree.Statement[] | null {
  if (!STATEMENT_LIST_PARENTS.has(parent.type)) return null;
  if (parent.type === AST_NODE_TYPES.SwitchCase) return parent.consequent;
  if (parent.type === AST_NODE_TYPES.Program) return parent.body;
  return (parent as TSESTree.BlockStatement | TSESTree.StaticBlock).body;
}

/** `await` is allowed here: an async function, or the top level of an ES module. */
function isAsyncContext(node: Node, sourceCode: SourceCode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current.async;
    if (current.type === AST_NODE_TYPES.StaticBlock || current.type === AST_NODE_TYPES.PropertyDefinition) return false;
  }
  return sourceCode.ast.sourceType === 'module';
}

function calleeText(sourceCode: SourceCode, call: TSESTree.CallExpression | TSESTree.NewExpression): string {
  const text = sourceCode.getText(call.callee).replace(/\s+/gu, '');
  if (text.length <= CALLEE_TEXT_LIMIT) return call.type === AST_NODE_TYPES.NewExpression ? `new ${text}` : text;
  const method = call.callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(call.callee) : null;
  return method === null ? `${text.slice(0, CALLEE_TEXT_LIMIT)}…` : `….${method}`;
}

/** A statement alone on its line goes with its line break; otherwise just the statement. */
function removalRange(sourceCode: SourceCode, statement: Node): [number, number] {
  const text = sourceCode.text;
  const lineStart = text.lastIndexOf('\n', statement.range[0] - 1);
  const before = text.slice(lineStart + 1, statement.range[0]);
  if (lineStart === -1 || before.trim() !== '') return [statement.range[0], statement.range[1]];
  return [text[lineStart - 1] === '\r' ? lineStart - 1 : lineStart, statement.range[1]];
}

function lineIndent(sourceCode: SourceCode, node: Node): string {
  return /^[ \t]*/u.exec(sourceCode.lines[node.loc.start.line - 1] ?? '')?.[0] ?? '';
}

/** The file's indent step, read off the block around `node`; two spaces when it cannot tell. */
function indentUnit(sourceCode: SourceCode, node: Node, indent: string): string {
  const block = node.parent;
  const outer = block && block.type !== AST_NODE_TYPES.Program ? lineIndent(sourceCode, block) : '';
  if (indent.startsWith(outer) && indent.length > outer.length) return indent.slice(outer.length);
  return indent.includes('\t') ? '\t' : '  ';
}

/** Source between two offsets with one more indent step after each line break, except inside template literals. */
function reindent(text: string, from: number, to: number, unit: string, templates: readonly (readonly [number, number])[]): string {
  let result = '';
  for (let index = from; index < to; index++) {
    const char = text[index]!;
    result += char;
    if (char !== '\n' || index + 1 >= to || text[index + 1] === '\n' || text[index + 1] === '\r') continue;
    if (!templates.some(([start, end]) => start < index && index < end)) result += unit;
  }
  return result;
}

/** The statements from `first` to `last`, siblings in one block. */
function regionStatements(first: Node, last: Node): Node[] {
  const parent = first.parent;
  const body: readonly Node[] | undefined =
    parent && 'body' in parent && Array.isArray(parent.body) ? (parent.body) : parent?.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : undefined;
  if (!body) return [first, last];
  return body.slice(body.indexOf(first), body.indexOf(last) + 1);
}
