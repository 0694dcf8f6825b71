import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './ast.js';
import { contains, findConstructor, memberRoot, nearestThisBoundary, type ClassNode } from './owner-facts.js';
import { isOrmRelationWrapper, resolveCallee, resolveVariableValue } from './same-file-callees.js';
import { getEnclosingFunction, resolveVariable } from './scope.js';

/**
 * What a constructor or function in this file keeps of each argument it is given: stored on `this`
 * (when called with `new`), or returned wrapped in something (an object, an array, a helper that keeps
 * it). An imported constructor keeps an unknown amount.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;
const { DefinitionType } = TSESLint.Scope;

/** Whether a helper keeps what it is given: seen in the code, impossible to tell (imported), or not. */
export type Certainty = 'yes' | 'unknown' | 'no';
/** `construct`: called with `new` (stores on `this` count); `call`: a plain call (only what it returns counts). */
export type CallMode = 'construct' | 'call';

/** What a helper keeps of one argument: the whole value, or only some of its properties ('*': all of them). */
export interface ParamRetention {
  whole: Certainty;
  keys: ReadonlySet<string>;
}

export interface Signature {
  params: readonly ParamRetention[];
  /** Index from which every argument maps to `rest` (a rest parameter), or -1. */
  restIndex: number;
  rest: ParamRetention;
}

/** The signatures worked out in one file, by class and by function (one cache per call mode). */
export interface RetentionAnalysis {
  sourceCode: SourceCode;
  classSignatures: Map<ClassNode, Signature>;
  functionSignatures: Map<TSESTree.FunctionLike, Signature>;
  callSignatures: Map<TSESTree.FunctionLike, Signature>;
}

const NOT_RETAINED: ParamRetention = { whole: 'no', keys: new Set() };
const UNKNOWN_RETENTION: ParamRetention = { whole: 'unknown', keys: new Set() };
const RETAINS_NOTHING: Signature = { params: [], restIndex: -1, rest: NOT_RETAINED };
export const RETAINS_UNKNOWN: Signature = { params: [], restIndex: 0, rest: UNKNOWN_RETENTION };

export function createRetentionAnalysis(sourceCode: SourceCode): RetentionAnalysis {
  return { sourceCode, classSignatures: new Map(), functionSignatures: new Map(), callSignatures: new Map() };
}

export function retentionAt(signature: Signature, index: number): ParamRetention {
  if (signature.restIndex >= 0 && index >= signature.restIndex) return signature.rest;
  return signature.params[index] ?? NOT_RETAINED;
}

export function classSignature(analysis: RetentionAnalysis, node: ClassNode): Signature {
  const known = analysis.classSignatures.get(node);
  if (known) return known;
  analysis.classSignatures.set(node, RETAINS_NOTHING); // recursion guard
  const signature = computeClassSignature(analysis, node);
  analysis.classSignatures.set(node, signature);
  return signature;
}

function computeClassSignature(analysis: RetentionAnalysis, node: ClassNode): Signature {
  if (node.type === AST_NODE_TYPES.ClassDeclaration && node.declare) return RETAINS_UNKNOWN;
  const constructor = findConstructor(node);
  if (constructor) return functionSignature(analysis, constructor.value, 'construct', node);
  // The implicit constructor hands every argument to the base class.
  return node.superClass ? baseSignature(analysis, node.superClass) : RETAINS_NOTHING;
}

function baseSignature(analysis: RetentionAnalysis, superClass: TSESTree.Expression): Signature {
  const base = resolveCallee(analysis.sourceCode, superClass);
  if (base.kind === 'class') return classSignature(analysis, base.node);
  if (base.kind === 'function') return functionSignature(analysis, base.node, 'construct', null);
  const target = skipTypeWrappers(superClass);
  if (base.kind === 'external' && isOrmRelationWrapper(analysis.sourceCode, superClass)) return RETAINS_NOTHING;
  // Global built-ins (Error, EventEmitter on globalThis, Map…) are not helpers; imports and mixins are unknown.
  return base.kind === 'none' && target.type === AST_NODE_TYPES.Identifier ? RETAINS_NOTHING : RETAINS_UNKNOWN;
}

export function functionSignature(
  analysis: RetentionAnalysis,
  fn: TSESTree.FunctionLike,
  mode: CallMode,
  classNode: ClassNode | null,
): Signature {
  const cache = mode === 'construct' ? analysis.functionSignatures : analysis.callSignatures;
  const known = cache.get(fn);
  if (known) return known;
  cache.set(fn, RETAINS_NOTHING); // recursion guard
  const signature = computeFunctionSignature({ analysis, fn, mode, classNode });
  cache.set(fn, signature);
  return signature;
}

/** The function whose parameters are being followed, and how it is called. */
interface Walk {
  analysis: RetentionAnalysis;
  fn: TSESTree.FunctionLike;
  mode: CallMode;
  /** The class whose constructor `fn` is (for `super(…)`), or null. */
  classNode: ClassNode | null;
}

function computeFunctionSignature(walk: Walk): Signature {
  const { analysis, fn } = walk;
  // A TypeScript `this` parameter is not an argument.
  const params = fn.params.filter((param) => !isThisParameter(param));
  const retained = params.map((param): { whole: Certainty; keys: Set<string> } => ({
    whole: param.type === AST_NODE_TYPES.TSParameterProperty ? 'yes' : 'no',
    keys: new Set(),
  }));
  for (const variable of analysis.sourceCode.getScope(fn).variables) {
    if (variable.defs[0]?.type !== DefinitionType.Parameter) continue;
    const binding = variable.identifiers[0];
    const index = binding ? params.findIndex((param) => contains(param, binding)) : -1;
    const target = retained[index];
    if (!binding || !target) continue;
    const destructuredKey = keyInParameter(binding, params[index]!);
    if (destructuredKey === undefined) continue;
    for (const reference of variable.references) {
      if (reference.identifier.type !== AST_NODE_TYPES.Identifier || reference.identifier === binding) continue;
      if (!reference.isRead()) continue;
      const flow = referenceFlow(walk, reference.identifier);
      if (flow.certainty === 'no') continue;
      if (destructuredKey !== null) {
        if (flow.certainty === 'yes' && flow.key === null) target.keys.add(destructuredKey);
      } else if (flow.key !== null) {
        if (flow.certainty === 'yes') target.keys.add(flow.key);
      } else if (target.whole !== 'yes') {
        target.whole = flow.certainty;
      }
    }
  }
  const restIndex = params.findIndex((param) => param.type === AST_NODE_TYPES.RestElement);
  return { params: retained, restIndex, rest: retained[restIndex] ?? NOT_RETAINED };
}

/** Where a read of a parameter goes; `key` when only a property of it is kept (`opts.owner`, `{ ...opts }`). */
function referenceFlow(walk: Walk, identifier: TSESTree.Identifier): { certainty: Certainty; key: string | null } {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
    const key = parent.computed ? null : getStaticPropertyName(parent);
    if (key === null) return { certainty: 'no', key: null };
    return { certainty: flowFrom(walk, parent), key };
  }
  if (parent.type === AST_NODE_TYPES.SpreadElement && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    return { certainty: flowFrom(walk, parent.parent, true), key: '*' };
  }
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.indexOf(identifier) > 0 && isObjectAssignOntoThis(walk, parent)) {
    return { certainty: 'yes', key: '*' };
  }
  return { certainty: flowFrom(walk, identifier), key: null };
}

/**
 * Follows a value up through the expressions that hold it, to a store on `this`, a return, or nowhere.
 * A return counts only once the value is `wrapped` in something: a function that returns its
 * parameter itself (`init(conn) { …; return conn; }`) hands back the owner, not a helper holding it.
 */
function flowFrom(walk: Walk, start: TSESTree.Node, startsWrapped = false): Certainty {
  const { fn } = walk;
  let current = start;
  let wrapped = startsWrapped;
  for (;;) {
    const parent = current.parent;
    if (!parent) return 'no';
    switch (parent.type) {
      case AST_NODE_TYPES.Property:
        if (parent.value !== current || parent.parent.type !== AST_NODE_TYPES.ObjectExpression) return 'no';
        current = parent.parent;
        wrapped = true;
        break;
      case AST_NODE_TYPES.ArrayExpression:
        current = parent;
        wrapped = true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        current = parent;
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === current) return 'no';
        current = parent;
        break;
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression: {
        const passed = argumentFlow(walk, parent, current);
        if (passed !== 'continue') return passed;
        current = parent;
        wrapped = true;
        break;
      }
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === current ? assignmentFlow(walk, parent) : 'no';
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === current && getEnclosingFunction(parent) === fn && localEscapes(walk, parent, wrapped) ? 'yes' : 'no';
      case AST_NODE_TYPES.ReturnStatement:
        return wrapped && getEnclosingFunction(parent) === fn ? 'yes' : 'no';
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return wrapped && parent === fn && parent.body === current ? 'yes' : 'no';
      default:
        return 'no';
    }
  }
}

/** A value passed on to a call: kept by `super(…)`, `Object.assign(this, …)` or a same-file helper that keeps it. */
function argumentFlow(walk: Walk, call: TSESTree.CallExpression | TSESTree.NewExpression, argument: TSESTree.Node): Certainty | 'continue' {
  const { analysis, classNode } = walk;
  const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  if (index < 0) return 'no';
  if (call.callee.type === AST_NODE_TYPES.Super) {
    return classNode?.superClass ? retentionAt(baseSignature(analysis, classNode.superClass), index).whole : 'no';
  }
  if (call.type === AST_NODE_TYPES.CallExpression && index > 0 && isObjectAssignOntoThis(walk, call)) return 'yes';
  const callee = resolveCallee(analysis.sourceCode, call.callee);
  const isNew = call.type === AST_NODE_TYPES.NewExpression;
  let signature: Signature | null = null;
  if (callee.kind === 'class' && isNew) signature = classSignature(analysis, callee.node);
  else if (callee.kind === 'function') signature = functionSignature(analysis, callee.node, isNew ? 'construct' : 'call', null);
  return signature && retentionAt(signature, index).whole === 'yes' ? 'continue' : 'no';
}

function assignmentFlow(walk: Walk, assignment: TSESTree.AssignmentExpression): Certainty {
  const { analysis, fn, mode } = walk;
  if (assignment.left.type !== AST_NODE_TYPES.MemberExpression) return 'no';
  const root = memberRoot(assignment.left);
  if (root.type === AST_NODE_TYPES.ThisExpression) {
    return mode === 'construct' && nearestThisBoundary(root) === fn ? 'yes' : 'no';
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return 'no';
  // `handler.conn = conn; return handler;`: the local now holds the value.
  const definition = resolveVariable(analysis.sourceCode, root)?.defs[0];
  if (definition?.type !== DefinitionType.Variable || getEnclosingFunction(definition.node) !== fn) return 'no';
  return localEscapes(walk, definition.node, true) ? 'yes' : 'no';
}

/** Whether a local binding of `fn` is stored on its `this`, or returned by it when it holds the value (`wrapped`). */
function localEscapes(walk: Walk, declarator: TSESTree.VariableDeclarator, wrapped: boolean): boolean {
  const { analysis, fn, mode } = walk;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = analysis.sourceCode.getDeclaredVariables(declarator)[0];
  if (!variable) return false;
  return variable.references.some((reference) => {
    if (reference.init || !reference.isRead()) return false;
    const identifier = reference.identifier;
    const parent = identifier.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.ReturnStatement) return wrapped && getEnclosingFunction(parent) === fn;
    if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression) {
      return wrapped && parent === fn && parent.body === identifier;
    }
    return (
      mode === 'construct' &&
      parent.type === AST_NODE_TYPES.AssignmentExpression &&
      parent.right === identifier &&
      parent.left.type === AST_NODE_TYPES.MemberExpression &&
      memberRoot(parent.left).type === AST_NODE_TYPES.ThisExpression &&
      nearestThisBoundary(parent) === fn
    );
  });
}

function isObjectAssignOntoThis(walk: Walk, call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  const target = call.arguments[0];
  return (
    walk.mode === 'construct' &&
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Object' &&
    getStaticPropertyName(callee) === 'assign' &&
    target?.type === AST_NODE_TYPES.ThisExpression &&
    nearestThisBoundary(target) === walk.fn &&
    resolveVariableValue(resolveVariable(walk.analysis.sourceCode, callee.object)).kind === 'none'
  );
}

function isThisParameter(param: TSESTree.Parameter): boolean {
  return param.type === AST_NODE_TYPES.Identifier && param.name === 'this';
}

/**
 * For a binding inside a parameter: null when it is the whole parameter (`conn`, `conn = x`, `...args`,
 * `private conn`), the property name when it is destructured one level deep (`{ conn }`), undefined otherwise.
 */
function keyInParameter(binding: TSESTree.Identifier, param: TSESTree.Parameter): string | null | undefined {
  let pattern: TSESTree.Node = param;
  if (pattern.type === AST_NODE_TYPES.TSParameterProperty) pattern = pattern.parameter;
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) pattern = pattern.left;
  if (pattern.type === AST_NODE_TYPES.RestElement) pattern = pattern.argument;
  if (pattern === binding) return null;
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  let holder: TSESTree.Node = binding;
  if (holder.parent?.type === AST_NODE_TYPES.AssignmentPattern && holder.parent.left === holder) holder = holder.parent;
  const property = holder.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== holder || property.parent !== pattern) return undefined;
  return property.computed ? undefined : (getStaticPropertyName(property) ?? undefined);
}
