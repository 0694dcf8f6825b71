import { readFileSync } from 'node:fs';
import { Linter } from 'eslint';
import plugin from '../index.js';
import { UsageError } from './arguments.js';

/**
 * The rules the user sets over the chosen config: the `--rules-config` file first, then every
 * `--rule` in order, so the command line wins as in ESLint's CLI. Each source is checked on its
 * own, so a mistake is reported with the option or file that made it.
 */
export function readRuleOverrides(ruleTexts: readonly string[], rulesConfigFile: string | undefined): Linter.RulesRecord {
  const fromFile = rulesConfigFile === undefined ? {} : readRulesConfigFile(rulesConfigFile);
  const fromOptions = ruleTexts.map((text) => checkRules(parseRuleOption(text), `--rule '${text}'`));
  return Object.assign({}, fromFile, ...fromOptions) as Linter.RulesRecord;
}

function parseRuleOption(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Option --rule '${text}' is not valid JSON: ${reasonOf(error)}`);
  }
}

function readRulesConfigFile(file: string): Linter.RulesRecord {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the rules config '${file}': ${reasonOf(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The rules config '${file}' is not valid JSON: ${reasonOf(error)}`);
  }
  if (!isPlainObject(parsed) || !isPlainObject(parsed.rules) || Object.keys(parsed).some((key) => key !== 'rules')) {
    throw new UsageError(`The rules config '${file}' must be a JSON object with one key, "rules", holding an object of rules.`);
  }
  return checkRules(parsed.rules, `The rules config '${file}'`);
}

function checkRules(rules: unknown, source: string): Linter.RulesRecord {
  const label = source.startsWith('--') ? `Option ${source}` : source;
  if (!isPlainObject(rules)) throw new UsageError(`${label} must be a JSON object of rules, like {"leaks/no-leaked-timer": "off"}.`);
  for (const ruleId of Object.keys(rules)) {
    if (!isPluginRule(ruleId)) {
      throw new UsageError(`${label} names the unknown rule '${ruleId}': only the leaks/* rules of this plugin can be set.`);
    }
  }
  validateWithESLint(rules as Linter.RulesRecord, label);
  return rules as Linter.RulesRecord;
}

/**
 * ESLint checks severities and options against each rule's schema when a config is used; linting
 * an empty text with the rules alone runs that check now, before any file is read.
 */
function validateWithESLint(rules: Linter.RulesRecord, label: string): void {
  try {
    new Linter({ configType: 'flat' }).verify('', [{ plugins: { leaks: plugin }, rules }]);
  } catch (error) {
    const reason = reasonOf(error).replace(/^Config \(unnamed\): /u, '').replace(/\s*\n\s*/gu, ' ').trim();
    throw new UsageError(`${label} is not a valid rule setting: ${reason}`);
  }
}

function isPluginRule(ruleId: string): boolean {
  return ruleId.startsWith('leaks/') && Object.hasOwn(plugin.rules, ruleId.slice('leaks/'.length));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.endsWith('.') ? message : `${message}.`;
}
