import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import type { Kind } from '../../rules/utils/db-client-setup.js';
import { buildSuggestions } from '../../rules/utils/db-release-suggestions.js';
import { findHolder } from '../../rules/utils/db-resource-holders.js';
import { findNode, lintDbFacts } from './unclosed-db-probe.js';

const CLIENT: Kind = { label: "The pg 'Client'", role: 'connection', release: ['end'], asyncRelease: true, finallyRelease: 'end', checkouts: new Map() };

/** Each suggestion for `const client = new Client()` in `code`, as messageId → the fixed code. */
function suggestionsFor(code: string, kind: Kind): Record<string, string> {
  const outputs: Record<string, string> = {};
  lintDbFacts(code, (facts) => {
    const holder = findHolder(facts.reader, findNode(facts, AST_NODE_TYPES.NewExpression, 'new Client'));
    if (holder?.type !== 'variable') throw new Error('no variable holder');
    const sites: TSESTree.Node[] = [];
    for (const reference of holder.variable.references) {
      const member = reference.identifier.parent;
      if (member.type === AST_NODE_TYPES.MemberExpression && member.parent.type === AST_NODE_TYPES.CallExpression && facts.sourceCode.getText(member) === 'client.end') sites.push(member.parent);
    }
    for (const suggestion of buildSuggestions(facts.sourceCode, holder, kind, sites, 'closed')) {
      outputs[suggestion.messageId] = applyFix(code, suggestion.fix);
    }
  });
  return outputs;
}

function applyFix(code: string, fix: TSESLint.ReportFixFunction): string {
  const fixer = {
    replaceText: (node: TSESTree.Node | TSESTree.Token, text: string) => ({ range: node.range, text }),
    replaceTextRange: (range: readonly [number, number], text: string) => ({ range, text }),
    removeRange: (range: readonly [number, number]) => ({ range, text: '' }),
  } as unknown as TSESLint.RuleFixer;
  const result = fix(fixer);
  const fixes = (result === null ? [] : Symbol.iterator in Object(result) ? [...(result as Iterable<TSESLint.RuleFix>)] : [result as TSESLint.RuleFix]).sort(
    (a, b) => b.range[0] - a.range[0],
  );
  return fixes.reduce((text, { range, text: replacement }) => text.slice(0, range[0]) + replacement + text.slice(range[1]), code);
}

describe('buildSuggestions', () => {
  it('wraps the code after the acquisition in try and moves the release into finally', () => {
    const code = `import { Client } from 'pg';
export async function copy() {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('SELECT 1');
  await client.end();
  return rows;
}`;
    expect(suggestionsFor(code, CLIENT)).toEqual({
      releaseInFinally: `import { Client } from 'pg';
export async function copy() {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('SELECT 1');
    return rows;
  } finally {
    await client.end();
  }
}`,
    });
  });

  it('offers await using for a client that implements Symbol.asyncDispose, dropping the release', () => {
    const code = `import { Client } from 'pg';
export async function copy() {
  const client = new Client();
  await client.query('SELECT 1');
  await client.end();
}`;
    expect(suggestionsFor(code, { ...CLIENT, dispose: 'async' }).useAwaitUsing).toBe(`import { Client } from 'pg';
export async function copy() {
  await using client = new Client();
  await client.query('SELECT 1');
}`);
  });

  it('offers nothing when the code returns a pending call, or when no release is known or written', () => {
    expect(
      suggestionsFor(`import { Client } from 'pg';\nexport async function copy() {\n  const client = new Client();\n  return client.query('SELECT 1');\n}`, CLIENT),
    ).toEqual({});
    const unknownRelease: Kind = { label: "The 'Client'", role: 'connection', release: ['end'], asyncRelease: true, checkouts: new Map() };
    expect(suggestionsFor(`import { Client } from 'pg';\nexport async function copy() {\n  const client = new Client();\n  await client.query('SELECT 1');\n}`, unknownRelease)).toEqual({});
  });
});
