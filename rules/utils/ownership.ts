import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode } from './ast.js';

/**
 * Whether a listener is part of building an object the function hands back: a factory that wires
 * its product to a bus, naming it in the event or the handler (`const cache = {…};
 * pubsub.on(\`${cache.name}:reset\`, () => reset()); return cache;`). The caller owns the product and
 * its lifetime, so the registration belongs to it: the same ownership rule that keeps a returned
 * resource from being reported as leaked here.
 */
export function servesReturnedObject(sourceCode: Readonly<TSESLint.SourceCode>, registration: TSESTree.CallExpression): boolean {
  const factory = enclosingFunction(registration);
  if (!factory || factory.body?.type !== AST_NODE_TYPES.BlockStatement) return false;
  const scope = sourceCode.scopeManager?.acquire(factory);
  if (!scope) return false;
  for (const statement of factory.body.body) {
    if (statement.type !== AST_NODE_TYPES.ReturnStatement || statement.argument?.type !== AST_NODE_TYPES.Identifier) continue;
    const product = scope.set.get(statement.argument.name);
    // The handler or the event name mentions the product (`\`${cache.name}:reset\``): it is wired per product.
    if (product?.references.some((reference) => registration.arguments.some((argument) => isWithin(reference.identifier, argument)))) {
      return true;
    }
  }
  return false;
}

function enclosingFunction(node: TSESTree.Node): TSESTree.FunctionLike | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return null;
}

function isWithin(inner: TSESTree.Node, outer: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}
