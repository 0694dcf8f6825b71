import path from 'node:path';
import { styleText } from 'node:util';
import type { ESLint, Linter, Rule } from 'eslint';
import { codeFrame, type FramePaint } from './code-frame.js';
import { isFinding, isParseError } from './results.js';

export interface PrettyOptions {
  /** Paths are printed relative to this folder (the user's working directory). */
  cwd: string;
  color: boolean;
  configName: string;
  elapsedMs: number;
  rulesMeta: Record<string, Rule.RuleMetaData>;
  /** Sentences printed before the totals. */
  notes: readonly string[];
}

interface Finding {
  ruleId: string;
  file: string;
  message: Linter.LintMessage;
  source: string | undefined;
}

type Style = Parameters<typeof styleText>[0];

/** Findings grouped by rule (most frequent first), a summary table, the unparseable files, then the totals. */
export function formatPretty(results: readonly ESLint.LintResult[], options: PrettyOptions): string {
  // The colour decision is made by the caller; styleText would otherwise re-check stdout itself.
  const paint = (style: Style, text: string) =>
    options.color ? styleText(style, text, { validateStream: false }) : text;
  const framePaint: FramePaint = { gutter: (text) => paint('dim', text), marker: (text) => paint('red', text) };
  const relative = (filePath: string) => path.relative(options.cwd, filePath) || filePath;

  function formatGroup(ruleId: string, findings: readonly Finding[]): string {
    const docs = options.rulesMeta[ruleId]?.docs;
    const header = [
      `${paint('bold', ruleId)} ${paint('dim', `(${plural(findings.length, 'finding')})`)}`,
      ...(docs?.description ? [docs.description] : []),
      ...(docs?.url ? [paint('cyan', docs.url)] : []),
    ];
    return [header.join('\n'), ...findings.map(formatFinding)].join('\n\n');
  }

  function formatFinding({ file, message, source }: Finding): string {
    const where = `${file}${formatPosition(message)}`;
    const severity = message.severity === 2 ? paint('red', 'error') : paint('yellow', 'warning');
    const frame = source === undefined ? '' : codeFrame(source, message, framePaint);
    return [`  ${paint('underline', where)}  ${severity}`, `  ${message.message}`, ...(frame ? [indent(frame, '  ')] : [])].join('\n');
  }

  function formatUnparseable(): string {
    const fatal = results.flatMap((result) =>
      result.messages
        .filter(isParseError)
        .map((message) => `  ${relative(result.filePath)}${formatPosition(message)}  ${message.message}`),
    );
    if (fatal.length === 0) return '';
    // No rule ran on these files: the count says how much of the code the scan really saw.
    const title = `Analysed ${results.length - fatal.length} of ${plural(results.length, 'file')}; ${fatal.length} could not be parsed:`;
    return [paint('red', title), ...fatal].join('\n');
  }

  const findings = collectFindings(results, relative);
  const groups = groupByRule(findings);
  const filesWithFindings = new Set(findings.map((finding) => finding.file)).size;
  // Blocks are separated by one blank line.
  const blocks = [...groups].map(([ruleId, group]) => formatGroup(ruleId, group));
  if (findings.length > 0) blocks.push(formatSummaryTable(groups, paint));
  const unparseable = formatUnparseable();
  if (unparseable) blocks.push(unparseable);
  blocks.push(...options.notes.map((note) => paint('dim', note)));
  const analysed = results.filter((result) => !result.messages.some(isParseError)).length;
  blocks.push(formatTotals(findings, filesWithFindings, analysed, options, paint));
  return `${blocks.join('\n\n')}\n`;
}

function collectFindings(results: readonly ESLint.LintResult[], relative: (filePath: string) => string): Finding[] {
  return results.flatMap((result) =>
    result.messages.filter(isFinding).map((message) => ({
      ruleId: message.ruleId ?? '',
      file: relative(result.filePath),
      message,
      source: result.source,
    })),
  );
}

function groupByRule(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.ruleId) ?? [];
    group.push(finding);
    groups.set(finding.ruleId, group);
  }
  const byLocation = (a: Finding, b: Finding) =>
    a.file.localeCompare(b.file) || a.message.line - b.message.line || a.message.column - b.message.column;
  return new Map(
    [...groups]
      .map(([ruleId, group]) => [ruleId, group.sort(byLocation)] as const)
      .sort(([idA, a], [idB, b]) => b.length - a.length || idA.localeCompare(idB)),
  );
}

function formatSummaryTable(groups: ReadonlyMap<string, readonly Finding[]>, paint: (style: Style, text: string) => string): string {
  const rows = [...groups].map(([ruleId, group]) => [
    ruleId,
    String(group.length),
    String(new Set(group.map((finding) => finding.file)).size),
  ]);
  const header = ['rule', 'findings', 'files'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const formatRow = ([rule = '', count = '', files = '']: readonly string[]) =>
    `  ${rule.padEnd(widths[0] ?? 0)}  ${count.padStart(widths[1] ?? 0)}  ${files.padStart(widths[2] ?? 0)}`;
  return [paint('bold', 'Summary'), paint('dim', formatRow(header)), ...rows.map(formatRow)].join('\n');
}

function formatTotals(
  findings: readonly Finding[],
  filesWithFindings: number,
  filesAnalysed: number,
  options: PrettyOptions,
  paint: (style: Style, text: string) => string,
): string {
  const context = `${options.configName} config · ${formatDuration(options.elapsedMs)}`;
  if (findings.length === 0) {
    return paint('green', `No leaks found in ${plural(filesAnalysed, 'file')}`) + paint('dim', ` · ${context}`);
  }
  const errors = findings.filter((finding) => finding.message.severity === 2).length;
  const counts = `${plural(findings.length, 'finding')} (${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')})`;
  const where = `in ${filesWithFindings} of ${plural(filesAnalysed, 'file')}`;
  return `${paint(errors > 0 ? 'red' : 'yellow', counts)} ${where}${paint('dim', ` · ${context}`)}`;
}

/** `:line:column`, or nothing for an error about the whole file (a message without a position). */
function formatPosition(message: Linter.LintMessage): string {
  return typeof message.line === 'number' && message.line > 0 ? `:${message.line}:${message.column}` : '';
}

function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}
