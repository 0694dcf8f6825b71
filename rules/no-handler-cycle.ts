import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Symbol as TsSymbol, Type as TsType } from 'typescript';
import { decoratorsOf, getStaticPropertyName, isFunctionNode, skipParentTypeWrappers, skipTypeWrappers } from './utils/ast.js';
import {
  ASYNC_CONTEXT_STORAGE,
  DISPOSE_METHOD_NAMES,
  INJECTED_SERVICE_NAME_PATTERN,
  LISTENER_METHODS,
  LISTENER_REMOVAL_PATTERN,
  LONG_LIVED_GLOBALS,
  REGISTRY_METHODS,
  REGISTRY_REMOVAL_METHODS,
  REPEATING_TIMER_FUNCTIONS,
  SHUTDOWN_HOOKS_NOT_CALLED_PER_REQUEST,
  SUBSCRIBE_METHOD_PATTERN,
  TIMER_CLEAR_FUNCTIONS,
  TIMER_MODULES,
} from './utils/catalogs/long-lived-holders.js';
import { isOrmRelationModule, ORM_RELATION_WRAPPERS } from './utils/catalogs/orm-relations.js';
import { createRule } from './utils/create-rule.js';
import { CALL, CONSTRUCT, iterateModuleReferences, type TraceMap } from './utils/imports.js';
import { getInjectionScope, getSingletonEvidence, type InjectionScope } from './utils/long-lived-objects.js';
import { selectorNamesPattern } from './utils/regexp.js';
import { isModuleLevelVariable, resolveVariable } from './utils/scope.js';
import { getTypeServices } from './utils/types.js';

type Options = [{ checkUnknownHelpers?: boolean; checkUnretained?: boolean; useTypes?: boolean }];
type MessageIds = 'cycle' | 'cycleRetained' | 'useWeakRef';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;
type Variable = TSESLint.Scope.Variable;

const { DefinitionType, ScopeType } = TSESLint.Scope;
/** Whether a helper keeps what it is given: seen in the code, impossible to tell (imported), or not. */
type Certainty = 'yes' | 'unknown' | 'no';
/** `construct`: called with `new` (stores on `this` count); `call`: a plain call (only what it returns counts). */
type CallMode = 'construct' | 'call';

/** A class whose instance methods and fields were seen: it can own helpers and register things. */
interface ClassFacts {
  node: ClassNode;
  /** `this` appears as an argument, a property value or an array element: only then can a store hold it. */
  passesThis: boolean;
  /** `this.<field> = value` and instance field initializers, in source order. */
  stores: Store[];
  registrations: Registration[];
  /** Calls that may undo a registration: `off`, `unsubscribe`, `delete`, `clearInterval`, … */
  removals: TSESTree.CallExpression[];
  /** `this.<field>` read inside a dispose-like method (`destroy`, `onModuleDestroy`, …), with the method names. */
  disposeReads: Map<string, Set<string>>;
}

interface Store {
  owner: ClassFacts;
  /** `handler`, `#handler`, `state.handler`. */
  field: string;
  value: TSESTree.Expression;
}

/** A call inside an instance context that may keep its arguments (`process.on`, `registry.add`, …). */
interface Registration {
  call: TSESTree.CallExpression;
  kind: 'listener' | 'subscription' | 'registry' | 'timer' | 'asyncContext';
  /** `this.<field>` read inside the arguments, in the same instance context. */
  reachedFields: Set<string>;
  /** `this` appears inside the arguments, in the same instance context. */
  reachesThis: boolean;
}

/** What a helper keeps of one argument: the whole value, or only some of its properties ('*': all of them). */
interface ParamRetention {
  whole: Certainty;
  keys: ReadonlySet<string>;
}

interface Signature {
  params: readonly ParamRetention[];
  /** Index from which every argument maps to `rest` (a rest parameter), or -1. */
  restIndex: number;
  rest: ParamRetention;
}

type ResolvedCallee =
  | { kind: 'class'; node: ClassNode }
  | { kind: 'function'; node: TSESTree.FunctionLike }
  /** Imported, required or ambient (`declare class`): a constructor whose body we cannot see. */
  | { kind: 'external' }
  | { kind: 'none' };

interface BackReferences {
  /** Each `this` (with its type wrappers) that ends up held, and the expression that holds it. */
  backReferences: { argument: TSESTree.Node; creator: TSESTree.Node }[];
  /** Same-file helper classes the back-reference goes through. */
  helperClasses: ClassNode[];
}

/** Why a registration keeps what it is handed for longer than the owner: the words a message quotes. */
interface Holder {
  registration: Registration;
  /** `on an injected service`, … : why the target outlives the owner, when that is not obvious from its name. */
  target: string;
}

const STORING_OPERATORS = new Set(['=', '||=', '??=', '&&=']);
/**
 * Calls that may register something with a long-lived holder (see `registrationKind`): ESLint's
 * selector engine hands over only these instead of every call in the file.
 */
const REGISTRATION_CALL = [
  `CallExpression[callee.type="Identifier"][callee.name=${selectorNamesPattern(REPEATING_TIMER_FUNCTIONS)}]`,
  `CallExpression[callee.type="MemberExpression"][callee.property.name=${selectorNamesPattern([
    ...LISTENER_METHODS,
    ...REGISTRY_METHODS,
    ...ASYNC_CONTEXT_STORAGE.methodsOnKnownStorage,
  ])}]`,
  `CallExpression[callee.type="MemberExpression"][callee.property.name=/${SUBSCRIBE_METHOD_PATTERN.source}/]`,
].join(', ');
/** Calls that may undo a registration, recorded per class and matched at `Program:exit`. */
const REMOVAL_CALL = [
  `CallExpression[callee.type="Identifier"][callee.name=${selectorNamesPattern(TIMER_CLEAR_FUNCTIONS)}]`,
  `CallExpression[callee.type="MemberExpression"][callee.property.name=/${LISTENER_REMOVAL_PATTERN.source}/]`,
  `CallExpression[callee.type="MemberExpression"][callee.property.name=${selectorNamesPattern(REGISTRY_REMOVAL_METHODS)}]`,
].join(', ');
/** Assignments that can store on `this` (`this.a = …`, `this.a.b ??= …`). */
const MEMBER_ASSIGNMENT = 'AssignmentExpression[left.type="MemberExpression"]';
const NOT_RETAINED: ParamRetention = { whole: 'no', keys: new Set() };
const UNKNOWN_RETENTION: ParamRetention = { whole: 'unknown', keys: new Set() };
const RETAINS_NOTHING: Signature = { params: [], restIndex: -1, rest: NOT_RETAINED };
const RETAINS_UNKNOWN: Signature = { params: [], restIndex: 0, rest: UNKNOWN_RETENTION };
const MAX_HOLDER_TEXT = 40;

export default createRule<Options, MessageIds>({
  name: 'no-handler-cycle',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow an owner and its handler holding strong references to each other.',
      skipScripts: true,
      recommended: 'warn',
      strictOptions: { checkUnknownHelpers: true, checkUnretained: true },
    },
    hasSuggestions: true,
    messages: {
      cycle:
        "{{helper}} keeps a strong reference back to this '{{owner}}' and is stored in 'this.{{field}}', so the two share one lifetime: whatever keeps the helper alive also keeps the '{{owner}}' and everything it holds.",
      cycleRetained:
        "{{helper}} keeps a strong reference back to this '{{owner}}' and is stored in 'this.{{field}}'. It is {{holder}}, so the '{{owner}}' and everything it holds stay in memory for as long as that registration lasts.",
      useWeakRef:
        "Pass 'new WeakRef(this)' instead; the helper must then call 'deref()' and cope with an owner that is already gone.",
    },
    schema: [
      {
        type: 'object',
        properties: {
          checkUnknownHelpers: {
            type: 'boolean',
            description:
              'Also report helpers built by imported constructors whose code is not in the file (no evidence that they keep `this`).',
          },
          checkUnretained: {
            type: 'boolean',
            description:
              'Also report a cycle that nothing long-lived is seen holding. JavaScript frees such cycles, so by default only cycles a long-lived holder keeps alive are reported.',
          },
          useTypes: {
            type: 'boolean',
            description:
              'With type information, count an imported helper whose class declares a property of the owner\'s type as keeping the owner.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkUnknownHelpers: false, checkUnretained: false, useTypes: false }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    // Only class instances are owners here: a file without both words has nothing to report.
    if (!sourceCode.text.includes('class') || !sourceCode.text.includes('this')) return {};
    const checkUnknownHelpers = options.checkUnknownHelpers ?? false;
    const checkUnretained = options.checkUnretained ?? false;
    const typeServices = options.useTypes ? getTypeServices(context) : undefined;

    /** The owner of `this` in the code being walked: a class instance, or null (functions, static code, module). */
    const thisOwners: (ClassFacts | null)[] = [null];
    /** For each entry of `thisOwners`: the name of the dispose-like method being walked, or null. */
    const disposeMethods: (string | null)[] = [null];
    const classes = new Map<ClassNode, ClassFacts>();
    const registrationByCall = new Map<TSESTree.CallExpression, Registration>();
    const openRegistrations: { registration: Registration; owner: ClassFacts }[] = [];

    const classSignatures = new Map<ClassNode, Signature>();
    const functionSignatures = new Map<TSESTree.FunctionLike, Signature>();
    const callSignatures = new Map<TSESTree.FunctionLike, Signature>();
    const lineages = new Map<ClassNode, ClassNode[]>();
    const typeEvidence = new Map<TSESTree.NewExpression, boolean>();
    const singletons = new Map<ClassNode, string | null>();
    const injectionScopes = new Map<ClassNode, InjectionScope | null>();
    const injectedFieldsByClass = new Map<ClassNode, Map<string, string>>();
    const variableIds = new Map<Variable, number>();
    let asyncStorages: Set<TSESTree.Node> | undefined;
    let importedTimerCalls: Set<TSESTree.Node> | undefined;
    let ownerTypeSymbols: Map<ClassNode, Set<TsSymbol>> | undefined;

    function factsFor(node: ClassNode): ClassFacts {
      let facts = classes.get(node);
      if (!facts) {
        facts = { node, passesThis: false, stores: [], registrations: [], removals: [], disposeReads: new Map() };
        classes.set(node, facts);
      }
      return facts;
    }

    function currentOwner(): ClassFacts | null {
      return thisOwners[thisOwners.length - 1] ?? null;
    }

    function enterFunction(node: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression): void {
      const parent = node.parent;
      const isInstanceMethod = parent.type === AST_NODE_TYPES.MethodDefinition && parent.value === node && !parent.static;
      thisOwners.push(isInstanceMethod ? factsFor(parent.parent.parent) : null);
      disposeMethods.push(isInstanceMethod ? disposeMethodName(parent) : null);
    }

    function enterField(node: TSESTree.PropertyDefinition | TSESTree.AccessorProperty): void {
      const owner = node.static ? null : factsFor(node.parent.parent);
      thisOwners.push(owner);
      // `destroy = () => { … }`: an arrow field is a method too.
      const isArrowMethod = owner !== null && node.value?.type === AST_NODE_TYPES.ArrowFunctionExpression;
      disposeMethods.push(isArrowMethod ? disposeMethodName(node) : null);
      if (!owner || !node.value || node.computed) return;
      const field = fieldName(node.key);
      if (field !== null) owner.stores.push({ owner, field, value: node.value });
    }

    function leaveContext(): void {
      thisOwners.pop();
      disposeMethods.pop();
    }

    function recordRemoval(node: TSESTree.CallExpression): void {
      currentOwner()?.removals.push(node);
    }

    /** `this.<field>` used in a dispose-like method: an unsubscribe handle or timer kept there is released. */
    function recordDisposeRead(node: TSESTree.ThisExpression): void {
      const method = disposeMethods[disposeMethods.length - 1];
      const owner = currentOwner();
      const member = node.parent;
      if (!method || !owner || member.type !== AST_NODE_TYPES.MemberExpression || member.object !== node || member.computed) return;
      const outer = skipParentTypeWrappers(member);
      if (outer.parent?.type === AST_NODE_TYPES.AssignmentExpression && outer.parent.left === outer) return;
      const field = getStaticPropertyName(member);
      if (field === null) return;
      let methods = owner.disposeReads.get(field);
      if (!methods) owner.disposeReads.set(field, (methods = new Set()));
      methods.add(method);
    }

    function recordRegistration(node: TSESTree.CallExpression): void {
      const owner = currentOwner();
      if (!owner || node.arguments.length === 0) return;
      const kind = registrationKind(node);
      if (!kind) return;
      const registration: Registration = { call: node, kind, reachedFields: new Set(), reachesThis: false };
      owner.registrations.push(registration);
      registrationByCall.set(node, registration);
      closeRegistrationsBefore(node);
      openRegistrations.push({ registration, owner });
    }

    /** The walk is in source order: a registration whose call ends before `node` starts is finished. */
    function closeRegistrationsBefore(node: TSESTree.Node): void {
      while (openRegistrations.length > 0 && openRegistrations[openRegistrations.length - 1]!.registration.call.range[1] <= node.range[0]) {
        openRegistrations.pop();
      }
    }

    /** `this` and `this.<field>` inside the arguments of open registrations, in the registering instance's context. */
    function recordReach(node: TSESTree.ThisExpression): void {
      closeRegistrationsBefore(node);
      const owner = currentOwner();
      if (!owner || openRegistrations.length === 0) return;
      const parent = node.parent;
      const field =
        parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && !parent.computed
          ? getStaticPropertyName(parent)
          : null;
      for (const { registration, owner: registeringOwner } of openRegistrations) {
        if (registeringOwner !== owner || !isInsideArguments(node, registration.call)) continue;
        registration.reachesThis = true;
        if (field !== null) registration.reachedFields.add(field);
      }
    }

    // ---- Resolution of callees (at Program:exit) ----

    function findVariableOf(identifier: TSESTree.Identifier): Variable | null {
      return resolveVariable(sourceCode, identifier);
    }

    function resolveCallee(callee: TSESTree.Node): ResolvedCallee {
      const target = skipTypeWrappers(callee);
      if (target.type === AST_NODE_TYPES.ClassExpression) return { kind: 'class', node: target };
      if (target.type === AST_NODE_TYPES.MemberExpression) {
        const root = memberRoot(target);
        if (root.type !== AST_NODE_TYPES.Identifier) return { kind: 'none' };
        return resolveVariableValue(findVariableOf(root)).kind === 'external' ? { kind: 'external' } : { kind: 'none' };
      }
      if (target.type !== AST_NODE_TYPES.Identifier) return { kind: 'none' };
      return resolveVariableValue(findVariableOf(target));
    }

    function resolveVariableValue(variable: Variable | null): ResolvedCallee {
      if (!variable) return { kind: 'none' };
      // TypeScript overloads add one definition per signature; the implementation is the one with a body.
      const definitions = variable.defs.filter(
        (definition) => definition.type !== DefinitionType.FunctionName || definition.node.type === AST_NODE_TYPES.FunctionDeclaration,
      );
      if (definitions.length !== 1) return { kind: 'none' };
      const definition = definitions[0]!;
      switch (definition.type) {
        case DefinitionType.ImportBinding:
          return { kind: 'external' };
        case DefinitionType.ClassName:
          return definition.node.type === AST_NODE_TYPES.ClassDeclaration && definition.node.declare
            ? { kind: 'external' }
            : { kind: 'class', node: definition.node };
        case DefinitionType.FunctionName:
          return definition.node.type === AST_NODE_TYPES.FunctionDeclaration
            ? { kind: 'function', node: definition.node }
            : { kind: 'none' };
        case DefinitionType.Variable:
          return resolveDeclaredValue(variable, definition.node);
        default:
          return { kind: 'none' };
      }
    }

    function resolveDeclaredValue(variable: Variable, declarator: TSESTree.VariableDeclarator): ResolvedCallee {
      if (!declarator.init) {
        return declarator.parent.type === AST_NODE_TYPES.VariableDeclaration && declarator.parent.declare
          ? { kind: 'external' }
          : { kind: 'none' };
      }
      const init = skipTypeWrappers(declarator.init);
      if (isRequireRooted(init)) return { kind: 'external' };
      if (declarator.id.type !== AST_NODE_TYPES.Identifier) return { kind: 'none' };
      // A binding written again later may hold something else when the call runs.
      if (variable.references.filter((reference) => reference.isWrite()).length > 1) return { kind: 'none' };
      if (init.type === AST_NODE_TYPES.ClassExpression) return { kind: 'class', node: init };
      if (init.type === AST_NODE_TYPES.FunctionExpression || init.type === AST_NODE_TYPES.ArrowFunctionExpression) {
        return { kind: 'function', node: init };
      }
      return { kind: 'none' };
    }

    /** Same-file classes that share an ancestor with each other: a family of nodes, not an owner and its helper. */
    function areRelated(first: ClassNode, second: ClassNode): boolean {
      const firstLine = classLineage(first);
      return classLineage(second).some((node) => firstLine.includes(node));
    }

    function classLineage(node: ClassNode): ClassNode[] {
      const known = lineages.get(node);
      if (known) return known;
      const lineage: ClassNode[] = [];
      lineages.set(node, lineage);
      for (let current: ClassNode | null = node; current && !lineage.includes(current); ) {
        lineage.push(current);
        const base: ResolvedCallee = current.superClass ? resolveCallee(current.superClass) : { kind: 'none' };
        current = base.kind === 'class' ? base.node : null;
      }
      return lineage;
    }

    // ---- What a helper keeps of its arguments ----

    function classSignature(node: ClassNode): Signature {
      const known = classSignatures.get(node);
      if (known) return known;
      classSignatures.set(node, RETAINS_NOTHING); // recursion guard
      const signature = computeClassSignature(node);
      classSignatures.set(node, signature);
      return signature;
    }

    function computeClassSignature(node: ClassNode): Signature {
      if (node.type === AST_NODE_TYPES.ClassDeclaration && node.declare) return RETAINS_UNKNOWN;
      const constructor = node.body.body.find(
        (member): member is TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression } =>
          member.type === AST_NODE_TYPES.MethodDefinition &&
          member.kind === 'constructor' &&
          member.value.type === AST_NODE_TYPES.FunctionExpression,
      );
      if (constructor) return functionSignature(constructor.value, 'construct', node);
      // The implicit constructor hands every argument to the base class.
      return node.superClass ? baseSignature(node.superClass) : RETAINS_NOTHING;
    }

    function baseSignature(superClass: TSESTree.Expression): Signature {
      const base = resolveCallee(superClass);
      if (base.kind === 'class') return classSignature(base.node);
      if (base.kind === 'function') return functionSignature(base.node, 'construct', null);
      const target = skipTypeWrappers(superClass);
      if (base.kind === 'external' && isOrmRelationWrapper(superClass)) return RETAINS_NOTHING;
      // Global built-ins (Error, EventEmitter on globalThis, Map…) are not helpers; imports and mixins are unknown.
      return base.kind === 'none' && target.type === AST_NODE_TYPES.Identifier ? RETAINS_NOTHING : RETAINS_UNKNOWN;
    }

    function functionSignature(fn: TSESTree.FunctionLike, mode: CallMode, classNode: ClassNode | null): Signature {
      const cache = mode === 'construct' ? functionSignatures : callSignatures;
      const known = cache.get(fn);
      if (known) return known;
      cache.set(fn, RETAINS_NOTHING); // recursion guard
      const signature = computeFunctionSignature(fn, mode, classNode);
      cache.set(fn, signature);
      return signature;
    }

    function computeFunctionSignature(fn: TSESTree.FunctionLike, mode: CallMode, classNode: ClassNode | null): Signature {
      // A TypeScript `this` parameter is not an argument.
      const params = fn.params.filter((param) => !isThisParameter(param));
      const retained = params.map((param): { whole: Certainty; keys: Set<string> } => ({
        whole: param.type === AST_NODE_TYPES.TSParameterProperty ? 'yes' : 'no',
        keys: new Set(),
      }));
      for (const variable of sourceCode.getScope(fn).variables) {
        if (variable.defs[0]?.type !== DefinitionType.Parameter) continue;
        const binding = variable.identifiers[0];
        const index = binding ? params.findIndex((param) => contains(param, binding)) : -1;
        const target = retained[index];
        if (!binding || !target) continue;
        const destructuredKey = keyInParameter(binding, params[index]!);
        if (destructuredKey === undefined) continue;
        for (const reference of variable.references) {
          if (reference.identifier.type !== AST_NODE_TYPES.Identifier || reference.identifier === binding) continue;
          if (!reference.isRead()) continue;
          const flow = referenceFlow(reference.identifier, fn, mode, classNode);
          if (flow.certainty === 'no') continue;
          if (destructuredKey !== null) {
            if (flow.certainty === 'yes' && flow.key === null) target.keys.add(destructuredKey);
          } else if (flow.key !== null) {
            if (flow.certainty === 'yes') target.keys.add(flow.key);
          } else if (target.whole !== 'yes') {
            target.whole = flow.certainty;
          }
        }
      }
      const restIndex = params.findIndex((param) => param.type === AST_NODE_TYPES.RestElement);
      return { params: retained, restIndex, rest: retained[restIndex] ?? NOT_RETAINED };
    }

    /** Where a read of a parameter goes; `key` when only a property of it is kept (`opts.owner`, `{ ...opts }`). */
    function referenceFlow(
      identifier: TSESTree.Identifier,
      fn: TSESTree.FunctionLike,
      mode: CallMode,
      classNode: ClassNode | null,
    ): { certainty: Certainty; key: string | null } {
      const parent = identifier.parent;
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
        const key = parent.computed ? null : getStaticPropertyName(parent);
        if (key === null) return { certainty: 'no', key: null };
        return { certainty: flowFrom(parent, fn, mode, classNode), key };
      }
      if (parent.type === AST_NODE_TYPES.SpreadElement && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
        return { certainty: flowFrom(parent.parent, fn, mode, classNode, true), key: '*' };
      }
      if (
        parent.type === AST_NODE_TYPES.CallExpression &&
        parent.arguments.indexOf(identifier) > 0 &&
        isObjectAssignOntoThis(parent, fn, mode)
      ) {
        return { certainty: 'yes', key: '*' };
      }
      return { certainty: flowFrom(identifier, fn, mode, classNode), key: null };
    }

    /**
     * Follows a value up through the expressions that hold it, to a store on `this`, a return, or nowhere.
     * A return counts only once the value is `wrapped` in something: a function that returns its
     * parameter itself (`init(conn) { …; return conn; }`) hands back the owner, not a helper holding it.
     */
    function flowFrom(
      start: TSESTree.Node,
      fn: TSESTree.FunctionLike,
      mode: CallMode,
      classNode: ClassNode | null,
      startsWrapped = false,
    ): Certainty {
      let current = start;
      let wrapped = startsWrapped;
      for (;;) {
        const parent = current.parent;
        if (!parent) return 'no';
        switch (parent.type) {
          case AST_NODE_TYPES.Property:
            if (parent.value !== current || parent.parent.type !== AST_NODE_TYPES.ObjectExpression) return 'no';
            current = parent.parent;
            wrapped = true;
            break;
          case AST_NODE_TYPES.ArrayExpression:
            current = parent;
            wrapped = true;
            break;
          case AST_NODE_TYPES.LogicalExpression:
          case AST_NODE_TYPES.TSAsExpression:
          case AST_NODE_TYPES.TSNonNullExpression:
          case AST_NODE_TYPES.TSSatisfiesExpression:
          case AST_NODE_TYPES.TSTypeAssertion:
            current = parent;
            break;
          case AST_NODE_TYPES.ConditionalExpression:
            if (parent.test === current) return 'no';
            current = parent;
            break;
          case AST_NODE_TYPES.NewExpression:
          case AST_NODE_TYPES.CallExpression: {
            const passed = argumentFlow(parent, current, fn, mode, classNode);
            if (passed !== 'continue') return passed;
            current = parent;
            wrapped = true;
            break;
          }
          case AST_NODE_TYPES.AssignmentExpression:
            return parent.right === current ? assignmentFlow(parent, fn, mode) : 'no';
          case AST_NODE_TYPES.VariableDeclarator:
            return parent.init === current && nearestFunction(parent) === fn && localEscapes(parent, fn, mode, wrapped)
              ? 'yes'
              : 'no';
          case AST_NODE_TYPES.ReturnStatement:
            return wrapped && nearestFunction(parent) === fn ? 'yes' : 'no';
          case AST_NODE_TYPES.ArrowFunctionExpression:
            return wrapped && parent === fn && parent.body === current ? 'yes' : 'no';
          default:
            return 'no';
        }
      }
    }

    /** A value passed on to a call: kept by `super(…)`, `Object.assign(this, …)` or a same-file helper that keeps it. */
    function argumentFlow(
      call: TSESTree.CallExpression | TSESTree.NewExpression,
      argument: TSESTree.Node,
      fn: TSESTree.FunctionLike,
      mode: CallMode,
      classNode: ClassNode | null,
    ): Certainty | 'continue' {
      const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
      if (index < 0) return 'no';
      if (call.callee.type === AST_NODE_TYPES.Super) {
        return classNode?.superClass ? retentionAt(baseSignature(classNode.superClass), index).whole : 'no';
      }
      if (call.type === AST_NODE_TYPES.CallExpression && index > 0 && isObjectAssignOntoThis(call, fn, mode)) return 'yes';
      const callee = resolveCallee(call.callee);
      const isNew = call.type === AST_NODE_TYPES.NewExpression;
      let signature: Signature | null = null;
      if (callee.kind === 'class' && isNew) signature = classSignature(callee.node);
      else if (callee.kind === 'function') signature = functionSignature(callee.node, isNew ? 'construct' : 'call', null);
      return signature && retentionAt(signature, index).whole === 'yes' ? 'continue' : 'no';
    }

    function assignmentFlow(assignment: TSESTree.AssignmentExpression, fn: TSESTree.FunctionLike, mode: CallMode): Certainty {
      if (assignment.left.type !== AST_NODE_TYPES.MemberExpression) return 'no';
      const root = memberRoot(assignment.left);
      if (root.type === AST_NODE_TYPES.ThisExpression) {
        return mode === 'construct' && nearestThisBoundary(root) === fn ? 'yes' : 'no';
      }
      if (root.type !== AST_NODE_TYPES.Identifier) return 'no';
      // `handler.conn = conn; return handler;`: the local now holds the value.
      const definition = findVariableOf(root)?.defs[0];
      if (definition?.type !== DefinitionType.Variable || nearestFunction(definition.node) !== fn) return 'no';
      return localEscapes(definition.node, fn, mode, true) ? 'yes' : 'no';
    }

    /** Whether a local binding of `fn` is stored on its `this`, or returned by it when it holds the value (`wrapped`). */
    function localEscapes(
      declarator: TSESTree.VariableDeclarator,
      fn: TSESTree.FunctionLike,
      mode: CallMode,
      wrapped: boolean,
    ): boolean {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = sourceCode.getDeclaredVariables(declarator)[0];
      if (!variable) return false;
      return variable.references.some((reference) => {
        if (reference.init || !reference.isRead()) return false;
        const identifier = reference.identifier;
        const parent = identifier.parent;
        if (!parent) return false;
        if (parent.type === AST_NODE_TYPES.ReturnStatement) return wrapped && nearestFunction(parent) === fn;
        if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression) {
          return wrapped && parent === fn && parent.body === identifier;
        }
        return (
          mode === 'construct' &&
          parent.type === AST_NODE_TYPES.AssignmentExpression &&
          parent.right === identifier &&
          parent.left.type === AST_NODE_TYPES.MemberExpression &&
          memberRoot(parent.left).type === AST_NODE_TYPES.ThisExpression &&
          nearestThisBoundary(parent) === fn
        );
      });
    }

    function isObjectAssignOntoThis(call: TSESTree.CallExpression, fn: TSESTree.FunctionLike, mode: CallMode): boolean {
      const callee = skipTypeWrappers(call.callee);
      const target = call.arguments[0];
      return (
        mode === 'construct' &&
        callee.type === AST_NODE_TYPES.MemberExpression &&
        callee.object.type === AST_NODE_TYPES.Identifier &&
        callee.object.name === 'Object' &&
        getStaticPropertyName(callee) === 'assign' &&
        target?.type === AST_NODE_TYPES.ThisExpression &&
        nearestThisBoundary(target) === fn &&
        resolveVariableValue(findVariableOf(callee.object)).kind === 'none'
      );
    }

    // ---- The owner's side: does a stored value hold `this`? ----

    /**
     * Finds the `this` values that `node` keeps. `creator` is the expression that creates the
     * back-reference: the innermost helper call on the way down, else the stored object literal.
     */
    function collectBackReferences(
      node: TSESTree.Node,
      creator: TSESTree.Node | null,
      owner: ClassFacts,
      found: BackReferences,
    ): void {
      const inner = skipTypeWrappers(node);
      switch (inner.type) {
        case AST_NODE_TYPES.ThisExpression:
          // `this.self = this` is no helper; `this` counts once something else holds it.
          if (creator) found.backReferences.push({ argument: node, creator });
          return;
        case AST_NODE_TYPES.ObjectExpression:
          for (const property of inner.properties) {
            if (property.type === AST_NODE_TYPES.Property && property.kind === 'init' && !property.method) {
              collectBackReferences(property.value, creator ?? inner, owner, found);
            }
          }
          return;
        case AST_NODE_TYPES.ArrayExpression:
          for (const element of inner.elements) {
            if (element && element.type !== AST_NODE_TYPES.SpreadElement) {
              collectBackReferences(element, creator ?? inner, owner, found);
            }
          }
          return;
        case AST_NODE_TYPES.ConditionalExpression:
          collectBackReferences(inner.consequent, creator, owner, found);
          collectBackReferences(inner.alternate, creator, owner, found);
          return;
        case AST_NODE_TYPES.LogicalExpression:
          collectBackReferences(inner.left, creator, owner, found);
          collectBackReferences(inner.right, creator, owner, found);
          return;
        case AST_NODE_TYPES.AwaitExpression:
          collectBackReferences(inner.argument, creator, owner, found);
          return;
        case AST_NODE_TYPES.NewExpression:
        case AST_NODE_TYPES.CallExpression:
          collectThroughHelper(inner, owner, found);
          return;
        default:
          return;
      }
    }

    function collectThroughHelper(
      call: TSESTree.NewExpression | TSESTree.CallExpression,
      owner: ClassFacts,
      found: BackReferences,
    ): void {
      if (call.callee.type === AST_NODE_TYPES.Super) return;
      const isNew = call.type === AST_NODE_TYPES.NewExpression;
      const callee = resolveCallee(call.callee);
      let signature: Signature;
      if (callee.kind === 'class') {
        // A class creating its own kind (or a sibling of a shared base) builds a tree: parent pointers are the design.
        if (!isNew || areRelated(callee.node, owner.node)) return;
        signature = classSignature(callee.node);
      } else if (callee.kind === 'function') {
        signature = functionSignature(callee.node, isNew ? 'construct' : 'call', null);
      } else if (callee.kind === 'external' && isNew) {
        // ORM relation wrappers take their entity by design: never a helper, in any configuration.
        if (isOrmRelationWrapper(call.callee)) return;
        signature = RETAINS_UNKNOWN;
      } else {
        return;
      }
      const before = found.backReferences.length;
      call.arguments.forEach((argument, index) => {
        if (argument.type === AST_NODE_TYPES.SpreadElement) return;
        const retention = retentionAt(signature, index);
        if (retention.whole === 'yes' || (retention.whole === 'unknown' && acceptsUnknownHelper(call, owner))) {
          collectBackReferences(argument, call, owner, found);
          return;
        }
        const literal = skipTypeWrappers(argument);
        if (retention.keys.size === 0 || literal.type !== AST_NODE_TYPES.ObjectExpression) return;
        for (const property of literal.properties) {
          if (property.type !== AST_NODE_TYPES.Property || property.kind !== 'init' || property.method) continue;
          const key = getStaticPropertyName(property);
          if (retention.keys.has('*') || (key !== null && retention.keys.has(key))) {
            collectBackReferences(property.value, call, owner, found);
          }
        }
      });
      if (callee.kind === 'class' && found.backReferences.length > before) found.helperClasses.push(callee.node);
    }

    function acceptsUnknownHelper(call: TSESTree.NewExpression | TSESTree.CallExpression, owner: ClassFacts): boolean {
      if (checkUnknownHelpers) return true;
      return call.type === AST_NODE_TYPES.NewExpression && hasOwnerTypedProperty(call, owner);
    }

    // ---- Type evidence (option useTypes, typed linting only) ----

    function hasOwnerTypedProperty(call: TSESTree.NewExpression, owner: ClassFacts): boolean {
      if (!typeServices) return false;
      let known = typeEvidence.get(call);
      if (known === undefined) {
        known = computeTypeEvidence(call, owner);
        typeEvidence.set(call, known);
      }
      return known;
    }

    function computeTypeEvidence(call: TSESTree.NewExpression, owner: ClassFacts): boolean {
      if (!typeServices) return false;
      const checker = typeServices.program.getTypeChecker();
      const ownerSymbols = ownerSymbolsOf(owner.node);
      const helperType = typeServices.getTypeAtLocation(call);
      const helperSymbol = helperType.getSymbol();
      // `new Proxy(this, …)`-like results are the owner itself, not a helper.
      if (ownerSymbols.size === 0 || (helperSymbol && ownerSymbols.has(helperSymbol))) return false;
      return checker.getPropertiesOfType(helperType).some((property) => {
        const type = checker.getNonNullableType(checker.getTypeOfSymbol(property));
        return (type.isUnion() ? type.types : [type]).some((part) => {
          const symbol = part.getSymbol();
          return symbol !== undefined && ownerSymbols.has(symbol);
        });
      });
    }

    /** The owner class and its base classes declared in the project (library bases such as EventEmitter say nothing). */
    function ownerSymbolsOf(node: ClassNode): Set<TsSymbol> {
      ownerTypeSymbols ??= new Map();
      let symbols = ownerTypeSymbols.get(node);
      if (symbols) return symbols;
      symbols = new Set();
      ownerTypeSymbols.set(node, symbols);
      if (!typeServices) return symbols;
      const checker = typeServices.program.getTypeChecker();
      let type: TsType = typeServices.getTypeAtLocation(node);
      const construct = type.getConstructSignatures()[0];
      if (construct) type = construct.getReturnType();
      const pending: TsType[] = [type];
      for (let current = pending.pop(); current; current = pending.pop()) {
        const symbol = current.getSymbol();
        if (!symbol || symbols.has(symbol)) continue;
        if (current !== type && symbol.declarations?.every((declaration) => declaration.getSourceFile().isDeclarationFile)) continue;
        symbols.add(symbol);
        if (current.isClassOrInterface()) pending.push(...(checker.getBaseTypes(current) as TsType[]));
      }
      return symbols;
    }

    // ---- Long-lived holders ----

    const ownerHolders = new Map<Registration, Holder | null>();
    const helperHolders = new Map<Registration, Holder | null>();

    /**
     * What keeps a registration's arguments for longer than `registrant` (the class whose code makes it):
     * `byOwner` when that class is the owner of the cycle, which also counts services injected into it
     * and parameters it did not create. Null when the target is the registrant's own, or the
     * registration is undone (the same function removed, the handle released, the timer cleared).
     */
    function holderOf(registration: Registration, registrant: ClassFacts, byOwner: boolean): Holder | null {
      const cache = byOwner ? ownerHolders : helperHolders;
      let known = cache.get(registration);
      if (known === undefined) {
        known = computeHolder(registration, registrant, byOwner);
        cache.set(registration, known);
      }
      return known;
    }

    function computeHolder(registration: Registration, registrant: ClassFacts, byOwner: boolean): Holder | null {
      const callee = skipTypeWrappers(registration.call.callee);
      let target = '';
      if (registration.kind === 'timer') {
        if (callee.type !== AST_NODE_TYPES.Identifier) return null;
        const variable = findVariableOf(callee);
        if (variable && !isImplicitGlobal(variable) && !getImportedTimerCalls().has(registration.call)) return null;
      } else {
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
        const method = getStaticPropertyName(callee) ?? '';
        const knownStorage =
          registration.kind === 'asyncContext' &&
          ASYNC_CONTEXT_STORAGE.methodsOnKnownStorage.has(method) &&
          isAsyncStorage(callee.object);
        if (!knownStorage) {
          if (registration.kind === 'asyncContext' && !ASYNC_CONTEXT_STORAGE.methodsOnAnyLongLivedTarget.has(method)) return null;
          const external = externalTarget(callee.object, registrant, byOwner);
          if (external === null) return null;
          target = external;
        }
      }
      return isReleased(registration, registrant) ? null : { registration, target };
    }

    /**
     * Whether the object registered on outlives the registrant: `''` for globals, module-level bindings,
     * imports and static members (obvious from the name), a short note for a service injected into the
     * owner or a parameter it did not create, null for the registrant's own objects (`this`, a socket it
     * keeps, an emitter it created).
     */
    function externalTarget(target: TSESTree.Node, registrant: ClassFacts, byOwner: boolean): string | null {
      const root = memberRoot(target);
      if (root.type === AST_NODE_TYPES.Identifier) {
        const variable = findVariableOf(root);
        if (!variable) return LONG_LIVED_GLOBALS.has(root.name) ? '' : null;
        if (isImplicitGlobal(variable) || isModuleLevelVariable(variable)) return '';
        // `ImportJob.running` inside `ImportJob`: the class's own name, a static member of a class that lives with its module.
        const definition = variable.defs[0];
        if (definition?.type === DefinitionType.ClassName && nearestFunction(definition.node) === null) return '';
        if (!byOwner || variable.defs[0]?.type !== DefinitionType.Parameter) return null;
        // A parameter the owner keeps is its own resource (a connection's socket), unless it is an injected service.
        const field = storedParameterField(variable, registrant);
        if (field !== null) return injectedFields(registrant).get(field) ?? null;
        return ` on '${root.name}', a parameter the '${className(registrant.node)}' did not create,`;
      }
      const field = fieldOnThis(target);
      if (field === 'constructor') return ''; // `this.constructor.registry`: a static member.
      return byOwner && field !== null ? (injectedFields(registrant).get(field) ?? null) : null;
    }

    /** The field a parameter is kept in: a TypeScript parameter property, or `this.<field> = param`. */
    function storedParameterField(variable: Variable, facts: ClassFacts): string | null {
      const binding = variable.identifiers[0];
      if (binding?.parent.type === AST_NODE_TYPES.TSParameterProperty) return binding.name;
      if (binding?.parent.type === AST_NODE_TYPES.AssignmentPattern && binding.parent.parent.type === AST_NODE_TYPES.TSParameterProperty) {
        return binding.name;
      }
      for (const store of facts.stores) {
        const value = skipTypeWrappers(store.value);
        if (value.type === AST_NODE_TYPES.Identifier && findVariableOf(value) === variable) return store.field;
      }
      return null;
    }

    /**
     * Fields holding a dependency injected into the class, with the note a message adds: constructor
     * parameters (kept as parameter properties or assigned to a field) and decorated fields without an
     * initializer. A parameter counts when a DI container builds the class (it has a class decorator),
     * the parameter is decorated (`@Inject(…)`), or its declared type (in JavaScript, its name) names a
     * shared service: `events: EventsService`, `bus: MessageBus`, `emitter: EventEmitter2`.
     */
    function injectedFields(facts: ClassFacts): Map<string, string> {
      let fields = injectedFieldsByClass.get(facts.node);
      if (fields) return fields;
      fields = new Map();
      injectedFieldsByClass.set(facts.node, fields);
      const managed = decoratorsOf(facts.node).length > 0;
      const constructor = findConstructor(facts.node);
      for (const param of constructor?.value.params ?? []) {
        const binding = parameterBinding(param);
        if (!binding) continue;
        const typeName = declaredTypeName(binding);
        if (!managed && decoratorsOf(param).length === 0 && !INJECTED_SERVICE_NAME_PATTERN.test(typeName ?? binding.name)) continue;
        const note = ` on an injected ${typeName ? `'${typeName}'` : 'service'}`;
        if (param.type === AST_NODE_TYPES.TSParameterProperty) {
          fields.set(binding.name, note);
          continue;
        }
        for (const store of facts.stores) {
          const value = skipTypeWrappers(store.value);
          if (value.type === AST_NODE_TYPES.Identifier && findVariableOf(value)?.identifiers[0] === binding) fields.set(store.field, note);
        }
      }
      for (const member of facts.node.body.body) {
        if (member.type !== AST_NODE_TYPES.PropertyDefinition || member.static || member.value || decoratorsOf(member).length === 0) continue;
        const field = member.computed ? null : fieldName(member.key);
        const typeName = member.typeAnnotation ? typeReferenceName(member.typeAnnotation.typeAnnotation) : null;
        if (field !== null) fields.set(field, ` on an injected ${typeName ? `'${typeName}'` : 'service'}`);
      }
      return fields;
    }

    function declaredTypeName(binding: TSESTree.Identifier): string | null {
      return binding.typeAnnotation ? typeReferenceName(binding.typeAnnotation.typeAnnotation) : null;
    }

    function typeReferenceName(type: TSESTree.TypeNode): string | null {
      return type.type === AST_NODE_TYPES.TSTypeReference ? sourceCode.getText(type.typeName) : null;
    }

    function isAsyncStorage(target: TSESTree.Node): boolean {
      const object = skipTypeWrappers(target);
      if (object.type !== AST_NODE_TYPES.Identifier) return false;
      const definition = findVariableOf(object)?.defs[0];
      if (definition?.type !== DefinitionType.Variable || !definition.node.init) return false;
      return getAsyncStorages().has(skipTypeWrappers(definition.node.init));
    }

    function getAsyncStorages(): Set<TSESTree.Node> {
      if (!asyncStorages) {
        const traceMap: TraceMap<true> = {
          [ASYNC_CONTEXT_STORAGE.module]: { [ASYNC_CONTEXT_STORAGE.className]: { [CONSTRUCT]: true } },
        };
        asyncStorages = sourceCode.text.includes(ASYNC_CONTEXT_STORAGE.className)
          ? new Set([...iterateModuleReferences(sourceCode, traceMap)].map((reference) => reference.node))
          : new Set();
      }
      return asyncStorages;
    }

    function getImportedTimerCalls(): Set<TSESTree.Node> {
      if (!importedTimerCalls) {
        const traceMap: TraceMap<true> = {};
        for (const module of TIMER_MODULES) {
          traceMap[module] = Object.fromEntries([...REPEATING_TIMER_FUNCTIONS].map((name) => [name, { [CALL]: true }]));
        }
        importedTimerCalls = new Set([...iterateModuleReferences(sourceCode, traceMap)].map((reference) => reference.node));
      }
      return importedTimerCalls;
    }

    function registrationAround(identifier: TSESTree.Node): Registration | undefined {
      for (let current = identifier.parent; current && current.type !== AST_NODE_TYPES.ClassBody; current = current.parent) {
        const registration = current.type === AST_NODE_TYPES.CallExpression ? registrationByCall.get(current) : undefined;
        if (registration && isInsideArguments(identifier, registration.call)) return registration;
      }
      return undefined;
    }

    /** What keeps the helper alive: a registration of the field or local binding by the owner, or of itself by the helper class. */

    // ---- Undoing a registration ----

    /** Whether the registrant's code undoes the registration, so nothing is held for good. */
    function isReleased(registration: Registration, registrant: ClassFacts): boolean {
      const call = registration.call;
      switch (registration.kind) {
        case 'listener':
        case 'subscription':
          return isHandleReleased(call, registrant) || isRemovedByIdentity(call, registrant);
        case 'registry':
          return registrant.removals.some(
            (removal) => REGISTRY_REMOVAL_METHODS.has(calledMethodName(removal) ?? '') && sameTarget(removal, call),
          );
        case 'timer':
          return isHandleReleased(call, registrant);
        case 'asyncContext':
          return false;
      }
    }

    /**
     * The value a registration returns (an unsubscribe function, a `Subscription`, a timer) is released:
     * returned to the caller, kept in a local that is used again, or kept in a field (or a collection
     * field) that a dispose-like method uses or a removal call is given.
     */
    function isHandleReleased(call: TSESTree.CallExpression, registrant: ClassFacts): boolean {
      let outer = skipParentTypeWrappers(call);
      if (outer.parent?.type === AST_NODE_TYPES.AwaitExpression) outer = skipParentTypeWrappers(outer.parent);
      const parent = outer.parent;
      if (!parent) return false;
      switch (parent.type) {
        case AST_NODE_TYPES.ReturnStatement:
          return true;
        case AST_NODE_TYPES.ArrowFunctionExpression:
          return parent.body === outer;
        case AST_NODE_TYPES.AssignmentExpression: {
          const field = parent.right === outer ? thisFieldPath(parent.left) : null;
          return field !== null && isFieldReleased(field.split('.')[0]!, registrant);
        }
        case AST_NODE_TYPES.CallExpression: {
          // `this.subscriptions.push(bus.subscribe(…))`, `this.timers.add(setInterval(…))`.
          const callee = skipTypeWrappers(parent.callee);
          if (!parent.arguments.includes(outer as TSESTree.CallExpressionArgument) || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
          const field = fieldOnThis(callee.object);
          return field !== null && isFieldReleased(field, registrant);
        }
        case AST_NODE_TYPES.VariableDeclarator: {
          if (parent.init !== outer || parent.id.type !== AST_NODE_TYPES.Identifier) return false;
          const variable = sourceCode.getDeclaredVariables(parent)[0];
          return variable?.references.some((reference) => !reference.init && reference.isRead()) ?? false;
        }
        default:
          return false;
      }
    }

    /** A handle kept in `this.<field>`: used in a dispose-like method that runs, or handed to a removal. */
    function isFieldReleased(field: string, registrant: ClassFacts): boolean {
      const methods = registrant.disposeReads.get(field);
      if (methods) {
        // Nest never calls the shutdown hooks of a request-scoped provider: a release there never runs.
        const perRequest = injectionScopeOf(registrant.node) === 'request';
        if ([...methods].some((method) => !perRequest || !SHUTDOWN_HOOKS_NOT_CALLED_PER_REQUEST.has(method))) return true;
      }
      return registrant.removals.some((removal) => {
        const callee = skipTypeWrappers(removal.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && fieldOnThis(callee.object) === field) return true;
        return removal.arguments.some((argument) => fieldOnThis(argument) === field);
      });
    }

    /** `off`/`removeListener`/`removeEventListener`/`unsubscribe` on the same target with the same function. */
    function isRemovedByIdentity(call: TSESTree.CallExpression, registrant: ClassFacts): boolean {
      const keys = new Set(listenerArguments(call).map(identityKey).filter((key) => key !== null));
      const perRequest = injectionScopeOf(registrant.node) === 'request';
      return registrant.removals.some((removal) => {
        const method = calledMethodName(removal);
        if (method === null || !LISTENER_REMOVAL_PATTERN.test(method) || !sameTarget(removal, call)) return false;
        if (perRequest && SHUTDOWN_HOOKS_NOT_CALLED_PER_REQUEST.has(enclosingMemberName(removal) ?? '')) return false;
        if (method === 'removeAllListeners') return true;
        // A fresh arrow or a fresh `.bind()` has no identity: removing it removes nothing.
        return listenerArguments(removal).some((argument) => {
          const key = identityKey(argument);
          return key !== null && keys.has(key);
        });
      });
    }

    /**
     * What makes two expressions the same function: the same variable, or the same `this.a.b` /
     * `module.x` path of plain names. Arrows, function expressions and calls (`.bind()`) are new
     * each time they run, so they have no identity.
     */
    function identityKey(node: TSESTree.Node): string | null {
      let inner = skipTypeWrappers(node);
      if (inner.type === AST_NODE_TYPES.ChainExpression) inner = skipTypeWrappers(inner.expression);
      const path: string[] = [];
      while (inner.type === AST_NODE_TYPES.MemberExpression) {
        const name = inner.computed ? null : getStaticPropertyName(inner);
        if (name === null) return null;
        path.unshift(name);
        inner = skipTypeWrappers(inner.object);
      }
      let root: string;
      if (inner.type === AST_NODE_TYPES.ThisExpression) root = 'this';
      else if (inner.type === AST_NODE_TYPES.Identifier) root = variableKey(inner);
      else return null;
      return [root, ...path].join('.');
    }

    function variableKey(identifier: TSESTree.Identifier): string {
      const variable = findVariableOf(identifier);
      if (!variable) return `global:${identifier.name}`;
      let id = variableIds.get(variable);
      if (id === undefined) variableIds.set(variable, (id = variableIds.size));
      return `#${id}`;
    }

    /** The same emitter or registry: the same object expression, by identity key or, failing that, by text. */
    function sameTarget(first: TSESTree.CallExpression, second: TSESTree.CallExpression): boolean {
      const a = skipTypeWrappers(first.callee);
      const b = skipTypeWrappers(second.callee);
      if (a.type !== AST_NODE_TYPES.MemberExpression || b.type !== AST_NODE_TYPES.MemberExpression) return false;
      const keyA = identityKey(a.object);
      if (keyA !== null) return keyA === identityKey(b.object);
      return sourceCode.getText(a.object) === sourceCode.getText(b.object);
    }

    function injectionScopeOf(node: ClassNode): InjectionScope | null {
      if (!injectionScopes.has(node)) injectionScopes.set(node, getInjectionScope(sourceCode, node));
      return injectionScopes.get(node) ?? null;
    }

    function singletonEvidenceOf(node: ClassNode): string | null {
      if (!singletons.has(node)) singletons.set(node, getSingletonEvidence(sourceCode, node));
      return singletons.get(node) ?? null;
    }

    // ---- ORM relation wrappers ----

    /** `new Collection<Book>(this)` with `Collection` from MikroORM (named, renamed, namespace or required). */
    function isOrmRelationWrapper(callee: TSESTree.Node): boolean {
      const target = skipTypeWrappers(callee);
      let root: TSESTree.Node = target;
      let name: string | null = null;
      if (target.type === AST_NODE_TYPES.MemberExpression) {
        name = getStaticPropertyName(target);
        root = skipTypeWrappers(target.object);
      }
      if (root.type !== AST_NODE_TYPES.Identifier) return false;
      const origin = importOrigin(root);
      if (!origin) return false;
      const imported = name ?? origin.name;
      if (imported === null) return false;
      return ORM_RELATION_WRAPPERS.some((wrappers) => wrappers.constructors.has(imported) && isOrmRelationModule(wrappers, origin.module));
    }

    /** The module an identifier comes from, and the exported name it is bound to (null for the whole module). */
    function importOrigin(identifier: TSESTree.Identifier): { module: string; name: string | null } | null {
      const definition = findVariableOf(identifier)?.defs[0];
      if (definition?.type === DefinitionType.ImportBinding) {
        const specifier = definition.node;
        const declaration = specifier.parent;
        if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return null;
        if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) return { module: declaration.source.value, name: null };
        const imported = specifier.imported;
        return { module: declaration.source.value, name: imported.type === AST_NODE_TYPES.Identifier ? imported.name : String(imported.value) };
      }
      if (definition?.type !== DefinitionType.Variable || !definition.node.init) return null;
      // `const { Collection } = require('@mikro-orm/core')`, `const orm = require('@mikro-orm/core')`.
      const init = skipTypeWrappers(definition.node.init);
      if (
        init.type !== AST_NODE_TYPES.CallExpression ||
        init.callee.type !== AST_NODE_TYPES.Identifier ||
        init.callee.name !== 'require' ||
        init.arguments[0]?.type !== AST_NODE_TYPES.Literal ||
        typeof init.arguments[0].value !== 'string'
      ) {
        return null;
      }
      const module = init.arguments[0].value;
      const pattern = definition.node.id;
      if (pattern.type === AST_NODE_TYPES.Identifier) return { module, name: null };
      if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return null;
      for (const property of pattern.properties) {
        if (property.type === AST_NODE_TYPES.Property && property.value === identifier.parent) continue;
        if (property.type === AST_NODE_TYPES.Property && contains(property, definition.name)) {
          return { module, name: getStaticPropertyName(property) };
        }
      }
      return null;
    }

    /** What keeps the helper alive: a registration of the field or local binding by the owner, or of itself by the helper class. */
    function findHolder(store: Store, local: Variable | null, found: BackReferences): string | null {
      const field = store.field.split('.')[0]!;
      for (const registration of store.owner.registrations) {
        if (!registration.reachedFields.has(field)) continue;
        const holder = holderOf(registration, store.owner, true);
        if (holder) return describeHolder(holder, null);
      }
      for (const reference of local?.references ?? []) {
        if (reference.init || !reference.isRead()) continue;
        const registration = registrationAround(reference.identifier);
        const holder = registration ? holderOf(registration, store.owner, true) : null;
        if (holder) return describeHolder(holder, null);
      }
      for (const helper of found.helperClasses) {
        const facts = classes.get(helper);
        for (const registration of facts?.registrations ?? []) {
          const holder = registration.reachesThis && facts ? holderOf(registration, facts, false) : null;
          if (holder) return describeHolder(holder, helper);
        }
      }
      return null;
    }

    /** "registered with 'events.subscribe' on line 12, never unsubscribed": the holder, where, and that nothing undoes it. */
    function describeHolder({ registration, target }: Holder, helper: ClassNode | null): string {
      const callee = skipTypeWrappers(registration.call.callee);
      const text = sourceCode.getText(callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
      const name = text.length <= MAX_HOLDER_TEXT && !text.includes('\n') ? `'${text}'` : `'${method ?? 'a long-lived holder'}'`;
      const by = helper ? ` by '${className(helper)}' itself` : '';
      const where = `${target}${by} on line ${registration.call.loc.start.line}`;
      switch (registration.kind) {
        case 'listener':
          return `registered with ${name}${where}, never removed`;
        case 'subscription':
          return `registered with ${name}${where}, never unsubscribed`;
        case 'registry':
          return `added with ${name}${where}, never deleted`;
        case 'timer':
          return `passed to ${name}${where}, never cleared`;
        case 'asyncContext':
          return `made the async context store with ${name}${where}`;
      }
    }
    // ---- Deciding ----

    /** `const handler = new Handler(this); … this.handler = handler;` in the same instance context. */
    function localHelperBinding(identifier: TSESTree.Identifier): { variable: Variable; init: TSESTree.Expression } | null {
      const variable = findVariableOf(identifier);
      const definition = variable?.defs[0];
      if (!variable || variable.defs.length !== 1 || definition?.type !== DefinitionType.Variable) return null;
      const declarator = definition.node;
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return null;
      if (variable.references.filter((reference) => reference.isWrite()).length !== 1) return null;
      if (nearestThisBoundary(declarator) !== nearestThisBoundary(identifier)) return null;
      return { variable, init: declarator.init };
    }

    function checkStore(store: Store, reported: Set<TSESTree.Node>): void {
      const value = skipTypeWrappers(store.value);
      let local: Variable | null = null;
      let created: TSESTree.Node = value;
      if (value.type === AST_NODE_TYPES.Identifier) {
        const binding = localHelperBinding(value);
        if (!binding) return;
        local = binding.variable;
        created = binding.init;
      }
      for (const root of creationRoots(created)) {
        const found: BackReferences = { backReferences: [], helperClasses: [] };
        collectBackReferences(root, null, store.owner, found);
        if (found.backReferences.length === 0) continue;
        // A singleton lives for the process anyway: the cycle cannot extend its life, whatever holds the helper.
        if (singletonEvidenceOf(store.owner.node) !== null) return;
        const holder = findHolder(store, local, found);
        // A cycle nothing long-lived holds is collected with its owner: report it only when asked to.
        if (!holder && !checkUnretained) continue;
        for (const [creator, thisArguments] of groupByCreator(found.backReferences)) {
          if (reported.has(creator)) continue;
          reported.add(creator);
          context.report({
            node: creator,
            messageId: holder ? 'cycleRetained' : 'cycle',
            data: {
              helper: describeHelper(creator),
              owner: className(store.owner.node),
              field: store.field,
              holder: holder ?? '',
            },
            suggest: [
              {
                messageId: 'useWeakRef',
                fix: (fixer) =>
                  thisArguments.map((argument) =>
                    fixer.replaceText(argument, `new WeakRef(${sourceCode.getText(argument)})`),
                  ),
              },
            ],
          });
        }
      }
    }

    function describeHelper(root: TSESTree.Node): string {
      if (root.type === AST_NODE_TYPES.ObjectExpression) return 'This object literal';
      if (root.type !== AST_NODE_TYPES.NewExpression && root.type !== AST_NODE_TYPES.CallExpression) return 'This value';
      const callee = skipTypeWrappers(root.callee);
      let name = 'helper';
      if (callee.type === AST_NODE_TYPES.Identifier) name = callee.name;
      else if (callee.type === AST_NODE_TYPES.MemberExpression) name = getStaticPropertyName(callee) ?? name;
      else if (callee.type === AST_NODE_TYPES.ClassExpression) name = callee.id?.name ?? 'class';
      return root.type === AST_NODE_TYPES.NewExpression
        ? `The '${name}' created here`
        : `The object returned by '${name}'`;
    }

    return {
      FunctionDeclaration: enterFunction,
      FunctionExpression: enterFunction,
      'FunctionDeclaration:exit': leaveContext,
      'FunctionExpression:exit': leaveContext,
      PropertyDefinition: enterField,
      AccessorProperty: enterField,
      'PropertyDefinition:exit': leaveContext,
      'AccessorProperty:exit': leaveContext,
      StaticBlock() {
        thisOwners.push(null);
        disposeMethods.push(null);
      },
      'StaticBlock:exit': leaveContext,
      [MEMBER_ASSIGNMENT](node: TSESTree.AssignmentExpression) {
        const owner = currentOwner();
        if (!owner || !STORING_OPERATORS.has(node.operator)) return;
        const field = thisFieldPath(node.left);
        if (field !== null) owner.stores.push({ owner, field, value: node.right });
      },
      [REGISTRATION_CALL]: recordRegistration,
      [REMOVAL_CALL]: recordRemoval,
      ThisExpression(node) {
        if (disposeMethods[disposeMethods.length - 1]) recordDisposeRead(node);
        if (isHeldPosition(node)) {
          const owner = currentOwner();
          if (owner) owner.passesThis = true;
        }
        if (openRegistrations.length > 0) recordReach(node);
      },
      'Program:exit'() {
        const reported = new Set<TSESTree.Node>();
        for (const facts of classes.values()) {
          if (!facts.passesThis) continue;
          for (const store of facts.stores) checkStore(store, reported);
        }
      },
    };
  },
});

function registrationKind(call: TSESTree.CallExpression): Registration['kind'] | null {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return REPEATING_TIMER_FUNCTIONS.has(callee.name) ? 'timer' : null;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return null;
  if (callee.property.type !== AST_NODE_TYPES.Identifier) return null;
  const method = callee.property.name;
  if (LISTENER_METHODS.has(method)) return 'listener';
  if (REGISTRY_METHODS.has(method)) return 'registry';
  if (ASYNC_CONTEXT_STORAGE.methodsOnKnownStorage.has(method)) return 'asyncContext';
  return SUBSCRIBE_METHOD_PATTERN.test(method) ? 'subscription' : null;
}

/** The method's name when it ends the object's life (`destroy`, `onModuleDestroy`, `[Symbol.dispose]`), else null. */
function disposeMethodName(member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.AccessorProperty): string | null {
  if (member.computed) {
    const key = member.key;
    const symbol = key.type === AST_NODE_TYPES.MemberExpression && key.object.type === AST_NODE_TYPES.Identifier && key.object.name === 'Symbol';
    const name = symbol ? getStaticPropertyName(key) : null;
    return name === 'dispose' || name === 'asyncDispose' ? `[Symbol.${name}]` : null;
  }
  const name = fieldName(member.key);
  return name !== null && DISPOSE_METHOD_NAMES.has(name) ? name : null;
}

/** `this.a` and `this.a.b.c` → `a`; null for anything not rooted at `this` through a plain name. */
function fieldOnThis(node: TSESTree.Node): string | null {
  let current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.ChainExpression) current = skipTypeWrappers(current.expression);
  let field: string | null = null;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    field = current.computed ? null : getStaticPropertyName(current);
    current = skipTypeWrappers(current.object);
  }
  return current.type === AST_NODE_TYPES.ThisExpression ? field : null;
}

function findConstructor(node: ClassNode): (TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression }) | undefined {
  return node.body.body.find(
    (member): member is TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression } =>
      member.type === AST_NODE_TYPES.MethodDefinition &&
      member.kind === 'constructor' &&
      member.value.type === AST_NODE_TYPES.FunctionExpression,
  );
}

/** The identifier a parameter binds as a whole (`bus`, `private bus: Bus`, `bus = defaultBus`), or null for patterns. */
function parameterBinding(param: TSESTree.Parameter): TSESTree.Identifier | null {
  let pattern: TSESTree.Node = param;
  if (pattern.type === AST_NODE_TYPES.TSParameterProperty) pattern = pattern.parameter;
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) pattern = pattern.left;
  return pattern.type === AST_NODE_TYPES.Identifier && pattern.name !== 'this' ? pattern : null;
}

/** The name of the class member whose code `node` is in (`onModuleDestroy` for a call inside it), or null. */
function enclosingMemberName(node: TSESTree.Node): string | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.MethodDefinition || current.type === AST_NODE_TYPES.PropertyDefinition) {
      return current.computed ? null : fieldName(current.key);
    }
  }
  return null;
}

function calledMethodName(call: TSESTree.CallExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getStaticPropertyName(callee) : null;
}

/** The arguments that may be the listener: all but the event name (`on('data', fn)`), or the only one (`subscribe(fn)`). */
function listenerArguments(call: TSESTree.CallExpression): TSESTree.CallExpressionArgument[] {
  return call.arguments.length > 1 ? call.arguments.slice(1) : [...call.arguments];
}

/** Whether a `this` is handed to something that may keep it: an argument, a property value, an array element. */
function isHeldPosition(node: TSESTree.ThisExpression): boolean {
  const parent = node.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee !== node;
    case AST_NODE_TYPES.Property:
      return parent.value === node;
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return true;
    default:
      return false;
  }
}

/** `this.a.b` → `a.b`; null unless every step is a static, non-computed name on `this`. */
function thisFieldPath(left: TSESTree.Node): string | null {
  const names: string[] = [];
  let current = left;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    // `this.handlers[id] = …` fills a collection on the owner: a tree of children, not one helper.
    if (current.computed) return null;
    const name = getStaticPropertyName(current);
    if (name === null) return null;
    names.unshift(name);
    current = skipTypeWrappers(current.object);
  }
  return current.type === AST_NODE_TYPES.ThisExpression && names.length > 0 ? names.join('.') : null;
}

/** The expressions a stored value may be, through conditionals, fallbacks, `await` and type wrappers. */
function creationRoots(node: TSESTree.Node): TSESTree.Node[] {
  const inner = skipTypeWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.ConditionalExpression:
      return [...creationRoots(inner.consequent), ...creationRoots(inner.alternate)];
    case AST_NODE_TYPES.LogicalExpression:
      return [...creationRoots(inner.left), ...creationRoots(inner.right)];
    case AST_NODE_TYPES.AwaitExpression:
      return creationRoots(inner.argument);
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.CallExpression:
      return [inner];
    default:
      // A bare array stored on the owner (`this.stack = [this]`) is a collection, not a helper.
      return [];
  }
}

function groupByCreator(backReferences: BackReferences['backReferences']): Map<TSESTree.Node, TSESTree.Node[]> {
  const groups = new Map<TSESTree.Node, TSESTree.Node[]>();
  for (const { argument, creator } of backReferences) {
    const group = groups.get(creator);
    if (group) group.push(argument);
    else groups.set(creator, [argument]);
  }
  return groups;
}

function retentionAt(signature: Signature, index: number): ParamRetention {
  if (signature.restIndex >= 0 && index >= signature.restIndex) return signature.rest;
  return signature.params[index] ?? NOT_RETAINED;
}

function memberRoot(node: TSESTree.Node): TSESTree.Node {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
  return current;
}

function isRequireRooted(node: TSESTree.Node): boolean {
  const root = memberRoot(node);
  return (
    root.type === AST_NODE_TYPES.CallExpression &&
    root.callee.type === AST_NODE_TYPES.Identifier &&
    root.callee.name === 'require'
  );
}

function isImplicitGlobal(variable: Variable): boolean {
  return variable.scope.type === ScopeType.global && variable.defs.length === 0;
}

function isThisParameter(param: TSESTree.Parameter): boolean {
  return param.type === AST_NODE_TYPES.Identifier && param.name === 'this';
}

function isInsideArguments(node: TSESTree.Node, call: TSESTree.CallExpression): boolean {
  const first = call.arguments[0];
  return first !== undefined && node.range[0] >= first.range[0] && node.range[1] <= call.range[1];
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/**
 * For a binding inside a parameter: null when it is the whole parameter (`conn`, `conn = x`, `...args`,
 * `private conn`), the property name when it is destructured one level deep (`{ conn }`), undefined otherwise.
 */
function keyInParameter(binding: TSESTree.Identifier, param: TSESTree.Parameter): string | null | undefined {
  let pattern: TSESTree.Node = param;
  if (pattern.type === AST_NODE_TYPES.TSParameterProperty) pattern = pattern.parameter;
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) pattern = pattern.left;
  if (pattern.type === AST_NODE_TYPES.RestElement) pattern = pattern.argument;
  if (pattern === binding) return null;
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  let holder: TSESTree.Node = binding;
  if (holder.parent?.type === AST_NODE_TYPES.AssignmentPattern && holder.parent.left === holder) holder = holder.parent;
  const property = holder.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== holder || property.parent !== pattern) return undefined;
  return property.computed ? undefined : (getStaticPropertyName(property) ?? undefined);
}

function nearestFunction(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return null;
}

/** The node that decides what `this` means at `node`: a non-arrow function, a class field, a static block, or the program. */
function nearestThisBoundary(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.AccessorProperty:
      case AST_NODE_TYPES.StaticBlock:
      case AST_NODE_TYPES.Program:
        return current;
      default:
        break;
    }
  }
  return null;
}

function fieldName(key: TSESTree.Node): string | null {
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (key.type === AST_NODE_TYPES.Identifier) return key.name;
  return key.type === AST_NODE_TYPES.Literal ? String(key.value) : null;
}

function className(node: ClassNode): string {
  if (node.id) return node.id.name;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  return 'anonymous class';
}
