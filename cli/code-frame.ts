// A plain code frame (the shape of @babel/code-frame, without its syntax highlighting): ESLint no
// longer ships one, and this small function saves the CLI a dependency plus its types package.

export interface FrameLocation {
  line: number;
  column: number;
  endLine?: number | undefined;
  endColumn?: number | undefined;
}

export interface FramePaint {
  gutter: (text: string) => string;
  marker: (text: string) => string;
}

const CONTEXT_LINES = 2;
/** Longer lines (minified code) are cut to a window around the reported column. */
const MAX_WIDTH = 120;
const WINDOW_LEAD = 40;
// The line terminators ESLint counts lines by.
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/u;

export function codeFrame(source: string, location: FrameLocation, paint: FramePaint): string {
  const lines = source.split(LINE_BREAK);
  const reported = lines[location.line - 1];
  if (reported === undefined) return '';

  const start = Math.max(0, location.column - 1);
  // A range over several lines is underlined to the end of its first; a bare position gets one caret.
  const end =
    location.endLine === undefined || location.endColumn === undefined
      ? start + 1
      : location.endLine === location.line
        ? location.endColumn - 1
        : reported.length;
  const offset = reported.length > MAX_WIDTH ? Math.max(0, start - WINDOW_LEAD) : 0;
  const first = Math.max(1, location.line - CONTEXT_LINES);
  let last = Math.min(lines.length, location.line + CONTEXT_LINES);
  while (last > location.line && !lines[last - 1]?.trim()) last--;
  const numberWidth = String(last).length;

  const frame: string[] = [];
  for (let number = first; number <= last; number++) {
    const isReported = number === location.line;
    const gutter = `${isReported ? '>' : ' '} ${String(number).padStart(numberWidth)} |`;
    const text = clip(lines[number - 1] ?? '', offset);
    frame.push(`${isReported ? paint.marker(gutter.slice(0, 1)) + paint.gutter(gutter.slice(1)) : paint.gutter(gutter)}${text ? ` ${text}` : ''}`);
    if (isReported) {
      // Copy tabs so the carets line up under tab-indented code.
      const lead = (offset > 0 ? ' ' : '') + reported.slice(offset, start).replace(/[^\t]/gu, ' ');
      const width = Math.min(Math.max(1, end - start), MAX_WIDTH - (start - offset));
      frame.push(`${paint.gutter(`  ${' '.repeat(numberWidth)} |`)} ${lead}${paint.marker('^'.repeat(width))}`);
    }
  }
  return frame.join('\n');
}

function clip(text: string, offset: number): string {
  if (offset === 0 && text.length <= MAX_WIDTH) return text;
  const window = text.slice(offset, offset + MAX_WIDTH);
  return `${offset > 0 ? '…' : ''}${window}${text.length > offset + MAX_WIDTH ? '…' : ''}`;
}
