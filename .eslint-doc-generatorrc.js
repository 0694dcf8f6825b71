/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['all', '🌐'],
  ],
  ignoreConfig: ['all'],
  // Every page has an Options section (the template's), even a rule without options, so the
  // generator's own "no Options section without options" check is off; tests/plugin.test.ts checks
  // instead that each option has its own heading.
  ruleDocSectionOptions: false,
  ruleDocSectionInclude: ['Why it leaks', 'Examples', 'Options', 'When Not To Use It', 'Further Reading'],
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  ruleListColumns: ['name', 'description', 'configsError', 'configsWarn', 'hasSuggestions', 'options'],
  urlRuleDoc: 'https://github.com/eslint-plugin-leaks/eslint-plugin-leaks/blob/main/docs/rules/{name}.md',
};

export default config;
