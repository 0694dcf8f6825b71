import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { decoratorsOf, getStaticPropertyName, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import { getImportedBinding } from './imports.js';
import { isModuleLevelVariable, runsRepeatedly } from './scope.js';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;
type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/** NestJS decorators whose class is a provider managed by the container, singleton unless a scope says otherwise. */
const NEST_PROVIDER_DECORATORS: Readonly<Record<string, readonly string[]>> = {
  '@nestjs/common': ['Injectable', 'Controller'],
  '@nestjs/graphql': ['Resolver'],
};
/** Tokens whose injection makes a provider request-scoped, whatever its decorator says (scope bubbling). */
const REQUEST_TOKENS: Readonly<Record<string, readonly string[]>> = {
  '@nestjs/core': ['REQUEST', 'INQUIRER'],
  '@nestjs/graphql': ['CONTEXT'],
};

/** How a DI container creates a class: one instance, one per request, one per consumer; null when no container manages it. */
export type InjectionScope = 'singleton' | 'request' | 'transient' | 'unknown';

/**
 * The NestJS scope of a class: `@Injectable()` (and `@Controller()`, `@Resolver()`) providers are
 * singletons unless `scope: Scope.REQUEST | Scope.TRANSIENT` says otherwise, or a constructor
 * parameter injects the request (`@Inject(REQUEST)`), which makes the provider request-scoped.
 * A scope Nest cannot read statically (`scope: config.scope`) is `unknown`.
 */
export function getInjectionScope(sourceCode: SourceCode, classNode: ClassNode): InjectionScope | null {
  let scope: InjectionScope | null = null;
  for (const decorator of decoratorsOf(classNode)) {
    const call = decorator.expression;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier) continue;
    const imported = getImportedBinding(sourceCode, call.callee);
    if (!imported || !NEST_PROVIDER_DECORATORS[imported.module]?.includes(imported.name)) continue;
    scope = scopeOption(call.arguments);
  }
  if (scope === null || scope === 'request') return scope;
  return injectsRequest(sourceCode, classNode) ? 'request' : scope;
}

/**
 * Why a class is a singleton, as words a message can quote, or null: a NestJS provider in singleton
 * scope, or a class that the file instantiates only in load-time code (`export default new X()`,
 * `export const x = new X()`, `const x = new X()` at module level) and never hands out as a value.
 * An exported class counts only when the file also exports its instance: then the module's design is
 * one instance, even though another module could in principle construct a second one.
 */
export function getSingletonEvidence(sourceCode: SourceCode, classNode: ClassNode): string | null {
  if (getInjectionScope(sourceCode, classNode) === 'singleton') {
    const decorator = decoratorsOf(classNode).find((node) => node.expression.type === AST_NODE_TYPES.CallExpression);
    const name = decorator && decorator.expression.type === AST_NODE_TYPES.CallExpression ? sourceCode.getText(decorator.expression.callee) : 'Injectable';
    return `a '@${name}()' provider in singleton scope`;
  }
  return moduleInstanceEvidence(sourceCode, classNode);
}

function moduleInstanceEvidence(sourceCode: SourceCode, classNode: ClassNode): string | null {
  const holder = classNode.parent;
  // `export default new (class { … })()`.
  if (classNode.type === AST_NODE_TYPES.ClassExpression && holder.type === AST_NODE_TYPES.NewExpression && holder.callee === classNode) {
    return runsRepeatedly(sourceCode.getScope(holder)) ? null : `instantiated once at module level (line ${holder.loc.start.line})`;
  }
  const variable = classVariable(sourceCode, classNode);
  if (!variable || !isModuleLevelVariable(variable)) return null;
  let firstInstance: TSESTree.NewExpression | null = null;
  let exportsInstance = false;
  for (const reference of variable.references) {
    // Type positions (`flags: FeatureFlags`) create nothing.
    if (reference.init || !reference.isValueReference) continue;
    const use = skipParentTypeWrappers(reference.identifier);
    const parent = use.parent;
    if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === use) {
      if (runsRepeatedly(sourceCode.getScope(parent))) return null;
      firstInstance ??= parent;
      exportsInstance ||= isExportedValue(parent);
      continue;
    }
    // `Owner.create()`, `Owner.name`: static members do not create instances the file cannot see.
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === use) continue;
    // Anything else (passed to a factory, a container, `extends Owner`) may create more instances.
    return null;
  }
  if (!firstInstance) return null;
  const declaration = classNode.type === AST_NODE_TYPES.ClassDeclaration ? classNode : holder;
  if (isExported(declaration) && !exportsInstance) return null;
  return exportsInstance
    ? `exported as a single instance (line ${firstInstance.loc.start.line})`
    : `instantiated once at module level (line ${firstInstance.loc.start.line})`;
}

/** The module-level binding of a class (a declaration also binds its name inside itself). */
function classVariable(sourceCode: SourceCode, classNode: ClassNode): Variable | null {
  if (classNode.type === AST_NODE_TYPES.ClassDeclaration) {
    return sourceCode.getDeclaredVariables(classNode).find((declared) => declared.scope.block !== classNode) ?? null;
  }
  const holder = classNode.parent;
  if (holder.type !== AST_NODE_TYPES.VariableDeclarator || holder.id.type !== AST_NODE_TYPES.Identifier) return null;
  return sourceCode.getDeclaredVariables(holder)[0] ?? null;
}

/** `export default new X()`, `export const x = new X()`, `module.exports = new X()`, `exports.x = new X()`. */
function isExportedValue(instance: TSESTree.NewExpression): boolean {
  const parent = skipParentTypeWrappers(instance).parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator) return isExported(parent.parent);
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    const object = skipTypeWrappers(parent.left.object);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') return true;
    return object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && getStaticPropertyName(parent.left) === 'exports';
  }
  return false;
}

function isExported(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

function scopeOption(args: readonly TSESTree.CallExpressionArgument[]): InjectionScope {
  for (const argument of args) {
    const options = skipTypeWrappers(argument);
    if (options.type !== AST_NODE_TYPES.ObjectExpression) continue;
    for (const property of options.properties) {
      if (property.type !== AST_NODE_TYPES.Property || getStaticPropertyName(property) !== 'scope') continue;
      const value = skipTypeWrappers(property.value);
      const name = value.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(value) : null;
      if (name === 'DEFAULT') return 'singleton';
      if (name === 'REQUEST') return 'request';
      if (name === 'TRANSIENT') return 'transient';
      return 'unknown';
    }
  }
  return 'singleton';
}

/** `constructor(@Inject(REQUEST) private readonly request: Request)`. */
function injectsRequest(sourceCode: SourceCode, classNode: ClassNode): boolean {
  const constructor = classNode.body.body.find(
    (member): member is TSESTree.MethodDefinition => member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor',
  );
  return constructor?.value.params.some((param) => isRequestInjection(param, sourceCode)) ?? false;
}

/** A constructor parameter injected with the current request (`@Inject(REQUEST)`, `@Inject(CONTEXT)`): an object of the request, not a service. */
export function isRequestInjection(parameter: TSESTree.Parameter, sourceCode: SourceCode): boolean {
  const decorated = parameter.type === AST_NODE_TYPES.TSParameterProperty ? [parameter, parameter.parameter] : [parameter];
  return decorated.some((node) =>
    decoratorsOf(node).some((decorator) => {
      const call = decorator.expression;
      const token = call.type === AST_NODE_TYPES.CallExpression ? call.arguments[0] : undefined;
      if (token?.type !== AST_NODE_TYPES.Identifier) return false;
      const imported = getImportedBinding(sourceCode, token);
      return imported !== null && (REQUEST_TOKENS[imported.module]?.includes(imported.name) ?? false);
    }),
  );
}
