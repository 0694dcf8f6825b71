/**
 * What happens to a query's rows after they load: the `for…of` loop that walks them (and whether it
 * awaits once per row, the shape of backfills, exports and fan-outs), and the suggestion that
 * streams them instead when the loop is the array's only use.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childNodes, getStaticPropertyName, isFunctionNode, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import { getEnclosingFunction } from './scope.js';
import type { Kind } from './query-kinds.js';

export interface RowLoop {
  loop: TSESTree.ForOfStatement;
  /** The loop body awaits (a write or a queue add per row): every row stays in memory for the whole loop. */
  awaitsPerRow: boolean;
  /** The `await` of the query, when the loop is the only use of its result. */
  onlyUse: TSESTree.AwaitExpression | null;
}

/**
 * How each library streams the rows of a materialising call, with the same rows: Mongoose
 * `.cursor()` (hydrated documents, `lean()` kept), a MongoDB cursor itself, knex `.stream()`, and
 * TypeORM `.stream()` only for `getRawMany()` (the stream yields raw rows, not entities).
 */
const STREAM_FORMS: Readonly<Record<string, { materialise: readonly string[]; stream: string; keepAwait: boolean; onAwait: boolean }>> = {
  mongoose: { materialise: ['exec'], stream: '.cursor()', keepAwait: false, onAwait: true },
  mongodb: { materialise: ['toArray'], stream: '', keepAwait: false, onAwait: false },
  knex: { materialise: [], stream: '.stream()', keepAwait: false, onAwait: true },
  typeorm: { materialise: ['getRawMany'], stream: '.stream()', keepAwait: true, onAwait: false },
};

/** The `for…of` over the query's result in the same function: directly, or through a `const`. */
export function findRowLoop(sourceCode: Readonly<TSESLint.SourceCode>, query: TSESTree.Node): RowLoop | null {
  const outer = skipParentTypeWrappers(query);
  const awaited = outer.parent?.type === AST_NODE_TYPES.AwaitExpression ? outer.parent : null;
  if (!awaited) return null;
  const holder = skipParentTypeWrappers(awaited);
  const parent = holder.parent;
  if (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.right === holder) return rowLoop(parent, awaited);
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== holder || parent.id.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = sourceCode.getDeclaredVariables(parent)[0];
  if (!variable) return null;
  const reads = variable.references.filter((reference) => !reference.init);
  const owner = getEnclosingFunction(parent);
  for (const reference of reads) {
    const use = skipParentTypeWrappers(reference.identifier);
    const loop = use.parent;
    if (loop?.type !== AST_NODE_TYPES.ForOfStatement || loop.right !== use || getEnclosingFunction(loop) !== owner) continue;
    const only = reads.length === 1 && !parent.id.typeAnnotation && parent.parent.kind !== 'var';
    return rowLoop(loop, only ? awaited : null);
  }
  return null;
}

function rowLoop(loop: TSESTree.ForOfStatement, onlyUse: TSESTree.AwaitExpression | null): RowLoop {
  return { loop, awaitsPerRow: loop.await || containsAwait(loop.body), onlyUse };
}

/** The streaming suggestion for a query whose result only feeds one loop, or null where none is safe. */
export function streamingFix(
  sourceCode: Readonly<TSESLint.SourceCode>,
  query: TSESTree.Node,
  loop: RowLoop,
  kind: Kind,
): { stream: string; fix: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[] } | null {
  const form = STREAM_FORMS[kind.api.id];
  const awaited = loop.onlyUse;
  if (!form || !awaited || !kind.state) return null;
  const node = skipTypeWrappers(query);
  let base: TSESTree.Node | null = null;
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = getStaticPropertyName(node.callee);
    if (name !== null && form.materialise.includes(name)) base = node.callee.object;
  }
  if (!base && form.onAwait && node.type !== AST_NODE_TYPES.CallExpression) return null;
  if (!base && form.onAwait) base = node;
  if (!base) return null;
  const replacement = `${sourceCode.getText(base)}${form.stream}`;
  const forLoop = loop.loop;
  return {
    stream: form.stream ? `\`${form.stream}\`` : 'the cursor itself',
    fix: (fixer) => [
      fixer.replaceText(form.keepAwait ? query : awaited, form.keepAwait ? replacement : replacement),
      ...(forLoop.await ? [] : [fixer.replaceTextRange([forLoop.range[0], forLoop.range[0] + 3], 'for await')]),
    ],
  };
}

/** An `await` in the loop body, outside nested functions. Only asked for reported queries. */
function containsAwait(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.AwaitExpression) return true;
  return !isFunctionNode(node) && childNodes(node).some(containsAwait);
}
