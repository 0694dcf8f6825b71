import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  ANY,
  contains,
  createKeyResolver,
  createRunAnalysis,
  createStateAnalysis,
  getOutermostFunction,
  getVariableWrites,
  isFreshFunction,
  isImplicitGlobal,
  isReassigned,
  isValuePath,
  ReleaseLedger,
  UNKNOWN,
  unwrap,
} from './utils/acquire-release.js';
import { getStaticPropertyName, isFunctionNode } from './utils/ast.js';
import {
  ADD_LISTENER_METHODS,
  EVENT_HELPER_MODULES,
  EVENT_TARGET_ADD_METHOD,
  LISTENER_COUNT_METHODS,
  LONG_LIVED_GLOBALS,
  PROCESS_POLICY_EVENTS,
  REGISTRATION_APIS,
  REMOVE_ALL_LISTENERS_METHODS,
  REMOVE_LISTENER_METHODS,
  type RegistrationApi,
} from './utils/catalogs/listener-apis.js';
import { createRule } from './utils/create-rule.js';
import { isStartupFunction } from './utils/execution-context.js';
import { servesReturnedObject } from './utils/ownership.js';
import { CALL, iterateModuleReferences, importsAnyModule, type TraceMap } from './utils/imports.js';
import { selectorNamesPattern } from './utils/regexp.js';
import { isModuleLevelScope, isModuleLevelVariable } from './utils/scope.js';
import { describeHandler, findHandlerEvidence } from './utils/request-handlers.js';
import { getInjectionScope } from './utils/long-lived-objects.js';

type Options = [{ longLivedTargets?: string[]; checkThisTargets?: boolean }];
type MessageIds = 'listenerNeverRemoved' | 'listenerCannotBeRemoved' | 'removalNeverMatches';
type Variable = TSESLint.Scope.Variable;
const { DefinitionType } = TSESLint.Scope;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

interface Addition {
  call: TSESTree.CallExpression;
  target: TSESTree.Expression;
  event: TSESTree.Node | null;
  handler: TSESTree.Node;
  eventTarget: boolean;
  signal: TSESTree.Node | null;
  /** Set for a catalog registration (`logger.add(transport)`): the target is known to be long-lived. */
  registration: RegistrationApi | null;
}

interface LongLivedTarget {
  key: string;
}

/** Cheap text test: a file with none of these words cannot add a listener. */
/**
 * Every addition is a member call of `on` or a `…Listener` method (or a catalog registration): a
 * file without these substrings has none. Substring searches, because a regex over every file
 * costs more than the rule's work on most of them.
 */
const ADDITION_TEXTS = ['.on', 'Listener', "'on'", '"on"', '`on`'];
const REGISTRATION_MODULES = REGISTRATION_APIS.map((api) => api.module);
const REGISTRATION_REMOVE_METHODS: ReadonlySet<string> = new Set(REGISTRATION_APIS.flatMap((api) => api.remove));
const REGISTRATION_CLEAR_METHODS: ReadonlySet<string> = new Set(REGISTRATION_APIS.flatMap((api) => api.clear));
const MAX_LABEL_LENGTH = 40;
const INTERESTING_METHODS: ReadonlySet<string> = new Set([
  ...ADD_LISTENER_METHODS,
  ...REMOVE_LISTENER_METHODS,
  ...REMOVE_ALL_LISTENERS_METHODS,
  ...REGISTRATION_REMOVE_METHODS,
  ...REGISTRATION_CLEAR_METHODS,
  'abort',
]);
const PROCESS_KEY = 'global:process';
/**
 * The calls the rule reads: a member call of a listener or catalog method, or a computed one
 * (`emitter['on'](…)`). ESLint's selector engine filters the rest of the file's calls out.
 */
const INTERESTING_CALL = [
  `CallExpression[callee.type="MemberExpression"][callee.property.name=${selectorNamesPattern([...INTERESTING_METHODS, ...REGISTRATION_APIS.map((api) => api.add)])}]`,
  'CallExpression[callee.type="MemberExpression"][callee.computed=true]',
].join(', ');

export default createRule<Options, MessageIds>({
  name: 'no-leaked-listener',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow listeners added on every call to long-lived targets and never removed.',
      skipScripts: true,
      recommended: 'warn',
      strictOptions: { checkThisTargets: true },
    },
    messages: {
      listenerNeverRemoved:
        "This {{what}} is added to long-lived '{{target}}' every time the enclosing code runs{{runs}} and is never removed, so '{{target}}' keeps every copy and everything its closure reaches for as long as it lives.",
      listenerCannotBeRemoved:
        "This {{what}} is created inline and added to long-lived '{{target}}' every time the enclosing code runs{{runs}}, so it can never be removed and '{{target}}' keeps every copy and everything its closure reaches; keep a reference and remove it when the work is done.",
      removalNeverMatches:
        "This {{what}} on long-lived '{{target}}' is removed with a new function, which never matches the one added here, so every copy stays registered for as long as '{{target}}' lives.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          longLivedTargets: {
            type: 'array',
            description:
              'Extra long-lived targets: global or variable names (`bus`, `app.events`) or import paths (`./event-bus`, `@acme/bus`) whose exports live as long as the process.',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
          },
          checkThisTargets: {
            type: 'boolean',
            description:
              'Also report listeners added to `this` or `this.<field>` in methods of a class whose only instance is a module-level singleton.',
          },
        },
      },
    ],
    defaultOptions: [{ longLivedTargets: [], checkThisTargets: false }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const hasRegistrationModule = importsAnyModule(sourceCode, REGISTRATION_MODULES);
    if (!hasRegistrationModule && !ADDITION_TEXTS.some((text) => sourceCode.text.includes(text))) return {};
    const longLivedNames = new Set(options.longLivedTargets ?? []);
    const checkThisTargets = options.checkThisTargets ?? false;
    const keys = createKeyResolver(sourceCode);
    const runs = createRunAnalysis(sourceCode, keys);
    const state = createStateAnalysis(keys);
    const ledger = new ReleaseLedger();
    const additions: Addition[] = [];
    const abortedControllers = new Set<string>();
    const pendingReleases: (() => void)[] = [];
    const registrationCalls = new Map<TSESTree.Node, RegistrationApi>();
    const instantiations: TSESTree.NewExpression[] = [];
    let singletonClasses: Set<ClassNode> | null = null;

    /** Calls that register a handler with a catalog library's long-lived object (`winston.add(t)`). */
    function collectRegistrationCalls(): void {
      const traceMap: TraceMap<RegistrationApi> = {};
      for (const api of REGISTRATION_APIS) {
        const entry: TraceMap<RegistrationApi>[string] = {};
        if (api.moduleIsInstance) entry[api.add] = { [CALL]: api };
        for (const factory of api.factories) entry[factory] = { [CALL]: api };
        traceMap[api.module] = entry;
      }
      for (const reference of iterateModuleReferences(sourceCode, traceMap)) {
        const { node, info: api } = reference;
        if (reference.path.at(-1) === api.add) registrationCalls.set(node, api);
        else collectInstanceRegistrations(node, api);
      }
    }

    /** `const logger = winston.createLogger(…)` at module level: each `logger.add(…)` is a registration. */
    function collectInstanceRegistrations(factoryCall: TSESTree.Node, api: RegistrationApi): void {
      const declarator = factoryCall.parent;
      if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return;
      const variable = keys.variableOf(declarator.id);
      if (!variable || !isModuleLevelVariable(variable)) return;
      for (const reference of variable.references) {
        const member = reference.identifier.parent;
        if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
        const call = member.parent;
        if (call.type === AST_NODE_TYPES.CallExpression && call.callee === member && getStaticPropertyName(member) === api.add) {
          registrationCalls.set(call, api);
        }
      }
    }

    function recordAddition(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): void {
      const args = call.arguments;
      const eventTarget = method === EVENT_TARGET_ADD_METHOD;
      // EventEmitter's `on(event, listener)` takes exactly two arguments; routers' `on(method, path, handler)` do not.
      if (args.length < 2 || args.length > (eventTarget ? 3 : 2)) return;
      if (args.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return;
      const [event, handler, listenerOptions] = args as TSESTree.Expression[];
      if (!event || !handler || handler.type === AST_NODE_TYPES.Literal) return;
      let signal: TSESTree.Node | null = null;
      if (listenerOptions) {
        const parsed = parseListenerOptions(listenerOptions);
        if (parsed === 'released') return;
        signal = parsed;
      }
      additions.push({ call, target: callee.object, event, handler, eventTarget, signal, registration: null });
    }

    function recordRemoval(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): void {
      const target = targetKeyOf(callee.object);
      if (target === null) return;
      const [event, handler] = call.arguments;
      // `off(event)` / `off()` in emitter libraries (component-emitter, socket.io) removes them all.
      if (!event) return ledger.release([target]);
      const eventKey = eventPart(event, ANY);
      if (!handler) return ledger.release([target, eventKey]);
      if (isFreshFunction(handler)) return ledger.releaseNeverMatching([target, eventKey]);
      // `unsubscribe(listener) { bus.off('x', listener) }` removes whatever its caller passes.
      ledger.release([target, eventKey, isForwardedHandler(handler) ? ANY : (keys.keyOf(handler) ?? ANY)]);
    }

    function recordRemoveAll(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): void {
      const target = targetKeyOf(callee.object);
      if (target === null) return;
      const [event] = call.arguments;
      ledger.release(event ? [target, eventPart(event, ANY)] : [target]);
    }

    function recordRegistrationRelease(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, clears: boolean): void {
      const target = targetKeyOf(callee.object);
      if (target === null) return;
      const [handler] = call.arguments;
      if (clears || !handler) return ledger.release([target]);
      if (isFreshHandler(handler)) return ledger.releaseNeverMatching([target, '']);
      ledger.release([target, '', keys.keyOf(handler) ?? ANY]);
    }

    /** The tuple position of an event name: its static value, else its resolved identity. */
    function eventPart(node: TSESTree.Node, fallback: string): string {
      const value = staticEventName(node);
      if (value !== null) return `event:${value}`;
      const key = keys.keyOf(node);
      return key === null ? fallback : `slot:${key}`;
    }

    function staticEventName(node: TSESTree.Node): string | null {
      if (node.type === AST_NODE_TYPES.Literal) return String(node.value);
      if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
      if (!isValuePath(node)) return null;
      const result = ASTUtils.getStaticValue(node, sourceCode.getScope(node));
      return result && (typeof result.value === 'string' || typeof result.value === 'symbol') ? String(result.value) : null;
    }

    /** `{ once: true }` releases; `{ signal }` is checked later; options we cannot read count as released. */
    function parseListenerOptions(node: TSESTree.Node): TSESTree.Node | null | 'released' {
      const value = unwrap(node);
      if (value.type === AST_NODE_TYPES.Literal) return null;
      if (value.type !== AST_NODE_TYPES.ObjectExpression) return 'released';
      let signal: TSESTree.Node | null = null;
      for (const property of value.properties) {
        if (property.type === AST_NODE_TYPES.SpreadElement) return 'released';
        const name = getStaticPropertyName(property);
        if (name === 'once' && !(property.value.type === AST_NODE_TYPES.Literal && property.value.value === false)) return 'released';
        if (name === 'signal') signal = property.value;
      }
      return signal;
    }

    /** A signal from `AbortSignal.timeout()`, from the caller, or from a controller the file aborts. */
    function isReleasedBySignal(signal: TSESTree.Node): boolean {
      const value = unwrap(signal);
      if (value.type !== AST_NODE_TYPES.MemberExpression || getStaticPropertyName(value) !== 'signal') return true;
      const controller = unwrap(value.object);
      if (controller.type !== AST_NODE_TYPES.Identifier) return true;
      const variable = keys.variableOf(controller);
      const init = variable?.defs[0]?.node;
      const createdHere =
        init?.type === AST_NODE_TYPES.VariableDeclarator &&
        init.init?.type === AST_NODE_TYPES.NewExpression &&
        init.init.callee.type === AST_NODE_TYPES.Identifier &&
        init.init.callee.name === 'AbortController';
      const controllerKey = keys.keyOf(controller);
      return !createdHere || (controllerKey !== null && abortedControllers.has(controllerKey));
    }

    /** The target's identity when it outlives the call that adds the listener, else null. */
    function longLivedTarget(addition: Addition): LongLivedTarget | null {
      const key = targetKeyOf(addition.target);
      if (key === null) return null;
      if (addition.registration || isListedImportCall(addition.target)) return { key };
      const target = unwrap(addition.target);
      if (!isValuePath(target)) return null;
      const chain = memberChain(target);
      const base = chain.base;
      const outermost = getOutermostFunction(addition.call);
      const longLived =
        base.type === AST_NODE_TYPES.ThisExpression
          ? isLongLivedThis(base, chain.members)
          : base.type === AST_NODE_TYPES.Identifier && isLongLivedIdentifier(base, target, outermost);
      if (!longLived) return isCallerSignal(addition, base, chain.members) ? { key } : null;
      // A slot reassigned in the same call holds a fresh object each time (`state.socket = net.connect()`).
      // Checked last: it needs the file's member writes.
      if (outermost && chain.members.some((member) => state.isWrittenInside(member, outermost))) return null;
      return { key };
    }

    /**
     * An `'abort'` listener on an `AbortSignal` the caller handed in (`signal`, `options.signal`,
     * `{ signal }`): the signal outlives the call (a server's shutdown signal, a request-scoped one
     * reused for many calls), so every call that completes without aborting leaves its listener on it:
     * the classic "MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]".
     */
    function isCallerSignal(addition: Addition, base: TSESTree.Node, members: readonly TSESTree.Node[]): boolean {
      if (!addition.eventTarget || !addition.event || staticEventName(addition.event) !== 'abort') return false;
      if (base.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = keys.variableOf(base);
      if (variable?.defs[0]?.type !== DefinitionType.Parameter) return false;
      const last = members.at(-1);
      const name = last ? getStaticPropertyName(last as TSESTree.MemberExpression) : base.name;
      return name === 'signal' || /signal$/iu.test(name ?? '');
    }

    function isLongLivedIdentifier(base: TSESTree.Identifier, target: TSESTree.Node, outermost: TSESTree.Node | null): boolean {
      const variable = keys.variableOf(base);
      if (!variable || isImplicitGlobal(variable)) {
        return LONG_LIVED_GLOBALS.has(base.name) || longLivedNames.has(base.name) || longLivedNames.has(sourceCode.getText(target));
      }
      const source = importSource(variable);
      if (source !== null && EVENT_HELPER_MODULES.has(source)) return false;
      if (longLivedNames.has(base.name) || longLivedNames.has(sourceCode.getText(target))) return true;
      if (source !== null && longLivedNames.has(source)) return true;
      const definition = variable.defs[0];
      // Inside its own body a class name resolves to the class scope's binding: same class, same statics.
      if (definition?.type === DefinitionType.ClassName) return isAtModuleLevel(definition.node);
      if (!isModuleLevelVariable(variable)) return isLongLivedLocalAlias(variable, outermost);
      if (definition?.type === DefinitionType.ImportBinding) return true;
      if (definition?.type !== DefinitionType.Variable) return false;
      return !(outermost && getVariableWrites(variable).some((write) => contains(outermost, write)));
    }

    /**
     * `const p = process` / `const bus = sharedBus` inside the function: the alias of a long-lived value;
     * `const bus = require('./bus')` inside it: `require` returns the cached module, a singleton.
     */
    function isLongLivedLocalAlias(variable: Variable, outermost: TSESTree.Node | null): boolean {
      const definition = variable.defs[0];
      if (variable.defs.length !== 1 || definition?.type !== DefinitionType.Variable || isReassigned(variable)) return false;
      const { init } = definition.node;
      if (requireSource(init) !== null) return true;
      if (!init || unwrap(init).type !== AST_NODE_TYPES.Identifier) return false;
      const aliased = unwrap(init) as TSESTree.Identifier;
      const aliasedVariable = keys.variableOf(aliased);
      if (aliasedVariable && !isImplicitGlobal(aliasedVariable) && !isModuleLevelVariable(aliasedVariable)) return false;
      return isLongLivedIdentifier(aliased, aliased, outermost);
    }

    /** The identity of an emitter expression; a call into a listed module (`getBus()`) is named by its text. */
    function targetKeyOf(node: TSESTree.Node): string | null {
      const key = keys.keyOf(node);
      if (key !== null || longLivedNames.size === 0 || !isListedImportCall(node)) return key;
      return `text:${sourceCode.getText(node)}`;
    }

    /** `getBus().on(…)` where `getBus` comes from an import path listed in `longLivedTargets`. */
    function isListedImportCall(node: TSESTree.Node): boolean {
      if (longLivedNames.size === 0) return false;
      let current = unwrap(node);
      let sawCall = false;
      for (;;) {
        if (current.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
        else if (current.type === AST_NODE_TYPES.CallExpression) {
          sawCall = true;
          current = unwrap(current.callee);
        } else break;
      }
      if (!sawCall || current.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = keys.variableOf(current);
      const source = variable ? importSource(variable) : null;
      return source !== null && longLivedNames.has(source);
    }

    /** `this` in a static member of a module-level class, or (with `checkThisTargets`) of a singleton. */
    function isLongLivedThis(base: TSESTree.ThisExpression, members: TSESTree.MemberExpression[]): boolean {
      const owner = keys.thisOwnerOf(base);
      if (!owner || isFunctionNode(owner.owner)) return false;
      if (owner.isStatic) return owner.owner.type !== AST_NODE_TYPES.ObjectExpression && isAtModuleLevel(owner.owner);
      if (!checkThisTargets) return false;
      // The constructor and field initializers run once per instance: the instance's own lifetime.
      const member = owner.member;
      if (!member || member.type !== AST_NODE_TYPES.MethodDefinition || member.kind === 'constructor') return false;
      if (owner.owner.type === AST_NODE_TYPES.ObjectExpression) return isModuleLevelObject(owner.owner);
      // A NestJS provider in singleton scope lives as long as the app, like a class made once at load.
      if (!getSingletonClasses().has(owner.owner) && getInjectionScope(sourceCode, owner.owner) !== 'singleton') return false;
      // `this.socket = net.connect()` in another method: the field holds a replaceable per-connection object.
      const field = members[0];
      return !field || !isAssignedOutsideConstructor(field, owner.owner);
    }

    /** Whether some write of the field happens outside the class's constructor (a replaceable slot). */
    function isAssignedOutsideConstructor(field: TSESTree.MemberExpression, owner: ClassNode): boolean {
      const constructorMethod = owner.body.body.find(
        (element) => element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor',
      );
      return state.writesOf(field).some((write) => !constructorMethod || !contains(constructorMethod, write));
    }

    /** Classes instantiated only in load-time code: their one instance lives as long as the module. */
    function getSingletonClasses(): Set<ClassNode> {
      if (singletonClasses) return singletonClasses;
      const loadTime = new Set<ClassNode>();
      const repeated = new Set<ClassNode>();
      for (const expression of instantiations) {
        const instantiated = classOf(expression.callee);
        if (!instantiated) continue;
        (runs.runsRepeatedlyAt(expression) ? repeated : loadTime).add(instantiated);
      }
      singletonClasses = new Set([...loadTime].filter((node) => !repeated.has(node)));
      return singletonClasses;
    }

    function classOf(callee: TSESTree.Node): ClassNode | null {
      const value = unwrap(callee);
      if (value.type === AST_NODE_TYPES.ClassExpression) return value;
      if (value.type !== AST_NODE_TYPES.Identifier) return null;
      const definition = keys.variableOf(value)?.defs[0];
      if (definition?.type === DefinitionType.ClassName) return definition.node;
      const init = definition?.type === DefinitionType.Variable ? definition.node.init : null;
      return init?.type === AST_NODE_TYPES.ClassExpression ? init : null;
    }

    function isModuleLevelObject(object: TSESTree.ObjectExpression): boolean {
      const holder = object.parent;
      return holder.type === AST_NODE_TYPES.VariableDeclarator && isModuleLevelScope(sourceCode.getScope(holder));
    }

    /** A handler that comes from the caller: the function only forwards it, and the caller owns it. */
    function isForwardedHandler(handler: TSESTree.Node): boolean {
      const value = unwrap(handler);
      if (value.type !== AST_NODE_TYPES.Identifier) return false;
      return keys.variableOf(value)?.defs[0]?.type === DefinitionType.Parameter;
    }

    /** EventTarget ignores a second `addEventListener` of the same function: a stable handler cannot pile up. */
    function isStableHandler(handler: TSESTree.Node): boolean {
      const value = unwrap(handler);
      if (value.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = keys.variableOf(value);
      return !!variable && isModuleLevelVariable(variable) && !isReassigned(variable);
    }

    /** `const off = emitter.on(…)`, `return subscribe(…)`: the result (a disposer) is handed on. */
    function isResultHandedOn(call: TSESTree.CallExpression): boolean {
      let current: TSESTree.Node = call;
      while (
        current.parent &&
        (current.parent.type === AST_NODE_TYPES.ChainExpression ||
          current.parent.type === AST_NODE_TYPES.TSAsExpression ||
          current.parent.type === AST_NODE_TYPES.TSNonNullExpression)
      ) {
        current = current.parent;
      }
      const parent = current.parent;
      if (!parent) return false;
      switch (parent.type) {
        case AST_NODE_TYPES.ExpressionStatement:
        case AST_NODE_TYPES.UnaryExpression:
        case AST_NODE_TYPES.SequenceExpression:
          return false;
        case AST_NODE_TYPES.MemberExpression:
          // `emitter.on(…).on(…)`: chaining returns the emitter, not a disposer.
          return parent.object !== current;
        case AST_NODE_TYPES.ArrowFunctionExpression:
          // A concise arrow passed as a callback discards the result; one stored or returned hands it on.
          return parent.parent.type !== AST_NODE_TYPES.CallExpression;
        default:
          return true;
      }
    }

    /**
     * Setup functions whose callers the file does not show (`export function main()`, `connectDatabase()`)
     * run once per process by convention; so does code installing process-wide policies (signal and
     * crash handlers). Both are reported only when the file shows the code repeating.
     */
    function isBootstrapRegistration(addition: Addition, target: LongLivedTarget): boolean {
      const unseen = runs.unseenCallerFunction(addition.call);
      if (!unseen) return false;
      // A request handler by its signature (a Next.js route, a serverless handler) is called by the platform per request.
      if (describeHandler(unseen, sourceCode, context.filename)) return false;
      if (isStartupFunction(unseen)) return true;
      if (unseen.parent.type === AST_NODE_TYPES.MethodDefinition && isCalledOnlyAtStartup(unseen.parent)) return true;
      const event = addition.event ? staticEventName(addition.event) : null;
      return target.key === PROCESS_KEY && event !== null && PROCESS_POLICY_EVENTS.has(event);
    }

    /**
     * A method of a class this file keeps to itself, called only at startup: every instance is
     * created here and held in a variable used only as a method receiver, the class neither
     * exported nor extended, no `this.method` inside it (a reconnect path, a bound callback), and
     * each `instance.method()` runs once (load-time code or a setup function). `session.listen()`
     * at startup is one-shot code.
     */
    function isCalledOnlyAtStartup(method: TSESTree.MethodDefinition): boolean {
      const classNode = method.parent.parent;
      const name = method.kind === 'method' && !method.static ? getStaticPropertyName(method) : null;
      // Rare path (an addition in such a method): reading the class's text is cheaper than tracking every `this.x`.
      if (name === null || sourceCode.getText(classNode).includes(`this.${name}`)) return false;
      const classVariable = classVariableOf(classNode);
      const holder = classNode.parent;
      if (!classVariable || holder.type === AST_NODE_TYPES.ExportNamedDeclaration || holder.type === AST_NODE_TYPES.ExportDefaultDeclaration) return false;
      let calls = 0;
      for (const reference of classVariable.references) {
        const creation = reference.identifier.parent;
        if (creation.type !== AST_NODE_TYPES.NewExpression || creation.callee !== reference.identifier) return false;
        const instance = instanceVariableOf(creation);
        if (!instance) return false;
        for (const use of instance.references) {
          if (use.init) continue;
          const member = use.identifier.parent;
          const call = member.parent;
          if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== use.identifier || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) {
            return false; // the instance is handed on: code elsewhere may call the method again
          }
          if (getStaticPropertyName(member) !== name) continue;
          if (runs.runsRepeatedlyAt(call)) {
            const caller = runs.unseenCallerFunction(call);
            if (!caller || !isStartupFunction(caller)) return false;
          }
          calls++;
        }
      }
      return calls > 0;
    }

    function classVariableOf(classNode: ClassNode): TSESLint.Scope.Variable | null {
      if (classNode.type === AST_NODE_TYPES.ClassDeclaration) return sourceCode.scopeManager?.getDeclaredVariables(classNode)[0] ?? null;
      const holder = classNode.parent;
      return holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === classNode ? (sourceCode.scopeManager?.getDeclaredVariables(holder)[0] ?? null) : null;
    }

    /** `const session = useIpc ? new IpcSession() : new Session()`: the variable an instance is kept in. */
    function instanceVariableOf(creation: TSESTree.NewExpression): TSESLint.Scope.Variable | null {
      let value: TSESTree.Node = creation;
      while (
        value.parent?.type === AST_NODE_TYPES.ConditionalExpression ||
        value.parent?.type === AST_NODE_TYPES.LogicalExpression ||
        value.parent?.type === AST_NODE_TYPES.TSAsExpression ||
        value.parent?.type === AST_NODE_TYPES.TSNonNullExpression
      ) {
        value = value.parent;
      }
      const declarator = value.parent;
      if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== value || declarator.id.type !== AST_NODE_TYPES.Identifier) return null;
      if (declarator.parent.kind !== 'const') return null;
      return sourceCode.scopeManager?.getDeclaredVariables(declarator)[0] ?? null;
    }

    function isGuarded(call: TSESTree.CallExpression): boolean {
      const boundary = getOutermostFunction(call);
      if (!boundary) return false;
      return state.guardTestsOf(call, boundary).some((test) => state.readsState(test, isListenerCountRead));
    }

    function evaluate(addition: Addition): void {
      const { call, handler } = addition;
      if (!runs.runsRepeatedlyAt(call)) return;
      const target = longLivedTarget(addition);
      if (!target || isBootstrapRegistration(addition, target)) return;
      if (servesReturnedObject(sourceCode, call)) return;
      if (isForwardedHandler(handler)) return;
      if (addition.eventTarget && isStableHandler(handler)) return;
      flushReleases();
      if (addition.signal && isReleasedBySignal(addition.signal)) return;
      if (isResultHandedOn(call) || isGuarded(call)) return;
      const eventKey = addition.registration ? '' : addition.event ? eventPart(addition.event, UNKNOWN) : UNKNOWN;
      const fresh = addition.registration ? isFreshHandler(handler) : isFreshFunction(handler);
      const handlerKey = fresh ? UNKNOWN : (keys.keyOf(handler) ?? UNKNOWN);
      if (ledger.isReleased([target.key, eventKey, handlerKey])) return;
      const data = { what: describe(addition), target: label(addition.target), runs: describeRuns(call) };
      if (ledger.hasMismatchedRelease([target.key, eventKey])) {
        context.report({ node: call, messageId: 'removalNeverMatches', data });
      } else {
        context.report({ node: call, messageId: fresh ? 'listenerCannotBeRemoved' : 'listenerNeverRemoved', data });
      }
    }

    /** " (on every request: registered with `app.get` on line 4)" when a framework shows how often it runs. */
    function describeRuns(call: TSESTree.CallExpression): string {
      const handler = findHandlerEvidence(call, sourceCode, context.filename);
      return handler ? ` (${handler.when}: ${handler.reason})` : '';
    }

    function flushReleases(): void {
      for (const release of pendingReleases) release();
      pendingReleases.length = 0;
    }

    function describe(addition: Addition): string {
      if (addition.registration) return 'handler';
      const name = addition.event ? staticEventName(addition.event) : null;
      return name === null ? 'listener' : `'${name}' listener`;
    }

    function label(node: TSESTree.Node): string {
      const text = sourceCode.getText(node).replace(/\s+/gu, ' ');
      return text.length > MAX_LABEL_LENGTH ? `${text.slice(0, MAX_LABEL_LENGTH - 1)}…` : text;
    }

    return {
      Program() {
        if (hasRegistrationModule) collectRegistrationCalls();
      },
      [INTERESTING_CALL](node: TSESTree.CallExpression) {
        const callee = node.callee;
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : getStaticPropertyName(callee);
        if (method === null || (!INTERESTING_METHODS.has(method) && !registrationCalls.has(node))) return;
        const registration = registrationCalls.get(node);
        if (registration) {
          const [handler] = node.arguments;
          if (handler && handler.type !== AST_NODE_TYPES.SpreadElement) {
            additions.push({ call: node, target: callee.object, event: null, handler, eventTarget: false, signal: null, registration });
          }
        } else if (ADD_LISTENER_METHODS.has(method)) recordAddition(node, callee, method);
        // Releases are resolved only if some addition needs them (most files have no candidate).
        else if (REMOVE_LISTENER_METHODS.has(method)) pendingReleases.push(() => recordRemoval(node, callee));
        else if (REMOVE_ALL_LISTENERS_METHODS.has(method)) pendingReleases.push(() => recordRemoveAll(node, callee));
        else if (method === 'abort') {
          pendingReleases.push(() => {
            const key = keys.keyOf(callee.object);
            if (key !== null) abortedControllers.add(key);
          });
        } else if (hasRegistrationModule && (REGISTRATION_REMOVE_METHODS.has(method) || REGISTRATION_CLEAR_METHODS.has(method))) {
          pendingReleases.push(() => recordRegistrationRelease(node, callee, REGISTRATION_CLEAR_METHODS.has(method)));
        }
      },
      // Only member writes matter to the state analysis (`this.listening = true`).
      'AssignmentExpression[left.type="MemberExpression"]': (node: TSESTree.AssignmentExpression) => state.recordWrite(node),
      'UpdateExpression[argument.type="MemberExpression"]': (node: TSESTree.UpdateExpression) => state.recordWrite(node),
      ...(checkThisTargets ? { NewExpression: (node: TSESTree.NewExpression) => void instantiations.push(node) } : {}),
      'Program:exit'() {
        for (const addition of additions) evaluate(addition);
      },
    };
  },
});

/** `a.b.c` → base `a` and the member expressions `a.b`, `a.b.c`, innermost first. */
function memberChain(node: TSESTree.Node): { base: TSESTree.Node; members: TSESTree.MemberExpression[] } {
  const members: TSESTree.MemberExpression[] = [];
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    members.unshift(current);
    current = unwrap(current.object);
  }
  return { base: current, members };
}

function importSource(variable: Variable): string | null {
  const definition = variable.defs[0];
  if (definition?.type === DefinitionType.ImportBinding) {
    const declaration = definition.parent;
    return declaration?.type === AST_NODE_TYPES.ImportDeclaration ? declaration.source.value : null;
  }
  if (definition?.type !== DefinitionType.Variable) return null;
  return requireSource(definition.node.init);
}

/** `require('x')`, `require('x').y`: the module a CommonJS binding comes from. */
function requireSource(init: TSESTree.Expression | null): string | null {
  let current = init ? unwrap(init) : null;
  while (current?.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
  if (current?.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = unwrap(current.callee);
  const [argument] = current.arguments;
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require') return null;
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : null;
}

function isAtModuleLevel(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return false;
  }
  return true;
}

/** Registration handlers created on the spot (`new transports.File(…)`) can never be removed by reference. */
function isFreshHandler(node: TSESTree.Node): boolean {
  const value = unwrap(node);
  return (
    isFreshFunction(value) ||
    value.type === AST_NODE_TYPES.NewExpression ||
    value.type === AST_NODE_TYPES.CallExpression ||
    value.type === AST_NODE_TYPES.ObjectExpression
  );
}

/** `emitter.listenerCount('x')` in a test: the registration is installed only when none is there yet. */
function isListenerCountRead(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && LISTENER_COUNT_METHODS.has(getStaticPropertyName(callee) ?? '');
}
