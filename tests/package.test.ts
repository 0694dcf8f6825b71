import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Installs the packed tarball into a fresh `npm init -y` project, as a user would, next to the
// packages users install anyway; then runs every config example of the docs there, as written.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const devDependencies = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
}).devDependencies;
const USER_STACK = [
  `eslint@${devDependencies.eslint}`,
  `typescript-eslint@${devDependencies['typescript-eslint']}`,
  `typescript@${devDependencies.typescript}`,
];

// A module-level array that grows on every connection: `no-growing-module-collection`, line 2.
const LEAK_TS = [
  "import { createServer, type Socket } from 'node:net';",
  'const connections: Socket[] = [];',
  'export const server = createServer((socket) => { connections.push(socket); });',
  '',
].join('\n');
const LEAK_JS = [
  "import { createServer } from 'node:net';",
  'const connections = [];',
  'export const server = createServer((socket) => { connections.push(socket); });',
  '',
].join('\n');
// Every example project holds these; an example lists the files it must report (`leaks in …`).
const BASE_SAMPLES = ['server.ts', 'job.js'];
const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: true },
  include: ['**/*.ts'],
});

// ```js blocks preceded by `<!-- test: config, leaks in <files> -->` whose first line names the file.
const MARKED_EXAMPLE = /<!-- test: config, leaks in ([^>]*?) -->\n```js\n\/\/ (eslint\.config\.[cm]?js)\n([\s\S]*?)```/g;
const CONFIG_BLOCK = /```js\n\/\/ (eslint\.config\.[\w.]+)[^\n]*\n([\s\S]*?)```/g;

interface DocExample {
  where: string;
  file: string;
  code: string;
  leaksIn: string[];
}

function markdownFiles(): string[] {
  const docs = readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.join('docs', file));
  return ['README.md', ...docs.sort()];
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function docExamples(): DocExample[] {
  return markdownFiles().flatMap((file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    return [...text.matchAll(MARKED_EXAMPLE)].map((match) => ({
      where: `${file}:${lineOf(text, match.index)}`,
      file: match[2]!,
      code: `// ${match[2]}\n${match[3]}`,
      leaksIn: match[1]!.split(/\s+/).filter(Boolean).sort(),
    }));
  });
}

/** Blocks that import the plugin into a named eslint.config file but are not run by this test. */
function unmarkedConfigs(): string[] {
  return markdownFiles().flatMap((file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    return [...text.matchAll(CONFIG_BLOCK)]
      .filter((match) => /\b(?:import|require\()/.test(match[2]!))
      .filter((match) => !/<!-- test: config, leaks in [^>]*-->\n$/.test(text.slice(0, match.index)))
      .map((match) => `${file}:${lineOf(text, match.index)}`);
  });
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function install(project: string, specs: string[]): void {
  npm(['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...specs], project);
}

/** Installed package paths, from npm's hidden lockfile (`node_modules/.package-lock.json`). */
function installedPackages(project: string): string[] {
  const lock = JSON.parse(readFileSync(path.join(project, 'node_modules/.package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  return Object.keys(lock.packages).filter((key) => key !== '');
}

function bytesUnder(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full);
    else total += lstatSync(full).size;
  }
  return total;
}

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[];
}

function eslintJson(cwd: string, project: string): LintResult[] {
  const eslintBin = path.join(project, 'node_modules/eslint/bin/eslint.js');
  try {
    return JSON.parse(execFileSync(process.execPath, [eslintBin, '--format', 'json', '.'], { cwd, encoding: 'utf8' })) as LintResult[];
  } catch (error) {
    // eslint exits 1 when it reports errors; the JSON is still on stdout. Exit 2 is a crash.
    const { status, stdout, stderr } = error as { status: number; stdout: string; stderr: string };
    if (status !== 1) throw new Error(`eslint exited with ${status}:\n${stderr}`);
    return JSON.parse(stdout) as LintResult[];
  }
}

describe('the packed tarball in a fresh project', () => {
  let project = '';
  const footprint = { packages: 0, bytes: 0 };

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'leaks-pack-'));
    // What `npm init -y` writes (npm 11: `"type": "commonjs"`), so the examples meet a default package.
    npm(['init', '-y'], project);
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', project], root)) as { filename: string }[];
    install(project, USER_STACK);
    const before = { packages: installedPackages(project).length, bytes: bytesUnder(path.join(project, 'node_modules')) };
    install(project, [path.join(project, packed[0]!.filename)]);
    footprint.packages = installedPackages(project).length - before.packages;
    footprint.bytes = bytesUnder(path.join(project, 'node_modules')) - before.bytes;
  }, 300_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('installs beside eslint with exactly one eslint in the tree', () => {
    expect(installedPackages(project).filter((key) => key.endsWith('node_modules/eslint'))).toEqual(['node_modules/eslint']);
  });

  it('adds what the README says on top of eslint, typescript-eslint and typescript', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const stated = /`npm install eslint-plugin-leaks` adds (\d+) packages? and ([\d.]+) MB/.exec(readme);
    expect(stated, 'README.md states the footprint').not.toBeNull();
    const megabytes = footprint.bytes / 1e6;
    expect(footprint.packages, `measured ${footprint.packages} package(s)`).toBe(Number(stated![1]));
    // Docs and code change size a little from commit to commit; a README figure off by more is stale.
    expect(Math.abs(megabytes - Number(stated![2])), `measured ${megabytes.toFixed(2)} MB`).toBeLessThanOrEqual(0.2);
    // The margin a change must not cross without a second look, whatever the README says.
    expect(footprint.packages).toBeLessThanOrEqual(3);
    expect(megabytes).toBeLessThan(2);
  });

  it('is the plugin itself when a CommonJS file requires it', () => {
    const script = [
      "const plugin = require('eslint-plugin-leaks');",
      'console.log(JSON.stringify({',
      '  name: plugin.meta && plugin.meta.name,',
      "  hasDefault: 'default' in plugin,",
      '  configs: Object.keys(plugin.configs || {}),',
      '  rules: Object.keys(plugin.rules || {}).length,',
      '}));',
    ].join('\n');
    writeFileSync(path.join(project, 'load.cjs'), script);
    const loaded = JSON.parse(execFileSync(process.execPath, ['load.cjs'], { cwd: project, encoding: 'utf8' })) as {
      name: string;
      hasDefault: boolean;
      configs: string[];
      rules: number;
    };
    expect(loaded).toEqual({ name: 'eslint-plugin-leaks', hasDefault: false, configs: ['recommended', 'strict', 'all'], rules: 7 });
  });

  it('runs every complete config example of the docs (none is left unmarked)', () => {
    expect(unmarkedConfigs()).toEqual([]);
    expect(docExamples().length).toBeGreaterThanOrEqual(5);
  });

  it.each(docExamples().map((example) => [example.where, example] as const))(
    'the example at %s runs as written and reports the leaks',
    (_where, example) => {
      const folder = mkdtempSync(path.join(project, 'example-'));
      writeFileSync(path.join(folder, example.file), example.code);
      writeFileSync(path.join(folder, 'tsconfig.json'), TSCONFIG);
      for (const sample of new Set([...BASE_SAMPLES, ...example.leaksIn])) {
        mkdirSync(path.dirname(path.join(folder, sample)), { recursive: true });
        writeFileSync(path.join(folder, sample), sample.endsWith('.ts') ? LEAK_TS : LEAK_JS);
      }
      const results = eslintJson(folder, project);
      const problems = results.flatMap((result) =>
        result.messages
          .filter((message) => message.fatal || message.ruleId === null)
          .map((message) => `${path.relative(folder, result.filePath)}:${message.line} ${message.message}`),
      );
      expect(problems).toEqual([]);
      const reported = results
        .filter((result) => result.messages.some((message) => message.ruleId === 'leaks/no-growing-module-collection' && message.line === 2))
        .map((result) => path.relative(folder, result.filePath).split(path.sep).join('/'))
        .sort();
      expect(reported).toEqual(example.leaksIn);
    },
  );
});
