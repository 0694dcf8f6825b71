import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './ast.js';
import { isOrmRelationModule, ORM_RELATION_WRAPPERS } from './catalogs/orm-relations.js';
import { getImportedBinding } from './imports.js';
import { contains, memberRoot, type ClassNode, type Variable } from './owner-facts.js';
import { resolveVariable } from './scope.js';

/**
 * What a `new X(…)` or `x(…)` runs: a class or function whose code is in this file, one from elsewhere
 * (imported, required or ambient), or nothing we can name.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;
const { DefinitionType } = TSESLint.Scope;

export type ResolvedCallee =
  | { kind: 'class'; node: ClassNode }
  | { kind: 'function'; node: TSESTree.FunctionLike }
  /** Imported, required or ambient (`declare class`): a constructor whose body we cannot see. */
  | { kind: 'external' }
  | { kind: 'none' };

export function resolveCallee(sourceCode: SourceCode, callee: TSESTree.Node): ResolvedCallee {
  const target = skipTypeWrappers(callee);
  if (target.type === AST_NODE_TYPES.ClassExpression) return { kind: 'class', node: target };
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const root = memberRoot(target);
    if (root.type !== AST_NODE_TYPES.Identifier) return { kind: 'none' };
    return resolveVariableValue(resolveVariable(sourceCode, root)).kind === 'external' ? { kind: 'external' } : { kind: 'none' };
  }
  if (target.type !== AST_NODE_TYPES.Identifier) return { kind: 'none' };
  return resolveVariableValue(resolveVariable(sourceCode, target));
}

/** The class or function a binding holds for good: declared once, or a `const`-like binding written once. */
export function resolveVariableValue(variable: Variable | null): ResolvedCallee {
  if (!variable) return { kind: 'none' };
  // TypeScript overloads add one definition per signature; the implementation is the one with a body.
  const definitions = variable.defs.filter(
    (definition) => definition.type !== DefinitionType.FunctionName || definition.node.type === AST_NODE_TYPES.FunctionDeclaration,
  );
  if (definitions.length !== 1) return { kind: 'none' };
  const definition = definitions[0]!;
  switch (definition.type) {
    case DefinitionType.ImportBinding:
      return { kind: 'external' };
    case DefinitionType.ClassName:
      return definition.node.type === AST_NODE_TYPES.ClassDeclaration && definition.node.declare
        ? { kind: 'external' }
        : { kind: 'class', node: definition.node };
    case DefinitionType.FunctionName:
      return definition.node.type === AST_NODE_TYPES.FunctionDeclaration ? { kind: 'function', node: definition.node } : { kind: 'none' };
    case DefinitionType.Variable:
      return resolveDeclaredValue(variable, definition.node);
    default:
      return { kind: 'none' };
  }
}

function resolveDeclaredValue(variable: Variable, declarator: TSESTree.VariableDeclarator): ResolvedCallee {
  if (!declarator.init) {
    return declarator.parent.type === AST_NODE_TYPES.VariableDeclaration && declarator.parent.declare ? { kind: 'external' } : { kind: 'none' };
  }
  const init = skipTypeWrappers(declarator.init);
  if (isRequireRooted(init)) return { kind: 'external' };
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return { kind: 'none' };
  // A binding written again later may hold something else when the call runs.
  if (variable.references.filter((reference) => reference.isWrite()).length > 1) return { kind: 'none' };
  if (init.type === AST_NODE_TYPES.ClassExpression) return { kind: 'class', node: init };
  if (init.type === AST_NODE_TYPES.FunctionExpression || init.type === AST_NODE_TYPES.ArrowFunctionExpression) {
    return { kind: 'function', node: init };
  }
  return { kind: 'none' };
}

function isRequireRooted(node: TSESTree.Node): boolean {
  const root = memberRoot(node);
  return root.type === AST_NODE_TYPES.CallExpression && root.callee.type === AST_NODE_TYPES.Identifier && root.callee.name === 'require';
}

/** `new Collection<Book>(this)` with `Collection` from MikroORM (named, renamed, namespace or required). */
export function isOrmRelationWrapper(sourceCode: SourceCode, callee: TSESTree.Node): boolean {
  const target = skipTypeWrappers(callee);
  let root: TSESTree.Node = target;
  let name: string | null = null;
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    name = getStaticPropertyName(target);
    root = skipTypeWrappers(target.object);
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const origin = importOrigin(sourceCode, root);
  if (!origin) return false;
  const imported = name ?? origin.name;
  if (imported === null) return false;
  return ORM_RELATION_WRAPPERS.some((wrappers) => wrappers.constructors.has(imported) && isOrmRelationModule(wrappers, origin.module));
}

/**
 * The module an identifier comes from, and the exported name it is bound to (null for a whole
 * required module; `default` and `*` for default and namespace imports, which name no constructor).
 */
function importOrigin(sourceCode: SourceCode, identifier: TSESTree.Identifier): { module: string; name: string | null } | null {
  const imported = getImportedBinding(sourceCode, identifier);
  if (imported) return imported;
  const definition = resolveVariable(sourceCode, identifier)?.defs[0];
  if (definition?.type !== DefinitionType.Variable || !definition.node.init) return null;
  // `const { Collection } = require('@mikro-orm/core')`, `const orm = require('@mikro-orm/core')`.
  const init = skipTypeWrappers(definition.node.init);
  if (
    init.type !== AST_NODE_TYPES.CallExpression ||
    init.callee.type !== AST_NODE_TYPES.Identifier ||
    init.callee.name !== 'require' ||
    init.arguments[0]?.type !== AST_NODE_TYPES.Literal ||
    typeof init.arguments[0].value !== 'string'
  ) {
    return null;
  }
  const module = init.arguments[0].value;
  const pattern = definition.node.id;
  if (pattern.type === AST_NODE_TYPES.Identifier) return { module, name: null };
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return null;
  for (const property of pattern.properties) {
    if (property.type === AST_NODE_TYPES.Property && property.value === identifier.parent) continue;
    if (property.type === AST_NODE_TYPES.Property && contains(property, definition.name)) {
      return { module, name: getStaticPropertyName(property) };
    }
  }
  return null;
}
