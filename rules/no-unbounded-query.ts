import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers } from './utils/ast.js';
import { QUERY_APIS, RAW_SQL, type BuilderSpec } from './utils/catalogs/query-apis.js';
import { createRule, type RuleFileState } from './utils/create-rule.js';
import { memoizeByOptions } from './utils/memo.js';
import { closedObjectSchema, stringListOption } from './utils/option-schemas.js';
import {
  CANDIDATE_METHODS,
  createQueryResolver,
  describe,
  getMemberCall,
  isArrayCallbackCall,
  isConsumed,
  isPromiseCombinator,
  isStreamedResult,
  mayHaveSelect,
  modelNameOf,
  normaliseModelName,
  PROMISE_COMBINATORS,
  RAW_CANDIDATE_METHODS,
  readQueryGates,
  roleOf,
  type InstanceOption,
  type Kind,
  type QueryGates,
  type QueryResolver,
} from './utils/query-kinds.js';
import { selectorNamesPattern } from './utils/regexp.js';
import { buildTableWords, isSmallTable, judgePredicates, type Predicate, type Selectivity, type TableWords } from './utils/query-selectivity.js';
import { createReceiverTypeReader } from './utils/query-receiver-types.js';
import { findScaleEvidence } from './utils/query-scale.js';
import { findRowLoop, streamingFix, type RowLoop } from './utils/query-streaming.js';
import { getEnclosingFunction, resolveVariable } from './utils/scope.js';
import { classifySql, mayBeSelect } from './utils/sql.js';

export type { InstanceOption } from './utils/query-kinds.js';
type Options = [
  {
    checkAnyTable?: boolean;
    checkOpaqueFilters?: boolean;
    /** @deprecated An alias of `checkOpaqueFilters`. */
    checkFiltered?: boolean;
    useTypes?: boolean;
    allowModels?: string[];
    appendOnlyTables?: string[];
    populationTables?: string[];
    tenantKeys?: string[];
    instances?: InstanceOption[];
  },
];
type MessageIds = 'unboundedQuery' | 'brokenPagination' | 'opaqueFilter' | 'useStream';

/** What a query's arguments or chain did to its rows. */
interface QueryFacts {
  predicates: readonly Predicate[];
  limited: boolean;
  offset: boolean;
  opaque: boolean;
}

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** What the walk records about one file's queries, and what judges them on exit. */
interface QueryFile extends RuleFileState<Context> {
  readonly settings: QuerySettings;
  /** The file may query through an ORM or a driver's builder (gate computed before the walk). */
  readonly ormPossible: boolean;
  /** The file's text has the word SELECT. */
  readonly sqlPossible: boolean;
  /** The file may hold a builder that runs when awaited (knex, Mongoose): awaits and returns are candidates. */
  readonly awaitsPossible: boolean;
  readonly resolver: QueryResolver;
  /** Calls, awaits, returns and tags that may run a query, judged at `Program:exit`. */
  readonly candidates: TSESTree.Node[];
  /** Elements of `Promise.all([…])`: each is awaited. */
  readonly combinedElements: TSESTree.Node[];
}

const { DefinitionType } = TSESLint.Scope;

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-query',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow queries that load a whole table into memory.',
      // With scale evidence required by default (job code, or a table named for people, tenants or
      // events), its apps-corpus reports meet the 90% bar (docs/precision.md); `strict` reports the rest.
      recommended: 'warn',
      strictOptions: { checkAnyTable: true, checkOpaqueFilters: true },
    },
    hasSuggestions: true,
    messages: {
      unboundedQuery:
        "'{{call}}' loads every matching row of {{source}} into memory at once with no row limit: it {{why}}, so memory grows with the table{{scale}}.{{perRow}} Paginate it (a limit with a cursor or keyset), stream it, or aggregate in the database.",
      brokenPagination:
        "'{{call}}' skips rows with an offset but sets no row limit, so it loads every row of {{source}} after the offset into memory at once. Add a limit (take/limit) beside the offset.",
      opaqueFilter:
        "'{{call}}' filters {{source}} with a filter this rule cannot read{{text}} and sets no row limit; unless that filter pins an id or a parent row, every matching row is loaded into memory at once.",
      useStream: 'Iterate the rows as a stream with {{stream}} instead of loading them into an array.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkAnyTable: {
            type: 'boolean',
            description:
              'Also report loads with no sign of being big: outside job code, and of a table whose name does not say it grows (people, tenants, events), or filtered on one owner of an append-only table.',
          },
          checkOpaqueFilters: {
            type: 'boolean',
            description: 'Also report queries without a limit whose filter the rule cannot read (a parameter, a spread, a callback).',
          },
          checkFiltered: {
            type: 'boolean',
            description: 'Deprecated: filters are now judged by how selective they are. An alias of `checkOpaqueFilters`.',
          },
          useTypes: {
            type: 'boolean',
            description:
              "With type information (typed linting), read what a query's receiver is from its TypeScript type: an ORM type found anywhere, and names that only look like one ruled out.",
          },
          allowModels: stringListOption('Models, entities, tables or collections small enough to load whole (lookup tables such as `Country`).'),
          appendOnlyTables: stringListOption('More words of append-only table names (`history`, `event`, `log`, …), where equality on the owner does not bound the rows.'),
          populationTables: stringListOption('More words of population table names (`user`, `member`, …), where equality on a tenant key does not bound the rows.'),
          tenantKeys: stringListOption('More words of tenant keys (`team`, `organization`, `workspace`, …).'),
          instances: {
            type: 'array',
            description:
              "Extra catalog entries: the project's own modules that export ORM instances (`{ library: 'prisma', module: 'lib/db', exports: ['db'] }`).",
            items: {
              anyOf: QUERY_APIS.map((api) =>
                closedObjectSchema(['library', 'module'], {
                  library: { type: 'string', enum: [api.id], description: `The library (${api.label}).` },
                  module: {
                    type: 'string',
                    minLength: 1,
                    description: "An import specifier, or its end after a '/' (`lib/db` matches `../lib/db` and `@/lib/db`).",
                  },
                  exports: stringListOption("Exported names that are instances ('default' for the default export); all when absent."),
                  role: {
                    type: 'string',
                    enum: Object.keys(api.roles),
                    description: `What the exports are (default '${api.defaultRole}').`,
                  },
                }),
              ),
            },
          },
        },
      },
    ],
    defaultOptions: [{ checkAnyTable: false, checkOpaqueFilters: false, useTypes: false, allowModels: [], appendOnlyTables: [], populationTables: [], tenantKeys: [], instances: [] }],
  },
  create(context, [options]) {
    const file = createQueryFile(context, options);
    if (!file) return {};
    return {
      [file.ormPossible ? ORM_CALL : RAW_CALL]: (node: TSESTree.CallExpression) => recordCall(file, node),
      ...(file.awaitsPossible ? awaitListeners(file) : {}),
      ...(file.sqlPossible ? { TaggedTemplateExpression: (node) => void file.candidates.push(node) } : {}),
      'Program:exit': () => checkCandidates(file),
    };
  },
});

/**
 * The calls `recordCall` may collect, as selectors: a candidate method by name (and `Promise.all`,
 * whose elements run), or a callee in a type assertion that only the exact test can read.
 */
const callSelector = (methods: Iterable<string>): string =>
  [`CallExpression[callee.type="MemberExpression"][callee.property.name=${selectorNamesPattern(methods)}]`, 'CallExpression[callee.type=/^TS/]'].join(', ');
const ORM_CALL = callSelector([...CANDIDATE_METHODS, ...PROMISE_COMBINATORS]);
const RAW_CALL = callSelector(RAW_CANDIDATE_METHODS);

/** Awaits and returns run a builder's chain; only files that may hold such a builder need them. */
function awaitListeners(file: QueryFile): TSESLint.RuleListener {
  return {
    AwaitExpression: (node) => void file.candidates.push(node),
    // An async function that returns a thenable query adopts it: the query runs and resolves whole.
    ReturnStatement(node) {
      if (node.argument && getEnclosingFunction(node)?.async === true) file.candidates.push(node);
    },
    'ArrowFunctionExpression[async=true]'(node: TSESTree.ArrowFunctionExpression) {
      if (node.body.type !== AST_NODE_TYPES.BlockStatement) file.candidates.push(node);
    },
  };
}

/**
 * Creates the per-file state, or null when the file cannot hold a query: raw SQL needs the word
 * SELECT; an ORM query needs a library, a configured module or a naming hint. Most files have
 * neither and get no listeners.
 */
function createQueryFile(context: Context, options: Options[0]): QueryFile | null {
  const { sourceCode } = context;
  const instances = options.instances ?? [];
  const types = options.useTypes ? createReceiverTypeReader(context) : null;
  // With types, a receiver from another module needs no import or name in this file to be found.
  const gates: QueryGates = types === null ? readQueryGates(sourceCode, instances) : { orm: true, awaits: true };
  const sqlPossible = mayHaveSelect(sourceCode.text);
  if (!sqlPossible && !gates.orm) return null;
  return {
    context,
    sourceCode,
    settings: getSettings(options),
    ormPossible: gates.orm,
    sqlPossible,
    awaitsPossible: gates.awaits,
    resolver: createQueryResolver(sourceCode, instances, types),
    candidates: [],
    combinedElements: [],
  };
}

function recordCall(file: QueryFile, node: TSESTree.CallExpression): void {
  const callee = skipTypeWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
  const name = callee.computed ? null : callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : null;
  if (name !== null && (file.ormPossible ? CANDIDATE_METHODS : RAW_CANDIDATE_METHODS).has(name) && !isArrayCallbackCall(node, name)) file.candidates.push(node);
  // `Promise.all([User.find(), db('orders')])` calls `then` on every element: each one runs.
  const list = file.awaitsPossible && isPromiseCombinator(node) ? node.arguments[0] : undefined;
  if (list?.type === AST_NODE_TYPES.ArrayExpression) {
    for (const element of list.elements) if (element && element.type !== AST_NODE_TYPES.SpreadElement) file.combinedElements.push(element);
  }
}

function checkCandidates(file: QueryFile): void {
  if (file.candidates.length === 0 && file.combinedElements.length === 0) return;
  file.resolver.prepare();
  for (const node of file.candidates) {
    if (node.type === AST_NODE_TYPES.CallExpression) checkCall(file, node);
    else if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) checkTaggedTemplate(file, node);
    else if (node.type === AST_NODE_TYPES.AwaitExpression) checkAwaited(file, node.argument);
    else if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) checkAwaited(file, node.argument);
    else if (node.type === AST_NODE_TYPES.ArrowFunctionExpression) checkAwaited(file, node.body);
  }
  for (const element of file.combinedElements) checkAwaited(file, element);
}

/** A call on an ORM value (`User.findAll()`, `qb.getMany()`) or a driver's raw query (`pool.query(sql)`). */
function checkCall(file: QueryFile, node: TSESTree.CallExpression): void {
  const method = getMemberCall(node);
  if (!method) return;
  if (checkRawQuery(file, node, method.name) || !file.ormPossible) return;
  for (const kind of file.resolver.kindsOf(method.object)) {
    const role = roleOf(kind);
    const query = role?.queries?.[method.name];
    const facts = query ? file.resolver.readQueryArguments(query, node) : null;
    if (query && facts && (!query.returns || facts.callback)) {
      const model = (query.modelArg === undefined ? undefined : modelNameOf(node.arguments[query.modelArg])) ?? kind.model;
      judgeQuery(file, node, `${method.name}()`, model, facts, kind);
      return;
    }
    if (role?.builder?.materialise.includes(method.name) && judgeChain(file, node, `${method.name}()`, kind, role.builder)) return;
  }
}

/** Whether `name` ran SQL the rule could read; reports it when it loads rows unbounded. */
function checkRawQuery(file: QueryFile, node: TSESTree.CallExpression, name: string): boolean {
  const { resolver } = file;
  if (resolver.usesPagedDriver() || !file.sqlPossible) return false;
  let text: string | null = null;
  const lazy = RAW_SQL.lazyMethods.includes(name);
  if (RAW_SQL.methods.includes(name) || lazy) text = resolver.sqlTextOf(node.arguments[0]);
  if (text === null && RAW_SQL.preparedMaterialise.includes(name)) text = preparedSqlOf(file, node);
  if (text === null || !mayBeSelect(text)) return false;
  const sql = classifySql(text);
  if (sql.kind === 'unknown' || sql.kind === 'bounded') return true;
  if (isStreamedResult(node) || (lazy && !isConsumed(node))) return true;
  judgeQuery(file, node, `${name}()`, sql.table || undefined, sqlFacts(sql.predicates, sql.offset));
  return true;
}

/** `db.prepare(sql).all()` and `const stmt = db.prepare(sql); stmt.all()`. */
function preparedSqlOf(file: QueryFile, node: TSESTree.CallExpression): string | null {
  const method = getMemberCall(node);
  if (!method) return null;
  let statement = skipTypeWrappers(method.object);
  if (statement.type === AST_NODE_TYPES.Identifier) {
    const def = resolveVariable(file.sourceCode, statement)?.defs[0];
    if (def?.type !== DefinitionType.Variable || def.node.id !== def.name || !def.node.init) return null;
    statement = skipTypeWrappers(def.node.init);
  }
  if (statement.type !== AST_NODE_TYPES.CallExpression) return null;
  const prepare = getMemberCall(statement);
  return prepare && RAW_SQL.prepare.includes(prepare.name) ? file.resolver.sqlTextOf(statement.arguments[0]) : null;
}

/** An awaited (or returned, or `Promise.all`-ed) builder runs its chain: `await db('users').where(…)`. */
function checkAwaited(file: QueryFile, argument: TSESTree.Node): void {
  const node = skipTypeWrappers(argument);
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression || !file.resolver.mayBeAwaitedBuilder(node)) return;
  for (const kind of file.resolver.kindsOf(node)) {
    const spec = roleOf(kind)?.builder;
    if (spec?.materialiseOnAwait && judgeChain(file, node, describe(node), kind, spec)) return;
  }
}

/** A tagged SQL template: postgres.js or slonik `sql` tags, and Prisma's `$queryRaw`. */
function checkTaggedTemplate(file: QueryFile, node: TSESTree.TaggedTemplateExpression): void {
  if (!file.resolver.isSqlTag(node.tag)) return;
  const text = file.resolver.sqlTextOf(node.quasi);
  if (text === null || !mayBeSelect(text)) return;
  const sql = classifySql(text);
  if (sql.kind === 'unknown' || sql.kind === 'bounded' || isStreamedResult(node)) return;
  const tag = skipTypeWrappers(node.tag);
  const isPrisma = tag.type === AST_NODE_TYPES.MemberExpression;
  if (!isPrisma && !isConsumed(node)) return;
  const call = isPrisma ? '$queryRaw' : `${file.sourceCode.getText(tag)}\`…\``;
  judgeQuery(file, node, call, sql.table || undefined, sqlFacts(sql.predicates, sql.offset));
}

/** Judges a builder chain that runs here; false when the chain is not a query (no source table yet). */
function judgeChain(file: QueryFile, node: TSESTree.Node, call: string, kind: Kind, spec: BuilderSpec): boolean {
  const state = kind.state;
  if (!state) return false;
  if (spec.requiresSource && !state.hasSource) return false;
  if (!state.streamed) judgeQuery(file, node, call, kind.model, state, kind);
  return true;
}

/** The decision: what bounds the rows, whether the table can be big, and what to say. */
function judgeQuery(file: QueryFile, node: TSESTree.Node, call: string, model: string | undefined, facts: QueryFacts, kind?: Kind): void {
  if (facts.limited) return;
  const { context } = file;
  const { allowed, words } = file.settings;
  const source = describeSource(model, kind);
  if (facts.offset) {
    context.report({ node, messageId: 'brokenPagination', data: { call, source } });
    return;
  }
  if (model && (allowed.has(normaliseModelName(model)) || isSmallTable(model, words))) return;
  let verdict: Selectivity = judgePredicates(facts.predicates, model, words);
  if (verdict.kind === 'bounded') return;
  // Options we cannot read (`find(filter, null, options)`) may carry the limit.
  if (facts.opaque) verdict = { kind: 'unknown' };
  // A class or object that keeps a cache of the whole table says the table is small.
  if (verdict.kind === 'unbounded' && verdict.reason === 'noFilter' && isKeptAsCache(node)) return;
  if (verdict.kind === 'unknown') {
    if (!file.settings.checkOpaque) return;
    const text = verdict.predicate?.text ? ` (\`${verdict.predicate.text}\`)` : '';
    context.report({ node, messageId: 'opaqueFilter', data: { call, source, text } });
    return;
  }
  const scale = findScaleEvidence(context, node, model, verdict, words);
  if (scale === null && !file.settings.checkAnyTable) return;
  const loop = findRowLoop(file.sourceCode, node);
  const fix = loop && kind ? streamingFix(file.sourceCode, node, loop, kind) : null;
  context.report({
    node,
    messageId: 'unboundedQuery',
    data: { call, source, why: describeReason(verdict), scale: scale ? ` (${scale})` : '', perRow: describePerRow(loop) },
    ...(fix ? { suggest: [{ messageId: 'useStream' as const, data: { stream: fix.stream }, fix: fix.fix }] } : {}),
  });
}

/** What the options say, read once per options object rather than per file. */
interface QuerySettings {
  readonly checkOpaque: boolean;
  readonly checkAnyTable: boolean;
  readonly allowed: ReadonlySet<string>;
  readonly words: TableWords;
}

const getSettings = memoizeByOptions(
  (options: Options[0]): QuerySettings => ({
    checkOpaque: (options.checkOpaqueFilters ?? false) || (options.checkFiltered ?? false),
    checkAnyTable: options.checkAnyTable ?? false,
    allowed: new Set((options.allowModels ?? []).map(normaliseModelName)),
    words: buildTableWords(options),
  }),
);

/** The query sits in a class or object literal with a member named like a cache (`cachedProperties`, `_cachedMessages`). */
function isKeptAsCache(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current.body.some((member) => 'key' in member && hasCacheName(member.key));
    if (current.type === AST_NODE_TYPES.ObjectExpression) {
      if (current.properties.some((property) => property.type === AST_NODE_TYPES.Property && hasCacheName(property.key))) return true;
    }
  }
  return false;
}

function hasCacheName(key: TSESTree.Node): boolean {
  return (key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier) && /cache/iu.test(key.name);
}

function sqlFacts(predicates: readonly Predicate[] | undefined, offset: boolean | undefined): QueryFacts {
  return { predicates: predicates ?? [], limited: false, offset: offset === true, opaque: false };
}

function describeSource(model: string | undefined, kind: Kind | undefined): string {
  const name = model ? `'${model}'` : 'its table';
  return kind?.evidence ? `${name} (${kind.evidence})` : name;
}

/** The reason in the message, after "it": "filters only on a constant (`deletedAt: null`)". */
function describeReason(verdict: Extract<Selectivity, { kind: 'unbounded' }>): string {
  const predicate = verdict.predicate;
  const column = predicate?.column ? `\`${predicate.column}\`` : 'a column';
  const shown = predicate?.text ? ` (\`${predicate.text}\`)` : predicate?.column ? ` (${column})` : '';
  switch (verdict.reason) {
    case 'noFilter':
      return 'has no filter';
    case 'constant':
      return `filters only on a constant${shown}, which most rows may share`;
    case 'range':
      return `filters on a range of ${column}, a window that keeps growing`;
    case 'negation':
      return `filters only with a negation${shown}, which keeps most rows`;
    case 'existence':
      return `filters only on whether ${column} is set${shown}`;
    case 'pattern':
      return `filters only on a pattern match of ${column}`;
    case 'ownerOnly':
      return `filters only on its owner (${column}) in an append-only table that keeps growing under each owner`;
    case 'tenantOnly':
      return `filters only on a tenant (${column}) and loads every member of that tenant`;
  }
}

function describePerRow(loop: RowLoop | null): string {
  if (!loop?.awaitsPerRow) return '';
  return ` The loop at line ${loop.loop.loc.start.line} awaits once per row, so every row stays in memory until the last one is done.`;
}
