import { createRule } from './utils/create-rule.js';

type Options = [];
type MessageIds = 'debugFlag';

export default createRule<Options, MessageIds>({
  name: 'no-debug-in-perf-config',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow debug mode and query logging in benchmark, perf and load-test configuration.',
      recommended: 'error',
    },
    messages: {
      debugFlag: 'Placeholder message until the rule lands.',
    },
    schema: [],
    defaultOptions: [],
  },
  create() {
    return {};
  },
});
