/**
 * Words that say how a table grows and how its filters bound it, read by `no-unbounded-query`.
 * Table and column names are split into lower-case singular words (`AuditLogEntries` → audit, log,
 * entry; `team_member_id` → team, member, id) and compared word by word. Plain data: the rule's
 * options extend every list (docs/rules/no-unbounded-query.md).
 */

/**
 * Tables that only grow: a row per thing that happened (an event logged, an order placed, a comment
 * posted). Equality on the owner (`userId`, `monitor_id`) does not bound them, because an owner's
 * history grows as long as the owner lives.
 */
export const APPEND_ONLY_WORDS: readonly string[] = [
  'history', 'event', 'log', 'audit', 'activity', 'notification', 'message', 'metric', 'delivery',
  // What users do with a service, a row each time: commerce, content, sessions.
  'order', 'invoice', 'payment', 'transaction', 'purchase', 'booking', 'reservation', 'ticket',
  'comment', 'post', 'reply', 'review', 'vote', 'reaction', 'upload', 'attachment', 'session', 'visit',
  // uptime monitors write one row per check: the canonical append-only table of a monitoring service.
  'heartbeat',
];

/** Tables of people and things that join a tenant: a tenant's rows grow with the tenant. */
export const POPULATION_WORDS: readonly string[] = ['user', 'member', 'membership', 'subscriber', 'customer', 'contact', 'device'];

/** Keys that name a tenant: equality on one of them over a population table still loads a whole population. */
export const TENANT_WORDS: readonly string[] = ['team', 'organization', 'organisation', 'org', 'workspace', 'account', 'tenant', 'project', 'environment'];

/**
 * Tables that are configuration by convention, with a row per setting, enum value or code-defined
 * strategy: small and fixed, so loading them whole is the normal way to read them. Compared with the
 * last word of the name (`SystemSetting`, `feature_flags`), and skipped only when no other word is a
 * population or append-only word (`user_settings` grows with the users).
 */
export const SMALL_TABLE_WORDS: readonly string[] = [
  'config', 'configuration', 'setting', 'option', 'preference', 'flag', 'feature', 'strategy', 'migration',
  'locale', 'country', 'currency', 'language', 'timezone', 'region', 'lookup',
];

/** Column names that identify one row of a table: equality on them bounds even an append-only table. */
export const ROW_KEYS: readonly string[] = ['id', '_id', 'uuid', 'key', '_key', 'slug', 'token', 'hash'];

/** Irregular plurals that the `s`/`ies` rule gets wrong. */
export const IRREGULAR_SINGULARS: Readonly<Record<string, string>> = {
  entries: 'entry',
  histories: 'history',
  statuses: 'status',
  addresses: 'address',
  analyses: 'analysis',
  people: 'person',
  children: 'child',
  data: 'data',
  media: 'media',
  series: 'series',
};
