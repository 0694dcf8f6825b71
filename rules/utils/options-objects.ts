/**
 * Which object literals are options handed to code (a call's argument, an export, a config factory's
 * result, a perf branch of an environment-keyed config) rather than data (`rows.push({…})`,
 * `expect(x).toEqual({…})`), and the small lookups around them: an argument's object through a
 * const, the last property of a name, the objects a file exports.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import type { PerfContext } from './perf-context.js';
import { getEnclosingFunction, resolveVariable } from './scope.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
/** A property found, 'unknown' when a spread may set it, or null when it is absent. */
export type FoundProperty = TSESTree.Property | 'unknown' | null;

/** What the options-position test needs: the file, its perf branches, and the answers so far. */
export interface OptionsObjectScope {
  readonly sourceCode: SourceCode;
  readonly perf: Pick<PerfContext, 'isPerfBranchProperty' | 'isProcessEnv'>;
  /** Answers per object literal, one map per file. */
  readonly optionsObjects: Map<TSESTree.Node, boolean>;
}

const { DefinitionType } = TSESLint.Scope;
/** Methods whose object arguments are stored, compared or sent as data. */
const DATA_METHODS = new Set([
  'push',
  'unshift',
  'splice',
  'concat',
  'includes',
  'indexOf',
  'fill',
  'toEqual',
  'toStrictEqual',
  'toMatchObject',
  'toBe',
  'deepEqual',
  'deepStrictEqual',
  'equal',
  'strictEqual',
  'eql',
  'stringify',
  'json',
  'send',
  'write',
]);

/** Whether an object literal is options handed to code (an argument, an export, a perf branch), not data. */
export function isOptionsObject(scope: OptionsObjectScope, object: TSESTree.ObjectExpression): boolean {
  const known = scope.optionsObjects.get(object);
  if (known !== undefined) return known;
  scope.optionsObjects.set(object, false); // cycle guard: `const a = { b: a }`
  const result = isOptionsPosition(scope, object);
  scope.optionsObjects.set(object, result);
  return result;
}

function isOptionsPosition(scope: OptionsObjectScope, node: TSESTree.Node): boolean {
  const outer = skipParentTypeWrappers(node);
  const parent = outer.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee !== outer && !isDataSink(parent);
    case AST_NODE_TYPES.Property:
      return (
        parent.value === outer &&
        parent.parent.type === AST_NODE_TYPES.ObjectExpression &&
        (scope.perf.isPerfBranchProperty(parent) || isOptionsObject(scope, parent.parent))
      );
    case AST_NODE_TYPES.SpreadElement:
      return parent.parent.type === AST_NODE_TYPES.ObjectExpression && isOptionsObject(scope, parent.parent);
    case AST_NODE_TYPES.ExportDefaultDeclaration:
    case AST_NODE_TYPES.ExportSpecifier:
      return true;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === outer && isModuleExports(parent.left);
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === outer && isOptionsVariable(scope, parent);
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test !== outer && isOptionsPosition(scope, parent);
    case AST_NODE_TYPES.LogicalExpression:
      return isOptionsPosition(scope, parent);
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === outer && isOptionsPosition(scope, parent);
    case AST_NODE_TYPES.ReturnStatement: {
      const fn = getEnclosingFunction(parent);
      return fn !== null && isConfigFactory(scope, fn);
    }
    default:
      return false;
  }
}

function isConfigFactory(scope: OptionsObjectScope, fn: TSESTree.FunctionLike): boolean {
  if (fn.type !== AST_NODE_TYPES.FunctionDeclaration) return isOptionsPosition(scope, fn);
  const parent = fn.parent;
  return parent.type === AST_NODE_TYPES.ExportNamedDeclaration || parent.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

/** `const config = {…}` that is exported or handed on as options somewhere in the file. */
function isOptionsVariable(scope: OptionsObjectScope, declarator: TSESTree.VariableDeclarator): boolean {
  if (declarator.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
  return scope.sourceCode
    .getDeclaredVariables(declarator)
    .some((variable) =>
      variable.references.some((reference) => !reference.init && isOptionsPosition(scope, reference.identifier)),
    );
}

/** `rows.push({…})`, `expect(x).toEqual({…})`, `res.json({…})`: the object is data, not options. */
function isDataSink(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getStaticPropertyName(callee);
  return method !== null && DATA_METHODS.has(method);
}

/** Arguments that cannot be an options object: strings, templates, `process.env.X`, consts of those. */
export function isPlainArgument(scope: Omit<OptionsObjectScope, 'optionsObjects'>, argument: TSESTree.Node, depth: number): boolean {
  const node = skipTypeWrappers(argument);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return scope.perf.isProcessEnv(node.object);
    case AST_NODE_TYPES.LogicalExpression:
      return isPlainArgument(scope, node.left, depth) && isPlainArgument(scope, node.right, depth);
    case AST_NODE_TYPES.Identifier: {
      const def = resolveVariable(scope.sourceCode, node)?.defs[0];
      const init = def?.type === DefinitionType.Variable && def.node.id.type === AST_NODE_TYPES.Identifier ? def.node.init : null;
      return depth < 3 && init !== null && isPlainArgument(scope, init, depth + 1);
    }
    default:
      return false;
  }
}

/** An object literal argument, or a const bound to one (`const options = {…}; new DataSource(options)`). */
export function resolveObject(sourceCode: SourceCode, node: TSESTree.Node): TSESTree.ObjectExpression | null {
  const target = skipTypeWrappers(node);
  if (target.type === AST_NODE_TYPES.ObjectExpression) return target;
  if (target.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(sourceCode, target);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  if (variable.references.filter((reference) => reference.isWrite()).length > 1) return null;
  const init = skipTypeWrappers(def.node.init);
  return init.type === AST_NODE_TYPES.ObjectExpression ? init : null;
}

/** The last property named `name`; 'unknown' when a spread after it (or without it) may set it. */
export function findProperty(object: TSESTree.ObjectExpression, name: string): FoundProperty {
  let found: FoundProperty = null;
  for (const element of object.properties) {
    if (element.type === AST_NODE_TYPES.SpreadElement) found = 'unknown';
    else if (getStaticPropertyName(element) === name) found = element;
  }
  return found;
}

/** The object literals a file exports: `export default {…}`, `module.exports = config`. */
export function exportedObjects(sourceCode: SourceCode): TSESTree.ObjectExpression[] {
  const objects: TSESTree.ObjectExpression[] = [];
  for (const statement of sourceCode.ast.body) {
    let value: TSESTree.Node | null = null;
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) value = statement.declaration;
    else if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression) {
      if (isModuleExports(statement.expression.left)) value = statement.expression.right;
    }
    const object = value ? resolveObject(sourceCode, value) : null;
    if (object) objects.push(object);
  }
  return objects;
}

/** `module.exports`, `exports.x`, `module.exports.x` (by name: a local `module` counts too). */
function isModuleExports(node: TSESTree.Node): boolean {
  const target = skipTypeWrappers(node);
  if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipTypeWrappers(target.object);
  if (object.type === AST_NODE_TYPES.Identifier) {
    return object.name === 'exports' || (object.name === 'module' && getStaticPropertyName(target) === 'exports');
  }
  return isModuleExports(object);
}
