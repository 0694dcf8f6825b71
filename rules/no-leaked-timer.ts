import { createRule } from './utils/create-rule.js';

type Options = [];
type MessageIds = 'timerNeverCleared';

export default createRule<Options, MessageIds>({
  name: 'no-leaked-timer',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow intervals and re-arming timeouts that are never cleared.',
      recommended: 'warn',
    },
    messages: {
      timerNeverCleared: 'Placeholder message until the rule lands.',
    },
    schema: [],
    defaultOptions: [],
  },
  create() {
    return {};
  },
});
