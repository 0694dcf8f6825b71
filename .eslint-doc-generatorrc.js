/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['all', '🌐'],
  ],
  ignoreConfig: ['all'],
  ruleDocSectionInclude: ['Why it leaks', 'Examples', 'Options', 'When Not To Use It', 'Further Reading'],
  ruleDocTitleFormat: 'desc-parens-name',
  ruleListColumns: ['name', 'description', 'configsError', 'configsWarn', 'hasSuggestions', 'options'],
  urlRuleDoc: 'https://github.com/eslint-plugin-leaks/eslint-plugin-leaks/blob/main/docs/rules/{name}.md',
};

export default config;
