import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { calleeText, findAcquisitions } from '../../rules/utils/db-acquisitions.js';
import { findNode, lintDbFacts } from './unclosed-db-probe.js';

/** Each acquisition of `code` as `callee: checkout/evidence/factory`. */
function acquisitions(code: string, checkProjectFactories = false): string[] {
  const found: string[] = [];
  lintDbFacts(
    code,
    (facts) => {
      for (const acquisition of findAcquisitions(facts)) {
        const flags = [acquisition.checkout && 'checkout', acquisition.needsEvidence && 'needs evidence', acquisition.factory && 'factory'].filter(Boolean);
        found.push(`${calleeText(facts.sourceCode, acquisition.node)}: ${acquisition.kinds[0]?.label ?? ''}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`);
      }
    },
    { options: { checkProjectFactories } },
  );
  return found;
}

describe('findAcquisitions', () => {
  it('finds catalogued clients, project subclasses and checkouts from handles the file traces', () => {
    expect(
      acquisitions(`import { Client, Pool } from 'pg';
import { PrismaClient } from '@prisma/client';
import { pool as sharedPool } from './db';
class AppPrisma extends PrismaClient {}
const pool = new Pool();
export async function run() {
  const client = new Client();
  const prisma = new AppPrisma();
  const checkedOut = await pool.connect();
  const shared = await sharedPool.connect();
}`),
    ).toEqual([
      "new Client: The pg 'Client'",
      "new Pool: The pg 'Pool'",
      "new AppPrisma: The 'PrismaClient'",
      'pool.connect: The pg pool client (checkout)',
      'sharedPool.connect: The pg pool client (checkout, needs evidence)',
    ]);
  });

  it('adds project factories only when asked', () => {
    const code = `import { createTenantDbClient } from './db/tenants';
export async function run() {
  const db = await createTenantDbClient('t');
}`;
    expect(acquisitions(code)).toEqual([]);
    expect(acquisitions(code, true)).toEqual(["createTenantDbClient: The client from 'createTenantDbClient()' (factory)"]);
  });
});

describe('calleeText', () => {
  it('names the call as the message does, shortening long callees to their method', () => {
    lintDbFacts(`declare const services: any;\nnew services.Client();\nservices.registry.tenants.primary.databases.reporting.connect();`, (facts) => {
      expect(calleeText(facts.sourceCode, findNode(facts, AST_NODE_TYPES.NewExpression, 'new services'))).toBe('new services.Client');
      expect(calleeText(facts.sourceCode, findNode(facts, AST_NODE_TYPES.CallExpression, 'services.registry'))).toBe('….connect');
    });
  });
});
