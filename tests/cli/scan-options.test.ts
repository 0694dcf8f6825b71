import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { createTempFolder, expectUsageError, FIXTURES, relativePosix, scan, scanJson, useBuiltBin } from './run-scan.js';

useBuiltBin();

// The service fixture has 2 errors (no-growing-module-collection) and 3 warnings (timers, listener).
const NO_ERRORS = '{"leaks/no-growing-module-collection": "off"}';

describe('--concurrency', () => {
  it('lints in ESLint worker threads with the same config, rule options and filters as one thread', () => {
    const args = ['--quiet', '--rule', '{"leaks/no-leaked-timer": "error"}', 'service', 'legacy', 'clean'];
    const single = scanJson(['--concurrency', 'off', ...args]);
    const threads = scan(['--format', 'json', '--concurrency', '2', ...args]);

    // ESLint may add its own advice on stderr ("You may disable concurrency …") for so few files.
    expect(threads.stderr).not.toMatch(/leaks-scan:/u);
    const threaded = JSON.parse(threads.stdout) as ESLint.LintResult[];
    expect(summarise(threaded)).toEqual(summarise(single));
    expect(summarise(single).flatMap(([, messages]) => messages)).toContain('leaks/no-leaked-timer:2');
    // The project's `/* eslint no-console: "error" */` stays filtered out in the threads too.
    expect(threaded.find((result) => result.filePath.endsWith('legacy.js'))?.messages).toEqual([]);
  });
});

describe('--cache', () => {
  it('keeps ESLint\'s cache in .cache/leaks-scan/ under the current folder and re-lints changed files only', () => {
    const project = copyFixture('service');
    const first = scan(['--cache', '--format', 'json', 'src'], project);
    const cacheFolder = path.join(project, '.cache', 'leaks-scan');
    const cacheFiles = readdirSync(cacheFolder);
    const second = scan(['--cache', '--format', 'json', 'src'], project);
    writeFileSync(path.join(project, 'src', 'server.ts'), 'export const port = 3000;\n');
    const third = scanJson(['--cache', 'src'], project);

    expect(first.code).toBe(1);
    expect(cacheFiles).toHaveLength(1);
    expect(second.stdout).toBe(first.stdout);
    expect(third.find((result) => result.filePath.endsWith('server.ts'))?.messages).toEqual([]);
    expect(third.find((result) => result.filePath.endsWith('metrics.cjs'))?.messages).toHaveLength(2);
  });

  it('writes the cache where --cache-location says', () => {
    const project = copyFixture('service');
    const location = path.join(createTempFolder(), 'cache', 'leaks.json');
    const run = scan(['--cache', '--cache-location', location, 'src'], project);

    expect(run.code).toBe(1);
    expect(existsSync(location)).toBe(true);
    expect(existsSync(path.join(project, '.cache'))).toBe(false);
  });
});

describe('exit codes and reporting', () => {
  it('exits 1 on any finding by default, and with --max-warnings only on errors or too many warnings', () => {
    const warningsOnly = ['--rule', NO_ERRORS, 'service'];

    expect(scan(warningsOnly).code).toBe(1);
    expect(scan(['--max-warnings', '3', ...warningsOnly])).toMatchObject({ code: 0, stderr: '' });
    const tooMany = scan(['--max-warnings', '2', ...warningsOnly]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toBe('leaks-scan: 3 warnings are more than --max-warnings 2 allows.\n');
    expect(scan(['--max-warnings', '10', 'service']).code).toBe(1);
  });

  it('reports errors only with --quiet', () => {
    const results = scanJson(['--quiet', 'service']);
    const quietWarningsOnly = scan(['--quiet', '--rule', NO_ERRORS, 'service']);

    expect(results.flatMap((result) => result.messages.map((message) => message.severity))).toEqual([2, 2]);
    expect(quietWarningsOnly.code).toBe(0);
    expect(quietWarningsOnly.stdout).toMatch(/^No leaks found in 3 files · /u);
  });

  it('writes the output to --output-file instead of stdout', () => {
    const folder = createTempFolder();
    const file = path.join(folder, 'reports', 'leaks.json');
    const run = scan(['--format', 'json', '-o', file, 'service']);

    expect(run).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(scanJson(['service']));
  });
});

describe('choosing files', () => {
  it('expands quoted globs, and takes existing paths literally', () => {
    const project = copyFixture('service');
    mkdirSync(path.join(project, 'src', '[id]'));
    writeFileSync(path.join(project, 'src', '[id]', 'page.ts'), 'const seen = new Set();\nexport const visit = (id: string) => seen.add(id);\n');

    expect(files(scanJson(['src/**/*.ts'], project), project)).toEqual(['src/[id]/page.ts', 'src/server.ts']);
    expect(files(scanJson(['src/*/*.{cjs,tsx}'], project), project)).toEqual(['src/jobs/metrics.cjs', 'src/views/status.tsx']);
    expect(files(scanJson(['src/[id]'], project), project)).toEqual(['src/[id]/page.ts']);
  });

  it('skips files matching --ignore-pattern, relative to the current folder', () => {
    const results = scanJson(['--ignore-pattern', 'service/src/jobs/**', '--ignore-pattern', '**/*.tsx', 'service/src']);

    expect(files(results, FIXTURES)).toEqual(['service/src/server.ts']);
  });
});

describe('rule options', () => {
  it('sets rules over the config from --rules-config, then from each --rule', () => {
    const folder = createTempFolder();
    const rulesFile = path.join(folder, 'leaks-rules.json');
    const rules = {
      'leaks/no-leaked-timer': 'off',
      'leaks/no-leaked-listener': 'error',
      'leaks/no-growing-module-collection': ['error', { allow: ['auditLog'] }],
    };
    writeFileSync(rulesFile, JSON.stringify({ rules }));
    const results = scanJson([
      '--rules-config',
      rulesFile,
      '--rule',
      '{"leaks/no-leaked-timer": "warn"}',
      '--rule',
      '{"leaks/no-leaked-timer": ["error"]}',
      'service',
    ]);

    expect(summarise(results)).toEqual([
      ['service/src/jobs/metrics.cjs', ['leaks/no-growing-module-collection:2', 'leaks/no-leaked-timer:2']],
      ['service/src/server.ts', ['leaks/no-leaked-listener:2', 'leaks/no-leaked-timer:2']],
      ['service/src/views/status.tsx', []],
    ]);
  });

  it('keeps the config options of a rule whose --rule sets only the severity', () => {
    // strict passes checkEscaped and friends; "warn" alone must not reset them to the defaults.
    const strict = summarise(scanJson(['--config', 'strict', 'service']));
    const warned = summarise(scanJson(['--config', 'strict', '--rule', '{"leaks/no-growing-module-collection": "warn"}', 'service']));

    expect(warned.map(([file, messages]) => [file, messages.length])).toEqual(strict.map(([file, messages]) => [file, messages.length]));
  });
});

describe('usage errors', () => {
  it.each([
    [['--rule', '{"leaks/no-leaked-timer": off}'], /^leaks-scan: Option --rule '.+' is not valid JSON: .+$/u],
    [['--rule', '["leaks/no-leaked-timer"]'], /^leaks-scan: Option --rule '.+' must be a JSON object of rules, like .+$/u],
    [['--rule', '{"no-console": "error"}'], /^leaks-scan: Option --rule '.+' names the unknown rule 'no-console': only the leaks\/\* rules .+$/u],
    [['--rule', '{"leaks/no-leaky-thing": "error"}'], /^leaks-scan: Option --rule '.+' names the unknown rule 'leaks\/no-leaky-thing': .+$/u],
    [['--rule', '{"leaks/no-leaked-timer": "eror"}'], /^leaks-scan: Option --rule '.+' is not a valid rule setting: .*Expected severity .+$/u],
    [
      ['--rule', '{"leaks/no-growing-module-collection": ["error", {"checkEscapd": true}]}'],
      /^leaks-scan: Option --rule '.+' is not a valid rule setting: .+Unexpected property "checkEscapd"\..+$/u,
    ],
    [['--rules-config', 'no-such-rules.json'], /^leaks-scan: Cannot read the rules config 'no-such-rules\.json': .+$/u],
    [['--concurrency', '0'], /^leaks-scan: Unknown concurrency '0': use a number of threads, auto or off\. .+$/u],
    [['--max-warnings', 'many'], /^leaks-scan: Option --max-warnings takes a number of warnings, not 'many'\. .+$/u],
    [['nowhere/**/*.ts'], /^leaks-scan: Pattern 'nowhere\/\*\*\/\*\.ts' matches nothing: folder 'nowhere' does not exist\.$/u],
    [['service', 'no-such-file.ts'], /^leaks-scan: Path 'no-such-file\.ts' does not exist\.$/u],
  ])('exits 2 with one line for %j', (args, message) => {
    expectUsageError(scan(args), message);
  });

  it('names a rules config that is not { "rules": { ... } }', () => {
    const file = path.join(createTempFolder(), 'rules.json');
    writeFileSync(file, '{ "leaks/no-leaked-timer": "off" }');

    expectUsageError(scan(['--rules-config', file, 'service']), /^leaks-scan: The rules config '.+rules\.json' must be a JSON object with one key, "rules", .+$/u);
  });
});

/** Each file (relative to the fixtures) with its findings as `ruleId:severity`, sorted. */
function summarise(results: readonly ESLint.LintResult[]): [string, string[]][] {
  return results
    .map((result): [string, string[]] => [
      relativePosix(FIXTURES, result.filePath),
      result.messages.map((message) => `${message.ruleId}:${message.severity}`).sort(),
    ])
    .sort(([a], [b]) => a.localeCompare(b));
}

function files(results: readonly ESLint.LintResult[], root: string): string[] {
  return results.map((result) => relativePosix(root, result.filePath)).sort();
}

function copyFixture(name: string): string {
  const project = createTempFolder();
  cpSync(path.join(FIXTURES, name), project, { recursive: true });
  return project;
}
