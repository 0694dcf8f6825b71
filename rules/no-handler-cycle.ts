import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './utils/ast.js';
import { includesWord } from './utils/text-search.js';
import { createRule } from './utils/create-rule.js';
import {
  createBackReferenceSearch,
  creationRoots,
  findBackReferences,
  groupByCreator,
  localHelperBinding,
  type BackReferenceSearch,
} from './utils/helper-back-references.js';
import { getSingletonEvidence } from './utils/long-lived-objects.js';
import {
  className,
  createOwnerWalk,
  ownerWalkListeners,
  type ClassNode,
  type OwnerWalk,
  type Store,
  type Variable,
} from './utils/owner-facts.js';
import { createOwnerTypeEvidence } from './utils/owner-type-evidence.js';
import { createHolderAnalysis, findHolder, type HolderAnalysis } from './utils/registration-holders.js';
import { getTypeServices } from './utils/types.js';

type Options = [{ checkUnknownHelpers?: boolean; checkUnretained?: boolean; useTypes?: boolean }];
type MessageIds = 'cycle' | 'cycleRetained' | 'useWeakRef';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** One file: the options, and what the walk records about each class's instance code (see `owner-facts.ts`). */
interface FileState extends OwnerWalk {
  checkUnknownHelpers: boolean;
  checkUnretained: boolean;
  typeServices: ParserServicesWithTypeInformation | undefined;
}

/** What `Program:exit` works with: the analyses, built once per file, and the helpers already reported. */
interface Decision {
  context: Context;
  state: FileState;
  search: BackReferenceSearch;
  holders: HolderAnalysis;
  singletons: Map<ClassNode, string | null>;
  reported: Set<TSESTree.Node>;
}

export default createRule<Options, MessageIds>({
  name: 'no-handler-cycle',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow an owner and its handler holding strong references to each other.',
      skipScripts: true,
      recommended: 'warn',
      strictOptions: { checkUnknownHelpers: true, checkUnretained: true },
    },
    hasSuggestions: true,
    messages: {
      cycle:
        "{{helper}} keeps a strong reference back to this '{{owner}}' and is stored in 'this.{{field}}', so the two share one lifetime: whatever keeps the helper alive also keeps the '{{owner}}' and everything it holds.",
      cycleRetained:
        "{{helper}} keeps a strong reference back to this '{{owner}}' and is stored in 'this.{{field}}'. It is {{holder}}, so the '{{owner}}' and everything it holds stay in memory for as long as that registration lasts.",
      useWeakRef:
        "Pass 'new WeakRef(this)' instead; the helper must then call 'deref()' and cope with an owner that is already gone.",
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkUnknownHelpers: {
            type: 'boolean',
            description:
              'Also report helpers built by imported constructors whose code is not in the file (no evidence that they keep `this`).',
          },
          checkUnretained: {
            type: 'boolean',
            description:
              'Also report a cycle that nothing long-lived is seen holding. JavaScript frees such cycles, so by default only cycles a long-lived holder keeps alive are reported.',
          },
          useTypes: {
            type: 'boolean',
            description:
              'With type information, count an imported helper whose class declares a property of the owner\'s type as keeping the owner.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkUnknownHelpers: false, checkUnretained: false, useTypes: false }],
  },
  create(context, [options]) {
    // Only class instances are owners here: a file without both words has nothing to report.
    if (!includesWord(context.sourceCode.text, 'class') || !includesWord(context.sourceCode.text, 'this')) return {};
    const state: FileState = {
      ...createOwnerWalk(),
      checkUnknownHelpers: options.checkUnknownHelpers ?? false,
      checkUnretained: options.checkUnretained ?? false,
      typeServices: options.useTypes ? getTypeServices(context) : undefined,
    };
    return {
      ...ownerWalkListeners(state),
      'Program:exit': () => reportCycles(context, state),
    };
  },
});

// ---- Deciding, at Program:exit ----

/**
 * For each value an owner stores: does it hold the owner back (`findBackReferences`), is the owner a
 * singleton anyway, and does something long-lived keep the helper or the owner (`findHolder`)?
 */
function reportCycles(context: Context, state: FileState): void {
  const candidates = [...state.classes.values()].filter((facts) => facts.passesThis);
  if (candidates.length === 0) return;
  const { sourceCode } = context;
  const types = state.typeServices ? createOwnerTypeEvidence(state.typeServices) : undefined;
  const decision: Decision = {
    context,
    state,
    search: createBackReferenceSearch(sourceCode, state.checkUnknownHelpers, types),
    holders: createHolderAnalysis(sourceCode, state.classes, state.registrationByCall),
    singletons: new Map(),
    reported: new Set(),
  };
  for (const facts of candidates) {
    for (const store of facts.stores) checkStore(decision, store);
  }
}

function checkStore(decision: Decision, store: Store): void {
  const { context, state, reported } = decision;
  const value = skipTypeWrappers(store.value);
  let local: Variable | null = null;
  let created: TSESTree.Node = value;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const binding = localHelperBinding(context.sourceCode, value);
    if (!binding) return;
    local = binding.variable;
    created = binding.init;
  }
  for (const root of creationRoots(created)) {
    const found = findBackReferences(decision.search, root, store.owner.node);
    if (found.backReferences.length === 0) continue;
    // A singleton lives for the process anyway: the cycle cannot extend its life, whatever holds the helper.
    if (singletonEvidenceOf(decision, store.owner.node) !== null) return;
    const holder = findHolder(decision.holders, store, local, found.helperClasses);
    // A cycle nothing long-lived holds is collected with its owner: report it only when asked to.
    if (!holder && !state.checkUnretained) continue;
    for (const [creator, thisArguments] of groupByCreator(found.backReferences)) {
      if (reported.has(creator)) continue;
      reported.add(creator);
      context.report({
        node: creator,
        messageId: holder ? 'cycleRetained' : 'cycle',
        data: {
          helper: describeHelper(creator),
          owner: className(store.owner.node),
          field: store.field,
          holder: holder ?? '',
        },
        suggest: [
          {
            messageId: 'useWeakRef',
            fix: (fixer) => thisArguments.map((argument) => fixer.replaceText(argument, `new WeakRef(${context.sourceCode.getText(argument)})`)),
          },
        ],
      });
    }
  }
}

function singletonEvidenceOf(decision: Decision, node: ClassNode): string | null {
  const { singletons } = decision;
  if (!singletons.has(node)) singletons.set(node, getSingletonEvidence(decision.context.sourceCode, node));
  return singletons.get(node) ?? null;
}

/** How a message names the helper: `The 'Handler' created here`, `The object returned by 'wrap'`, `This object literal`. */
function describeHelper(root: TSESTree.Node): string {
  if (root.type === AST_NODE_TYPES.ObjectExpression) return 'This object literal';
  if (root.type !== AST_NODE_TYPES.NewExpression && root.type !== AST_NODE_TYPES.CallExpression) return 'This value';
  const callee = skipTypeWrappers(root.callee);
  let name = 'helper';
  if (callee.type === AST_NODE_TYPES.Identifier) name = callee.name;
  else if (callee.type === AST_NODE_TYPES.MemberExpression) name = getStaticPropertyName(callee) ?? name;
  else if (callee.type === AST_NODE_TYPES.ClassExpression) name = callee.id?.name ?? 'class';
  return root.type === AST_NODE_TYPES.NewExpression ? `The '${name}' created here` : `The object returned by '${name}'`;
}
