import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// End-to-end: every test spawns the BUILT bin the way `npx leaks-scan` runs it.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'dist/cli/leaks-scan.js');
const FIXTURES = path.join(ROOT, 'tests/fixtures/scan');
const SERVICE_RULES = ['leaks/no-growing-module-collection', 'leaks/no-leaked-listener', 'leaks/no-leaked-timer'];
const DOCS_URL = /^https:\/\/github\.com\/.+\/docs\/rules\/(?<name>[a-z-]+)\.md$/u;
const ANSI = /\u001B\[/u;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const temporaryFolders: string[] = [];

beforeAll(() => {
  // `npm test` builds first (pretest); a direct `vitest run` may find no dist/ yet. tsc still
  // emits when someone's in-progress file has type errors, so only the bin's presence matters.
  if (!existsSync(BIN)) {
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  }
  expect(existsSync(BIN), `${BIN} is missing; run npm run build`).toBe(true);
});

afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

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
  it('lists them without counting them as findings', () => {
    const pretty = scan(['broken']);
    const sarif = JSON.parse(scan(['--format', 'sarif', 'broken']).stdout) as SarifLog;
    const results = scanJson(['broken']);

    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toMatch(
      /^Could not parse 1 file \(listed, not counted as findings\):\n {2}broken\/src\/half-written\.ts:2:\d+ {2}Parsing error: .+$/mu,
    );
    expect(pretty.stdout).toMatch(/^No leaks found in 2 files/mu);
    const fatal = results.flatMap((result) => result.messages).filter((message) => message.fatal);
    expect(fatal).toHaveLength(1);
    expect(sarif.runs[0]?.results).toEqual([]);
    expect(sarif.runs[0]?.invocations?.[0]?.toolConfigurationNotifications).toHaveLength(1);
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
    for (const option of ['--config', '--format', '--type-aware', '--help', '--version']) {
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

function scan(args: readonly string[], cwd = FIXTURES, env: NodeJS.ProcessEnv = {}): Run {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function scanJson(args: readonly string[], cwd = FIXTURES): ESLint.LintResult[] {
  const run = scan(['--format', 'json', ...args], cwd);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as ESLint.LintResult[];
}

function expectUsageError(run: Run, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd()).not.toContain('\n');
  expect(run.stderr.trimEnd()).toMatch(message);
}

function relativePosix(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

function hasGit(): boolean {
  return spawnSync('git', ['--version']).status === 0;
}

function git(cwd: string, ...args: string[]): void {
  expect(spawnSync('git', args, { cwd }).status).toBe(0);
}

function createTempFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'leaks-scan-'));
  temporaryFolders.push(folder);
  return folder;
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
    invocations?: { toolConfigurationNotifications: unknown[] }[];
  }[];
}
