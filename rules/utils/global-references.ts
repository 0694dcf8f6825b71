import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Whether an identifier node refers to a global (`Map`, `Object`, `module`) rather than a local binding. */
export interface GlobalReferences {
  has(node: TSESTree.Node): boolean;
}

/** A file and its globals: what the analyses of its collections read. */
export interface FileWithGlobals {
  readonly sourceCode: SourceCode;
  readonly globals: GlobalReferences;
}

/**
 * Identifier nodes that refer to globals (no declaration in the file): `Map`, `Object`, `module`.
 * Built on the first question, so files with no candidate collection never pay for it.
 */
export function createGlobalReferences(sourceCode: SourceCode): GlobalReferences {
  let identifiers: Set<TSESTree.Node> | undefined;
  return {
    has(node) {
      identifiers ??= collectGlobalReferences(sourceCode);
      return identifiers.has(node);
    },
  };
}

function collectGlobalReferences(sourceCode: SourceCode): Set<TSESTree.Node> {
  const globalScope = sourceCode.scopeManager?.globalScope;
  const identifiers = new Set<TSESTree.Node>();
  if (!globalScope) return identifiers;
  for (const reference of globalScope.through) identifiers.add(reference.identifier);
  for (const variable of globalScope.variables) {
    if (variable.defs.length > 0) continue;
    for (const reference of variable.references) identifiers.add(reference.identifier);
  }
  return identifiers;
}

/** `Object.assign` for `Object.assign` rooted at the global `Object`; `setTimeout` for the global. */
export function globalCalleePath(callee: TSESTree.Node, globals: GlobalReferences): string | null {
  const value = skipTypeWrappers(callee);
  if (value.type === AST_NODE_TYPES.Identifier) return globals.has(value) ? value.name : null;
  if (value.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = skipTypeWrappers(value.object);
  const name = getStaticPropertyName(value);
  if (name === null || object.type !== AST_NODE_TYPES.Identifier || !globals.has(object)) return null;
  return `${object.name}.${name}`;
}

/** `module.exports`, `module.exports.x`, `exports.x` (the CommonJS globals, not local bindings). */
export function isCommonJsExportTarget(target: TSESTree.Node, globals: GlobalReferences): boolean {
  const value = skipTypeWrappers(target);
  if (value.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipTypeWrappers(value.object);
  if (object.type === AST_NODE_TYPES.Identifier) {
    if (!globals.has(object)) return false;
    return object.name === 'exports' || (object.name === 'module' && getStaticPropertyName(value) === 'exports');
  }
  return isCommonJsExportTarget(object, globals);
}

/** `export default { … }`, `module.exports = { … }`, `export const api = { … }`. */
export function isExportedObject(object: TSESTree.Node, globals: GlobalReferences): boolean {
  const parent = skipParentTypeWrappers(object).parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) {
    return parent.right === skipParentTypeWrappers(object) && isCommonJsExportTarget(parent.left, globals);
  }
  return (
    parent.type === AST_NODE_TYPES.VariableDeclarator && parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration
  );
}
