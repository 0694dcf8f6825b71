/**
 * The per-file state of `no-leaked-listener`: the facts its listeners collect (additions, pending
 * releases, catalog registrations) and the analyses they are judged with. The
 * deciding functions in the `listener-*` modules take it as their first parameter.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  createKeyResolver,
  createStateAnalysis,
  isValuePath,
  type KeyResolver,
  ReleaseLedger,
  type StateAnalysis,
} from './acquire-release.js';
import { getStaticPropertyName } from './ast.js';
import { REGISTRATION_APIS, type RegistrationApi } from './catalogs/listener-apis.js';
import { CALL, iterateModuleReferences, type TraceMap } from './imports.js';
import { createRunFrequency, type RunFrequencyAnalysis } from './run-frequency.js';
import { isModuleLevelVariable } from './scope.js';

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

export interface Addition {
  call: TSESTree.CallExpression;
  target: TSESTree.Expression;
  event: TSESTree.Node | null;
  handler: TSESTree.Node;
  eventTarget: boolean;
  signal: TSESTree.Node | null;
  /** Set for a catalog registration (`logger.add(transport)`): the target is known to be long-lived. */
  registration: RegistrationApi | null;
  /** The method of a registration through a project's event service (`onEvent`, `subscribe`), by its name. */
  wrapperMethod: string | null;
}

/**
 * An addition as its call shows it, before its handler is known: all that the target questions
 * (`longLivedTarget`) read. A registration through a project's event service waits in this form,
 * because finding its handler (telling `this.<name>` a function) can mean a walk of the class.
 */
export type AdditionSite = Omit<Addition, 'handler'>;

export interface LongLivedTarget {
  key: string;
  /** Long-lived only as a service handed to the class (a constructor parameter): weaker evidence. */
  injected: boolean;
}

export interface ListenerFileOptions {
  longLivedTargets?: string[];
  checkThisTargets?: boolean;
  checkWrapperRegistrations?: boolean;
}

export interface ListenerFile {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly filename: string;
  readonly longLivedNames: ReadonlySet<string>;
  readonly checkThisTargets: boolean;
  readonly checkWrappers: boolean;
  /** The file imports a catalog registration module (`winston`): its remove and clear calls count. */
  readonly hasRegistrationModule: boolean;
  readonly keys: KeyResolver;
  readonly runs: RunFrequencyAnalysis;
  /** Member writes of the file (`this.listening = true`), for guards and replaceable slots. */
  readonly writes: StateAnalysis;
  readonly ledger: ReleaseLedger;
  readonly additions: Addition[];
  /** Registrations through a project's event service, judged once their target is known long-lived. */
  readonly wrapperCandidates: AdditionSite[];
  /** Keys of the AbortControllers the file aborts. */
  readonly abortedControllers: Set<string>;
  /** Releases are resolved only if some addition needs them (most files have no candidate). */
  readonly pendingReleases: (() => void)[];
  /** Calls that register a handler with a catalog library's long-lived object (`winston.add(t)`). */
  readonly registrationCalls: Map<TSESTree.Node, RegistrationApi>;
}

export function createListenerFile(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: ListenerFileOptions,
  hasRegistrationModule: boolean,
): ListenerFile {
  const { sourceCode } = context;
  const keys = createKeyResolver(sourceCode);
  return {
    sourceCode,
    filename: context.filename,
    longLivedNames: new Set(options.longLivedTargets ?? []),
    checkThisTargets: options.checkThisTargets ?? false,
    checkWrappers: options.checkWrapperRegistrations ?? false,
    hasRegistrationModule,
    keys,
    runs: createRunFrequency(sourceCode, { isScript: context.languageOptions.sourceType === 'script', filename: context.filename }),
    writes: createStateAnalysis(keys),
    ledger: new ReleaseLedger(),
    additions: [],
    wrapperCandidates: [],
    abortedControllers: new Set(),
    pendingReleases: [],
    registrationCalls: new Map(),
  };
}

/** Calls that register a handler with a catalog library's long-lived object (`winston.add(t)`). */
export function collectRegistrationCalls(file: ListenerFile): void {
  const traceMap: TraceMap<RegistrationApi> = {};
  for (const api of REGISTRATION_APIS) {
    const entry: TraceMap<RegistrationApi>[string] = {};
    if (api.moduleIsInstance) entry[api.add] = { [CALL]: api };
    for (const factory of api.factories) entry[factory] = { [CALL]: api };
    traceMap[api.module] = entry;
  }
  for (const reference of iterateModuleReferences(file.sourceCode, traceMap)) {
    const { node, info: api } = reference;
    if (reference.path.at(-1) === api.add) file.registrationCalls.set(node, api);
    else collectInstanceRegistrations(file, node, api);
  }
}

/** `const logger = winston.createLogger(…)` at module level: each `logger.add(…)` is a registration. */
function collectInstanceRegistrations(file: ListenerFile, factoryCall: TSESTree.Node, api: RegistrationApi): void {
  const declarator = factoryCall.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return;
  const variable = file.keys.variableOf(declarator.id);
  if (!variable || !isModuleLevelVariable(variable)) return;
  for (const reference of variable.references) {
    const member = reference.identifier.parent;
    if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const call = member.parent;
    if (call.type === AST_NODE_TYPES.CallExpression && call.callee === member && getStaticPropertyName(member) === api.add) {
      file.registrationCalls.set(call, api);
    }
  }
}

/** The tuple position of an event name: its static value, else its resolved identity. */
export function eventPart(file: ListenerFile, node: TSESTree.Node, fallback: string): string {
  const value = staticEventName(file, node);
  if (value !== null) return `event:${value}`;
  const key = file.keys.keyOf(node);
  return key === null ? fallback : `slot:${key}`;
}

export function staticEventName(file: ListenerFile, node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Literal) return String(node.value);
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  if (!isValuePath(node)) return null;
  const result = ASTUtils.getStaticValue(node, file.sourceCode.getScope(node));
  return result && (typeof result.value === 'string' || typeof result.value === 'symbol') ? String(result.value) : null;
}
