import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/**
 * How far a value must go to count as handed on: `'kept'` asks whether someone else may keep it
 * (`this` given to a helper); `'escapes'` asks whether it leaves this expression at all (a function
 * or class whose callers are then out of sight), which also counts assigning, declaring, returning
 * and exporting it.
 */
export type HandOff = 'kept' | 'escapes';

/**
 * Whether the value at `node` is handed on from where it is written: an argument, a property value
 * or an array element, or the operand of a type assertion, `?:`, `&&` or `||` whose result goes on;
 * with `'escapes'`, also an assigned, declared, returned or exported value.
 */
export function isHandedOn(node: TSESTree.Node, reach: HandOff): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee !== node;
    case AST_NODE_TYPES.Property:
      return parent.value === node;
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return true;
    case AST_NODE_TYPES.AssignmentExpression:
      return reach === 'escapes' && parent.right === node;
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ExportSpecifier:
    case AST_NODE_TYPES.ExportDefaultDeclaration:
    case AST_NODE_TYPES.VariableDeclarator:
      return reach === 'escapes';
    default:
      return false;
  }
}
