import { createRule } from './utils/create-rule.js';

type Options = [];
type MessageIds = 'cycle';

export default createRule<Options, MessageIds>({
  name: 'no-handler-cycle',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow an owner and its handler holding strong references to each other.',
      recommended: 'warn',
    },
    messages: {
      cycle: 'Placeholder message until the rule lands.',
    },
    schema: [],
    defaultOptions: [],
  },
  create() {
    return {};
  },
});
