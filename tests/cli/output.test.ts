import path from 'node:path';
import type { WriteStream } from 'node:tty';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { codeFrame, type FramePaint } from '../../cli/code-frame.js';
import { formatPretty, type PrettyOptions } from '../../cli/pretty-format.js';
import { createProgress, shouldShowProgress } from '../../cli/progress.js';

// Unit tests of the output pieces on synthetic results: they hold whatever the rules report.
const plain: FramePaint = { gutter: (text) => text, marker: (text) => text };
const CWD = path.resolve('/project');

describe('codeFrame', () => {
  const source = [
    "import { createServer } from 'node:http';",
    '',
    'const seen = [];',
    'createServer((req) => {',
    '\tseen.push(req.url);',
    '});',
    '',
    '',
  ].join('\n');

  it('shows two lines around the reported one and underlines the reported range', () => {
    expect(codeFrame(source, { line: 3, column: 7, endLine: 3, endColumn: 11 }, plain)).toBe(
      [
        '  1 | import { createServer } from \'node:http\';',
        '  2 |',
        '> 3 | const seen = [];',
        '    |       ^^^^',
        '  4 | createServer((req) => {',
        '  5 | \tseen.push(req.url);',
      ].join('\n'),
    );
  });

  it('keeps tabs in front of the carets and drops blank lines after the end of the code', () => {
    expect(codeFrame(source, { line: 5, column: 2, endLine: 5, endColumn: 20 }, plain)).toBe(
      [
        '  3 | const seen = [];',
        '  4 | createServer((req) => {',
        '> 5 | \tseen.push(req.url);',
        '    | \t^^^^^^^^^^^^^^^^^^',
        '  6 | });',
      ].join('\n'),
    );
  });

  it('underlines to the end of the line when the range spans lines', () => {
    expect(codeFrame(source, { line: 4, column: 1, endLine: 6, endColumn: 3 }, plain).split('\n')[3]).toBe(
      '    | ^^^^^^^^^^^^^^^^^^^^^^^',
    );
  });

  it('cuts a minified line to a window around the column', () => {
    const minified = `${'a=1;'.repeat(100)}setInterval(tick,1e3);${'b=2;'.repeat(100)}`;
    const frame = codeFrame(minified, { line: 1, column: 401, endLine: 1, endColumn: 423 }, plain).split('\n');

    expect(frame[0]).toMatch(/^> 1 \| …a=1;.+setInterval\(tick,1e3\);b=2;.+…$/u);
    expect(frame[0]?.length).toBeLessThan(140);
    expect(frame[0]?.indexOf('setInterval')).toBe(frame[1]?.indexOf('^'));
    expect(frame[1]).toMatch(/\^{22}$/u);
  });

  it('returns nothing for a line outside the source', () => {
    expect(codeFrame('x;\n', { line: 9, column: 1 }, plain)).toBe('');
  });
});

describe('formatPretty', () => {
  const timerSource = 'export function poll() {\n  setInterval(tick, 1000);\n}\n';
  const results: ESLint.LintResult[] = [
    result('/project/src/poller.ts', timerSource, [
      message('leaks/no-leaked-timer', 1, 2, 3, 'This interval discards its handle.'),
    ]),
    result('/project/src/cache.ts', 'const cache = new Map();\n', [
      message('leaks/no-growing-module-collection', 2, 1, 7, "Module-level map 'cache' only grows."),
    ]),
    result('/project/src/sessions.ts', 'const sessions = new Set();\n', [
      message('leaks/no-growing-module-collection', 2, 1, 7, "Module-level set 'sessions' only grows."),
    ]),
    result('/project/src/broken.ts', 'const = ;\n', [
      { ruleId: null, fatal: true, severity: 2, message: 'Parsing error: Variable declaration expected.', line: 1, column: 7 },
    ]),
    result('/project/src/clean.ts', 'export const port = 3000;\n', []),
  ];
  const options: PrettyOptions = {
    cwd: CWD,
    color: false,
    configName: 'recommended',
    elapsedMs: 1234,
    rulesMeta: {
      'leaks/no-leaked-timer': { docs: { description: 'Disallow leaked timers.', url: 'https://example.test/no-leaked-timer.md' } },
      'leaks/no-growing-module-collection': {
        docs: { description: 'Disallow growing collections.', url: 'https://example.test/no-growing-module-collection.md' },
      },
    },
    notes: [],
  };

  it('groups findings by rule, most frequent first, then the summary, the files that could not be parsed and the totals over the analysed files', () => {
    expect(formatPretty(results, options)).toBe(
      [
        'leaks/no-growing-module-collection (2 findings)',
        'Disallow growing collections.',
        'https://example.test/no-growing-module-collection.md',
        '',
        `  ${path.join('src', 'cache.ts')}:1:7  error`,
        "  Module-level map 'cache' only grows.",
        '  > 1 | const cache = new Map();',
        '      |       ^',
        '',
        `  ${path.join('src', 'sessions.ts')}:1:7  error`,
        "  Module-level set 'sessions' only grows.",
        '  > 1 | const sessions = new Set();',
        '      |       ^',
        '',
        'leaks/no-leaked-timer (1 finding)',
        'Disallow leaked timers.',
        'https://example.test/no-leaked-timer.md',
        '',
        `  ${path.join('src', 'poller.ts')}:2:3  warning`,
        '  This interval discards its handle.',
        '    1 | export function poll() {',
        '  > 2 |   setInterval(tick, 1000);',
        '      |   ^',
        '    3 | }',
        '',
        'Summary',
        '  rule                                findings  files',
        '  leaks/no-growing-module-collection         2      2',
        '  leaks/no-leaked-timer                      1      1',
        '',
        'Analysed 4 of 5 files; 1 could not be parsed:',
        `  ${path.join('src', 'broken.ts')}:1:7  Parsing error: Variable declaration expected.`,
        '',
        '3 findings (2 errors, 1 warning) in 3 of 4 files · recommended config · 1.2 s',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing was found, after any notes', () => {
    const clean = [result('/project/src/clean.ts', 'export const port = 3000;\n', [])];

    expect(formatPretty(clean, { ...options, elapsedMs: 87.4, notes: ['1 file is outside every tsconfig.json.'] })).toBe(
      '1 file is outside every tsconfig.json.\n\nNo leaks found in 1 file · recommended config · 87 ms\n',
    );
  });

  it('colours only when asked to', () => {
    expect(formatPretty(results, options)).not.toMatch(/\u001B\[/u);
    expect(formatPretty(results, { ...options, color: true })).toMatch(/\u001B\[1mleaks\/no-leaked-timer\u001B\[22m/u);
  });
});

describe('progress', () => {
  it('is shown on a terminal outside CI only', () => {
    const terminal = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as NodeJS.WriteStream;

    expect(shouldShowProgress(terminal, {})).toBe(true);
    expect(shouldShowProgress(terminal, { CI: 'false' })).toBe(true);
    expect(shouldShowProgress(terminal, { CI: 'true' })).toBe(false);
    expect(shouldShowProgress(terminal, { CI: '1' })).toBe(false);
    expect(shouldShowProgress(pipe, {})).toBe(false);
  });

  it('counts each file ESLint lints on one redrawn line and clears it at the end', async () => {
    const writes: string[] = [];
    const terminal = {
      columns: 60,
      write: (text: string) => writes.push(text),
      cursorTo: () => writes.push('<cursor>'),
      clearLine: () => writes.push('<clear>'),
    } as unknown as WriteStream;
    const progress = createProgress(terminal, ['src'], CWD);
    const config: Linter.Config[] = [{ files: ['**/*.js'] }, ...progress.config];
    const eslint = new ESLint({ cwd: CWD, overrideConfigFile: true, overrideConfig: config });

    await eslint.lintText('export const a = 1;\n', { filePath: path.join(CWD, 'src', 'a.js') });
    progress.stop();

    expect(writes).toEqual([
      '<cursor>',
      '<clear>',
      'leaks-scan: scanning src…',
      '<cursor>',
      '<clear>',
      `leaks-scan: 1 file scanned · ${path.join('src', 'a.js')}`,
      '<cursor>',
      '<clear>',
    ]);
  });
});

function result(filePath: string, source: string, messages: Linter.LintMessage[]): ESLint.LintResult {
  const errors = messages.filter((entry) => entry.severity === 2).length;
  return {
    filePath: path.resolve(filePath),
    messages,
    suppressedMessages: [],
    errorCount: errors,
    fatalErrorCount: messages.filter((entry) => entry.fatal).length,
    warningCount: messages.length - errors,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    source,
    usedDeprecatedRules: [],
  };
}

function message(ruleId: string, severity: 1 | 2, line: number, column: number, text: string): Linter.LintMessage {
  return { ruleId, severity, line, column, message: text };
}
