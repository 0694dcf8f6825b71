/** Child iteration over typescript-eslint ASTs by visitor keys (no parent pointers needed). */
import type { TSESTree } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';

// The parser hands out its visitor keys with every parse; one empty parse gets them without another dependency.
const visitorKeys = tsParser.parseForESLint('').visitorKeys as Record<string, readonly string[] | undefined>;

export function forEachChild(node: TSESTree.Node, callback: (child: TSESTree.Node, key: string, list: TSESTree.Node[] | undefined) => void): void {
  for (const key of visitorKeys[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      const list = value as (TSESTree.Node | null)[];
      for (const child of list) if (child) callback(child, key, list as TSESTree.Node[]);
    } else if (value && typeof value === 'object' && 'type' in value) {
      callback(value as TSESTree.Node, key, undefined);
    }
  }
}

/** Every node, parents before children. */
export function allNodes(root: TSESTree.Node): TSESTree.Node[] {
  const nodes: TSESTree.Node[] = [];
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    const children: TSESTree.Node[] = [];
    forEachChild(node, (child) => children.push(child));
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return nodes;
}
