/**
 * The real-world corpus: npm packages pinned in `../shared/corpus/packages.json`, installed once into a
 * cache directory outside the repository and listed as lintable source files. Shared by the smoke test
 * (`scripts/smoke.ts`) and the benchmark (`bench/run.ts`).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusManifestPath = path.resolve(repoRoot, '../shared/corpus/packages.json');

/** Extensions the corpus lints; `.d.ts`-style declarations and minified bundles are left out. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx'] as const;
const DECLARATION_FILE = /\.d\.[cm]?ts$/u;
const MINIFIED_FILE = /[.-]min\.[cm]?[jt]s$/u;
/** Files above this size are generated bundles or data, not code a person reads (typescript.js is ~9 MB and stays in). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export type Manifest = Record<string, string>;

export interface CorpusFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the corpus `node_modules`, e.g. `pg/lib/client.js`. */
  relativePath: string;
  /** The package it belongs to, e.g. `@redis/client`. */
  packageName: string;
  /** ESLint `sourceType` for this file, from its extension and the nearest package.json `type`. */
  sourceType: 'module' | 'commonjs';
  lines: number;
  bytes: number;
}

export function readManifest(manifestPath = corpusManifestPath): Manifest {
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`Corpus manifest not found at ${manifestPath} (expected ../shared/corpus/packages.json next to the repository).`);
  }
  return JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
}

/** Picks the named packages out of the manifest; unknown names are a usage error. */
export function selectPackages(manifest: Manifest, names: readonly string[] | undefined): Manifest {
  if (!names || names.length === 0) return manifest;
  const unknown = names.filter((name) => !(name in manifest));
  if (unknown.length > 0) {
    throw new Error(`Unknown corpus package(s): ${unknown.join(', ')}. Known: ${Object.keys(manifest).join(', ')}.`);
  }
  return Object.fromEntries(names.map((name) => [name, manifest[name]!]));
}

export function cacheRoot(): string {
  return process.env.LEAKS_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'eslint-plugin-leaks');
}

function hashManifest(manifest: Manifest): string {
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 12);
}

const COMPLETE_MARKER = '.leaks-corpus-complete';

function isInstalled(dir: string, manifest: Manifest): boolean {
  if (!fs.existsSync(path.join(dir, COMPLETE_MARKER))) return false;
  return Object.entries(manifest).every(([name, version]) => installedVersion(dir, name) === version);
}

function installedVersion(dir: string, name: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}

/**
 * Returns the directory (holding `node_modules/`) where `manifest` is installed, installing it first
 * when needed. A full-corpus install is reused for any subset; a subset gets its own smaller cache.
 */
export function ensureCorpus(manifest: Manifest, log: (line: string) => void = console.error): string {
  const root = cacheRoot();
  const full = readManifest();
  const candidates = [path.join(root, `corpus-${hashManifest(full)}`), path.join(root, `corpus-${hashManifest(manifest)}`)];
  for (const dir of candidates) {
    if (isInstalled(dir, manifest)) return dir;
  }
  const dir = candidates[1]!;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'leaks-corpus', private: true, description: 'eslint-plugin-leaks smoke/bench corpus (generated)', dependencies: manifest }, null, 2)}\n`,
  );
  log(`Installing ${Object.keys(manifest).length} corpus package(s) into ${dir} …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  fs.writeFileSync(path.join(dir, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  return dir;
}

export function isLintableSource(fileName: string): boolean {
  if (!SOURCE_EXTENSIONS.some((ext) => fileName.endsWith(ext))) return false;
  return !DECLARATION_FILE.test(fileName) && !MINIFIED_FILE.test(fileName);
}

/** `sourceType` from the extension, else from the `type` of the nearest package.json (Node's own rule). */
export function sourceTypeFor(fileName: string, packageType: string | undefined): 'module' | 'commonjs' {
  if (/\.(?:[m]?ts|tsx)$/u.test(fileName)) return 'module';
  if (/\.c[jt]s$/u.test(fileName)) return 'commonjs';
  if (fileName.endsWith('.mjs')) return 'module';
  return packageType === 'module' ? 'module' : 'commonjs';
}

/** Lists the lintable sources of each package in `manifest`, skipping nested `node_modules`. */
export function listCorpusFiles(corpusDir: string, manifest: Manifest): CorpusFile[] {
  return listSources(path.join(corpusDir, 'node_modules'), Object.keys(manifest));
}

/** Where `../shared/corpus/make-apps.sh` builds the application corpus by default. */
export const defaultAppsDir = path.join(repoRoot, '.cache/corpus-apps');

/**
 * The application corpus (`../shared/corpus/apps.txt`, built by `make-apps.sh`): one folder per
 * service, each listed like a package (`packageName` is the service's folder).
 */
export function listAppFiles(appsDir: string, names?: readonly string[]): CorpusFile[] {
  if (!fs.existsSync(appsDir)) {
    throw new Error(`No application corpus at ${appsDir}: build it with ../shared/corpus/make-apps.sh (see its README).`);
  }
  const apps = fs.readdirSync(appsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const unknown = (names ?? []).filter((name) => !apps.includes(name));
  if (unknown.length > 0) throw new Error(`Unknown app(s): ${unknown.join(', ')}. Known: ${apps.join(', ')}.`);
  return listSources(appsDir, names && names.length > 0 ? names : apps);
}

function listSources(nodeModules: string, packageNames: readonly string[]): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const packageName of [...packageNames].sort()) {
    const packageDir = path.join(nodeModules, packageName);
    walk(packageDir, readPackageType(packageDir) ?? 'commonjs', packageName);
  }
  return files;

  function walk(dir: string, inheritedType: string, packageName: string): void {
    const type = dir === path.join(nodeModules, packageName) ? inheritedType : (readPackageType(dir) ?? inheritedType);
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        walk(full, type, packageName);
      } else if (entry.isFile() && isLintableSource(entry.name)) {
        const stat = fs.statSync(full);
        if (stat.size > MAX_FILE_BYTES) continue;
        const text = fs.readFileSync(full, 'utf8');
        files.push({
          path: full,
          relativePath: path.relative(nodeModules, full).split(path.sep).join('/'),
          packageName,
          sourceType: sourceTypeFor(entry.name, type),
          lines: countLines(text),
          bytes: stat.size,
        });
      }
    }
  }
}

function readPackageType(dir: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { type?: string };
    return pkg.type ?? undefined;
  } catch {
    return undefined;
  }
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
