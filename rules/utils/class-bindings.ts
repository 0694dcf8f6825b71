import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

export function isClassNode(node: TSESTree.Node): node is ClassNode {
  return node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression;
}

/** `export class X`, `export default class`, `export const X = class`: other files can use the class. */
export function isExportedClass(classNode: ClassNode): boolean {
  const parent = classNode.parent;
  return (
    parent.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    parent.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
    (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration)
  );
}

/** Every binding of a class: its outer name, its inner name, and `const X = class`. */
export function classVariables(classNode: ClassNode, sourceCode: SourceCode): Variable[] {
  const manager = sourceCode.scopeManager;
  if (!manager) return [];
  const variables = [...manager.getDeclaredVariables(classNode)];
  const parent = classNode.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === classNode) {
    variables.push(...manager.getDeclaredVariables(parent));
  }
  return variables;
}

/** The name a message gives a class: its own name, or the `const` holding it. */
export function classDisplayName(classNode: ClassNode): string | null {
  if (classNode.id) return classNode.id.name;
  const parent = classNode.parent;
  return parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : null;
}
