import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './ast.js';
import {
  classSignature,
  createRetentionAnalysis,
  functionSignature,
  RETAINS_UNKNOWN,
  retentionAt,
  type RetentionAnalysis,
  type Signature,
} from './argument-retention.js';
import { nearestThisBoundary, type ClassNode, type Variable } from './owner-facts.js';
import { hasOwnerTypedProperty, type OwnerTypeEvidence } from './owner-type-evidence.js';
import { isOrmRelationWrapper, resolveCallee, type ResolvedCallee } from './same-file-callees.js';
import { resolveVariable } from './scope.js';

/**
 * Which helpers hold their owner back: in a value an owner stores (`this.handler = new Handler(this)`),
 * the `this` values that a helper, an object literal or an array keeps, and the helper expressions
 * that keep them.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;
const { DefinitionType } = TSESLint.Scope;

export interface BackReferences {
  /** Each `this` (with its type wrappers) that ends up held, and the expression that holds it. */
  backReferences: { argument: TSESTree.Node; creator: TSESTree.Node }[];
  /** Same-file helper classes the back-reference goes through. */
  helperClasses: ClassNode[];
}

export interface BackReferenceSearch {
  sourceCode: SourceCode;
  retention: RetentionAnalysis;
  /** Each class with its same-file base classes, for `areRelated`. */
  lineages: Map<ClassNode, ClassNode[]>;
  /** Count imported constructors as keeping what they are given (option `checkUnknownHelpers`). */
  checkUnknownHelpers: boolean;
  /** Type evidence for imported helpers (option `useTypes`, typed linting only). */
  types: OwnerTypeEvidence | undefined;
}

export function createBackReferenceSearch(
  sourceCode: SourceCode,
  checkUnknownHelpers: boolean,
  types: OwnerTypeEvidence | undefined,
): BackReferenceSearch {
  return { sourceCode, retention: createRetentionAnalysis(sourceCode), lineages: new Map(), checkUnknownHelpers, types };
}

/** The `this` values that the value `root` keeps for `owner`, and the same-file helper classes that keep them. */
export function findBackReferences(search: BackReferenceSearch, root: TSESTree.Node, owner: ClassNode): BackReferences {
  const found: BackReferences = { backReferences: [], helperClasses: [] };
  collectBackReferences(search, root, null, owner, found);
  return found;
}

/**
 * Finds the `this` values that `node` keeps. `creator` is the expression that creates the
 * back-reference: the innermost helper call on the way down, else the stored object literal.
 */
function collectBackReferences(
  search: BackReferenceSearch,
  node: TSESTree.Node,
  creator: TSESTree.Node | null,
  owner: ClassNode,
  found: BackReferences,
): void {
  const inner = skipTypeWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.ThisExpression:
      // `this.self = this` is no helper; `this` counts once something else holds it.
      if (creator) found.backReferences.push({ argument: node, creator });
      return;
    case AST_NODE_TYPES.ObjectExpression:
      for (const property of inner.properties) {
        if (property.type === AST_NODE_TYPES.Property && property.kind === 'init' && !property.method) {
          collectBackReferences(search, property.value, creator ?? inner, owner, found);
        }
      }
      return;
    case AST_NODE_TYPES.ArrayExpression:
      for (const element of inner.elements) {
        if (element && element.type !== AST_NODE_TYPES.SpreadElement) {
          collectBackReferences(search, element, creator ?? inner, owner, found);
        }
      }
      return;
    case AST_NODE_TYPES.ConditionalExpression:
      collectBackReferences(search, inner.consequent, creator, owner, found);
      collectBackReferences(search, inner.alternate, creator, owner, found);
      return;
    case AST_NODE_TYPES.LogicalExpression:
      collectBackReferences(search, inner.left, creator, owner, found);
      collectBackReferences(search, inner.right, creator, owner, found);
      return;
    case AST_NODE_TYPES.AwaitExpression:
      collectBackReferences(search, inner.argument, creator, owner, found);
      return;
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.CallExpression:
      collectThroughHelper(search, inner, owner, found);
      return;
    default:
      return;
  }
}

function collectThroughHelper(
  search: BackReferenceSearch,
  call: TSESTree.NewExpression | TSESTree.CallExpression,
  owner: ClassNode,
  found: BackReferences,
): void {
  if (call.callee.type === AST_NODE_TYPES.Super) return;
  const isNew = call.type === AST_NODE_TYPES.NewExpression;
  const callee = resolveCallee(search.sourceCode, call.callee);
  let signature: Signature;
  if (callee.kind === 'class') {
    // A class creating its own kind (or a sibling of a shared base) builds a tree: parent pointers are the design.
    if (!isNew || areRelated(search, callee.node, owner)) return;
    signature = classSignature(search.retention, callee.node);
  } else if (callee.kind === 'function') {
    signature = functionSignature(search.retention, callee.node, isNew ? 'construct' : 'call', null);
  } else if (callee.kind === 'external' && isNew) {
    // ORM relation wrappers take their entity by design: never a helper, in any configuration.
    if (isOrmRelationWrapper(search.sourceCode, call.callee)) return;
    signature = RETAINS_UNKNOWN;
  } else {
    return;
  }
  const before = found.backReferences.length;
  call.arguments.forEach((argument, index) => {
    if (argument.type === AST_NODE_TYPES.SpreadElement) return;
    const retention = retentionAt(signature, index);
    if (retention.whole === 'yes' || (retention.whole === 'unknown' && acceptsUnknownHelper(search, call, owner))) {
      collectBackReferences(search, argument, call, owner, found);
      return;
    }
    const literal = skipTypeWrappers(argument);
    if (retention.keys.size === 0 || literal.type !== AST_NODE_TYPES.ObjectExpression) return;
    for (const property of literal.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.kind !== 'init' || property.method) continue;
      const key = getStaticPropertyName(property);
      if (retention.keys.has('*') || (key !== null && retention.keys.has(key))) {
        collectBackReferences(search, property.value, call, owner, found);
      }
    }
  });
  if (callee.kind === 'class' && found.backReferences.length > before) found.helperClasses.push(callee.node);
}

function acceptsUnknownHelper(search: BackReferenceSearch, call: TSESTree.NewExpression | TSESTree.CallExpression, owner: ClassNode): boolean {
  if (search.checkUnknownHelpers) return true;
  return call.type === AST_NODE_TYPES.NewExpression && search.types !== undefined && hasOwnerTypedProperty(search.types, call, owner);
}

/** Same-file classes that share an ancestor with each other: a family of nodes, not an owner and its helper. */
function areRelated(search: BackReferenceSearch, first: ClassNode, second: ClassNode): boolean {
  const firstLine = classLineage(search, first);
  return classLineage(search, second).some((node) => firstLine.includes(node));
}

function classLineage(search: BackReferenceSearch, node: ClassNode): ClassNode[] {
  const known = search.lineages.get(node);
  if (known) return known;
  const lineage: ClassNode[] = [];
  search.lineages.set(node, lineage);
  for (let current: ClassNode | null = node; current && !lineage.includes(current); ) {
    lineage.push(current);
    const base: ResolvedCallee = current.superClass ? resolveCallee(search.sourceCode, current.superClass) : { kind: 'none' };
    current = base.kind === 'class' ? base.node : null;
  }
  return lineage;
}

/** The expressions a stored value may be, through conditionals, fallbacks, `await` and type wrappers. */
export function creationRoots(node: TSESTree.Node): TSESTree.Node[] {
  const inner = skipTypeWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.ConditionalExpression:
      return [...creationRoots(inner.consequent), ...creationRoots(inner.alternate)];
    case AST_NODE_TYPES.LogicalExpression:
      return [...creationRoots(inner.left), ...creationRoots(inner.right)];
    case AST_NODE_TYPES.AwaitExpression:
      return creationRoots(inner.argument);
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.CallExpression:
      return [inner];
    default:
      // A bare array stored on the owner (`this.stack = [this]`) is a collection, not a helper.
      return [];
  }
}

/** `const handler = new Handler(this); … this.handler = handler;` in the same instance context. */
export function localHelperBinding(
  sourceCode: SourceCode,
  identifier: TSESTree.Identifier,
): { variable: Variable; init: TSESTree.Expression } | null {
  const variable = resolveVariable(sourceCode, identifier);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || definition?.type !== DefinitionType.Variable) return null;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return null;
  if (variable.references.filter((reference) => reference.isWrite()).length !== 1) return null;
  if (nearestThisBoundary(declarator) !== nearestThisBoundary(identifier)) return null;
  return { variable, init: declarator.init };
}

/** The back-references grouped by the helper expression that holds them: one report, one suggestion each. */
export function groupByCreator(backReferences: BackReferences['backReferences']): Map<TSESTree.Node, TSESTree.Node[]> {
  const groups = new Map<TSESTree.Node, TSESTree.Node[]>();
  for (const { argument, creator } of backReferences) {
    const group = groups.get(creator);
    if (group) group.push(argument);
    else groups.set(creator, [argument]);
  }
  return groups;
}
