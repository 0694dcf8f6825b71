/**
 * The data layer as `no-unbounded-query` sees it: which values are ORM clients, repositories,
 * models and query builders, and what a builder's chain or a query's arguments did to its rows.
 */
import { getStaticValue } from '@eslint-community/eslint-utils';
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Scope as ESLintScope } from 'eslint';
import { decoratorsOf, getStaticPropertyName, isFunctionNode, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import {
  MODELS_DIRECTORY,
  MODELS_INDEX,
  QUERY_APIS,
  RAW_SQL,
  SQL_TAG_SOURCES,
  type BuilderSpec,
  type QueryApi,
  type QuerySpec,
  type RoleRef,
  type RoleSpec,
} from './catalogs/query-apis.js';
import { getModuleSources, isModuleIn, iterateModuleReferences, moduleNameSet, CALL, CONSTRUCT, READ, type TraceMap } from './imports.js';
import { createFilterReader } from './query-filters.js';
import { combineOr, type Predicate } from './query-selectivity.js';
import { findThisOwner, resolveVariable } from './scope.js';
import type { ReceiverTypeReader } from './query-receiver-types.js';
import { classifySql, SQL_INTERPOLATION } from './sql.js';
import { includesAnyWord, includesWord } from './text-search.js';

/** A project module that exports ORM instances (the rule's `instances` option). */
export interface InstanceOption {
  library: string;
  module: string;
  exports?: string[];
  role?: string;
}

type Variable = TSESLint.Scope.Variable;
const { DefinitionType } = TSESLint.Scope;

/** An ORM value the rule has identified: which library, what it is, and for builders what its chain did. */
export interface Kind {
  api: QueryApi;
  role: string;
  /** Model, entity, table or collection name, for messages and `allowModels`. */
  model?: string;
  /** How the value was recognised when only a naming convention says so, for the message. */
  evidence?: string;
  state?: ChainState;
}
export interface ChainState {
  /** The conjunction of the chain's filter calls. */
  predicates: readonly Predicate[];
  limited: boolean;
  /** An offset (`skip`, `offset`) is set. */
  offset: boolean;
  streamed: boolean;
  /** Handed to code we cannot see, or built from parts we cannot read: no verdict. */
  opaque: boolean;
  hasSource: boolean;
}
/** What a query's arguments say. */
export interface ArgumentFacts {
  predicates: Predicate[];
  limited: boolean;
  offset: boolean;
  opaque: boolean;
  /** A legacy callback receives the rows: the call itself runs the query. */
  callback: boolean;
}
/** What the import tracker found at a node: a role, a class to extend, or an SQL-executing tag (postgres.js). */
interface TracedInfo {
  api: QueryApi | null;
  role?: string;
  modelArg?: number;
  classBase?: { instance?: string; static?: string };
  sqlTag?: boolean;
}
/** How a class declares `this.<name>`: annotations, injection decorators, assigned values. */
interface ClassMember {
  types: TSESTree.TypeNode[];
  decorators: TSESTree.Decorator[];
  values: TSESTree.Expression[];
  kinds?: readonly Kind[];
  /** `mayReach`'s answer for the member, when its kinds are not known yet. */
  mayReach?: boolean;
}

const NO_KINDS: readonly Kind[] = [];
/** Expressions whose type names a receiver: variables, fields and call results, not chains' parts. */
const TYPED_RECEIVERS = new Set<string>([AST_NODE_TYPES.Identifier, AST_NODE_TYPES.MemberExpression, AST_NODE_TYPES.CallExpression]);
const API_BY_ID = new Map(QUERY_APIS.map((api) => [api.id, api]));
/** Each catalog module's library (the first that lists it, as a search of the catalog would find). */
const API_BY_MODULE = new Map(QUERY_APIS.flatMap((api) => api.modules.map((module) => [module, api] as const)).reverse());
export const CANDIDATE_METHODS = new Set<string>([
  ...QUERY_APIS.flatMap((api) =>
    Object.values(api.roles).flatMap((role) => [
      ...Object.keys(role.queries ?? {}),
      ...(role.builder?.materialise ?? []),
    ]),
  ),
  ...RAW_SQL.methods,
  ...RAW_SQL.lazyMethods,
  ...RAW_SQL.preparedMaterialise,
]);
/**
 * Per library, the roles from which a chain can reach a builder that runs when awaited (a Mongoose
 * query, a knex builder): through property reads, method calls, calling the value, or a query that
 * returns a builder. Callbacks are left out: they give a role to a parameter, not to the chain.
 */
const AWAITED_BUILDER_ROLES = new Map<QueryApi, ReadonlySet<string>>(QUERY_APIS.map((api) => [api, rolesReachingAwaitedBuilder(api)]));
/** Call shapes and name hints that give such a role to a value whatever it is read from. */
const AWAITED_BUILDER_CALL_SHAPES = new Set(
  QUERY_APIS.flatMap((api) => Object.entries(api.callShapes ?? {}).filter(([, role]) => reachesAwaitedBuilder(api, role)).map(([name]) => name)),
);
const AWAITED_BUILDER_HINTS = QUERY_APIS.flatMap((api) => (api.nameHint && reachesAwaitedBuilder(api, api.nameHint.role) ? [api.nameHint.pattern] : []));
/** The libraries with such builders, what they are loaded from, and whether they read models from the models directory. */
const AWAITED_BUILDER_APIS = QUERY_APIS.filter((api) => (AWAITED_BUILDER_ROLES.get(api)?.size ?? 0) > 0);
const AWAITED_BUILDER_MODULE_SET = moduleNameSet(AWAITED_BUILDER_APIS.flatMap(modulesOf));
const AWAITED_BUILDER_LIBRARIES: ReadonlySet<string> = new Set(AWAITED_BUILDER_APIS.map((api) => api.id));
const AWAITED_BUILDER_MODELS = AWAITED_BUILDER_APIS.some((api) => api.modelsDirectoryHint && reachesAwaitedBuilder(api, api.modelsDirectoryHint.role));
const AWAITED_BUILDER_CALL_SHAPE_NAMES = [...AWAITED_BUILDER_CALL_SHAPES];
/** The name hints as whole-word scans of a file's text (`this.knex`, `trx(…)`, `db(TABLE)`). */
const AWAITED_BUILDER_HINTS_IN_TEXT = AWAITED_BUILDER_HINTS.map(
  (pattern) => new RegExp(`\\b(?:${pattern.source.replace(/^\^|\$$/gu, '')})\\b`, pattern.flags.replace('u', '')),
);

/** What a library is loaded from: its modules and its DI decorators' modules. */
function modulesOf(api: QueryApi): string[] {
  return [...api.modules, ...(api.decorators ?? []).map((decorator) => decorator.module)];
}

function rolesReachingAwaitedBuilder(api: QueryApi): ReadonlySet<string> {
  const reaching = new Set<string>();
  const nextRoles = (role: RoleSpec): string[] => [
    ...Object.values(role.properties ?? {}).map((ref) => ref.role),
    ...Object.values(role.methods ?? {}).map((ref) => ref.role),
    ...(role.call ? [role.call.role] : []),
    ...Object.values(role.queries ?? {}).flatMap((query) => (query.returns ? [query.returns] : [])),
  ];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, role] of Object.entries(api.roles)) {
      if (reaching.has(name) || !(role.builder?.materialiseOnAwait || nextRoles(role).some((next) => reaching.has(next)))) continue;
      reaching.add(name);
      grew = true;
    }
  }
  return reaching;
}

function reachesAwaitedBuilder(api: QueryApi, role: string): boolean {
  return AWAITED_BUILDER_ROLES.get(api)?.has(role) === true;
}

function reaches(kinds: readonly Kind[]): boolean {
  return kinds.some((kind) => reachesAwaitedBuilder(kind.api, kind.role));
}

/** Calls that run a builder and may take a function first (`then(fn)`, `asCallback(fn)`). */
const MATERIALISE_METHODS = new Set(QUERY_APIS.flatMap((api) => Object.values(api.roles).flatMap((role) => role.builder?.materialise ?? [])));
/** Methods that hand an instance to their callback (`transaction`): other callbacks' parameters are not looked up. */
const CALLBACK_METHODS = new Set(QUERY_APIS.flatMap((api) => Object.values(api.roles).flatMap((role) => Object.keys(role.callbacks ?? {}))));
/** Without ORM evidence only raw SQL can be found. */
export const RAW_CANDIDATE_METHODS = new Set<string>([...RAW_SQL.methods, ...RAW_SQL.lazyMethods, ...RAW_SQL.preparedMaterialise]);
const STATIC_MODULE_SET = moduleNameSet([...QUERY_APIS.flatMap(modulesOf), ...SQL_TAG_SOURCES.map((source) => source.module)]);
const EXTENSION = /\.(?:[cm]?[jt]sx?)$/u;
// Whole-file scans (after substring checks): no `u` flag, because V8 runs a case-insensitive
// ASCII scan about ten times faster without it.
const SELECT_WORD = /\bselect\b/i;
const DB_FIND_MANY = /\bdb\s*\.\s*\w+\s*\.\s*findMany\b/i;
const PRISMA_MODULE = /(?:^|[/@~])prisma(?:$|[/.])/iu;
const PRISMA_WORDS = ['prisma', 'Prisma', 'PRISMA'];
// `select` and `Select` share their rarest part, so two scans find the three spellings.
const ELECT_SPELLINGS = ['elect', 'ELECT'];

/**
 * What a value is in the data layer: which ORM or driver, which role (client, repository,
 * builder, model), which model, and for builders what their chain did. Resolved from imports,
 * constructors, annotations, DI decorators, class fields, naming conventions and chain calls;
 * cached per node and per variable, so each is resolved once per file.
 */
export type QueryResolver = ReturnType<typeof createQueryResolver>;

export function createQueryResolver(
  sourceCode: Readonly<TSESLint.SourceCode>,
  instanceOptions: readonly InstanceOption[],
  types: ReceiverTypeReader | null = null,
) {
  const kindCache = new Map<TSESTree.Node, readonly Kind[]>();
  const variableCache = new Map<Variable, readonly Kind[]>();
  const reachCache = new Map<Variable, boolean>();
  const effectCache = new Map<Variable, Map<string, ChainState>>();
  const classStaticCache = new Map<TSESTree.Node, readonly Kind[]>();
  const classInstanceCache = new Map<TSESTree.Node, readonly Kind[]>();
  const classMemberCache = new Map<TSESTree.Node, Map<string, ClassMember>>();
  const objectLiteralCache = new Map<Variable, TSESTree.ObjectExpression | null>();
  const traced = new Map<TSESTree.Node, TracedInfo>();
  let fileApis: QueryApi[] = [];
  let apiByModule = new Map<string, QueryApi>();
  let usesPagedDriver = false;
  const filters = createFilterReader(sourceCode, resolveObjectLiteral, sqlTextOf);

  /** One pass over the imports: which libraries the file uses, then the tracker over them. */
  function prepare(): void {
    const sources = getModuleSources(sourceCode);
    apiByModule = new Map();
    for (const source of sources) {
      const api = catalogApiOf(source);
      if (api) apiByModule.set(source, api);
    }
    usesPagedDriver = RAW_SQL.pagedModules.some((module) => sources.has(module));
    // Every catalog module is tracked, so `require('knex')(config)` inside a function is found too.
    for (const reference of iterateModuleReferences(sourceCode, traceMapFor(apiByModule))) {
      traced.set(reference.node, reference.info);
      const module = reference.path[0];
      if (module !== undefined && reference.info.api && !apiByModule.has(module)) apiByModule.set(module, reference.info.api);
    }
    fileApis = [...new Set(apiByModule.values())];
  }

  function kindsOf(raw: TSESTree.Node): readonly Kind[] {
    const node = skipTypeWrappers(raw);
    const cached = kindCache.get(node);
    if (cached) return cached;
    kindCache.set(node, NO_KINDS);
    const syntactic = computeKinds(node);
    const kinds = types && TYPED_RECEIVERS.has(node.type) ? withTypes(types, node, syntactic) : syntactic;
    kindCache.set(node, kinds);
    return kinds;
  }

  function computeKinds(node: TSESTree.Node): readonly Kind[] {
    const info = traced.get(node);
    if (info?.api && info.role) {
      const call = node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression ? node : undefined;
      return [makeKind(info.api, { role: info.role, modelArg: info.modelArg }, call, undefined)];
    }
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return identifierKinds(node);
      case AST_NODE_TYPES.ThisExpression:
        return thisKinds(node);
      case AST_NODE_TYPES.MemberExpression:
        return memberKinds(node);
      case AST_NODE_TYPES.CallExpression:
        return callKinds(node);
      case AST_NODE_TYPES.NewExpression:
        return newKinds(node);
      case AST_NODE_TYPES.AwaitExpression:
        // `await MongoClient.connect()` is the client; awaiting a builder runs it.
        return kindsOf(node.argument).filter((kind) => !kind.state);
      case AST_NODE_TYPES.ChainExpression:
        return kindsOf(node.expression);
      default:
        return NO_KINDS;
    }
  }

  /**
   * Whether `kindsOf(node)` may hold a builder that runs when awaited: a necessary condition, cheap
   * enough for every awaited and returned expression. It asks whether the value may have a role from
   * which the catalog reaches such a builder (`mayReach`). Most awaits in service code
   * (`await this.users.save(user)`) cannot, and are not resolved.
   */
  function mayBeAwaitedBuilder(node: TSESTree.Node): boolean {
    return types !== null || mayReach(node);
  }

  /**
   * Whether `kindsOf(node)` may hold a role that reaches a builder run by await. A link of a chain
   * gets its kind from the link below it, so some link must get a reaching kind by itself: a
   * reference the tracker found, a name hint, a call shape, a `this.<field>` declaration, or the
   * root's declaration, whose initializer and later values are asked the same question.
   */
  function mayReach(raw: TSESTree.Node): boolean {
    let node = skipTypeWrappers(raw);
    for (;;) {
      if (traced.has(node)) return true;
      switch (node.type) {
        case AST_NODE_TYPES.ChainExpression:
          node = skipTypeWrappers(node.expression);
          break;
        case AST_NODE_TYPES.AwaitExpression:
          node = skipTypeWrappers(node.argument);
          break;
        case AST_NODE_TYPES.CallExpression: {
          const method = getMemberCall(node);
          if (method && AWAITED_BUILDER_CALL_SHAPES.has(method.name)) return true;
          node = skipTypeWrappers(node.callee);
          break;
        }
        case AST_NODE_TYPES.MemberExpression:
          if (memberMayReach(node)) return true;
          node = skipTypeWrappers(node.object);
          break;
        case AST_NODE_TYPES.Identifier: {
          const variable = resolveVariable(sourceCode, node);
          return variable !== null && variableMayReach(variable);
        }
        case AST_NODE_TYPES.ThisExpression:
          return reaches(thisKinds(node));
        default:
          return true;
      }
    }
  }

  /** `this.knex`, `trx`-named properties: a member that gets its kind from its declaration or its name. */
  function memberMayReach(node: TSESTree.MemberExpression): boolean {
    const name = getStaticPropertyName(node);
    if (name === null) return false;
    if (AWAITED_BUILDER_HINTS.some((pattern) => pattern.test(name))) return true;
    const object = skipTypeWrappers(node.object);
    if (object.type !== AST_NODE_TYPES.ThisExpression) return false;
    const owner = findThisOwner(object);
    const member = owner && !owner.isStatic ? classMembers(owner.classNode).get(name) : undefined;
    if (!member) return false;
    if (member.kinds) return reaches(member.kinds);
    if (member.mayReach === undefined) {
      // Answered once per member (services read `this.<field>` in every method); a read inside the
      // member's own value (`this.qb = this.qb.where(…)`) adds nothing to the answer.
      member.mayReach = false;
      member.mayReach =
        member.decorators.some((decorator) => reaches(decoratorKinds(decorator))) ||
        member.types.some((type) => reaches(typeKinds(type))) ||
        member.values.some((value) => mayReach(value));
    }
    return member.mayReach;
  }

  /**
   * The question for a binding, answered once per variable. A declared variable is asked through its
   * annotation, initializer, later values and name; imports, parameters and classes are resolved,
   * since their kinds come from their declaration alone.
   */
  function variableMayReach(variable: Variable): boolean {
    const cached = reachCache.get(variable);
    if (cached !== undefined) return cached;
    reachCache.set(variable, false);
    const def = variable.defs[0];
    const declarator = def?.type === DefinitionType.Variable && def.node.id === def.name ? def.node : null;
    let answer: boolean;
    if (!declarator || variableCache.has(variable) || (declarator.init && requireSource(skipAwait(skipTypeWrappers(declarator.init))) !== null)) {
      answer = reaches(variableKinds(variable));
    } else {
      const annotation = declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.id.typeAnnotation : undefined;
      answer =
        AWAITED_BUILDER_HINTS.some((pattern) => pattern.test(variable.name)) ||
        (annotation !== undefined && reaches(typeKinds(annotation.typeAnnotation))) ||
        (declarator.init !== null && mayReach(declarator.init)) ||
        variable.references.some((reference) => reference.isWrite() && !reference.init && reference.writeExpr !== undefined && reference.writeExpr !== null && mayReach(reference.writeExpr));
    }
    reachCache.set(variable, answer);
    return answer;
  }

  function identifierKinds(identifier: TSESTree.Identifier): readonly Kind[] {
    const variable = resolveVariable(sourceCode, identifier);
    return variable ? variableKinds(variable) : NO_KINDS;
  }

  /**
   * What the tracker knows about a node. It reports an imported or destructured binding at its
   * declaration (`import { Model }`, `const { Model } = require(…)`), not at each use.
   */
  function tracedInfoOf(raw: TSESTree.Node): TracedInfo | undefined {
    const node = skipTypeWrappers(raw);
    const direct = traced.get(node);
    if (direct || node.type !== AST_NODE_TYPES.Identifier) return direct;
    const def = resolveVariable(sourceCode, node)?.defs[0];
    if (def?.type === DefinitionType.ImportBinding) return traced.get(def.node);
    if (def?.type !== DefinitionType.Variable) return undefined;
    if (def.node.id !== def.name) return traced.get(def.name.parent);
    return def.node.init ? traced.get(skipTypeWrappers(def.node.init)) : undefined;
  }

  function variableKinds(variable: Variable): readonly Kind[] {
    const cached = variableCache.get(variable);
    if (cached) return cached;
    variableCache.set(variable, NO_KINDS);
    const base = declaredKinds(variable);
    const kinds = base.map((kind) =>
      kind.state ? { ...kind, state: mergeStates(kind.state, variableEffects(variable, kind)) } : kind,
    );
    variableCache.set(variable, kinds);
    return kinds;
  }

  /** Kinds from the declaration: import, initializer, later assignments, annotation, decorators, callbacks. */
  function declaredKinds(variable: Variable): readonly Kind[] {
    const def = variable.defs[0];
    if (!def) return NO_KINDS;
    const tracedValue = def.type === DefinitionType.ImportBinding ? traced.get(def.node) : def.type === DefinitionType.Variable && def.node.id !== def.name ? traced.get(def.name.parent) : undefined;
    if (tracedValue?.api && tracedValue.role) return [{ api: tracedValue.api, role: tracedValue.role }];
    switch (def.type) {
      case DefinitionType.ImportBinding:
        return importKinds(def.node, variable.name);
      case DefinitionType.ClassName:
        return classStaticKinds(def.node);
      case DefinitionType.Variable:
        return declaredVariableKinds(variable, def.node, def.name);
      case DefinitionType.Parameter:
        return parameterKinds(def.name, def.node);
      default:
        return NO_KINDS;
    }
  }

  function declaredVariableKinds(variable: Variable, declarator: TSESTree.VariableDeclarator, name: TSESTree.BindingName): readonly Kind[] {
    const kinds: Kind[] = [];
    if (name.type === AST_NODE_TYPES.Identifier && name.typeAnnotation) kinds.push(...typeKinds(name.typeAnnotation.typeAnnotation));
    const init = declarator.init ? skipAwait(skipTypeWrappers(declarator.init)) : null;
    const requiredFrom = init ? requireSource(init) : null;
    if (requiredFrom !== null) {
      // `const db = require('./db')`, `const { User } = require('../models')`.
      if (apiForModule(requiredFrom)) return kinds;
      const importedName = declarator.id === name ? 'default' : destructuredKey(name);
      return [...kinds, ...localImportKinds(requiredFrom, importedName, variable.name)];
    }
    if (declarator.id !== name) return kinds;
    if (declarator.init) kinds.push(...kindsOf(declarator.init));
    for (const reference of variable.references) {
      if (!reference.isWrite() || reference.init || !reference.writeExpr) continue;
      if (isChainOf(reference.writeExpr, variable)) continue;
      kinds.push(...kindsOf(reference.writeExpr));
    }
    // A name hint cannot outweigh a value we can see: `const prisma = { user: { findMany: vi.fn() } }` is a mock.
    if (kinds.length === 0 && (!init || !isVisiblyLocalValue(init))) kinds.push(...hintKinds(variable.name, undefined));
    return dedupe(kinds);
  }

  function parameterKinds(name: TSESTree.BindingName, fn: TSESTree.Node): readonly Kind[] {
    if (name.type !== AST_NODE_TYPES.Identifier) return NO_KINDS;
    const kinds: Kind[] = [];
    const holder = name.parent.type === AST_NODE_TYPES.TSParameterProperty ? name.parent : name;
    for (const decorator of holder.decorators ?? []) kinds.push(...decoratorKinds(decorator));
    if (name.typeAnnotation) kinds.push(...typeKinds(name.typeAnnotation.typeAnnotation));
    if (isFunctionNode(fn) && fn.params[0] === holder) kinds.push(...callbackKinds(fn));
    if (kinds.length === 0) kinds.push(...hintKinds(name.name, undefined));
    return dedupe(kinds);
  }

  /** `prisma.$transaction(async (tx) => …)`, `knex.transaction(trx => …)`: the callback's first parameter. */
  function callbackKinds(fn: TSESTree.FunctionLike): readonly Kind[] {
    const call = fn.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return NO_KINDS;
    const method = getMemberCall(call);
    if (!method || !CALLBACK_METHODS.has(method.name)) return NO_KINDS;
    return kindsOf(method.object).flatMap((kind) => {
      const role = roleOf(kind)?.callbacks?.[method.name];
      return role ? [{ api: kind.api, role }] : [];
    });
  }

  function importKinds(specifier: TSESTree.Node, localName: string): readonly Kind[] {
    const declaration = specifier.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) {
      // `import db = require('./db')`
      if (specifier.type === AST_NODE_TYPES.TSImportEqualsDeclaration && specifier.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
        const source = specifier.moduleReference.expression.value;
        return apiForModule(source) ? NO_KINDS : localImportKinds(source, 'default', localName);
      }
      return NO_KINDS;
    }
    const source = declaration.source.value;
    if (apiForModule(source) || specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return NO_KINDS;
    const importedName =
      specifier.type === AST_NODE_TYPES.ImportSpecifier
        ? specifier.imported.type === AST_NODE_TYPES.Identifier
          ? specifier.imported.name
          : specifier.imported.value
        : 'default';
    return localImportKinds(source, importedName, localName);
  }

  /** A value from the project's own modules: configured instances, the file's libraries, name hints. */
  function localImportKinds(source: string, importedName: string, localName: string): readonly Kind[] {
    const configured = configuredKinds(source, importedName, localName);
    if (configured.length > 0) return configured;
    const kinds: Kind[] = [];
    for (const api of fileApis) {
      for (const role of api.contextRoles ?? []) kinds.push({ api, role, model: localName });
    }
    kinds.push(...hintKinds(localName, source), ...modelsDirectoryKinds(source, importedName, localName));
    return dedupe(kinds);
  }

  function configuredKinds(source: string, importedName: string, localName: string): Kind[] {
    const kinds: Kind[] = [];
    for (const entry of instanceOptions) {
      if (!matchesModule(source, entry.module)) continue;
      if (entry.exports && !entry.exports.includes(importedName)) continue;
      const api = API_BY_ID.get(entry.library);
      if (!api) continue;
      const role = entry.role && entry.role in api.roles ? entry.role : api.defaultRole;
      kinds.push(makeKind(api, { role }, undefined, localName));
    }
    return kinds;
  }

  /** `import User from '../models/user'`, `const db = require('../models')`: active-record models by convention. */
  function modelsDirectoryKinds(source: string, importedName: string, localName: string): readonly Kind[] {
    if (!isModelsModule(source)) return NO_KINDS;
    const binding = modelBindingOf(source, importedName, localName);
    if (binding === null) return NO_KINDS;
    const isMap = binding === 'map';
    const kinds: Kind[] = [];
    for (const api of QUERY_APIS) {
      const hint = api.modelsDirectoryHint;
      if (hint) kinds.push({ api, role: isMap ? hint.mapRole : hint.role, ...(isMap ? {} : { model: localName }) });
    }
    return kinds;
  }

  /** Prisma clients are conventionally named after the library (`prisma`, `PrismaService`, `lib/prisma`). */
  function hintKinds(name: string, source: string | undefined): readonly Kind[] {
    const kinds: Kind[] = [];
    for (const api of QUERY_APIS) {
      const hint = api.nameHint;
      if (!hint) continue;
      if (!hint.pattern.test(name) && (source === undefined || !hint.modulePattern?.test(source))) continue;
      const model = hint.modelPattern?.exec(name)?.[1];
      kinds.push({ api, role: hint.role, evidence: `'${name}' read as ${hint.evidence}`, ...(model ? { model } : {}) });
    }
    return kinds;
  }

  function typeKinds(type: TSESTree.TypeNode): readonly Kind[] {
    switch (type.type) {
      case AST_NODE_TYPES.TSTypeReference:
        return typeReferenceKinds(type);
      case AST_NODE_TYPES.TSUnionType: {
        const members = type.types.filter((member) => !isNullishType(member));
        return members.length === 1 ? typeKinds(members[0]!) : NO_KINDS;
      }
      case AST_NODE_TYPES.TSTypeQuery:
        return type.exprName.type === AST_NODE_TYPES.Identifier ? identifierKinds(type.exprName) : NO_KINDS;
      default:
        return NO_KINDS;
    }
  }

  function typeReferenceKinds(type: TSESTree.TSTypeReference): readonly Kind[] {
    const { typeName } = type;
    const left = typeName.type === AST_NODE_TYPES.TSQualifiedName ? typeName.left : typeName;
    if (left.type !== AST_NODE_TYPES.Identifier) return NO_KINDS;
    const variable = ASTUtils.findVariable(sourceCode.getScope(type), left.name);
    const def = variable?.defs[0];
    if (!def) return NO_KINDS;
    if (def.type === DefinitionType.ClassName && typeName.type === AST_NODE_TYPES.Identifier) return classInstanceKinds(def.node);
    if (def.type !== DefinitionType.ImportBinding) return NO_KINDS;
    const specifier = def.node;
    const declaration = specifier.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return NO_KINDS;
    const source = declaration.source.value;
    const api = apiForModule(source);
    const right = typeName.type === AST_NODE_TYPES.TSQualifiedName ? typeName.right.name : null;
    if (!api) {
      // A type from the project (`PrismaService`): only a configured module or a name hint says what it is.
      const name = right ?? left.name;
      const configured = configuredKinds(source, importedNameOf(specifier), name);
      return configured.length > 0 ? configured : hintKinds(name, undefined);
    }
    let key: string;
    if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
      if (right === null) return NO_KINDS;
      key = right;
    } else {
      const imported = importedNameOf(specifier);
      key = right === null ? imported : `${imported}.${right}`;
    }
    const ref = api.types?.[key] ?? classInstanceRef(api, key);
    if (!ref) return NO_KINDS;
    const modelNode = ref.modelArg === undefined ? undefined : type.typeArguments?.params[ref.modelArg];
    return [makeKind(api, { role: ref.role }, undefined, modelNode ? typeNameOf(modelNode) : undefined)];
  }

  function decoratorKinds(decorator: TSESTree.Decorator): readonly Kind[] {
    const expression = decorator.expression;
    if (expression.type !== AST_NODE_TYPES.CallExpression || expression.callee.type !== AST_NODE_TYPES.Identifier) return NO_KINDS;
    const variable = resolveVariable(sourceCode, expression.callee);
    const def = variable?.defs[0];
    if (def?.type !== DefinitionType.ImportBinding || def.node.parent?.type !== AST_NODE_TYPES.ImportDeclaration) return NO_KINDS;
    const source = def.node.parent.source.value;
    const imported = importedNameOf(def.node);
    const kinds: Kind[] = [];
    for (const api of QUERY_APIS) {
      for (const entry of api.decorators ?? []) {
        if (entry.module === source && entry.name === imported) {
          kinds.push(makeKind(api, { role: entry.role, modelArg: entry.modelArg }, expression, undefined));
        }
      }
    }
    return kinds;
  }

  function thisKinds(node: TSESTree.ThisExpression): readonly Kind[] {
    const owner = findThisOwner(node);
    if (!owner) return NO_KINDS;
    return owner.isStatic ? classStaticKinds(owner.classNode) : classInstanceKinds(owner.classNode);
  }

  function memberKinds(node: TSESTree.MemberExpression): readonly Kind[] {
    const name = getStaticPropertyName(node);
    if (name === null) return NO_KINDS;
    const kinds: Kind[] = [];
    const object = skipTypeWrappers(node.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) kinds.push(...thisMemberKinds(object, name));
    for (const kind of kindsOf(object)) {
      const role = roleOf(kind);
      const direct = role?.properties?.[name];
      if (direct) kinds.push({ api: kind.api, role: direct.role, ...(kind.model ? { model: kind.model } : {}) });
      else if (role?.properties?.['*'] && !name.startsWith('$') && !name.startsWith('_') && name !== 'query') {
        kinds.push({ api: kind.api, role: role.properties['*'].role, model: name });
      }
    }
    if (kinds.length === 0) kinds.push(...hintKinds(name, undefined));
    return dedupe(kinds);
  }

  /** `this.repo`: the class field, constructor parameter property or constructor assignment that declares it. */
  function thisMemberKinds(node: TSESTree.ThisExpression, name: string): readonly Kind[] {
    const owner = findThisOwner(node);
    if (!owner || owner.isStatic) return NO_KINDS;
    const member = classMembers(owner.classNode).get(name);
    if (!member) return NO_KINDS;
    // Kept once known; a read inside the member's own value (`this.qb = this.qb.where(…)`) works it out again.
    if (member.kinds) return member.kinds;
    // The injection decorator names the model (`@InjectModel(Cat.name)`) better than the document type.
    const kinds: Kind[] = [];
    for (const decorator of member.decorators) kinds.push(...decoratorKinds(decorator));
    for (const type of member.types) kinds.push(...typeKinds(type));
    for (const value of member.values) kinds.push(...kindsOf(value));
    member.kinds = dedupe(kinds);
    return member.kinds;
  }

  function classMembers(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): Map<string, ClassMember> {
    const cached = classMemberCache.get(classNode);
    if (cached) return cached;
    const members = collectClassMembers(classNode);
    classMemberCache.set(classNode, members);
    return members;
  }

  function callKinds(node: TSESTree.CallExpression): readonly Kind[] {
    const method = getMemberCall(node);
    if (!method) {
      return kindsOf(node.callee).flatMap((kind) => {
        const ref = roleOf(kind)?.call;
        return ref ? [makeKind(kind.api, ref, node, kind.model)] : [];
      });
    }
    const kinds: Kind[] = [];
    const receivers = kindsOf(method.object);
    if (receivers.length === 0) {
      // `this.db('users')`: a member that is itself a callable instance.
      const called = kindsOf(node.callee).flatMap((kind) => {
        const ref = roleOf(kind)?.call;
        return ref ? [makeKind(kind.api, ref, node, kind.model)] : [];
      });
      return called.length > 0 ? called : callShapeKinds(node, method.name);
    }
    for (const kind of receivers) {
      const role = roleOf(kind);
      if (!role) continue;
      const next = role.methods?.[method.name];
      if (next) {
        kinds.push(makeKind(kind.api, next, node, kind.model));
        continue;
      }
      const query = role.queries?.[method.name];
      if (query?.returns) {
        const facts = readQueryArguments(query, node);
        if (!facts || facts.callback) continue;
        kinds.push({
          api: kind.api,
          role: query.returns,
          ...(kind.model ? { model: kind.model } : {}),
          ...(kind.evidence ? { evidence: kind.evidence } : {}),
          state: { predicates: facts.predicates, limited: facts.limited, offset: facts.offset, opaque: facts.opaque, streamed: false, hasSource: true },
        });
        continue;
      }
      if (role.builder && kind.state) {
        const chained = chainStep(kind, role.builder, method.name, node);
        if (chained) kinds.push(chained);
      }
    }
    return kinds;
  }

  /** `this.connection.getRepository(ctx, Member)` on a project wrapper: the call shape names the role. */
  function callShapeKinds(node: TSESTree.CallExpression, name: string): readonly Kind[] {
    const kinds: Kind[] = [];
    for (const api of QUERY_APIS) {
      const role = api.callShapes?.[name];
      if (!role) continue;
      const model = modelNameOf(node.arguments.at(-1));
      kinds.push({ api, role, evidence: `a ${api.label} repository by its \`${name}(…)\` call`, ...(model ? { model } : {}) });
    }
    return kinds;
  }

  function newKinds(node: TSESTree.NewExpression): readonly Kind[] {
    // `new PrismaService()` where `class PrismaService extends PrismaClient` is in this file.
    if (node.callee.type !== AST_NODE_TYPES.Identifier) return NO_KINDS;
    const variable = resolveVariable(sourceCode, node.callee);
    const def = variable?.defs[0];
    return def?.type === DefinitionType.ClassName ? classInstanceKinds(def.node) : NO_KINDS;
  }

  /** Roles of a class itself: `class User extends Model` is a Sequelize model. */
  function classStaticKinds(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): readonly Kind[] {
    return classKinds(classNode, 'static', classStaticCache);
  }

  /** Roles of a class's instances: `class PrismaService extends PrismaClient`. */
  function classInstanceKinds(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): readonly Kind[] {
    return classKinds(classNode, 'instance', classInstanceCache);
  }

  function classKinds(
    classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
    side: 'static' | 'instance',
    cache: Map<TSESTree.Node, readonly Kind[]>,
  ): readonly Kind[] {
    const cached = cache.get(classNode);
    if (cached) return cached;
    cache.set(classNode, NO_KINDS);
    let kinds: readonly Kind[] = NO_KINDS;
    const superClass = classNode.superClass ? skipTypeWrappers(classNode.superClass) : null;
    if (superClass) {
      const info = tracedInfoOf(superClass);
      const base = info?.classBase;
      // A model class is named after itself; a custom repository after its entity type argument.
      const name = side === 'static' ? classNode.id?.name : typeNameOfArguments(classNode.superTypeArguments);
      const api = info?.api;
      if (base && api) {
        const role = base[side];
        kinds = role ? [{ api, role, ...(name ? { model: name } : {}) }] : NO_KINDS;
      } else if (superClass.type === AST_NODE_TYPES.Identifier) {
        const variable = resolveVariable(sourceCode, superClass);
        const def = variable?.defs[0];
        if (def?.type === DefinitionType.ClassName) {
          const inherited = classKinds(def.node, side, cache);
          kinds = side === 'static' && name ? inherited.map((kind) => ({ ...kind, model: name })) : inherited;
        }
      }
    }
    cache.set(classNode, kinds);
    return kinds;
  }

  /** A builder's chain call: filter, limit, stream, source; materialising and ending calls leave the builder. */
  function chainStep(kind: Kind, spec: BuilderSpec, name: string, call: TSESTree.CallExpression): Kind | null {
    if (spec.materialise.includes(name) || spec.ends.includes(name)) return null;
    const next: ChainState = { ...kind.state! };
    let model = kind.model;
    applyChainCall(next, spec, name, call);
    if (spec.source?.includes(name)) model = modelNameOf(call.arguments[0]) ?? model;
    return { api: kind.api, role: kind.role, ...(model ? { model } : {}), ...(kind.evidence ? { evidence: kind.evidence } : {}), state: next };
  }

  /** What one chain call does to the builder's state; false when the rows leave as a stream. */
  function applyChainCall(state: ChainState, spec: BuilderSpec, name: string, call: TSESTree.CallExpression): boolean {
    const predicates = spec.filterShape ? filters.readChainCall(spec.filterShape, name, call) : null;
    if (predicates) {
      // `a.where(x).orWhere(y)` is `(x) OR (y)`: the chain so far is one branch.
      const or = /^or[A-Z]/u.test(name) && state.predicates.length > 0;
      const combined = or ? combineOr([state.predicates, predicates], '') : null;
      state.predicates = or ? (combined ? [combined] : []) : [...state.predicates, ...predicates];
    } else if (spec.limit.includes(name)) state.limited = true;
    else if (spec.offset?.includes(name)) state.offset = true;
    else if (spec.stream.includes(name)) {
      state.streamed = true;
      return false;
    } else if (spec.opaque?.includes(name)) state.opaque = true;
    else if (spec.source?.includes(name)) state.hasSource = true;
    return true;
  }

  /**
   * Effects on a builder held in a variable, across statements: `qb.where(…)` on its own line
   * filters the same builder; handing it to another function makes the verdict unknown.
   */
  function variableEffects(variable: Variable, kind: Kind): ChainState {
    const key = `${kind.api.id}:${kind.role}`;
    let byRole = effectCache.get(variable);
    if (!byRole) {
      byRole = new Map();
      effectCache.set(variable, byRole);
    }
    const cached = byRole.get(key);
    if (cached) return cached;
    const spec = roleOf(kind)?.builder;
    const state = emptyState(false);
    if (!spec) return state;
    for (const reference of variable.references) {
      if (reference.init) continue;
      if (reference.isWrite()) {
        const value = reference.writeExpr;
        if (!value) state.opaque = true;
        else if (!isChainOf(value, variable)) {
          const other = kindsOf(value).find((candidate) => candidate.role === kind.role && candidate.state);
          if (other?.state) Object.assign(state, mergeStates(state, other.state));
          else state.opaque = true;
        }
        continue;
      }
      applyReferenceEffects(reference.identifier, spec, state, variable);
    }
    byRole.set(key, state);
    return state;
  }

  function applyReferenceEffects(identifier: TSESTree.Node, spec: BuilderSpec, state: ChainState, variable: Variable): void {
    let current = skipParentTypeWrappers(identifier);
    let stillBuilder = true;
    for (;;) {
      const parent = current.parent;
      if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) break;
      const call = parent.parent;
      const name = getStaticPropertyName(parent);
      if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent || name === null) return;
      if (spec.materialise.includes(name) || spec.ends.includes(name)) return;
      stillBuilder = applyChainCall(state, spec, name, call);
      current = skipParentTypeWrappers(call);
      if (!stillBuilder) return;
    }
    // `qb = qb.where(…)` hands the builder back to its own variable.
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current && isReferenceTo(parent.left, variable)) return;
    if (isEscape(current)) state.opaque = true;
  }

  /** SQL text of a raw query argument: a string, a template's quasis, or `{ text }` / `{ sql }`. */
  function sqlTextOf(raw: TSESTree.Node | undefined): string | null {
    if (!raw) return null;
    const node = skipTypeWrappers(raw);
    if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.quasis.map((quasi) => quasi.value.cooked ?? '').join(SQL_INTERPOLATION);
    if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return sqlTextOf(node.quasi);
    if (node.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of node.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = getStaticPropertyName(property);
        if (key !== null && RAW_SQL.textKeys.includes(key)) return sqlTextOf(property.value);
      }
      return null;
    }
    if (node.type === AST_NODE_TYPES.SpreadElement) return null;
    const result = getStaticValue(node as never, sourceCode.getScope(node) as unknown as ESLintScope.Scope);
    return typeof result?.value === 'string' ? result.value : null;
  }

  function isSqlTag(tag: TSESTree.Node): boolean {
    const node = skipTypeWrappers(tag);
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const name = getStaticPropertyName(node);
      if (name === '$queryRaw') return true;
    }
    return tracedInfoOf(node)?.sqlTag === true;
  }

  function readQueryArguments(spec: QuerySpec, call: TSESTree.CallExpression): ArgumentFacts | null {
    const args = call.arguments;
    // A function first is `Array.prototype.find(fn)`, never a query; a callback after a filter is
    // Mongoose's legacy style, which hands every row to the callback.
    const callbackIndex = args.findIndex((arg) => isFunctionNode(skipTypeWrappers(arg)));
    if (callbackIndex === 0 || (callbackIndex > 0 && !spec.callbackMaterialises)) return null;
    const facts: ArgumentFacts = { predicates: [], limited: false, offset: false, opaque: false, callback: callbackIndex > 0 };
    if (args.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) facts.opaque = true;
    if (spec.filterArg !== undefined) {
      const filter = args[spec.filterArg];
      if (filter && !isEmptyValue(filter)) facts.predicates.push(...filters.readObjectFilter(filter));
    }
    if (spec.sqlClauseArg !== undefined) readSqlClause(args[spec.sqlClauseArg], facts);
    if (spec.optionsArg !== undefined) {
      const optionsNode = spec.optionsArg === callbackIndex ? undefined : args[spec.optionsArg];
      if (optionsNode && !isEmptyValue(optionsNode)) readOptionsObject(optionsNode, spec, facts);
    }
    return facts;
  }

  /** `R.find('heartbeat', 'monitor_id = ? ORDER BY time DESC LIMIT 100', …)`: the clause after WHERE. */
  function readSqlClause(node: TSESTree.Node | undefined, facts: ArgumentFacts): void {
    if (!node) return;
    const text = sqlTextOf(node);
    if (text === null) {
      facts.opaque = true;
      return;
    }
    const clause = /^\s*(?:ORDER|LIMIT|GROUP)\b/iu.test(text) || text.trim() === '' ? text : `WHERE ${text}`;
    const sql = classifySql(`SELECT * FROM t ${clause}`);
    if (sql.kind === 'bounded') facts.limited = true;
    else if (sql.kind === 'unknown') facts.opaque = true;
    facts.predicates.push(...(sql.predicates ?? []));
    if (sql.offset) facts.offset = true;
  }

  function readOptionsObject(node: TSESTree.Node, spec: QuerySpec, facts: ArgumentFacts): void {
    const object = resolveObjectLiteral(node);
    if (!object) {
      facts.opaque = true;
      return;
    }
    let unreadable = false;
    let distinct: string[] | null = null;
    let selected: string[] | null = null;
    for (const property of object.properties) {
      if (property.type !== AST_NODE_TYPES.Property) {
        unreadable = true;
        continue;
      }
      const key = getStaticPropertyName(property);
      if (key === null) {
        unreadable = true;
        continue;
      }
      if (isEmptyValue(property.value)) continue;
      if (spec.distinctKeys?.includes(key)) distinct = stringList(property.value);
      if (key === 'select') selected = selectedKeys(property.value);
      if (spec.limitKeys?.includes(key)) facts.limited = true;
      else if (spec.offsetKeys?.includes(key)) facts.offset = true;
      else if (spec.filterKeys?.includes(key)) facts.predicates.push(...filters.readObjectFilter(property.value));
      else if (spec.includeKeys?.includes(key)) facts.predicates.push(...includeFilters(property.value));
    }
    // `distinct: ['currency'], select: { currency: true }`: one row per currency.
    const distinctColumns = distinct;
    if (distinctColumns && selected?.every((column) => distinctColumns.includes(column))) facts.limited = true;
    // `{ ...page, orderBy }` may carry the limit; with `take` already present a spread cannot remove it.
    if (unreadable && !facts.limited) facts.opaque = true;
  }

  /**
   * Sequelize `include: [{ model, where }]`: a `where` makes the include an inner join (unless
   * `required: false`), so it filters the parent rows too.
   */
  function includeFilters(raw: TSESTree.Node): Predicate[] {
    const node = skipTypeWrappers(raw);
    const elements = node.type === AST_NODE_TYPES.ArrayExpression ? node.elements : [node];
    const predicates: Predicate[] = [];
    for (const element of elements) {
      const object = element && element.type !== AST_NODE_TYPES.SpreadElement ? resolveObjectLiteral(element) : null;
      if (!object) continue;
      let where: TSESTree.Node | undefined;
      let required = true;
      for (const property of object.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = getStaticPropertyName(property);
        if (key === 'where') where = property.value;
        if (key === 'required' && property.value.type === AST_NODE_TYPES.Literal && property.value.value === false) required = false;
        if (key === 'include') predicates.push(...includeFilters(property.value));
      }
      if (where && required) predicates.push(...filters.readObjectFilter(where));
    }
    return predicates;
  }

  /** An object literal, directly or through a `const` that is only read. */
  function resolveObjectLiteral(raw: TSESTree.Node): TSESTree.ObjectExpression | null {
    const node = skipTypeWrappers(raw);
    if (node.type === AST_NODE_TYPES.ObjectExpression) return node;
    if (node.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = resolveVariable(sourceCode, node);
    if (!variable) return null;
    const cached = objectLiteralCache.get(variable);
    if (cached !== undefined) return cached;
    const object = readOnlyObjectLiteral(variable);
    objectLiteralCache.set(variable, object);
    return object;
  }

  function readOnlyObjectLiteral(variable: Variable): TSESTree.ObjectExpression | null {
    const def = variable.defs[0];
    if (def?.type !== DefinitionType.Variable || def.node.id !== def.name || !def.node.init) return null;
    const init = skipTypeWrappers(def.node.init);
    if (init.type !== AST_NODE_TYPES.ObjectExpression) return null;
    const mutated = variable.references.some(
      (reference) => (reference.isWrite() && !reference.init) || reference.identifier.parent.type === AST_NODE_TYPES.MemberExpression,
    );
    return mutated ? null : init;
  }

  function apiForModule(source: string): QueryApi | undefined {
    return apiByModule.get(source) ?? API_BY_MODULE.get(source);
  }

  /** `qb.where(…).orderBy(…)`: a chain whose root is the variable itself. */
  function isChainOf(value: TSESTree.Node, variable: Variable): boolean {
    let current = skipTypeWrappers(value);
    while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
      current = skipTypeWrappers(current.type === AST_NODE_TYPES.CallExpression ? current.callee : current.object);
    }
    return isReferenceTo(current, variable);
  }

  function isReferenceTo(node: TSESTree.Node, variable: Variable): boolean {
    return (
      node.type === AST_NODE_TYPES.Identifier &&
      node.name === variable.name &&
      resolveVariable(sourceCode, node) === variable
    );
  }

  return {
    prepare,
    kindsOf,
    mayBeAwaitedBuilder,
    readQueryArguments,
    resolveObjectLiteral,
    sqlTextOf,
    isSqlTag,
    filters,
    usesPagedDriver: (): boolean => usesPagedDriver,
  };
}

/**
 * With type information (`useTypes`), a receiver's resolved type decides what it is: a type the
 * catalog names replaces naming conventions and finds values that come from other modules; a known
 * type that is no ORM value rules out a name that only looks like one (`db` holding a Redis client).
 * Where the type says nothing (`any`, library types not installed) the syntactic signals stay.
 * Chains keep their syntactic state: types tell what a value is, not what its chain filtered.
 */
function withTypes(types: ReceiverTypeReader, node: TSESTree.Node, syntactic: readonly Kind[]): readonly Kind[] {
  if (!types.hasKnownType(node)) return syntactic;
  const typed = types.kindOf(node);
  const api = typed ? API_BY_ID.get(typed.apiId) : undefined;
  if (!typed || !api) return syntactic.filter((kind) => kind.evidence === undefined);
  const same = syntactic.find((kind) => kind.api === api && kind.role === typed.role);
  if (same) return same.evidence === undefined ? [same] : [{ ...same, evidence: typed.evidence }];
  const kind: Kind = { api, role: typed.role, evidence: typed.evidence, ...(typed.model ? { model: typed.model } : {}) };
  // A builder whose chain is out of sight (a parameter, another module's return value): its filter
  // and limit are unknown, which only `checkOpaqueFilters` reports.
  if (api.roles[typed.role]?.builder) kind.state = { ...emptyState(true), opaque: true };
  return [kind];
}

export function roleOf(kind: Kind): RoleSpec | undefined {
  return kind.api.roles[kind.role];
}

function makeKind(api: QueryApi, ref: RoleRef, call: TSESTree.CallExpression | TSESTree.NewExpression | undefined, inherited: string | undefined): Kind {
  const modelNode = ref.modelArg === undefined ? undefined : call?.arguments[ref.modelArg];
  const model = modelNameOf(modelNode) ?? inherited;
  const spec = api.roles[ref.role];
  const kind: Kind = { api, role: ref.role, ...(model ? { model } : {}) };
  if (spec?.builder) {
    kind.state = emptyState(modelNode !== undefined);
  }
  return kind;
}

function mergeStates(a: ChainState, b: ChainState): ChainState {
  return {
    predicates: [...a.predicates, ...b.predicates],
    limited: a.limited || b.limited,
    offset: a.offset || b.offset,
    streamed: a.streamed || b.streamed,
    opaque: a.opaque || b.opaque,
    hasSource: a.hasSource || b.hasSource,
  };
}

function emptyState(hasSource: boolean): ChainState {
  return { predicates: [], limited: false, offset: false, streamed: false, opaque: false, hasSource };
}

function dedupe(kinds: Kind[]): readonly Kind[] {
  if (kinds.length < 2) return kinds;
  const seen = new Set<string>();
  return kinds.filter((kind) => {
    const key = `${kind.api.id}:${kind.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `obj.method(…)` with a static method name. */
export function getMemberCall(call: TSESTree.CallExpression): { object: TSESTree.Expression; name: string } | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = getStaticPropertyName(callee);
  return name === null ? null : { object: callee.object, name };
}

export function skipAwait(node: TSESTree.Node): TSESTree.Node {
  return node.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(node.argument) : node;
}

/** The module of `require('x')` or `require('x').y`, or null. */
function requireSource(node: TSESTree.Node): string | null {
  let current = node;
  if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
  if (
    current.type === AST_NODE_TYPES.CallExpression &&
    current.callee.type === AST_NODE_TYPES.Identifier &&
    current.callee.name === 'require' &&
    current.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof current.arguments[0].value === 'string'
  ) {
    return current.arguments[0].value;
  }
  return null;
}

/** The key a destructured binding comes from: `const { User } = …` → 'User'. */
function destructuredKey(name: TSESTree.BindingName): string {
  const property = name.parent;
  if (property?.type === AST_NODE_TYPES.Property) {
    const key = getStaticPropertyName(property);
    if (key !== null) return key;
  }
  return name.type === AST_NODE_TYPES.Identifier ? name.name : 'default';
}

function importedNameOf(specifier: TSESTree.Node): string {
  if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
    return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
  }
  return specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier ? '*' : 'default';
}

function classInstanceRef(api: QueryApi, name: string): RoleRef | undefined {
  const role = api.classes?.[name]?.instance;
  return role ? { role } : undefined;
}

function isNullishType(type: TSESTree.TypeNode): boolean {
  return type.type === AST_NODE_TYPES.TSNullKeyword || type.type === AST_NODE_TYPES.TSUndefinedKeyword;
}

function typeNameOf(type: TSESTree.TypeNode): string | undefined {
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const name = type.typeName;
  if (name.type === AST_NODE_TYPES.Identifier) return name.name;
  return name.type === AST_NODE_TYPES.TSQualifiedName ? name.right.name : undefined;
}

function typeNameOfArguments(args: TSESTree.TSTypeParameterInstantiation | undefined): string | undefined {
  const first = args?.params[0];
  return first ? typeNameOf(first) : undefined;
}

/** The model, entity or table an argument names: `User`, `'users'`, `User.name`. */
export function modelNameOf(raw: TSESTree.Node | undefined): string | undefined {
  if (!raw) return undefined;
  const node = skipTypeWrappers(raw);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value.split(/\s+as\s+|\s+/iu)[0];
  if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.Identifier) return node.object.name;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `['currency']` → ['currency']; null unless every element is a string literal. */
function stringList(raw: TSESTree.Node): string[] | null {
  const node = skipTypeWrappers(raw);
  if (node.type !== AST_NODE_TYPES.ArrayExpression) return null;
  const values = node.elements.map((element) => (element?.type === AST_NODE_TYPES.Literal && typeof element.value === 'string' ? element.value : null));
  return values.every((value) => value !== null) ? (values) : null;
}

/** The keys of a `select: { a: true, b: true }` object; null when any is not plainly `true`. */
function selectedKeys(raw: TSESTree.Node): string[] | null {
  const node = skipTypeWrappers(raw);
  if (node.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const keys: string[] = [];
  for (const property of node.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.value.type !== AST_NODE_TYPES.Literal || property.value.value !== true) return null;
    const key = getStaticPropertyName(property);
    if (key === null) return null;
    keys.push(key);
  }
  return keys;
}

/** `{}`, `[]`, `null`, `undefined`, `void 0`: an argument that filters or limits nothing. */
function isEmptyValue(raw: TSESTree.Node): boolean {
  const node = skipTypeWrappers(raw);
  switch (node.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return node.properties.length === 0;
    case AST_NODE_TYPES.ArrayExpression:
      return node.elements.length === 0;
    case AST_NODE_TYPES.Literal:
      return node.value === null && !('regex' in node);
    case AST_NODE_TYPES.Identifier:
      return node.name === 'undefined';
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator === 'void';
    default:
      return false;
  }
}


/** `query(sql).stream()`, `sql\`…\`.cursor()`: rows arrive as a stream, not as one array. */
export function isStreamedResult(node: TSESTree.Node): boolean {
  const outer = skipParentTypeWrappers(node);
  const parent = outer.parent;
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== outer) return false;
  const name = getStaticPropertyName(parent);
  return name !== null && RAW_SQL.streamFollowUps.includes(name);
}

/** A lazy query runs when awaited, `.then()`-ed or returned to a caller that awaits it. */
export function isConsumed(node: TSESTree.Node): boolean {
  const outer = skipParentTypeWrappers(node);
  const parent = outer.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.AwaitExpression) return true;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) return getStaticPropertyName(parent) === 'then';
  return false;
}

/** A builder that leaves through a call argument, a return, a property or an alias may be bounded elsewhere. */
function isEscape(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee !== node;
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.VariableDeclarator:
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.YieldExpression:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return true;
    default:
      return false;
  }
}

/** Values whose shape we can see and that are not ORM instances: literals, functions, classes. */
function isVisiblyLocalValue(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
      return true;
    default:
      return false;
  }
}

/** `Promise.all` and `Promise.allSettled` run every element of their list. */
export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled']);

/**
 * `users.find((user) => …)`: a call with a function first is an array method, never a query
 * (`readQueryArguments` reads none), unless it runs a builder (`db('users').then((rows) => …)`).
 */
export function isArrayCallbackCall(call: TSESTree.CallExpression, name: string): boolean {
  const first = call.arguments[0];
  return first !== undefined && isFunctionNode(skipTypeWrappers(first)) && !MATERIALISE_METHODS.has(name);
}

/** `Promise.all(…)`, `Promise.allSettled(…)` on the global `Promise`. */
export function isPromiseCombinator(call: TSESTree.CallExpression): boolean {
  const method = getMemberCall(call);
  return (
    method !== null &&
    PROMISE_COMBINATORS.has(method.name) &&
    method.object.type === AST_NODE_TYPES.Identifier &&
    method.object.name === 'Promise'
  );
}

export function describe(node: TSESTree.Node): string {
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const method = getMemberCall(node);
    if (method) return `${method.name}()`;
    if (node.callee.type === AST_NODE_TYPES.Identifier) return `${node.callee.name}()`;
  }
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  return 'query';
}

/** Fields, constructor parameter properties and constructor `this.x = …` assignments, by name. */
function collectClassMembers(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): Map<string, ClassMember> {
  const members = new Map<string, ClassMember>();
  const memberOf = (name: string): ClassMember => {
    let member = members.get(name);
    if (!member) {
      member = { types: [], decorators: [], values: [] };
      members.set(name, member);
    }
    return member;
  };
  for (const element of classNode.body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.static) {
      const name = getStaticPropertyName(element);
      if (name === null) continue;
      const member = memberOf(name);
      if (element.typeAnnotation) member.types.push(element.typeAnnotation.typeAnnotation);
      member.decorators.push(...decoratorsOf(element));
      if (element.value) member.values.push(element.value);
    }
    if (element.type !== AST_NODE_TYPES.MethodDefinition || element.kind !== 'constructor') continue;
    for (const param of element.value.params) {
      if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
      const binding = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
      if (binding.type !== AST_NODE_TYPES.Identifier) continue;
      const member = memberOf(binding.name);
      if (binding.typeAnnotation) member.types.push(binding.typeAnnotation.typeAnnotation);
      member.decorators.push(...decoratorsOf(param));
    }
    for (const statement of element.value.body?.body ?? []) {
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) continue;
      const { left, right } = statement.expression;
      if (left.type !== AST_NODE_TYPES.MemberExpression || left.object.type !== AST_NODE_TYPES.ThisExpression) continue;
      const name = getStaticPropertyName(left);
      if (name !== null) memberOf(name).values.push(right);
    }
  }
  return members;
}

const apiBySource = new Map<string, QueryApi | null>();
const MAX_CACHED_SOURCES = 4096;

/** The catalog library a module specifier names (Prisma's generated clients by pattern), remembered across files. */
function catalogApiOf(source: string): QueryApi | undefined {
  let api = apiBySource.get(source);
  if (api === undefined) {
    if (apiBySource.size >= MAX_CACHED_SOURCES) apiBySource.clear();
    api = API_BY_MODULE.get(source) ?? QUERY_APIS.find((candidate) => candidate.modulePatterns?.some((pattern) => pattern.test(source))) ?? null;
    apiBySource.set(source, api);
  }
  return api ?? undefined;
}

const traceMaps = new Map<string, TraceMap<TracedInfo>>();
const MAX_TRACE_MAPS = 64;

/** The trace map for a file's modules, built once per combination (most files add none to the catalog's). */
function traceMapFor(apiByModule: ReadonlyMap<string, QueryApi>): TraceMap<TracedInfo> {
  const key = [...apiByModule].map(([source, api]) => `${source}\u0000${api.id}`).join('\n');
  let traceMap = traceMaps.get(key);
  if (!traceMap) {
    if (traceMaps.size >= MAX_TRACE_MAPS) traceMaps.clear();
    traceMap = buildTraceMap(apiByModule);
    traceMaps.set(key, traceMap);
  }
  return traceMap;
}

/** Trace map over every module the file uses: constructors, factories, exported instances, SQL tags. */
function buildTraceMap(apiByModule: ReadonlyMap<string, QueryApi>): TraceMap<TracedInfo> {
  const map: Record<string, Record<string | symbol, unknown>> = {};
  const at = (module: string, path: readonly string[]): Record<string | symbol, unknown> => {
    let node = (map[module] ??= {});
    for (const key of path) node = (node[key] ??= {}) as Record<string | symbol, unknown>;
    return node;
  };
  const modules = new Map<string, QueryApi>(apiByModule);
  for (const api of QUERY_APIS) for (const module of api.modules) modules.set(module, api);
  for (const [module, api] of modules) {
    for (const [name, roles] of Object.entries(api.classes ?? {})) {
      const node = at(module, [name]);
      if (roles.instance) node[CONSTRUCT] = { api, role: roles.instance } satisfies TracedInfo;
      node[READ] = { api, classBase: roles } satisfies TracedInfo;
    }
    for (const [path, ref] of Object.entries(api.factories ?? {})) {
      at(module, path === '' ? [] : path.split('.'))[CALL] = { api, role: ref.role, modelArg: ref.modelArg } satisfies TracedInfo;
    }
    for (const [name, role] of Object.entries(api.values ?? {})) {
      at(module, [name])[READ] = { api, role } satisfies TracedInfo;
    }
  }
  for (const source of SQL_TAG_SOURCES) {
    if (source.factory !== undefined) at(source.module, source.factory === '' ? [] : [source.factory])[CALL] = { api: null, sqlTag: true } satisfies TracedInfo;
    if (source.value !== undefined) at(source.module, [source.value])[READ] = { api: null, sqlTag: true } satisfies TracedInfo;
  }
  return map as TraceMap<TracedInfo>;
}

/** What a file may hold, for the file gates of `no-unbounded-query`. */
export interface QueryGates {
  /** An ORM or a driver's builder: a library, a configured module, a model or a naming hint. */
  readonly orm: boolean;
  /**
   * A builder that runs when awaited (a knex builder, a Mongoose query): a necessary condition for
   * awaits, returns and `Promise.all` elements to need a look. Files on Prisma or TypeORM alone have
   * none: their queries are calls, and their awaits need no look.
   */
  readonly awaits: boolean;
}

/**
 * Both file gates, from one pass over the file's module sources and then, only where the imports
 * leave it open, the text. ORM evidence: an import of a catalog library or a configured module, a
 * Prisma module, a model from the models directory, then a naming hint in the text (`memberRepository`,
 * `knex`, a Prisma client named `prisma` or `db`). A builder run by await comes from one of those
 * libraries (an import, a decorator's module, a configured instance), a model from the models
 * directory, a name hint (`knex`, `trx`, `db`) or a call shape.
 */
export function readQueryGates(sourceCode: Readonly<TSESLint.SourceCode>, instances: readonly InstanceOption[]): QueryGates {
  const modules = readModuleEvidence(sourceCode, instances);
  let bindsModel: boolean | undefined;
  const mayBindAModel = (): boolean => (bindsModel ??= modules.modelsSources !== null && findModelBinding(sourceCode, modules.modelsSources));
  const orm = modules.orm || mayBindAModel() || mayNameAnOrm(sourceCode.text);
  return { orm, awaits: orm && (modules.awaitedBuilder || (AWAITED_BUILDER_MODELS && mayBindAModel()) || mayNameAnAwaitedBuilder(sourceCode.text)) };
}

interface ModuleEvidence {
  orm: boolean;
  awaitedBuilder: boolean;
  /** The sources under a models directory, when there are any. */
  modelsSources: Set<string> | null;
}

// Every linted file that reaches the gate pays for this loop: set lookups and substring tests first.
function readModuleEvidence(sourceCode: Readonly<TSESLint.SourceCode>, instances: readonly InstanceOption[]): ModuleEvidence {
  const evidence: ModuleEvidence = { orm: false, awaitedBuilder: false, modelsSources: null };
  for (const source of getModuleSources(sourceCode)) {
    if (isModuleIn(source, STATIC_MODULE_SET) || isPrismaModule(source)) evidence.orm = true;
    if (isModuleIn(source, AWAITED_BUILDER_MODULE_SET)) evidence.awaitedBuilder = true;
    for (const entry of instances) {
      if (!matchesModule(source, entry.module)) continue;
      evidence.orm = true;
      if (AWAITED_BUILDER_LIBRARIES.has(entry.library)) evidence.awaitedBuilder = true;
    }
    if (isModelsModule(source)) (evidence.modelsSources ??= new Set()).add(source);
  }
  return evidence;
}

function mayNameAnAwaitedBuilder(text: string): boolean {
  return AWAITED_BUILDER_HINTS_IN_TEXT.some((hint) => hint.test(text)) || includesAnyWord(text, AWAITED_BUILDER_CALL_SHAPE_NAMES);
}

function isModelsModule(source: string): boolean {
  return source.includes('models') && MODELS_DIRECTORY.test(source.replace(EXTENSION, ''));
}

function isPrismaModule(source: string): boolean {
  // Two substring tests reject nearly every source before the spellings and the pattern are looked at.
  return (source.includes('risma') || source.includes('RISMA')) && includesAnyWord(source, PRISMA_WORDS) && PRISMA_MODULE.test(source);
}

/**
 * Whether a name loaded from the models directory can be a model as `modelsDirectoryKinds` reads it:
 * a PascalCase binding, or a lower-case default import of the directory's index (a map of models).
 * Many services keep data-access functions there (`import { getFeatureById } from '../models/FeatureModel'`),
 * which are no evidence. A models module loaded any other way (`require`, a re-export) counts.
 */
function findModelBinding(sourceCode: Readonly<TSESLint.SourceCode>, modelsSources: ReadonlySet<string>): boolean {
  const importedOnly = new Set<string>();
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || !modelsSources.has(statement.source.value)) continue;
    const source = statement.source.value;
    if (statement.specifiers.some((specifier) => bindsAModel(sourceCode, source, specifier))) return true;
    importedOnly.add(source);
  }
  return importedOnly.size < modelsSources.size;
}

/**
 * A model is a value: a binding the code reads only as a type (`import { DraftStatusCounts } from
 * '../models/FeatureRevisionModel'`, common where models modules export their types) is never a
 * query's receiver, and the resolver reads types from the project by name hints only.
 */
function bindsAModel(sourceCode: Readonly<TSESLint.SourceCode>, source: string, specifier: TSESTree.ImportClause): boolean {
  if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return false;
  if (modelBindingOf(source, importedNameOf(specifier), specifier.local.name) === null) return false;
  const variable = sourceCode.scopeManager?.getDeclaredVariables(specifier)[0];
  return variable === undefined || variable.references.some((reference) => reference.isValueReference);
}

/**
 * What a name loaded from a models-directory module is by convention: a model (`User`), the models
 * map of the directory's index (`const db = require('../models')`), or neither (`getFeatureById`).
 */
function modelBindingOf(source: string, importedName: string, localName: string): 'model' | 'map' | null {
  if (importedName === 'default' && MODELS_INDEX.test(source) && /^[a-z]/u.test(localName)) return 'map';
  return /^[A-Z]/u.test(localName) ? 'model' : null;
}

/**
 * The naming hints in the text. A Prisma client known only by its name matters only in a file that
 * calls `findMany`, the one Prisma query this rule judges, so `prisma` is looked for only there.
 */
function mayNameAnOrm(text: string): boolean {
  if (includesWord(text, 'Repository') || includesWord(text, 'knex')) return true;
  return includesWord(text, 'findMany') && (includesAnyWord(text, PRISMA_WORDS) || DB_FIND_MANY.test(text));
}

/** The word SELECT in any case, checked with substring searches first (most files have none). */
export function mayHaveSelect(text: string): boolean {
  return includesAnyWord(text, ELECT_SPELLINGS) && SELECT_WORD.test(text);
}


function matchesModule(source: string, module: string): boolean {
  const bare = source.replace(EXTENSION, '');
  const wanted = module.replace(EXTENSION, '').replace(/^\.\//u, '');
  return bare === wanted || bare.endsWith(`/${wanted}`) || bare.replace(/\/index$/u, '') === wanted || bare.replace(/\/index$/u, '').endsWith(`/${wanted}`);
}

/** `Country`, `countries`, `CountryEntity`, `country_document` all compare as `country`. */
export function normaliseModelName(name: string): string {
  let normal = name.toLowerCase().replace(/[^a-z0-9]/gu, '');
  const stripped = normal.replace(/(?:document|doc|model|entity|schema|repository|repo)$/u, '');
  if (stripped) normal = stripped;
  if (normal.endsWith('ies')) return `${normal.slice(0, -3)}y`;
  if (/(?:ss|us)$/u.test(normal)) return normal;
  if (/(?:sses|xes|ches|shes)$/u.test(normal)) return normal.slice(0, -2);
  return normal.endsWith('s') ? normal.slice(0, -1) : normal;
}
