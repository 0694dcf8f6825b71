/**
 * Fuzzer for the rules and their fixes: random programs from eslump (the generator ESLint fuzzes
 * itself with), programs dense with the patterns the rules read, and mutations of every rule test
 * case, doc example and example-service file. Each program is linted with every rule under
 * typescript-eslint's parser (configs.all and default options) and espree, and every fix and
 * suggestion is applied one by one and the output reparsed and relinted.
 *
 *   npx tsx scripts/fuzz.ts [--seed <n>] [--count <n>] [--start <index>] [--ci] [--only <index>] [--max-failures <n>]
 *
 * `--start` runs programs start..start+count-1 of the seed's sequence, so a long run can be split
 * into chunks (in parallel or over time) that together equal one run.
 *
 * A failure prints a shrunk reproduction and the command replaying that one program.
 * Exit codes: 0 no failure, 1 failures, 2 usage error. See docs/quality-harness.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ProgramChecker, failureSignature, type Failure } from './lib/check.js';
import { repoRoot } from './lib/corpus.js';
import { allRuleIds } from './lib/eslint.js';
import { eslumpProgram, mutate, patternProgram, seedProgram, type Program } from './lib/mutate.js';
import { Random, programSeed } from './lib/random.js';
import { formatDuration } from './lib/report.js';
import { collectSeeds, type SeedProgram } from './lib/seeds.js';
import { shrinkProgram } from './lib/shrink.js';

const CI_SEED = 20_261_121;
const CI_COUNT = 1000;
const FULL_COUNT = 10_000;

interface Options {
  seed: number;
  count: number;
  start: number;
  maxFailures: number;
  reportPath: string;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      count: { type: 'string' },
      only: { type: 'string' },
      start: { type: 'string' },
      ci: { type: 'boolean', default: false },
      'max-failures': { type: 'string', default: '5' },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]);
    process.exit(0);
  }
  const integer = (value: string | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer, got '${value}'.`);
    return parsed;
  };
  const seed = integer(values.seed, 'seed', values.ci ? CI_SEED : Math.floor(Math.random() * 2 ** 31));
  const only = values.only === undefined ? undefined : integer(values.only, 'only', 0);
  return {
    seed,
    start: only ?? integer(values.start, 'start', 0),
    count: only === undefined ? integer(values.count, 'count', values.ci ? CI_COUNT : FULL_COUNT) : 1,
    maxFailures: integer(values['max-failures'], 'max-failures', 5),
    reportPath: path.resolve(repoRoot, values.report ?? 'reports/fuzz.md'),
  };
}

/** Program `index` of a run: everything random about it comes from its own seed. */
function makeProgram(random: Random, seeds: readonly SeedProgram[]): Program {
  const roll = random.next();
  if (roll < 0.2) return mutate(eslumpProgram(random), random, random.int(0, 1), { seeds });
  if (roll < 0.4 || seeds.length === 0) return mutate(patternProgram(random), random, random.int(0, 2), { seeds });
  return mutate(seedProgram(random.pick(seeds)), random, random.int(1, 3), { seeds });
}

interface Recorded {
  index: number;
  failure: Failure;
  program: Program;
  reproduction: string;
}

function main(): number {
  let options: Options;
  try {
    options = parseOptions();
  } catch (error) {
    console.error(`fuzz: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const started = performance.now();
  const seeds = collectSeeds(repoRoot);
  const checker = new ProgramChecker();
  console.error(`fuzz: seed ${options.seed}, programs ${options.start}..${options.start + options.count - 1}, ${seeds.length} seed programs from tests, docs and examples`);

  const seen = new Set<string>();
  const recorded: Recorded[] = [];
  let linted = 0;
  let skipped = 0;
  let failures = 0;
  let lastProgress = performance.now();

  for (let index = options.start; index < options.start + options.count; index++) {
    const program = makeProgram(new Random(programSeed(options.seed, index)), seeds);
    if (!checker.parses(program.code, program.filename, program.sourceType)) {
      skipped++;
      continue;
    }
    linted++;
    const failure = checker.check(program.code, program.filename, program.sourceType, program.ruleOptions);
    if (failure) {
      failures++;
      const signature = failureSignature(failure);
      if (!seen.has(signature)) {
        seen.add(signature);
        const entry = reproduce(index, failure, program, checker, options.seed);
        recorded.push(entry);
        console.log(entry.reproduction);
      }
      if (seen.size >= options.maxFailures) {
        console.error(`fuzz: stopping after ${seen.size} distinct failures (--max-failures).`);
        break;
      }
    }
    if (performance.now() - lastProgress > 10_000) {
      lastProgress = performance.now();
      console.error(`fuzz: ${index + 1 - options.start}/${options.count} programs, ${failures} failing`);
    }
  }

  const elapsed = performance.now() - started;
  const summary = `fuzz: seed ${options.seed}, ${linted} programs linted (${skipped} generated programs unparseable by the parser, skipped), ${checker.editsChecked} fixes/suggestions applied and reparsed, ${failures} failing program(s), ${seen.size} distinct failure(s), ${formatDuration(elapsed)}`;
  console.log(summary);
  console.log(`fuzz: reports per rule (typescript-eslint parser, configs.all): ${allRuleIds().map((id) => `${id} ${checker.reportsByRule.get(id) ?? 0}`).join(', ')}`);
  if (recorded.length > 0) {
    fs.mkdirSync(path.dirname(options.reportPath), { recursive: true });
    fs.writeFileSync(options.reportPath, `# Fuzz failures\n\n${summary}\n\n${recorded.map((entry) => entry.reproduction).join('\n\n')}\n`);
    console.log(`fuzz: reproductions written to ${path.relative(process.cwd(), options.reportPath)}`);
  }
  console.log(failures > 0 ? 'fuzz: FAILED' : 'fuzz: OK');
  return failures > 0 ? 1 : 0;
}

function reproduce(index: number, failure: Failure, program: Program, checker: ProgramChecker, seed: number): Recorded {
  const signature = failureSignature(failure);
  const stillFails = (code: string): boolean => {
    if (!checker.parses(code, program.filename, program.sourceType)) return false;
    const again = checker.check(code, program.filename, program.sourceType, program.ruleOptions);
    return again !== undefined && failureSignature(again) === signature;
  };
  const { code } = shrinkProgram(program.code, program.filename, stillFails);
  const final = checker.check(code, program.filename, program.sourceType, program.ruleOptions) ?? failure;
  const detail = final.detail.split('\n').slice(0, 25).join('\n');
  const reproduction = [
    `## FAIL program #${index}: ${failure.kind} in ${failure.ruleId}`,
    '',
    `- setup: ${failure.setup}`,
    `- file: \`${program.filename}\` (sourceType ${program.sourceType})`,
    `- made by: ${program.recipe.join(' → ')}`,
    `- replay: \`npx tsx scripts/fuzz.ts --seed ${seed} --only ${index}\``,
    '',
    'Minimal reproduction:',
    '',
    '```ts',
    code,
    '```',
    '',
    '```text',
    detail,
    '```',
  ].join('\n');
  return { index, failure, program, reproduction };
}

process.exitCode = main();
