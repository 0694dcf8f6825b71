/**
 * ORM relation wrappers that take their owning entity by design: the wrapper is part of the entity, is
 * created with it and dies with it, and the ORM's identity map (not the wrapper) decides how long both
 * live. `no-handler-cycle` never reports them, in any configuration (nor a local subclass of one).
 * Plain data; tests cover each entry.
 *
 * MikroORM: `new Collection<Book>(this)` (and its base `ArrayCollection`) for 1:m and m:n fields, and
 * `new Reference(entity)` for wrapped m:1 and 1:1 fields (https://mikro-orm.io/docs/collections,
 * https://mikro-orm.io/docs/type-safe-relations). Its `ref()`/`Reference.create()` are calls, and
 * calls to imported functions are never helpers for the rule, so they need no entry. TypeORM,
 * Sequelize, Prisma and Objection relations are plain properties, arrays or promises: no wrapper is
 * handed its owner, so they need no entry either.
 */
export interface OrmRelationWrappers {
  /** Package names, or a scope prefix ending with `/` (every `@mikro-orm/*` driver re-exports the core). */
  modules: readonly string[];
  /** Classes whose constructor takes the owner. */
  constructors: ReadonlySet<string>;
}

export const ORM_RELATION_WRAPPERS: readonly OrmRelationWrappers[] = [
  {
    modules: ['@mikro-orm/', 'mikro-orm'],
    constructors: new Set(['Collection', 'ArrayCollection', 'Reference', 'ScalarReference']),
  },
];

/** Whether `source` (an import or require specifier) names one of the wrappers' modules. */
export function isOrmRelationModule(wrappers: OrmRelationWrappers, source: string): boolean {
  return wrappers.modules.some((module) =>
    module.endsWith('/') ? source.startsWith(module) : source === module || source.startsWith(`${module}/`),
  );
}
