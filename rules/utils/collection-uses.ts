import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, isFunctionNode, isWriteTarget, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import {
  COLLECTION_CONSTRUCTORS,
  GROWTH_METHODS,
  KEY_LISTING_CALLEES,
  READ_ONLY_CALLEES,
  READ_ONLY_METHODS,
} from './catalogs/bounded-collections.js';
import { type FileWithGlobals, type GlobalReferences, globalCalleePath, isCommonJsExportTarget, isExportedObject } from './global-references.js';
import { resolveVariable } from './scope.js';

const { DefinitionType } = TSESLint.Scope;

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/** What the code does with one value that holds the collection (the binding, an alias, a parameter). */
export interface Uses {
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

/** What recording uses needs: the file, its globals, and the uses of each variable, computed once per file. */
export interface UseRecorder extends FileWithGlobals {
  readonly usesByVariable: Map<Variable, Uses>;
}

const COMPARISON_OPERATORS = new Set(['<', '<=', '>', '>=', '==', '===', '!=', '!==']);
/** Every method that can add entries to some kind of collection (`splice` with items to insert too). */
const ADDING_METHODS: ReadonlySet<string> = new Set([...Object.values(GROWTH_METHODS).flat(), 'splice']);
/** `Object.assign(dict, …)` and `Reflect.set(dict, …)` add entries to their first argument. */
const GROWING_CALLEE_METHODS: ReadonlySet<string> = new Set(['assign', 'set']);

export function newUses(): Uses {
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

/**
 * Whether the variable's own references can add entries, by the same cases `recordUse` follows: an
 * adding method call, a keyed write, an alias (`const list = registry`), or an argument that
 * `Object.assign`, `Reflect.set` or a local helper may grow. Every other use only reads, hands the
 * collection on (an escape, never a growth here), or is a copy. Most module-level arrays and maps
 * are constant tables, and this spares them the full analysis.
 */
export function mayGrow(variable: Variable): boolean {
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

/** Uses of every reference to `variable`, computed once (aliases and parameters are shared). */
export function usesOfVariable(recorder: UseRecorder, variable: Variable): Uses {
  const known = recorder.usesByVariable.get(variable);
  if (known) return known;
  const uses = newUses();
  recorder.usesByVariable.set(variable, uses);
  for (const reference of variable.references) {
    if (reference.init) continue;
    // Reassignment (`list = []`, `list = list.filter(…)`) resets what the binding holds.
    if (reference.isWrite()) uses.removes = true;
    if (reference.isRead()) recordUse(recorder, reference.identifier, uses);
  }
  return uses;
}

/** Classifies what the code around `expression` (a value that is the collection) does with it. */
export function recordUse(recorder: UseRecorder, expression: TSESTree.Node, uses: Uses): void {
  const node = skipParentTypeWrappers(expression);
  const parent = node.parent;
  if (!parent) return;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression:
      if (parent.object === node) recordMemberUse(recorder, parent, uses);
      else uses.weakUnsafe = true;
      return;
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      if (parent.callee === node) uses.weakUnsafe = true;
      else recordArgumentUse(recorder, parent, node, uses);
      return;
    case AST_NODE_TYPES.VariableDeclarator:
      if (parent.init !== node) return;
      if (parent.id.type === AST_NODE_TYPES.Identifier) {
        followAlias(recorder, recorder.sourceCode.scopeManager?.getDeclaredVariables(parent)[0], uses);
      } else {
        uses.weakUnsafe = true; // `const { length } = list` reads
      }
      return;
    case AST_NODE_TYPES.AssignmentExpression:
      if (parent.left === node) {
        uses.removes = true; // `Registry.items = []` resets a static field
      } else if (isCommonJsExportTarget(parent.left, recorder.globals)) {
        uses.exported = true;
        uses.weakUnsafe = true;
      } else {
        markEscape(uses);
      }
      return;
    case AST_NODE_TYPES.Property:
      if (parent.value === node && isExportedObject(parent.parent, recorder.globals)) {
        uses.exported = true;
        uses.weakUnsafe = true;
      } else if (parent.value === node && isReadOnlyArgument(recorder.globals, parent.parent)) {
        uses.weakUnsafe = true; // `logger.info({ connections })`
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

/** Follows `const list = registry` (only when the alias is never reassigned). */
function followAlias(recorder: UseRecorder, variable: Variable | undefined, uses: Uses): void {
  if (!variable || variable.references.some((reference) => reference.isWrite() && !reference.init)) {
    markEscape(uses);
    return;
  }
  uses.aliases.push(usesOfVariable(recorder, variable));
}

function markEscape(uses: Uses): void {
  uses.escapes = true;
  uses.weakUnsafe = true;
}

function recordMemberUse(recorder: UseRecorder, member: TSESTree.MemberExpression, uses: Uses): void {
  const outer = skipParentTypeWrappers(member);
  const parent = outer.parent;
  const name = memberName(recorder.sourceCode, member);
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
  recorder: UseRecorder,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  argument: TSESTree.Node,
  uses: Uses,
): void {
  uses.weakUnsafe = true;
  const path = globalCalleePath(call.callee, recorder.globals);
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
      memberName(recorder.sourceCode, result.parent) === 'length' &&
      isLimitComparison(skipParentTypeWrappers(result.parent))
    ) {
      uses.bounded = true;
    }
    return;
  }
  if (isReadOnlyArgument(recorder.globals, argument)) return;
  // `new Set(list)`, `new Map(cache)` copy the entries and keep no reference to the collection.
  if (call.type === AST_NODE_TYPES.NewExpression && path && path in COLLECTION_CONSTRUCTORS) return;
  const parameter = call.type === AST_NODE_TYPES.CallExpression ? localParameterFor(recorder.sourceCode, call, argument) : undefined;
  if (parameter) uses.aliases.push(usesOfVariable(recorder, parameter));
  else markEscape(uses);
}

/** An argument of a call that only reads it: `JSON.stringify(x)`, `res.json(x)`, `logger.info(x)`. */
function isReadOnlyArgument(globals: GlobalReferences, node: TSESTree.Node): boolean {
  const value = skipParentTypeWrappers(node);
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === value) return false;
  const path = globalCalleePath(call.callee, globals);
  if (path !== null && READ_ONLY_CALLEES.has(path)) return true;
  const callee = skipTypeWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
  return method !== null && READ_ONLY_METHODS.has(method);
}

/** `track(list, x)` where `track` is a function of this file: its parameter is an alias of `list`. */
function localParameterFor(sourceCode: SourceCode, call: TSESTree.CallExpression, argument: TSESTree.Node): Variable | undefined {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  const variable = resolveVariable(sourceCode, callee);
  const fn = variable && getDeclaredFunction(variable);
  if (!fn) return undefined;
  const parameter = fn.params[index];
  const identifier = parameter?.type === AST_NODE_TYPES.AssignmentPattern ? parameter.left : parameter;
  if (identifier?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const declared = sourceCode.scopeManager?.getDeclaredVariables(fn) ?? [];
  const parameterVariable = declared.find((candidate) => candidate.defs.some((def) => def.name === identifier));
  if (!parameterVariable || parameterVariable.references.some((reference) => reference.isWrite())) return undefined;
  return parameterVariable;
}

function memberName(sourceCode: SourceCode, member: TSESTree.MemberExpression): string | null {
  const name = getStaticPropertyName(member);
  if (name !== null || !member.computed || member.property.type !== AST_NODE_TYPES.Identifier) return name;
  // `dict[KEY]` with `const KEY = 'x'` is a static key too.
  return getStaticPropertyName(member, sourceCode.getScope(member));
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
