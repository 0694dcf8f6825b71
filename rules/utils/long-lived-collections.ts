import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipParentTypeWrappers, skipTypeWrappers } from './ast.js';
import { COLLECTION_CONSTRUCTORS, COLLECTION_FACTORIES, type CollectionKind } from './catalogs/bounded-collections.js';
import { type ClassNode, classDisplayName, classVariables, isExportedClass } from './class-bindings.js';
import { mayGrow, newUses, recordUse, type UseRecorder, type Uses, usesOfVariable } from './collection-uses.js';
import { type GlobalReferences, isCommonJsExportTarget, isExportedObject } from './global-references.js';
import { getSingletonEvidence } from './long-lived-objects.js';
import { findThisOwner, getModuleScope, runsRepeatedly } from './scope.js';

const { DefinitionType } = TSESLint.Scope;

/** A collection that lives as long as the process: a module-level binding, a static field, a singleton's field. */
export interface Candidate {
  kind: CollectionKind;
  name: string;
  /** Names `allow` is matched against: the binding, or the field and `Class.field`. */
  allowNames: string[];
  where: 'module' | 'static' | 'instance';
  /** For an instance field: " of 'ProxyService' (a '@Injectable()' provider in singleton scope)". */
  lives: string;
  reportNode: TSESTree.Node;
  init: TSESTree.Expression;
  /** The type annotation on the binding or field, when any. */
  annotation: TSESTree.TypeNode | undefined;
  uses: Uses;
}

/** A long-lived class and its collection fields (static ones, or a singleton's instance ones), by field name. */
export interface CollectionOwner {
  node: ClassNode;
  fields: Map<string, Candidate>;
}

/**
 * The class collections of one file, gathered during the walk: `this` reaches a class's static
 * fields in its static methods, blocks and field initializers, and a singleton's instance fields in
 * its methods.
 */
export interface ClassCollections extends UseRecorder {
  readonly checkSingletons: boolean;
  readonly staticClasses: Map<TSESTree.Node, CollectionOwner>;
  /** Singletons' instance collection fields, read through `this` in instance methods. */
  readonly singletonClasses: Map<TSESTree.Node, CollectionOwner>;
}

/**
 * Whether the module scope declares a variable initialised like a collection (`[]`, `{}`,
 * `new Map()`, `Object.create(null)`): the shape alone, before `collectionKindOf` checks that
 * `Map` is the global one.
 */
export function hasModuleLevelCollection(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  for (const variable of getModuleScope(sourceCode).variables) {
    const def = variable.defs[0];
    if (def?.type !== DefinitionType.Variable || !def.node.init) continue;
    const value = skipTypeWrappers(def.node.init);
    if (value.type === AST_NODE_TYPES.ArrayExpression || value.type === AST_NODE_TYPES.ObjectExpression) return true;
    if (value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(value.callee);
      if (callee.type === AST_NODE_TYPES.Identifier ? callee.name in COLLECTION_CONSTRUCTORS : callee.type === AST_NODE_TYPES.MemberExpression) return true;
    }
  }
  return false;
}

/** `[]`, `{}`, `new Map()`, `Array(n)`, `Object.create(null)` with the global constructors; null for anything else. */
export function collectionKindOf(globals: GlobalReferences, init: TSESTree.Expression): CollectionKind | null {
  const value = skipTypeWrappers(init);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return 'array';
  if (value.type === AST_NODE_TYPES.ObjectExpression) return value.properties.length === 0 ? 'object' : null;
  if (value.type !== AST_NODE_TYPES.NewExpression && value.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(value.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const kind = COLLECTION_CONSTRUCTORS[callee.name];
    // `Array(n)` and `new Array(n)` alike; `Map()` without `new` throws, so only `new` counts.
    if (!kind || (value.type === AST_NODE_TYPES.CallExpression && kind !== 'array')) return null;
    return globals.has(callee) ? kind : null;
  }
  if (value.type !== AST_NODE_TYPES.CallExpression || callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = skipTypeWrappers(callee.object);
  const name = getStaticPropertyName(callee);
  const kind = object.type === AST_NODE_TYPES.Identifier ? COLLECTION_FACTORIES[`${object.name}.${name}`] : undefined;
  if (!kind || !globals.has(object)) return null;
  return kind === 'object' && !isNullLiteral(value.arguments[0]) ? null : kind;
}

/** The module-level collections whose references may add entries, with their uses recorded. */
export function moduleCandidates(recorder: UseRecorder): Candidate[] {
  const candidates: Candidate[] = [];
  for (const variable of getModuleScope(recorder.sourceCode).variables) {
    if (variable.defs.length !== 1) continue;
    const def = variable.defs[0]!;
    if (def.type !== DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) continue;
    const kind = collectionKindOf(recorder.globals, def.node.init);
    if (!kind || !mayGrow(variable)) continue;
    const uses = usesOfVariable(recorder, variable);
    if (def.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      uses.exported = true;
      uses.weakUnsafe = true;
    }
    candidates.push({
      kind,
      name: variable.name,
      allowNames: [variable.name],
      where: 'module',
      lives: '',
      reportNode: def.node.id,
      init: def.node.init,
      annotation: def.node.id.typeAnnotation?.typeAnnotation,
      uses,
    });
  }
  return candidates;
}

/** Registers the static collection fields of a long-lived class (and a singleton's instance ones) before its members are visited. */
export function registerClassCollections(classes: ClassCollections, body: TSESTree.ClassBody): void {
  const classNode = body.parent;
  if (runsRepeatedly(classes.sourceCode.getScope(classNode))) return; // a class made per call: its statics die with it
  const className = classDisplayName(classNode);
  const fields = new Map<string, Candidate>();
  for (const field of collectionFields(classes.globals, classNode, true)) {
    const { name, member } = field;
    const uses = newUses();
    const isPrivate = member.key.type === AST_NODE_TYPES.PrivateIdentifier || member.accessibility === 'private';
    if (!isPrivate && isExportedClass(classNode)) uses.exported = true;
    const qualified = className ? `${className}.${name}` : name;
    fields.set(name, fieldCandidate(field, qualified, [name, qualified], 'static', uses));
  }
  if (fields.size > 0) classes.staticClasses.set(classNode, { node: classNode, fields });
  if (classes.checkSingletons) registerSingletonFields(classes, classNode, className);
}

/**
 * The instance collection fields of a singleton (a NestJS provider in singleton scope, a class made
 * once at module level): its one instance lives as long as the module, and so do its fields.
 */
function registerSingletonFields(classes: ClassCollections, classNode: ClassNode, className: string | null): void {
  const fields = new Map<string, Candidate>();
  for (const field of collectionFields(classes.globals, classNode, false)) {
    const allowNames = [field.name, className ? `${className}.${field.name}` : field.name];
    fields.set(field.name, fieldCandidate(field, `this.${field.name}`, allowNames, 'instance', newUses()));
  }
  if (fields.size === 0) return;
  const evidence = getSingletonEvidence(classes.sourceCode, classNode);
  if (evidence === null) return;
  for (const field of fields.values()) field.lives = ` of '${className ?? 'an anonymous class'}' (${evidence})`;
  classes.singletonClasses.set(classNode, { node: classNode, fields });
}

/** A class field initialised with a collection. */
interface CollectionField {
  name: string;
  member: TSESTree.PropertyDefinition;
  init: TSESTree.Expression;
  kind: CollectionKind;
}

/** The static (or instance) fields of a class initialised with a collection. */
function collectionFields(globals: GlobalReferences, classNode: ClassNode, isStatic: boolean): CollectionField[] {
  const fields: CollectionField[] = [];
  for (const member of classNode.body.body) {
    if (member.type !== AST_NODE_TYPES.PropertyDefinition || member.static !== isStatic || !member.value) continue;
    const name = getStaticPropertyName(member);
    const kind = name === null ? null : collectionKindOf(globals, member.value);
    if (name === null || !kind) continue;
    fields.push({ name, member, init: member.value, kind });
  }
  return fields;
}

function fieldCandidate(field: CollectionField, name: string, allowNames: string[], where: 'static' | 'instance', uses: Uses): Candidate {
  const { member, init, kind } = field;
  return { kind, name, allowNames, where, lives: '', reportNode: member.key, init, annotation: member.typeAnnotation?.typeAnnotation, uses };
}

/**
 * `this.items.push(x)` inside a long-lived class: a use of its `items` field. `this` is the class in
 * static methods, static blocks and static field initializers, and the instance elsewhere.
 */
export function recordThisMember(classes: ClassCollections, member: TSESTree.MemberExpression): void {
  if (classes.staticClasses.size === 0 && classes.singletonClasses.size === 0) return;
  const owner = findThisOwner(member);
  const collections = owner && (owner.isStatic ? classes.staticClasses : classes.singletonClasses).get(owner.classNode);
  if (!collections) return;
  const name = getStaticPropertyName(member);
  const field = name === null ? undefined : collections.fields.get(name);
  if (field) recordUse(classes, member, field.uses);
}

/** `Registry.items` through every binding of the class (outer name, inner name, `const X = class`). */
export function recordClassReferences(recorder: UseRecorder, owner: CollectionOwner): void {
  for (const variable of classVariables(owner.node, recorder.sourceCode)) {
    for (const reference of variable.references) {
      if (reference.init || !reference.isRead()) continue;
      const identifier = skipParentTypeWrappers(reference.identifier);
      const parent = identifier.parent;
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
        const name = getStaticPropertyName(parent);
        const field = name === null ? undefined : owner.fields.get(name);
        if (field) recordUse(recorder, parent, field.uses);
      } else if (
        parent?.type === AST_NODE_TYPES.ExportSpecifier ||
        parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
        (parent?.type === AST_NODE_TYPES.AssignmentExpression && isCommonJsExportTarget(parent.left, recorder.globals)) ||
        (parent?.type === AST_NODE_TYPES.Property && isExportedObject(parent.parent, recorder.globals))
      ) {
        for (const [name, field] of owner.fields) {
          if (!name.startsWith('#')) field.uses.exported = true;
        }
      }
    }
  }
}

function isNullLiteral(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === null;
}
