import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFreshFunction, UNKNOWN } from './utils/acquire-release.js';
import { getStaticPropertyName } from './utils/ast.js';
import {
  ADD_LISTENER_METHODS,
  EVENT_TARGET_ADD_METHOD,
  REGISTRATION_APIS,
  REMOVE_ALL_LISTENERS_METHODS,
  REMOVE_LISTENER_METHODS,
} from './utils/catalogs/listener-apis.js';
import { createRule } from './utils/create-rule.js';
import { importsAnyModule } from './utils/imports.js';
import { includesAnyWord } from './utils/text-search.js';
import { stringListOption } from './utils/option-schemas.js';
import { type Addition, collectRegistrationCalls, createListenerFile, eventPart, type ListenerFile, staticEventName, type AdditionSite } from './utils/listener-file.js';
import { findReRegistration } from './utils/listener-handler-slots.js';
import {
  flushReleases,
  isForwardedHandler,
  isFreshHandler,
  isGuarded,
  isReleasedByOwnerKey,
  isReleasedBySignal,
  isResultHandedOn,
  isStableHandler,
  parseListenerOptions,
  recordRegistrationRelease,
  recordRemoval,
  recordRemoveAll,
  recordWrapperRemoval,
} from './utils/listener-releases.js';
import { isBootstrapRegistration } from './utils/listener-startup.js';
import { longLivedTarget } from './utils/listener-targets.js';
import {
  describeRepeatedConstruction,
  enclosingConstructor,
  isFunctionValued,
  isWrapperSubscribeName,
  isWrapperUnsubscribeName,
} from './utils/listener-wrappers.js';
import { servesReturnedObject } from './utils/ownership.js';
import { selectorNamesPattern } from './utils/regexp.js';
import { findHandlerEvidence } from './utils/request-handlers.js';

type Options = [{ longLivedTargets?: string[]; checkThisTargets?: boolean; checkWrapperRegistrations?: boolean }];
type MessageIds = 'listenerNeverRemoved' | 'listenerCannotBeRemoved' | 'removalNeverMatches' | 'handlerSlotOverwritten';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/**
 * Every addition is a member call of `on` or a `…Listener` method (or a catalog registration): a
 * file without these substrings has none. Substring searches, because a regex over every file
 * costs more than the rule's work on most of them.
 */
const ADDITION_TEXTS = ['.on', 'Listener', "'on'", '"on"', '`on`'];
/** With `checkWrapperRegistrations`, a project's event service also registers through these words. */
const WRAPPER_TEXTS = ['.subscribe', '.register', '.add'];
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
/**
 * The calls the rule reads: a member call of a listener or catalog method, or a computed one
 * (`emitter['on'](…)`). ESLint's selector engine filters the rest of the file's calls out.
 */
const INTERESTING_CALL = [
  `CallExpression[callee.type="MemberExpression"][callee.property.name=${selectorNamesPattern([...INTERESTING_METHODS, ...REGISTRATION_APIS.map((api) => api.add)])}]`,
  'CallExpression[callee.type="MemberExpression"][callee.computed=true]',
].join(', ');
/** Calls whose name may register or unregister through a project's event service (filtered by the catalog). */
const WRAPPER_CALL = 'CallExpression[callee.type="MemberExpression"][callee.property.name=/^(?:on[A-Z0-9_]|subscribe|add[A-Z]|register|off|unsubscribe|remove|unregister)/]';

export default createRule<Options, MessageIds>({
  name: 'no-leaked-listener',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow listeners added on every call to long-lived targets and never removed.',
      skipScripts: true,
      recommended: 'warn',
      strictOptions: { checkThisTargets: true, checkWrapperRegistrations: true },
    },
    messages: {
      listenerNeverRemoved:
        "This {{what}} is added to long-lived '{{target}}' every time the enclosing code runs{{runs}} and is never removed, so '{{target}}' keeps every copy and everything its closure reaches for as long as it lives.",
      listenerCannotBeRemoved:
        "This {{what}} is created inline and added to long-lived '{{target}}' every time the enclosing code runs{{runs}}, so it can never be removed and '{{target}}' keeps every copy and everything its closure reaches; keep a reference and remove it when the work is done.",
      removalNeverMatches:
        "This {{what}} on long-lived '{{target}}' is removed with a new function, which never matches the one added here, so every copy stays registered for as long as '{{target}}' lives.",
      handlerSlotOverwritten:
        "This {{what}} on long-lived '{{target}}' is kept in '{{handler}}', which '{{method}}' fills with a new function each time it runs again (called on line {{line}}) while the previous one is still registered, so only the last can be removed and '{{target}}' keeps every earlier copy; remove the previous handler before storing a new one, or return when one is set.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          longLivedTargets: stringListOption(
            'Extra long-lived targets: global or variable names (`bus`, `app.events`) or import paths (`./event-bus`, `@acme/bus`) whose exports live as long as the process.',
          ),
          checkThisTargets: {
            type: 'boolean',
            description:
              'Also report listeners added to `this` or `this.<field>` in methods of a class whose only instance is a module-level singleton.',
          },
          checkWrapperRegistrations: {
            type: 'boolean',
            description:
              "Also report handlers registered through a project's own event service: calls named like a subscription (`onEvent`, `subscribe`, `addListener`, `register*Handler`) with a function argument, on a module-level service or one handed to the class's constructor.",
          },
        },
      },
    ],
    defaultOptions: [{ longLivedTargets: [], checkThisTargets: false, checkWrapperRegistrations: false }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const hasRegistrationModule = importsAnyModule(sourceCode, REGISTRATION_MODULES);
    const checkWrappers = options.checkWrapperRegistrations ?? false;
    const texts = checkWrappers ? [...ADDITION_TEXTS, ...WRAPPER_TEXTS] : ADDITION_TEXTS;
    if (!hasRegistrationModule && !includesAnyWord(sourceCode.text, texts)) return {};
    const file = createListenerFile(context, options, hasRegistrationModule);
    return {
      Program() {
        if (hasRegistrationModule) collectRegistrationCalls(file);
      },
      [checkWrappers ? `${INTERESTING_CALL}, ${WRAPPER_CALL}` : INTERESTING_CALL]: (node: TSESTree.CallExpression) => recordCall(file, node),
      // Only member writes matter to the state analysis (`this.listening = true`).
      'AssignmentExpression[left.type="MemberExpression"]': (node: TSESTree.AssignmentExpression) => file.writes.recordWrite(node),
      'UpdateExpression[argument.type="MemberExpression"]': (node: TSESTree.UpdateExpression) => file.writes.recordWrite(node),
      'Program:exit'() {
        for (const addition of file.additions) evaluate(file, context, addition);
        for (const candidate of file.wrapperCandidates) evaluateWrapperCandidate(file, context, candidate);
      },
    };
  },
});

/** Records what a listener or registration call does: an addition now, a release for later. */
function recordCall(file: ListenerFile, node: TSESTree.CallExpression): void {
  const callee = node.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
  const method = !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : getStaticPropertyName(callee);
  if (method === null) return;
  if (file.checkWrappers) recordWrapperCall(file, node, callee, method);
  if (!INTERESTING_METHODS.has(method) && !file.registrationCalls.has(node)) return;
  const registration = file.registrationCalls.get(node);
  if (registration) {
    const [handler] = node.arguments;
    if (handler && handler.type !== AST_NODE_TYPES.SpreadElement) {
      file.additions.push({ call: node, target: callee.object, event: null, handler, eventTarget: false, signal: null, registration, wrapperMethod: null });
    }
  } else if (ADD_LISTENER_METHODS.has(method)) {
    if (!recordAddition(file, node, callee, method) && file.checkWrappers && isWrapperSubscribeName(method)) recordWrapperAddition(file, node, callee, method);
  }
  // Releases are resolved only if some addition needs them (most files have no candidate).
  else if (REMOVE_LISTENER_METHODS.has(method)) file.pendingReleases.push(() => recordRemoval(file, node, callee));
  else if (REMOVE_ALL_LISTENERS_METHODS.has(method)) file.pendingReleases.push(() => recordRemoveAll(file, node, callee));
  else if (method === 'abort') {
    file.pendingReleases.push(() => {
      const key = file.keys.keyOf(callee.object);
      if (key !== null) file.abortedControllers.add(key);
    });
  } else if (file.hasRegistrationModule && (REGISTRATION_REMOVE_METHODS.has(method) || REGISTRATION_CLEAR_METHODS.has(method))) {
    file.pendingReleases.push(() => recordRegistrationRelease(file, node, callee, REGISTRATION_CLEAR_METHODS.has(method)));
  }
}

/** Returns whether the call has the shape of an emitter's addition (recorded or released by its options). */
function recordAddition(file: ListenerFile, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): boolean {
  const args = call.arguments;
  const eventTarget = method === EVENT_TARGET_ADD_METHOD;
  // EventEmitter's `on(event, listener)` takes exactly two arguments; routers' `on(method, path, handler)` do not.
  if (args.length < 2 || args.length > (eventTarget ? 3 : 2)) return false;
  if (args.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return false;
  const [event, handler, listenerOptions] = args as TSESTree.Expression[];
  if (!event || !handler || handler.type === AST_NODE_TYPES.Literal) return false;
  let signal: TSESTree.Node | null = null;
  if (listenerOptions) {
    const parsed = parseListenerOptions(listenerOptions);
    if (parsed === 'released') return true;
    signal = parsed;
  }
  file.additions.push({ call, target: callee.object, event, handler, eventTarget, signal, registration: null, wrapperMethod: null });
  return true;
}

/** `this.events.onEvent(type, handler)`: the last function argument is the handler the service keeps. */
function recordWrapperAddition(file: ListenerFile, call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): void {
  if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return;
  file.wrapperCandidates.push({ call, target: callee.object, event: null, eventTarget: false, signal: null, registration: null, wrapperMethod: method });
}

/** A wrapper registration is an addition once its target is long-lived and one argument is a function. */
function evaluateWrapperCandidate(file: ListenerFile, context: Context, candidate: AdditionSite): void {
  if (!longLivedTarget(file, candidate)) return;
  const handler = candidate.call.arguments.findLast((argument) => isFunctionValued(argument, file.keys));
  if (handler) evaluate(file, context, { ...candidate, handler });
}

/** With `checkWrapperRegistrations`: a subscription or unsubscription by the method's name alone. */
function recordWrapperCall(file: ListenerFile, node: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): void {
  if (ADD_LISTENER_METHODS.has(method) || file.registrationCalls.has(node)) return; // read as an emitter's addition first
  if (isWrapperSubscribeName(method)) recordWrapperAddition(file, node, callee, method);
  else if (isWrapperUnsubscribeName(method)) file.pendingReleases.push(() => recordWrapperRemoval(file, node, callee));
}

function evaluate(file: ListenerFile, context: Context, addition: Addition): void {
  const { call, handler } = addition;
  // The target first: most additions are on short-lived emitters, and that is the cheaper question.
  const target = longLivedTarget(file, addition);
  if (!target || !file.runs.runsRepeatedlyAt(call)) return;
  // Weak evidence (a subscription by its name, a target known only as injected) in a constructor
  // needs the file to show the class built more than once.
  const weak = addition.wrapperMethod !== null || target.injected;
  const constructor = weak ? enclosingConstructor(call, file.keys) : null;
  const construction = constructor ? describeRepeatedConstruction(constructor.parent.parent, file.sourceCode, file.runs) : null;
  if (constructor ? construction === null : isBootstrapRegistration(file, addition, target)) return;
  if (servesReturnedObject(file.sourceCode, call)) return;
  if (isForwardedHandler(file, handler)) return;
  if (addition.eventTarget && isStableHandler(file, handler)) return;
  flushReleases(file);
  if (addition.signal && isReleasedBySignal(file, addition.signal)) return;
  if (isResultHandedOn(call) || isGuarded(file, call)) return;
  const byName = addition.registration !== null || addition.wrapperMethod !== null;
  const eventKey = byName ? '' : addition.event ? eventPart(file, addition.event, UNKNOWN) : UNKNOWN;
  const fresh = addition.registration ? isFreshHandler(handler) : isFreshFunction(handler);
  const handlerKey = fresh ? UNKNOWN : (file.keys.keyOf(handler) ?? UNKNOWN);
  if (file.ledger.isReleased([target.key, eventKey, handlerKey])) {
    const reRegistration = handlerKey === UNKNOWN ? null : findReRegistration(call, handler, file.sourceCode, file.keys, file.runs);
    if (reRegistration) {
      const { method, again } = reRegistration;
      const data = { what: describe(file, addition), target: label(file, addition.target), handler: file.sourceCode.getText(handler), method, line: String(again.loc.start.line) };
      context.report({ node: call, messageId: 'handlerSlotOverwritten', data });
    }
    return;
  }
  if (addition.wrapperMethod !== null && isReleasedByOwnerKey(file, addition, target)) return;
  const runsClause = construction ? ` (${construction})` : describeRuns(file, call);
  const data = { what: describe(file, addition), target: label(file, addition.target), runs: runsClause };
  if (file.ledger.hasMismatchedRelease([target.key, eventKey])) {
    context.report({ node: call, messageId: 'removalNeverMatches', data });
  } else {
    context.report({ node: call, messageId: fresh ? 'listenerCannotBeRemoved' : 'listenerNeverRemoved', data });
  }
}

/** " (on every request: registered with `app.get` on line 4)" when a framework shows how often it runs. */
function describeRuns(file: ListenerFile, call: TSESTree.CallExpression): string {
  const handler = findHandlerEvidence(call, file.sourceCode, file.filename);
  return handler ? ` (${handler.when}: ${handler.reason})` : '';
}

function describe(file: ListenerFile, addition: Addition): string {
  if (addition.wrapperMethod !== null) return `'${addition.wrapperMethod}' handler`;
  if (addition.registration) return 'handler';
  const name = addition.event ? staticEventName(file, addition.event) : null;
  return name === null ? 'listener' : `'${name}' listener`;
}

function label(file: ListenerFile, node: TSESTree.Node): string {
  const text = file.sourceCode.getText(node).replace(/\s+/gu, ' ');
  return text.length > MAX_LABEL_LENGTH ? `${text.slice(0, MAX_LABEL_LENGTH - 1)}…` : text;
}
