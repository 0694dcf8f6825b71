import { resolveVariable } from './scope.js';
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { climbWrappers, getStaticPropertyName, isFunctionNode, skipTypeWrappers, type ValueWrappers } from './ast.js';
import type { TaskRunnerEntry } from './catalogs/task-runners.js';
import { WORKER_THREADS } from './catalogs/task-runners.js';
import { CALL, CONSTRUCT, READ, iterateModuleReferences, type TraceMap } from './imports.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** An invocation of a module export, as the catalogs write it. */
export interface ExportInvocation {
  /** Dotted path below the module; `''` is the module itself (default import or `require()` result). */
  path: string;
  invocation: 'new' | 'call' | 'any';
}

/**
 * A ReferenceTracker trace map for catalog entries: each (module, path, invocation) gets a list of
 * infos, so two entries on the same export both see it.
 */
export function buildTraceMap<T>(
  entries: Iterable<{ modules: readonly string[]; exports: readonly ExportInvocation[]; info: T }>,
): TraceMap<T[]> {
  const map: Record<string, Record<string | symbol, unknown>> = {};
  for (const { modules, exports, info } of entries) {
    for (const module of modules) {
      for (const { path, invocation } of exports) {
        let node = (map[module] ??= {});
        for (const key of path === '' ? [] : path.split('.')) {
          node = (node[key] ??= {}) as Record<string | symbol, unknown>;
        }
        const kinds = invocation === 'any' ? [CALL, CONSTRUCT] : invocation === 'new' ? [CONSTRUCT] : [CALL];
        for (const kind of kinds) ((node[kind] ??= []) as T[]).push(info);
      }
    }
  }
  return map as TraceMap<T[]>;
}

/**
 * Where values created by library calls are held, so a later `receiver.method()` can be traced back
 * to them: a variable (`const pool = new Pool()`), a class field (`this.pool = new Pool()`, or a field
 * or parameter property annotated with the library's type), or the creation itself
 * (`getConnection().createQueryRunner()`). Values are followed through scope analysis only.
 */
export class HandleIndex<T> {
  private readonly byNode = new Map<TSESTree.Node, T>();
  private readonly byClassField = new Map<ClassNode, Map<string, T>>();
  private readonly visited = new Set<Variable>();

  constructor(private readonly sourceCode: SourceCode) {}

  /** Records the holders of the value created by `creation`. */
  addCreation(creation: TSESTree.Node, info: T): void {
    const value = climbValue(creation);
    const parent = value.parent;
    if (!parent) return;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === value) {
      this.byNode.set(value, info);
    } else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value) {
      if (parent.id.type === AST_NODE_TYPES.Identifier) this.addVariable(this.declaredVariable(parent, parent.id), info);
    } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value && parent.operator === '=') {
      this.addAssignmentTarget(parent.left, info);
    } else if (parent.type === AST_NODE_TYPES.PropertyDefinition && parent.value === value) {
      this.addClassField(parent, info);
    }
  }

  /** Records bindings annotated with one of a module's exported types (`pool: Pool`, `db: Knex`). */
  addTypedBindings(typesByModule: ReadonlyMap<string, ReadonlyMap<string, T>>): void {
    for (const statement of this.sourceCode.ast.body) {
      if (statement.type !== AST_NODE_TYPES.ImportDeclaration) continue;
      const types = typesByModule.get(statement.source.value);
      if (!types) continue;
      for (const specifier of statement.specifiers) {
        const variable = this.sourceCode.scopeManager?.getDeclaredVariables(specifier)[0];
        if (!variable) continue;
        for (const reference of variable.references) this.addTypeReference(reference.identifier, specifier, types);
      }
    }
  }

  lookup(receiver: TSESTree.Node): T | undefined {
    const node = skipTypeWrappers(receiver);
    const direct = this.byNode.get(node);
    if (direct !== undefined) return direct;
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = getStaticPropertyName(node);
      const owner = getEnclosingClass(node);
      return name === null || !owner ? undefined : this.byClassField.get(owner)?.get(name);
    }
    return undefined;
  }

  private addTypeReference(
    identifier: TSESTree.Identifier | TSESTree.JSXIdentifier,
    specifier: TSESTree.ImportClause,
    types: ReadonlyMap<string, T>,
  ): void {
    let typeName: string | undefined;
    let reference: TSESTree.Node = identifier;
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
      typeName = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
    } else {
      // `import pg from 'pg'` / `import * as pg from 'pg'`, used as `pg.Pool`.
      const qualified = identifier.parent;
      if (qualified?.type !== AST_NODE_TYPES.TSQualifiedName || qualified.left !== identifier) return;
      typeName = qualified.right.name;
      reference = qualified;
    }
    const info = types.get(typeName);
    const typeReference = reference.parent;
    if (info === undefined || typeReference?.type !== AST_NODE_TYPES.TSTypeReference) return;
    let annotation: TSESTree.Node | undefined = typeReference.parent;
    while (annotation?.type === AST_NODE_TYPES.TSUnionType) annotation = annotation.parent;
    if (annotation?.type !== AST_NODE_TYPES.TSTypeAnnotation) return;
    this.addAnnotatedBinding(annotation.parent, info);
  }

  private addAnnotatedBinding(binding: TSESTree.Node | undefined, info: T): void {
    if (binding?.type === AST_NODE_TYPES.PropertyDefinition) {
      this.addClassField(binding, info);
      return;
    }
    if (binding?.type !== AST_NODE_TYPES.Identifier) return;
    if (binding.parent.type === AST_NODE_TYPES.TSParameterProperty) {
      const owner = getEnclosingClass(binding.parent);
      if (owner) this.fieldsOf(owner).set(binding.name, info);
    }
    this.addVariable(resolveVariable(this.sourceCode, binding), info);
  }

  private addAssignmentTarget(target: TSESTree.Node, info: T): void {
    if (target.type === AST_NODE_TYPES.Identifier) {
      this.addVariable(resolveVariable(this.sourceCode, target), info);
    } else if (target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = getStaticPropertyName(target);
      const owner = getEnclosingClass(target);
      if (name !== null && owner) this.fieldsOf(owner).set(name, info);
    }
  }

  private addVariable(variable: Variable | null | undefined, info: T): void {
    if (!variable || this.visited.has(variable)) return;
    this.visited.add(variable);
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const identifier = reference.identifier;
      this.byNode.set(identifier, info);
      const value = climbValue(identifier);
      const parent = value.parent;
      if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value && parent.left.type === AST_NODE_TYPES.MemberExpression) {
        // `this.pool = pool` in a constructor: the field holds the same handle.
        this.addAssignmentTarget(parent.left, info);
      } else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
        // An alias: `const pool = await poolPromise`.
        this.addVariable(this.declaredVariable(parent, parent.id), info);
      }
    }
  }

  private addClassField(field: TSESTree.PropertyDefinition, info: T): void {
    const name = getStaticPropertyName(field);
    const owner = field.parent.parent;
    if (name !== null && !field.static && isClass(owner)) this.fieldsOf(owner).set(name, info);
  }

  private fieldsOf(owner: ClassNode): Map<string, T> {
    let fields = this.byClassField.get(owner);
    if (!fields) this.byClassField.set(owner, (fields = new Map<string, T>()));
    return fields;
  }

  private declaredVariable(declarator: TSESTree.VariableDeclarator, id: TSESTree.Identifier): Variable | undefined {
    return this.sourceCode.scopeManager?.getDeclaredVariables(declarator).find((variable) => variable.identifiers.includes(id));
  }
}

/** Why a function's code runs once per task: the words the message completes "opened in …" with. */
export type ThreadWhere = string;

/** A `receiver.method(…)` call the rule collected while walking, for runner handles to claim. */
export type MethodCall = TSESTree.CallExpression & { callee: TSESTree.MemberExpression };

/**
 * Thread and task code of one file:
 * - functions handed to task runners (`workerpool.worker({...})`, `new Worker(name, fn)` of BullMQ,
 *   `queue.process(fn)`, `cron.schedule(expr, fn)`, …) and functions evaluated as a worker thread;
 * - the default export of a worker module (a file matched by `threadFiles`, piscina style);
 * - all of a worker_threads entry file (it imports `parentPort`, `workerData` or `isMainThread`),
 *   except the branches guarded by `isMainThread`.
 */
export class ThreadContext {
  private readonly taskFunctions = new Map<TSESTree.Node, ThreadWhere>();
  private readonly mainThreadBranches = new Set<TSESTree.Node>();
  private workerFile = false;

  constructor(private readonly sourceCode: SourceCode) {}

  /**
   * Finds the task code of the file. `methodCalls` are the calls whose method a runner handle may
   * own (`process`, `define`, `work`, `exec`); `isThreadFile` tells whether `threadFiles` match.
   */
  collect(runners: readonly TaskRunnerEntry[], methodCalls: readonly MethodCall[], isThreadFile: boolean): void {
    type RunnerInfo =
      | { type: 'call'; label: string; objectOfTasks: boolean }
      | { type: 'handle'; methods: Readonly<Record<string, string>> }
      | { type: 'worker-global' }
      | { type: 'worker-constructor' };
    const traceEntries: { modules: readonly string[]; exports: readonly ExportInvocation[]; info: RunnerInfo }[] = [];
    const handleTypes = new Map<string, Map<string, RunnerInfo>>();
    for (const runner of runners) {
      for (const call of runner.calls ?? []) {
        traceEntries.push({ modules: runner.modules, exports: [call], info: { type: 'call', label: call.label, objectOfTasks: call.objectOfTasks ?? false } });
      }
      for (const handle of runner.handles ?? []) {
        const info: RunnerInfo = { type: 'handle', methods: handle.methods };
        traceEntries.push({ modules: runner.modules, exports: [handle], info });
        for (const module of runner.modules) {
          for (const typeName of runner.handleTypes ?? []) {
            let types = handleTypes.get(module);
            if (!types) handleTypes.set(module, (types = new Map<string, RunnerInfo>()));
            types.set(typeName, info);
          }
        }
      }
    }
    traceEntries.push({
      modules: WORKER_THREADS.modules,
      exports: [{ path: WORKER_THREADS.worker, invocation: 'new' }],
      info: { type: 'worker-constructor' },
    });
    const traceMap = buildTraceMap(traceEntries);
    for (const module of WORKER_THREADS.modules) {
      for (const name of WORKER_THREADS.threadGlobals) {
        const exportMap = ((traceMap[module] as Record<string, Record<symbol, unknown>>)[name] ??= {});
        exportMap[READ] = [{ type: 'worker-global' }];
      }
    }

    const handles = new HandleIndex<Extract<RunnerInfo, { type: 'handle' }>>(this.sourceCode);
    for (const reference of iterateModuleReferences(this.sourceCode, traceMap)) {
      for (const info of reference.info) {
        if (info.type === 'call') {
          this.markTaskArguments(reference.node, `the task handed to '${info.label}'`, info.objectOfTasks);
        } else if (info.type === 'handle') {
          handles.addCreation(reference.node, info);
        } else if (info.type === 'worker-global') {
          this.workerFile = true;
          this.markMainThreadBranches(reference.node, reference.path.at(-1));
        } else {
          this.markEvaluatedWorker(reference.node);
        }
      }
    }
    handles.addTypedBindings(handleTypes as ReadonlyMap<string, ReadonlyMap<string, Extract<RunnerInfo, { type: 'handle' }>>>);
    for (const call of methodCalls) {
      const handle = handles.lookup(call.callee.object);
      const method = getStaticPropertyName(call.callee);
      const label = handle && method !== null ? handle.methods[method] : undefined;
      if (label !== undefined) this.markTaskArguments(call, `the task handed to '${label}'`, false);
    }
    if (isThreadFile) this.markDefaultExport();
  }

  /**
   * Where `node` runs as thread or task code, or null. `topLevel` is true for the top level of a
   * worker entry file, which runs once per thread: a throw there ends the thread, so only a
   * connection that is never closed matters.
   */
  whereIs(node: TSESTree.Node): { where: ThreadWhere; topLevel: boolean } | null {
    let insideFunction = false;
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      if (this.mainThreadBranches.has(current)) return null;
      const where = this.taskFunctions.get(current);
      if (where !== undefined) return { where, topLevel: false };
      if (isFunctionNode(current)) insideFunction = true;
    }
    return this.workerFile ? { where: 'this worker thread', topLevel: !insideFunction } : null;
  }

  private markTaskArguments(call: TSESTree.Node, where: ThreadWhere, objectOfTasks: boolean): void {
    if (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) return;
    for (const argument of call.arguments) {
      const value = this.resolveValue(argument);
      if (value && isFunctionNode(value)) {
        this.taskFunctions.set(value, where);
      } else if (objectOfTasks && value?.type === AST_NODE_TYPES.ObjectExpression) {
        for (const property of value.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const task = this.resolveValue(property.value);
          if (task && isFunctionNode(task)) this.taskFunctions.set(task, where);
        }
      }
    }
  }

  /** `new Worker(\`(${work})()\`, { eval: true })`: the functions spliced into the source run as the thread. */
  private markEvaluatedWorker(node: TSESTree.Node): void {
    if (node.type !== AST_NODE_TYPES.NewExpression) return;
    const [source, options] = node.arguments;
    if (!source || !isEvalOptions(options)) return;
    for (const part of sourceParts(source)) {
      const value = this.resolveValue(part);
      if (value && isFunctionNode(value)) this.taskFunctions.set(value, 'a function run as a worker thread');
    }
  }

  /** `if (isMainThread) { … }` runs in the parent, not in the thread. */
  private markMainThreadBranches(node: TSESTree.Node, name: string | undefined): void {
    if (name !== 'isMainThread') return;
    for (const usage of this.usagesOf(node)) {
      let test: TSESTree.Node = usage;
      let negated = false;
      while (test.parent?.type === AST_NODE_TYPES.UnaryExpression && test.parent.operator === '!') {
        test = test.parent;
        negated = !negated;
      }
      const branch = test.parent;
      if (branch?.type !== AST_NODE_TYPES.IfStatement || branch.test !== test) continue;
      const main = negated ? branch.alternate : branch.consequent;
      if (main) this.mainThreadBranches.add(main);
    }
  }

  /** piscina: `export default async (task) => …` / `module.exports = function (task) { … }`. */
  private markDefaultExport(): void {
    const where = 'the task this worker module exports';
    for (const statement of this.sourceCode.ast.body) {
      let exported: TSESTree.Node | undefined;
      if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
        exported = statement.declaration;
      } else if (
        statement.type === AST_NODE_TYPES.ExpressionStatement &&
        statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
        isModuleExports(statement.expression.left, this.sourceCode)
      ) {
        exported = statement.expression.right;
      }
      const value = exported && this.resolveValue(exported);
      if (value && isFunctionNode(value)) this.taskFunctions.set(value, where);
    }
  }

  /** A function or object literal that `node` evaluates to: inline, or a local `function`/`const`. */
  private resolveValue(node: TSESTree.Node): TSESTree.Node | null {
    const value = skipTypeWrappers(node);
    if (value.type === AST_NODE_TYPES.FunctionDeclaration || isFunctionNode(value) || value.type === AST_NODE_TYPES.ObjectExpression) {
      return value;
    }
    if (value.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(value), value);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.node.type === AST_NODE_TYPES.FunctionDeclaration) return definition.node;
    if (definition?.node.type === AST_NODE_TYPES.VariableDeclarator && definition.node.init && definition.node.parent.kind === 'const') {
      const init = skipTypeWrappers(definition.node.init);
      return isFunctionNode(init) || init.type === AST_NODE_TYPES.ObjectExpression ? init : null;
    }
    return null;
  }

  /** Identifier uses of an imported name: the tracker yields the import or destructuring site for those. */
  private usagesOf(node: TSESTree.Node): TSESTree.Node[] {
    let declaring: TSESTree.Node = node;
    if (node.type === AST_NODE_TYPES.Property) declaring = node.value;
    if (
      declaring.type === AST_NODE_TYPES.ImportSpecifier ||
      declaring.type === AST_NODE_TYPES.ImportDefaultSpecifier ||
      declaring.type === AST_NODE_TYPES.ImportNamespaceSpecifier
    ) {
      const variable = this.sourceCode.scopeManager?.getDeclaredVariables(declaring)[0];
      return variable ? variable.references.map((reference) => reference.identifier) : [];
    }
    if (declaring.type === AST_NODE_TYPES.Identifier && node.type === AST_NODE_TYPES.Property) {
      const variable = ASTUtils.findVariable(this.sourceCode.getScope(declaring), declaring);
      return variable ? variable.references.filter((reference) => reference.isRead()).map((reference) => reference.identifier) : [];
    }
    return [node];
  }
}

/** Type wrappers, `await` and `?.` chains; not `f<T>`: a created client or connection is never instantiated. */
const AWAITED_VALUE: ValueWrappers = { instantiations: false, chains: true, awaits: true };

/** The value position of an expression: through type wrappers, `await` and optional chains. */
export function climbValue(node: TSESTree.Node): TSESTree.Node {
  return climbWrappers(node, AWAITED_VALUE);
}

export function getEnclosingClass(node: TSESTree.Node): ClassNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isClass(current)) return current;
  }
  return null;
}

function isClass(node: TSESTree.Node | undefined): node is ClassNode {
  return node?.type === AST_NODE_TYPES.ClassDeclaration || node?.type === AST_NODE_TYPES.ClassExpression;
}

function isEvalOptions(node: TSESTree.Node | undefined): boolean {
  if (node?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return node.properties.some(
    (property) =>
      property.type === AST_NODE_TYPES.Property &&
      getStaticPropertyName(property) === 'eval' &&
      property.value.type === AST_NODE_TYPES.Literal &&
      property.value.value === true,
  );
}

/** The expressions spliced into worker source: `${fn}`, `${fn.toString()}`, `'(' + fn + ')()'`. */
function sourceParts(node: TSESTree.Node): TSESTree.Node[] {
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.expressions.map(unwrapToString);
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    return [...sourceParts(node.left), ...sourceParts(node.right)];
  }
  return [unwrapToString(node)];
}

function unwrapToString(node: TSESTree.Node): TSESTree.Node {
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.arguments.length === 0 &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    getStaticPropertyName(node.callee) === 'toString'
  ) {
    return node.callee.object;
  }
  return node;
}

/** `module.exports`, where `module` is CommonJS's own binding (not declared in the file). */
function isModuleExports(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.Identifier) return false;
  if (getStaticPropertyName(node) !== 'exports') return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(node), node.object);
  return node.object.name === 'module' && (!variable || variable.defs.length === 0);
}
