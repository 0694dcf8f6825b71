/**
 * What ESLint's stats charge a rule before it does any work of its own, on the application corpus:
 *
 *   npx tsx bench/shared-cost.ts [--passes 2]
 *
 * Lints the corpus (`npm run build` first) with four probe rules ahead of
 * `no-growing-module-collection`, the first rule of configs.all that asks for the shared file context,
 * and prints each one's stats time per pass after a warm-up pass:
 *
 * - `empty`: a rule whose create() returns no listeners (ESLint's own cost of a rule per file);
 * - `file-context`: created with this plugin's `createRule`, so it asks for the shared file context
 *   (test, script or service) first and pays for it, as the first leaks rule does in a real run;
 * - `exit-listener` and `call-listener`: the same, with an empty `Program:exit` or `CallExpression`
 *   listener, after the context is known;
 * - `no-growing-module-collection`: the real rule, with the context already paid for.
 *
 * Read it next to the peer's most expensive rule in bench/RESULTS-apps.md: the shared file context is
 * charged in full to whichever rule asks first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { ESLint, type Rule } from 'eslint';
import type * as CreateRule from '../rules/utils/create-rule.js';
import { defaultAppsDir, listAppFiles, repoRoot } from '../scripts/lib/corpus.js';
import { loadBuiltPlugin, NODE_GLOBALS } from '../scripts/lib/eslint.js';

const { values } = parseArgs({ options: { passes: { type: 'string', default: '2' } } });
const { createRule } = (await import(pathToFileURL(path.join(repoRoot, 'dist/rules/utils/create-rule.js')).href)) as typeof CreateRule;
const plugin = await loadBuiltPlugin();

function probe(name: string, listeners: TSESLint.RuleListener): Rule.RuleModule {
  const rule = createRule({ name, meta: { type: 'problem', docs: { description: name }, messages: {}, schema: [] }, defaultOptions: [], create: () => listeners });
  return rule as unknown as Rule.RuleModule;
}
const probes: Record<string, Rule.RuleModule> = {
  empty: { meta: { schema: [] }, create: () => ({}) },
  'file-context': probe('file-context', {}),
  'exit-listener': probe('exit-listener', { 'Program:exit'() {} }),
  'call-listener': probe('call-listener', { CallExpression() {} }),
};
const rules = { ...Object.fromEntries(Object.keys(probes).map((name) => [`probe/${name}`, 'warn' as const])), 'leaks/no-growing-module-collection': 'warn' as const };

const root = path.resolve(defaultAppsDir);
const files = listAppFiles(root).map((file) => ({ file, text: fs.readFileSync(file.path, 'utf8') }));
const lines = files.reduce((sum, { file }) => sum + file.lines, 0);
const engines = new Map<string, ESLint>();
function engineFor(sourceType: string): ESLint {
  let engine = engines.get(sourceType);
  if (!engine) {
    engine = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      ignore: false,
      stats: true,
      overrideConfig: [
        {
          files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
          plugins: { probe: { rules: probes }, leaks: plugin },
          languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: sourceType, globals: NODE_GLOBALS },
          linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
          rules,
        },
      ],
    });
    engines.set(sourceType, engine);
  }
  return engine;
}

async function pass(): Promise<Map<string, number>> {
  const ms = new Map<string, number>();
  for (const { file, text } of files) {
    const [result] = await engineFor(file.sourceType).lintText(text, { filePath: file.path });
    for (const timing of result?.stats?.times.passes ?? []) {
      for (const [id, time] of Object.entries(timing.rules ?? {})) ms.set(id, (ms.get(id) ?? 0) + time.total);
    }
  }
  return ms;
}

await pass();
const runs: Map<string, number>[] = [];
for (let run = 0; run < Number(values.passes); run++) runs.push(await pass());
console.log(`${files.length} files, ${lines.toLocaleString('en')} lines; ms per pass (ESLint stats), one column per pass after a warm-up\n`);
console.log('| rule | ms per pass | ms / 1k lines (mean) |\n| --- | ---: | ---: |');
for (const id of Object.keys(rules)) {
  const times = runs.map((run) => run.get(id) ?? 0);
  const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
  console.log(`| ${id} | ${times.map((time) => time.toFixed(1)).join(', ')} | ${((mean / lines) * 1000).toFixed(3)} |`);
}
