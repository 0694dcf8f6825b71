/**
 * How selective a query's filter is: the verdict of `no-unbounded-query`, shared by ORM filter
 * objects, builder chains and raw SQL. A filter bounds its result when it pins a column to a runtime
 * value (an id, a foreign key, the current user), except where that value is a parent under which
 * rows keep growing (an owner of an append-only table, a tenant of a population table).
 */
import {
  APPEND_ONLY_WORDS,
  IRREGULAR_SINGULARS,
  POPULATION_WORDS,
  ROW_KEYS,
  SMALL_TABLE_WORDS,
  TENANT_WORDS,
} from './catalogs/query-words.js';

/** What one predicate of a filter does. */
export type PredicateOp =
  /** `col = <runtime value>`, `col IN (<runtime list>)`: pins the column. */
  | 'equality'
  /** `col = <literal or enum member>`, a bare boolean column. */
  | 'constant'
  /** `<`, `>`, `BETWEEN`, `gte`, `LessThan(…)`: a window that grows with the table. */
  | 'range'
  /** `!=`, `NOT IN`, `not`, `$ne`, `$nin`, `Not(…)`. */
  | 'negation'
  /** `IS [NOT] NULL`, `$exists`, `IsNull()`. */
  | 'existence'
  /** `LIKE`, `contains`, `$regex`: a search. */
  | 'pattern'
  /** A part of the filter the rule cannot read (a spread, a callback, a parameter). */
  | 'opaque';

export interface Predicate {
  op: PredicateOp;
  /** The column or path (`createdAt`, `author.id`, `o._key`). */
  column: string;
  /** Source text of the predicate for messages (`deletedAt: null`), when short. */
  text?: string;
  /** A named SQL parameter (`:status`) whose value the caller may resolve to a constant. */
  param?: string;
  /** The test is `IS NULL` (not `IS NOT NULL`): on an owner key it selects the rows no owner has. */
  isNull?: true;
}

export type UnboundedReason = 'noFilter' | 'constant' | 'range' | 'negation' | 'existence' | 'pattern' | 'ownerOnly' | 'tenantOnly';

export type Selectivity =
  | { kind: 'bounded' }
  | { kind: 'unknown'; predicate?: Predicate }
  | { kind: 'unbounded'; reason: UnboundedReason; predicate?: Predicate };

/** The word lists a verdict reads, after the options have extended the catalog. */
export interface TableWords {
  appendOnly: ReadonlySet<string>;
  population: ReadonlySet<string>;
  tenant: ReadonlySet<string>;
  small: ReadonlySet<string>;
}

export function buildTableWords(extra: { appendOnlyTables?: readonly string[]; populationTables?: readonly string[]; tenantKeys?: readonly string[] }): TableWords {
  const words = (base: readonly string[], more: readonly string[] | undefined): ReadonlySet<string> =>
    new Set([...base, ...(more ?? []).flatMap(splitWords)]);
  return {
    appendOnly: words(APPEND_ONLY_WORDS, extra.appendOnlyTables),
    population: words(POPULATION_WORDS, extra.populationTables),
    tenant: words(TENANT_WORDS, extra.tenantKeys),
    small: new Set(SMALL_TABLE_WORDS),
  };
}

/** Order in which a reason is named when several predicates leave a query unbounded. */
const REASON_ORDER: readonly PredicateOp[] = ['range', 'pattern', 'negation', 'existence', 'constant'];

/** The verdict for a conjunction of predicates over `table`. */
export function judgePredicates(predicates: readonly Predicate[], table: string | undefined, words: TableWords): Selectivity {
  // `userId: null`, `project_id IS NULL`: the shared rows that belong to no owner (global tags,
  // default prices), a set that does not grow with the owners.
  if (predicates.some((predicate) => predicate.isNull && isOwnerKey(predicate))) return { kind: 'bounded' };
  const equalities = predicates.filter((predicate) => predicate.op === 'equality');
  if (equalities.length > 0) {
    const head = table ? headWords(table) : [];
    // An owner that is itself a thing that happened (an order, a session) stops growing when it ends:
    // an order's payments are a handful, a user's orders are not.
    if (head.some((word) => words.appendOnly.has(word)) && equalities.every(isOwnerKey) && !equalities.some((predicate) => isEventKey(predicate, words))) {
      return { kind: 'unbounded', reason: 'ownerOnly', predicate: equalities[0]! };
    }
    if (head.some((word) => words.population.has(word)) && equalities.every((predicate) => isTenantKey(predicate, words)) && !predicates.some(isPrivilegedRole)) {
      return { kind: 'unbounded', reason: 'tenantOnly', predicate: equalities[0]! };
    }
    return { kind: 'bounded' };
  }
  const opaque = predicates.find((predicate) => predicate.op === 'opaque');
  if (opaque) return { kind: 'unknown', predicate: opaque };
  for (const op of REASON_ORDER) {
    const predicate = predicates.find((candidate) => candidate.op === op);
    if (predicate) return { kind: 'unbounded', reason: op as UnboundedReason, predicate };
  }
  return { kind: 'unbounded', reason: 'noFilter' };
}

/**
 * Disjunction: the result is bounded only when every branch pins a column. Returns one predicate
 * that stands for the whole `OR` in the conjunction around it.
 */
export function combineOr(branches: readonly (readonly Predicate[])[], column: string): Predicate | null {
  if (branches.length === 0) return null;
  let first: Predicate | null = null;
  for (const branch of branches) {
    const equality = branch.find((predicate) => predicate.op === 'equality');
    if (equality) {
      first ??= equality;
      continue;
    }
    // A branch without any predicate matches every row.
    return branch.find((predicate) => predicate.op === 'opaque') ?? branch[0] ?? { op: 'constant', column };
  }
  return first ? { ...first, column: first.column } : null;
}

/** What a table's head noun says about its growth: people, tenants, or things that happened. */
export type GrowthClass = 'population' | 'tenant' | 'appendOnly';

/**
 * Whether the table's name says it grows with use: people who sign up (`users`, `members`), tenants
 * (`organizations`, `projects`) or a row per thing that happened (`events`, `DeletedUser` holds users).
 * Read from the head noun, so `user_settings` is a settings table.
 */
export function growthOfTable(table: string, words: TableWords): { word: string; growth: GrowthClass } | null {
  for (const word of headWords(table)) {
    if (words.population.has(word)) return { word, growth: 'population' };
    if (words.tenant.has(word)) return { word, growth: 'tenant' };
    if (words.appendOnly.has(word)) return { word, growth: 'appendOnly' };
  }
  return null;
}

/** Configuration tables by name: the head noun is a config word and no other word says the table grows. */
export function isSmallTable(table: string, words: TableWords): boolean {
  const parts = splitWords(table);
  const head = parts.at(-1);
  if (head === undefined || !words.small.has(head)) return false;
  return !parts.some((word) => words.population.has(word) || words.appendOnly.has(word));
}

/**
 * The words that say what a table holds: its head noun (`EventWebHook` holds hooks), or the word
 * before a generic head (`AuditLogEntry` holds log entries).
 */
function headWords(table: string): string[] {
  const parts = splitWords(table);
  const head = parts.at(-1);
  if (head === undefined) return [];
  return GENERIC_HEADS.has(head) && parts.length > 1 ? [parts.at(-2)!, head] : [head];
}

const GENERIC_HEADS = new Set(['entry', 'record', 'item', 'row', 'line', 'doc', 'document', 'model', 'entity', 'table', 'collection']);

/** `role: { in: [Role.OWNER, Role.ADMIN] }`: a tenant's admins are a handful, not its population. */
function isPrivilegedRole(predicate: Predicate): boolean {
  if (predicate.op !== 'constant' || !/^(?:roles?|permissions?|access(?:Level)?)$/iu.test(predicate.column.split('.').at(-1)!)) return false;
  const text = predicate.text ?? '';
  return PRIVILEGED_ROLE.test(text) && !UNPRIVILEGED_ROLE.test(text);
}

const PRIVILEGED_ROLE = /\b(?:OWNER|ADMIN|ADMINISTRATOR|SUPERUSER|SUPER_ADMIN|SUPERADMIN)\b/iu;
const UNPRIVILEGED_ROLE = /\b(?:MEMBER|USER|VIEWER|GUEST|READER|EDITOR|COLLABORATOR|READONLY|NONE)\b/iu;

/** A foreign key or a relation path: `userId`, `monitor_id`, `user.id`, but not the row's own `id`. */
function isOwnerKey(predicate: Predicate): boolean {
  const path = predicate.column.split('.');
  const last = path.at(-1)!;
  if (path.length > 1) return true;
  if (ROW_KEYS.includes(last.toLowerCase())) return false;
  return /[a-z0-9](?:Id|ID|Ids|_id|_ids|_key|Key)$/u.test(last);
}

/** `orderId`, `order.id`, `activeOrderId`: a key naming an append-only row. */
function isEventKey(predicate: Predicate, words: TableWords): boolean {
  const path = predicate.column.split('.');
  const key = path.length > 1 && ROW_KEYS.includes(path.at(-1)!.toLowerCase()) ? path.at(-2)! : path.at(-1)!;
  return splitWords(key).some((word) => words.appendOnly.has(word));
}

function isTenantKey(predicate: Predicate, words: TableWords): boolean {
  const path = predicate.column.split('.');
  // `o.team_id` and `team.id` both name the team: the alias of a SQL column is not a word of the key.
  const key = path.length > 1 && ROW_KEYS.includes(path.at(-1)!.toLowerCase()) ? path.at(-2)! : path.at(-1)!;
  return splitWords(key).some((word) => words.tenant.has(word));
}

const wordCache = new Map<string, string[]>();

/** `AuditLogEntries` → ['audit', 'log', 'entry']; `"public"."team_members"` → ['public', 'team', 'member']. */
export function splitWords(name: string): string[] {
  let words = wordCache.get(name);
  if (words) return words;
  words = name
    .replace(/([a-z0-9])([A-Z])/gu, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/gu, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/u)
    .filter(Boolean)
    .map(singular);
  if (wordCache.size > 10_000) wordCache.clear();
  wordCache.set(name, words);
  return words;
}

function singular(word: string): string {
  const irregular = IRREGULAR_SINGULARS[word];
  if (irregular) return irregular;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is)$/u.test(word)) return word;
  if (/(?:sses|xes|ches|shes)$/u.test(word)) return word.slice(0, -2);
  return word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
}
