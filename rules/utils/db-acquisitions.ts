import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './ast.js';
import { FACTORY_RELEASES } from './catalogs/db-factory-names.js';
import type { Kind, ResolvedCatalog, Setup } from './db-client-setup.js';
import type { ResourceReader } from './db-resource-holders.js';
import { getImportedBinding, importsAnyModule, iterateModuleReferences } from './imports.js';
import { findFactoryCandidate, mayBeFactoryCall, type FactoryCandidate } from './project-db-factories.js';
import { getModuleScope, isModuleLevelVariable, resolveVariable } from './scope.js';
import { HandleIndex, type MethodCall, type ThreadContext } from './thread-context.js';

/*
 * Where a file acquires a database resource: catalogued clients and pools through their imports,
 * project subclasses of catalogued clients, project factories (with `checkProjectFactories`), and
 * checkouts from handles the file can trace (`pool.connect()`).
 */

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

const CALLEE_TEXT_LIMIT = 40;

/** What `no-unclosed-db-in-thread` gathers from one file in its walk, and what it works out from it once. */
export interface DbFileFacts {
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
  sourceCode: SourceCode;
  setup: Setup;
  isThreadFile: boolean;
  /** The file imports a client library, a task runner or worker_threads. */
  importsModules: boolean;
  /** Calls of the catalog's checkout methods and of task runners' handle methods. */
  methodCalls: MethodCall[];
  /** With `checkProjectFactories`: calls named like a project's client factory. */
  factoryCalls: (TSESTree.CallExpression | TSESTree.NewExpression)[];
  reader: ResourceReader;
  /** Thread and task code of the file, found once and only when a dedicated connection needs it. */
  threads?: ThreadContext;
  /** A script, migration or upgrade step: found once, only for a project factory's client. */
  oneShotFile?: boolean;
}

/** A file's facts before the walk: what the options and the file's imports already tell. */
export function startDbFileFacts(context: DbFileFacts['context'], setup: Setup): DbFileFacts {
  const sourceCode = context.sourceCode;
  return {
    context,
    sourceCode,
    setup,
    isThreadFile: setup.isThreadFile(context.filename),
    importsModules: importsAnyModule(sourceCode, setup.modules),
    methodCalls: [],
    factoryCalls: [],
    reader: { sourceCode, helperEffects: new Map() },
  };
}

/**
 * Records a call the decision needs, during the walk: a method the catalog or a task runner names
 * (`pool.connect()`, `queue.process(fn)`) and, with `checkFactories`, a call named like a factory.
 */
export function recordDbCall(facts: DbFileFacts, node: TSESTree.CallExpression | TSESTree.NewExpression, checkFactories: boolean): void {
  if (node.type === AST_NODE_TYPES.CallExpression && isCollectedMethodCall(node, facts.setup.methodNames)) facts.methodCalls.push(node);
  if (checkFactories && mayBeFactoryCall(node)) facts.factoryCalls.push(node);
}

function isCollectedMethodCall(node: TSESTree.CallExpression, methodNames: ReadonlySet<string>): node is MethodCall {
  const callee = node.callee;
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    methodNames.has(callee.property.name)
  );
}

export interface Acquisition {
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** Known kinds; several when the receiver is unknown and only the release calls tell the library. */
  kinds: readonly Kind[];
  /** Checked everywhere (a pool checkout) rather than only in thread and task code. */
  checkout: boolean;
  /** The receiver is not traced to a library: report only if the code itself releases the result. */
  needsEvidence: boolean;
  /** A project factory's client (`checkProjectFactories`): weaker evidence, so quieter where it is unsure. */
  factory?: FactoryCandidate;
}

/** Every acquisition in the file, each node once: library calls, project classes and factories, checkouts. */
export function findAcquisitions(facts: DbFileFacts): Acquisition[] {
  const { sourceCode, importsModules, factoryCalls, methodCalls } = facts;
  const { catalog, isCatalogued } = facts.setup;
  const acquisitions: Acquisition[] = [];
  const seen = new Set<Node>();
  const handles = new HandleIndex<Kind>(sourceCode);
  for (const reference of importsModules ? iterateModuleReferences(sourceCode, catalog.traceMap) : []) {
    const node = reference.node;
    if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) continue;
    for (const { kind, checkout } of reference.info) {
      if (kind.checkouts.size > 0) handles.addCreation(node, kind);
      if (seen.has(node)) continue;
      seen.add(node);
      acquisitions.push({ node, kinds: [kind], checkout, needsEvidence: false });
    }
  }
  for (const creation of projectClientCreations(sourceCode, catalog)) {
    if (seen.has(creation.node)) continue;
    seen.add(creation.node);
    acquisitions.push({ node: creation.node, kinds: [creation.kind], checkout: false, needsEvidence: false });
  }
  for (const call of factoryCalls) {
    const candidate = seen.has(call) ? null : findFactoryCandidate(call, sourceCode, isCatalogued);
    if (!candidate) continue;
    seen.add(call);
    acquisitions.push({ node: call, kinds: [factoryKind(sourceCode, candidate)], checkout: false, needsEvidence: false, factory: candidate });
  }
  handles.addTypedBindings(catalog.typesByModule);
  for (const call of methodCalls) {
    const method = getStaticPropertyName(call.callee);
    if (method === null || seen.has(call)) continue;
    const handle = handles.lookup(call.callee.object);
    if (handle) {
      const kind = handle.checkouts.get(method);
      if (kind) acquisitions.push({ node: call, kinds: [kind], checkout: true, needsEvidence: false });
      continue;
    }
    const candidates = catalog.checkoutMethods.get(method);
    if (candidates && isSharedHandle(sourceCode, call.callee.object)) {
      acquisitions.push({ node: call, kinds: candidates, checkout: true, needsEvidence: true });
    }
  }
  return acquisitions;
}

/**
 * `class AppPrisma extends PrismaClient {}` in this file: `new AppPrisma()` opens what
 * `new PrismaClient()` opens, its own pool included. Only clients and pools (not checkouts).
 */
function projectClientCreations(sourceCode: SourceCode, catalog: ResolvedCatalog): { node: TSESTree.NewExpression; kind: Kind }[] {
  const creations: { node: TSESTree.NewExpression; kind: Kind }[] = [];
  for (const variable of getModuleScope(sourceCode).variables) {
    const definition = variable.defs[0];
    if (definition?.type !== TSESLint.Scope.DefinitionType.ClassName) continue;
    const kind = catalogClassKind(sourceCode, catalog, definition.node.superClass);
    if (!kind) continue;
    for (const reference of variable.references) {
      const use = reference.identifier;
      if (use.parent.type === AST_NODE_TYPES.NewExpression && use.parent.callee === use) creations.push({ node: use.parent, kind });
    }
  }
  return creations;
}

/** The catalog kind of a superclass imported from a client library (`extends PrismaClient`, `extends Pool`). */
function catalogClassKind(sourceCode: SourceCode, catalog: ResolvedCatalog, superClass: TSESTree.LeftHandSideExpression | null): Kind | null {
  if (superClass?.type !== AST_NODE_TYPES.Identifier) return null;
  const imported = getImportedBinding(sourceCode, superClass);
  const kind = imported && catalog.classesByModule.get(imported.module)?.get(imported.name);
  return kind && (kind.role === 'connection' || kind.role === 'pool') ? kind : null;
}

/**
 * A receiver we cannot trace to a library counts only when it is a shared handle: imported from
 * another module (`import { pool } from './db'`) or a module-level binding. Parameters, locals
 * and `this.x` are left alone: inside the database libraries themselves such calls are the pool's
 * own implementation.
 */
function isSharedHandle(sourceCode: SourceCode, receiver: Node): boolean {
  const node = skipTypeWrappers(receiver);
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(sourceCode, node);
  return !!variable && (variable.defs[0]?.type === TSESLint.Scope.DefinitionType.ImportBinding || isModuleLevelVariable(variable));
}

/**
 * A project factory's resource: the catalog's release vocabulary, since its library is unknown, and
 * no release call to suggest; the suggestion only moves a release the code already makes.
 */
export function factoryKind(sourceCode: SourceCode, candidate: FactoryCandidate): Kind {
  return {
    label: `The ${candidate.noun} from '${calleeText(sourceCode, candidate.node)}()'`,
    role: candidate.role,
    release: FACTORY_RELEASES,
    asyncRelease: true,
    checkouts: new Map(),
  };
}

/** How the message names a call: `db.connect`, `new AppPrismaService`, `….connect` when too long. */
export function calleeText(sourceCode: SourceCode, call: TSESTree.CallExpression | TSESTree.NewExpression): string {
  const text = sourceCode.getText(call.callee).replace(/\s+/gu, '');
  if (text.length <= CALLEE_TEXT_LIMIT) return call.type === AST_NODE_TYPES.NewExpression ? `new ${text}` : text;
  const method = call.callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(call.callee) : null;
  return method === null ? `${text.slice(0, CALLEE_TEXT_LIMIT)}…` : `….${method}`;
}

