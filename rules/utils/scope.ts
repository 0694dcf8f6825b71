import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode } from './ast.js';

type Scope = TSESLint.Scope.Scope;
const { ScopeType } = TSESLint.Scope;
/** The two type names every analysis module spells: a file's source code and one of its bindings. */
export type SourceCode = Readonly<TSESLint.SourceCode>;
export type Variable = TSESLint.Scope.Variable;

/**
 * The three shapes of "module level": the `module` scope of ESM, the function scope ESLint wraps
 * around CommonJS (`sourceType: 'commonjs'`), and the global scope of scripts. All have Program as block.
 */
export function isModuleLevelScope(scope: Scope): boolean {
  return scope.block.type === AST_NODE_TYPES.Program;
}

/** The innermost module-level scope of the file: where module-level bindings are declared. */
export function getModuleScope(sourceCode: Readonly<TSESLint.SourceCode>): Scope {
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) throw new Error('eslint-plugin-leaks needs ESLint scope analysis.');
  const inner = globalScope.childScopes.find((child) => child.block.type === AST_NODE_TYPES.Program);
  return inner ?? globalScope;
}

/** Whether a variable is declared at module level (any of the three shapes). */
export function isModuleLevelVariable(variable: Variable): boolean {
  return variable.scope.block.type === AST_NODE_TYPES.Program;
}

/**
 * The variable an identifier refers to, through ESLint's scope chain from the identifier's own scope
 * upward. Looking up by name from the innermost scope is what scope analysis does; handing eslint-utils
 * the node instead makes it search the child scopes first, linear per call and quadratic per file.
 */
export function resolveVariable(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier | TSESTree.JSXIdentifier,
): Variable | null {
  return ASTUtils.findVariable(sourceCode.getScope(identifier), identifier.name);
}

/**
 * Whether code in `scope` can run more than once per process: it is inside a function, method,
 * callback or instance field initializer. Module top level, top-level loops, module-level IIFEs,
 * `static {}` blocks and static field initializers of module-level classes run once, at load.
 */
export function runsRepeatedly(scope: Scope): boolean {
  for (let current: Scope | null = scope; current; current = current.upper) {
    if (isModuleLevelScope(current)) return false;
    if (current.type === ScopeType.classFieldInitializer) {
      const field = current.block.parent;
      if (!(field && 'static' in field && field.static)) return true;
      continue;
    }
    if (current.type === ScopeType.function && isFunctionNode(current.block) && !isImmediatelyInvoked(current.block)) {
      return true;
    }
  }
  return false;
}

/** The function that `node` runs in, or null at module level (the IIFE itself counts as a function). */
export function getEnclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return null;
}

/**
 * Where `this` points: the class of the method, field or static block around `node`, or null in a
 * plain function or at module level. Arrow functions have no `this` of their own.
 */
export function findThisOwner(node: TSESTree.Node): { classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression; isStatic: boolean } | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) {
      const method = current.parent;
      if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.value !== current) return null;
      return { classNode: method.parent.parent, isStatic: method.static };
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock) {
      const classNode = current.parent.parent;
      return { classNode, isStatic: current.type === AST_NODE_TYPES.StaticBlock || current.static };
    }
  }
  return null;
}

/** `(function () { … })()`, `(() => { … })()`, `(async () => { … })()`, `(function () { … }).call(this)`. */
export function isImmediatelyInvoked(fn: TSESTree.FunctionLike): boolean {
  const parent = fn.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === fn) return true;
  return (
    parent.type === AST_NODE_TYPES.MemberExpression &&
    parent.object === fn &&
    !parent.computed &&
    parent.property.type === AST_NODE_TYPES.Identifier &&
    (parent.property.name === 'call' || parent.property.name === 'apply') &&
    parent.parent.type === AST_NODE_TYPES.CallExpression &&
    parent.parent.callee === parent
  );
}
