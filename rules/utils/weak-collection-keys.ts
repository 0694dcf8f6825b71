import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './ast.js';
import { WEAK_COUNTERPARTS } from './catalogs/bounded-collections.js';
import { type FileWithGlobals, globalCalleePath } from './global-references.js';
import { resolveVariable } from './scope.js';

const { DefinitionType } = TSESLint.Scope;

/** Declared types whose values are never objects (or may not be), so a weak collection cannot hold them. */
const PRIMITIVE_TYPE_NODES = new Set<string>([
  AST_NODE_TYPES.TSStringKeyword,
  AST_NODE_TYPES.TSNumberKeyword,
  AST_NODE_TYPES.TSBooleanKeyword,
  AST_NODE_TYPES.TSBigIntKeyword,
  AST_NODE_TYPES.TSSymbolKeyword,
  AST_NODE_TYPES.TSLiteralType,
  AST_NODE_TYPES.TSTemplateLiteralType,
  AST_NODE_TYPES.TSAnyKeyword,
  AST_NODE_TYPES.TSUnknownKeyword,
]);
const PRIMITIVE_CONVERSIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'Symbol']);
const STRING_RETURNING_METHODS = new Set(['toString', 'join', 'toLowerCase', 'toUpperCase', 'trim', 'slice', 'substring']);

/** Type annotations that name an object type (a class or interface reference, an object literal type). */
const OBJECT_TYPE_NODES: ReadonlySet<string> = new Set([AST_NODE_TYPES.TSTypeReference, AST_NODE_TYPES.TSTypeLiteral]);

/** Initialisers that always produce an object. */
const OBJECT_CREATING_NODES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ClassExpression,
]);

/** The edits that turn `new Map()` (and its `Map<K, V>` annotation) into its weak twin. */
export interface WeakCounterpartEdit {
  weakName: string;
  callee: TSESTree.Identifier;
  /** The annotation's `Map` in `Map<K, V>`, renamed with the constructor; undefined without an annotation. */
  annotationName: TSESTree.Identifier | undefined;
}

/**
 * A key a WeakMap or WeakSet might hold: a binding, `this` or a fresh object with no sign of being a
 * primitive. Property reads (`req.params.id`) and call results are usually ids and strings, and a
 * weak collection throws on those, so they get no suggestion.
 */
export function isWeakKeyCandidate(file: FileWithGlobals, key: TSESTree.Node): boolean {
  const value = skipTypeWrappers(key);
  if (value.type === AST_NODE_TYPES.Identifier) return !isPrimitiveValue(file, value);
  return value.type === AST_NODE_TYPES.ThisExpression || OBJECT_CREATING_NODES.has(value.type);
}

/** A key that is an object by its own syntax or its binding's declaration, not only "not visibly primitive". */
export function isVisiblyObjectKey(file: FileWithGlobals, key: TSESTree.Node): boolean {
  const value = skipTypeWrappers(key);
  return value.type === AST_NODE_TYPES.Identifier ? isVisiblyObjectBinding(file, value) : isWeakKeyCandidate(file, value);
}

/**
 * Whether `new Map()` / `new Set()` can become its weak twin: nothing passed to the constructor, no
 * local binding named like the twin, and keys that are objects by their syntax (`keysAreObjects`) or
 * by the declared key type. Null when the suggestion would change more than the collection's kind.
 */
export function weakCounterpartEdit(
  sourceCode: Readonly<TSESLint.SourceCode>,
  kind: 'map' | 'set',
  init: TSESTree.Expression,
  annotation: TSESTree.TypeNode | undefined,
  keysAreObjects: boolean,
): WeakCounterpartEdit | null {
  const value = skipTypeWrappers(init);
  if (value.type !== AST_NODE_TYPES.NewExpression || value.arguments.length > 0) return null;
  const callee = skipTypeWrappers(value.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier) return null;
  const weakName = WEAK_COUNTERPARTS[kind].name;
  // A local binding named `WeakMap` would change what the fix means.
  if (ASTUtils.findVariable(sourceCode.getScope(value), weakName)?.defs.length) return null;
  const typeArgument = value.typeArguments?.params[0] ?? annotationKeyType(annotation);
  if (typeArgument && PRIMITIVE_TYPE_NODES.has(typeArgument.type)) return null;
  // A weak collection throws on a primitive key: the keys or the declared key type must show objects.
  if (!keysAreObjects && !(typeArgument && OBJECT_TYPE_NODES.has(typeArgument.type))) return null;
  const annotationName = annotationTypeName(annotation, callee.name);
  if (annotationName === false) return null;
  return { weakName, callee, annotationName };
}

/** A binding declared as an object: `const x = new X()` / `{…}`, a class, or a parameter typed as an object type. */
function isVisiblyObjectBinding(file: FileWithGlobals, identifier: TSESTree.Identifier): boolean {
  const variable = resolveVariable(file.sourceCode, identifier);
  if (!variable || variable.defs.length === 0) return false;
  return variable.defs.every((def) => {
    if (def.type === DefinitionType.ClassName || def.type === DefinitionType.FunctionName) return true;
    if (def.name.type === AST_NODE_TYPES.Identifier && def.name.typeAnnotation) {
      return OBJECT_TYPE_NODES.has(def.name.typeAnnotation.typeAnnotation.type);
    }
    return (
      def.type === DefinitionType.Variable &&
      def.node.type === AST_NODE_TYPES.VariableDeclarator &&
      def.node.init !== null &&
      OBJECT_CREATING_NODES.has(skipTypeWrappers(def.node.init).type)
    );
  });
}

/** A key that is certainly not an object, so a WeakMap or WeakSet would throw on it. */
function isPrimitiveValue(file: FileWithGlobals, node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.UpdateExpression:
      return true;
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTypeWrappers(value.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) return PRIMITIVE_CONVERSIONS.has(callee.name) && file.globals.has(callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const name = getStaticPropertyName(callee);
      return globalCalleePath(callee, file.globals) === 'JSON.stringify' || (name !== null && STRING_RETURNING_METHODS.has(name));
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = getStaticPropertyName(value);
      return name === 'length' || name === 'size';
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = resolveVariable(file.sourceCode, value);
      return variable?.defs.some((def) => isPrimitiveDefinition(file, def.name, def.node)) ?? false;
    }
    default:
      return false;
  }
}

function isPrimitiveDefinition(file: FileWithGlobals, name: TSESTree.Node, declaration: TSESTree.Node): boolean {
  if (name.type === AST_NODE_TYPES.Identifier && name.typeAnnotation) {
    return PRIMITIVE_TYPE_NODES.has(name.typeAnnotation.typeAnnotation.type);
  }
  return declaration.type === AST_NODE_TYPES.VariableDeclarator && declaration.init !== null && isPrimitiveValue(file, declaration.init);
}

/**
 * The `Map` in a `Map<K, V>` annotation, to be renamed with the constructor. `undefined` when there is
 * no annotation, `false` when the annotation is something a weak twin cannot satisfy.
 */
function annotationTypeName(annotation: TSESTree.TypeNode | undefined, constructorName: string): TSESTree.Identifier | undefined | false {
  if (!annotation) return undefined;
  if (
    annotation.type !== AST_NODE_TYPES.TSTypeReference ||
    annotation.typeName.type !== AST_NODE_TYPES.Identifier ||
    annotation.typeName.name !== constructorName
  ) {
    return false;
  }
  const keyType = annotation.typeArguments?.params[0];
  if (keyType && PRIMITIVE_TYPE_NODES.has(keyType.type)) return false;
  return annotation.typeName;
}

/** `K` in a `Map<K, V>` / `Set<K>` annotation. */
function annotationKeyType(annotation: TSESTree.TypeNode | undefined): TSESTree.TypeNode | undefined {
  return annotation?.type === AST_NODE_TYPES.TSTypeReference ? annotation.typeArguments?.params[0] : undefined;
}
