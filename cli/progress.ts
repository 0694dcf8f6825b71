import path from 'node:path';
import type { WriteStream } from 'node:tty';
import type { ESLint, Linter, Rule } from 'eslint';

export interface Progress {
  /** Config that counts every linted file; ESLint lists no files before linting them. */
  config: Linter.Config[];
  ruleId: string;
  stop: () => void;
}

const PLUGIN_NAME = 'leaks-scan';
const RULE_NAME = 'progress';
const REDRAW_INTERVAL_MS = 100;

/** Progress belongs on an interactive terminal: never when stderr is piped, never in CI. */
export function shouldShowProgress(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): stream is WriteStream {
  const inCI = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return stream.isTTY && !inCI;
}

/**
 * One status line on the terminal: files done and the file being finished. ESLint's Node API
 * walks and lints in one call without announcing its file list, so the count has no total; a
 * rule that reports nothing is the public per-file hook (it runs once per linted file).
 */
export function createProgress(stream: WriteStream, files: readonly string[], cwd: string): Progress {
  let done = 0;
  let lastDraw = 0;

  function draw(text: string): void {
    stream.cursorTo(0);
    stream.clearLine(1);
    // Never wrap: a wrapped line cannot be redrawn in place.
    stream.write(text.slice(0, stream.columns > 1 ? stream.columns - 1 : 79));
  }

  function fileDone(filePath: string): void {
    done++;
    const now = Date.now();
    if (now - lastDraw < REDRAW_INTERVAL_MS) return;
    lastDraw = now;
    draw(`leaks-scan: ${done} ${done === 1 ? 'file' : 'files'} scanned · ${path.relative(cwd, filePath)}`);
  }

  const rule: Rule.RuleModule = {
    meta: { type: 'suggestion', schema: [], docs: { description: 'Counts linted files for the progress line.' } },
    create: (context) => ({ 'Program:exit': () => fileDone(context.filename) }),
  };
  const plugin: ESLint.Plugin = { meta: { name: PLUGIN_NAME }, rules: { [RULE_NAME]: rule } };

  draw(`leaks-scan: scanning ${files.join(', ')}…`);
  return {
    // No `files`: the entry applies to exactly the files the scan's own config matches.
    config: [{ name: 'leaks-scan/progress', plugins: { [PLUGIN_NAME]: plugin }, rules: { [`${PLUGIN_NAME}/${RULE_NAME}`]: 'warn' } }],
    ruleId: `${PLUGIN_NAME}/${RULE_NAME}`,
    stop: () => {
      stream.cursorTo(0);
      stream.clearLine(1);
    },
  };
}
