/**
 * Where the rules spend their time, by function: a CPU profile of linting prebuilt ASTs.
 *
 *   npx tsx bench/profile-rules.ts [--corpus npm|apps] [--rule <name>]... [--rounds 3] [--every 1] [--top 40]
 *                                  [--dist dist/index.js] [--measure cpu|alloc] [--config all|recommended|defaults]
 *
 * It profiles the built plugin (`npm run build` first), so the line numbers are those of `dist/`.
 * Lints the corpus once to warm up, then profiles `--rounds` more lint passes with only the chosen
 * rules (default: every leaks rule) through node's inspector. Each rule gets the options of `--config`
 * (default `all`, the config `npm run bench` times; `defaults` gives none): a rule's strict options can
 * double its cost, so profiling the defaults explains a different number than the bench shows. Each file is parsed inside the pass, as
 * ESLint does, because holding every AST in memory makes the collector's work unlike a real run's.
 * Prints the functions with the most self time and the most inclusive time (a function counted once
 * per sample however deep it recurses), and self time grouped by where the code lives. Sampling is
 * every 100 µs; read shares, not absolute milliseconds.
 *
 * `--measure alloc` samples allocations instead (every 32 KiB, objects the collector has freed
 * included): what a rule allocates is what makes the young-generation collector copy the live AST,
 * and ESLint's stats charge that pause to whichever rule happened to allocate at the time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HeapProfiler, Runtime } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { pathToFileURL } from 'node:url';
import { NODE_GLOBALS } from '../scripts/lib/eslint.js';
import { defaultAppsDir, ensureCorpus, listAppFiles, listCorpusFiles, readManifest, repoRoot, type CorpusFile } from '../scripts/lib/corpus.js';

const { values: options } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'npm' },
    rule: { type: 'string', multiple: true },
    rounds: { type: 'string', default: '3' },
    every: { type: 'string', default: '1' },
    top: { type: 'string', default: '40' },
    dist: { type: 'string', default: 'dist/index.js' },
    measure: { type: 'string', default: 'cpu' },
    config: { type: 'string', default: 'all' },
  },
});
const plugin = ((await import(pathToFileURL(path.resolve(repoRoot, options.dist)).href)) as {
  default: ESLint.Plugin & { rules: Record<string, unknown>; configs: Record<string, Linter.Config> };
}).default;
const ruleNames = options.rule ?? Object.keys(plugin.rules);
const unknownRules = ruleNames.filter((name) => !(name in plugin.rules));
if (unknownRules.length > 0) throw new Error(`--rule: unknown rule(s) ${unknownRules.join(', ')}; known: ${Object.keys(plugin.rules).join(', ')}`);
const every = Number(options.every);
const top = Number(options.top);

function corpusFiles(): { cwd: string; files: CorpusFile[] } {
  if (options.corpus === 'apps') return { cwd: defaultAppsDir, files: listAppFiles(defaultAppsDir) };
  if (options.corpus !== 'npm') throw new Error(`--corpus: expected 'npm' or 'apps', got '${options.corpus}'`);
  const manifest = readManifest();
  const dir = ensureCorpus(manifest);
  return { cwd: path.join(dir, 'node_modules'), files: listCorpusFiles(dir, manifest) };
}

interface Loaded {
  file: string;
  text: string;
  sourceType: CorpusFile['sourceType'];
}

function loadAll(files: readonly CorpusFile[]): { loaded: Loaded[]; lines: number } {
  const loaded: Loaded[] = [];
  let lines = 0;
  for (const [index, file] of files.entries()) {
    if (index % every !== 0) continue;
    loaded.push({ file: file.path, text: fs.readFileSync(file.path, 'utf8').replace(/^\uFEFF/u, ''), sourceType: file.sourceType });
    lines += file.lines;
  }
  return { loaded, lines };
}

const { cwd, files } = corpusFiles();
const { loaded, lines } = loadAll(files);
/**
 * One engine per sourceType, with the globals and options the bench's engines use
 * (scripts/lib/eslint.ts). The ESLint class, as the bench uses, not `Linter#verify` with a config
 * array: `verify` normalises a plain array afresh on every call, so every file would get new options
 * objects and the rules' option memos would miss on each one, which a real run never does.
 */
const engines = Object.fromEntries(
  (['module', 'commonjs'] as const).map((sourceType): [string, ESLint] => [
    sourceType,
    new ESLint({
      cwd,
      overrideConfigFile: true,
      ignore: false,
      overrideConfig: [
        {
          files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
          plugins: { leaks: plugin },
          languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType, globals: NODE_GLOBALS },
          linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
          rules: Object.fromEntries(ruleNames.map((name) => [`leaks/${name}`, ruleEntry(name)])),
        },
      ],
    }),
  ]),
);

/** The rule as `--config` sets it (a rule the config leaves out runs with its defaults), as a warning. */
function ruleEntry(name: string): Linter.RuleEntry {
  if (options.config === 'defaults') return 'warn';
  const config = plugin.configs[options.config];
  if (!config) throw new Error(`--config: expected one of ${['defaults', ...Object.keys(plugin.configs)].join(', ')}, got '${options.config}'`);
  const entry = config.rules?.[`leaks/${name}`];
  return Array.isArray(entry) ? ['warn', ...entry.slice(1)] : 'warn';
}

async function lintAll(): Promise<number> {
  let reports = 0;
  for (const { file, text, sourceType } of loaded) {
    const [result] = await engines[sourceType]!.lintText(text, { filePath: file });
    reports += result?.messages.length ?? 0;
  }
  return reports;
}

const reports = await lintAll();
const session = new Session();
session.connect();
const measure = options.measure;
if (measure !== 'cpu' && measure !== 'alloc') throw new Error(`--measure: expected 'cpu' or 'alloc', got '${measure}'`);
const started = performance.now();
const weighted = measure === 'cpu' ? await profileCpu() : await profileAllocations();
const wallMs = performance.now() - started;
session.disconnect();

async function profiledPasses(): Promise<void> {
  for (let round = 0; round < Number(options.rounds); round++) await lintAll();
}

/** One entry per sample: the functions on its stack, leaf first, and what the sample weighs. */
interface WeightedStack {
  frames: Runtime.CallFrame[];
  weight: number;
}

async function profileCpu(): Promise<WeightedStack[]> {
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  await profiledPasses();
  const { profile } = await session.post('Profiler.stop');
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const deltas = profile.timeDeltas ?? [];
  return (profile.samples ?? []).map((sample, index) => {
    const frames: Runtime.CallFrame[] = [];
    for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) frames.push(nodes.get(id)!.callFrame);
    return { frames, weight: (deltas[index + 1] ?? 0) / 1000 };
  });
}

async function profileAllocations(): Promise<WeightedStack[]> {
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 32 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await profiledPasses();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const stacks: WeightedStack[] = [];
  const visit = (node: HeapProfiler.SamplingHeapProfileNode, parents: Runtime.CallFrame[]): void => {
    const frames = [node.callFrame, ...parents];
    if (node.selfSize > 0) stacks.push({ frames, weight: node.selfSize / 1024 / 1024 });
    for (const child of node.children) visit(child, frames);
  };
  visit(profile.head, []);
  return stacks;
}

// ---- analysis ------------------------------------------------------------------------------------

/** `name (file:line)`, with paths shortened to the repository or the package they belong to. */
function functionKey(frame: Runtime.CallFrame): string {
  return `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const file = url.replace(/^file:\/\//u, '');
  const inModules = file.lastIndexOf('/node_modules/');
  if (inModules !== -1) return file.slice(inModules + '/node_modules/'.length);
  return file.startsWith(repoRoot) ? path.relative(repoRoot, file) : file;
}

/** Where a function's code lives: this plugin's build, a package, node itself or V8. */
function area(frame: Runtime.CallFrame): string {
  const url = shortUrl(frame.url);
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node';
  if (!url.startsWith('/')) {
    const parts = url.split('/');
    return url.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return url;
}

const selfWeight = new Map<string, number>();
const inclusiveWeight = new Map<string, number>();
const areaWeight = new Map<string, number>();
const add = (map: Map<string, number>, key: string, weight: number): void => {
  map.set(key, (map.get(key) ?? 0) + weight);
};
let total = 0;
for (const { frames, weight } of weighted) {
  total += weight;
  add(selfWeight, functionKey(frames[0]!), weight);
  add(areaWeight, area(frames[0]!), weight);
  for (const key of new Set(frames.map(functionKey))) add(inclusiveWeight, key, weight);
}

const unit = measure === 'cpu' ? 'ms' : 'MiB';
function table(title: string, map: Map<string, number>, count: number): string[] {
  const rows = [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
  return [
    `## ${title}`,
    '',
    `| ${unit} | share | function |`,
    '| ---: | ---: | --- |',
    ...rows.map(([key, weight]) => `| ${weight.toFixed(0)} | ${((weight / total) * 100).toFixed(1)}% | ${key.replaceAll('|', '\\|')} |`),
    '',
  ];
}

const ownCode = (key: string): boolean => / dist\//u.test(key);
const what = measure === 'cpu' ? 'Self time' : 'Allocated';
console.log(
  [
    `# ${measure === 'cpu' ? 'CPU' : 'Allocation'} profile: ${ruleNames.join(', ')} on the ${options.corpus} corpus (options of ${options.config === 'defaults' ? 'no config' : `configs.${options.config}`})`,
    '',
    `${loaded.length} files, ${lines.toLocaleString('en')} lines, ${reports} reports per pass; ${options.rounds} profiled passes took ${(wallMs / 1000).toFixed(1)} s (${((wallMs / Number(options.rounds) / lines) * 1000).toFixed(3)} ms / 1k lines per pass, parsing included).`,
    '',
    ...table(`${what} by area`, areaWeight, 15),
    ...table(`${what}, this plugin`, new Map([...selfWeight].filter(([key]) => ownCode(key))), top),
    ...table(`${what} including callees, this plugin`, new Map([...inclusiveWeight].filter(([key]) => ownCode(key))), top),
    ...table(`${what}, everything`, selfWeight, 20),
  ].join('\n'),
);
