// A/B of rule time on the application corpus: node bench/ab-rule-time.mjs <path to a built dist/index.js> <rule,rule> [files]
// Loads the plugin from the given build, lints the first N files of .cache/corpus-apps (APPS_DIR) and
// prints the rules' total time from ESLint stats per 1,000 lines. Run it alternately for two builds.
// `files` names the extensions: a flat config whose only glob is `**/*` applies to no .ts file.
import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import fs from 'node:fs';
import path from 'node:path';
const [distIndex, ruleArg, limit = "5000"] = process.argv.slice(2);
const { pathToFileURL } = await import("node:url");
const plugin = (await import(pathToFileURL(path.resolve(distIndex)).href)).default;
const root = path.resolve(process.env.APPS_DIR ?? '.cache/corpus-apps');
const files = [];
(function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const f = path.join(d, e.name); if (e.isDirectory()) walk(f); else if (/\.(ts|js|mjs|cjs)$/.test(e.name) && !/\.d\.ts$/.test(e.name)) files.push(f); } })(root);
files.sort();
const rules = Object.fromEntries(ruleArg.split(',').map((r) => [`leaks/${r}`, 'error']));
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, ignore: false, stats: true, overrideConfig: [{ files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'], plugins: { leaks: plugin }, languageOptions: { parser: tsParser, sourceType: 'module' }, linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' }, rules }] });
let ruleMs = 0, lines = 0;
for (const f of files.slice(0, Number(limit))) {
  const text = fs.readFileSync(f, 'utf8'); lines += text.split('\n').length;
  const [r] = await eslint.lintText(text, { filePath: f });
  for (const pass of r.stats?.times.passes ?? []) for (const t of Object.values(pass.rules ?? {})) ruleMs += t.total;
}
console.log(`${distIndex} ${ruleArg}: ${(ruleMs).toFixed(0)} ms, ${(ruleMs / lines * 1000).toFixed(3)} ms/1k lines`);
