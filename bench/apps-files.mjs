// The lintable sources of the application corpus (.cache/corpus-apps, or APPS_DIR), sorted, for the
// plain-node probes in bench/ (the TypeScript harnesses use scripts/lib/corpus.ts).
import fs from 'node:fs';
import path from 'node:path';

export const appsRoot = path.resolve(process.env.APPS_DIR ?? '.cache/corpus-apps');

export function listAppsFiles(root = appsRoot) {
  const files = [];
  (function walk(dir) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(?:ts|js|mjs|cjs)$/u.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(file);
    }
  })(root);
  return files.sort();
}
