// Interleaved A/B of rule time on the application corpus:
//   node bench/ab-interleave.mjs <rule[,rule]> <build dir> <build dir> ...
// Each build dir holds a built plugin (`dist/` or a copy of it inside the repository, so that the
// package's self-reference resolves). Every file is linted by every build in turn (the order
// reversed on every other file), so machine drift hits all builds alike; each rule gets the options
// of configs.all. Prints each build's rule time from ESLint stats per 1,000 lines. Absolute figures
// run about twice those of a lone run (the builds evict each other's code from the CPU caches):
// compare the builds, not the figures with `npm run bench`.
import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appsRoot, listAppsFiles } from './apps-files.mjs';

const [ruleArg, ...builds] = process.argv.slice(2);
if (!ruleArg || builds.length === 0) throw new Error('usage: node bench/ab-interleave.mjs <rule[,rule]> <build dir> [<build dir> ...]');
const root = appsRoot;
const files = listAppsFiles();
const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
const engines = [];
for (const build of builds) {
  const plugin = (await import(pathToFileURL(path.resolve(build, 'index.js')).href)).default;
  const rules = Object.fromEntries(ruleArg.split(',').map((name) => [`leaks/${name}`, plugin.configs.all.rules[`leaks/${name}`]]));
  engines.push(new ESLint({
    cwd: root,
    overrideConfigFile: true,
    ignore: false,
    stats: true,
    overrideConfig: [{ files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'], plugins: { leaks: plugin }, languageOptions: { parser: tsParser, sourceType: 'module' }, linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' }, rules }],
  }));
}
const WARM_UP_FILES = 300;
for (let index = 0; index < Math.min(WARM_UP_FILES, files.length); index++) for (const engine of engines) await engine.lintText(texts[index], { filePath: files[index] });
const ruleMs = builds.map(() => 0);
const messages = builds.map(() => 0);
let lines = 0;
for (let index = 0; index < files.length; index++) {
  lines += texts[index].split('\n').length;
  const order = engines.map((_, k) => (index % 2 === 0 ? k : engines.length - 1 - k));
  for (const k of order) {
    const [result] = await engines[k].lintText(texts[index], { filePath: files[index] });
    messages[k] += result.messages.length;
    for (const pass of result.stats?.times.passes ?? []) for (const time of Object.values(pass.rules ?? {})) ruleMs[k] += time.total;
  }
}
builds.forEach((build, k) => console.log(`${build}: ${ruleMs[k].toFixed(0)} ms, ${((ruleMs[k] / lines) * 1000).toFixed(3)} ms / 1k lines, ${messages[k]} messages`));
