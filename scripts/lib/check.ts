/**
 * The fuzzer's oracle: lint one program with every rule under several setups, apply each fix and
 * suggestion one by one, and report the first thing that goes wrong (a rule throws, a fix or
 * suggestion leaves code that does not parse, a rule throws on a fixed output).
 */
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { NODE_GLOBALS, configRules, plugin, type SourceType } from './eslint.js';
import { applyEdit, brokenOutputReason, espreeParseError, tsParseError } from './fixes.js';

export type FailureKind = 'crash' | 'unparseable-output' | 'crash-on-output';

export interface Failure {
  kind: FailureKind;
  ruleId: string;
  /** Which parser/options setup: `typescript-eslint + configs.all`, … */
  setup: string;
  detail: string;
}

export function failureSignature(failure: Failure): string {
  return `${failure.kind}|${failure.ruleId}|${failure.setup}`;
}

interface Setup {
  name: string;
  config: (sourceType: SourceType) => Linter.Config[];
  /** Only JS files that espree can parse go through the espree setup. */
  applies: (code: string, filename: string, sourceType: SourceType) => boolean;
}

const FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}', '**/*'];
const JS_FILE = /\.[cm]?jsx?$/u;

/** The plugin under test; tests of the harness pass a fake one. */
export interface PluginUnderTest {
  plugin: { rules?: Record<string, unknown> };
  /** The `all` config's rule entries (`leaks/<id>`). */
  allRules: Linter.RulesRecord;
}

function baseConfig(target: PluginUnderTest, sourceType: SourceType, rules: Linter.RulesRecord, parser?: Linter.Parser): Linter.Config[] {
  return [
    {
      files: FILES,
      plugins: { leaks: target.plugin as never },
      languageOptions: { ...(parser ? { parser } : {}), ecmaVersion: 'latest', sourceType, globals: NODE_GLOBALS },
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      rules,
    },
  ];
}

/** Every rule at `error` with its default options (what `recommended` users get, for every rule). */
function defaultOptionRules(target: PluginUnderTest): Linter.RulesRecord {
  return Object.fromEntries(Object.keys(target.plugin.rules ?? {}).map((id) => [`leaks/${id}`, 'error' as const]));
}

function createSetups(target: PluginUnderTest): Setup[] {
  const defaults = defaultOptionRules(target);
  return [
    { name: 'typescript-eslint parser, configs.all', config: (sourceType) => baseConfig(target, sourceType, target.allRules, tsParser), applies: () => true },
    { name: 'typescript-eslint parser, default options', config: (sourceType) => baseConfig(target, sourceType, defaults, tsParser), applies: () => true },
    {
      name: 'espree (ESLint default parser), configs.all',
      config: (sourceType) => baseConfig(target, sourceType, target.allRules),
      applies: (code, filename, sourceType) => JS_FILE.test(filename) && !espreeParseError(code, filename, sourceType),
    },
  ];
}

export class ProgramChecker {
  readonly #linter = new Linter({ configType: 'flat', cwd: '/fuzz' });
  readonly #setups: Setup[];
  readonly #target: PluginUnderTest;
  /** Number of fixes and suggestions applied and checked so far. */
  editsChecked = 0;
  /** Reports per rule under the first setup: shows that the generated programs reach every rule. */
  readonly reportsByRule = new Map<string, number>();

  constructor(target: PluginUnderTest = { plugin, allRules: configRules('all') }) {
    this.#target = target;
    this.#setups = createSetups(target);
  }

  /** Whether the harness itself can parse the program (programs that don't are skipped, not failures). */
  parses(code: string, filename: string, sourceType: SourceType): boolean {
    return tsParseError(code, filename, sourceType) === undefined;
  }

  /** `ruleOptions`: a test case's options for its rule, linted as one more setup. */
  check(code: string, filename: string, sourceType: SourceType, ruleOptions?: { ruleId: string; options: unknown[] }): Failure | undefined {
    for (const setup of this.#setups) {
      if (!setup.applies(code, filename, sourceType)) continue;
      const failure = this.#checkSetup(setup, code, filename, sourceType);
      if (failure) return failure;
    }
    if (ruleOptions && ruleOptions.ruleId in this.#target.allRules) {
      const rules: Linter.RulesRecord = { [ruleOptions.ruleId]: ['error', ...ruleOptions.options] };
      const setup: Setup = { name: `typescript-eslint parser, ${ruleOptions.ruleId} with ${JSON.stringify(ruleOptions.options)}`, config: (type) => baseConfig(this.#target, type, rules, tsParser), applies: () => true };
      return this.#checkSetup(setup, code, filename, sourceType);
    }
    return undefined;
  }

  #checkSetup(setup: Setup, code: string, filename: string, sourceType: SourceType): Failure | undefined {
    const config = setup.config(sourceType);
    const linted = this.#verify(config, code, filename, setup.name, 'crash');
    if ('failure' in linted) return linted.failure;
    if (setup === this.#setups[0]) {
      for (const message of linted.messages) this.reportsByRule.set(message.ruleId!, (this.reportsByRule.get(message.ruleId!) ?? 0) + 1);
    }
    for (const message of linted.messages) {
      const edits = [...(message.fix ? [{ label: 'fix', edit: message.fix }] : []), ...(message.suggestions ?? []).map((suggestion) => ({ label: `suggestion ${suggestion.messageId ?? suggestion.desc}`, edit: suggestion.fix }))];
      for (const { label, edit } of edits) {
        this.editsChecked++;
        const output = applyEdit(code, edit);
        const reason = brokenOutputReason(code, output, filename, sourceType);
        const where = `${message.ruleId} ${label} at ${message.line}:${message.column}`;
        if (reason) return { kind: 'unparseable-output', ruleId: message.ruleId ?? '(unknown)', setup: setup.name, detail: `${where} gives code that does not parse: ${reason}\n--- output ---\n${output}` };
        const relinted = this.#verify(config, output, filename, setup.name, 'crash-on-output');
        if ('failure' in relinted) return { ...relinted.failure, detail: `after applying ${where}: ${relinted.failure.detail}` };
      }
    }
    if (linted.messages.some((message) => message.fix)) return this.#checkFixAll(config, code, filename, sourceType, setup.name);
    return undefined;
  }

  /** All fixes together, the way `eslint --fix` applies them (several passes). */
  #checkFixAll(config: Linter.Config[], code: string, filename: string, sourceType: SourceType, setupName: string): Failure | undefined {
    let report;
    try {
      report = this.#linter.verifyAndFix(code, config, { filename });
    } catch (error) {
      return crashFailure(error, setupName, 'crash-on-output');
    }
    const reason = brokenOutputReason(code, report.output, filename, sourceType);
    return reason ? { kind: 'unparseable-output', ruleId: '(all fixes)', setup: setupName, detail: `eslint --fix output does not parse: ${reason}\n--- output ---\n${report.output}` } : undefined;
  }

  #verify(config: Linter.Config[], code: string, filename: string, setupName: string, kind: FailureKind): { messages: Linter.LintMessage[] } | { failure: Failure } {
    let messages: Linter.LintMessage[];
    try {
      messages = this.#linter.verify(code, config, { filename });
    } catch (error) {
      return { failure: crashFailure(error, setupName, kind) };
    }
    const ruleFatal = messages.find((message) => message.fatal && message.ruleId);
    if (ruleFatal) return { failure: { kind, ruleId: ruleFatal.ruleId!, setup: setupName, detail: ruleFatal.message } };
    return { messages: messages.filter((message) => message.ruleId !== null) };
  }
}

function crashFailure(error: unknown, setup: string, kind: FailureKind): Failure {
  const ruleId = (error as { ruleId?: string } | null)?.ruleId ?? '(ESLint)';
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { kind, ruleId, setup, detail };
}
