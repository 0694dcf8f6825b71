import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { createTempFolder, expectUsageError, FIXTURES, relativePosix, ROOT, scan, scanJson, useBuiltBin } from './run-scan.js';

const SERVICE_RULES = ['leaks/no-growing-module-collection', 'leaks/no-leaked-listener', 'leaks/no-leaked-timer'];
const DOCS_URL = /^https:\/\/github\.com\/.+\/docs\/rules\/(?<name>[a-z-]+)\.md$/u;
const ANSI = /\u001B\[/u;

useBuiltBin();

describe('findings and formats', () => {
  it('prints findings grouped by rule with positions, code frames, docs links and a summary, and exits 1', () => {
    const pretty = scan(['service']);
    const results = scanJson(['service']);

    expect(pretty.code).toBe(1);
    expect(pretty.stderr).toBe('');
    expect(pretty.stdout).not.toMatch(ANSI);
    for (const ruleId of SERVICE_RULES) {
      expect(pretty.stdout).toMatch(new RegExp(`^${ruleId} \\(\\d+ findings?\\)$`, "mu"));
      expect(pretty.stdout).toContain(`/docs/rules/${ruleId.slice('leaks/'.length)}.md`);
    }
    for (const result of results) {
      for (const message of result.messages) {
        const where = `${path.relative(FIXTURES, result.filePath)}:${message.line}:${message.column}`;
        expect(pretty.stdout).toContain(`  ${where}  `);
        expect(pretty.stdout).toContain(message.message);
        expect(pretty.stdout).toMatch(new RegExp(`^ {2}> +${message.line} \\|`, 'mu'));
      }
    }
    expect(pretty.stdout).toMatch(/^Summary\n {2}rule +findings +files\n/mu);
    const findings = results.reduce((sum, result) => sum + result.messages.length, 0);
    expect(pretty.stdout).toMatch(new RegExp(`^${findings} findings \\(.+\\) in 2 of 3 files · recommended config · [\\d.]+ m?s$`, 'mu'));
  });

  it('lints TS, TSX and CommonJS files, and every leak in the service fixture is found', () => {
    const results = scanJson(['service']);

    expect(results.map((result) => relativePosix(FIXTURES, result.filePath)).sort()).toEqual([
      'service/src/jobs/metrics.cjs',
      'service/src/server.ts',
      'service/src/views/status.tsx',
    ]);
    expect(results.flatMap((result) => result.messages.filter((message) => message.fatal))).toEqual([]);
    expect(new Set(results.flatMap((result) => result.messages.map((message) => message.ruleId)))).toEqual(
      new Set(SERVICE_RULES),
    );
    // The CommonJS job leaks twice as well: a Map filled per run and an interval per call.
    const commonjs = results.find((result) => result.filePath.endsWith('metrics.cjs'));
    expect(commonjs?.messages.map((message) => message.ruleId).sort()).toEqual([
      'leaks/no-growing-module-collection',
      'leaks/no-leaked-timer',
    ]);
  });

  it('writes ESLint results as JSON with --format json', () => {
    const run = scan(['--format', 'json', 'service']);

    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as ESLint.LintResult[];
    for (const result of results) {
      expect(path.isAbsolute(result.filePath)).toBe(true);
      expect(Array.isArray(result.suppressedMessages) && Array.isArray(result.usedDeprecatedRules)).toBe(true);
      expect(result.errorCount + result.warningCount).toBe(result.messages.length);
    }
  });

  it('writes SARIF 2.1.0 with rule metadata with --format sarif', () => {
    const run = scan(['--format', 'sarif', 'service']);
    const findings = scanJson(['service']).flatMap((result) => result.messages);

    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/u);
    expect(sarif.runs).toHaveLength(1);
    const [sarifRun] = sarif.runs;
    expect(sarifRun?.tool.driver.name).toBe('eslint-plugin-leaks');
    expect(sarifRun?.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/u);
    const rules = sarifRun?.tool.driver.rules ?? [];
    expect(rules.map((rule) => rule.id).sort()).toEqual([...SERVICE_RULES].sort());
    for (const rule of rules) {
      expect(rule.helpUri).toMatch(DOCS_URL);
      expect(`leaks/${DOCS_URL.exec(rule.helpUri)?.groups?.name}`).toBe(rule.id);
      expect(rule.shortDescription?.text).toMatch(/^(Disallow|Enforce|Require) .+\.$/u);
    }
    expect(sarifRun?.results).toHaveLength(findings.length);
    const fingerprints = (sarifRun?.results ?? []).map((result) => result.partialFingerprints['primaryLocationLineHash/v1']);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    for (const result of sarifRun?.results ?? []) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(['error', 'warning']).toContain(result.level);
      expect(result.message.text).toMatch(/\.$/u);
      const location = result.locations[0]?.physicalLocation;
      expect(location?.artifactLocation.uri).toMatch(/^service\/src\/.+\.(ts|cjs)$/u);
      expect(location?.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(result.partialFingerprints['primaryLocationLineHash/v1']).toMatch(/^[\da-f]{32}:\d+$/u);
      expect(location?.region.startLine).toBeGreaterThan(0);
      expect(location?.region.startColumn).toBeGreaterThan(0);
    }
  });

  it('exits 0 on clean code, and neither the project inline config nor its disable comments add noise', () => {
    const pretty = scan(['clean']);
    const json = scan(['--format', 'json', 'clean']);

    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toMatch(/^No leaks found in 2 files · recommended config · [\d.]+ m?s\n$/u);
    expect(json.code).toBe(0);
    const results = JSON.parse(json.stdout) as ESLint.LintResult[];
    expect(results.flatMap((result) => result.messages)).toEqual([]);
    // The `eslint-disable-next-line leaks/no-leaked-timer` comment was honoured, not dropped.
    const legacy = results.find((result) => result.filePath.endsWith('legacy.js'));
    expect(legacy?.suppressedMessages.map((message) => message.ruleId)).toEqual(['leaks/no-leaked-timer']);
  });

  it('uses the config named by --config', () => {
    const run = scan(['--config', 'all', 'service']);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ · all config · /u);
    // `all` turns every rule on as an error.
    expect(run.stdout).toMatch(/^\d+ findings \((\d+) errors, 0 warnings\)/mu);
  });
});

describe('files that cannot be parsed', () => {
  // Changed with issue 14: such a file used to leave the exit code at 0, which let an audit pass
  // without having looked at the file.
  it('counts and names them, and exits 2 because the scan is incomplete', () => {
    const pretty = scan(['broken']);
    const sarif = JSON.parse(scan(['--format', 'sarif', 'broken']).stdout) as SarifLog;
    const json = scan(['--format', 'json', 'broken']);

    expect(pretty.code).toBe(2);
    expect(pretty.stderr).toMatch(/^leaks-scan: 1 file could not be parsed, so the scan is incomplete \(exit code 2; --allow-parse-errors .+\)\.\n$/u);
    expect(pretty.stdout).toMatch(
      /^Analysed 1 of 2 files; 1 could not be parsed:\n {2}broken\/src\/half-written\.ts:2:\d+ {2}Parsing error: .+\n\nNo leaks found in 1 file · /mu,
    );
    expect(json.code).toBe(2);
    const fatal = (JSON.parse(json.stdout) as ESLint.LintResult[]).flatMap((result) => result.messages).filter((message) => message.fatal);
    expect(fatal).toHaveLength(1);
    expect(sarif.runs[0]?.results).toEqual([]);
    expect(sarif.runs[0]?.invocations?.[0]?.executionSuccessful).toBe(false);
    expect(sarif.runs[0]?.invocations?.[0]?.toolConfigurationNotifications).toHaveLength(1);
  });

  it('leaves the exit code to the findings with --allow-parse-errors', () => {
    const run = scan(['--allow-parse-errors', 'broken']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Analysed 1 of 2 files; 1 could not be parsed:$/mu);
  });

  it('reports a clean SARIF run as successful', () => {
    const sarif = JSON.parse(scan(['--format', 'sarif', 'clean']).stdout) as SarifLog;

    expect(sarif.runs[0]?.invocations?.[0]?.executionSuccessful).toBe(true);
  });
});

describe('JavaScript files', () => {
  it('parses sloppy-mode CommonJS (.cjs, and .js in a CommonJS package) and JSX with ESLint\'s parser', () => {
    const results = scanJson(['legacy']);

    expect(results.flatMap((result) => result.messages.filter((message) => message.fatal))).toEqual([]);
    const rulesByFile = Object.fromEntries(
      results.map((result) => [relativePosix(FIXTURES, result.filePath), result.messages.map((message) => `${message.ruleId}:${message.line}`)]),
    );
    expect(rulesByFile).toEqual({
      'legacy/src/files.cjs': ['leaks/no-growing-module-collection:8'],
      'legacy/lib/poller.js': ['leaks/no-leaked-timer:14'],
      'legacy/lib/view.jsx': ['leaks/no-leaked-timer:6'],
    });
  });

  it('keeps ES module parsing for .js files of a "type": "module" package, where sloppy mode is an error', () => {
    const project = createTempFolder();
    writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(path.join(project, 'modes.js'), 'export const mode = 0644;\n');
    writeFileSync(path.join(project, 'script.cjs'), 'var mode = 0644;\nmodule.exports = { mode };\n');
    const run = scan(['--format', 'json', '.'], project);

    expect(run.code).toBe(2);
    const results = JSON.parse(run.stdout) as ESLint.LintResult[];
    const fatal = results.filter((result) => result.messages.some((message) => message.fatal));
    expect(fatal.map((result) => path.basename(result.filePath))).toEqual(['modes.js']);
    expect(fatal[0]?.messages[0]?.message).toMatch(/^Parsing error: Invalid number/u);
  });
});

describe('what is scanned', () => {
  it('skips node_modules, build output, .d.ts, minified bundles, Yarn files and .gitignore entries up to the repository root', () => {
    const project = createProject();
    const results = scanJson(['app'], project);

    expect(results.map((result) => relativePosix(project, result.filePath))).toEqual(['app/src/server.ts']);
  });

  it.skipIf(!hasGit())('reads the .gitignore files git tracks in subfolders of a scanned folder', () => {
    const repository = createTempFolder();
    const leak = readFileSync(path.join(FIXTURES, 'service', 'src', 'server.ts'), 'utf8');
    const files: Record<string, string> = {
      '.gitignore': 'node_modules/\n',
      'packages/api/.gitignore': 'generated-client/\n',
      'packages/api/src/server.ts': leak,
      'packages/api/generated-client/index.ts': leak,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(repository, file)), { recursive: true });
      writeFileSync(path.join(repository, file), text);
    }
    git(repository, 'init', '--quiet');
    git(repository, 'add', '.gitignore', 'packages/api/.gitignore');
    const results = scanJson(['.'], repository);

    expect(results.map((result) => relativePosix(repository, result.filePath))).toEqual(['packages/api/src/server.ts']);
  });

  it('scans a folder that is named explicitly even where a scan would skip it', () => {
    const project = createProject();
    const results = scanJson([path.join('app', 'dist')], project);

    expect(results.map((result) => relativePosix(project, result.filePath))).toEqual(['app/dist/server.js']);
    expect(results[0]?.messages.map((message) => message.ruleId)).toContain('leaks/no-leaked-timer');
  });

  it('never reads the project ESLint config', () => {
    const project = createProject();
    writeFileSync(path.join(project, 'eslint.config.js'), 'throw new Error("the project config was loaded");\n');
    writeFileSync(path.join(project, 'app', 'eslint.config.js'), 'throw new Error("the project config was loaded");\n');
    const run = scan(['app'], project);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });
});

describe('type-aware scans', () => {
  it('lints with the nearest tsconfig.json and lints files outside it without types', () => {
    const project = createTempFolder();
    cpSync(path.join(FIXTURES, 'service'), project, { recursive: true });
    mkdirSync(path.join(project, 'scripts'));
    writeFileSync(path.join(project, 'scripts', 'warm-cache.ts'), 'export const warmCache = async (keys: string[]) => keys.length;\n');
    const run = scan(['--type-aware', '.'], project);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    for (const ruleId of SERVICE_RULES) expect(run.stdout).toMatch(new RegExp(`^${ruleId} \\(`, "mu"));
    expect(run.stdout).not.toContain('Could not parse');
    expect(run.stdout).toContain('1 file is outside every tsconfig.json and linted without type information.');
    expect(run.stdout).toMatch(/ in 2 of 4 files · /u);
  });

  it('is a configuration error without a tsconfig.json', () => {
    const project = createProject();
    const run = scan(['--type-aware', 'app'], project);

    expectUsageError(run, /^leaks-scan: --type-aware needs a tsconfig\.json in '.+app' or a folder above it\.$/u);
  });
});

describe('usage', () => {
  it('documents every option with an example in --help', () => {
    const run = scan(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npx -p eslint-plugin-leaks leaks-scan \[options\] \[paths\.\.\.\]$/mu);
    const options = [
      ...['--config', '--rule', '--rules-config', '--ignore-pattern', '--format', '--output-file', '--quiet'],
      ...['--max-warnings', '--allow-parse-errors', '--concurrency', '--cache', '--cache-location', '--type-aware', '--help', '--version'],
    ];
    for (const option of options) {
      expect(run.stdout).toContain(option);
      expect(run.stdout).toMatch(new RegExp(`^ +leaks-scan .*${option}`, 'mu'));
    }
  });

  it('prints the version with --version', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

    expect(scan(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([
    [['--frobnicate'], /^leaks-scan: Unknown option '--frobnicate'\. Run 'leaks-scan --help' for usage\.$/u],
    [['--config', 'loose'], /^leaks-scan: Unknown config 'loose': use recommended, strict or all\. .+$/u],
    [['--format', 'xml'], /^leaks-scan: Unknown format 'xml': use pretty, json or sarif\. .+$/u],
    [['--config'], /^leaks-scan: Option '-c, --config <value>' argument missing\. .+$/u],
    [['service', 'no-such-folder'], /^leaks-scan: Path 'no-such-folder' does not exist\.$/u],
    [['empty'], /^leaks-scan: No JavaScript or TypeScript files to scan in empty \(.+\)\.$/u],
  ])('exits 2 with one line for %j', (args, message) => {
    expectUsageError(scan(args), message);
  });

  it('shows no progress when the output is piped', () => {
    const run = scan(['service'], FIXTURES, { CI: '' });

    expect(run.stderr).toBe('');
  });
});

function hasGit(): boolean {
  return spawnSync('git', ['--version']).status === 0;
}

function git(cwd: string, ...args: string[]): void {
  expect(spawnSync('git', args, { cwd }).status).toBe(0);
}

/**
 * A repository (`.git`) whose `app/` holds one real source file and a copy of it everywhere a
 * scan must not look. Built at test time: the repository's own .gitignore keeps dist/ and
 * node_modules/ out of git, so they cannot be committed as fixtures.
 */
function createProject(): string {
  const project = createTempFolder();
  const leak = readFileSync(path.join(FIXTURES, 'service', 'src', 'server.ts'), 'utf8');
  const leakJs = [
    "import { createServer } from 'node:http';",
    'const seen = [];',
    'export const server = createServer((req, res) => {',
    '  seen.push(req.url);',
    "  setInterval(() => res.write('ping'), 1000);",
    '});',
    '',
  ].join('\n');
  const files: Record<string, string> = {
    '.gitignore': '# generated code\ngenerated/\n*.local.ts\n',
    'app/.gitignore': '/tmp-cache/\n',
    'app/src/server.ts': leak,
    'app/src/generated/client.ts': leak,
    'app/src/settings.local.ts': leak,
    'app/tmp-cache/server.ts': leak,
    'app/dist/server.js': leakJs,
    'app/build/server.js': leakJs,
    'app/out/server.js': leakJs,
    'app/coverage/lcov-report/prettify.js': leakJs,
    'app/node_modules/dependency/index.js': leakJs,
    'app/types/server.d.ts': 'export declare const server: unknown;\n',
    'app/public/vendor.min.js': leakJs,
    'app/.next/server/app.js': leakJs,
    'app/.yarn/releases/yarn-4.9.1.cjs': leakJs,
    'app/.pnp.cjs': leakJs,
  };
  mkdirSync(path.join(project, '.git'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), text);
  }
  return project;
}

interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: {
      driver: { name: string; version: string; rules: { id: string; helpUri: string; shortDescription?: { text: string } }[] };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } };
      }[];
      partialFingerprints: Record<string, string>;
    }[];
    invocations?: { executionSuccessful: boolean; toolConfigurationNotifications: unknown[] }[];
  }[];
}
