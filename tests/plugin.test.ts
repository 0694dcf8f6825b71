import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import sourcePlugin from '../index.js';
import { rules } from '../rules/index.js';
import type { LeaksRuleDocs } from '../rules/utils/create-rule.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type RuleId = keyof typeof rules;
const ruleIds = Object.keys(rules) as RuleId[];

function docsOf(id: RuleId): LeaksRuleDocs & { url?: string } {
  const { docs } = rules[id].meta;
  if (!docs) throw new Error(`${id} has no meta.docs`);
  return docs;
}
const REQUIRED_SECTIONS = ['Why it leaks', 'Examples', 'Options', 'When Not To Use It', 'Further Reading'];

function optionNames(id: RuleId): string[] {
  const schema = rules[id].meta.schema;
  const first = Array.isArray(schema) ? (schema[0] as { properties?: Record<string, unknown> } | undefined) : undefined;
  return Object.keys(first?.properties ?? {});
}

function baseNames(folder: string, suffix: string): string[] {
  return readdirSync(path.join(root, folder))
    .filter((file) => file.endsWith(suffix))
    .map((file) => file.slice(0, -suffix.length))
    .sort();
}

describe('registry', () => {
  it('lists every rule file, alphabetically, under its own name', () => {
    const files = baseNames('rules', '.ts').filter((name) => name !== 'index');
    expect(ruleIds).toEqual(files);
    expect(ruleIds).toEqual([...ruleIds].sort());
    for (const [id, rule] of Object.entries(rules)) expect(rule.name).toBe(id);
  });

  it('has a docs page and a test file for every rule, and nothing else', () => {
    expect(baseNames('docs/rules', '.md')).toEqual(ruleIds);
    expect(baseNames('tests/rules', '.test.ts')).toEqual(ruleIds);
  });

  it.each(ruleIds)('%s links to its docs page, which has the template sections in order', (id) => {
    expect(docsOf(id).url).toMatch(new RegExp(`/blob/main/docs/rules/${id}\\.md$`));
    const page = readFileSync(path.join(root, 'docs/rules', `${id}.md`), 'utf8');
    expect(page).toContain('<!-- end auto-generated rule header -->');
    const headings = [...page.matchAll(/^## (.+)$/gm)].map((match) => match[1]?.trim());
    expect(headings.filter((heading) => REQUIRED_SECTIONS.includes(heading ?? ''))).toEqual(REQUIRED_SECTIONS);
  });

  it.each(ruleIds)('%s documents each of its options under its own heading', (id) => {
    const page = readFileSync(path.join(root, 'docs/rules', `${id}.md`), 'utf8');
    for (const option of optionNames(id)) expect(page).toContain(`### \`${option}\``);
  });

  it.each(ruleIds)('%s has a description, a schema and messages that are sentences', (id) => {
    const { meta } = rules[id];
    expect(docsOf(id).description).toMatch(/^(Disallow|Require|Enforce) .+\.$/);
    expect(Array.isArray(meta.schema)).toBe(true);
    for (const message of Object.values(meta.messages)) expect(message).toMatch(/\.$/);
  });
});

describe('configs', () => {
  const recommendedIds = ruleIds.filter((id) => docsOf(id).recommended);

  it('holds exactly the rules marked recommended, at their severity', () => {
    const expected = Object.fromEntries(
      recommendedIds.map((id) => [`leaks/${id}`, docsOf(id).recommended]),
    );
    expect(sourcePlugin.configs.recommended.rules).toEqual(expected);
  });

  it('turns every rule on in strict and all, with the strict options', () => {
    for (const name of ['strict', 'all'] as const) {
      expect(Object.keys(sourcePlugin.configs[name].rules).sort()).toEqual(ruleIds.map((id) => `leaks/${id}`));
    }
    for (const id of ruleIds) {
      const { strictOptions } = docsOf(id);
      const all = sourcePlugin.configs.all.rules[`leaks/${id}` as keyof typeof sourcePlugin.configs.all.rules];
      expect(all).toEqual(strictOptions ? ['error', strictOptions] : 'error');
    }
  });

  it('names each config and carries the plugin under its namespace', () => {
    for (const name of ['recommended', 'strict', 'all'] as const) {
      const config = sourcePlugin.configs[name];
      expect(config.name).toBe(`leaks/${name}`);
      expect(config.plugins?.leaks).toBe(sourcePlugin);
    }
    expect(sourcePlugin.meta).toEqual({
      name: 'eslint-plugin-leaks',
      version: (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version,
      namespace: 'leaks',
    });
  });
});

describe('the built package', () => {
  const SAMPLES: Record<string, string> = {
    'server.ts': [
      "import { createServer, type Socket } from 'node:net';",
      'const connections: Socket[] = [];',
      'export const server = createServer((socket) => { connections.push(socket); });',
    ].join('\n'),
    'view.tsx': 'export function View({ name }: { name: string }) { return <p>{name}</p>; }',
    'job.js': "import { setTimeout as sleep } from 'node:timers/promises';\nexport async function run() { await sleep(1); }",
    'legacy.cjs': "const cache = new Map();\nmodule.exports = function get(key) { return cache.get(key); };",
  };

  async function lintWith(config: 'recommended' | 'strict' | 'all', style: 'direct' | 'extends') {
    // Loaded the way users load it: through the package's `exports`, from dist/.
    // A variable specifier: typecheck must not depend on dist/ existing.
    const packageName = 'eslint-plugin-leaks';
    const { default: leaks } = (await import(packageName)) as { default: typeof sourcePlugin };
    const language = {
      files: ['**/*.{ts,tsx,js,cjs}'],
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    };
    const cjs = { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' as const } };
    const overrideConfig =
      style === 'direct'
        ? [language, cjs, leaks.configs[config]]
        : defineConfig({ ...language, plugins: { leaks }, extends: [`leaks/${config}`] }, cjs);
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig });
    return Promise.all(
      Object.entries(SAMPLES).map(async ([file, code]) => {
        const [result] = await eslint.lintText(code, { filePath: path.join(root, 'smoke', file) });
        return { file, messages: result?.messages ?? [] };
      }),
    );
  }

  it('exists (npm test builds it first)', () => {
    expect(existsSync(path.join(root, 'dist/index.js'))).toBe(true);
    expect(existsSync(path.join(root, 'dist/index.d.ts'))).toBe(true);
  });

  it.each([
    ['recommended', 'direct'],
    ['recommended', 'extends'],
    ['strict', 'direct'],
    ['all', 'extends'],
  ] as const)('lints TS, TSX, JS and CJS with %s (%s) without fatal errors', async (config, style) => {
    for (const { file, messages } of await lintWith(config, style)) {
      expect({ file, fatal: messages.filter((message) => message.fatal) }).toEqual({ file, fatal: [] });
    }
  });

  it('reports the module-level array that grows on every connection', async () => {
    for (const style of ['direct', 'extends'] as const) {
      const results = await lintWith('recommended', style);
      const server = results.find((result) => result.file === 'server.ts');
      expect(server?.messages.map((message) => [message.ruleId, message.line])).toContainEqual([
        'leaks/no-growing-module-collection',
        2,
      ]);
    }
  });
});
