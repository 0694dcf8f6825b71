import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, isFunctionNode, skipTypeWrappers } from './ast.js';
import { type CollectionKind, GROWTH_METHODS, SHRINK_METHODS, WEAK_COUNTERPARTS } from './catalogs/bounded-collections.js';
import type { Uses } from './collection-uses.js';
import type { FileWithGlobals } from './global-references.js';
import { isVisiblyObjectKey, isWeakKeyCandidate } from './weak-collection-keys.js';

export interface GrowthSite {
  node: TSESTree.Node;
  /**
   * What the growth is keyed by. A Map, Set or dictionary holds one entry per distinct key, so it only
   * grows with the traffic when its keys come from the traffic; an array grows on every call (`null`).
   */
  key: TSESTree.Node | null;
}

/** Whether a collection only grows: where it grows, and whether anything removes from it or bounds it. */
export interface GrowthFacts {
  /** In source order. */
  growth: GrowthSite[];
  removes: boolean;
  bounded: boolean;
  escapes: boolean;
  exported: boolean;
  /** Every use would work on a WeakMap or WeakSet, and every key may be an object. */
  weakSafe: boolean;
  /** Every key is visibly an object; without this the collection's declared key type must say so. */
  keysAreObjects: boolean;
}

/** Array reads that make a following `push` a de-duplicated insert (`if (!list.includes(x)) list.push(x)`). */
const MEMBERSHIP_METHODS = new Set(['includes', 'indexOf', 'find', 'findIndex', 'some']);

/** Growth sites of one collection, from the uses of its binding and of every alias, with the weak-collection facts gathered on the way. */
export function inspectGrowth(file: FileWithGlobals, kind: CollectionKind, uses: Uses): GrowthFacts {
  const growth: GrowthSite[] = [];
  let removes = false;
  let bounded = false;
  let escapes = false;
  let exported = false;
  let weakSafe = kind === 'map' || kind === 'set';
  let keysAreObjects = true;
  const weakMethods: readonly string[] = kind === 'map' || kind === 'set' ? WEAK_COUNTERPARTS[kind].methods : [];
  const all = withAliases(uses);
  // Functions that test membership before pushing: their pushes add each value once.
  const dedupingFunctions = new Set<TSESTree.Node | null>();
  if (kind === 'array') {
    for (const { methodCalls } of all) {
      for (const { method, call } of methodCalls) {
        if (MEMBERSHIP_METHODS.has(method)) dedupingFunctions.add(enclosingFunction(call));
      }
    }
  }
  for (const use of all) {
    removes ||= use.removes;
    bounded ||= use.bounded;
    escapes ||= use.escapes;
    exported ||= use.exported;
    if (use.weakUnsafe) weakSafe = false;
    for (const { method, call } of use.methodCalls) {
      if (!weakMethods.includes(method)) weakSafe = false;
      if (SHRINK_METHODS[kind].includes(method)) {
        removes = true;
      } else if (kind === 'array' && method === 'splice') {
        if (spliceRemoves(call)) removes = true;
        else if (call.arguments.length > 2) growth.push({ node: call, key: null });
      } else if (GROWTH_METHODS[kind].includes(method)) {
        const key = call.arguments[0] ?? null;
        if (kind !== 'array') {
          if (!key || !isWeakKeyCandidate(file, key)) weakSafe = false;
          else if (!isVisiblyObjectKey(file, key)) keysAreObjects = false;
          growth.push({ node: call, key });
        } else {
          const deduped = key !== null && call.arguments.length === 1 && dedupingFunctions.has(enclosingFunction(call));
          growth.push({ node: call, key: deduped ? key : null });
        }
      }
    }
    for (const { member, key } of use.keyedWrites) {
      if (kind === 'object') growth.push({ node: member.parent, key });
      else if (kind === 'array' && isLengthRead(key)) growth.push({ node: member.parent, key: null });
    }
    if (kind === 'object') {
      for (const call of use.assignCalls) growth.push({ node: call, key: call.arguments[1] ?? call });
    }
  }
  growth.sort((a, b) => a.node.range[0] - b.node.range[0]);
  return { growth, removes, bounded, escapes, exported, weakSafe, keysAreObjects };
}

/** What a growth site adds: `push`/`add`/`set` arguments, the right side of `dict[key] = value`. */
export function grownValues(site: GrowthSite): TSESTree.Node[] {
  const { node } = site;
  if (node.type === AST_NODE_TYPES.CallExpression) return node.arguments;
  if (node.type === AST_NODE_TYPES.AssignmentExpression) return [node.right, ...(site.key ? [site.key] : [])];
  return site.key ? [site.key] : [];
}

/** The function a growth site runs in (`null` for class field initializers and static blocks). */
export function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock) return null;
  }
  return null;
}

/** The uses of a binding and of every alias reached from it, each once, in the order they are met. */
function withAliases(uses: Uses): Uses[] {
  const all: Uses[] = [];
  const seen = new Set<Uses>();
  const pending = [uses];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    all.push(next);
    pending.push(...next.aliases);
  }
  return all;
}

/** `arr.splice(i)`, `arr.splice(i, n)` remove; `arr.splice(i, 0, x)` only inserts. */
function spliceRemoves(call: TSESTree.CallExpression): boolean {
  const { arguments: args } = call;
  if (args.length === 0) return false;
  if (args.length === 1) return true;
  const count = skipTypeWrappers(args[1]!);
  return !(count.type === AST_NODE_TYPES.Literal && count.value === 0);
}

function isLengthRead(key: TSESTree.Node): boolean {
  const value = skipTypeWrappers(key);
  return value.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(value) === 'length';
}
