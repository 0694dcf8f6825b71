import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, isFunctionNode, skipTypeWrappers } from './ast.js';

/*
 * Whether the release of a database resource runs on every path from where it is acquired: in a
 * `finally`, after a `catch` that takes every error, or before anything can throw.
 */

type Node = TSESTree.Node;

const STATEMENT_LIST_PARENTS = new Set<string>([
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.Program,
  AST_NODE_TYPES.StaticBlock,
  AST_NODE_TYPES.SwitchCase,
]);

const LOOP_TYPES = new Set<string>([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/**
 * A release covers every path when it runs in the `finally` of a `try` that holds the acquisition or
 * follows it with nothing in between that can leave the block; or when it runs both at the end of
 * that `try` and in its `catch` (commit, and roll back on error).
 */
export function isCovered(sites: readonly Node[], statement: Node, acquiredIn: Node | null): boolean {
  for (const site of sites) {
    let child: Node = site;
    for (let parent = site.parent; parent && parent !== acquiredIn; child = parent, parent = parent.parent) {
      if (parent.type !== AST_NODE_TYPES.TryStatement || !tryCovers(parent, statement)) continue;
      if (child === parent.finalizer) return true;
      const block = parent.block;
      if (child === parent.handler && sites.some((other) => contains(block, other))) return true;
    }
  }
  return sites.some((site) => isReleasedAfterCatch(site, sites, statement) || isReleasedBeforeAnythingCanThrow(site, statement));
}

/**
 * `const client = await pool.connect(); client.release();` (a connectivity probe): nothing between
 * the acquisition and the release can throw or leave, so the release runs on every path. Only
 * declarations of literals and plain names may stand between; any call, `await`, property read or
 * `new` could throw.
 */
function isReleasedBeforeAnythingCanThrow(site: Node, statement: Node): boolean {
  const list = statement.parent ? statementList(statement.parent) : null;
  const releaseStatement = siblingStatementOf(site, statement);
  if (!list || releaseStatement?.type !== AST_NODE_TYPES.ExpressionStatement || !startsWithRelease(releaseStatement.expression, site)) return false;
  const from = list.indexOf(statement as TSESTree.Statement);
  const to = list.indexOf(releaseStatement);
  return from !== -1 && to > from && list.slice(from + 1, to).every(cannotThrow);
}

/** The statement holding `site` that stands in the same list as `statement`, if any. */
function siblingStatementOf(site: Node, statement: Node): Node | undefined {
  let current: Node | undefined = site;
  while (current && current.parent !== statement.parent) current = current.parent;
  return current;
}

/** `client.release()` or `await client.end()` as the whole statement: the release is the first thing it does. */
function startsWithRelease(expression: Node, site: Node): boolean {
  const call = expression.type === AST_NODE_TYPES.AwaitExpression ? expression.argument : expression;
  return call === site || (call.type === AST_NODE_TYPES.CallExpression && contains(call.callee, site));
}

function cannotThrow(statement: Node): boolean {
  if (statement.type === AST_NODE_TYPES.EmptyStatement) return true;
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return false;
  return statement.declarations.every(
    (declarator) =>
      declarator.id.type === AST_NODE_TYPES.Identifier &&
      (declarator.init === null || declarator.init.type === AST_NODE_TYPES.Literal || declarator.init.type === AST_NODE_TYPES.Identifier),
  );
}

/**
 * `try { … } catch { … }` right before the release: every error is caught, so the release runs on
 * every path unless the `try` returns early or the `catch` leaves (rethrows) without releasing first.
 */
function isReleasedAfterCatch(site: Node, sites: readonly Node[], statement: Node): boolean {
  const list = statement.parent ? statementList(statement.parent) : null;
  const releaseStatement = siblingStatementOf(site, statement);
  if (!list || !releaseStatement) return false;
  const from = list.indexOf(statement as TSESTree.Statement);
  const to = list.indexOf(releaseStatement as TSESTree.Statement);
  const guard = list[to - 1];
  if (from === -1 || to - 1 <= from || guard?.type !== AST_NODE_TYPES.TryStatement || !guard.handler) return false;
  const handler = guard.handler;
  return (
    !list.slice(from + 1, to - 1).some((between) => canLeave(between, 0)) &&
    !canLeave(guard.block, 0, false) &&
    (!canLeave(handler.body, 0) || sites.some((other) => contains(handler, other)))
  );
}

function tryCovers(tryStatement: TSESTree.TryStatement, statement: Node): boolean {
  if (contains(tryStatement.block, statement)) return true;
  // Acquired where a callback's body starts (`.then((client) => { … })`): a `try` in that body covers what follows it.
  if (statement.type === AST_NODE_TYPES.BlockStatement && tryStatement.parent === statement) {
    return !statement.body.slice(0, statement.body.indexOf(tryStatement)).some((before) => canLeave(before, 0));
  }
  const list = statement.parent ? statementList(statement.parent) : null;
  if (!list || tryStatement.parent !== statement.parent) return false;
  const from = list.indexOf(statement as TSESTree.Statement);
  const to = list.indexOf(tryStatement);
  return from !== -1 && to > from && !list.slice(from + 1, to).some((between) => canLeave(between, 0));
}

/**
 * Whether running `node` can leave the enclosing block early: `return`, `throw` (unless `throws` is
 * false: inside a `try` whose `catch` takes it), or a `break`/`continue` out of it.
 */
function canLeave(node: Node, loopDepth: number, throws = true): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ReturnStatement:
      return true;
    case AST_NODE_TYPES.ThrowStatement:
      return throws;
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement:
      return loopDepth === 0 || node.label !== null;
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.ClassDeclaration:
    case AST_NODE_TYPES.ClassExpression:
      return false;
    default:
      break;
  }
  const depth = LOOP_TYPES.has(node.type) || node.type === AST_NODE_TYPES.SwitchStatement ? loopDepth + 1 : loopDepth;
  return childNodes(node).some((child) => canLeave(child, depth, throws));
}

/** A `return` of a call's result (possibly a pending promise or a lazy query), outside nested functions. */
export function returnsCallResult(node: Node): boolean {
  if (node.type === AST_NODE_TYPES.ReturnStatement) {
    const argument = node.argument && skipTypeWrappers(node.argument);
    return (
      argument?.type === AST_NODE_TYPES.CallExpression ||
      argument?.type === AST_NODE_TYPES.NewExpression ||
      argument?.type === AST_NODE_TYPES.TaggedTemplateExpression
    );
  }
  if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) return false;
  return childNodes(node).some(returnsCallResult);
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

export function statementList(parent: Node): TSESTree.Statement[] | null {
  if (!STATEMENT_LIST_PARENTS.has(parent.type)) return null;
  if (parent.type === AST_NODE_TYPES.SwitchCase) return parent.consequent;
  if (parent.type === AST_NODE_TYPES.Program) return parent.body;
  return (parent as TSESTree.BlockStatement | TSESTree.StaticBlock).body;
}

