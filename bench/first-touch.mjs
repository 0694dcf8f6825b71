// What a piece of per-file work costs the first time a file runs it, against the second time on the
// same file: node bench/first-touch.mjs [files]  (npm run build first; application corpus).
// A probe rule runs each piece twice in its create(), timed with performance.now(), on the first
// `files` files of .cache/corpus-apps (APPS_DIR). The query resolver's prepare() is probed only on
// files that pass no-unbounded-query's ORM or SQL gate. See bench/RESULTS-apps.md for what it showed.
import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import fs from 'node:fs';
import path from 'node:path';
import { appsRoot, listAppsFiles } from './apps-files.mjs';
import { readLeaksSettings } from '../dist/rules/utils/execution-context.js';
import { importsAnyModule } from '../dist/rules/utils/imports.js';
import { createPathMatcher } from '../dist/rules/utils/globs.js';
import { createQueryResolver, mayHaveSelect, mayUseAnOrm } from '../dist/rules/utils/query-kinds.js';
import { DEFAULT_JOB_FILES, DEFAULT_SCRIPT_FILES, DEFAULT_TEST_FILES, TEST_FRAMEWORK_MODULES } from '../dist/rules/utils/catalogs/execution-contexts.js';

const root = appsRoot;
const limit = Number(process.argv[2] ?? 5000);
const files = listAppsFiles();

const matchers = [DEFAULT_TEST_FILES, DEFAULT_SCRIPT_FILES, DEFAULT_JOB_FILES].map(createPathMatcher);
/** name → [first-call ms, second-call ms, files probed] */
const totals = new Map();
function probe(name, run) {
  const entry = totals.get(name) ?? [0, 0, 0];
  for (const slot of [0, 1]) {
    const start = performance.now();
    run();
    entry[slot] += performance.now() - start;
  }
  entry[2]++;
  totals.set(name, entry);
}
const probes = {
  create(context) {
    const { sourceCode } = context;
    const relative = path.relative(context.cwd, context.physicalFilename);
    probe('readLeaksSettings', () => readLeaksSettings(context.settings));
    probe('three path matchers (test, script, job)', () => matchers.forEach((matches) => matches(relative)));
    probe('importsAnyModule(test frameworks)', () => importsAnyModule(sourceCode, TEST_FRAMEWORK_MODULES));
    if (mayUseAnOrm(sourceCode, []) || mayHaveSelect(sourceCode.text)) probe('query resolver prepare()', () => createQueryResolver(sourceCode, [], null).prepare());
    return {};
  },
};
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  ignore: false,
  overrideConfig: [{ files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'], plugins: { probe: { rules: { probes } } }, languageOptions: { parser: tsParser, sourceType: 'module' }, rules: { 'probe/probes': 'error' } }],
});
for (const file of files.slice(0, limit)) await eslint.lintText(fs.readFileSync(file, 'utf8'), { filePath: file });
console.log('| probe | files | first call, µs / file | second call, µs / file |\n| --- | ---: | ---: | ---: |');
for (const [name, [first, second, count]] of totals) console.log(`| ${name} | ${count} | ${((first / count) * 1000).toFixed(1)} | ${((second / count) * 1000).toFixed(1)} |`);
