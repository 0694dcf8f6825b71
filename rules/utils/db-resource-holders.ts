import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { climbWrappers, getStaticPropertyName, isFunctionNode, isTypeWrapper, skipTypeWrappers, type ValueWrappers } from './ast.js';
import { FACTORY_RELEASES } from './catalogs/db-factory-names.js';
import type { Kind } from './db-client-setup.js';
import type { FactoryCandidate } from './project-db-factories.js';
import { getEnclosingFunction, isModuleLevelVariable, resolveVariable } from './scope.js';
import { climbValue } from './thread-context.js';

/*
 * Who holds a database resource once it is acquired, and what each use of it does: uses it, releases
 * it, or hands it on (returned, stored, passed to a function the rule cannot see), which ends the
 * acquiring code's duty to close it.
 */

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;
type SourceCode = Readonly<TSESLint.SourceCode>;

export type Holder =
  | { type: 'owned' }
  | { type: 'discarded' }
  | {
      type: 'variable';
      variable: Variable;
      statement: Node;
      declaration: TSESTree.VariableDeclaration | null;
      /** `open().then((client) => …)`: the callback that receives the resource, where it is acquired. */
      callback?: TSESTree.FunctionLike;
    };

/** What counts as releasing the resource, and as using it without giving it away. */
export interface Usage {
  releases: ReadonlySet<string>;
  options: ReadonlySet<string>;
  methods: ReadonlySet<string>;
  /** The project module the resource came from: passing it to that module's functions only uses it. */
  wrapper: Variable | null;
  /**
   * A project factory's client, whose API is unknown: a handle derived from it and stored
   * (`mod.client = client.db()`) may keep it alive, so storing one hands the client on.
   */
  derivedHandles: boolean;
  key: string;
}

export type ReferenceEffect = { type: 'use' } | { type: 'escape' } | { type: 'release'; site: Node; method: string };

export type VariableHolder = Extract<Holder, { type: 'variable' }>;

/** The file being read, and what its local helpers do to a resource they are given, worked out once per helper. */
export interface ResourceReader {
  sourceCode: SourceCode;
  helperEffects: Map<Node, Map<string, ReferenceEffect['type']>>;
}

/** Calls that keep their callback for later: a closure passed to them outlives the current call. */
const REGISTRATION_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'addEventListener', 'subscribe']);
const TIMER_FUNCTIONS = new Set(['setInterval', 'setTimeout', 'setImmediate']);
/** What still is the resource around a use of it: type wrappers and `?.` chains, not `f<T>` (a resource is never a generic function). */
const SAME_RESOURCE: ValueWrappers = { instantiations: false, chains: true, awaits: false };

export function findHolder(reader: ResourceReader, node: Node): Holder | null {
  const value = climbValue(node);
  const parent = value.parent;
  if (!parent) return null;
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) return null;
      const declaration = parent.parent;
      if (declaration.kind === 'using' || declaration.kind === 'await using') return { type: 'owned' };
      const id = parent.id;
      const variable = reader.sourceCode.scopeManager?.getDeclaredVariables(parent).find((candidate) => candidate.identifiers.includes(id));
      if (!variable) return null;
      // A module-level binding is a singleton that lives with the module (or the thread): the recommended shape.
      if (isModuleLevelVariable(variable)) return { type: 'owned' };
      return { type: 'variable', variable, statement: declaration, declaration: declaration.declarations.length === 1 ? declaration : null };
    }
    case AST_NODE_TYPES.AssignmentExpression: {
      if (parent.right !== value || parent.operator !== '=') return null;
      // Stored on `this` or another object: whoever owns that object closes it.
      if (parent.left.type !== AST_NODE_TYPES.Identifier) return { type: 'owned' };
      const variable = resolveVariable(reader.sourceCode, parent.left);
      if (!variable || isModuleLevelVariable(variable)) return { type: 'owned' };
      const statement = parent.parent.type === AST_NODE_TYPES.ExpressionStatement ? parent.parent : parent;
      return { type: 'variable', variable, statement, declaration: null };
    }
    case AST_NODE_TYPES.ExpressionStatement:
      return { type: 'discarded' };
    case AST_NODE_TYPES.MemberExpression:
      return thenCallbackHolder(reader, parent);
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.SequenceExpression:
      // A chain or a choice: too little is known about what holds the result.
      return null;
    default:
      // Returned, passed on, stored in an object or array, yielded: ownership is handed on.
      return { type: 'owned' };
  }
}

/**
 * `open(dsn).then((connection) => connection.query(sql))`: the callback's parameter holds the
 * resource, acquired where the callback starts. Any other chain says too little.
 */
function thenCallbackHolder(reader: ResourceReader, member: TSESTree.MemberExpression): Holder | null {
  const call = member.parent;
  if (getStaticPropertyName(member) !== 'then' || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return null;
  const callback = call.arguments[0] && skipTypeWrappers(call.arguments[0]);
  const param = callback && isFunctionNode(callback) ? callback.params[0] : undefined;
  if (!callback || !isFunctionNode(callback) || !callback.body || param?.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = reader.sourceCode.scopeManager?.getDeclaredVariables(callback).find((candidate) => candidate.identifiers.includes(param));
  return variable ? { type: 'variable', variable, statement: callback.body, declaration: null, callback } : null;
}

/** What a use of the resource does to it. `helperDepth` stops the look into local helpers at one level. */
export function classifyReference(reader: ResourceReader, identifier: Node, usage: Usage, helperDepth: number): ReferenceEffect {
  const node = climbWrappers(identifier, SAME_RESOURCE);
  const parent = node.parent;
  if (!parent) return { type: 'use' };
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== node) return { type: 'escape' };
      const method = getStaticPropertyName(parent);
      const call = parent.parent;
      const isCall = call.type === AST_NODE_TYPES.CallExpression && call.callee === parent;
      if (isCall && method !== null && usage.releases.has(method)) return { type: 'release', site: call, method };
      return isCall && usage.derivedHandles && storesDerivedHandle(reader, call) ? { type: 'escape' } : { type: 'use' };
    }
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      if (parent.callee === node) return { type: 'use' }; // a callable client: `db('users')`, sql`…`
      const index = parent.arguments.indexOf(node as TSESTree.CallExpressionArgument);
      const method = parent.callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(parent.callee) : null;
      if (method !== null && usage.methods.has(method)) return { type: 'use' };
      if (method !== null && index !== -1 && isWrapperCall(reader, parent.callee, usage)) {
        return FACTORY_RELEASES.includes(method) ? { type: 'release', site: parent, method } : { type: 'use' };
      }
      if (index === -1 || parent.type === AST_NODE_TYPES.NewExpression || helperDepth > 0) return { type: 'escape' };
      const effect = helperEffect(reader, parent.callee, index, usage);
      return effect === 'release' ? { type: 'release', site: parent, method: '' } : { type: effect };
    }
    case AST_NODE_TYPES.LogicalExpression:
      return parent.parent.type === AST_NODE_TYPES.ExpressionStatement || isTestPosition(parent)
        ? { type: 'use' }
        : classifyReference(reader, parent, usage, helperDepth);
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === node ? { type: 'use' } : classifyReference(reader, parent, usage, helperDepth);
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return parent.tag === node ? { type: 'use' } : { type: 'escape' };
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.SwitchStatement:
    case AST_NODE_TYPES.AwaitExpression:
      return { type: 'use' };
    case AST_NODE_TYPES.Property: {
      // `{ session }` / `{ transaction: t }` in the options of a query: used for that call only.
      const key = getStaticPropertyName(parent);
      return parent.value === node && key !== null && usage.options.has(key) && isCallArgument(parent.parent)
        ? { type: 'use' }
        : { type: 'escape' };
    }
    case AST_NODE_TYPES.ForOfStatement:
      return parent.right === node ? { type: 'use' } : { type: 'escape' };
    default:
      return { type: 'escape' };
  }
}

/**
 * `const db = client.db(); …; mod.client = mod.client || db`: the result of a call on the client
 * is stored on an object or in module state, directly or through the variable that holds it.
 */
function storesDerivedHandle(reader: ResourceReader, call: Node): boolean {
  const value = climbValue(call);
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value) {
    if (parent.left.type !== AST_NODE_TYPES.Identifier) return true;
    const variable = resolveVariable(reader.sourceCode, parent.left);
    return !variable || isModuleLevelVariable(variable) || variable.references.some((reference) => isStoredReference(reader, reference.identifier));
  }
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== value) return false;
  const variables = reader.sourceCode.scopeManager?.getDeclaredVariables(parent) ?? [];
  return variables.some((variable) => variable.references.some((reference) => isStoredReference(reader, reference.identifier)));
}

/** `target.x = ref`, `target.x = target.x || ref`, `moduleVar = ref`. */
function isStoredReference(reader: ResourceReader, identifier: Node): boolean {
  let value: Node = identifier;
  while (
    value.parent &&
    (value.parent.type === AST_NODE_TYPES.LogicalExpression ||
      (value.parent.type === AST_NODE_TYPES.ConditionalExpression && value.parent.test !== value) ||
      isTypeWrapper(value.parent, SAME_RESOURCE))
  ) {
    value = value.parent;
  }
  const parent = value.parent;
  if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.right !== value) return false;
  if (parent.left.type !== AST_NODE_TYPES.Identifier) return true;
  const variable = resolveVariable(reader.sourceCode, parent.left);
  return !variable || isModuleLevelVariable(variable);
}

/** `rdb.info(client)`: a function of the project module the client came from. */
function isWrapperCall(reader: ResourceReader, callee: Node, usage: Usage): boolean {
  if (!usage.wrapper || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipTypeWrappers(callee.object);
  return object.type === AST_NODE_TYPES.Identifier && resolveVariable(reader.sourceCode, object) === usage.wrapper;
}

/**
 * A local function given the resource: it releases it (a cleanup helper), only uses it, or lets
 * it escape. A function we cannot see takes ownership.
 */
function helperEffect(reader: ResourceReader, callee: Node, index: number, usage: Usage): ReferenceEffect['type'] {
  const fn = resolveLocalFunction(reader, callee);
  const param = fn?.params[index];
  const name = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  if (!fn || name?.type !== AST_NODE_TYPES.Identifier) return 'escape';
  let cache = reader.helperEffects.get(fn);
  if (!cache) reader.helperEffects.set(fn, (cache = new Map<string, ReferenceEffect['type']>()));
  const cacheKey = `${index}:${usage.key}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const variable = reader.sourceCode.scopeManager?.getDeclaredVariables(fn).find((candidate) => candidate.identifiers.includes(name));
  let effect: ReferenceEffect['type'] = variable ? 'use' : 'escape';
  for (const reference of variable?.references ?? []) {
    if (!reference.isRead()) continue;
    const result = classifyReference(reader, reference.identifier, usage, 1).type;
    if (result === 'release') effect = 'release';
    else if (result === 'escape' && effect !== 'release') effect = 'escape';
  }
  cache.set(cacheKey, effect);
  return effect;
}

function resolveLocalFunction(reader: ResourceReader, callee: Node): TSESTree.FunctionLike | null {
  if (callee.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(reader.sourceCode, callee);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.node.type === AST_NODE_TYPES.FunctionDeclaration) return definition.node;
  if (definition?.node.type === AST_NODE_TYPES.VariableDeclarator && definition.node.init) {
    const init = skipTypeWrappers(definition.node.init);
    if (isFunctionNode(init)) return init;
  }
  return null;
}

/** Where a release runs relative to the acquiring function: inline, in a promise callback, or deferred to a later event. */
export function releaseCallback(site: Node, acquiredIn: TSESTree.FunctionLike | null): 'inline' | 'finally' | 'deferred' {
  const fn = getEnclosingFunction(site);
  if (fn === acquiredIn) return 'inline';
  const call = fn?.parent;
  if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
    const method = call.callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(call.callee) : null;
    if (method === 'finally') return 'finally';
    if ((method === 'then' || method === 'catch') && getEnclosingFunction(call) === acquiredIn) return 'inline';
  }
  return 'deferred';
}

export function isCapturedByRegistration(identifier: Node, acquiredIn: Node | null): boolean {
  const fn = getEnclosingFunction(identifier);
  if (!fn || fn === acquiredIn) return false;
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return TIMER_FUNCTIONS.has(callee.name);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
  return method !== null && REGISTRATION_METHODS.has(method);
}

export function usageOf(kinds: readonly Kind[], factory: FactoryCandidate | undefined): Usage {
  const releases = new Set(kinds.flatMap((kind) => kind.release));
  const wrapper = factory?.wrapper ?? null;
  return {
    releases,
    options: new Set(kinds.flatMap((kind) => kind.passedAs?.options ?? [])),
    methods: new Set(kinds.flatMap((kind) => kind.passedAs?.methods ?? [])),
    wrapper,
    derivedHandles: factory !== undefined,
    key: [...releases].join(',') + (wrapper ? `|${wrapper.name}@${wrapper.identifiers[0]?.range[0] ?? ''}` : ''),
  };
}

/** An object literal that is (or sits in) an argument of a call: an options bag. */
function isCallArgument(node: Node): boolean {
  let current = node;
  while (current.parent?.type === AST_NODE_TYPES.Property || current.parent?.type === AST_NODE_TYPES.ObjectExpression) {
    current = current.parent;
  }
  const parent = current.parent;
  return (
    (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) &&
    parent.arguments.includes(current as TSESTree.CallExpressionArgument)
  );
}

function isTestPosition(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  return (
    ((parent.type === AST_NODE_TYPES.IfStatement ||
      parent.type === AST_NODE_TYPES.WhileStatement ||
      parent.type === AST_NODE_TYPES.ConditionalExpression) &&
      parent.test === node) ||
    (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!')
  );
}
