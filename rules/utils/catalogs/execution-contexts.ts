/**
 * Knowledge for the execution-context model (`execution-context.ts`): where test code, one-shot
 * scripts and startup code are. Plain data.
 *
 * Test code runs for the length of one test file: a `SELECT *` there reads a table of four rows,
 * and a `process.on` there lives until the runner moves on. Leak rules skip it unless the user opts in.
 */

/**
 * Where test code lives by convention, as globs relative to ESLint's working directory
 * (`settings.leaks.testFiles` replaces the list). Seeds and fixtures fill a test database once.
 */
export const DEFAULT_TEST_FILES: readonly string[] = [
  // Written out instead of with braces: directory and file-name globs take the matcher's fast paths.
  ...['test', 'spec', 'test-d', 'spec-d', 'e2e-spec', 'e2e', 'integration', 'seed'].map((suffix) => `**/*.${suffix}.*`),
  ...['test', 'tests', 'spec', 'specs', '__tests__', '__mocks__', 'e2e', '__fixtures__', 'fixtures', 'seed', 'seeds', 'seeders'].map(
    (folder) => `**/${folder}/**`,
  ),
];

/**
 * Where one-shot programs live by convention: maintenance scripts and migrations run once and exit,
 * so nothing they hold outlives the run (`settings.leaks.scriptFiles` replaces the list). Rules about
 * per-request growth skip them; rules about loading a whole table do not (backfills are that leak).
 */
export const DEFAULT_SCRIPT_FILES: readonly string[] = ['**/scripts/**', '**/migrations/**', '**/migration/**'];

/**
 * Where job code lives by convention: workers, queue processors and crons run per job, and a job
 * walks data in bulk (an export, a backfill, a fan-out over every tenant), so a whole-table load
 * there reads the table at its full size (`settings.leaks.jobFiles` replaces the list).
 */
export const DEFAULT_JOB_FILES: readonly string[] = [
  'worker', 'workers', 'job', 'jobs', 'queue', 'queues', 'cron', 'crons', 'processor', 'processors', 'consumer', 'consumers',
].map((folder) => `**/${folder}/**`);

/** Modules whose import marks a file as a test file, whatever its name. */
export const TEST_FRAMEWORK_MODULES: readonly string[] = [
  'vitest',
  '@jest/globals',
  'mocha',
  'node:test',
  'ava',
  'tap',
  'uvu',
  '@playwright/test',
  '@nestjs/testing',
  'supertest',
];

/**
 * Functions that register a test or a suite: `describe('name', () => …)`, `it('name', …)`, also
 * through `.only`/`.skip`/`.each(…)`. The name argument (a string) tells them from app functions that
 * happen to share a name (`context(req)`, `test(value)`).
 */
export const TEST_CASE_FUNCTIONS: ReadonlySet<string> = new Set([
  'describe',
  'fdescribe',
  'xdescribe',
  'context',
  'suite',
  'it',
  'fit',
  'xit',
  'test',
  'specify',
  'bench',
]);

/** Hooks of the test runners: a function argument runs around the tests (`beforeEach(async () => …)`). */
export const TEST_HOOK_FUNCTIONS: ReadonlySet<string> = new Set([
  'before',
  'after',
  'beforeAll',
  'afterAll',
  'beforeEach',
  'afterEach',
  'suiteSetup',
  'suiteTeardown',
]);

/**
 * Names of one-time setup functions (`main`, `bootstrap`, `startServer`, `initTelemetry`, `listen`,
 * `connectDatabase`, `registerRoutes`): when the file shows no caller that repeats them, they run
 * once per process, at startup. Framework lifecycle hooks that run once per provider
 * (`onModuleInit`, `onApplicationBootstrap`) are startup code too.
 */
export const SETUP_FUNCTION_NAME =
  /^(?:main|start|bootstrap|boot|init|initiali[sz]e|setup|setUp|install|listen|configure|connect|register|onModuleInit|onApplicationBootstrap)(?:[A-Z0-9_$]|$)/u;
