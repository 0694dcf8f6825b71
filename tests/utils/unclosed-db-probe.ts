import type { TSESTree } from '@typescript-eslint/utils';
import { forEachDescendant } from '../../rules/utils/ast.js';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import { recordDbCall, startDbFileFacts, type DbFileFacts } from '../../rules/utils/db-acquisitions.js';
import { getSetup, type UnclosedDbOptions } from '../../rules/utils/db-client-setup.js';

/**
 * Lints `code` collecting what `no-unclosed-db-in-thread` collects in its walk (method calls,
 * factory calls), then hands the finished facts to `decide` at `Program:exit`, as the rule does.
 */
export function lintDbFacts(
  code: string,
  decide: (facts: DbFileFacts) => void,
  { options = {}, ...probeOptions }: ProbeOptions & { options?: UnclosedDbOptions[0] } = {},
): void {
  lintWithProbe(
    code,
    (context) => {
      const facts = startDbFileFacts(context, getSetup(options));
      const checkFactories = options.checkProjectFactories ?? false;
      return {
        CallExpression(node: TSESTree.CallExpression) {
          recordDbCall(facts, node, checkFactories);
        },
        NewExpression(node: TSESTree.NewExpression) {
          recordDbCall(facts, node, checkFactories);
        },
        'Program:exit'() {
          decide(facts);
        },
      };
    },
    probeOptions,
  );
}

/** The first node of `type` whose source text starts with `text`. */
export function findNode<T extends TSESTree.Node>(facts: DbFileFacts, type: T['type'], text: string): T {
  let found: T | undefined;
  forEachDescendant(facts.sourceCode.ast, (node) => {
    if (!found && node.type === type && facts.sourceCode.getText(node).startsWith(text)) found = node as T;
  });
  if (!found) throw new Error(`no ${type} starting with ${text}`);
  return found;
}
