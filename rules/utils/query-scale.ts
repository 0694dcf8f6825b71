import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findJobEvidence, getFileContext } from './execution-context.js';
import { growthOfTable, type Selectivity, type TableWords } from './query-selectivity.js';
import { findHandlerEvidence } from './request-handlers.js';

/**
 * "Is this whole-table load big?" A load with no row limit costs what the table holds, and a name in
 * an ordinary service cannot say whether that is six payment methods or six million orders. Two facts
 * say it is big, and `no-unbounded-query` reports without them only under `checkAnyTable`:
 * - **bulk code**: a job, queue processor, cron or one-shot script walks data by design (the exports,
 *   backfills and fan-outs of ORM trackers' out-of-memory reports), so it meets the table at full size;
 * - **a table that grows with use**: its head noun names people, tenants or events (catalog
 *   `query-words.ts`), and the filter does not narrow it to one owner.
 */
export type UnboundedVerdict = Extract<Selectivity, { kind: 'unbounded' }>;

/** The scale evidence for `node`'s query, in words a message can quote, or null when there is none. */
export function findScaleEvidence(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  node: TSESTree.Node,
  table: string | undefined,
  verdict: UnboundedVerdict,
  words: TableWords,
): string | null {
  return findBulkCodeEvidence(context, node) ?? (table === undefined ? null : findGrowthEvidence(table, verdict, words));
}

/** "in job code (matches settings.leaks.jobFiles ('**\/workers/**'))", "in code that runs on every job: …". */
export function findBulkCodeEvidence(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, node: TSESTree.Node): string | null {
  const file = getFileContext(context);
  if (file.kind === 'script') return `in a one-shot script (${file.evidence})`;
  const job = findJobEvidence(context);
  if (job !== null) return `in job code (${job})`;
  const handler = findHandlerEvidence(node, context.sourceCode, context.filename);
  return handler && (handler.kind === 'job' || handler.kind === 'schedule') ? `in code that ${handler.text}` : null;
}

const GROWTH_PHRASES = {
  population: 'people who keep signing up',
  tenant: 'tenants that keep signing up',
  appendOnly: 'a row per thing that happened',
} as const;

/**
 * A table that grows with use, loaded whole or through a filter that keeps most of it. A filter on
 * its owner (`monitor_id`, `teamId`) narrows it to one owner's rows: how many that is, a name cannot
 * tell, so those need bulk code too.
 */
function findGrowthEvidence(table: string, verdict: UnboundedVerdict, words: TableWords): string | null {
  if (verdict.reason === 'ownerOnly' || verdict.reason === 'tenantOnly') return null;
  const growth = growthOfTable(table, words);
  return growth ? `'${growth.word}' tables hold ${GROWTH_PHRASES[growth.growth]}` : null;
}
