/**
 * Timing helpers for the benchmark: lint a set of in-memory files with one engine setup, collect wall
 * time and ESLint's per-rule `stats`, and summarise repeated runs by their median.
 */
import type { ESLint, Linter } from 'eslint';
import type { CorpusFile } from '../scripts/lib/corpus.js';
import { createHarnessESLint, type SourceType } from '../scripts/lib/eslint.js';

export interface LoadedFile {
  file: Pick<CorpusFile, 'path' | 'relativePath' | 'sourceType' | 'lines'>;
  text: string;
}

export interface RunResult {
  wallMs: number;
  /** CPU time of this process (user + system) during the run: steadier than wall time on a shared machine. */
  cpuMs: number;
  /** Sum of ESLint's parse times (stats runs only). */
  parseMs: number;
  /** Per-rule time from ESLint's stats (stats runs only). */
  ruleMs: Map<string, number>;
  reports: Map<string, number>;
  crashes: number;
}

export interface Setup {
  name: string;
  rules: Linter.RulesRecord;
  plugins?: Record<string, ESLint.Plugin>;
  parserOptions?: Linter.ParserOptions;
}

/** One ESLint instance per sourceType (ESLint's config decides sourceType, and corpus files differ). */
export class Engines {
  readonly #engines = new Map<string, ESLint>();

  constructor(
    readonly cwd: string,
    readonly setup: Setup,
    readonly stats: boolean,
  ) {}

  get(sourceType: SourceType): ESLint {
    let engine = this.#engines.get(sourceType);
    if (!engine) {
      engine = createHarnessESLint({
        cwd: this.cwd,
        sourceType,
        rules: this.setup.rules,
        stats: this.stats,
        ...(this.setup.plugins ? { plugins: this.setup.plugins } : {}),
        ...(this.setup.parserOptions ? { parserOptions: this.setup.parserOptions } : {}),
      });
      this.#engines.set(sourceType, engine);
    }
    return engine;
  }
}

export async function lintAll(engines: Engines, files: readonly LoadedFile[]): Promise<RunResult> {
  const result: RunResult = { wallMs: 0, cpuMs: 0, parseMs: 0, ruleMs: new Map(), reports: new Map(), crashes: 0 };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (const { file, text } of files) {
    let lintResult: ESLint.LintResult | undefined;
    try {
      [lintResult] = await engines.get(file.sourceType).lintText(text, { filePath: file.path });
    } catch {
      result.crashes++;
      continue;
    }
    if (!lintResult) continue;
    for (const message of lintResult.messages) {
      if (message.ruleId) result.reports.set(message.ruleId, (result.reports.get(message.ruleId) ?? 0) + 1);
    }
    for (const pass of lintResult.stats?.times.passes ?? []) {
      result.parseMs += pass.parse?.total ?? 0;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) {
        result.ruleMs.set(ruleId, (result.ruleMs.get(ruleId) ?? 0) + time.total);
      }
    }
  }
  result.wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  return result;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Per-rule medians over several stats runs. */
export function medianRuleMs(runs: readonly RunResult[]): Map<string, number> {
  const ids = new Set(runs.flatMap((run) => [...run.ruleMs.keys()]));
  return new Map([...ids].map((id) => [id, median(runs.map((run) => run.ruleMs.get(id) ?? 0))]));
}

export function perThousandLines(ms: number, lines: number): number {
  return (ms / lines) * 1000;
}

export function formatMs(ms: number, digits = 1): string {
  return `${ms.toFixed(digits)} ms`;
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}
