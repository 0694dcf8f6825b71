import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, isFunctionNode, skipTypeWrappers } from './ast.js';
import { resolveVariable, type SourceCode, type Variable } from './scope.js';

/**
 * The acquire/release matcher shared by `no-leaked-listener` and `no-leaked-timer`.
 *
 * - `createKeyResolver` names a value by its resolved identity: a variable (through ESLint scope
 *   analysis, following `const` aliases), `this.field` of one class, `ClassName.field`, or a member of
 *   any of those (`socket.heartbeat`). Two expressions with the same key denote the same slot.
 * - `ReleaseLedger` records releases as key tuples (with `*` wildcards and prefixes) and answers
 *   "is this acquisition released?".
 * How often the code runs is the run-frequency model's question (`run-frequency.ts`), not this module's.
 * - `createStateAnalysis` answers whether a test reads state that the file writes (a once-only guard)
 *   and finds the guards around a node.
 *
 * Everything is gathered in the rule's single walk and queried at `Program:exit`; each query is bounded
 * by the depth of the node or the size of a test expression, never by the size of the file.
 */

const { DefinitionType, ScopeType } = TSESLint.Scope;

/** A release tuple position that matches anything. */
export const ANY = '*';
/** An acquisition tuple position that is unknown: only a wildcard release matches it. */
export const UNKNOWN = '?';
const SEPARATOR = '\u0000';
const MAX_ALIAS_DEPTH = 4;

/** Releases recorded as tuples such as `[target, event, handler]`; a shorter tuple releases everything under it. */
export class ReleaseLedger {
  readonly #released = new Set<string>();
  readonly #mismatched = new Set<string>();

  /** Records a release; `ANY` in a position matches every value there, a prefix matches every extension. */
  release(parts: readonly string[]): void {
    this.#released.add(parts.join(SEPARATOR));
  }

  /** Records a release that can never match an acquisition (an inline function, a fresh `.bind()`). */
  releaseNeverMatching(parts: readonly string[]): void {
    this.#mismatched.add(parts.join(SEPARATOR));
  }

  isReleased(parts: readonly string[]): boolean {
    return someVariant(parts, (key) => this.#released.has(key));
  }

  hasMismatchedRelease(parts: readonly string[]): boolean {
    return someVariant(parts, (key) => this.#mismatched.has(key));
  }
}

/** Tries every prefix of `parts` with each position either as is or `ANY` (tuples are at most 3 long). */
function someVariant(parts: readonly string[], test: (key: string) => boolean, index = 0, prefix = ''): boolean {
  const part = parts[index];
  if (part === undefined) return false;
  const joined = index === 0 ? '' : `${prefix}${SEPARATOR}`;
  if (part !== UNKNOWN) {
    const exact = joined + part;
    if (test(exact) || someVariant(parts, test, index + 1, exact)) return true;
  }
  const wildcard = joined + ANY;
  return test(wildcard) || someVariant(parts, test, index + 1, wildcard);
}

export interface KeyResolver {
  /** The resolved identity of a value path (`x`, `this.a.b`, `C.field`), or null when it has none. */
  keyOf(node: TSESTree.Node): string | null;
  /** The variable an identifier resolves to, or null for an undeclared global. */
  variableOf(identifier: TSESTree.Identifier): Variable | null;
  /** The identifier's name when it denotes an undeclared (or configured) global such as `process`. */
  globalNameOf(identifier: TSESTree.Identifier): string | null;
  /** The class or object literal `this` denotes at `node`, with whether it is the static side. */
  thisOwnerOf(node: TSESTree.Node): ThisOwner | null;
}

export interface ThisOwner {
  owner: TSESTree.ClassDeclaration | TSESTree.ClassExpression | TSESTree.ObjectExpression | TSESTree.FunctionLike;
  isStatic: boolean;
  /** The method or field `this` is read in (a class member), when there is one. */
  member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.AccessorProperty | TSESTree.StaticBlock | null;
}

export function createKeyResolver(sourceCode: SourceCode): KeyResolver {
  const ids = new WeakMap<object, number>();
  let nextId = 0;

  function idOf(object: object): number {
    let id = ids.get(object);
    if (id === undefined) {
      id = nextId++;
      ids.set(object, id);
    }
    return id;
  }

  function variableOf(identifier: TSESTree.Identifier): Variable | null {
    return resolveVariable(sourceCode, identifier);
  }

  function globalNameOf(identifier: TSESTree.Identifier): string | null {
    const variable = variableOf(identifier);
    return !variable || isImplicitGlobal(variable) ? identifier.name : null;
  }

  function keyOf(node: TSESTree.Node, depth = 0): string | null {
    const value = unwrap(node);
    switch (value.type) {
      case AST_NODE_TYPES.Identifier:
        return identifierKey(value, depth);
      case AST_NODE_TYPES.ThisExpression:
        return thisKey(value);
      case AST_NODE_TYPES.MemberExpression: {
        const name = getStaticPropertyName(value);
        if (name === null) return null;
        const base = keyOf(value.object, depth);
        return base === null ? null : `${base}.${name}`;
      }
      default:
        return null;
    }
  }

  function identifierKey(identifier: TSESTree.Identifier, depth: number): string | null {
    const variable = variableOf(identifier);
    if (!variable || isImplicitGlobal(variable)) return `global:${identifier.name}`;
    const definition = variable.defs[0];
    if (definition?.type === DefinitionType.ClassName) return classKey(definition.node);
    if (depth < MAX_ALIAS_DEPTH && variable.defs.length === 1 && definition?.type === DefinitionType.Variable && !isReassigned(variable)) {
      const alias = aliasKey(definition, depth + 1);
      if (alias !== null) return alias;
    }
    return `var:${idOf(variable)}`;
  }

  /** `const self = this`, `const p = process`, `const { timer } = this`: the same slot under another name. */
  function aliasKey(definition: Variable['defs'][number] | undefined, depth: number): string | null {
    if (definition?.type !== DefinitionType.Variable || definition.node.type !== AST_NODE_TYPES.VariableDeclarator) return null;
    const { id, init } = definition.node;
    if (!init || !isValuePath(init)) return null;
    if (id.type === AST_NODE_TYPES.Identifier) return keyOf(init, depth);
    if (id.type !== AST_NODE_TYPES.ObjectPattern) return null;
    const property = definition.name.parent;
    if (property.type !== AST_NODE_TYPES.Property || property.parent !== id || property.value !== definition.name) return null;
    const name = getStaticPropertyName(property);
    const base = name === null ? null : keyOf(init, depth);
    return base === null ? null : `${base}.${name}`;
  }

  function classKey(node: TSESTree.Node): string {
    return `class:${idOf(node)}`;
  }

  function thisKey(node: TSESTree.ThisExpression): string | null {
    const owner = thisOwnerOf(node);
    if (!owner) return 'this:module';
    if (owner.owner.type === AST_NODE_TYPES.ObjectExpression) {
      // `const service = { start() { this.bus… } }`: `this` is `service` when called as a method.
      const holder = owner.owner.parent;
      if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
        return keyOf(holder.id);
      }
      return `object:${idOf(owner.owner)}`;
    }
    if (isFunctionNode(owner.owner)) return `this:${idOf(owner.owner)}`;
    return owner.isStatic ? classKey(owner.owner) : `instance:${idOf(owner.owner)}`;
  }

  function thisOwnerOf(node: TSESTree.Node): ThisOwner | null {
    let previous: TSESTree.Node = node;
    for (let current = node.parent; current; previous = current, current = current.parent) {
      switch (current.type) {
        case AST_NODE_TYPES.FunctionDeclaration:
        case AST_NODE_TYPES.FunctionExpression:
          return functionThisOwner(current);
        case AST_NODE_TYPES.PropertyDefinition:
        case AST_NODE_TYPES.AccessorProperty:
          if (current.value === previous) return { owner: current.parent.parent, isStatic: current.static, member: current };
          break;
        case AST_NODE_TYPES.StaticBlock:
          return { owner: current.parent.parent, isStatic: true, member: current };
        case AST_NODE_TYPES.Program:
          return null;
        default:
          break;
      }
    }
    return null;
  }

  return { keyOf, variableOf, globalNameOf, thisOwnerOf };
}

function functionThisOwner(fn: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression): ThisOwner {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.MethodDefinition && parent.value === fn) {
    return { owner: parent.parent.parent, isStatic: parent.static, member: parent };
  }
  if (parent.type === AST_NODE_TYPES.Property && parent.value === fn && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    return { owner: parent.parent, isStatic: false, member: null };
  }
  return { owner: fn, isStatic: false, member: null };
}

/** `x`, `this`, `a.b.c`: a path of reads with no call in it, through type wrappers. */
export function isValuePath(node: TSESTree.Node): boolean {
  const value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Identifier || value.type === AST_NODE_TYPES.ThisExpression) return true;
  return value.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(value) !== null && isValuePath(value.object);
}

/** Strips type wrappers and `?.` chains: they never change which object an expression denotes. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.ChainExpression) current = skipTypeWrappers(current.expression);
  return current;
}

/** A function created on the spot: an inline arrow or function, or a fresh `fn.bind(…)`. */
export function isFreshFunction(node: TSESTree.Node): boolean {
  const value = unwrap(node);
  if (isFunctionNode(value)) return true;
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(value.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(callee) === 'bind';
}

/** An undeclared global, or one declared only through configuration (`languageOptions.globals`). */
export function isImplicitGlobal(variable: Variable): boolean {
  return variable.scope.type === ScopeType.global && variable.defs.length === 0;
}

const writesCache = new WeakMap<Variable, readonly TSESTree.Node[]>();

/**
 * The references that assign the variable after its declaration. Cached per variable: a module-level
 * `bus` read by thousands of handlers is scanned once per file, not once per query.
 */
export function getVariableWrites(variable: Variable): readonly TSESTree.Node[] {
  let writes = writesCache.get(variable);
  if (!writes) {
    writes = variable.references.filter((reference) => reference.isWrite() && !reference.init).map((reference) => reference.identifier);
    writesCache.set(variable, writes);
  }
  return writes;
}

/** Whether the variable is assigned anywhere after its declaration. */
export function isReassigned(variable: Variable): boolean {
  return getVariableWrites(variable).length > 0;
}

/** Whether `inner` lies inside `outer` (by source range). */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** The outermost function around `node` (its enclosing top-level function), or null at module level. */
export function getOutermostFunction(node: TSESTree.Node): TSESTree.FunctionLike | null {
  let outermost: TSESTree.FunctionLike | null = null;
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) outermost = current;
  }
  return outermost;
}

/** The name under which a callee is called: `f` for `f()`, `m` for `x.m()`, or null. */
export function getCalleeName(callee: TSESTree.Node): string | null {
  const value = unwrap(callee);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name;
  if (value.type === AST_NODE_TYPES.MemberExpression) return getStaticPropertyName(value);
  return null;
}

export interface StateAnalysis {
  /** Records `x.y = …` / `x.y++`: the rule calls it from its own visitors (the walk ESLint does anyway). */
  recordWrite(node: TSESTree.AssignmentExpression | TSESTree.UpdateExpression): void;
  /** The writes (after declaration) of the slot `node` denotes: assignment targets and updated identifiers. */
  writesOf(node: TSESTree.Node): readonly TSESTree.Node[];
  /** Whether the slot `node` denotes is written after its declaration somewhere in the file. */
  isWritten(node: TSESTree.Node): boolean;
  /** Whether the slot is written inside `within` (by a write other than a declaration's initializer). */
  isWrittenInside(node: TSESTree.Node, within: TSESTree.Node): boolean;
  /**
   * The tests that decide whether `node` runs, walking out to `boundary` (inclusive): enclosing
   * `if`/`?:`/`&&` tests and early-exit `if (…) return` statements before it in each enclosing block.
   */
  guardTestsOf(node: TSESTree.Node, boundary: TSESTree.Node): TSESTree.Expression[];
  /** Whether a test reads state that the file writes (a flag), or a read that `extra` accepts. */
  readsState(test: TSESTree.Expression, extra?: (node: TSESTree.Node) => boolean): boolean;
}

/**
 * Member writes are recorded by the rule's visitors (`recordWrite` from `AssignmentExpression` and
 * `UpdateExpression`), so the file is walked once, by ESLint; the queries run on exit.
 */
export function createStateAnalysis(keys: KeyResolver): StateAnalysis {
  const memberWrites = new Map<string, TSESTree.MemberExpression[]>();
  const groupedMemberWrites = new Map<string, Map<string, TSESTree.MemberExpression[]>>();
  const earlyExitsByBlock = new WeakMap<TSESTree.Node, TSESTree.IfStatement[]>();
  // Most files ask no question about their writes, so a write is indexed only when one is asked.
  const unindexedWrites: (TSESTree.AssignmentExpression | TSESTree.UpdateExpression)[] = [];
  function recordWrite(node: TSESTree.AssignmentExpression | TSESTree.UpdateExpression): void {
    unindexedWrites.push(node);
  }

  function indexWrites(): void {
    for (const node of unindexedWrites) {
      const target = unwrap(node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : node.argument);
      if (target.type !== AST_NODE_TYPES.MemberExpression) continue;
      const name = getStaticPropertyName(target);
      if (name === null) continue;
      const list = memberWrites.get(name);
      if (list) list.push(target);
      else memberWrites.set(name, [target]);
      groupedMemberWrites.delete(name);
    }
    unindexedWrites.length = 0;
  }

  function writesOf(node: TSESTree.Node): readonly TSESTree.Node[] {
    const value = unwrap(node);
    if (value.type === AST_NODE_TYPES.Identifier) {
      const variable = keys.variableOf(value);
      return variable ? getVariableWrites(variable) : [];
    }
    if (value.type !== AST_NODE_TYPES.MemberExpression) return [];
    const name = getStaticPropertyName(value);
    const key = name === null ? null : keys.keyOf(value);
    return name === null || key === null ? [] : (memberWritesByKey(name).get(key) ?? []);
  }

  /** The writes of one property name grouped by resolved slot, computed once per name. */
  function memberWritesByKey(name: string): Map<string, TSESTree.MemberExpression[]> {
    indexWrites();
    let grouped = groupedMemberWrites.get(name);
    if (!grouped) {
      grouped = new Map();
      for (const write of memberWrites.get(name) ?? []) {
        const key = keys.keyOf(write);
        if (key === null) continue;
        const list = grouped.get(key);
        if (list) list.push(write);
        else grouped.set(key, [write]);
      }
      groupedMemberWrites.set(name, grouped);
    }
    return grouped;
  }

  function isWritten(node: TSESTree.Node): boolean {
    return writesOf(node).length > 0;
  }

  function isWrittenInside(node: TSESTree.Node, within: TSESTree.Node): boolean {
    return writesOf(node).some((write) => contains(within, write));
  }

  function guardTestsOf(node: TSESTree.Node, boundary: TSESTree.Node): TSESTree.Expression[] {
    const tests: TSESTree.Expression[] = [];
    let previous: TSESTree.Node = node;
    for (let current = node.parent; current; previous = current, current = current.parent) {
      collectGuardTest(current, previous, tests);
      if (current === boundary) break;
    }
    return tests;
  }

  function collectGuardTest(current: TSESTree.Node, child: TSESTree.Node, tests: TSESTree.Expression[]): void {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (current.test !== child) tests.push(current.test);
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (current.right === child) tests.push(current.left);
        break;
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.Program:
        for (const exit of earlyExitsOf(current)) {
          if (exit.range[1] <= child.range[0]) tests.push(exit.test);
        }
        break;
      default:
        break;
    }
  }

  /** `if (cond) return;` statements of a block, computed once per block. */
  function earlyExitsOf(block: TSESTree.BlockStatement | TSESTree.Program): TSESTree.IfStatement[] {
    let exits = earlyExitsByBlock.get(block);
    if (!exits) {
      exits = [];
      for (const statement of block.body) {
        if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && exitsEarly(statement.consequent)) {
          exits.push(statement);
        }
      }
      earlyExitsByBlock.set(block, exits);
    }
    return exits;
  }

  function readsState(test: TSESTree.Expression, extra?: (node: TSESTree.Node) => boolean): boolean {
    let found = false;
    visitReads(test, (node) => {
      if (found) return;
      if (extra?.(node)) found = true;
      else if (isValuePath(node) && node.type !== AST_NODE_TYPES.ThisExpression && isWritten(node)) found = true;
    });
    return found;
  }

  return { recordWrite, writesOf, isWritten, isWrittenInside, guardTestsOf, readsState };
}

function exitsEarly(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (statement.type !== AST_NODE_TYPES.BlockStatement) return false;
  const last = statement.body.at(-1);
  return last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
}

/** Visits the reads in a (small) test expression: identifiers, member paths, calls and their callees. */
function visitReads(node: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  const value = unwrap(node);
  visit(value);
  switch (value.type) {
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.AwaitExpression:
      visitReads(value.argument, visit);
      break;
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.BinaryExpression:
      if (value.left.type !== AST_NODE_TYPES.PrivateIdentifier) visitReads(value.left, visit);
      visitReads(value.right, visit);
      break;
    case AST_NODE_TYPES.MemberExpression:
      visitReads(value.object, visit);
      break;
    case AST_NODE_TYPES.CallExpression:
      visitReads(value.callee, visit);
      for (const argument of value.arguments) visitReads(argument, visit);
      break;
    case AST_NODE_TYPES.ConditionalExpression:
      visitReads(value.test, visit);
      visitReads(value.consequent, visit);
      visitReads(value.alternate, visit);
      break;
    default:
      break;
  }
}

