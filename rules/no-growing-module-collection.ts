import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, isFunctionNode, skipParentTypeWrappers, skipTypeWrappers } from './utils/ast.js';
import {
  COLLECTION_CONSTRUCTORS,
  COLLECTION_FACTORIES,
  type CollectionKind,
  GROWTH_METHODS,
  KEY_LISTING_CALLEES,
  ONE_SHOT_METHODS,
  ONE_SHOT_SCHEDULERS,
  READ_ONLY_CALLEES,
  READ_ONLY_METHODS,
  REGISTRATION_VERBS,
  REGISTRATION_WHOLE_NAMES,
  SHRINK_METHODS,
  FILE_WATCH_CALLEES,
  RATE_LIMITING_WRAPPERS,
  SYNCHRONOUS_CALLBACK_METHODS,
  WEAK_COUNTERPARTS,
} from './utils/catalogs/bounded-collections.js';
import { RUN_ONCE_WRAPPERS } from './utils/catalogs/timer-apis.js';
import { createRule } from './utils/create-rule.js';
import { functionNameOf, isSkippedTestCode, isStartupFunction } from './utils/execution-context.js';
import { memoizeByOptions } from './utils/memo.js';
import { createNameMatcherOption } from './utils/options.js';
import { isFreshHandle, isPerCallParameter, isReadOffPerCallInput, keyDomainOf, namesTrafficIdentity } from './utils/key-domain.js';
import { describeHandler, findHandlerEvidence } from './utils/request-handlers.js';
import { getSingletonEvidence } from './utils/long-lived-objects.js';
import { getModuleScope, isImmediatelyInvoked, runsRepeatedly, resolveVariable } from './utils/scope.js';

type Options = [
  {
    allow?: string[];
    checkExported?: boolean;
    checkEscaped?: boolean;
    checkStatic?: boolean;
    checkSingletons?: boolean;
  },
];
type MessageIds = 'growingCollection' | 'useWeakMap' | 'useWeakSet';

const { DefinitionType } = TSESLint.Scope;

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** Whether an identifier node refers to a global (`Map`, `Object`, `module`) rather than a local binding. */
interface GlobalReferences {
  has(node: TSESTree.Node): boolean;
}

/**
 * How often a piece of code runs, from the evidence in this file, weakest first:
 * - `once`: at load (module top level, IIFEs, static blocks, functions only called from there);
 * - `registration`: an exported registration API (`registerType`) with no caller here: runs per plugin;
 * - `unknown`: exported or handed out with no caller here: its callers are in other files;
 * - `repeats`: a callback, listener, method, or a function called from one of those.
 */
type Evidence = 'once' | 'registration' | 'unknown' | 'repeats';
/** A function reached again while its own evidence is being computed (recursion, re-arming). */
type EvidenceOrCycle = Evidence | 'cycle';

const EVIDENCE_RANK: Readonly<Record<Evidence, number>> = { once: 0, registration: 1, unknown: 2, repeats: 3 };

/** What the code does with one value that holds the collection (the binding, an alias, a parameter). */
interface Uses {
  methodCalls: { method: string; call: TSESTree.CallExpression }[];
  /** `dict[key] = value`, `dict[key] ??= []`, `arr[arr.length] = value`. */
  keyedWrites: { member: TSESTree.MemberExpression; key: TSESTree.Expression }[];
  /** `Object.assign(dict, …)`, `Reflect.set(dict, …)`. */
  assignCalls: TSESTree.CallExpression[];
  /** `delete`, `length` writes, reassignment, `Reflect.deleteProperty`. */
  removes: boolean;
  /** A size comparison (`.length`, `.size`, `Object.keys(d).length` against a limit). */
  bounded: boolean;
  escapes: boolean;
  exported: boolean;
  /** A use that a WeakMap or WeakSet would not support (iteration, size, spread, passing it on). */
  weakUnsafe: boolean;
  aliases: Uses[];
}

interface Candidate {
  kind: CollectionKind;
  name: string;
  /** Names `allow` is matched against: the binding, or the field and `Class.field`. */
  allowNames: string[];
  where: 'module' | 'static' | 'instance';
  /** For an instance field: " of 'ProxyService' (a '@Injectable()' provider in singleton scope)". */
  lives: string;
  reportNode: TSESTree.Node;
  init: TSESTree.Expression;
  /** The type annotation on the binding or field, when any. */
  annotation: TSESTree.TypeNode | undefined;
  uses: Uses;
}

interface StaticClass {
  node: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  fields: Map<string, Candidate>;
}

interface GrowthSite {
  node: TSESTree.Node;
  /**
   * What the growth is keyed by. A Map, Set or dictionary holds one entry per distinct key, so it only
   * grows with the traffic when its keys come from the traffic; an array grows on every call (`null`).
   */
  key: TSESTree.Node | null;
}

/** How far a singleton's key is traced for a name of the traffic: `const key = `${user.id}:${action}``. */
const MAX_IDENTITY_TRACE_DEPTH = 3;

const WHERE_LABELS: Readonly<Record<Candidate['where'], string>> = { module: 'Module-level', static: 'Static', instance: 'Instance' };

const KIND_LABELS: Readonly<Record<CollectionKind, { kind: string; item: string; fix: string }>> = {
  array: {
    kind: 'array',
    item: 'element',
    fix: 'Remove elements when they are done (for example on close) or cap its length',
  },
  map: {
    kind: 'Map',
    item: 'entry',
    fix: 'Delete entries when they are done, evict past a maximum size (for example with lru-cache), or key it by object in a WeakMap',
  },
  set: {
    kind: 'Set',
    item: 'value',
    fix: 'Delete values when they are done, or hold objects in a WeakSet',
  },
  object: {
    kind: 'dictionary object',
    item: 'entry',
    fix: 'Delete keys when they are done, or use a Map with eviction',
  },
};

const COMPARISON_OPERATORS = new Set(['<', '<=', '>', '>=', '==', '===', '!=', '!==']);
const PRIMITIVE_TYPE_NODES = new Set<string>([
  AST_NODE_TYPES.TSStringKeyword,
  AST_NODE_TYPES.TSNumberKeyword,
  AST_NODE_TYPES.TSBooleanKeyword,
  AST_NODE_TYPES.TSBigIntKeyword,
  AST_NODE_TYPES.TSSymbolKeyword,
  AST_NODE_TYPES.TSLiteralType,
  AST_NODE_TYPES.TSTemplateLiteralType,
  AST_NODE_TYPES.TSAnyKeyword,
  AST_NODE_TYPES.TSUnknownKeyword,
]);
/** Array reads that make a following `push` a de-duplicated insert (`if (!list.includes(x)) list.push(x)`). */
const MEMBERSHIP_METHODS = new Set(['includes', 'indexOf', 'find', 'findIndex', 'some']);
/** How far a key is traced back through variables, parameters and call sites before giving up. */
const MAX_KEY_TRACE_DEPTH = 6;
/** Steps of key tracing per file: a file with huge call fan-in gets a conservative answer, never a slow one. */
const KEY_TRACE_BUDGET = 20_000;
const PRIMITIVE_CONVERSIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'Symbol']);
const STRING_RETURNING_METHODS = new Set(['toString', 'join', 'toLowerCase', 'toUpperCase', 'trim', 'slice', 'substring']);

/** Type annotations that name an object type (a class or interface reference, an object literal type). */
const OBJECT_TYPE_NODES: ReadonlySet<string> = new Set([AST_NODE_TYPES.TSTypeReference, AST_NODE_TYPES.TSTypeLiteral]);

/** Initialisers that always produce an object. */
const OBJECT_CREATING_NODES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ClassExpression,
]);

/**
 * Substrings every growth needs (`push`, `.set(`, `Object.assign`, …): searched before the one
 * pattern, because substring searches cost a fraction of a regex over the whole file.
 */
const GROWTH_WORDS = ['push', 'unshift', 'splice', '.set', '.add', 'assign', 'Reflect'];
/** `cache[key] = …`, `counts[key] += …`, `lists[key] ??= []`. */
const KEYED_WRITE = /\]\s*(?:[+\-*/%&|^]|\?\?|\|\||&&)?=(?!=)/u;
/** Every method that can add entries to some kind of collection (`splice` with items to insert too). */
const ADDING_METHODS: ReadonlySet<string> = new Set([...Object.values(GROWTH_METHODS).flat(), 'splice']);

/**
 * Whether the variable's own references can add entries, by the same cases `recordUse` follows: an
 * adding method call, a keyed write, an alias (`const list = registry`), or an argument that
 * `Object.assign`, `Reflect.set` or a local helper may grow. Every other use only reads, hands the
 * collection on (an escape, never a growth here), or is a copy. Most module-level arrays and maps
 * are constant tables, and this spares them the full analysis.
 */
function mayGrow(variable: Variable): boolean {
  for (const reference of variable.references) {
    if (reference.init || !reference.isRead()) continue;
    const node = skipParentTypeWrappers(reference.identifier);
    const parent = node.parent;
    if (!parent) continue;
    switch (parent.type) {
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.object !== node) continue;
        const outer = skipParentTypeWrappers(parent);
        const call = outer.parent;
        if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === outer) {
          const method = getStaticPropertyName(parent);
          if (method === null || ADDING_METHODS.has(method)) return true;
        } else if (parent.computed && isWriteTargetLike(outer)) return true;
        continue;
      }
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee === node) continue;
        const callee = skipTypeWrappers(parent.callee);
        if (callee.type === AST_NODE_TYPES.Identifier) return true; // a local helper may push to its parameter
        if (callee.type === AST_NODE_TYPES.MemberExpression && GROWING_CALLEE_METHODS.has(getStaticPropertyName(callee) ?? '')) return true;
        continue;
      }
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === node) return true;
        continue;
      default:
        continue;
    }
  }
  return false;
}

/**
 * Whether the module scope declares a variable initialised like a collection (`[]`, `{}`,
 * `new Map()`, `Object.create(null)`): the shape alone, before `collectionKindOf` checks that
 * `Map` is the global one.
 */
function hasModuleLevelCollection(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  for (const variable of getModuleScope(sourceCode).variables) {
    const def = variable.defs[0];
    if (def?.type !== DefinitionType.Variable || !def.node.init) continue;
    const value = skipTypeWrappers(def.node.init);
    if (value.type === AST_NODE_TYPES.ArrayExpression || value.type === AST_NODE_TYPES.ObjectExpression) return true;
    if (value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(value.callee);
      if (callee.type === AST_NODE_TYPES.Identifier ? callee.name in COLLECTION_CONSTRUCTORS : callee.type === AST_NODE_TYPES.MemberExpression) return true;
    }
  }
  return false;
}

/** `Object.assign(dict, …)` and `Reflect.set(dict, …)` add entries to their first argument. */
const GROWING_CALLEE_METHODS: ReadonlySet<string> = new Set(['assign', 'set']);

/** An assignment, update or destructuring target (`cache[key] = v`, `[cache[key]] = pair`). */
function isWriteTargetLike(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.AssignmentPattern:
      return parent.left === node;
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.ArrayPattern:
    case AST_NODE_TYPES.RestElement:
      return true;
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return parent.left === node;
    case AST_NODE_TYPES.Property:
      return parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectPattern;
    default:
      return false;
  }
}

export default createRule<Options, MessageIds>({
  name: 'no-growing-module-collection',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow module-level and static collections that only grow.',
      skipScripts: true,
      recommended: 'error',
      strictOptions: { checkEscaped: true },
    },
    hasSuggestions: true,
    messages: {
      growingCollection:
        "{{where}} {{kind}} '{{name}}'{{lives}} grows in {{grower}} (line {{line}}){{runs}} and nothing in this file removes from it, so it keeps every {{item}} for the life of the process. {{fix}}.",
      useWeakMap: "Replace the Map with a WeakMap, so an entry goes away with its key object.",
      useWeakSet: "Replace the Set with a WeakSet, so a value goes away once nothing else holds it.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              "Collection names to skip: a binding name, a static field ('plugins') or 'Class.field', or a '/regex/' string.",
          },
          checkExported: {
            type: 'boolean',
            description: 'Check collections that the module exports (the file that grows a collection should bound it).',
          },
          checkEscaped: {
            type: 'boolean',
            description:
              'Also report when the evidence depends on other files: the collection is passed to code this file cannot see, it only grows in exported registration functions, or its keys cannot be traced to the traffic.',
          },
          checkStatic: {
            type: 'boolean',
            description: 'Check class static fields as well as module-level bindings.',
          },
          checkSingletons: {
            type: 'boolean',
            description:
              'Check instance fields of singletons: NestJS providers in singleton scope and classes the file instantiates once at module level (or exports as one instance).',
          },
        },
      },
    ],
    defaultOptions: [{ allow: [], checkExported: true, checkEscaped: false, checkStatic: true, checkSingletons: true }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const checkExported = options.checkExported ?? true;
    const checkEscaped = options.checkEscaped ?? false;
    const checkStatic = options.checkStatic ?? true;
    const checkSingletons = options.checkSingletons ?? true;
    const isAllowed = createNameMatcher(options.allow ?? []);
    const isScript = context.languageOptions.sourceType === 'script';

    // Every growth needs one of these words or a keyed write; a file without them has nothing to report.
    if (!GROWTH_WORDS.some((word) => sourceCode.text.includes(word)) && !KEYED_WRITE.test(sourceCode.text)) return {};
    // Nor does a file without a module-level collection or a static field.
    const hasStatic = checkStatic && sourceCode.text.includes('static');
    const hasClasses = hasStatic || (checkSingletons && sourceCode.text.includes('class'));
    if (!hasClasses && !hasModuleLevelCollection(sourceCode)) return {};

    const globals = createGlobalReferences(sourceCode);
    const staticClasses = new Map<TSESTree.Node, StaticClass>();
    /** Singletons' instance collection fields, read through `this` in instance methods. */
    const singletonClasses = new Map<TSESTree.Node, StaticClass>();
    const thisOwners: (StaticClass | null)[] = [];
    const usesByVariable = new Map<Variable, Uses>();
    const evidence = createRepetitionOracle(sourceCode, globals, isScript, context.filename); // cheap: all its work is lazy
    const callerTraffic = new Map<string, 'traffic' | 'code' | 'no-callers'>();
    let keyTraceSteps = 0;

    function scopeOf(node: TSESTree.Node): Scope {
      return sourceCode.getScope(node);
    }

    /** `Object.assign` for a callee rooted at a global (not a local `Object`), else null. */
    function globalPath(callee: TSESTree.Node): string | null {
      return globalCalleePath(callee, globals);
    }

    function collectionKindOf(init: TSESTree.Expression): CollectionKind | null {
      const value = skipTypeWrappers(init);
      if (value.type === AST_NODE_TYPES.ArrayExpression) return 'array';
      if (value.type === AST_NODE_TYPES.ObjectExpression) return value.properties.length === 0 ? 'object' : null;
      if (value.type !== AST_NODE_TYPES.NewExpression && value.type !== AST_NODE_TYPES.CallExpression) return null;
      const callee = skipTypeWrappers(value.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) {
        const kind = COLLECTION_CONSTRUCTORS[callee.name];
        // `Array(n)` and `new Array(n)` alike; `Map()` without `new` throws, so only `new` counts.
        if (!kind || (value.type === AST_NODE_TYPES.CallExpression && kind !== 'array')) return null;
        return globals.has(callee) ? kind : null;
      }
      if (value.type !== AST_NODE_TYPES.CallExpression || callee.type !== AST_NODE_TYPES.MemberExpression) return null;
      const object = skipTypeWrappers(callee.object);
      const name = getStaticPropertyName(callee);
      const kind = object.type === AST_NODE_TYPES.Identifier ? COLLECTION_FACTORIES[`${object.name}.${name}`] : undefined;
      if (!kind || !globals.has(object)) return null;
      return kind === 'object' && !isNullLiteral(value.arguments[0]) ? null : kind;
    }

    function newUses(): Uses {
      return {
        methodCalls: [],
        keyedWrites: [],
        assignCalls: [],
        removes: false,
        bounded: false,
        escapes: false,
        exported: false,
        weakUnsafe: false,
        aliases: [],
      };
    }

    /** Uses of every reference to `variable`, computed once (aliases and parameters are shared). */
    function usesOfVariable(variable: Variable): Uses {
      const known = usesByVariable.get(variable);
      if (known) return known;
      const uses = newUses();
      usesByVariable.set(variable, uses);
      for (const reference of variable.references) {
        if (reference.init) continue;
        // Reassignment (`list = []`, `list = list.filter(…)`) resets what the binding holds.
        if (reference.isWrite()) uses.removes = true;
        if (reference.isRead()) recordUse(reference.identifier, uses);
      }
      return uses;
    }

    /** Follows `const list = registry` (only when the alias is never reassigned). */
    function followAlias(variable: Variable | undefined, uses: Uses): void {
      if (!variable || variable.references.some((reference) => reference.isWrite() && !reference.init)) {
        markEscape(uses);
        return;
      }
      uses.aliases.push(usesOfVariable(variable));
    }

    function markEscape(uses: Uses): void {
      uses.escapes = true;
      uses.weakUnsafe = true;
    }

    /** Classifies what the code around `expression` (a value that is the collection) does with it. */
    function recordUse(expression: TSESTree.Node, uses: Uses): void {
      const node = skipParentTypeWrappers(expression);
      const parent = node.parent;
      if (!parent) return;
      switch (parent.type) {
        case AST_NODE_TYPES.MemberExpression:
          if (parent.object === node) recordMemberUse(parent, uses);
          else uses.weakUnsafe = true;
          return;
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          if (parent.callee === node) uses.weakUnsafe = true;
          else recordArgumentUse(parent, node, uses);
          return;
        case AST_NODE_TYPES.VariableDeclarator:
          if (parent.init !== node) return;
          if (parent.id.type === AST_NODE_TYPES.Identifier) {
            followAlias(sourceCode.scopeManager?.getDeclaredVariables(parent)[0], uses);
          } else {
            uses.weakUnsafe = true; // `const { length } = list` reads
          }
          return;
        case AST_NODE_TYPES.AssignmentExpression:
          if (parent.left === node) {
            uses.removes = true; // `Registry.items = []` resets a static field
          } else if (isCommonJsExportTarget(parent.left, globals)) {
            uses.exported = true;
            uses.weakUnsafe = true;
          } else {
            markEscape(uses);
          }
          return;
        case AST_NODE_TYPES.Property:
          if (parent.value === node && isExportedObject(parent.parent, globals)) {
            uses.exported = true;
            uses.weakUnsafe = true;
          } else if (parent.value === node && isReadOnlyArgument(parent.parent)) {
            uses.weakUnsafe = true; // \`logger.info({ connections })\`
          } else {
            markEscape(uses);
          }
          return;
        case AST_NODE_TYPES.ExportSpecifier:
        case AST_NODE_TYPES.ExportDefaultDeclaration:
          uses.exported = true;
          uses.weakUnsafe = true;
          return;
        case AST_NODE_TYPES.SpreadElement:
        case AST_NODE_TYPES.ForOfStatement:
        case AST_NODE_TYPES.ForInStatement:
        case AST_NODE_TYPES.TemplateLiteral:
        case AST_NODE_TYPES.BinaryExpression:
        case AST_NODE_TYPES.UnaryExpression:
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.ExpressionStatement:
        case AST_NODE_TYPES.AwaitExpression:
          // Reads: iteration, spreading (a copy), comparison, `typeof`. They keep nothing but rule out a weak twin.
          uses.weakUnsafe = true;
          return;
        case AST_NODE_TYPES.LogicalExpression:
        case AST_NODE_TYPES.ConditionalExpression:
          // `cache && cache.has(k)` tests it; `other || list` hands it on.
          if (parent.type === AST_NODE_TYPES.LogicalExpression ? parent.left === node : parent.test === node) uses.weakUnsafe = true;
          else markEscape(uses);
          return;
        default:
          // Returned, stored in an array, chosen by `?:`/`||`: it may be shrunk by whoever receives it.
          markEscape(uses);
      }
    }

    function recordMemberUse(member: TSESTree.MemberExpression, uses: Uses): void {
      const outer = skipParentTypeWrappers(member);
      const parent = outer.parent;
      const name = memberName(member);
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) {
        if (name === null) uses.weakUnsafe = true;
        else uses.methodCalls.push({ method: name, call: parent });
        return;
      }
      uses.weakUnsafe = true;
      if (isWriteTarget(outer)) {
        if (name === 'length') uses.removes = true;
        else if (name === null && member.computed) uses.keyedWrites.push({ member, key: member.property });
        // A static key (`stats.total = 1`) updates a record; it adds no entries per call.
        return;
      }
      if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete') {
        uses.removes = true;
        return;
      }
      if ((name === 'length' || name === 'size') && (isLimitComparison(outer) || isLoopStart(outer))) uses.bounded = true;
    }

    function recordArgumentUse(
      call: TSESTree.CallExpression | TSESTree.NewExpression,
      argument: TSESTree.Node,
      uses: Uses,
    ): void {
      uses.weakUnsafe = true;
      const path = globalPath(call.callee);
      const isFirst = call.arguments[0] === argument;
      if (call.type === AST_NODE_TYPES.CallExpression && isFirst && (path === 'Object.assign' || path === 'Reflect.set')) {
        uses.assignCalls.push(call);
        return;
      }
      if (isFirst && path === 'Reflect.deleteProperty') {
        uses.removes = true;
        return;
      }
      if (path && KEY_LISTING_CALLEES.has(path)) {
        const result = skipParentTypeWrappers(call);
        if (
          result.parent?.type === AST_NODE_TYPES.MemberExpression &&
          result.parent.object === result &&
          memberName(result.parent) === 'length' &&
          isLimitComparison(skipParentTypeWrappers(result.parent))
        ) {
          uses.bounded = true;
        }
        return;
      }
      if (isReadOnlyArgument(argument)) return;
      // `new Set(list)`, `new Map(cache)` copy the entries and keep no reference to the collection.
      if (call.type === AST_NODE_TYPES.NewExpression && path && path in COLLECTION_CONSTRUCTORS) return;
      const parameter = call.type === AST_NODE_TYPES.CallExpression ? localParameterFor(call, argument) : undefined;
      if (parameter) uses.aliases.push(usesOfVariable(parameter));
      else markEscape(uses);
    }

    /** An argument of a call that only reads it: `JSON.stringify(x)`, `res.json(x)`, `logger.info(x)`. */
    function isReadOnlyArgument(node: TSESTree.Node): boolean {
      const value = skipParentTypeWrappers(node);
      const call = value.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === value) return false;
      const path = globalPath(call.callee);
      if (path !== null && READ_ONLY_CALLEES.has(path)) return true;
      const callee = skipTypeWrappers(call.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
      return method !== null && READ_ONLY_METHODS.has(method);
    }

    /** `track(list, x)` where `track` is a function of this file: its parameter is an alias of `list`. */
    function localParameterFor(call: TSESTree.CallExpression, argument: TSESTree.Node): Variable | undefined {
      const callee = skipTypeWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
      const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
      const variable = resolveVariable(sourceCode, callee);
      const fn = variable && getDeclaredFunction(variable);
      if (!fn) return undefined;
      const parameter = fn.params[index];
      const identifier =
        parameter?.type === AST_NODE_TYPES.AssignmentPattern ? parameter.left : parameter;
      if (identifier?.type !== AST_NODE_TYPES.Identifier) return undefined;
      const declared = sourceCode.scopeManager?.getDeclaredVariables(fn) ?? [];
      const parameterVariable = declared.find((candidate) => candidate.defs.some((def) => def.name === identifier));
      if (!parameterVariable || parameterVariable.references.some((reference) => reference.isWrite())) return undefined;
      return parameterVariable;
    }

    function memberName(member: TSESTree.MemberExpression): string | null {
      const name = getStaticPropertyName(member);
      if (name !== null || !member.computed || member.property.type !== AST_NODE_TYPES.Identifier) return name;
      // `dict[KEY]` with `const KEY = 'x'` is a static key too.
      return getStaticPropertyName(member, scopeOf(member));
    }

    // -- Deciding ------------------------------------------------------------------------------

    /** Growth sites of one candidate, with the weak-collection facts gathered on the way. */
    function inspect(candidate: Candidate): {
      growth: GrowthSite[];
      removes: boolean;
      bounded: boolean;
      escapes: boolean;
      exported: boolean;
      weakSafe: boolean;
      /** Every key is visibly an object; without this the collection's declared key type must say so. */
      keysAreObjects: boolean;
    } {
      const { kind } = candidate;
      const growth: GrowthSite[] = [];
      let removes = false;
      let bounded = false;
      let escapes = false;
      let exported = false;
      let weakSafe = kind === 'map' || kind === 'set';
      let keysAreObjects = true;
      const weakMethods: readonly string[] = kind === 'map' || kind === 'set' ? WEAK_COUNTERPARTS[kind].methods : [];
      const all: Uses[] = [];
      const seen = new Set<Uses>();
      const pending = [candidate.uses];
      while (pending.length > 0) {
        const uses = pending.pop()!;
        if (seen.has(uses)) continue;
        seen.add(uses);
        all.push(uses);
        pending.push(...uses.aliases);
      }
      // Functions that test membership before pushing: their pushes add each value once.
      const dedupingFunctions = new Set<TSESTree.Node | null>();
      if (kind === 'array') {
        for (const uses of all) {
          for (const { method, call } of uses.methodCalls) {
            if (MEMBERSHIP_METHODS.has(method)) dedupingFunctions.add(enclosingFunction(call));
          }
        }
      }
      for (const uses of all) {
        removes ||= uses.removes;
        bounded ||= uses.bounded;
        escapes ||= uses.escapes;
        exported ||= uses.exported;
        if (uses.weakUnsafe) weakSafe = false;
        for (const { method, call } of uses.methodCalls) {
          if (!weakMethods.includes(method)) weakSafe = false;
          if (SHRINK_METHODS[kind].includes(method)) {
            removes = true;
          } else if (kind === 'array' && method === 'splice') {
            if (spliceRemoves(call)) removes = true;
            else if (call.arguments.length > 2) growth.push({ node: call, key: null });
          } else if (GROWTH_METHODS[kind].includes(method)) {
            const key = call.arguments[0] ?? null;
            if (kind !== 'array') {
              if (!key || !isWeakKeyCandidate(key)) weakSafe = false;
              else if (!isVisiblyObjectKey(key)) keysAreObjects = false;
              growth.push({ node: call, key });
            } else {
              const deduped = key !== null && call.arguments.length === 1 && dedupingFunctions.has(enclosingFunction(call));
              growth.push({ node: call, key: deduped ? key : null });
            }
          }
        }
        for (const { member, key } of uses.keyedWrites) {
          if (kind === 'object') growth.push({ node: member.parent, key });
          else if (kind === 'array' && isLengthRead(key)) growth.push({ node: member.parent, key: null });
        }
        if (kind === 'object') {
          for (const call of uses.assignCalls) growth.push({ node: call, key: call.arguments[1] ?? call });
        }
      }
      growth.sort((a, b) => a.node.range[0] - b.node.range[0]);
      return { growth, removes, bounded, escapes, exported, weakSafe, keysAreObjects };
    }

    /** Keys drawn from the program's own definitions are bounded by the code, not by the traffic. */
    function isCodeBoundedKey(key: TSESTree.Node, depth = 0): boolean {
      const value = skipTypeWrappers(key);
      if (depth > MAX_KEY_TRACE_DEPTH) return false;
      switch (value.type) {
        case AST_NODE_TYPES.Literal:
        case AST_NODE_TYPES.MetaProperty:
          return true;
        case AST_NODE_TYPES.TemplateLiteral:
          return value.expressions.length === 0;
        case AST_NODE_TYPES.UnaryExpression:
          return value.operator === 'typeof';
        case AST_NODE_TYPES.MemberExpression: {
          const name = getStaticPropertyName(value);
          if (name === 'constructor' || name === 'prototype') return true;
          const object = skipTypeWrappers(value.object);
          return object.type === AST_NODE_TYPES.Identifier && isEnumReference(object);
        }
        case AST_NODE_TYPES.Identifier: {
          const variable = resolveVariable(sourceCode, value);
          if (!variable) return false;
          if (isSingleDefinition(variable) || isUsedAsClass(variable)) return true;
          // `const code = 'LRU_CACHE_UNBOUNDED'; warned.add(code)`: a local constant of a constant.
          const def = variable.defs[0];
          return (
            variable.defs.length === 1 &&
            def?.type === DefinitionType.Variable &&
            def.parent.kind === 'const' &&
            def.node.init !== null &&
            isCodeBoundedKey(def.node.init, depth + 1)
          );
        }
        default:
          return false;
      }
    }

    /** `new cls()` or `x instanceof cls`: the key is a class, and classes are bounded by the code. */
    function isUsedAsClass(variable: Variable): boolean {
      return variable.references.some(({ identifier }) => {
        const parent = identifier.parent;
        return (
          (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === identifier) ||
          (parent?.type === AST_NODE_TYPES.BinaryExpression && parent.operator === 'instanceof' && parent.right === identifier)
        );
      });
    }

    function isEnumReference(identifier: TSESTree.Identifier): boolean {
      const variable = resolveVariable(sourceCode, identifier);
      return variable?.defs.some((def) => def.type === DefinitionType.TSEnumName) ?? false;
    }

    /** A class, function, import, enum or module-level `const`: one value for the process. */
    function isSingleDefinition(variable: Variable): boolean {
      return variable.defs.some((def) => {
        if (def.type === DefinitionType.ClassName || def.type === DefinitionType.FunctionName || def.type === DefinitionType.ImportBinding || def.type === DefinitionType.TSEnumName) {
          return true;
        }
        return (
          def.type === DefinitionType.Variable &&
          def.parent.kind === 'const' &&
          variable.scope.block.type === AST_NODE_TYPES.Program
        );
      });
    }

    /**
     * A key a WeakMap or WeakSet might hold: a binding, `this` or a fresh object with no sign of being a
     * primitive. Property reads (`req.params.id`) and call results are usually ids and strings, and a
     * weak collection throws on those, so they get no suggestion.
     */
    function isWeakKeyCandidate(key: TSESTree.Node): boolean {
      const value = skipTypeWrappers(key);
      switch (value.type) {
        case AST_NODE_TYPES.Identifier:
          return !isPrimitiveValue(value);
        case AST_NODE_TYPES.ThisExpression:
        case AST_NODE_TYPES.NewExpression:
        case AST_NODE_TYPES.ObjectExpression:
        case AST_NODE_TYPES.ArrayExpression:
        case AST_NODE_TYPES.ArrowFunctionExpression:
        case AST_NODE_TYPES.FunctionExpression:
        case AST_NODE_TYPES.ClassExpression:
          return true;
        default:
          return false;
      }
    }

    /** A key that is an object by its own syntax or its binding's declaration, not only "not visibly primitive". */
    function isVisiblyObjectKey(key: TSESTree.Node): boolean {
      const value = skipTypeWrappers(key);
      return value.type === AST_NODE_TYPES.Identifier ? isVisiblyObjectBinding(value) : isWeakKeyCandidate(value);
    }

    /** A binding declared as an object: `const x = new X()` / `{…}`, a class, or a parameter typed as an object type. */
    function isVisiblyObjectBinding(identifier: TSESTree.Identifier): boolean {
      const variable = resolveVariable(sourceCode, identifier);
      if (!variable || variable.defs.length === 0) return false;
      return variable.defs.every((def) => {
        if (def.type === DefinitionType.ClassName || def.type === DefinitionType.FunctionName) return true;
        if (def.name.type === AST_NODE_TYPES.Identifier && def.name.typeAnnotation) {
          return OBJECT_TYPE_NODES.has(def.name.typeAnnotation.typeAnnotation.type);
        }
        return (
          def.type === DefinitionType.Variable &&
          def.node.type === AST_NODE_TYPES.VariableDeclarator &&
          def.node.init !== null &&
          OBJECT_CREATING_NODES.has(skipTypeWrappers(def.node.init).type)
        );
      });
    }

    /** A key that is certainly not an object, so a WeakMap or WeakSet would throw on it. */
    function isPrimitiveValue(node: TSESTree.Node): boolean {
      const value = skipTypeWrappers(node);
      switch (value.type) {
        case AST_NODE_TYPES.Literal:
        case AST_NODE_TYPES.TemplateLiteral:
        case AST_NODE_TYPES.BinaryExpression:
        case AST_NODE_TYPES.UnaryExpression:
        case AST_NODE_TYPES.UpdateExpression:
          return true;
        case AST_NODE_TYPES.CallExpression: {
          const callee = skipTypeWrappers(value.callee);
          if (callee.type === AST_NODE_TYPES.Identifier) return PRIMITIVE_CONVERSIONS.has(callee.name) && globals.has(callee);
          if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
          const name = getStaticPropertyName(callee);
          return globalPath(callee) === 'JSON.stringify' || (name !== null && STRING_RETURNING_METHODS.has(name));
        }
        case AST_NODE_TYPES.MemberExpression: {
          const name = getStaticPropertyName(value);
          return name === 'length' || name === 'size';
        }
        case AST_NODE_TYPES.Identifier: {
          const variable = resolveVariable(sourceCode, value);
          return variable?.defs.some((def) => isPrimitiveDefinition(def.name, def.node)) ?? false;
        }
        default:
          return false;
      }
    }

    function isPrimitiveDefinition(name: TSESTree.Node, declaration: TSESTree.Node): boolean {
      if (name.type === AST_NODE_TYPES.Identifier && name.typeAnnotation) {
        return PRIMITIVE_TYPE_NODES.has(name.typeAnnotation.typeAnnotation.type);
      }
      return (
        declaration.type === AST_NODE_TYPES.VariableDeclarator &&
        declaration.init !== null &&
        isPrimitiveValue(declaration.init)
      );
    }

    /**
     * Whether a growth site adds entries with the traffic. Arrays grow on every call, so the question is
     * only how often the code runs: per event (a callback, a method) or unknown (an exported function)
     * counts, load-time and registration APIs do not. Keyed collections hold one entry per key, so their
     * keys must also come from the traffic (a request, a socket, a fresh id), not from the code.
     */
    function countsAsRepeated(site: GrowthSite, candidate: Candidate): boolean {
      if (isSkippedTestCode(context, site.node)) return false;
      const runs = runsOf(site, candidate);
      if (runs === 'once') return false;
      if (checkEscaped) return site.key === null || !isCodeBoundedKey(site.key);
      if (runs === 'registration') return false;
      if (site.key === null) return runs === 'repeats' || hasPerCallEvidence(site, candidate);
      if (isCodeBoundedKey(site.key) || keyDomainOf(site.key) === 'bounded') return false;
      const perCallKey = isTrafficKey(site.key, 0) || isFreshHandle(site.key, constInitializer);
      return perCallKey && (runs === 'repeats' || hasPerCallEvidence(site, candidate));
    }

    /**
     * A singleton's method is its API: callers in other files call it per request or once at boot, as
     * an exported function's are. Only a handler the file shows (`@Get()`, `app.get`) is per request.
     */
    function runsOf(site: GrowthSite, candidate: Candidate): Evidence {
      const runs = evidence.ofSite(site.node);
      if (candidate.where !== 'instance' || runs !== 'repeats') return runs;
      return findHandlerEvidence(site.node, sourceCode, context.filename) ? 'repeats' : 'unknown';
    }

    /**
     * Code whose callers are in other files (an exported function, a static method of an exported
     * class) may run per request or once at startup; the growth itself must show it is per call:
     * a key that names an identity (`userId`, `license.id`, `token`), or a value read off a handler's
     * per-call input (`req.url`, `job.data`). Registries of hooks and handlers filled at boot show neither.
     */
    function hasPerCallEvidence(site: GrowthSite, candidate: Candidate): boolean {
      if (candidate.where === 'instance') return hasTrafficEvidence(site);
      if (site.key !== null && keyDomainOf(site.key) === 'identity') return true;
      return grownValues(site).some(
        (value) =>
          isReadOffPerCallInput(sourceCode, value) ||
          keyDomainOf(value) === 'identity' ||
          isInstanceOfPerCallInput(value) ||
          isFreshHandle(value, constInitializer),
      );
    }

    /**
     * A singleton's growth with callers in other files: the key names who the traffic brings
     * (`token`, `session.id`, `user.email`), or the key or value is read off a handler's per-call input.
     * An entity's id (`task.id`, `assetPath`) grows with the data, which usually stops.
     */
    function hasTrafficEvidence(site: GrowthSite): boolean {
      if (site.key !== null) return isTrafficIdentityKey(site.key, 0) || isReadOffPerCallInput(sourceCode, site.key);
      return grownValues(site).some((value) => isReadOffPerCallInput(sourceCode, value) || isFreshHandle(value, constInitializer));
    }

    /** `token`, `` `${user.id}:${action}` ``, or a `const` holding one of those. */
    function isTrafficIdentityKey(key: TSESTree.Node, depth: number): boolean {
      const value = skipTypeWrappers(key);
      if (namesTrafficIdentity(value)) return true;
      if (depth >= MAX_IDENTITY_TRACE_DEPTH) return false;
      if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.expressions.some((part) => isTrafficIdentityKey(part, depth + 1));
      if (value.type === AST_NODE_TYPES.BinaryExpression) return isTrafficIdentityKey(value.left, depth + 1) || isTrafficIdentityKey(value.right, depth + 1);
      const initializer = value.type === AST_NODE_TYPES.Identifier ? constInitializer(value) : null;
      return initializer !== null && isTrafficIdentityKey(initializer, depth + 1);
    }

    /** The initializer of the `const` an identifier names, for tracing a value one step back. */
    function constInitializer(identifier: TSESTree.Identifier): TSESTree.Node | null {
      const definition = resolveVariable(sourceCode, identifier)?.defs[0];
      if (definition?.type !== TSESLint.Scope.DefinitionType.Variable || definition.parent.kind !== 'const') return null;
      return definition.node.init;
    }

    /**
     * A key that differs from one request to the next: derived from a handler's or method's parameters,
     * or fresh per call (`randomUUID()`, `new X()`, `counter++`). Keys traced back to code, module state
     * or parameters of exported functions (whose callers are elsewhere) are not, by default.
     */
    function isTrafficKey(node: TSESTree.Node, depth: number, viaMember = false): boolean {
      if (depth > MAX_KEY_TRACE_DEPTH || ++keyTraceSteps > KEY_TRACE_BUDGET) return false;
      const value = skipTypeWrappers(node);
      switch (value.type) {
        case AST_NODE_TYPES.Literal:
        case AST_NODE_TYPES.MetaProperty:
        case AST_NODE_TYPES.Super:
          return false;
        case AST_NODE_TYPES.TemplateLiteral:
          return value.expressions.some((expression) => isTrafficKey(expression, depth + 1));
        case AST_NODE_TYPES.BinaryExpression:
        case AST_NODE_TYPES.LogicalExpression:
          return isTrafficKey(value.left, depth + 1) || isTrafficKey(value.right, depth + 1);
        case AST_NODE_TYPES.ConditionalExpression:
          return isTrafficKey(value.consequent, depth + 1) || isTrafficKey(value.alternate, depth + 1);
        case AST_NODE_TYPES.UnaryExpression:
          return value.operator !== 'typeof' && isTrafficKey(value.argument, depth + 1);
        case AST_NODE_TYPES.AwaitExpression:
          return isTrafficKey(value.argument, depth + 1);
        case AST_NODE_TYPES.ChainExpression:
          return isTrafficKey(value.expression, depth + 1);
        case AST_NODE_TYPES.MemberExpression: {
          const name = getStaticPropertyName(value);
          return name !== 'constructor' && name !== 'prototype' && isTrafficKey(value.object, depth + 1, true);
        }
        case AST_NODE_TYPES.CallExpression: {
          const callee = skipTypeWrappers(value.callee);
          const fromArguments = value.arguments.some((argument) => isTrafficKey(argument, depth + 1));
          if (callee.type === AST_NODE_TYPES.MemberExpression) return fromArguments || isTrafficKey(callee.object, depth + 1);
          return value.arguments.length === 0 || fromArguments; // `randomUUID()`: fresh per call
        }
        case AST_NODE_TYPES.ThisExpression:
          return !isStaticThis(value); // instances come and go with the traffic; the class does not
        case AST_NODE_TYPES.Identifier:
          return isTrafficVariable(value, depth, viaMember);
        case AST_NODE_TYPES.SpreadElement:
          return isTrafficKey(value.argument, depth + 1);
        default:
          // Object and array literals, `new X()`, closures, `counter++`: a fresh value per call.
          return true;
      }
    }

    /** `viaMember`: the key is read off this binding (`req.id`, `const { id } = req`), not the binding itself. */
    function isTrafficVariable(identifier: TSESTree.Identifier, depth: number, viaMember: boolean): boolean {
      const variable = resolveVariable(sourceCode, identifier);
      const def = variable?.defs[0];
      if (!variable || !def || variable.scope.block.type === AST_NODE_TYPES.Program) return false;
      switch (def.type) {
        case DefinitionType.Parameter: {
          const fn = def.node as TSESTree.FunctionLike;
          const isDestructured = !fn.params.some((parameter) => parameter === def.name);
          return isTrafficParameter(fn, def.name, depth, viaMember || isDestructured);
        }
        case DefinitionType.CatchClause:
          return true;
        case DefinitionType.Variable: {
          const loop = def.parent.parent;
          if (
            (loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) &&
            loop.left === def.parent
          ) {
            return isTrafficKey(loop.right, depth + 1);
          }
          if (!def.node.init) return true;
          const isDestructured = def.node.id.type !== AST_NODE_TYPES.Identifier;
          return isTrafficKey(def.node.init, depth + 1, isDestructured) || (def.parent.kind !== 'const' && variable.references.some((reference) => reference.isWrite() && !reference.init));
        }
        default:
          return false;
      }
    }

    /**
     * Where a function's parameters come from: a handler's arguments, or its callers in this file. An
     * exported function with no caller here is an entry point: a key read off its parameter (`req.id`,
     * `job.data.userId`) comes from the structured input of each call, while a key that is the parameter
     * itself (`getTypeParser(oid)`, `logOnce(message)`) is a lookup whose key space the callers decide.
     */
    function isTrafficParameter(fn: TSESTree.FunctionLike, name: TSESTree.Node, depth: number, viaMember: boolean): boolean {
      const index = fn.params.findIndex((parameter) => parameter.range[0] <= name.range[0] && name.range[1] <= parameter.range[1]);
      const outer = skipParentTypeWrappers(fn);
      const parent = outer.parent;
      switch (parent?.type) {
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression: {
          if (parent.callee === outer) {
            const argument = parent.arguments[index]; // an IIFE's parameters are its arguments
            return argument !== undefined && isTrafficKey(argument, depth + 1);
          }
          const callee = skipTypeWrappers(parent.callee);
          if (parent.type === AST_NODE_TYPES.NewExpression) return globalPath(callee) !== 'Promise';
          if (callee.type !== AST_NODE_TYPES.MemberExpression) return true;
          const method = getStaticPropertyName(callee);
          // `items.forEach((item) => …)`, `load().then((rows) => …)`: the values come from the receiver.
          if (method !== null && (SYNCHRONOUS_CALLBACK_METHODS.has(method) || ONE_SHOT_METHODS.has(method))) {
            // Reading \`.id\` off an element is reading it off the collection it came from.
            return (
              isTrafficKey(callee.object, depth + 1, viaMember) ||
              parent.arguments.some((argument) => argument !== outer && isTrafficKey(argument, depth + 1))
            );
          }
          return true; // a handler's `req`, `socket`, `message`
        }
        case AST_NODE_TYPES.MethodDefinition:
        case AST_NODE_TYPES.PropertyDefinition:
          return !parent.static || viaMember;
        case AST_NODE_TYPES.Property:
          return true;
        default: {
          const fromCallers = trafficFromCallers(fn, index, depth);
          return fromCallers === 'traffic' || (fromCallers === 'no-callers' && viaMember);
        }
      }
    }

    /** A named function: the arguments its callers in this file pass, or any use as a callback. */
    function trafficFromCallers(fn: TSESTree.FunctionLike, index: number, depth: number): 'traffic' | 'code' | 'no-callers' {
      // Memoised per parameter (and 'code' while in progress, for recursion), so fan-in is paid once.
      const key = `${fn.range[0]}:${index}`;
      const known = callerTraffic.get(key);
      if (known) return known;
      callerTraffic.set(key, 'code');
      const result = computeTrafficFromCallers(fn, index, depth);
      callerTraffic.set(key, result);
      return result;
    }

    function computeTrafficFromCallers(fn: TSESTree.FunctionLike, index: number, depth: number): 'traffic' | 'code' | 'no-callers' {
      const variable = functionVariable(fn, sourceCode);
      if (!variable) return 'no-callers';
      let called = false;
      for (const reference of variable.references) {
        if (reference.init || !reference.isRead()) continue;
        const identifier = skipParentTypeWrappers(reference.identifier);
        const parent = identifier.parent;
        if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === identifier) {
          called = true;
          const argument = parent.arguments[index];
          if (argument && isTrafficKey(argument, depth + 1)) return 'traffic';
        } else if (
          (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
          evidence.ofCallbackArgument(parent) === 'repeats'
        ) {
          return 'traffic'; // handed to an emitter or router as a handler
        }
      }
      return called ? 'code' : 'no-callers';
    }

    function isStaticThis(node: TSESTree.ThisExpression): boolean {
      for (let current = node.parent; current; current = current.parent) {
        if (current.type === AST_NODE_TYPES.StaticBlock) return true;
        if (current.type === AST_NODE_TYPES.PropertyDefinition) return current.static;
        if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) {
          return current.parent.type === AST_NODE_TYPES.MethodDefinition && current.parent.static;
        }
        if (current.type === AST_NODE_TYPES.Program) return true;
      }
      return true;
    }

    function report(candidate: Candidate): void {
      if (candidate.allowNames.some(isAllowed)) return;
      const facts = inspect(candidate);
      if (facts.removes || facts.bounded) return;
      if (facts.escapes && !checkEscaped) return;
      if (facts.exported && !checkExported) return;
      const site = facts.growth.find((growth) => countsAsRepeated(growth, candidate));
      if (!site) return;
      const labels = KIND_LABELS[candidate.kind];
      const weak = facts.weakSafe && !facts.exported ? weakSuggestion(candidate, facts.keysAreObjects) : null;
      const runs = describeRuns(site.node);
      context.report({
        node: candidate.reportNode,
        loc: nameLocation(candidate.reportNode),
        messageId: 'growingCollection',
        data: {
          where: WHERE_LABELS[candidate.where],
          kind: labels.kind,
          name: candidate.name,
          lives: candidate.lives,
          grower: describeGrower(site.node, runs !== ''),
          line: String(site.node.loc.start.line),
          runs,
          item: labels.item,
          fix: labels.fix,
        },
        suggest: weak ? [weak] : [],
      });
    }

    function weakSuggestion(candidate: Candidate, keysAreObjects: boolean): TSESLint.SuggestionReportDescriptor<MessageIds> | null {
      if (candidate.kind !== 'map' && candidate.kind !== 'set') return null;
      const init = skipTypeWrappers(candidate.init);
      if (init.type !== AST_NODE_TYPES.NewExpression || init.arguments.length > 0) return null;
      const callee = skipTypeWrappers(init.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier) return null;
      const weakName = WEAK_COUNTERPARTS[candidate.kind].name;
      // A local binding named `WeakMap` would change what the fix means.
      if (ASTUtils.findVariable(scopeOf(init), weakName)?.defs.length) return null;
      const typeArgument = init.typeArguments?.params[0] ?? annotationKeyType(candidate.annotation);
      if (typeArgument && PRIMITIVE_TYPE_NODES.has(typeArgument.type)) return null;
      // A weak collection throws on a primitive key: the keys or the declared key type must show objects.
      if (!keysAreObjects && !(typeArgument && OBJECT_TYPE_NODES.has(typeArgument.type))) return null;
      const annotationName = annotationTypeName(candidate.annotation, callee.name);
      if (annotationName === false) return null;
      return {
        messageId: candidate.kind === 'map' ? 'useWeakMap' : 'useWeakSet',
        fix: (fixer) => {
          const fixes = [fixer.replaceText(callee, weakName)];
          if (annotationName) fixes.push(fixer.replaceText(annotationName, weakName));
          return fixes;
        },
      };
    }

    /** ", which runs on every request (registered with `app.get` on line 4)," when a framework shows it. */
    function describeRuns(site: TSESTree.Node): string {
      const handler = findHandlerEvidence(site, sourceCode, context.filename);
      return handler ? `, which ${handler.phrase} (${handler.reason}),` : '';
    }

    /** `registered`: the runs clause already names the call the callback is handed to. */
    function describeGrower(site: TSESTree.Node, registered: boolean): string {
      const fn = enclosingFunction(site);
      if (!fn) return 'a class field initializer';
      const parent = skipParentTypeWrappers(fn).parent;
      if (!fn.id && parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression) {
        return `'${sourceCode.getText(parent.left)}'`; // \`module.exports = …\`, \`Conn.prototype.onData = …\`
      }
      const name = functionNameOf(fn);
      if (name !== null) return `'${name}'`;
      if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee !== fn) {
        if (registered) return 'a callback';
        const callee = sourceCode.getText(parent.callee);
        if (callee.length <= 40 && !callee.includes('\n')) return `the callback passed to '${callee}'`;
      }
      return 'an anonymous function';
    }

    // -- Gathering -----------------------------------------------------------------------------

    function moduleCandidates(): Candidate[] {
      const candidates: Candidate[] = [];
      for (const variable of getModuleScope(sourceCode).variables) {
        if (variable.defs.length !== 1) continue;
        const def = variable.defs[0]!;
        if (def.type !== DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) continue;
        const kind = collectionKindOf(def.node.init);
        if (!kind || !mayGrow(variable)) continue;
        const uses = usesOfVariable(variable);
        if (def.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) {
          uses.exported = true;
          uses.weakUnsafe = true;
        }
        candidates.push({
          kind,
          name: variable.name,
          allowNames: [variable.name],
          where: 'module',
          lives: '',
          reportNode: def.node.id,
          init: def.node.init,
          annotation: def.node.id.typeAnnotation?.typeAnnotation,
          uses,
        });
      }
      return candidates;
    }

    /** Registers the static collection fields of a long-lived class before its members are visited. */
    function registerStaticClass(body: TSESTree.ClassBody): void {
      const classNode = body.parent;
      if (runsRepeatedly(scopeOf(classNode))) return; // a class made per call: its statics die with it
      const fields = new Map<string, Candidate>();
      const className = classDisplayName(classNode);
      for (const member of body.body) {
        if (member.type !== AST_NODE_TYPES.PropertyDefinition || !member.static || !member.value) continue;
        const name = getStaticPropertyName(member);
        const kind = name === null ? null : collectionKindOf(member.value);
        if (name === null || !kind) continue;
        const uses = newUses();
        const isPrivate = member.key.type === AST_NODE_TYPES.PrivateIdentifier || member.accessibility === 'private';
        if (!isPrivate && isExportedDeclaration(classNode)) uses.exported = true;
        const qualified = className ? `${className}.${name}` : name;
        fields.set(name, {
          kind,
          name: qualified,
          allowNames: [name, qualified],
          where: 'static',
          lives: '',
          reportNode: member.key,
          init: member.value,
          annotation: member.typeAnnotation?.typeAnnotation,
          uses,
        });
      }
      if (fields.size > 0) staticClasses.set(classNode, { node: classNode, fields });
      if (checkSingletons) registerSingletonFields(classNode, className);
    }

    /**
     * The instance collection fields of a singleton (a NestJS provider in singleton scope, a class made
     * once at module level): its one instance lives as long as the module, and so do its fields.
     */
    function registerSingletonFields(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, className: string | null): void {
      const fields = new Map<string, Candidate>();
      for (const member of classNode.body.body) {
        if (member.type !== AST_NODE_TYPES.PropertyDefinition || member.static || !member.value) continue;
        const name = getStaticPropertyName(member);
        const kind = name === null ? null : collectionKindOf(member.value);
        if (name === null || !kind) continue;
        fields.set(name, {
          kind,
          name: `this.${name}`,
          allowNames: [name, className ? `${className}.${name}` : name],
          where: 'instance',
          lives: '',
          reportNode: member.key,
          init: member.value,
          annotation: member.typeAnnotation?.typeAnnotation,
          uses: newUses(),
        });
      }
      if (fields.size === 0) return;
      const evidence = getSingletonEvidence(sourceCode, classNode);
      if (evidence === null) return;
      for (const field of fields.values()) field.lives = ` of '${className ?? 'an anonymous class'}' (${evidence})`;
      singletonClasses.set(classNode, { node: classNode, fields });
    }

    /** `Registry.items` through every binding of the class (outer name, inner name, `const X = class`). */
    function recordClassReferences(staticClass: StaticClass): void {
      for (const variable of classVariables(staticClass.node, sourceCode)) {
        for (const reference of variable.references) {
          if (reference.init || !reference.isRead()) continue;
          const identifier = skipParentTypeWrappers(reference.identifier);
          const parent = identifier.parent;
          if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
            const name = getStaticPropertyName(parent);
            const field = name === null ? undefined : staticClass.fields.get(name);
            if (field) recordUse(parent, field.uses);
          } else if (
            parent?.type === AST_NODE_TYPES.ExportSpecifier ||
            parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
            (parent?.type === AST_NODE_TYPES.AssignmentExpression && isCommonJsExportTarget(parent.left, globals)) ||
            (parent?.type === AST_NODE_TYPES.Property && isExportedObject(parent.parent, globals))
          ) {
            for (const [name, field] of staticClass.fields) {
              if (!name.startsWith('#')) field.uses.exported = true;
            }
          }
        }
      }
    }

    const visitor: TSESLint.RuleListener = {
      'Program:exit'() {
        for (const candidate of moduleCandidates()) report(candidate);
        for (const singleton of singletonClasses.values()) {
          for (const field of singleton.fields.values()) report(field);
        }
        if (!checkStatic) return;
        for (const staticClass of staticClasses.values()) {
          recordClassReferences(staticClass);
          for (const field of staticClass.fields.values()) report(field);
        }
      },
    };
    if (!hasClasses) return visitor;

    // `this` is the class inside static methods, static blocks and static field initializers.
    const pushOwner = (owner: StaticClass | null): void => {
      thisOwners.push(owner);
    };
    const popOwner = (): void => {
      thisOwners.pop();
    };
    return {
      ...visitor,
      ClassBody: registerStaticClass,
      'FunctionDeclaration, FunctionExpression'(fn: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression) {
        const member = fn.parent;
        if (member.type !== AST_NODE_TYPES.MethodDefinition || member.value !== fn) return pushOwner(null);
        const owners = member.static ? staticClasses : singletonClasses;
        pushOwner(owners.get(member.parent.parent) ?? null);
      },
      'FunctionDeclaration, FunctionExpression:exit': popOwner,
      StaticBlock(block) {
        pushOwner(staticClasses.get(block.parent.parent) ?? null);
      },
      'StaticBlock:exit': popOwner,
      PropertyDefinition(property) {
        pushOwner((property.static ? staticClasses : singletonClasses).get(property.parent.parent) ?? null);
      },
      'PropertyDefinition:exit': popOwner,
      'MemberExpression[object.type="ThisExpression"]'(member: TSESTree.MemberExpression) {
        const owner = thisOwners.at(-1);
        if (!owner) return;
        const name = getStaticPropertyName(member);
        const field = name === null ? undefined : owner.fields.get(name);
        if (field) recordUse(member, field.uses);
      },
    };
  },
});

// -- Repetition evidence -----------------------------------------------------------------------

/**
 * Answers "how often does this growth run?" from the file's own evidence. A function runs as often as
 * whatever calls it: a callback handed to an emitter, router or timer runs per event; a method runs per
 * call on its instances; a function called only at load (directly, from an IIFE, or from a top-level
 * `forEach`) runs once. Each function and binding is evaluated once (memoised), so the whole analysis
 * stays linear in the number of references.
 */
function createRepetitionOracle(
  sourceCode: SourceCode,
  globals: GlobalReferences,
  isScript: boolean,
  filename: string,
): {
  ofSite(node: TSESTree.Node): Evidence;
  ofCallbackArgument(call: TSESTree.CallExpression | TSESTree.NewExpression): Evidence;
} {
  const byFunction = new Map<TSESTree.Node, Evidence>();
  const byVariable = new Map<Variable, Evidence>();
  const inProgress = new Set<unknown>();
  const byStaticMethod = new Map<string, Evidence>();

  function ofContext(node: TSESTree.Node): EvidenceOrCycle {
    let child: TSESTree.Node = node;
    for (let current = node.parent; current; child = current, current = current.parent) {
      if (isFunctionNode(current)) return ofFunction(current);
      if (
        (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.AccessorProperty) &&
        current.value === child &&
        !current.static
      ) {
        return 'repeats'; // an instance field initializer runs per instance
      }
    }
    return 'once';
  }

  function ofFunction(fn: TSESTree.FunctionLike): EvidenceOrCycle {
    const known = byFunction.get(fn);
    if (known) return known;
    if (inProgress.has(fn)) return 'cycle';
    inProgress.add(fn);
    let result = settle(computeFunction(fn));
    // An exported function that a platform calls with the traffic by its signature (a Next.js route
    // handler, a serverless `handler(event)`, an exported `(req, res)`) repeats: the framework is the caller.
    if (result === 'unknown' && describeHandler(fn, sourceCode, filename)?.bySignature) result = 'repeats';
    if (result === 'unknown' && isRegistrationName(functionNameOf(fn))) result = 'registration';
    inProgress.delete(fn);
    byFunction.set(fn, result);
    return result;
  }

  function computeFunction(fn: TSESTree.FunctionLike): EvidenceOrCycle {
    if (isImmediatelyInvoked(fn)) return ofContext(fn.parent);
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
      const exported =
        fn.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || fn.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration;
      const variable = fn.id ? sourceCode.scopeManager?.getDeclaredVariables(fn)[0] : undefined;
      const fromCalls = variable ? ofVariable(variable) : 'once';
      return exported ? strongest(fromCalls, 'unknown') : fromCalls;
    }
    return ofValue(fn);
  }

  /** Where a function value (or an object holding it) goes decides how often it is called. */
  function ofValue(node: TSESTree.Node): EvidenceOrCycle {
    const value = skipParentTypeWrappers(node);
    const parent = value.parent;
    if (!parent) return 'once';
    switch (parent.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        return parent.callee === value ? ofContext(parent) : ofCallback(parent);
      case AST_NODE_TYPES.MethodDefinition:
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.AccessorProperty:
      case AST_NODE_TYPES.TSAbstractMethodDefinition:
        return ofClassMember(parent);
      case AST_NODE_TYPES.Property:
        return parent.parent.type === AST_NODE_TYPES.ObjectExpression ? ofValue(parent.parent) : 'repeats';
      case AST_NODE_TYPES.VariableDeclarator: {
        if (parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) return 'repeats';
        const variable = sourceCode.scopeManager?.getDeclaredVariables(parent)[0];
        if (!variable) return 'repeats';
        const exported = parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
        return exported ? strongest(ofVariable(variable), 'unknown') : ofVariable(variable);
      }
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === value ? ofAssignmentTarget(parent.left) : 'repeats';
      case AST_NODE_TYPES.ExportDefaultDeclaration:
      case AST_NODE_TYPES.ExportSpecifier:
        return 'unknown';
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
        return ofValue(parent);
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ExpressionStatement:
      case AST_NODE_TYPES.TemplateLiteral:
        return 'once'; // `typeof fn`, `fn === other`: read, never called from here
      case AST_NODE_TYPES.MemberExpression: {
        // `fn.call(…)` / `fn.apply(…)` run it here; `fn.bind(…)` hands a copy on.
        const call = parent.parent;
        if (parent.object !== value || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return 'repeats';
        const method = getStaticPropertyName(parent);
        if (method === 'call' || method === 'apply') return ofContext(call);
        return method === 'bind' ? ofValue(call) : 'repeats';
      }
      default:
        // Returned by a factory, put in a handler array, handed to a plugin: whoever receives it calls
        // it as often as it likes, which this file does not show.
        return 'unknown';
    }
  }

  function ofCallback(call: TSESTree.CallExpression | TSESTree.NewExpression): EvidenceOrCycle {
    const callee = skipTypeWrappers(call.callee);
    const path = globalCalleePath(callee, globals);
    if (call.type === AST_NODE_TYPES.NewExpression) {
      return path === 'Promise' ? ofContext(call) : 'repeats'; // a Promise executor runs once, synchronously
    }
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
    if (method !== null && SYNCHRONOUS_CALLBACK_METHODS.has(method)) return settle(ofContext(call));
    // `_.memoize(loadModules)`, `once(init)`: the wrapper runs its function once however often the
    // wrapper is called, so as often as the wrapper is made (a memoised function with parameters runs once per key).
    const wrapper = method ?? (callee.type === AST_NODE_TYPES.Identifier ? callee.name : null);
    if (wrapper !== null && RUN_ONCE_WRAPPERS.has(wrapper) && (wrapper !== 'memoize' || takesNoArguments(functionOf(call.arguments[0])))) {
      return ofContext(call);
    }
    // `_.debounce(fn)` runs fn at most as often as the wrapper is called: follow the wrapper.
    if (wrapper !== null && RATE_LIMITING_WRAPPERS.has(wrapper)) return ofValue(call);
    // A file watcher runs when someone edits a file (a config, a package list): not per request, so
    // its frequency is unknown and the growth must show per-call evidence.
    if (wrapper !== null && FILE_WATCH_CALLEES.has(wrapper)) return 'unknown';
    if ((method !== null && ONE_SHOT_METHODS.has(method)) || (path !== null && ONE_SHOT_SCHEDULERS.has(path))) {
      // Once per call, unless the function schedules itself again: then it is a loop in time.
      const context = ofContext(call);
      return context === 'cycle' ? 'repeats' : context;
    }
    return 'repeats';
  }

  function ofClassMember(
    member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.AccessorProperty | TSESTree.TSAbstractMethodDefinition,
  ): EvidenceOrCycle {
    const name =
      member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition
        ? getStaticPropertyName(member)
        : null;
    const classNode = member.parent.parent;
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor' && isClassNode(classNode)) {
      return ofInstantiation(classNode);
    }
    // `onModuleInit`, `onApplicationBootstrap`: a framework calls them once per provider, at startup.
    if (member.type === AST_NODE_TYPES.MethodDefinition && !member.static && isStartupFunction(member.value)) return 'once';
    if (!member.static) return isRegistrationName(name) ? 'registration' : 'repeats';
    if (classNode.type !== AST_NODE_TYPES.ClassDeclaration && classNode.type !== AST_NODE_TYPES.ClassExpression) return 'repeats';
    return name === null ? 'repeats' : ofStaticMethod(classNode, name);
  }

  /**
   * A constructor runs where `new Class(…)` is: once for a class made at load, per event for one made
   * in a handler; an exported or handed-on class is made in other files, as often as they say.
   */
  function ofInstantiation(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): EvidenceOrCycle {
    return memoisedByClass(`${classNode.range[0]}:new`, () => {
      let result: EvidenceOrCycle = isExportedDeclaration(classNode) ? 'unknown' : 'once';
      forEachClassUse(classNode, (identifier, parent) => {
        if (parent.type === AST_NODE_TYPES.NewExpression && parent.callee === identifier) result = strongest(result, ofContext(parent));
        else if (parent.type === AST_NODE_TYPES.ClassDeclaration || parent.type === AST_NODE_TYPES.ClassExpression) result = strongest(result, 'repeats');
        else if (!(parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier)) result = strongest(result, 'unknown');
      });
      return result;
    });
  }

  /** Evidence about a class (its instantiation, a static method), computed once, cycles broken. */
  function memoisedByClass(key: string, compute: () => EvidenceOrCycle): EvidenceOrCycle {
    const known = byStaticMethod.get(key);
    if (known) return known;
    if (inProgress.has(key)) return 'cycle';
    inProgress.add(key);
    const settled = settle(compute());
    inProgress.delete(key);
    byStaticMethod.set(key, settled);
    return settled;
  }

  /** Every read of the class's name, with the node that uses it. */
  function forEachClassUse(
    classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
    visit: (identifier: TSESTree.Node, parent: TSESTree.Node) => void,
  ): void {
    for (const variable of classVariables(classNode, sourceCode)) {
      for (const reference of variable.references) {
        if (reference.init || !reference.isRead()) continue;
        const identifier = skipParentTypeWrappers(reference.identifier);
        if (identifier.parent) visit(identifier, identifier.parent);
      }
    }
  }

  /** The function `node` is or names (`loadModulesImpl` → its declaration). */
  function functionOf(node: TSESTree.Node | undefined): TSESTree.Node | null {
    if (!node) return null;
    const value = skipTypeWrappers(node);
    if (value.type !== AST_NODE_TYPES.Identifier) return value;
    return resolveVariable(sourceCode, value)?.defs[0]?.node ?? null;
  }

  /** A static method runs where `Class.method(…)` is called; an exported class has callers elsewhere. */
  function ofStaticMethod(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): EvidenceOrCycle {
    return memoisedByClass(`${classNode.range[0]}:${name}`, () => {
      let result: EvidenceOrCycle = isExportedDeclaration(classNode) ? 'unknown' : 'once';
      forEachClassUse(classNode, (identifier, parent) => {
        if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
          if (getStaticPropertyName(parent) === name) result = strongest(result, ofValueOrCall(parent));
        } else if (isPassedOn(identifier)) {
          result = strongest(result, 'unknown'); // the class itself is exported or handed on
        }
      });
      return result;
    });
  }


  /**
   * `api.handle(req)` on a handler object or `fn.call(…)` runs where it is called; `fn.bind(…)` and
   * `server.on('x', api.handle)` hand it on; `fn.name` or `fn.displayName = …` does neither.
   */
  function ofMemberOfValue(value: TSESTree.Node, member: TSESTree.MemberExpression): EvidenceOrCycle {
    const method = getStaticPropertyName(member);
    if (method === 'bind' || method === 'call' || method === 'apply') return ofValue(value);
    const outer = skipParentTypeWrappers(member);
    const parent = outer.parent;
    if (!parent || isWriteTarget(outer)) return 'once';
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) return ofContext(parent);
    return isPassedOn(outer) ? ofValue(member) : 'once';
  }

  function ofValueOrCall(node: TSESTree.Node): EvidenceOrCycle {
    const outer = skipParentTypeWrappers(node);
    const parent = outer.parent;
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer) return ofContext(parent);
    return ofValue(node);
  }

  function ofAssignmentTarget(target: TSESTree.Node): EvidenceOrCycle {
    if (isCommonJsExportTarget(target, globals)) return 'unknown';
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = resolveVariable(sourceCode, target);
      return variable ? ofVariable(variable) : 'unknown';
    }
    if (target.type !== AST_NODE_TYPES.MemberExpression) return 'repeats';
    const object = skipTypeWrappers(target.object);
    // `Conn.prototype.onData = function …` is a method; `api.register = function …` is module API.
    if (object.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(object) === 'prototype') return 'repeats';
    if (object.type === AST_NODE_TYPES.Identifier) {
      const variable = resolveVariable(sourceCode, object);
      if (variable && variable.defs.length > 0 && variable.scope.block.type === AST_NODE_TYPES.Program) return 'unknown';
    }
    return 'repeats';
  }

  /** The strongest evidence among the references to a function's (or handler object's) binding. */
  function ofVariable(variable: Variable): EvidenceOrCycle {
    const known = byVariable.get(variable);
    if (known) return known;
    if (inProgress.has(variable)) return 'cycle';
    inProgress.add(variable);
    // Top-level functions of a script are globals that other scripts call.
    let result: EvidenceOrCycle = isScript && variable.scope.type === TSESLint.Scope.ScopeType.global ? 'unknown' : 'once';
    for (const reference of variable.references) {
      if (reference.init || !reference.isRead()) continue;
      const identifier = skipParentTypeWrappers(reference.identifier);
      const parent = identifier.parent;
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
        result = strongest(result, ofMemberOfValue(identifier, parent));
      } else {
        result = strongest(result, ofValueOrCall(identifier));
      }
      if (result === 'repeats') break;
    }
    const settled = settle(result);
    inProgress.delete(variable);
    byVariable.set(variable, settled);
    return settled;
  }

  return {
    ofSite(node) {
      return settle(ofContext(node));
    },
    ofCallbackArgument(call) {
      return settle(ofCallback(call));
    },
  };
}

// -- Pure helpers ------------------------------------------------------------------------------

function settle(evidence: EvidenceOrCycle): Evidence {
  return evidence === 'cycle' ? 'once' : evidence;
}

function strongest(a: EvidenceOrCycle, b: EvidenceOrCycle): EvidenceOrCycle {
  if (a === 'cycle') return b;
  if (b === 'cycle') return a;
  return EVIDENCE_RANK[a] >= EVIDENCE_RANK[b] ? a : b;
}

function isRegistrationName(name: string | null): boolean {
  if (name === null) return false;
  if (REGISTRATION_WHOLE_NAMES.includes(name)) return true;
  return REGISTRATION_VERBS.some(
    (verb) => name.startsWith(verb) && (name.length === verb.length || /[A-Z_$]/u.test(name[verb.length]!)),
  );
}

/**
 * Identifier nodes that refer to globals (no declaration in the file): `Map`, `Object`, `module`.
 * Built on the first question, so files with no candidate collection never pay for it.
 */
function createGlobalReferences(sourceCode: SourceCode): GlobalReferences {
  let identifiers: Set<TSESTree.Node> | undefined;
  return {
    has(node) {
      identifiers ??= collectGlobalReferences(sourceCode);
      return identifiers.has(node);
    },
  };
}

function collectGlobalReferences(sourceCode: SourceCode): Set<TSESTree.Node> {
  const globalScope = sourceCode.scopeManager?.globalScope;
  const identifiers = new Set<TSESTree.Node>();
  if (!globalScope) return identifiers;
  for (const reference of globalScope.through) identifiers.add(reference.identifier);
  for (const variable of globalScope.variables) {
    if (variable.defs.length > 0) continue;
    for (const reference of variable.references) identifiers.add(reference.identifier);
  }
  return identifiers;
}

/** `Object.assign` for `Object.assign` rooted at the global `Object`; `setTimeout` for the global. */
function globalCalleePath(callee: TSESTree.Node, globals: GlobalReferences): string | null {
  const value = skipTypeWrappers(callee);
  if (value.type === AST_NODE_TYPES.Identifier) return globals.has(value) ? value.name : null;
  if (value.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = skipTypeWrappers(value.object);
  const name = getStaticPropertyName(value);
  if (name === null || object.type !== AST_NODE_TYPES.Identifier || !globals.has(object)) return null;
  return `${object.name}.${name}`;
}

/** `module.exports`, `module.exports.x`, `exports.x` (the CommonJS globals, not local bindings). */
function isCommonJsExportTarget(target: TSESTree.Node, globals: GlobalReferences): boolean {
  const value = skipTypeWrappers(target);
  if (value.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipTypeWrappers(value.object);
  if (object.type === AST_NODE_TYPES.Identifier) {
    if (!globals.has(object)) return false;
    return object.name === 'exports' || (object.name === 'module' && getStaticPropertyName(value) === 'exports');
  }
  return isCommonJsExportTarget(object, globals);
}

/** `export default { … }`, `module.exports = { … }`, `export const api = { … }`. */
function isExportedObject(object: TSESTree.Node, globals: GlobalReferences): boolean {
  const parent = skipParentTypeWrappers(object).parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) {
    return parent.right === skipParentTypeWrappers(object) && isCommonJsExportTarget(parent.left, globals);
  }
  return (
    parent.type === AST_NODE_TYPES.VariableDeclarator && parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration
  );
}

function isExportedDeclaration(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
  const parent = classNode.parent;
  return (
    parent.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    parent.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
    (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration)
  );
}

function classVariables(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, sourceCode: SourceCode): Variable[] {
  const manager = sourceCode.scopeManager;
  if (!manager) return [];
  const variables = [...manager.getDeclaredVariables(classNode)];
  const parent = classNode.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === classNode) {
    variables.push(...manager.getDeclaredVariables(parent));
  }
  return variables;
}

function classDisplayName(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression): string | null {
  if (classNode.id) return classNode.id.name;
  const parent = classNode.parent;
  return parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
}

/** The function a growth site runs in (`null` for class field initializers). */
function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock) return null;
  }
  return null;
}

/** A value in a position where it leaves this expression: an argument, a stored or exported value. */
function isPassedOn(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee !== node;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === node;
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ExportSpecifier:
    case AST_NODE_TYPES.ExportDefaultDeclaration:
    case AST_NODE_TYPES.VariableDeclarator:
      return true;
    default:
      return false;
  }
}

function isWriteTarget(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  return (
    (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) ||
    (parent.type === AST_NODE_TYPES.UpdateExpression && parent.argument === node)
  );
}

/** `list.length >= MAX`, `cache.size > limit`: a comparison with anything but 0 or 1 (which test emptiness). */
function isLimitComparison(sizeRead: TSESTree.Node): boolean {
  const parent = sizeRead.parent;
  if (parent?.type !== AST_NODE_TYPES.BinaryExpression || !COMPARISON_OPERATORS.has(parent.operator)) return false;
  const other = skipTypeWrappers(parent.left === sizeRead ? parent.right : parent.left);
  return !(other.type === AST_NODE_TYPES.Literal && typeof other.value === 'number' && other.value <= 1);
}

/** `for (let level = cache.length; level <= wanted; level++) cache.push(…)`: filling up to a target, not per call. */
function isLoopStart(sizeRead: TSESTree.Node): boolean {
  const declarator = sizeRead.parent;
  return (
    declarator?.type === AST_NODE_TYPES.VariableDeclarator &&
    declarator.init === sizeRead &&
    declarator.parent.parent?.type === AST_NODE_TYPES.ForStatement &&
    declarator.parent.parent.init === declarator.parent
  );
}

/** `arr.splice(i)`, `arr.splice(i, n)` remove; `arr.splice(i, 0, x)` only inserts. */
function spliceRemoves(call: TSESTree.CallExpression): boolean {
  const { arguments: args } = call;
  if (args.length === 0) return false;
  if (args.length === 1) return true;
  const count = skipTypeWrappers(args[1]!);
  return !(count.type === AST_NODE_TYPES.Literal && count.value === 0);
}

/**
 * `all.add(this)` in a constructor that takes a request, a socket or a job (`constructor(socket: Socket)`):
 * one instance per connection or job.
 */
function takesNoArguments(fn: TSESTree.Node | null): boolean {
  return fn !== null && isFunctionNode(fn) && fn.params.length === 0;
}

function isClassNode(node: TSESTree.Node): node is TSESTree.ClassDeclaration | TSESTree.ClassExpression {
  return node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression;
}

function isInstanceOfPerCallInput(value: TSESTree.Node): boolean {
  if (skipTypeWrappers(value).type !== AST_NODE_TYPES.ThisExpression) return false;
  for (let current = value.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionExpression && current.parent.type === AST_NODE_TYPES.MethodDefinition) {
      return current.parent.kind === 'constructor' && current.params.some(isPerCallParameter);
    }
  }
  return false;
}

/** What a growth site adds: `push`/`add`/`set` arguments, the right side of `dict[key] = value`. */
function grownValues(site: GrowthSite): TSESTree.Node[] {
  const { node } = site;
  if (node.type === AST_NODE_TYPES.CallExpression) return node.arguments;
  if (node.type === AST_NODE_TYPES.AssignmentExpression) return [node.right, ...(site.key ? [site.key] : [])];
  return site.key ? [site.key] : [];
}

function isLengthRead(key: TSESTree.Node): boolean {
  const value = skipTypeWrappers(key);
  return value.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(value) === 'length';
}

function isNullLiteral(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === null;
}

/** The binding of `function f() {}` or `const f = () => {}`. */
function functionVariable(fn: TSESTree.FunctionLike, sourceCode: SourceCode): Variable | undefined {
  const manager = sourceCode.scopeManager;
  if (!manager) return undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id ? manager.getDeclaredVariables(fn)[0] : undefined;
  const parent = skipParentTypeWrappers(fn).parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    return manager.getDeclaredVariables(parent)[0];
  }
  return undefined;
}

/** The function bound to a never-reassigned variable: `function f() {}` or `const f = () => {}`. */
function getDeclaredFunction(variable: Variable): TSESTree.FunctionLike | null {
  if (variable.defs.length !== 1 || variable.references.some((reference) => reference.isWrite() && !reference.init)) return null;
  const def = variable.defs[0]!;
  if (def.type === DefinitionType.FunctionName) return def.node;
  if (def.type !== DefinitionType.Variable || !def.node.init) return null;
  const init = skipTypeWrappers(def.node.init);
  return isFunctionNode(init) ? init : null;
}

/**
 * The `Map` in a `Map<K, V>` annotation, to be renamed with the constructor. `undefined` when there is
 * no annotation, `false` when the annotation is something a weak twin cannot satisfy.
 */
function annotationTypeName(annotation: TSESTree.TypeNode | undefined, constructorName: string): TSESTree.Identifier | undefined | false {
  if (!annotation) return undefined;
  if (
    annotation.type !== AST_NODE_TYPES.TSTypeReference ||
    annotation.typeName.type !== AST_NODE_TYPES.Identifier ||
    annotation.typeName.name !== constructorName
  ) {
    return false;
  }
  const keyType = annotation.typeArguments?.params[0];
  if (keyType && PRIMITIVE_TYPE_NODES.has(keyType.type)) return false;
  return annotation.typeName;
}

/** `K` in a `Map<K, V>` / `Set<K>` annotation. */
function annotationKeyType(annotation: TSESTree.TypeNode | undefined): TSESTree.TypeNode | undefined {
  return annotation?.type === AST_NODE_TYPES.TSTypeReference ? annotation.typeArguments?.params[0] : undefined;
}

/** The name alone: typescript-estree's identifier range includes its type annotation. */
function nameLocation(node: TSESTree.Node): TSESTree.SourceLocation {
  if (node.type !== AST_NODE_TYPES.Identifier || !node.typeAnnotation) return node.loc;
  const { start } = node.loc;
  return { start, end: { line: start.line, column: start.column + node.name.length } };
}

/** `allow` entries: exact names, or `/regex/flags` strings. Built once per configuration; an invalid pattern stops the lint. */
const createNameMatcher = memoizeByOptions((allow: readonly string[]) =>
  createNameMatcherOption({ rule: 'no-growing-module-collection', option: 'allow' }, allow),
);
