import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { forEachDescendant } from '../../rules/utils/ast.js';
import { contains, isCovered, returnsCallResult, statementList } from '../../rules/utils/db-release-coverage.js';
import { getEnclosingFunction } from '../../rules/utils/scope.js';
import { findNode, lintDbFacts } from './unclosed-db-probe.js';

/** Whether every `client.end()` of `body` covers `const client = …` (the first statement), inside `async function run()`. */
function covered(body: string): boolean {
  let result: boolean | undefined;
  lintDbFacts(`declare function open(): { end(): Promise<void>; query(sql: string): Promise<unknown> };\nexport async function run(flag: boolean) {\n${body}\n}`, (facts) => {
    const statement = findNode<TSESTree.VariableDeclaration>(facts, AST_NODE_TYPES.VariableDeclaration, 'const client');
    const sites: TSESTree.Node[] = [];
    forEachDescendant(statement.parent, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression && facts.sourceCode.getText(node.callee) === 'client.end') sites.push(node);
    });
    result = isCovered(sites, statement, getEnclosingFunction(statement));
  });
  return result!;
}

describe('isCovered', () => {
  it('takes a release in finally, with nothing that can leave between the acquisition and the try', () => {
    expect(covered(`const client = open();\ntry { await client.query('x'); } finally { await client.end(); }`)).toBe(true);
    expect(covered(`const client = open();\nawait client.query('setup');\ntry { await client.query('x'); } finally { await client.end(); }`)).toBe(true);
    expect(covered(`const client = open();\nif (flag) return;\ntry { await client.query('x'); } finally { await client.end(); }`)).toBe(false);
  });

  it('takes commit-and-rollback: a release at the end of the try and in its catch', () => {
    expect(covered(`const client = open();\ntry { await client.query('x'); await client.end(); } catch (e) { await client.end(); throw e; }`)).toBe(true);
  });

  it('takes a release right after a try/catch that handles every error, or before anything can throw', () => {
    expect(covered(`const client = open();\ntry { await client.query('x'); } catch { console.error('x'); }\nawait client.end();`)).toBe(true);
    expect(covered(`const client = open();\nconst label = 'probe';\nclient.end();`)).toBe(true);
  });

  it('leaves a release on the happy path only', () => {
    expect(covered(`const client = open();\nawait client.query('x');\nawait client.end();`)).toBe(false);
    expect(covered(`const client = open();\ntry { await client.query('x'); } catch (e) { throw e; }\nawait client.end();`)).toBe(false);
  });
});

describe('statements', () => {
  it('lists the statements of blocks and switch cases, and sees a returned call', () => {
    lintDbFacts(`export function f(x: number) { switch (x) { case 1: return g(); } return [1]; }\ndeclare function g(): number;`, (facts) => {
      const block = findNode<TSESTree.BlockStatement>(facts, AST_NODE_TYPES.BlockStatement, '{ switch');
      const switchCase = findNode<TSESTree.SwitchCase>(facts, AST_NODE_TYPES.SwitchCase, 'case 1');
      expect(statementList(block)).toHaveLength(2);
      expect(statementList(switchCase)).toHaveLength(1);
      expect(statementList(findNode(facts, AST_NODE_TYPES.ReturnStatement, 'return [1]'))).toBeNull();
      expect(returnsCallResult(switchCase)).toBe(true);
      expect(returnsCallResult(findNode(facts, AST_NODE_TYPES.ReturnStatement, 'return [1]'))).toBe(false);
      expect(contains(block, switchCase)).toBe(true);
      expect(contains(switchCase, block)).toBe(false);
    });
  });
});
