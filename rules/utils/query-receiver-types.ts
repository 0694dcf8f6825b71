/**
 * With type information: what an expression is in the data layer, read from its TypeScript type
 * instead of its name, import or annotation. A type counts when it, its alias, an intersection member
 * or a base class is a type of catalogs/query-receiver-types.ts declared in that library, so an
 * injected `this.repo: Repository<User>` is TypeORM's and a project's own `Repository` is not.
 * Without a program (typed linting off) there is no reader and the syntactic signals decide alone.
 */
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Symbol as TsSymbol, Type as TsType, TypeReference } from 'typescript';
import { QUERY_APIS } from './catalogs/query-apis.js';
import { RECEIVER_TYPES, type ReceiverTypeEntry } from './catalogs/query-receiver-types.js';
import { getTypeServices } from './types.js';

/** An ORM value recognised by its type. */
export interface ReceiverKind {
  /** A `QueryApi.id` of catalogs/query-apis.ts. */
  apiId: string;
  /** A role of that api. */
  role: string;
  /** Model, entity or collection, when the type names one (`Repository<User>` → 'User'). */
  model?: string;
  /** For the message: "typed as TypeORM Repository<User>". */
  evidence: string;
}

export interface ReceiverTypeReader {
  /** The ORM value the expression's type says it is, or null when its type is none of them. */
  kindOf(node: TSESTree.Node): ReceiverKind | null;
  /**
   * Whether the type says anything: false for `any`, `unknown` and unresolved imports (the library's
   * types are not installed), where the syntactic signals still decide.
   */
  hasKnownType(node: TSESTree.Node): boolean;
}

/** A catalog type found in a type, before the evidence is worded. */
interface TypeMatch {
  entry: ReceiverTypeEntry;
  /** The library type's own name (`Repository`, `ModelStatic`). */
  libraryName: string;
  model?: string;
  /** The model argument was a type parameter (`class BaseRepository<T> extends Repository<T>`): a subclass's argument names it. */
  modelParameter?: TsType;
  /** The type itself, an ancestor class, or a class extending it used as a value. */
  via: 'self' | 'base' | 'static';
}

type Side = NonNullable<ReceiverTypeEntry['side']>;

const LABELS = new Map(QUERY_APIS.map((api) => [api.id, api.label]));
const ENTRIES_BY_NAME = new Map<string, ReceiverTypeEntry[]>();
const PATTERN_ENTRIES: ReceiverTypeEntry[] = [];
for (const entry of RECEIVER_TYPES) {
  if (typeof entry.typeName !== 'string') PATTERN_ENTRIES.push(entry);
  else ENTRIES_BY_NAME.set(entry.typeName, [...(ENTRIES_BY_NAME.get(entry.typeName) ?? []), entry]);
}
/** `"typeorm".Repository` (an ambient module) or `"/app/node_modules/typeorm/repository/Repository".Repository`. */
const DECLARING_MODULE = /^"([^"]*)"\./u;
/** `IUser` → `User`: the interface-prefix convention of Mongoose document types. */
const INTERFACE_PREFIX = /^I(?=[A-Z][a-z])/u;
const MODEL_NAME_DEPTH = 3;

/** The reader for this file, or null when the file was parsed without a program (typed linting off). */
export function createReceiverTypeReader(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ReceiverTypeReader | null {
  const services = getTypeServices(context);
  return services ? createReaderFromServices(services) : null;
}

function createReaderFromServices(services: ParserServicesWithTypeInformation): ReceiverTypeReader {
  const checker = services.program.getTypeChecker();
  const opaqueFlags = checker.getAnyType().flags | checker.getUnknownType().flags;
  const typeByNode = new Map<TSESTree.Node, TsType>();
  const byNode = new Map<TSESTree.Node, ReceiverKind | null>();
  const byType = new Map<TsType, TypeMatch | null>();
  const moduleBySymbol = new Map<TsSymbol, string>();

  /** The type as a receiver: without `null`/`undefined`, a type parameter by its constraint. */
  function receiverTypeOf(node: TSESTree.Node): TsType {
    let type = typeByNode.get(node);
    if (!type) {
      const declared = services.getTypeAtLocation(node);
      // Only a union holds null or undefined; on others getNonNullableType may rebuild the type without its alias arguments.
      const nonNullable = declared.isUnion() ? checker.getNonNullableType(declared) : declared;
      type = nonNullable.isTypeParameter() ? (checker.getBaseConstraintOfType(nonNullable) ?? nonNullable) : nonNullable;
      typeByNode.set(node, type);
    }
    return type;
  }

  function kindOf(node: TSESTree.Node): ReceiverKind | null {
    let kind = byNode.get(node);
    if (kind === undefined) {
      kind = kindOfType(receiverTypeOf(node));
      byNode.set(node, kind);
    }
    return kind;
  }

  function hasKnownType(node: TSESTree.Node): boolean {
    return (receiverTypeOf(node).flags & opaqueFlags) === 0;
  }

  /** A union (`Knex | Knex.Transaction`) counts when every member is the same role of the same library. */
  function kindOfType(type: TsType): ReceiverKind | null {
    const members = type.isUnion() ? type.types : [type];
    const kinds = members.map((member) => {
      const match = matchType(member);
      return match && toKind(match, member);
    });
    const [first] = kinds;
    if (!first || kinds.some((kind) => kind?.apiId !== first.apiId || kind.role !== first.role)) return null;
    return kinds.every((kind) => kind?.model === first.model) ? first : { apiId: first.apiId, role: first.role, evidence: first.evidence };
  }

  function matchType(type: TsType): TypeMatch | null {
    let match = byType.get(type);
    if (match !== undefined) return match;
    byType.set(type, null); // a cycle through base types ends here
    match = matchInstance(type) ?? matchStatic(type);
    byType.set(type, match);
    return match;
  }

  /** The type itself, its alias, an intersection member (TypeORM's `repo.extend({…})`) or a base class. */
  function matchInstance(type: TsType): TypeMatch | null {
    if (type.aliasSymbol) {
      const match = matchSymbol(type.aliasSymbol, 'instance', () => type.aliasTypeArguments ?? []);
      if (match) return match;
    }
    const symbol = type.getSymbol();
    if (symbol) {
      const match = matchSymbol(symbol, 'instance', () => typeArgumentsOf(type));
      if (match) return match;
    }
    if (type.isIntersection()) {
      for (const member of type.types) {
        const match = matchInstance(member);
        if (match) return match;
      }
    }
    for (const base of baseTypesOf(type)) {
      const match = matchType(base);
      if (match && match.via !== 'static') return bindModelParameter({ ...match, via: 'base' }, type);
    }
    return null;
  }

  /** `TreeRepository<Category>` matched through `Repository<Entity>`: Entity is Category. */
  function bindModelParameter(match: TypeMatch, type: TsType): TypeMatch {
    const { modelParameter, ...rest } = match;
    if (!modelParameter || !isClassReference(type)) return rest;
    const index = type.target.typeParameters?.indexOf(modelParameter) ?? -1;
    const argument = index < 0 ? undefined : typeArgumentsOf(type)[index];
    return argument ? { ...rest, ...modelOf(argument) } : rest;
  }

  function modelOf(argument: TsType): Pick<TypeMatch, 'model' | 'modelParameter'> {
    if (argument.isTypeParameter()) return { modelParameter: argument };
    const model = modelNameOf(argument, MODEL_NAME_DEPTH);
    return model ? { model } : {};
  }

  /** A class used as a value (`typeof User`, `ModelStatic<User>`) whose instances extend a catalog class. */
  function matchStatic(type: TsType): TypeMatch | null {
    const instance = type.getConstructSignatures()[0]?.getReturnType();
    const modelSymbol = instance?.getSymbol();
    if (!instance || !modelSymbol) return null;
    const pending = [...baseTypesOf(instance)];
    const seen = new Set<TsType>();
    for (let base = pending.pop(); base; base = pending.pop()) {
      if (seen.has(base)) continue;
      seen.add(base);
      const symbol = base.getSymbol();
      const match = symbol && matchSymbol(symbol, 'static', () => []);
      if (match) return { entry: match.entry, libraryName: match.libraryName, model: modelSymbol.name, via: 'static' };
      pending.push(...baseTypesOf(base));
    }
    return null;
  }

  /** The cheap name check first; the declaring module and type arguments only for a catalog name. */
  function matchSymbol(symbol: TsSymbol, side: Side, typeArguments: () => readonly TsType[]): TypeMatch | null {
    const { name } = symbol;
    const named = (ENTRIES_BY_NAME.get(name) ?? []).map((entry) => ({ entry, capture: undefined as string | undefined }));
    for (const entry of PATTERN_ENTRIES) {
      const found = (entry.typeName as RegExp).exec(name);
      if (found) named.push({ entry, capture: found[1] });
    }
    for (const { entry, capture } of named) {
      if ((entry.side ?? 'instance') !== side || !isDeclaredIn(declaringModuleOf(symbol), entry)) continue;
      const argument = entry.modelFromTypeArgument === undefined ? undefined : typeArguments()[entry.modelFromTypeArgument];
      const model = capture ? { model: capture } : argument ? modelOf(argument) : {};
      return { entry, libraryName: name, via: 'self', ...model };
    }
    return null;
  }

  function declaringModuleOf(symbol: TsSymbol): string {
    let module = moduleBySymbol.get(symbol);
    if (module === undefined) {
      module = DECLARING_MODULE.exec(checker.getFullyQualifiedName(symbol))?.[1] ?? '';
      moduleBySymbol.set(symbol, module);
    }
    return module;
  }

  /** The project type a type argument names; library wrappers (`HydratedDocument<User>`, `WithId<T>`) are looked through. */
  function modelNameOf(type: TsType, depth: number): string | undefined {
    if (type.isStringLiteral()) return type.value;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || symbol.name.startsWith('__') || isTypeParameter(type)) return undefined;
    if (!isLibrarySymbol(symbol)) return symbol.name.replace(INTERFACE_PREFIX, '');
    const wrapped = type.aliasSymbol ? type.aliasTypeArguments?.[0] : typeArgumentsOf(type)[0];
    return wrapped && depth > 0 ? modelNameOf(wrapped, depth - 1) : undefined;
  }

  function typeArgumentsOf(type: TsType): readonly TsType[] {
    return isClassReference(type) ? checker.getTypeArguments(type) : [];
  }

  /** Base classes and interfaces, with the type arguments the subclass gave them. The checker's own cached array: never mutate it. */
  function baseTypesOf(type: TsType): readonly TsType[] {
    const declared = isClassReference(type) ? type.target : type;
    return declared.isClassOrInterface() ? checker.getBaseTypes(declared) : [];
  }

  function toKind(match: TypeMatch, type: TsType): ReceiverKind {
    const { entry, model } = match;
    return { apiId: entry.apiId, role: entry.role, ...(model ? { model } : {}), evidence: evidenceOf(match, type) };
  }

  /** "typed as TypeORM Repository<User>", "typed as UserRepository, which extends TypeORM Repository<User>". */
  function evidenceOf(match: TypeMatch, type: TsType): string {
    const generic = match.model && match.entry.modelFromTypeArgument !== undefined ? `<${match.model}>` : '';
    const library = `${LABELS.get(match.entry.apiId) ?? match.entry.apiId} ${match.libraryName}${generic}`;
    const own = (type.aliasSymbol ?? type.getSymbol())?.name;
    if (match.via === 'static') return `typed as ${type.aliasSymbol ? own : `typeof ${match.model}`}, a class extending ${library}`;
    if (match.via === 'base' && own) return `typed as ${own}, which extends ${library}`;
    return `typed as ${library}`;
  }

  return { kindOf, hasKnownType };
}

/** Declared in the package's own files, in an ambient `declare module '<package>'`, or in its generated output. */
export function isDeclaredIn(module: string, entry: Pick<ReceiverTypeEntry, 'packages' | 'generatedPaths'>): boolean {
  if (!module) return false;
  return (
    entry.packages.some((name) => module === name || module.startsWith(`${name}/`) || module.includes(`/node_modules/${name}/`)) ||
    (entry.generatedPaths ?? []).some((path) => module.includes(path))
  );
}

/** Declared in a declaration file: a library type, never the project's model. */
function isLibrarySymbol(symbol: TsSymbol): boolean {
  return symbol.declarations?.some((declaration) => declaration.getSourceFile().isDeclarationFile) ?? false;
}

/** `Repository<User>`, `PrismaClient`: a reference to a class or interface (other object types may have a `target` too). */
function isClassReference(type: TsType): type is TypeReference {
  return 'target' in type && (type as TypeReference).target.isClassOrInterface();
}

/**
 * `T` names no model. (A plain boolean: `type.isTypeParameter()` narrows a `Type` to `never` on its
 * false branch, since a TypeParameter adds no member to Type.)
 */
function isTypeParameter(type: TsType): boolean {
  return type.isTypeParameter();
}
