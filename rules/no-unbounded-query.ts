import { createRule } from './utils/create-rule.js';

type Options = [];
type MessageIds = 'unboundedQuery';

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-query',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow queries that load a whole table into memory.',
      recommended: 'warn',
    },
    messages: {
      unboundedQuery: 'Placeholder message until the rule lands.',
    },
    schema: [],
    defaultOptions: [],
  },
  create() {
    return {};
  },
});
