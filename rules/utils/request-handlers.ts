import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { decoratorsOf, getStaticPropertyName, isFunctionNode, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import {
  EVENT_METHODS,
  HANDLER_KIND_PHRASES,
  type HandlerKind,
  HTTP_REQUEST_PARAMETERS,
  HTTP_RESPONSE_PARAMETERS,
  JOB_CONSTRUCTORS,
  JOB_METHODS,
  MIDDLEWARE_METHODS,
  NEST_HANDLER_DECORATORS,
  NEXT_API_ROUTE_FILE,
  NEXT_ROUTE_EXPORTS,
  NEXT_ROUTE_FILE,
  ROUTE_METHODS,
  ROUTE_TABLE_HANDLER_KEYS,
  ROUTE_TABLE_METHODS,
  ROUTE_TABLE_PATH_KEYS,
  SCHEDULE_CALLEES,
  SCHEDULE_CONSTRUCTORS,
  SERVERLESS_EVENT_PARAMETERS,
  SERVERLESS_HANDLER_NAMES,
  SERVER_FACTORIES,
} from './catalogs/request-handlers.js';
import { toPosixPath } from './globs.js';
import { getImportedBinding } from './imports.js';
import { isImmediatelyInvoked } from './scope.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Registration = TSESTree.CallExpression | TSESTree.NewExpression;

/**
 * The execution-context model, handler level: which functions a framework calls with the traffic
 * (on every request, message, job or tick), and the evidence for it in words a message can quote:
 * "runs on every request: registered with `app.get` on line 12".
 *
 * Two kinds of evidence:
 * - a registration the file shows (`app.get('/x', fn)`, `new Worker('q', fn)`, `@Get()`), which only
 *   names what rules already treat as repeated code;
 * - a signature (`export async function GET` in a Next.js `route.ts`, `export const handler =
 *   async (event, context)`, an exported `(req, res)` function), which tells a request handler from an
 *   exported function whose callers are unknown: the framework is the caller.
 */
export interface HandlerEvidence {
  kind: HandlerKind;
  /** "runs on every request: registered with `app.get` on line 12". */
  text: string;
  /** "runs on every request". */
  phrase: string;
  /** "on every request". */
  when: string;
  /** "registered with `app.get` on line 12". */
  reason: string;
  /** Whether the evidence is the function's own signature rather than a registration in the file. */
  bySignature: boolean;
}

const MAX_CALLEE_TEXT = 40;
const MAX_REFERENCES = 32;
const NEST_PACKAGE_PREFIX = '@nestjs/';
const NEST_PROCESSOR_DECORATOR = 'Processor';
const NEST_PROCESSOR_METHOD = 'process';

const handlerCache = new WeakMap<TSESTree.Node, HandlerEvidence | null>();

/** Why `fn` runs with the traffic, or null when nothing in the file shows a framework calling it. */
export function describeHandler(fn: TSESTree.FunctionLike, sourceCode: SourceCode, filename: string): HandlerEvidence | null {
  let known = handlerCache.get(fn);
  if (known === undefined) {
    known = computeHandler(fn, sourceCode, toPosixPath(filename));
    handlerCache.set(fn, known);
  }
  return known;
}

/**
 * The evidence of the nearest enclosing function a framework calls with the traffic. Walks only the
 * ancestors of `node`: call it when a rule is about to report, not per node.
 */
export function findHandlerEvidence(node: TSESTree.Node, sourceCode: SourceCode, filename: string): HandlerEvidence | null {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current) || isImmediatelyInvoked(current)) continue;
    const evidence = describeHandler(current, sourceCode, filename);
    if (evidence) return evidence;
  }
  return null;
}

function computeHandler(fn: TSESTree.FunctionLike, sourceCode: SourceCode, filename: string): HandlerEvidence | null {
  const outer = skipParentTypeWrappers(fn);
  const parent = outer.parent;
  if (parent && (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.callee !== outer) {
    return registrationEvidence(parent, outer, sourceCode);
  }
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === outer) return routeTableEvidence(parent, sourceCode);
  if (parent?.type === AST_NODE_TYPES.MethodDefinition) return decoratorEvidence(parent, sourceCode);
  return signatureEvidence(fn, filename) ?? referenceEvidence(fn, sourceCode);
}

// -- Registrations the file shows ----------------------------------------------------------------

/** `app.get('/x', fn)`, `socket.on('message', fn)`, `new Worker('q', fn)`, `cron.schedule(expr, fn)`. */
function registrationEvidence(call: Registration, callback: TSESTree.Node, sourceCode: SourceCode): HandlerEvidence | null {
  const kind = registrationKind(call, callback);
  if (kind === null) return null;
  const callee = sourceCode.getText(call.callee).replace(/\s+/gu, '');
  const label = callee.length > MAX_CALLEE_TEXT ? `${callee.slice(0, MAX_CALLEE_TEXT - 1)}…` : callee;
  const written = call.type === AST_NODE_TYPES.NewExpression ? `new ${label}` : label;
  const phrase = typeof kind === 'string' ? HANDLER_KIND_PHRASES[kind] : `on every '${kind.event}' event`;
  return evidence(typeof kind === 'string' ? kind : 'event', phrase, `registered with \`${written}\` on line ${call.loc.start.line}`);
}

function registrationKind(call: Registration, callback: TSESTree.Node): HandlerKind | { event: string } | null {
  const callee = skipTypeWrappers(call.callee);
  const name = calleeName(callee);
  if (name === null) return null;
  const index = call.arguments.indexOf(callback as TSESTree.Expression);
  if (call.type === AST_NODE_TYPES.NewExpression) {
    if (JOB_CONSTRUCTORS.has(name) && index === 1 && isStringLike(call.arguments[0])) return 'job';
    return SCHEDULE_CONSTRUCTORS.has(name) && index >= 1 ? 'schedule' : null;
  }
  if (SCHEDULE_CALLEES.has(name)) return 'schedule';
  if (Object.hasOwn(SERVER_FACTORIES, name)) return SERVER_FACTORIES[name]!;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  if (ROUTE_METHODS.has(name)) return index >= 1 && isRoutePath(call.arguments[0]) ? 'request' : null;
  if (MIDDLEWARE_METHODS.has(name)) return isRoutePath(call.arguments[0]) || takesRequest(callback) ? 'request' : null;
  if (EVENT_METHODS.has(name)) {
    const event = call.arguments[0];
    return index >= 1 && event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' ? { event: event.value } : null;
  }
  return JOB_METHODS.has(name) ? 'job' : null;
}

/** `fastify.route({ url: '/x', handler })`, hapi's `server.route({ path: '/x', handler })`. */
function routeTableEvidence(property: TSESTree.Property, sourceCode: SourceCode): HandlerEvidence | null {
  const key = getStaticPropertyName(property);
  const table = property.parent;
  if (key === null || !ROUTE_TABLE_HANDLER_KEYS.has(key) || table.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const namesPath = table.properties.some((entry) => entry.type === AST_NODE_TYPES.Property && ROUTE_TABLE_PATH_KEYS.has(getStaticPropertyName(entry) ?? ''));
  const holder = table.parent.type === AST_NODE_TYPES.ArrayExpression ? table.parent.parent : table.parent;
  if (!namesPath || holder?.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(skipTypeWrappers(holder.callee));
  if (name === null || !ROUTE_TABLE_METHODS.has(name)) return null;
  return evidence('request', HANDLER_KIND_PHRASES.request, `the \`${key}\` of a route registered with \`${sourceCode.getText(holder.callee)}\` on line ${holder.loc.start.line}`);
}

/** A NestJS controller, gateway, resolver or processor method: `@Get()`, `@MessagePattern('x')`, `@Cron('…')`. */
function decoratorEvidence(method: TSESTree.MethodDefinition, sourceCode: SourceCode): HandlerEvidence | null {
  for (const decorator of nestDecoratorsOf(method, sourceCode)) {
    if (!Object.hasOwn(NEST_HANDLER_DECORATORS, decorator.name)) continue;
    const kind = NEST_HANDLER_DECORATORS[decorator.name]!;
    return evidence(kind, HANDLER_KIND_PHRASES[kind], `decorated with \`@${decorator.name}()\` from '${decorator.module}'`);
  }
  return processorEvidence(method, sourceCode);
}

/** `@Processor('emails') class EmailProcessor extends WorkerHost { async process(job) … }` (@nestjs/bullmq). */
function processorEvidence(method: TSESTree.MethodDefinition, sourceCode: SourceCode): HandlerEvidence | null {
  if (getStaticPropertyName(method) !== NEST_PROCESSOR_METHOD || method.static) return null;
  const processor = nestDecoratorsOf(method.parent.parent, sourceCode).find((decorator) => decorator.name === NEST_PROCESSOR_DECORATOR);
  if (!processor) return null;
  return evidence('job', HANDLER_KIND_PHRASES.job, `the \`process\` method of a \`@Processor()\` from '${processor.module}'`);
}

/**
 * The decorators of `node` imported from a `@nestjs/` package (`@Get()` from elsewhere is someone
 * else's `Get`), by the name the file uses and the module.
 */
function nestDecoratorsOf(node: TSESTree.Node, sourceCode: SourceCode): { name: string; module: string }[] {
  const found: { name: string; module: string }[] = [];
  for (const decorator of decoratorsOf(node)) {
    const expression = decorator.expression;
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    if (callee.type !== AST_NODE_TYPES.Identifier) continue;
    const module = getImportedBinding(sourceCode, callee)?.module;
    if (module?.startsWith(NEST_PACKAGE_PREFIX)) found.push({ name: callee.name, module });
  }
  return found;
}

/** `const handle = async (req, res) => …; app.get('/x', handle)`: a named function handed to a registration. */
function referenceEvidence(fn: TSESTree.FunctionLike, sourceCode: SourceCode): HandlerEvidence | null {
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : skipParentTypeWrappers(fn).parent;
  if (!declaration || (declaration.type !== AST_NODE_TYPES.FunctionDeclaration && declaration.type !== AST_NODE_TYPES.VariableDeclarator)) return null;
  const [variable] = sourceCode.scopeManager?.getDeclaredVariables(declaration) ?? [];
  if (!variable) return null;
  for (const reference of variable.references.slice(0, MAX_REFERENCES)) {
    if (reference.init) continue;
    const use = skipParentTypeWrappers(reference.identifier);
    const call = use.parent;
    if ((call?.type === AST_NODE_TYPES.CallExpression || call?.type === AST_NODE_TYPES.NewExpression) && call.callee !== use) {
      const evidence = registrationEvidence(call, use, sourceCode);
      if (evidence) return evidence;
    }
  }
  return null;
}

// -- Signatures ------------------------------------------------------------------------------------

/**
 * An exported function that a platform calls with the traffic, by its name, file and parameters:
 * Next.js route handlers and API routes, serverless handlers, `(req, res)` HTTP handlers.
 */
function signatureEvidence(fn: TSESTree.FunctionLike, filename: string): HandlerEvidence | null {
  const exported = exportedNameOf(fn);
  if (exported === null) return null;
  if (NEXT_ROUTE_FILE.test(filename) && NEXT_ROUTE_EXPORTS.has(exported)) {
    return evidence('request', HANDLER_KIND_PHRASES.request, `the Next.js route handler \`${exported}\` of a route file`, true);
  }
  if (exported === 'default' && NEXT_API_ROUTE_FILE.test(filename)) {
    return evidence('request', HANDLER_KIND_PHRASES.request, 'the default export of a Next.js `pages/api` route', true);
  }
  const [first, second] = fn.params.map(parameterName);
  if (SERVERLESS_HANDLER_NAMES.has(exported) && first !== undefined && SERVERLESS_EVENT_PARAMETERS.has(first)) {
    return evidence('invocation', HANDLER_KIND_PHRASES.invocation, `the serverless handler \`${exported}(${first}, …)\``, true);
  }
  if (first !== undefined && second !== undefined && HTTP_REQUEST_PARAMETERS.has(first) && HTTP_RESPONSE_PARAMETERS.has(second)) {
    return evidence('request', HANDLER_KIND_PHRASES.request, `an exported HTTP handler \`(${first}, ${second})\``, true);
  }
  return null;
}

/**
 * The name other modules import `fn` by: `export function GET`, `export const handler = …`,
 * `export default function`, `exports.handler = …`, `module.exports = …` ('default'), or null.
 */
export function exportedNameOf(fn: TSESTree.FunctionLike): string | null {
  const outer = skipParentTypeWrappers(fn);
  const parent = outer.parent;
  if (!parent) return null;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return 'default';
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return parent.type === AST_NODE_TYPES.ExportNamedDeclaration && fn.id ? fn.id.name : null;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration ? parent.id.name : null;
  }
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === outer) return commonJsExportName(parent.left);
  return null;
}

/** `module.exports = …` → 'default'; `exports.x = …` and `module.exports.x = …` → 'x'. */
function commonJsExportName(target: TSESTree.Node): string | null {
  if (target.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = target.object;
  const name = getStaticPropertyName(target);
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'module') return name === 'exports' ? 'default' : null;
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') return name;
  const isModuleExports =
    object.type === AST_NODE_TYPES.MemberExpression &&
    object.object.type === AST_NODE_TYPES.Identifier &&
    object.object.name === 'module' &&
    getStaticPropertyName(object) === 'exports';
  return isModuleExports ? name : null;
}

// -- Pure helpers ------------------------------------------------------------------------------------

function evidence(kind: HandlerKind, when: string, reason: string, bySignature = false): HandlerEvidence {
  const phrase = `runs ${when}`;
  return { kind, phrase, when, reason, text: `${phrase}: ${reason}`, bySignature };
}

function calleeName(callee: TSESTree.Node): string | null {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
}

function parameterName(parameter: TSESTree.Parameter): string | undefined {
  const binding = parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.left : parameter;
  return binding.type === AST_NODE_TYPES.Identifier ? binding.name : undefined;
}

/** A route path: `'/users/:id'`, `` `/api/${version}` ``, `'*'`. */
function isRoutePath(node: TSESTree.Node | undefined): boolean {
  if (node?.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' && /^[/*]/u.test(node.value);
  if (node?.type === AST_NODE_TYPES.TemplateLiteral) return /^[/*]/u.test(node.quasis[0]?.value.cooked ?? '');
  return false;
}

function isStringLike(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  return (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') || node.type === AST_NODE_TYPES.TemplateLiteral || node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression;
}

/** Middleware takes the request first: `(req, res, next)`, `(ctx, next)`. */
function takesRequest(callback: TSESTree.Node): boolean {
  if (!isFunctionNode(callback)) return false;
  const first = callback.params[0] && parameterName(callback.params[0]);
  return first !== undefined && (HTTP_REQUEST_PARAMETERS.has(first) || first === 'ctx');
}
