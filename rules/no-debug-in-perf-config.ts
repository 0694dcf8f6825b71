import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipTypeWrappers } from './utils/ast.js';
import { CONFIG_FILES, type DebugFlag, type LibraryFlag, type ProcessLauncher } from './utils/catalogs/debug-flags.js';
import { createRule } from './utils/create-rule.js';
import { getDebugFlagLookup, type CalleeInfo, type DebugFlagLookup, type FlagOption } from './utils/debug-flag-lookup.js';
import { enablesOnlyOwnLoggers, isListItem, isOnInPerf, staticValue, type FlagValueScope } from './utils/debug-flag-values.js';
import { toPosixPath } from './utils/globs.js';
import { importsAnyModule, iterateModuleReferences } from './utils/imports.js';
import { memoizeByOptions } from './utils/memo.js';
import { objectListOption, stringListOption } from './utils/option-schemas.js';
import { checkGlobOption } from './utils/options.js';
import { exportedObjects, findProperty, isOptionsObject, isPlainArgument, resolveObject, type OptionsObjectScope } from './utils/options-objects.js';
import {
  createPerfContext,
  DEFAULT_PERF_ENV_NAMES,
  DEFAULT_PERF_FILES,
  isPerfPath,
  perfNameSelector,
  type PerfContext,
  type PerfContextOptions,
} from './utils/perf-context.js';
import { resolveVariable } from './utils/scope.js';

// Re-exported: the plugin's declaration files name the `flags` option type through this module.
export type { FlagOption } from './utils/debug-flag-lookup.js';

type Options = [
  {
    perfFiles?: string[];
    perfEnvNames?: string[];
    flags?: FlagOption[];
  },
];
type MessageIds = 'debugFlag' | 'defaultQueryLogging' | 'disableFlag' | 'addLoggingFalse';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type FlagCall = TSESTree.CallExpression | TSESTree.NewExpression;
type PerfMarker = TSESTree.Literal | TSESTree.Property | TSESTree.MemberExpression;

/** What the walk collects for the decision on exit: the one per-file state. */
interface Collected {
  /** Nodes carrying a perf name: each may open a perf branch. */
  perfMarkers: PerfMarker[];
  genericCandidates: TSESTree.Property[];
  envAssignments: TSESTree.AssignmentExpression[];
  genericAssignments: TSESTree.AssignmentExpression[];
  envAssigns: TSESTree.CallExpression[];
}

/** What the checks of one file share, built on exit only in perf files or files with a perf branch. */
interface FileCheck extends FlagValueScope, OptionsObjectScope {
  readonly context: Context;
  readonly perf: PerfContext;
  readonly lookup: DebugFlagLookup;
  /** Nodes already reported: a flag can be reached through more than one check. */
  readonly reported: Set<TSESTree.Node>;
}

export default createRule<Options, MessageIds>({
  name: 'no-debug-in-perf-config',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow debug mode and query logging in benchmark, perf and load-test configuration.',
      checkTestCode: true,
      recommended: 'error',
    },
    hasSuggestions: true,
    messages: {
      debugFlag:
        '{{subject}} is on where performance is measured: it {{effect}}, so the numbers measure that overhead instead of the service.',
      defaultQueryLogging:
        "{{library}} logs every SQL statement to the console unless '{{flag}}: false' is set, and this instance is created where performance is measured, so the numbers measure console output instead of the service.",
      disableFlag: "Set '{{flag}}' to {{replacement}}.",
      addLoggingFalse: "Add '{{flag}}: false' to the options.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          perfFiles: stringListOption('Globs of files that hold benchmark, perf and load-test code. Replaces the defaults.'),
          perfEnvNames: {
            type: 'array',
            items: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
            uniqueItems: true,
            description: 'Environment names (NODE_ENV values, config keys) that mean a perf run. Replaces the defaults.',
          },
          flags: objectListOption(
            'Extra catalog entries: library options, environment variables or generic options that switch on debug output.',
            ['library', 'property', 'effect'],
            {
              library: { type: 'string', minLength: 1, description: 'Library name shown in the message.' },
              property: { type: 'string', pattern: '^[\\w$-]+$', description: 'Option or environment variable name.' },
              effect: {
                type: 'string',
                minLength: 1,
                description: 'What the flag does, completing "it …" (for example "logs every query").',
              },
              module: {
                type: 'string',
                minLength: 1,
                description: 'Import source whose calls take the option; omit for a generic option of perf-context objects.',
              },
              callee: {
                type: 'string',
                description: "Dotted export path of the call below the module ('Client', 'Pool.create'); '' is the module itself.",
              },
              construct: { type: 'boolean', description: 'The callee is called with `new`.' },
              setter: { type: 'boolean', description: "Also match the setter form `callee('<property>', value)`." },
              env: { type: 'boolean', description: 'The flag is an environment variable (process.env and child process env).' },
              on: {
                type: 'object',
                additionalProperties: false,
                description: 'Which values count as on; defaults to `true` only.',
                properties: {
                  values: {
                    type: 'array',
                    items: { type: ['string', 'number', 'boolean'] },
                    description: 'Static values that switch the flag on.',
                  },
                  listIncludes: { type: 'string', description: 'A list holding this item (or `{ level: item }`) is on.' },
                  truthy: { type: 'boolean', description: 'Any static truthy value is on.' },
                  functions: { type: 'boolean', description: 'A logging function (callback, console method) is on.' },
                },
              },
              off: { type: 'string', description: 'Source text of the value that turns the flag off, for the suggestion.' },
            },
          ),
        },
      },
    ],
    defaultOptions: [{ perfFiles: [...DEFAULT_PERF_FILES], perfEnvNames: [...DEFAULT_PERF_ENV_NAMES], flags: [] }],
  },
  create(context, [options]) {
    const { perfOptions, lookup, selectors } = getSetup(options);
    // Asked here, not on exit: measured, the same test costs several times more after the walk.
    const isPerfFile = isPerfPath(context, perfOptions.perfFiles);
    // The walk only collects: selectors (ESLint's esquery) hand over the few nodes that matter, and
    // the checks are built on exit, only in perf files or files with a perf branch.
    const collected: Collected = { perfMarkers: [], genericCandidates: [], envAssignments: [], genericAssignments: [], envAssigns: [] };
    return {
      [selectors.perfMarker](node: PerfMarker) {
        collected.perfMarkers.push(node);
      },
      [selectors.genericProperty](node: TSESTree.Property) {
        collected.genericCandidates.push(node);
      },
      [selectors.assignedMember](node: TSESTree.MemberExpression) {
        const object = skipTypeWrappers(node.object);
        const assignment = node.parent as TSESTree.AssignmentExpression;
        if (object.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(object) === 'env') collected.envAssignments.push(assignment);
        else collected.genericAssignments.push(assignment);
      },
      "CallExpression[callee.property.name='assign'][arguments.0.property.name='env']"(node: TSESTree.CallExpression) {
        collected.envAssigns.push(node);
      },
      'Program:exit'() {
        // Outside perf files only perf branches can hold perf code: without a marker, nothing to check.
        if (isPerfFile || collected.perfMarkers.length > 0) checkFile(context, perfOptions, isPerfFile, lookup, collected);
      },
    };
  },
});

/**
 * Everything derived from the options, built once per configuration: the selector strings too,
 * so each file reuses the same keys instead of concatenating (and ESLint re-hashing) them.
 */
const getSetup = memoizeByOptions((options: Options[0]) => {
  const perfOptions: PerfContextOptions = {
    perfFiles: checkGlobOption({ rule: 'no-debug-in-perf-config', option: 'perfFiles' }, options.perfFiles ?? DEFAULT_PERF_FILES),
    perfEnvNames: options.perfEnvNames ?? DEFAULT_PERF_ENV_NAMES,
  };
  const lookup = getDebugFlagLookup(options.flags ?? []);
  const perfNames = perfNameSelector(perfOptions.perfEnvNames);
  const { genericNames, assignedNames } = lookup;
  const selectors = {
    perfMarker: `Literal[value=${perfNames}], Property[key.name=${perfNames}], Property[key.value=${perfNames}], MemberExpression[property.name=${perfNames}]`,
    genericProperty: `Property[key.name=${genericNames}], Property[key.value=${genericNames}]`,
    assignedMember: `AssignmentExpression[operator='='] > MemberExpression.left[property.name=${assignedNames}], AssignmentExpression[operator='='] > MemberExpression.left[property.value=${assignedNames}]`,
  };
  return { perfOptions, lookup, selectors };
});

/** The decision for one file that is perf code or has a perf branch (most files are neither). */
function checkFile(context: Context, perfOptions: PerfContextOptions, isPerfFile: boolean, lookup: DebugFlagLookup, collected: Collected): void {
  const perf = createPerfContext(context, perfOptions, isPerfFile);
  if (!perf.isPerfFile && !collected.perfMarkers.some((node) => perf.opensPerfBranch(node))) return;
  const check: FileCheck = { context, sourceCode: context.sourceCode, perf, lookup, reported: new Set(), optionsObjects: new Map() };
  checkLibraries(check);
  checkConfigFile(check);
  for (const node of collected.envAssignments) checkEnvAssignment(check, node);
  for (const node of collected.envAssigns) checkEnvAssign(check, node);
  for (const property of collected.genericCandidates) checkGeneric(check, property);
  for (const node of collected.genericAssignments) checkGenericAssignment(check, node);
}

/** The calls of the catalog's libraries and of process launchers, through the file's imports. */
function checkLibraries(check: FileCheck): void {
  const { sourceCode, lookup } = check;
  if (!importsAnyModule(sourceCode, lookup.modules)) return;
  for (const { node, info } of iterateModuleReferences(sourceCode, lookup.traceMap)) {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
      checkLibraryCall(check, node, info);
    }
  }
}

function checkLibraryCall(check: FileCheck, call: FlagCall, info: CalleeInfo): void {
  const objects = call.arguments.map((argument) => resolveObject(check.sourceCode, argument)).filter((object) => object !== null);
  for (const flag of info.flags) {
    for (const object of objects) {
      const found = findProperty(object, flag.property);
      if (found !== 'unknown') checkProperty(check, flag, found, call);
    }
    if (flag.defaultOn) checkDefaultOn(check, flag, call, objects);
  }
  for (const flag of info.setterFlags) checkSetter(check, flag, call);
  if (info.launcher) checkLauncher(check, info.launcher, call, objects);
}

function checkProperty(check: FileCheck, flag: DebugFlag, property: TSESTree.Property | null, anchor: TSESTree.Node): void {
  if (!property || property.value.type === AST_NODE_TYPES.AssignmentPattern) return;
  if (!isOnInPerf(check, flag.on, property.value, property, anchor)) return;
  report(check, flag, property, property.value, property);
}

/** `mongoose.set('debug', true)`. */
function checkSetter(check: FileCheck, flag: LibraryFlag, call: FlagCall): void {
  const [name, value] = call.arguments;
  if (!name || !value || value.type === AST_NODE_TYPES.SpreadElement) return;
  if (staticValue(check.sourceCode, name)?.value !== flag.property) return;
  if (!isOnInPerf(check, flag.on, value, call)) return;
  report(check, flag, call, value, null);
}

/** `new Sequelize(url)` logs every query unless its options say `logging: false`. */
function checkDefaultOn(check: FileCheck, flag: LibraryFlag, call: FlagCall, objects: TSESTree.ObjectExpression[]): void {
  if (!check.perf.isInPerfContext(call) || call.arguments.length === 0) return;
  const options = objects.at(-1);
  if (options) {
    if (findProperty(options, flag.property) !== null) return;
  } else if (!call.arguments.every((argument) => isPlainArgument(check, argument, 0))) {
    return; // an argument we cannot see may be the options
  }
  const { context, sourceCode } = check;
  const end = call.callee.range[1];
  context.report({
    loc: { start: call.loc.start, end: sourceCode.getLocFromIndex(end) },
    messageId: 'defaultQueryLogging',
    data: { library: flag.library, flag: flag.property },
    suggest: canAddOptions(call, options)
      ? [
          {
            messageId: 'addLoggingFalse',
            data: { flag: flag.property },
            fix: (fixer) => addOption(sourceCode, fixer, call, options, `${flag.property}: false`),
          },
        ]
      : [],
  });
}

/** `spawn('node', [...], { env: { DEBUG: '*' } })`, `new Worker(file, { env })`, `cluster.fork({ NODE_ENV })`. */
function checkLauncher(check: FileCheck, launcher: ProcessLauncher, call: FlagCall, objects: TSESTree.ObjectExpression[]): void {
  const envObjects =
    launcher.env === 'argument'
      ? objects
      : objects.flatMap((object) => {
          const env = findProperty(object, 'env');
          const resolved = env && env !== 'unknown' ? resolveObject(check.sourceCode, env.value) : null;
          return resolved ? [resolved] : [];
        });
  for (const env of envObjects) checkEnvObject(check, env, call, false);
}

function checkEnvObject(check: FileCheck, env: TSESTree.ObjectExpression, anchor: TSESTree.Node, ownProcess: boolean): void {
  for (const [name, flags] of check.lookup.envFlags) {
    const found = findProperty(env, name);
    if (!found || found === 'unknown') continue;
    for (const flag of flags) {
      if (ownProcess && flag.loggerModule && enablesOnlyOwnLoggers(check.sourceCode, flag.loggerModule, found.value)) continue;
      checkProperty(check, flag, found, anchor);
    }
  }
}

/** `Object.assign(process.env, { DEBUG: '*' })`. */
function checkEnvAssign(check: FileCheck, call: TSESTree.CallExpression): void {
  const { sourceCode, perf } = check;
  const [target, ...sources] = call.arguments;
  const callee = skipTypeWrappers(call.callee);
  if (!target || !perf.isProcessEnv(target) || callee.type !== AST_NODE_TYPES.MemberExpression) return;
  const object = skipTypeWrappers(callee.object);
  if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'Object' || resolveVariable(sourceCode, object)?.defs.length) return;
  for (const source of sources) {
    const env = resolveObject(sourceCode, source);
    if (env) checkEnvObject(check, env, call, true);
  }
}

/** `process.env.DEBUG = 'knex:*'`, `process.env.NODE_ENV = 'development'`. */
function checkEnvAssignment(check: FileCheck, node: TSESTree.AssignmentExpression): void {
  const left = skipTypeWrappers(node.left) as TSESTree.MemberExpression;
  const flags = check.lookup.envFlags.get(getStaticPropertyName(left) ?? '');
  if (!flags || !check.perf.isProcessEnv(left.object)) return;
  for (const flag of flags) {
    if (!isOnInPerf(check, flag.on, node.right, node)) continue;
    if (flag.loggerModule && enablesOnlyOwnLoggers(check.sourceCode, flag.loggerModule, node.right)) continue;
    report(check, flag, node, node.right, null);
  }
}

/** `{ debug: true }` in an options object of perf code. */
function checkGeneric(check: FileCheck, property: TSESTree.Property): void {
  const name = getStaticPropertyName(property) ?? '';
  const flags = check.lookup.genericFlags.get(name);
  const object = property.parent;
  if (!flags || object.type !== AST_NODE_TYPES.ObjectExpression) return;
  // A later spread may switch the flag back off.
  if (findProperty(object, name) !== property) return;
  for (const flag of flags) {
    if (!isOnInPerf(check, flag.on, property.value, property) || !isOptionsObject(check, object)) continue;
    report(check, flag, property, property.value, property);
  }
}

/** `config.debug = true` in perf code. */
function checkGenericAssignment(check: FileCheck, node: TSESTree.AssignmentExpression): void {
  const left = skipTypeWrappers(node.left) as TSESTree.MemberExpression;
  for (const flag of check.lookup.genericFlags.get(getStaticPropertyName(left) ?? '') ?? []) {
    if (isOnInPerf(check, flag.on, node.right, node)) report(check, flag, node, node.right, null);
  }
}

/**
 * A library's configuration file by name (knexfile, ormconfig): the exported object, and each
 * environment's object inside it, is checked like the library constructor's options.
 */
function checkConfigFile(check: FileCheck): void {
  const { context, sourceCode } = check;
  const filename = toPosixPath(context.physicalFilename);
  const basename = filename.slice(filename.lastIndexOf('/') + 1);
  const library = CONFIG_FILES.find((file) => file.basename.test(basename))?.library;
  if (!library) return;
  const flags = check.lookup.libraryFlags.filter((flag) => flag.library === library);
  for (const exported of exportedObjects(sourceCode)) {
    const objects = [exported, ...exported.properties.flatMap((property) => nestedObject(sourceCode, property))];
    for (const object of objects) {
      for (const flag of flags) {
        const found = findProperty(object, flag.property);
        if (found !== 'unknown') checkProperty(check, flag, found, object);
      }
    }
  }
}

function nestedObject(sourceCode: Readonly<TSESLint.SourceCode>, property: TSESTree.ObjectLiteralElement): TSESTree.ObjectExpression[] {
  if (property.type !== AST_NODE_TYPES.Property) return [];
  const value = resolveObject(sourceCode, property.value);
  return value ? [value] : [];
}

function report(check: FileCheck, flag: DebugFlag, node: TSESTree.Node, valueNode: TSESTree.Node, property: TSESTree.Property | null): void {
  const { context, sourceCode, reported } = check;
  if (reported.has(node)) return;
  reported.add(node);
  const replacement = getReplacement(sourceCode, flag, valueNode);
  context.report({
    node,
    messageId: 'debugFlag',
    data: { subject: describeFlag(flag), effect: flag.effect },
    suggest:
      replacement === null
        ? []
        : [
            {
              messageId: 'disableFlag',
              data: { flag: flag.property, replacement },
              fix: (fixer) =>
                property?.shorthand
                  ? fixer.replaceText(property, `${sourceCode.getText(property.key)}: ${replacement}`)
                  : fixer.replaceText(valueNode, replacement),
            },
          ],
  });
}

/** The text that turns the flag off: the list without `'query'`, or the catalog's off value. */
function getReplacement(sourceCode: Readonly<TSESLint.SourceCode>, flag: DebugFlag, valueNode: TSESTree.Node): string | null {
  const node = skipTypeWrappers(valueNode);
  if (flag.on.listIncludes && node.type === AST_NODE_TYPES.ArrayExpression && node.elements.every((e) => e !== null)) {
    const kept = node.elements.filter((element) => !isListItem(sourceCode, element, flag.on.listIncludes as string));
    return `[${kept.map((element) => sourceCode.getText(element)).join(', ')}]`;
  }
  if (flag.off === undefined) return null;
  return matchQuotes(flag.off, node);
}

function addOption(
  sourceCode: Readonly<TSESLint.SourceCode>,
  fixer: TSESLint.RuleFixer,
  call: FlagCall,
  options: TSESTree.ObjectExpression | undefined,
  text: string,
): TSESLint.RuleFix {
  if (!options) return fixer.insertTextAfter(call.arguments.at(-1) as TSESTree.Node, `, { ${text} }`);
  const last = options.properties.at(-1);
  if (!last) {
    return sourceCode.getCommentsInside(options).length === 0
      ? fixer.replaceText(options, `{ ${text} }`)
      : fixer.insertTextAfterRange([options.range[0], options.range[0] + 1], ` ${text},`);
  }
  const after = sourceCode.getTokenAfter(last);
  const trailingComma = after?.value === ',' ? after : null;
  if (last.loc.start.line === options.loc.start.line) {
    return trailingComma ? fixer.insertTextAfter(trailingComma, ` ${text},`) : fixer.insertTextAfter(last, `, ${text}`);
  }
  const indent = ' '.repeat(last.loc.start.column);
  return trailingComma
    ? fixer.insertTextAfter(trailingComma, `\n${indent}${text},`)
    : fixer.insertTextAfter(last, `,\n${indent}${text}`);
}

/** `new Sequelize(url)` and `new Sequelize(db, user, password)` take options next; two arguments would shift them. */
function canAddOptions(call: FlagCall, options: TSESTree.ObjectExpression | undefined): boolean {
  if (options) return true;
  return call.arguments.length === 1 || call.arguments.length === 3;
}

function describeFlag(flag: DebugFlag): string {
  return flag.site === 'env'
    ? `Environment variable '${flag.property}' (read by ${flag.library})`
    : `${flag.library} option '${flag.property}'`;
}

/** Keep the quote style of the value being replaced. */
function matchQuotes(text: string, node: TSESTree.Node): string {
  if (node.type !== AST_NODE_TYPES.Literal || !node.raw.startsWith('"') || !text.startsWith("'")) return text;
  return `"${text.slice(1, -1)}"`;
}
