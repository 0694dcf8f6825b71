import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import { ONE_SHOT_METHODS, SYNCHRONOUS_ITERATION_METHODS } from './catalogs/callback-runs.js';
import { type GrowthSite, grownValues } from './collection-growth.js';
import { type FileWithGlobals, globalCalleePath } from './global-references.js';
import { isFreshHandle, isPerCallParameter, isReadOffPerCallInput, keyDomainOf, namesTrafficIdentity } from './key-domain.js';
import { type RunFrequencyAnalysis } from './run-frequency.js';
import { resolveVariable, type SourceCode, type Variable } from './scope.js';

const { DefinitionType } = TSESLint.Scope;


/** Whether the arguments a function's callers in this file pass come from the traffic. */
export type CallerTraffic = 'traffic' | 'code' | 'no-callers';

/**
 * What tracing keys back to their source needs, per file: the run-frequency model (a function handed
 * to an emitter is called with the traffic), the callers' answers memoised per parameter, and the
 * steps spent so far against the file's budget.
 */
export interface KeyTracer extends FileWithGlobals {
  readonly runs: RunFrequencyAnalysis;
  readonly callerTraffic: Map<string, CallerTraffic>;
  keyTraceSteps: number;
}

/** How far a key is traced back through variables, parameters and call sites before giving up. */
const MAX_KEY_TRACE_DEPTH = 6;
/** Steps of key tracing per file: a file with huge call fan-in gets a conservative answer, never a slow one. */
const KEY_TRACE_BUDGET = 20_000;
/** How far a singleton's key is traced for a name of the traffic: `const key = `${user.id}:${action}``. */
const MAX_IDENTITY_TRACE_DEPTH = 3;

/** Keys drawn from the program's own definitions are bounded by the code, not by the traffic. */
export function isCodeBoundedKey(sourceCode: SourceCode, key: TSESTree.Node, depth = 0): boolean {
  const value = skipTypeWrappers(key);
  if (depth > MAX_KEY_TRACE_DEPTH) return false;
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.MetaProperty:
      return true;
    case AST_NODE_TYPES.TemplateLiteral:
      return value.expressions.length === 0;
    case AST_NODE_TYPES.UnaryExpression:
      return value.operator === 'typeof';
    case AST_NODE_TYPES.MemberExpression: {
      const name = getStaticPropertyName(value);
      if (name === 'constructor' || name === 'prototype') return true;
      const object = skipTypeWrappers(value.object);
      return object.type === AST_NODE_TYPES.Identifier && isEnumReference(sourceCode, object);
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = resolveVariable(sourceCode, value);
      if (!variable) return false;
      if (isSingleDefinition(variable) || isUsedAsClass(variable)) return true;
      // `const code = 'LRU_CACHE_UNBOUNDED'; warned.add(code)`: a local constant of a constant.
      const def = variable.defs[0];
      return (
        variable.defs.length === 1 &&
        def?.type === DefinitionType.Variable &&
        def.parent.kind === 'const' &&
        def.node.init !== null &&
        isCodeBoundedKey(sourceCode, def.node.init, depth + 1)
      );
    }
    default:
      return false;
  }
}

/**
 * Code whose callers are in other files (an exported function, a static method of an exported
 * class) may run per request or once at startup; the growth itself must show it is per call:
 * a key that names an identity (`userId`, `license.id`, `token`), or a value read off a handler's
 * per-call input (`req.url`, `job.data`). Registries of hooks and handlers filled at boot show neither.
 */
export function hasPerCallEvidence(sourceCode: SourceCode, site: GrowthSite): boolean {
  if (site.key !== null && keyDomainOf(site.key) === 'identity') return true;
  return grownValues(site).some(
    (value) =>
      isReadOffPerCallInput(sourceCode, value) ||
      keyDomainOf(value) === 'identity' ||
      isInstanceOfPerCallInput(value) ||
      isFreshValue(sourceCode, value),
  );
}

/**
 * A singleton's growth with callers in other files: the key names who the traffic brings
 * (`token`, `session.id`, `user.email`), or the key or value is read off a handler's per-call input.
 * An entity's id (`task.id`, `assetPath`) grows with the data, which usually stops.
 */
export function hasTrafficEvidence(sourceCode: SourceCode, site: GrowthSite): boolean {
  if (site.key !== null) return isTrafficIdentityKey(sourceCode, site.key, 0) || isReadOffPerCallInput(sourceCode, site.key);
  return grownValues(site).some((value) => isReadOffPerCallInput(sourceCode, value) || isFreshValue(sourceCode, value));
}

/** `randomUUID()`, `new Socket()`, or a `const` holding one: a value made fresh per call. */
export function isFreshValue(sourceCode: SourceCode, value: TSESTree.Node): boolean {
  return isFreshHandle(value, (identifier) => constInitializer(sourceCode, identifier));
}

/**
 * A key that differs from one request to the next: derived from a handler's or method's parameters,
 * or fresh per call (`randomUUID()`, `new X()`, `counter++`). Keys traced back to code, module state
 * or parameters of exported functions (whose callers are elsewhere) are not, by default.
 */
export function isTrafficKey(tracer: KeyTracer, node: TSESTree.Node, depth: number, viaMember = false): boolean {
  if (depth > MAX_KEY_TRACE_DEPTH || ++tracer.keyTraceSteps > KEY_TRACE_BUDGET) return false;
  const value = skipTypeWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.MetaProperty:
    case AST_NODE_TYPES.Super:
      return false;
    case AST_NODE_TYPES.TemplateLiteral:
      return value.expressions.some((expression) => isTrafficKey(tracer, expression, depth + 1));
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return isTrafficKey(tracer, value.left, depth + 1) || isTrafficKey(tracer, value.right, depth + 1);
    case AST_NODE_TYPES.ConditionalExpression:
      return isTrafficKey(tracer, value.consequent, depth + 1) || isTrafficKey(tracer, value.alternate, depth + 1);
    case AST_NODE_TYPES.UnaryExpression:
      return value.operator !== 'typeof' && isTrafficKey(tracer, value.argument, depth + 1);
    case AST_NODE_TYPES.AwaitExpression:
      return isTrafficKey(tracer, value.argument, depth + 1);
    case AST_NODE_TYPES.ChainExpression:
      return isTrafficKey(tracer, value.expression, depth + 1);
    case AST_NODE_TYPES.MemberExpression: {
      const name = getStaticPropertyName(value);
      return name !== 'constructor' && name !== 'prototype' && isTrafficKey(tracer, value.object, depth + 1, true);
    }
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTypeWrappers(value.callee);
      const fromArguments = value.arguments.some((argument) => isTrafficKey(tracer, argument, depth + 1));
      if (callee.type === AST_NODE_TYPES.MemberExpression) return fromArguments || isTrafficKey(tracer, callee.object, depth + 1);
      return value.arguments.length === 0 || fromArguments; // `randomUUID()`: fresh per call
    }
    case AST_NODE_TYPES.ThisExpression:
      return !isStaticThis(value); // instances come and go with the traffic; the class does not
    case AST_NODE_TYPES.Identifier:
      return isTrafficVariable(tracer, value, depth, viaMember);
    case AST_NODE_TYPES.SpreadElement:
      return isTrafficKey(tracer, value.argument, depth + 1);
    default:
      // Object and array literals, `new X()`, closures, `counter++`: a fresh value per call.
      return true;
  }
}

/** `viaMember`: the key is read off this binding (`req.id`, `const { id } = req`), not the binding itself. */
function isTrafficVariable(tracer: KeyTracer, identifier: TSESTree.Identifier, depth: number, viaMember: boolean): boolean {
  const variable = resolveVariable(tracer.sourceCode, identifier);
  const def = variable?.defs[0];
  if (!variable || !def || variable.scope.block.type === AST_NODE_TYPES.Program) return false;
  switch (def.type) {
    case DefinitionType.Parameter: {
      const fn = def.node as TSESTree.FunctionLike;
      const isDestructured = !fn.params.some((parameter) => parameter === def.name);
      return isTrafficParameter(tracer, fn, def.name, depth, viaMember || isDestructured);
    }
    case DefinitionType.CatchClause:
      return true;
    case DefinitionType.Variable: {
      const loop = def.parent.parent;
      if (
        (loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) &&
        loop.left === def.parent
      ) {
        return isTrafficKey(tracer, loop.right, depth + 1);
      }
      if (!def.node.init) return true;
      const isDestructured = def.node.id.type !== AST_NODE_TYPES.Identifier;
      return (
        isTrafficKey(tracer, def.node.init, depth + 1, isDestructured) ||
        (def.parent.kind !== 'const' && variable.references.some((reference) => reference.isWrite() && !reference.init))
      );
    }
    default:
      return false;
  }
}

/**
 * Where a function's parameters come from: a handler's arguments, or its callers in this file. An
 * exported function with no caller here is an entry point: a key read off its parameter (`req.id`,
 * `job.data.userId`) comes from the structured input of each call, while a key that is the parameter
 * itself (`getTypeParser(oid)`, `logOnce(message)`) is a lookup whose key space the callers decide.
 */
function isTrafficParameter(tracer: KeyTracer, fn: TSESTree.FunctionLike, name: TSESTree.Node, depth: number, viaMember: boolean): boolean {
  const index = fn.params.findIndex((parameter) => parameter.range[0] <= name.range[0] && name.range[1] <= parameter.range[1]);
  const outer = skipParentTypeWrappers(fn);
  const parent = outer.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      if (parent.callee === outer) {
        const argument = parent.arguments[index]; // an IIFE's parameters are its arguments
        return argument !== undefined && isTrafficKey(tracer, argument, depth + 1);
      }
      const callee = skipTypeWrappers(parent.callee);
      if (parent.type === AST_NODE_TYPES.NewExpression) return globalCalleePath(callee, tracer.globals) !== 'Promise';
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return true;
      const method = getStaticPropertyName(callee);
      // `items.forEach((item) => …)`, `load().then((rows) => …)`: the values come from the receiver.
      if (method !== null && (SYNCHRONOUS_ITERATION_METHODS.has(method) || ONE_SHOT_METHODS.has(method))) {
        // Reading `.id` off an element is reading it off the collection it came from.
        return (
          isTrafficKey(tracer, callee.object, depth + 1, viaMember) ||
          parent.arguments.some((argument) => argument !== outer && isTrafficKey(tracer, argument, depth + 1))
        );
      }
      return true; // a handler's `req`, `socket`, `message`
    }
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
      return !parent.static || viaMember;
    case AST_NODE_TYPES.Property:
      return true;
    default: {
      const fromCallers = trafficFromCallers(tracer, fn, index, depth);
      return fromCallers === 'traffic' || (fromCallers === 'no-callers' && viaMember);
    }
  }
}

/** A named function: the arguments its callers in this file pass, or any use as a callback. */
function trafficFromCallers(tracer: KeyTracer, fn: TSESTree.FunctionLike, index: number, depth: number): CallerTraffic {
  // Memoised per parameter (and 'code' while in progress, for recursion), so fan-in is paid once.
  const key = `${fn.range[0]}:${index}`;
  const known = tracer.callerTraffic.get(key);
  if (known) return known;
  tracer.callerTraffic.set(key, 'code');
  const result = computeTrafficFromCallers(tracer, fn, index, depth);
  tracer.callerTraffic.set(key, result);
  return result;
}

function computeTrafficFromCallers(tracer: KeyTracer, fn: TSESTree.FunctionLike, index: number, depth: number): CallerTraffic {
  const variable = functionVariable(tracer.sourceCode, fn);
  if (!variable) return 'no-callers';
  let called = false;
  for (const reference of variable.references) {
    if (reference.init || !reference.isRead()) continue;
    const identifier = skipParentTypeWrappers(reference.identifier);
    const parent = identifier.parent;
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === identifier) {
      called = true;
      const argument = parent.arguments[index];
      if (argument && isTrafficKey(tracer, argument, depth + 1)) return 'traffic';
    } else if (
      (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
      tracer.runs.ofCallbackArgument(parent).level === 'repeats'
    ) {
      return 'traffic'; // handed to an emitter or router as a handler
    }
  }
  return called ? 'code' : 'no-callers';
}

/** `token`, `` `${user.id}:${action}` ``, or a `const` holding one of those. */
function isTrafficIdentityKey(sourceCode: SourceCode, key: TSESTree.Node, depth: number): boolean {
  const value = skipTypeWrappers(key);
  if (namesTrafficIdentity(value)) return true;
  if (depth >= MAX_IDENTITY_TRACE_DEPTH) return false;
  const next = (part: TSESTree.Node) => isTrafficIdentityKey(sourceCode, part, depth + 1);
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.expressions.some(next);
  if (value.type === AST_NODE_TYPES.BinaryExpression) return next(value.left) || next(value.right);
  const initializer = value.type === AST_NODE_TYPES.Identifier ? constInitializer(sourceCode, value) : null;
  return initializer !== null && next(initializer);
}

/** The initializer of the `const` an identifier names, for tracing a value one step back. */
function constInitializer(sourceCode: SourceCode, identifier: TSESTree.Identifier): TSESTree.Node | null {
  const definition = resolveVariable(sourceCode, identifier)?.defs[0];
  if (definition?.type !== DefinitionType.Variable || definition.parent.kind !== 'const') return null;
  return definition.node.init;
}

/**
 * `all.add(this)` in a constructor that takes a request, a socket or a job (`constructor(socket: Socket)`):
 * one instance per connection or job.
 */
function isInstanceOfPerCallInput(value: TSESTree.Node): boolean {
  if (skipTypeWrappers(value).type !== AST_NODE_TYPES.ThisExpression) return false;
  for (let current = value.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionExpression && current.parent.type === AST_NODE_TYPES.MethodDefinition) {
      return current.parent.kind === 'constructor' && current.params.some(isPerCallParameter);
    }
  }
  return false;
}

function isStaticThis(node: TSESTree.ThisExpression): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.StaticBlock) return true;
    if (current.type === AST_NODE_TYPES.PropertyDefinition) return current.static;
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) {
      return current.parent.type === AST_NODE_TYPES.MethodDefinition && current.parent.static;
    }
    if (current.type === AST_NODE_TYPES.Program) return true;
  }
  return true;
}

/** `new cls()` or `x instanceof cls`: the key is a class, and classes are bounded by the code. */
function isUsedAsClass(variable: Variable): boolean {
  return variable.references.some(({ identifier }) => {
    const parent = identifier.parent;
    return (
      (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === identifier) ||
      (parent?.type === AST_NODE_TYPES.BinaryExpression && parent.operator === 'instanceof' && parent.right === identifier)
    );
  });
}

function isEnumReference(sourceCode: SourceCode, identifier: TSESTree.Identifier): boolean {
  const variable = resolveVariable(sourceCode, identifier);
  return variable?.defs.some((def) => def.type === DefinitionType.TSEnumName) ?? false;
}

/** A class, function, import, enum or module-level `const`: one value for the process. */
function isSingleDefinition(variable: Variable): boolean {
  return variable.defs.some((def) => {
    if (
      def.type === DefinitionType.ClassName ||
      def.type === DefinitionType.FunctionName ||
      def.type === DefinitionType.ImportBinding ||
      def.type === DefinitionType.TSEnumName
    ) {
      return true;
    }
    return def.type === DefinitionType.Variable && def.parent.kind === 'const' && variable.scope.block.type === AST_NODE_TYPES.Program;
  });
}

/** The binding of `function f() {}` or `const f = () => {}`. */
function functionVariable(sourceCode: SourceCode, fn: TSESTree.FunctionLike): Variable | undefined {
  const manager = sourceCode.scopeManager;
  if (!manager) return undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id ? manager.getDeclaredVariables(fn)[0] : undefined;
  const parent = skipParentTypeWrappers(fn).parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    return manager.getDeclaredVariables(parent)[0];
  }
  return undefined;
}
