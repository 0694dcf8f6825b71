import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Installs the packed tarball into a fresh project, as a user would, and lints through the eslint CLI.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const devDependencies = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
}).devDependencies;

const LEAK = [
  "import { createServer, type Socket } from 'node:net';",
  'const connections: Socket[] = [];',
  'export const server = createServer((socket) => { connections.push(socket); });',
  '',
].join('\n');

const CONFIGS = {
  direct: [
    "import tseslint from 'typescript-eslint';",
    "import leaks from 'eslint-plugin-leaks';",
    'export default [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, leaks.configs.recommended];',
  ].join('\n'),
  extends: [
    "import { defineConfig } from 'eslint/config';",
    "import tseslint from 'typescript-eslint';",
    "import leaks from 'eslint-plugin-leaks';",
    'export default defineConfig({',
    '  files: ["**/*.ts"],',
    '  languageOptions: { parser: tseslint.parser },',
    '  plugins: { leaks },',
    '  extends: ["leaks/recommended"],',
    '});',
  ].join('\n'),
};

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the packed tarball in a fresh project', () => {
  let project = '';

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'leaks-pack-'));
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', project], root)) as { filename: string }[];
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(path.join(project, 'server.ts'), LEAK);
    npm(
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        path.join(project, packed[0]!.filename),
        `eslint@${devDependencies.eslint}`,
        `typescript-eslint@${devDependencies['typescript-eslint']}`,
        `typescript@${devDependencies.typescript}`,
      ],
      project,
    );
  }, 240_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it.each(Object.keys(CONFIGS) as (keyof typeof CONFIGS)[])('reports the known leak with the %s config style', (style) => {
    writeFileSync(path.join(project, 'eslint.config.js'), CONFIGS[style]);
    let output = '';
    try {
      output = execFileSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '--format', 'json', 'server.ts'], {
        cwd: project,
        encoding: 'utf8',
      });
    } catch (error) {
      // eslint exits 1 when it reports errors; the JSON is still on stdout.
      output = (error as { stdout: string }).stdout;
    }
    const [result] = JSON.parse(output) as { messages: { ruleId: string | null; line: number }[] }[];
    expect(result?.messages.map((message) => [message.ruleId, message.line])).toContainEqual([
      'leaks/no-growing-module-collection',
      2,
    ]);
  });
});
