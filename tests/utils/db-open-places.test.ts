import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { factoryMayLeak, findOpenPlace } from '../../rules/utils/db-open-places.js';
import { findHolder } from '../../rules/utils/db-resource-holders.js';
import { findNode, lintDbFacts } from './unclosed-db-probe.js';

/** The place of each `new Client(…)` in `code`, by its first argument, as the message says it (or null). */
function places(code: string, filename?: string): Record<string, string | null> {
  const found: Record<string, string | null> = {};
  lintDbFacts(
    code,
    (facts) => {
      for (const label of code.match(/new Client\('\w+'\)/gu) ?? []) {
        const node = findNode(facts, AST_NODE_TYPES.NewExpression, label);
        const place = findOpenPlace(facts, node);
        found[label.slice("new Client('".length, -2)] = place && `${place.where} [${place.unit ?? 'task'}]`;
      }
    },
    filename ? { filename } : {},
  );
  return found;
}

describe('findOpenPlace', () => {
  it('finds request handlers, helpers, tasks and startup code', () => {
    expect(
      places(`import express from 'express';
import { Client } from 'pg';
import { Worker } from 'bullmq';
const app = express();
export const boot = new Client('boot');
app.get('/r', async (req, res) => { const c = new Client('route'); res.json(await c.query('x')); });
export async function copyRows() { const c = new Client('helper'); await c.query('x'); }
export async function connectDatabase() { const c = new Client('setup'); await c.connect(); }
export async function runMigrations() { const c = new Client('migration'); await c.connect(); }
new Worker('q', async () => { const c = new Client('job'); await c.query('x'); });
process.on('SIGUSR2', async () => { const c = new Client('signal'); await c.query('x'); });`),
    ).toEqual({
      boot: null,
      route: 'code that runs on every request (registered with `app.get` on line 6) [request]',
      helper: "'copyRows', once per call [call]",
      setup: null,
      migration: null,
      job: "the task handed to 'new Worker' [task]",
      signal: null,
    });
  });
});

describe('factoryMayLeak', () => {
  it('needs a held result, and a helper outside one-shot files', () => {
    const verdicts: boolean[] = [];
    const code = `import { Client } from 'pg';\nexport async function copyRows() { const c = new Client('helper'); await c.query('x'); }`;
    // Script files are matched relative to cwd, so that one needs an absolute path.
    for (const filename of ['src/reports.ts', 'src/upgrades/1.2.0/rows.ts', path.join(process.cwd(), 'scripts/backfill.ts')]) {
      lintDbFacts(
        code,
        (facts) => {
          const node = findNode(facts, AST_NODE_TYPES.NewExpression, 'new Client');
          const place = findOpenPlace(facts, node);
          verdicts.push(factoryMayLeak(facts, { type: 'discarded' }, place));
          const holder = findHolder(facts.reader, node)!;
          verdicts.push(factoryMayLeak(facts, holder, place));
          verdicts.push(factoryMayLeak(facts, holder, { where: 'code that runs on every request', topLevel: false, unit: 'request' }));
        },
        { filename },
      );
    }
    expect(verdicts).toEqual([false, true, true, false, false, true, false, false, true]);
  });
});
