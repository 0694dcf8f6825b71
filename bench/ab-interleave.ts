/**
 * Interleaved A/B of rule time on the application corpus:
 *
 *   npx tsx bench/ab-interleave.ts <rule[,rule]> <build dir> <build dir> ...
 *
 * Each build dir holds a built plugin (`dist/` or a copy of it inside the repository, so that the
 * package's self-reference resolves). Every file is linted by every build in turn (the order
 * reversed on every other file), so machine drift hits all builds alike; each rule gets the options
 * of configs.all. Prints each build's rule time from ESLint stats per 1,000 lines. Absolute figures
 * run about twice those of a lone run (the builds evict each other's code from the CPU caches):
 * compare the builds, not the figures with `npm run bench`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { defaultAppsDir, listAppFiles } from '../scripts/lib/corpus.js';

const WARM_UP_FILES = 300;
const [ruleArg, ...builds] = process.argv.slice(2);
if (!ruleArg || builds.length === 0) throw new Error('usage: npx tsx bench/ab-interleave.ts <rule[,rule]> <build dir> [<build dir> ...]');
const root = path.resolve(process.env.APPS_DIR ?? defaultAppsDir);
const files = listAppFiles(root).map((file) => ({ path: file.path, text: fs.readFileSync(file.path, 'utf8') }));

const engines: ESLint[] = [];
for (const build of builds) {
  const plugin = ((await import(pathToFileURL(path.resolve(build, 'index.js')).href)) as { default: ESLint.Plugin & { configs: Record<string, Linter.Config> } }).default;
  const all = plugin.configs.all?.rules ?? {};
  const rules = Object.fromEntries(ruleArg.split(',').map((name) => [`leaks/${name}`, all[`leaks/${name}`] ?? 'error']));
  engines.push(
    new ESLint({
      cwd: root,
      overrideConfigFile: true,
      ignore: false,
      stats: true,
      overrideConfig: [
        {
          files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
          plugins: { leaks: plugin },
          languageOptions: { parser: tsParser, sourceType: 'module' },
          linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
          rules,
        },
      ],
    }),
  );
}

for (const file of files.slice(0, WARM_UP_FILES)) for (const engine of engines) await engine.lintText(file.text, { filePath: file.path });
const ruleMs = builds.map(() => 0);
const messages = builds.map(() => 0);
let lines = 0;
for (const [index, file] of files.entries()) {
  lines += file.text.split('\n').length;
  const order = engines.map((_, k) => (index % 2 === 0 ? k : engines.length - 1 - k));
  for (const k of order) {
    const [result] = await engines[k]!.lintText(file.text, { filePath: file.path });
    messages[k]! += result?.messages.length ?? 0;
    for (const pass of result?.stats?.times.passes ?? []) for (const time of Object.values(pass.rules ?? {})) ruleMs[k]! += time.total;
  }
}
builds.forEach((build, k) => console.log(`${build}: ${ruleMs[k]!.toFixed(0)} ms, ${((ruleMs[k]! / lines) * 1000).toFixed(3)} ms / 1k lines, ${messages[k]} messages`));
