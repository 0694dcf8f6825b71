import { createRule } from './utils/create-rule.js';

type Options = [];
type MessageIds = 'neverClosed';

export default createRule<Options, MessageIds>({
  name: 'no-unclosed-db-in-thread',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require database connections acquired in threads, tasks and jobs to be closed on every path.',
      recommended: 'error',
    },
    messages: {
      neverClosed: 'Placeholder message until the rule lands.',
    },
    schema: [],
    defaultOptions: [],
  },
  create() {
    return {};
  },
});
