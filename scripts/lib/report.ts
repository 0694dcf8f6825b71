/** Small formatting helpers shared by the smoke report, the fuzzer and the benchmark results. */

const MAX_FRAME_LINE = 240;
const CONTEXT_LINES = 2;
const MAX_REPORTED_LINES = 8;

export interface Located {
  line: number;
  column: number;
  endLine?: number | undefined;
}

/**
 * A code frame like Babel's: a few lines around the report, `>` on the reported lines, a caret under
 * the start column. Long lines (bundles) are cut around the column so the frame stays readable.
 */
export function codeFrame(text: string, loc: Located): string {
  const lines = text.split(/\r\n|[\n\r\u2028\u2029]/u);
  const lastReported = Math.min(Math.max(loc.line, loc.endLine ?? loc.line), loc.line + MAX_REPORTED_LINES - 1);
  const first = Math.max(1, loc.line - CONTEXT_LINES);
  const last = Math.min(lines.length, lastReported + CONTEXT_LINES);
  const width = String(last).length;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    const reported = number >= loc.line && number <= lastReported;
    const { text: shown, offset } = clip(lines[number - 1] ?? '', number === loc.line ? loc.column - 1 : 0);
    out.push(`${reported ? '>' : ' '} ${String(number).padStart(width)} | ${shown}`.trimEnd());
    if (number === loc.line) {
      const caretAt = Math.max(0, loc.column - 1 - offset);
      out.push(`  ${' '.repeat(width)} | ${shown.slice(0, caretAt).replace(/[^\t]/gu, ' ')}^`);
    }
  }
  return out.join('\n');
}

function clip(line: string, column: number): { text: string; offset: number } {
  if (line.length <= MAX_FRAME_LINE) return { text: line, offset: 0 };
  const offset = Math.max(0, Math.min(column - 60, line.length - MAX_FRAME_LINE));
  const text = `${offset > 0 ? '…' : ''}${line.slice(offset, offset + MAX_FRAME_LINE)}…`;
  return { text, offset: offset > 0 ? offset - 1 : 0 };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const escape = (cell: string): string => cell.replaceAll('|', '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}
