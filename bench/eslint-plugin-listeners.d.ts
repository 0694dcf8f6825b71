/** eslint-plugin-listeners 1.6 ships no types: a plain ESLint plugin object (rules and legacy configs). */
declare module 'eslint-plugin-listeners' {
  const plugin: { rules: Record<string, unknown>; configs: Record<string, unknown> };
  export default plugin;
}
