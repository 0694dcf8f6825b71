// A/B of one rule's own time on the application corpus, with parsing taken out:
//   node --max-old-space-size=8000 bench/ab-rule-warm.mjs <rule> <build A dist/index.js> <build B dist/index.js> [rounds]
// Parses .cache/corpus-apps (APPS_DIR; EVERY=k keeps every k-th file) once, then lints the prebuilt
// SourceCode with only <rule>, alternating the two builds, and times the rule's create() and its
// listeners. Per-file caches keyed by the AST (file context, module sources) stay warm after the first
// round, so this is the rule's own work. Expect ±15% between rounds: compare medians of 6 or more.
import { Linter, SourceCode } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [rule, distA, distB, rounds = '6'] = process.argv.slice(2);
const root = path.resolve(process.env.APPS_DIR ?? '.cache/corpus-apps');
const every = Number(process.env.EVERY ?? 1);
const files = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (/\.(?:[cm]?[jt]s|tsx)$/u.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(file);
  }
})(root);
files.sort();

let lines = 0;
const parsed = [];
for (const [index, file] of files.entries()) {
  if (index % every !== 0) continue;
  const text = fs.readFileSync(file, 'utf8');
  try {
    const result = tsParser.parseForESLint(text, { ecmaVersion: 'latest', sourceType: 'module', range: true, loc: true, tokens: true, comment: true, filePath: file });
    parsed.push({ file, text, result });
    lines += text.split('\n').length;
  } catch {
    // A file the parser rejects is not linted by ESLint either.
  }
}

const timer = { ms: 0 };
const timed = (fn) =>
  function (...args) {
    const started = performance.now();
    try {
      return fn.apply(this, args);
    } finally {
      timer.ms += performance.now() - started;
    }
  };
async function loadTimedPlugin(dist) {
  const plugin = (await import(pathToFileURL(path.resolve(dist)).href)).default;
  const original = plugin.rules[rule];
  const create = timed((context) => Object.fromEntries(Object.entries(original.create(context)).map(([selector, listener]) => [selector, timed(listener)])));
  return { ...plugin, rules: { ...plugin.rules, [rule]: { ...original, create } } };
}
const builds = { A: await loadTimedPlugin(distA), B: await loadTimedPlugin(distB) };
const linter = new Linter({ cwd: root });

function lintOnce(name) {
  const config = [
    {
      files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
      plugins: { leaks: builds[name] },
      languageOptions: { parser: tsParser },
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      rules: { [`leaks/${rule}`]: 'warn' },
    },
  ];
  const before = timer.ms;
  let reports = 0;
  for (const { file, text, result } of parsed) {
    const sourceCode = new SourceCode({ text, ast: result.ast, parserServices: result.services, scopeManager: result.scopeManager, visitorKeys: result.visitorKeys });
    reports += linter.verify(sourceCode, config, { filename: file }).filter((message) => message.ruleId === `leaks/${rule}`).length;
  }
  return { ms: timer.ms - before, reports };
}

lintOnce('A');
lintOnce('B');
const times = { A: [], B: [] };
for (let round = 0; round < Number(rounds); round++) {
  for (const name of round % 2 ? ['B', 'A'] : ['A', 'B']) {
    const { ms, reports } = lintOnce(name);
    times[name].push(ms);
    if (round === 0) console.log(`${name}: ${reports} reports`);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
console.log(`${parsed.length} files, ${lines} lines`);
for (const [name, dist] of [['A', distA], ['B', distB]]) {
  console.log(`${name} ${dist}: median ${median(times[name]).toFixed(0)} ms, ${((median(times[name]) / lines) * 1000).toFixed(3)} ms/1k lines (rounds: ${times[name].map((ms) => ms.toFixed(0)).join(', ')})`);
}
