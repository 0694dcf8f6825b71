/**
 * Corpus smoke test: lints the real npm packages pinned in ../shared/corpus/packages.json with the
 * plugin loaded from source, fails when a rule throws (or a fix/suggestion leaves code that does not
 * parse), and writes a Markdown triage report of every report with a code frame.
 *
 *   npx tsx scripts/smoke.ts [--rule <id>] [--packages a,b] [--config all|strict|recommended]
 *                            [--ci] [--report <path>] [--corpus npm|apps] [--apps-dir <path>]
 *
 * `--corpus apps` lints the application corpus (../shared/corpus/apps.txt, built by make-apps.sh into
 * .cache/corpus-apps) instead of the npm packages; `--packages` then names services. It is where a
 * rule's precision is judged (docs/precision.md).
 *
 * Exit codes: 0 healthy, 1 a rule crashed or produced an unparseable fix, 2 usage error.
 * See docs/quality-harness.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ESLint, Linter } from 'eslint';
import { defaultAppsDir, ensureCorpus, listAppFiles, listCorpusFiles, readManifest, repoRoot, selectPackages, type CorpusFile } from './lib/corpus.js';
import { configRules, createHarnessESLint, isHarnessNoise, resolveRuleId, type ConfigName } from './lib/eslint.js';
import { applyEdit, brokenOutputReason } from './lib/fixes.js';
import { codeFrame, formatDuration, markdownTable } from './lib/report.js';

/**
 * The CI slice: small packages that between them hold every pattern the rules look at (module
 * caches and registries, listeners on sockets and pools, intervals and re-armed timeouts, pool
 * acquire/release in workers, query builders and raw SQL, logger/ORM debug flags). Chosen for
 * coverage per line, not by rule name, so new rules are exercised without editing this list.
 */
const CI_PACKAGES = ['pg', 'pg-pool', 'mysql2', 'knex', 'sequelize', 'kysely', 'generic-pool', 'ws', 'workerpool', 'piscina', 'ioredis', 'winston', 'p-queue', 'lru-cache', 'express', 'eventemitter3'];

interface Report {
  file: CorpusFile;
  message: Linter.LintMessage;
  frame: string;
}
interface Crash {
  file: CorpusFile;
  ruleId: string;
  error: string;
}
interface BrokenFix {
  file: CorpusFile;
  ruleId: string;
  kind: string;
  line: number;
  column: number;
  reason: string;
}
interface ParseError {
  file: CorpusFile;
  message: Linter.LintMessage;
}

interface Options {
  rules: string[];
  config: ConfigName;
  packages: string[] | undefined;
  ci: boolean;
  reportPath: string;
  /** The application corpus folder, when `--corpus apps`. */
  appsDir: string | undefined;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      rule: { type: 'string', multiple: true },
      packages: { type: 'string' },
      config: { type: 'string', default: 'all' },
      ci: { type: 'boolean', default: false },
      report: { type: 'string' },
      corpus: { type: 'string', default: 'npm' },
      'apps-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]);
    process.exit(0);
  }
  const config = values.config as ConfigName;
  if (!['all', 'strict', 'recommended'].includes(config)) throw new UsageError(`Unknown config '${config}' (all, strict, recommended).`);
  if (!['npm', 'apps'].includes(values.corpus)) throw new UsageError(`Unknown corpus '${values.corpus}' (npm, apps).`);
  const appsDir = values.corpus === 'apps' ? path.resolve(values['apps-dir'] ?? defaultAppsDir) : undefined;
  const rules = (values.rule ?? []).flatMap((value) => value.split(',')).filter(Boolean).map(resolveRuleId);
  const manifest = appsDir ? {} : readManifest();
  const packages = values.packages
    ? values.packages.split(',').map((name) => name.trim()).filter(Boolean)
    : values.ci
      ? CI_PACKAGES.filter((name) => name in manifest)
      : undefined;
  const prefix = appsDir ? 'reports/apps' : 'reports/smoke';
  const defaultReport = rules.length === 1 ? `${prefix}-${rules[0]!.slice('leaks/'.length)}.md` : `${prefix}.md`;
  return { rules, config, packages, ci: values.ci, reportPath: path.resolve(repoRoot, values.report ?? defaultReport), appsDir };
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions();
  } catch (error) {
    console.error(`smoke: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const started = performance.now();
  const { files, cwd, packageNames } = options.appsDir ? appsCorpus(options.appsDir, options.packages) : npmCorpus(options.packages);
  const rules = configRules(options.config, options.rules.length > 0 ? options.rules : undefined);
  const ruleIds = Object.keys(rules);
  console.error(`smoke: linting ${files.length} files of ${packageNames.length} packages with ${ruleIds.length} rule(s) (configs.${options.config}) …`);

  const excludedRules = new Set<string>();
  const engines = new Map<string, ESLint>();
  const engineFor = (sourceType: CorpusFile['sourceType']): ESLint => {
    let engine = engines.get(sourceType);
    if (!engine) {
      engine = createHarnessESLint({ cwd, sourceType, rules, excludedRules, stats: true });
      engines.set(sourceType, engine);
    }
    return engine;
  };

  const reports: Report[] = [];
  const timing: Timing = { parseMs: 0, ruleMs: new Map(), slowest: new Map() };
  const crashes: Crash[] = [];
  const brokenFixes: BrokenFix[] = [];
  const parseErrors: ParseError[] = [];
  let lines = 0;
  let lastProgress = performance.now();

  for (const [index, file] of files.entries()) {
    lines += file.lines;
    const text = fs.readFileSync(file.path, 'utf8').replace(/^\uFEFF/u, '');
    excludedRules.clear();
    const { messages, stats } = await lintWithRetries(engineFor(file.sourceType), text, file, excludedRules, crashes);
    recordTimes(timing, file, stats);
    for (const message of messages) {
      if (isHarnessNoise(message)) continue;
      if (message.fatal && !message.ruleId) {
        parseErrors.push({ file, message });
        continue;
      }
      if (message.fatal) {
        crashes.push({ file, ruleId: message.ruleId ?? '(unknown)', error: message.message });
        continue;
      }
      reports.push({ file, message, frame: codeFrame(text, message) });
      checkEdits(text, file, message, brokenFixes);
    }
    if (performance.now() - lastProgress > 10_000) {
      lastProgress = performance.now();
      console.error(`smoke: ${index + 1}/${files.length} files, ${reports.length} reports, ${crashes.length} crashes`);
    }
  }

  const elapsed = performance.now() - started;
  const summary = { files: files.length, lines, elapsed, packages: packageNames, options, timing };
  fs.mkdirSync(path.dirname(options.reportPath), { recursive: true });
  fs.writeFileSync(options.reportPath, renderReport(summary, ruleIds, reports, crashes, brokenFixes, parseErrors));
  printSummary(summary, ruleIds, reports, crashes, brokenFixes, parseErrors);
  return crashes.length > 0 || brokenFixes.length > 0 ? 1 : 0;
}

interface Corpus {
  files: CorpusFile[];
  /** ESLint's cwd: report paths are relative to it. */
  cwd: string;
  packageNames: string[];
}

function npmCorpus(packages: string[] | undefined): Corpus {
  const manifest = selectPackages(readManifest(), packages);
  const corpusDir = ensureCorpus(manifest);
  return { files: listCorpusFiles(corpusDir, manifest), cwd: path.join(corpusDir, 'node_modules'), packageNames: Object.keys(manifest) };
}

function appsCorpus(appsDir: string, apps: string[] | undefined): Corpus {
  const files = listAppFiles(appsDir, apps);
  return { files, cwd: appsDir, packageNames: [...new Set(files.map((file) => file.packageName))] };
}

/** Lints one file; when a rule throws, records it and lints again without that rule so the others still run. */
async function lintWithRetries(
  engine: ESLint,
  text: string,
  file: CorpusFile,
  excludedRules: Set<string>,
  crashes: Crash[],
): Promise<{ messages: Linter.LintMessage[]; stats: ESLint.LintResult['stats'] }> {
  for (;;) {
    try {
      const [result] = await engine.lintText(text, { filePath: file.path });
      return { messages: result?.messages ?? [], stats: result?.stats };
    } catch (error) {
      const ruleId = (error as { ruleId?: string }).ruleId;
      crashes.push({ file, ruleId: ruleId ?? '(none: ESLint itself)', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      if (!ruleId || excludedRules.has(ruleId)) return { messages: [], stats: undefined };
      excludedRules.add(ruleId);
    }
  }
}

function checkEdits(text: string, file: CorpusFile, message: Linter.LintMessage, brokenFixes: BrokenFix[]): void {
  const edits = [
    ...(message.fix ? [{ kind: 'fix', edit: message.fix }] : []),
    ...(message.suggestions ?? []).map((suggestion) => ({ kind: `suggestion '${suggestion.messageId ?? suggestion.desc}'`, edit: suggestion.fix })),
  ];
  for (const { kind, edit } of edits) {
    const reason = brokenOutputReason(text, applyEdit(text, edit), file.path, file.sourceType);
    if (reason) {
      brokenFixes.push({ file, ruleId: message.ruleId ?? '(unknown)', kind, line: message.line, column: message.column, reason });
    }
  }
}

/** Per-rule time from ESLint's stats, and each rule's slowest files: where a superlinear rule shows first. */
interface Timing {
  parseMs: number;
  ruleMs: Map<string, number>;
  slowest: Map<string, { file: string; lines: number; ms: number }[]>;
}

const SLOWEST_KEPT = 3;

function recordTimes(timing: Timing, file: CorpusFile, stats: ESLint.LintResult['stats']): void {
  for (const pass of stats?.times.passes ?? []) {
    timing.parseMs += pass.parse?.total ?? 0;
    for (const [ruleId, { total }] of Object.entries(pass.rules ?? {})) {
      timing.ruleMs.set(ruleId, (timing.ruleMs.get(ruleId) ?? 0) + total);
      const slowest = timing.slowest.get(ruleId) ?? [];
      slowest.push({ file: file.relativePath, lines: file.lines, ms: total });
      slowest.sort((a, b) => b.ms - a.ms);
      timing.slowest.set(ruleId, slowest.slice(0, SLOWEST_KEPT));
    }
  }
}

interface Summary {
  timing: Timing;
  files: number;
  lines: number;
  elapsed: number;
  packages: string[];
  options: Options;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function ruleRows(summary: Summary, ruleIds: readonly string[], reports: readonly Report[], crashes: readonly Crash[], brokenFixes: readonly BrokenFix[]): string[][] {
  const reportCounts = countBy(reports, (report) => report.message.ruleId ?? '');
  const crashCounts = countBy(crashes, (crash) => crash.ruleId);
  const brokenCounts = countBy(brokenFixes, (broken) => broken.ruleId);
  return ruleIds.map((ruleId) => {
    const ruleReports = reports.filter((report) => report.message.ruleId === ruleId);
    const fileCount = new Set(ruleReports.map((report) => report.file.relativePath)).size;
    const ms = summary.timing.ruleMs.get(ruleId) ?? 0;
    return [ruleId, String(reportCounts.get(ruleId) ?? 0), String(fileCount), String(crashCounts.get(ruleId) ?? 0), String(brokenCounts.get(ruleId) ?? 0), formatDuration(ms), ((ms / Math.max(1, summary.lines)) * 1000).toFixed(2)];
  });
}

function printSummary(summary: Summary, ruleIds: readonly string[], reports: readonly Report[], crashes: readonly Crash[], brokenFixes: readonly BrokenFix[], parseErrors: readonly ParseError[]): void {
  const rows = ruleRows(summary, ruleIds, reports, crashes, brokenFixes);
  console.log(`\nsmoke: ${summary.files} files, ${summary.lines.toLocaleString('en')} lines, ${summary.packages.length} packages in ${formatDuration(summary.elapsed)} (parsing ${formatDuration(summary.timing.parseMs)})`);
  console.log(`${'rule'.padEnd(40)} ${'reports'.padStart(7)} ${'files'.padStart(6)} ${'crashes'.padStart(7)} ${'bad fixes'.padStart(9)} ${'time'.padStart(9)} ${'ms/1k lines'.padStart(11)}`);
  for (const [rule, count, files, crashCount, broken, time, perK] of rows) {
    console.log(`${rule!.padEnd(40)} ${count!.padStart(7)} ${files!.padStart(6)} ${crashCount!.padStart(7)} ${broken!.padStart(9)} ${time!.padStart(9)} ${perK!.padStart(11)}`);
  }
  console.log(`fatal errors caused by rules: ${crashes.length}; unparseable fixes/suggestions: ${brokenFixes.length}; parse errors (ESLint cannot parse the file, not a failure): ${parseErrors.length}`);
  for (const crash of crashes.slice(0, 5)) console.log(`  CRASH ${crash.ruleId} on ${crash.file.relativePath}: ${crash.error.split('\n')[0]}`);
  for (const broken of brokenFixes.slice(0, 5)) console.log(`  BAD FIX ${broken.ruleId} ${broken.kind} at ${broken.file.relativePath}:${broken.line}:${broken.column}: ${broken.reason}`);
  console.log(`report: ${path.relative(process.cwd(), summary.options.reportPath) || summary.options.reportPath}`);
  console.log(crashes.length > 0 || brokenFixes.length > 0 ? 'smoke: FAILED' : 'smoke: OK');
}

function renderReport(summary: Summary, ruleIds: readonly string[], reports: readonly Report[], crashes: readonly Crash[], brokenFixes: readonly BrokenFix[], parseErrors: readonly ParseError[]): string {
  const out: string[] = [];
  out.push('# Corpus smoke report', '');
  out.push(`Generated ${new Date().toISOString()} by \`scripts/smoke.ts\` (configs.${summary.options.config}${summary.options.rules.length > 0 ? `, rules: ${summary.options.rules.join(', ')}` : ''}).`);
  out.push(`${summary.files} files, ${summary.lines.toLocaleString('en')} lines from ${summary.packages.length} packages (${summary.packages.join(', ')}) in ${formatDuration(summary.elapsed)}.`, '');
  out.push('Triage each report: **true leak** / **worth a look** / **false alarm** / **unclear**, and record the totals in docs/precision.md.', '');
  out.push(markdownTable(['rule', 'reports', 'files', 'crashes', 'unparseable fixes', 'time (stats)', 'ms / 1k lines'], ruleRows(summary, ruleIds, reports, crashes, brokenFixes)), '');
  out.push(`Parsing took ${formatDuration(summary.timing.parseMs)} (${((summary.timing.parseMs / Math.max(1, summary.lines)) * 1000).toFixed(1)} ms / 1k lines). Slowest files per rule (a file far above its share points at superlinear work):`, '');
  for (const ruleId of ruleIds) {
    const slowest = summary.timing.slowest.get(ruleId) ?? [];
    out.push(`- ${ruleId}: ${slowest.map((entry) => `\`${entry.file}\` ${formatDuration(entry.ms)} (${entry.lines.toLocaleString('en')} lines)`).join('; ') || '—'}`);
  }
  out.push('');

  if (crashes.length > 0) {
    out.push(`## Rule crashes (${crashes.length}) — failures`, '');
    for (const crash of crashes) {
      out.push(`### ${crash.ruleId} on \`${crash.file.relativePath}\``, '', '```text', crash.error, '```', '');
    }
  }
  if (brokenFixes.length > 0) {
    out.push(`## Fixes and suggestions whose output does not parse (${brokenFixes.length}) — failures`, '');
    for (const broken of brokenFixes) {
      out.push(`- ${broken.ruleId} ${broken.kind} at \`${broken.file.relativePath}:${broken.line}:${broken.column}\`: ${broken.reason}`);
    }
    out.push('');
  }
  if (parseErrors.length > 0) {
    out.push(`## Files ESLint cannot parse (${parseErrors.length}) — not failures`, '');
    for (const { file, message } of parseErrors) out.push(`- \`${file.relativePath}:${message.line}:${message.column}\` (${file.sourceType}): ${message.message}`);
    out.push('');
  }
  for (const ruleId of ruleIds) {
    const ruleReports = reports.filter((report) => report.message.ruleId === ruleId);
    out.push(`## ${ruleId} (${ruleReports.length} report${ruleReports.length === 1 ? '' : 's'})`, '');
    if (ruleReports.length === 0) out.push('No reports.', '');
    for (const [index, { file, message, frame }] of ruleReports.entries()) {
      const suggestions = (message.suggestions ?? []).map((suggestion) => suggestion.messageId ?? suggestion.desc);
      out.push(`### ${index + 1}. \`${file.relativePath}:${message.line}:${message.column}\` — ${message.messageId ?? ''}`, '');
      out.push(`> ${message.message}`, '');
      if (message.fix || suggestions.length > 0) out.push(`Fix: ${message.fix ? 'yes' : 'no'}; suggestions: ${suggestions.join(', ') || 'none'}`, '');
      out.push(`\`\`\`${/\.[cm]?ts$/u.test(file.relativePath) ? 'ts' : 'js'}`, frame, '```', '', 'Judgement: _true leak / worth a look / false alarm / unclear_', '');
    }
  }
  return `${out.join('\n')}\n`;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  return 1;
});
