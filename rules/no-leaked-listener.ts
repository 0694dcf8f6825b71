import { createRule } from './utils/create-rule.js';

type Options = [];
type MessageIds = 'listenerNeverRemoved';

export default createRule<Options, MessageIds>({
  name: 'no-leaked-listener',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow listeners added on every call to long-lived targets and never removed.',
      recommended: 'warn',
    },
    messages: {
      listenerNeverRemoved: 'Placeholder message until the rule lands.',
    },
    schema: [],
    defaultOptions: [],
  },
  create() {
    return {};
  },
});
