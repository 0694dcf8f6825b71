import { createRule } from './utils/create-rule.js';

type Options = [];
type MessageIds = 'growingCollection';

export default createRule<Options, MessageIds>({
  name: 'no-growing-module-collection',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow module-level and static collections that only grow.',
      recommended: 'error',
    },
    messages: {
      growingCollection: 'Placeholder message until the rule lands.',
    },
    schema: [],
    defaultOptions: [],
  },
  create() {
    return {};
  },
});
