/**
 * Registrations of `no-leaked-listener` that are startup code although the file does not show
 * their callers: setup functions by name, lifecycle hooks, process-wide policies (signal and crash
 * handlers), and methods of a class the file keeps to itself and calls only at startup.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName } from './ast.js';
import { PROCESS_POLICY_EVENTS } from './catalogs/listener-apis.js';
import type { Addition, ClassNode, ListenerFile, LongLivedTarget } from './listener-file.js';
import { staticEventName } from './listener-file.js';
import { describeHandler } from './request-handlers.js';
import { mayRunRepeatedly, restsOnStartupCode } from './run-frequency.js';

const PROCESS_KEY = 'global:process';

/**
 * Setup functions whose callers the file does not show (`export function main()`, `connectDatabase()`)
 * run once per process by convention; so does code installing process-wide policies (signal and
 * crash handlers). Both are reported only when the file shows the code repeating.
 */
export function isBootstrapRegistration(file: ListenerFile, addition: Addition, target: LongLivedTarget): boolean {
  const runs = file.runs.at(addition.call);
  const unseen = runs.unseenCaller;
  if (!unseen) return false;
  // A request handler by its signature (a Next.js route, a serverless handler) is called by the platform per request.
  if (describeHandler(unseen, file.sourceCode, file.filename)) return false;
  if (restsOnStartupCode(runs)) return true;
  if (unseen.parent.type === AST_NODE_TYPES.MethodDefinition && isCalledOnlyAtStartup(file, unseen.parent)) return true;
  const event = addition.event ? staticEventName(file, addition.event) : null;
  return target.key === PROCESS_KEY && event !== null && PROCESS_POLICY_EVENTS.has(event);
}

/**
 * A method of a class this file keeps to itself, called only at startup: every instance is
 * created here and held in a variable used only as a method receiver, the class neither
 * exported nor extended, no `this.method` inside it (a reconnect path, a bound callback), and
 * each `instance.method()` file.runs once (load-time code or a setup function). `session.listen()`
 * at startup is one-shot code.
 */
function isCalledOnlyAtStartup(file: ListenerFile, method: TSESTree.MethodDefinition): boolean {
  const classNode = method.parent.parent;
  const name = method.kind === 'method' && !method.static ? getStaticPropertyName(method) : null;
  // Rare path (an addition in such a method): reading the class's text is cheaper than tracking every `this.x`.
  if (name === null || file.sourceCode.getText(classNode).includes(`this.${name}`)) return false;
  const classVariable = classVariableOf(file, classNode);
  const holder = classNode.parent;
  if (!classVariable || holder.type === AST_NODE_TYPES.ExportNamedDeclaration || holder.type === AST_NODE_TYPES.ExportDefaultDeclaration) return false;
  let calls = 0;
  for (const reference of classVariable.references) {
    const creation = reference.identifier.parent;
    if (creation.type !== AST_NODE_TYPES.NewExpression || creation.callee !== reference.identifier) return false;
    const instance = instanceVariableOf(file, creation);
    if (!instance) return false;
    for (const use of instance.references) {
      if (use.init) continue;
      const member = use.identifier.parent;
      const call = member.parent;
      if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== use.identifier || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) {
        return false; // the instance is handed on: code elsewhere may call the method again
      }
      if (getStaticPropertyName(member) !== name) continue;
      const runs = file.runs.at(call);
      if (mayRunRepeatedly(runs) && !restsOnStartupCode(runs)) return false;
      calls++;
    }
  }
  return calls > 0;
}

function classVariableOf(file: ListenerFile, classNode: ClassNode): TSESLint.Scope.Variable | null {
  if (classNode.type === AST_NODE_TYPES.ClassDeclaration) return file.sourceCode.scopeManager?.getDeclaredVariables(classNode)[0] ?? null;
  const holder = classNode.parent;
  return holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === classNode ? (file.sourceCode.scopeManager?.getDeclaredVariables(holder)[0] ?? null) : null;
}

/** `const session = useIpc ? new IpcSession() : new Session()`: the variable an instance is kept in. */
function instanceVariableOf(file: ListenerFile, creation: TSESTree.NewExpression): TSESLint.Scope.Variable | null {
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
  return file.sourceCode.scopeManager?.getDeclaredVariables(declarator)[0] ?? null;
}
