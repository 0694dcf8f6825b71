import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipParentTypeWrappers } from './utils/ast.js';
import { includesAnyWord, includesWord } from './utils/text-search.js';
import type { CollectionKind } from './utils/catalogs/bounded-collections.js';
import { enclosingFunction, type GrowthSite, inspectGrowth } from './utils/collection-growth.js';
import { createRule } from './utils/create-rule.js';
import { functionNameOf, isSkippedTestCode } from './utils/execution-context.js';
import { createGlobalReferences } from './utils/global-references.js';
import {
  type CallerTraffic,
  hasPerCallEvidence,
  hasTrafficEvidence,
  isCodeBoundedKey,
  isFreshValue,
  isTrafficKey,
  type KeyTracer,
} from './utils/growth-traffic.js';
import { keyDomainOf } from './utils/key-domain.js';
import {
  type Candidate,
  type ClassCollections,
  hasModuleLevelCollection,
  moduleCandidates,
  recordClassReferences,
  recordThisMember,
  registerClassCollections,
} from './utils/long-lived-collections.js';
import { memoizeByOptions } from './utils/memo.js';
import { createNameMatcherOption } from './utils/options.js';
import { createRunFrequency, type RunLevel } from './utils/run-frequency.js';
import { findHandlerEvidence } from './utils/request-handlers.js';
import { stringListOption } from './utils/option-schemas.js';
import { weakCounterpartEdit } from './utils/weak-collection-keys.js';

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

/**
 * What the rule knows about one file: the options, the collections the walk found, and the
 * memoised answers of the analyses (uses per variable, run frequency, key traces).
 */
interface FileState extends ClassCollections, KeyTracer {
  readonly context: Readonly<TSESLint.RuleContext<MessageIds, Options>>;
  readonly checkExported: boolean;
  readonly checkEscaped: boolean;
  readonly checkStatic: boolean;
  readonly isAllowed: (name: string) => boolean;
}

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

/**
 * Substrings every growth needs (`push`, `.set(`, `Object.assign`, …): searched before the one
 * pattern, because substring searches cost a fraction of a regex over the whole file.
 */
const GROWTH_WORDS = ['push', 'unshift', 'splice', '.set', '.add', 'assign', 'Reflect'];
/** `cache[key] = …`, `counts[key] += …`, `lists[key] ??= []`. */
const KEYED_WRITE = /\]\s*(?:[+\-*/%&|^]|\?\?|\|\||&&)?=(?!=)/u;

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
          allow: stringListOption("Collection names to skip: a binding name, a static field ('plugins') or 'Class.field', or a '/regex/' string."),
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
    const checkStatic = options.checkStatic ?? true;
    const checkSingletons = options.checkSingletons ?? true;
    const isAllowed = createNameMatcher(options.allow ?? []); // an invalid pattern stops the lint on every file
    // Every growth needs one of these words or a keyed write; a file without them has nothing to report.
    if (!includesAnyWord(sourceCode.text, GROWTH_WORDS) && !KEYED_WRITE.test(sourceCode.text)) return {};
    // Nor does a file without a module-level collection or a static field.
    const hasStatic = checkStatic && includesWord(sourceCode.text, 'static');
    const hasClasses = hasStatic || (checkSingletons && includesWord(sourceCode.text, 'class'));
    if (!hasClasses && !hasModuleLevelCollection(sourceCode)) return {};

    const globals = createGlobalReferences(sourceCode);
    const isScript = context.languageOptions.sourceType === 'script';
    const state: FileState = {
      context,
      sourceCode,
      globals,
      checkExported: options.checkExported ?? true,
      checkEscaped: options.checkEscaped ?? false,
      checkStatic,
      checkSingletons,
      isAllowed,
      staticClasses: new Map(),
      singletonClasses: new Map(),
      usesByVariable: new Map(),
      runs: createRunFrequency(sourceCode, { globals, isScript, filename: context.filename }),
      callerTraffic: new Map<string, CallerTraffic>(),
      keyTraceSteps: 0,
    };
    const reportAll = (): void => reportGrowingCollections(state);
    if (!hasClasses) return { 'Program:exit': reportAll };
    return {
      'Program:exit': reportAll,
      ClassBody: (body) => registerClassCollections(state, body),
      'MemberExpression[object.type="ThisExpression"]': (member: TSESTree.MemberExpression) => recordThisMember(state, member),
    };
  },
});

// -- Deciding --------------------------------------------------------------------------------------

/** Reports every long-lived collection of the file that only grows with the traffic. */
function reportGrowingCollections(state: FileState): void {
  for (const candidate of moduleCandidates(state)) reportIfGrowing(state, candidate);
  for (const singleton of state.singletonClasses.values()) {
    for (const field of singleton.fields.values()) reportIfGrowing(state, field);
  }
  if (!state.checkStatic) return;
  for (const staticClass of state.staticClasses.values()) {
    recordClassReferences(state, staticClass);
    for (const field of staticClass.fields.values()) reportIfGrowing(state, field);
  }
}

function reportIfGrowing(state: FileState, candidate: Candidate): void {
  if (candidate.allowNames.some(state.isAllowed)) return;
  const facts = inspectGrowth(state, candidate.kind, candidate.uses);
  if (facts.removes || facts.bounded) return;
  if (facts.escapes && !state.checkEscaped) return;
  if (facts.exported && !state.checkExported) return;
  const site = facts.growth.find((growth) => countsAsRepeated(state, growth, candidate));
  if (!site) return;
  const labels = KIND_LABELS[candidate.kind];
  const weak = facts.weakSafe && !facts.exported ? weakSuggestion(state, candidate, facts.keysAreObjects) : null;
  const runs = describeRuns(state, site.node);
  state.context.report({
    node: candidate.reportNode,
    loc: nameLocation(candidate.reportNode),
    messageId: 'growingCollection',
    data: {
      where: WHERE_LABELS[candidate.where],
      kind: labels.kind,
      name: candidate.name,
      lives: candidate.lives,
      grower: describeGrower(state, site.node, runs !== ''),
      line: String(site.node.loc.start.line),
      runs,
      item: labels.item,
      fix: labels.fix,
    },
    suggest: weak ? [weak] : [],
  });
}

/**
 * Whether a growth site adds entries with the traffic. Arrays grow on every call, so the question is
 * only how often the code runs: per event (a callback, a method) or unknown (an exported function)
 * counts, load-time and registration APIs do not. Keyed collections hold one entry per key, so their
 * keys must also come from the traffic (a request, a socket, a fresh id), not from the code.
 */
function countsAsRepeated(state: FileState, site: GrowthSite, candidate: Candidate): boolean {
  if (isSkippedTestCode(state.context, site.node)) return false;
  const runs = runsOf(state, site, candidate);
  if (runs === 'once') return false;
  if (state.checkEscaped) return site.key === null || !isCodeBoundedKey(state.sourceCode, site.key);
  if (runs === 'registration') return false;
  if (site.key === null) return runs === 'repeats' || showsPerCall(state, site, candidate);
  if (isCodeBoundedKey(state.sourceCode, site.key) || keyDomainOf(site.key) === 'bounded') return false;
  const perCallKey = isTrafficKey(state, site.key, 0) || isFreshValue(state.sourceCode, site.key);
  return perCallKey && (runs === 'repeats' || showsPerCall(state, site, candidate));
}

/**
 * A singleton's method is its API: callers in other files call it per request or once at boot, as
 * an exported function's are. Only a handler the file shows (`@Get()`, `app.get`) is per request.
 */
function runsOf(state: FileState, site: GrowthSite, candidate: Candidate): RunLevel {
  const runs = state.runs.at(site.node).level;
  if (candidate.where !== 'instance' || runs !== 'repeats') return runs;
  return findHandlerEvidence(site.node, state.sourceCode, state.context.filename) ? 'repeats' : 'unknown';
}

/** For code whose callers are in other files: a singleton's growth must show the traffic, any other growth a per-call value. */
function showsPerCall(state: FileState, site: GrowthSite, candidate: Candidate): boolean {
  return candidate.where === 'instance' ? hasTrafficEvidence(state.sourceCode, site) : hasPerCallEvidence(state.sourceCode, site);
}

function weakSuggestion(state: FileState, candidate: Candidate, keysAreObjects: boolean): TSESLint.SuggestionReportDescriptor<MessageIds> | null {
  if (candidate.kind !== 'map' && candidate.kind !== 'set') return null;
  const edit = weakCounterpartEdit(state.sourceCode, candidate.kind, candidate.init, candidate.annotation, keysAreObjects);
  if (!edit) return null;
  const { weakName, callee, annotationName } = edit;
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
function describeRuns(state: FileState, site: TSESTree.Node): string {
  const handler = findHandlerEvidence(site, state.sourceCode, state.context.filename);
  return handler ? `, which ${handler.phrase} (${handler.reason}),` : '';
}

/** `registered`: the runs clause already names the call the callback is handed to. */
function describeGrower(state: FileState, site: TSESTree.Node, registered: boolean): string {
  const fn = enclosingFunction(site);
  if (!fn) return 'a class field initializer';
  const parent = skipParentTypeWrappers(fn).parent;
  if (!fn.id && parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    return `'${state.sourceCode.getText(parent.left)}'`; // `module.exports = …`, `Conn.prototype.onData = …`
  }
  const name = functionNameOf(fn);
  if (name !== null) return `'${name}'`;
  if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee !== fn) {
    if (registered) return 'a callback';
    const callee = state.sourceCode.getText(parent.callee);
    if (callee.length <= 40 && !callee.includes('\n')) return `the callback passed to '${callee}'`;
  }
  return 'an anonymous function';
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
