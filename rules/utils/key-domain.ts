import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers } from './ast.js';
import { resolveVariable } from './scope.js';
import {
  BOUNDED_KEY_WORDS,
  HANDLE_CONSTRUCTORS,
  HANDLE_FACTORY_CALLEES,
  IDENTITY_KEY_WORDS,
  PER_CALL_INPUT_NAMES,
  PER_CALL_INPUT_TYPES,
  TRAFFIC_IDENTITY_WORDS,
} from './catalogs/bounded-collections.js';

/**
 * What a collection key's name says about its domain:
 * - `identity`: one member of a population that grows with traffic (`userId`, `license.id`, `token`);
 * - `bounded`: a small domain fixed by code or deployment (`region`, `shardIndex`, `label`);
 * - `unknown`: the name says neither (or the key has no name: a call, a template).
 * Names are the evidence authors leave; the rule still traces where a key comes from.
 */
export type KeyDomain = 'identity' | 'bounded' | 'unknown';

export function keyDomainOf(key: TSESTree.Node): KeyDomain {
  const words = nameWords(key);
  if (words.some((word) => IDENTITY_KEY_WORDS.has(word))) return 'identity';
  if (words.some((word) => BOUNDED_KEY_WORDS.has(word))) return 'bounded';
  return 'unknown';
}

/**
 * Whether a key names who the traffic brings, anywhere along its member chain: `userId`,
 * `session.id`, `req.user.email`, `tenantToken`. `task.id` and `assetPath` name data, not traffic.
 */
export function namesTrafficIdentity(key: TSESTree.Node): boolean {
  for (let current = skipTypeWrappers(key); ; current = skipTypeWrappers(current.object)) {
    if (nameWords(current).some((word) => TRAFFIC_IDENTITY_WORDS.has(word))) return true;
    if (current.type !== AST_NODE_TYPES.MemberExpression) return false;
  }
}

/** `shardIndex` → shard, index; `license.id` → id; `this.container` → container; `MAX_SIZE` → max, size. */
export function nameWords(node: TSESTree.Node): string[] {
  const name = ownName(skipTypeWrappers(node));
  if (name === null) return [];
  return name
    .replaceAll(/([a-z\d])([A-Z])/gu, '$1 $2')
    .replaceAll(/([A-Z]+)([A-Z][a-z])/gu, '$1 $2')
    .toLowerCase()
    .split(/[\s_$-]+/u)
    .filter(Boolean);
}

function ownName(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.PrivateIdentifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed) return ownName(node.property);
  return null;
}

/**
 * Whether `value` (or a part of it: `req.ip ?? 'unknown'`, `` `${req.method} ${req.url}` ``) is read off the per-call input of a handler (`req.url`, `job.data.userId`,
 * `message`): its root is a parameter named or typed like a request, a socket, a job or a message.
 */
export function isReadOffPerCallInput(sourceCode: Readonly<TSESLint.SourceCode>, value: TSESTree.Node): boolean {
  const node = skipTypeWrappers(value);
  const readOff = (part: TSESTree.Node) => isReadOffPerCallInput(sourceCode, part);
  switch (node.type) {
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.BinaryExpression:
      return readOff(node.left) || readOff(node.right);
    case AST_NODE_TYPES.ConditionalExpression:
      return readOff(node.consequent) || readOff(node.alternate);
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.some(readOff);
    default:
      return isRootedInPerCallInput(sourceCode, node);
  }
}

function isRootedInPerCallInput(sourceCode: Readonly<TSESLint.SourceCode>, value: TSESTree.Node): boolean {
  let root = value;
  while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.ChainExpression) {
    root = skipTypeWrappers(root.type === AST_NODE_TYPES.ChainExpression ? root.expression : root.object);
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  // The binding through scope analysis: a parameter (`req`, or one destructured from the handler's input).
  const definition = resolveVariable(sourceCode, root)?.defs[0];
  return definition?.type === TSESLint.Scope.DefinitionType.Parameter && isPerCallParameter(definition.name);
}

/** A parameter named or typed like a request, a socket, a job or a message (`req`, `socket: Socket`). */
export function isPerCallParameter(parameter: TSESTree.Node): boolean {
  const id = parameter.type === AST_NODE_TYPES.TSParameterProperty ? parameter.parameter : parameter;
  const name = id.type === AST_NODE_TYPES.AssignmentPattern ? id.left : id;
  if (name.type !== AST_NODE_TYPES.Identifier) return false;
  return PER_CALL_INPUT_NAMES.has(name.name) || typeNameOf(name) !== null;
}

function typeNameOf(parameter: TSESTree.Identifier): string | null {
  const annotation = parameter.typeAnnotation?.typeAnnotation;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return null;
  const typeName = annotation.typeName;
  const name = typeName.type === AST_NODE_TYPES.Identifier ? typeName.name : typeName.type === AST_NODE_TYPES.TSQualifiedName ? typeName.right.name : null;
  return name !== null && PER_CALL_INPUT_TYPES.has(name) ? name : null;
}

/**
 * Whether `value` is a handle opened by this call (`spawn(cmd)`, `net.connect(…)`, `new Worker(…)`),
 * directly or through a `const` of the same function: every call stores a new one.
 */
export function isFreshHandle(value: TSESTree.Node, resolveConst: (identifier: TSESTree.Identifier) => TSESTree.Node | null): boolean {
  let node = skipTypeWrappers(value);
  if (node.type === AST_NODE_TYPES.Identifier) node = skipTypeWrappers(resolveConst(node) ?? node);
  if (node.type === AST_NODE_TYPES.AwaitExpression) node = skipTypeWrappers(node.argument);
  if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return false;
  const callee = skipTypeWrappers(node.callee);
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
        ? callee.property.name
        : null;
  if (name === null) return false;
  return node.type === AST_NODE_TYPES.NewExpression ? HANDLE_CONSTRUCTORS.has(name) : HANDLE_FACTORY_CALLEES.has(name);
}
