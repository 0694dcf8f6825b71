/**
 * A/B of one rule's own time on the application corpus, with parsing taken out:
 *
 *   npx tsx bench/ab-rule-warm.ts <rule> <build A dist/index.js> <build B dist/index.js> [rounds]
 *
 * Parses the corpus (`.cache/corpus-apps`, or APPS_DIR; EVERY=k keeps every k-th file) once, then
 * lints the prebuilt SourceCode with only <rule>, alternating the two builds, and times the rule's
 * create() and its listeners. Per-file caches keyed by the AST (file context, module sources) stay
 * warm after the first round, so this is the rule's own work. Expect ±10% between rounds: compare
 * medians of 6 or more. Give node room for the ASTs (NODE_OPTIONS=--max-old-space-size=8000).
 */
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { Linter, SourceCode, type ESLint, type Rule } from 'eslint';
import { defaultAppsDir, listAppFiles } from '../scripts/lib/corpus.js';

const [ruleArg, distArg, distBArg, rounds = '6'] = process.argv.slice(2);
if (!ruleArg || !distArg || !distBArg) throw new Error('usage: npx tsx bench/ab-rule-warm.ts <rule> <dist A index.js> <dist B index.js> [rounds]');
const rule: string = ruleArg;
const distA: string = distArg;
const distB: string = distBArg;
const root = path.resolve(process.env.APPS_DIR ?? defaultAppsDir);
const every = Number(process.env.EVERY ?? 1);
const ruleId = `leaks/${rule}`;

interface Parsed {
  file: string;
  text: string;
  sourceType: 'module' | 'commonjs';
  result: ReturnType<typeof tsParser.parseForESLint>;
}
const parsed: Parsed[] = [];
let lines = 0;
for (const [index, file] of listAppFiles(root).entries()) {
  if (index % every !== 0) continue;
  const text = fs.readFileSync(file.path, 'utf8');
  try {
    const result = tsParser.parseForESLint(text, { ecmaVersion: 'latest', sourceType: file.sourceType, range: true, loc: true, tokens: true, comment: true, filePath: file.path });
    parsed.push({ file: file.path, text, sourceType: file.sourceType, result });
    lines += file.lines;
  } catch {
    // A file the parser rejects is not linted by ESLint either.
  }
}

const timer = { ms: 0 };
function timed<Args extends unknown[], Result>(fn: (...args: Args) => Result): (...args: Args) => Result {
  return (...args) => {
    const started = performance.now();
    try {
      return fn(...args);
    } finally {
      timer.ms += performance.now() - started;
    }
  };
}

/** The build's plugin with `rule`'s create() and every listener it returns timed. */
async function loadTimedPlugin(dist: string): Promise<ESLint.Plugin> {
  const plugin = ((await import(pathToFileURL(path.resolve(dist)).href)) as { default: ESLint.Plugin }).default;
  const original = plugin.rules?.[rule];
  if (!original) throw new Error(`${dist} has no rule '${rule}'`);
  const create = timed((context: Rule.RuleContext) =>
    Object.fromEntries(Object.entries(original.create(context)).map(([selector, listener]) => [selector, timed(listener as (...args: unknown[]) => void)])),
  );
  return { ...plugin, rules: { ...plugin.rules, [rule]: { ...original, create } } };
}
const builds = { A: await loadTimedPlugin(distA), B: await loadTimedPlugin(distB) };
const linter = new Linter({ cwd: root });

function lintOnce(name: keyof typeof builds): { ms: number; reports: number } {
  const config: Linter.Config[] = [
    {
      files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
      plugins: { leaks: builds[name] },
      languageOptions: { parser: tsParser },
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      rules: { [ruleId]: 'warn' },
    },
  ];
  const before = timer.ms;
  let reports = 0;
  for (const { file, text, result } of parsed) {
    const sourceCode = new SourceCode({
      text,
      // typescript-estree's AST, scope manager and keys are structural supersets of ESLint's types.
      ast: result.ast as never,
      parserServices: result.services,
      scopeManager: result.scopeManager as never,
      visitorKeys: result.visitorKeys as never,
    });
    reports += linter.verify(sourceCode, config, { filename: file }).filter((message) => message.ruleId === ruleId).length;
  }
  return { ms: timer.ms - before, reports };
}

lintOnce('A');
lintOnce('B');
const times: Record<keyof typeof builds, number[]> = { A: [], B: [] };
for (let round = 0; round < Number(rounds); round++) {
  for (const name of round % 2 ? (['B', 'A'] as const) : (['A', 'B'] as const)) {
    const { ms, reports } = lintOnce(name);
    times[name].push(ms);
    if (round === 0) console.log(`${name}: ${reports} reports`);
  }
}
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
console.log(`${parsed.length} files, ${lines} lines`);
for (const [name, dist] of [['A', distA], ['B', distB]] as const) {
  const ms = median(times[name]);
  console.log(`${name} ${dist}: median ${ms.toFixed(0)} ms, ${((ms / lines) * 1000).toFixed(3)} ms/1k lines (rounds: ${times[name].map((value) => value.toFixed(0)).join(', ')})`);
}
