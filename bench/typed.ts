/**
 * The type-aware part of the benchmark: a small generated TypeScript project (in the harness cache directory, outside the
 * repository) and the rule options that switch type information on, found in each rule's schema so new
 * rules join without edits here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Linter } from 'eslint';
import { plugin } from '../scripts/lib/eslint.js';
import { generatePatternFile } from '../scripts/lib/patterns.js';
import { Random } from '../scripts/lib/random.js';

export interface TypedFixture {
  root: string;
  files: { path: string; text: string; lines: number }[];
}

/** `count` files of `lines` lines each, plus a strict tsconfig, regenerated identically every run. */
export function writeTypedFixture(root: string, count = 8, lines = 600): TypedFixture {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: false, noEmit: true, skipLibCheck: true, types: [], lib: ['ES2023'] }, include: ['src'] }, null, 2)}\n`,
  );
  const files = Array.from({ length: count }, (_, index) => {
    const text = `${generatePatternFile(lines, new Random(1000 + index))}\n`;
    const file = path.join(root, 'src', `service-${index}.ts`);
    fs.writeFileSync(file, text);
    return { path: file, text, lines: text.split('\n').length };
  });
  return { root, files };
}

interface SchemaProperty {
  type?: string;
  description?: string;
}

/**
 * The `all` config's rule entries with every boolean option about type information turned on: an
 * option whose name or description speaks of types/type information (`useTypes`, `typeAware`, …),
 * and rules that declare `docs.requiresTypeChecking`. Returns the rules and what was switched on.
 */
export function typeAwareRules(allRules: Linter.RulesRecord): { rules: Linter.RulesRecord; switched: string[] } {
  const rules: Linter.RulesRecord = {};
  const switched: string[] = [];
  for (const [fullId, entry] of Object.entries(allRules)) {
    const id = fullId.slice('leaks/'.length);
    const rule = (plugin.rules as Record<string, { meta?: { schema?: unknown; docs?: { requiresTypeChecking?: boolean } } }>)[id];
    const schema = Array.isArray(rule?.meta?.schema) ? (rule.meta.schema[0] as { properties?: Record<string, SchemaProperty> } | undefined) : undefined;
    const typeOptions = Object.entries(schema?.properties ?? {})
      .filter(([name, property]) => property.type === 'boolean' && /type[-\s]?(aware|info|check|services)|\btypes?\b|program/iu.test(`${name} ${property.description ?? ''}`.replace(/([a-z])([A-Z])/gu, '$1 $2')))
      .map(([name]) => name);
    const [severity, options] = Array.isArray(entry) ? [entry[0], entry[1] as Record<string, unknown> | undefined] : [entry, undefined];
    if (typeOptions.length === 0) {
      rules[fullId] = entry;
      if (rule?.meta?.docs?.requiresTypeChecking) switched.push(`${fullId} (requires type checking)`);
      continue;
    }
    rules[fullId] = [severity, { ...options, ...Object.fromEntries(typeOptions.map((name) => [name, true])) }];
    switched.push(...typeOptions.map((name) => `${fullId}: ${name}`));
  }
  return { rules, switched };
}
