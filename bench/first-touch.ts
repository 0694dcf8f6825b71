/**
 * What a piece of per-file work costs the first time a file runs it, against the second time on the
 * same file (application corpus; `npm run build` first):
 *
 *   npx tsx bench/first-touch.ts [files]
 *
 * A probe rule runs each piece twice in its create(), timed with performance.now(), on the first
 * `files` files of .cache/corpus-apps (APPS_DIR). The pieces come from the built plugin, as users run
 * it. The query resolver's prepare() is probed only on files that pass no-unbounded-query's ORM or SQL
 * gate. See bench/RESULTS-apps.md for what it showed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Rule } from 'eslint';
import type * as Contexts from '../rules/utils/catalogs/execution-contexts.js';
import type * as ExecutionContext from '../rules/utils/execution-context.js';
import type * as Globs from '../rules/utils/globs.js';
import type * as Imports from '../rules/utils/imports.js';
import type * as QueryKinds from '../rules/utils/query-kinds.js';
import { defaultAppsDir, listAppFiles, repoRoot } from '../scripts/lib/corpus.js';

/** A module of the build, typed by its source. */
async function importBuilt<Module>(sourcePath: string): Promise<Module> {
  const built = path.join(repoRoot, 'dist', sourcePath.replace(/\.ts$/u, '.js'));
  if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first.`);
  return (await import(pathToFileURL(built).href)) as Module;
}
const { readLeaksSettings } = await importBuilt<typeof ExecutionContext>('rules/utils/execution-context.ts');
const { importsAnyModule } = await importBuilt<typeof Imports>('rules/utils/imports.ts');
const { createPathMatcher } = await importBuilt<typeof Globs>('rules/utils/globs.ts');
const { createQueryResolver, mayHaveSelect, readQueryGates } = await importBuilt<typeof QueryKinds>('rules/utils/query-kinds.ts');
const contexts = await importBuilt<typeof Contexts>('rules/utils/catalogs/execution-contexts.ts');

const root = path.resolve(process.env.APPS_DIR ?? defaultAppsDir);
const files = listAppFiles(root).slice(0, Number(process.argv[2] ?? 5000));
const matchers = [contexts.DEFAULT_TEST_FILES, contexts.DEFAULT_SCRIPT_FILES, contexts.DEFAULT_JOB_FILES].map(createPathMatcher);
/** Per probe: ms of first calls, ms of second calls, files probed. */
const totals = new Map<string, [number, number, number]>();

function probe(name: string, run: () => unknown): void {
  const entry = totals.get(name) ?? [0, 0, 0];
  for (const slot of [0, 1] as const) {
    const start = performance.now();
    run();
    entry[slot] += performance.now() - start;
  }
  entry[2]++;
  totals.set(name, entry);
}

const probes: Rule.RuleModule = {
  create(context) {
    const sourceCode = context.sourceCode as never;
    const relative = path.relative(context.cwd, context.physicalFilename);
    probe('readLeaksSettings', () => readLeaksSettings(context.settings));
    probe('three path matchers (test, script, job)', () => matchers.forEach((matches) => matches(relative)));
    probe('importsAnyModule(test frameworks)', () => importsAnyModule(sourceCode, contexts.TEST_FRAMEWORK_MODULES));
    if (readQueryGates(sourceCode, []).orm || mayHaveSelect(context.sourceCode.text)) {
      probe('query resolver prepare()', () => createQueryResolver(sourceCode, [], null).prepare());
    }
    return {};
  },
};
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  ignore: false,
  overrideConfig: [
    {
      files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
      plugins: { probe: { rules: { probes } } },
      languageOptions: { parser: tsParser, sourceType: 'module' },
      rules: { 'probe/probes': 'error' },
    },
  ],
});
for (const file of files) await eslint.lintText(fs.readFileSync(file.path, 'utf8'), { filePath: file.path });
console.log('| probe | files | first call, µs / file | second call, µs / file |\n| --- | ---: | ---: | ---: |');
for (const [name, [first, second, count]] of totals) {
  console.log(`| ${name} | ${count} | ${((first / count) * 1000).toFixed(1)} | ${((second / count) * 1000).toFixed(1)} |`);
}
