import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type TypeWrapper =
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.TSInstantiationExpression;

/**
 * Which wrappers count as the value they wrap, beyond `x as T`, `x!`, `x satisfies T` and `<T>x`,
 * which always do. Callers differ: climbing from a created connection, `await db.connect()` is the
 * connection; skipping to a callee, `f<T>` is `f`.
 */
export interface ValueWrappers {
  /** `f<T>`, an instantiation expression. */
  readonly instantiations: boolean;
  /** The ChainExpression around `a?.b`. */
  readonly chains: boolean;
  /** `await x`: the settled value stands for the promise. */
  readonly awaits: boolean;
}

/** Type-only wrappers: what TypeScript erases. */
const TYPE_ONLY: ValueWrappers = { instantiations: true, chains: false, awaits: false };
/** Type-only wrappers and `?.` chains: the expression whose value is the node's value. */
const SAME_VALUE: ValueWrappers = { instantiations: true, chains: true, awaits: false };

/** Whether `node` wraps a value without changing it, as `wrappers` counts it (type-only wrappers by default). */
export function isTypeWrapper(node: TSESTree.Node, wrappers: ValueWrappers = TYPE_ONLY): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return true;
    case AST_NODE_TYPES.TSInstantiationExpression:
      return wrappers.instantiations;
    case AST_NODE_TYPES.ChainExpression:
      return wrappers.chains;
    case AST_NODE_TYPES.AwaitExpression:
      return wrappers.awaits;
    default:
      return false;
  }
}

/** Type-only wrappers that do not change the runtime value: `x as T`, `x!`, `x satisfies T`, `<T>x`, `f<T>`. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isTypeWrapper(current)) current = (current as TypeWrapper).expression;
  return current;
}

/** The outermost expression around `node` made only of the wrappers `wrappers` counts as the same value. */
export function climbWrappers(node: TSESTree.Node, wrappers: ValueWrappers): TSESTree.Node {
  let current = node;
  while (current.parent && isTypeWrapper(current.parent, wrappers)) current = current.parent;
  return current;
}

/** The outermost expression whose value is `node`'s value (through parentheses-free type wrappers and `?.` chains). */
export function skipParentTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  return climbWrappers(node, SAME_VALUE);
}

/** Static name of a member's property or an object key (`a.b`, `a['b']`, `{ b: 1 }`), or null. */
export function getStaticPropertyName(
  node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition,
  scope?: TSESLint.Scope.Scope,
): string | null {
  // The common case first, without the general helper: listeners call this for most calls in a file.
  if (!node.computed && node.type === AST_NODE_TYPES.MemberExpression) {
    return node.property.type === AST_NODE_TYPES.PrivateIdentifier ? `#${node.property.name}` : node.property.name;
  }
  if (!node.computed && 'key' in node && node.key.type === AST_NODE_TYPES.PrivateIdentifier) {
    return `#${node.key.name}`;
  }
  return ASTUtils.getPropertyName(node, scope);
}

/** `callee` of a call as `object.method`, when the method name is static. */
export function getCalledMethod(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
): { object: TSESTree.Expression; method: string } | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = getStaticPropertyName(callee);
  return method === null ? null : { object: callee.object, method };
}

/** Whether `node` is a function of any kind. */
export function isFunctionNode(node: TSESTree.Node): node is TSESTree.FunctionLike {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

/**
 * A node's decorators. typescript-eslint always sets the array; espree (JavaScript files) leaves it
 * out, so reading `.decorators` directly crashes on JavaScript.
 */
export function decoratorsOf(node: TSESTree.Node): readonly TSESTree.Decorator[] {
  return (node as { decorators?: readonly TSESTree.Decorator[] }).decorators ?? [];
}

/** Whether a property value of a node is itself a node (not `loc`, `range`, a literal's value). */
export function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'range' in value;
}

/**
 * The direct child nodes of `node`, for the small bounded walks a rule does at report time (a loop
 * body, the statements after an acquisition). Rules walk whole files through ESLint's own traversal.
 */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children;
}

/** Whether `node` is what an assignment writes or an update changes: `x = 1`, `x.y += 1`, `x++`. */
export function isWriteTarget(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  return (
    (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) ||
    (parent.type === AST_NODE_TYPES.UpdateExpression && parent.argument === node)
  );
}

/** Calls `visit` on `node` and every node below it, parents before children, in source order. */
export function forEachDescendant(node: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  visit(node);
  for (const child of childNodes(node)) forEachDescendant(child, visit);
}
