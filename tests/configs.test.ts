import { ESLint, type Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import json from '@eslint/json';
import markdown from '@eslint/markdown';
import tsParser from '@typescript-eslint/parser';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import leaks from '../index.js';

// The plugin's configs in a project that lints more than JavaScript: ESLint applies a config object
// without `files` to every linted file, JSON and Markdown included, and our rules cannot read their ASTs.
const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixture-project');
const CONFIG_NAMES = ['recommended', 'strict', 'all'] as const;

const FILES: Record<string, string> = {
  'src/server.ts': [
    "import { createServer, type Socket } from 'node:net';",
    'const connections: Socket[] = [];',
    'export const server = createServer((socket) => { connections.push(socket); });',
    '',
  ].join('\n'),
  'other/server.ts': [
    "import { createServer, type Socket } from 'node:net';",
    'const connections: Socket[] = [];',
    'export const server = createServer((socket) => { connections.push(socket); });',
    '',
  ].join('\n'),
  'src/settings.json': '{ "port": 8080, "port": 8081 }\n',
  'README.md': '# Service\n\n### Setup\n\nRun it.\n',
};

const typescript: Linter.Config = { files: ['**/*.ts'], languageOptions: { parser: tsParser } };
const otherLanguages = defineConfig(
  { files: ['**/*.json'], plugins: { json }, language: 'json/json', extends: ['json/recommended'] },
  { files: ['**/*.md'], plugins: { markdown }, language: 'markdown/commonmark', extends: ['markdown/recommended'] },
);

async function lint(overrideConfig: Linter.Config[]): Promise<Record<string, [string | null, number][]>> {
  const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig });
  const found: Record<string, [string | null, number][]> = {};
  for (const [file, code] of Object.entries(FILES)) {
    const [result] = await eslint.lintText(code, { filePath: path.join(project, file) });
    found[file] = (result?.messages ?? []).map((message) => [message.ruleId, message.line]);
  }
  return found;
}

describe('configs beside other languages', () => {
  it.each(CONFIG_NAMES)('%s applies to the JavaScript and TypeScript extensions only', (name) => {
    expect(leaks.configs[name].files).toEqual(['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}']);
  });

  it.each(CONFIG_NAMES)('%s lints a TS file beside JSON and Markdown files (@eslint/json, @eslint/markdown)', async (name) => {
    const found = await lint([typescript, leaks.configs[name], ...otherLanguages]);
    expect(found['src/server.ts']).toContainEqual(['leaks/no-growing-module-collection', 2]);
    expect(found['src/settings.json']).toEqual([['json/no-duplicate-keys', 1]]);
    expect(found['README.md']).toEqual([['markdown/heading-increment', 3]]);
  });

  it("keeps the user's files under defineConfig({ files, extends }): ESLint intersects the two", async () => {
    // `src/**` also matches src/settings.json: only the intersection keeps the rules off it.
    const found = await lint([
      typescript,
      ...defineConfig({ files: ['src/**'], plugins: { leaks }, extends: ['leaks/recommended'] }),
      ...otherLanguages,
    ]);
    expect(found['src/server.ts']).toContainEqual(['leaks/no-growing-module-collection', 2]);
    expect(found['other/server.ts']?.filter(([ruleId]) => ruleId?.startsWith('leaks/'))).toEqual([]);
    expect(found['src/settings.json']).toEqual([['json/no-duplicate-keys', 1]]);
  });
});
