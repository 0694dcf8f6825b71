import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, skipParentTypeWrappers, skipTypeWrappers } from './utils/ast.js';
import {
  CONFIG_FILES,
  DEBUG_FLAGS,
  PROCESS_LAUNCHERS,
  type DebugFlag,
  type EnvFlag,
  type FlagCallee,
  type FlagValueMatcher,
  type GenericFlag,
  type LibraryFlag,
  type ProcessLauncher,
} from './utils/catalogs/debug-flags.js';
import { createRule } from './utils/create-rule.js';
import { CALL, CONSTRUCT, importsAnyModule, iterateModuleReferences, type TraceMap } from './utils/imports.js';
import { memoizeByOptions } from './utils/memo.js';
import { toPosixPath } from './utils/globs.js';
import { checkGlobOption } from './utils/options.js';
import {
  createPerfContext,
  DEFAULT_PERF_ENV_NAMES,
  DEFAULT_PERF_FILES,
  isPerfPath,
  perfNameSelector,
  type PerfContextOptions,
} from './utils/perf-context.js';
import { selectorNamesPattern } from './utils/regexp.js';
import { getEnclosingFunction, resolveVariable } from './utils/scope.js';

/** An extra catalog entry from the options (JSON-friendly shape of a `DebugFlag`). */
export interface FlagOption {
  library: string;
  property: string;
  effect: string;
  /** Import source whose calls take the option; without it the flag is a generic perf-object option. */
  module?: string;
  callee?: string;
  construct?: boolean;
  setter?: boolean;
  env?: boolean;
  on?: FlagValueMatcher;
  off?: string;
}

type Options = [
  {
    perfFiles?: string[];
    perfEnvNames?: string[];
    flags?: FlagOption[];
  },
];
type MessageIds = 'debugFlag' | 'defaultQueryLogging' | 'disableFlag' | 'addLoggingFalse';

/** What the trace map finds at a call: the library flags its options carry, or a process launcher. */
interface CalleeInfo {
  flags: LibraryFlag[];
  setterFlags: LibraryFlag[];
  launcher?: ProcessLauncher;
}

type Found = TSESTree.Property | 'unknown' | null;
/** `onInPerf`: the value itself selects the perf run (`logging: env === 'perf'`), wherever it is written. */
type FlagState = 'off' | 'on' | 'onInPerf';

const { DefinitionType } = TSESLint.Scope;
/** Methods whose object arguments are stored, compared or sent as data. */
const DATA_METHODS = new Set([
  'push',
  'unshift',
  'splice',
  'concat',
  'includes',
  'indexOf',
  'fill',
  'toEqual',
  'toStrictEqual',
  'toMatchObject',
  'toBe',
  'deepEqual',
  'deepStrictEqual',
  'equal',
  'strictEqual',
  'eql',
  'stringify',
  'json',
  'send',
  'write',
]);
/** Values that can select the perf run themselves: `env === 'perf'`, `isPerf`, `isBench ? … : …`. */
const SELECTING_VALUES = new Set<string>([
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.Identifier,
]);
const STRING_ARRAY = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;

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
          perfFiles: {
            ...STRING_ARRAY,
            description: 'Globs of files that hold benchmark, perf and load-test code. Replaces the defaults.',
          },
          perfEnvNames: {
            type: 'array',
            items: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
            uniqueItems: true,
            description: 'Environment names (NODE_ENV values, config keys) that mean a perf run. Replaces the defaults.',
          },
          flags: {
            type: 'array',
            description: 'Extra catalog entries: library options, environment variables or generic options that switch on debug output.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['library', 'property', 'effect'],
              properties: {
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
            },
          },
        },
      },
    ],
    defaultOptions: [{ perfFiles: [...DEFAULT_PERF_FILES], perfEnvNames: [...DEFAULT_PERF_ENV_NAMES], flags: [] }],
  },
  create(context, [options]) {
    const { perfOptions, catalog, selectors } = getSetup(options);
    // Asked here, not on exit: measured, the same test costs several times more after the walk.
    const isPerfFile = isPerfPath(context, perfOptions.perfFiles);
    // The walk only collects: selectors (ESLint's esquery) hand over the few nodes that matter, and
    // the checks are built on exit, only in perf files or files with a perf branch.
    const found: Collected = { perfMarkers: [], genericCandidates: [], envAssignments: [], genericAssignments: [], envAssigns: [] };
    return {
      [selectors.perfMarker](node: PerfMarker) {
        found.perfMarkers.push(node);
      },
      [selectors.genericProperty](node: TSESTree.Property) {
        found.genericCandidates.push(node);
      },
      [selectors.assignedMember](node: TSESTree.MemberExpression) {
        const object = skipTypeWrappers(node.object);
        const assignment = node.parent as TSESTree.AssignmentExpression;
        if (object.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(object) === 'env') found.envAssignments.push(assignment);
        else found.genericAssignments.push(assignment);
      },
      "CallExpression[callee.property.name='assign'][arguments.0.property.name='env']"(node: TSESTree.CallExpression) {
        found.envAssigns.push(node);
      },
      'Program:exit'() {
        // Outside perf files only perf branches can hold perf code: without a marker, nothing to check.
        if (isPerfFile || found.perfMarkers.length > 0) checkFile(context, perfOptions, isPerfFile, catalog, found);
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/**
 * Everything derived from the options, built once per configuration: the selector strings too,
 * so each file reuses the same keys instead of concatenating (and ESLint re-hashing) them.
 */
const getSetup = memoizeByOptions((options: Options[0]) => {
  const perfOptions: PerfContextOptions = {
    perfFiles: checkGlobOption({ rule: 'no-debug-in-perf-config', option: 'perfFiles' }, options.perfFiles ?? DEFAULT_PERF_FILES),
    perfEnvNames: options.perfEnvNames ?? DEFAULT_PERF_ENV_NAMES,
  };
  const catalog = getCatalog(options.flags ?? []);
  const perfNames = perfNameSelector(perfOptions.perfEnvNames);
  const { genericNames, assignedNames } = catalog;
  const selectors = {
    perfMarker: `Literal[value=${perfNames}], Property[key.name=${perfNames}], Property[key.value=${perfNames}], MemberExpression[property.name=${perfNames}]`,
    genericProperty: `Property[key.name=${genericNames}], Property[key.value=${genericNames}]`,
    assignedMember: `AssignmentExpression[operator='='] > MemberExpression.left[property.name=${assignedNames}], AssignmentExpression[operator='='] > MemberExpression.left[property.value=${assignedNames}]`,
  };
  return { perfOptions, catalog, selectors };
});
type PerfMarker = TSESTree.Literal | TSESTree.Property | TSESTree.MemberExpression;

/** What the walk collects for the checks on exit. */
interface Collected {
  /** Nodes carrying a perf name: each may open a perf branch. */
  perfMarkers: PerfMarker[];
  genericCandidates: TSESTree.Property[];
  envAssignments: TSESTree.AssignmentExpression[];
  genericAssignments: TSESTree.AssignmentExpression[];
  envAssigns: TSESTree.CallExpression[];
}

/** The checks of one file, built only when it is perf code or has a perf branch (most files are neither). */
function checkFile(context: Context, perfOptions: PerfContextOptions, isPerfFile: boolean, catalog: Catalog, found: Collected): void {
  const perf = createPerfContext(context, perfOptions, isPerfFile);
  if (!perf.isPerfFile && !found.perfMarkers.some((node) => perf.opensPerfBranch(node))) return;
  const { sourceCode } = context;
  const { genericFlags, envFlags, traceMap, modules, libraryFlags } = catalog;
  const { genericCandidates, envAssignments, genericAssignments, envAssigns } = found;

  const reported = new Set<TSESTree.Node>();
  const optionsMemo = new Map<TSESTree.Node, boolean>();

  function scopeOf(node: TSESTree.Node): TSESLint.Scope.Scope {
    return sourceCode.getScope(node);
  }

  function resolveIdentifier(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    return resolveVariable(sourceCode, identifier);
  }

  /** getStaticValue, with literals and constants resolved directly (the common, cheap cases). */
  function staticValue(node: TSESTree.Node, depth = 0): { value: unknown } | null {
    const target = skipTypeWrappers(node);
    if (target.type === AST_NODE_TYPES.Literal) return { value: target.value };
    if (target.type === AST_NODE_TYPES.TemplateLiteral && target.expressions.length === 0) {
      return { value: target.quasis[0]?.value.cooked };
    }
    if (target.type !== AST_NODE_TYPES.Identifier) return ASTUtils.getStaticValue(target, scopeOf(target));
    const variable = resolveIdentifier(target);
    if (!variable || variable.defs.length === 0) return target.name === 'undefined' ? { value: undefined } : null;
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
    if (def.parent.kind !== 'const' || depth > 3) return null;
    return staticValue(def.node.init, depth + 1);
  }

  /** An object literal argument, or a const bound to one (`const options = {…}; new DataSource(options)`). */
  function resolveObject(node: TSESTree.Node): TSESTree.ObjectExpression | null {
    const target = skipTypeWrappers(node);
    if (target.type === AST_NODE_TYPES.ObjectExpression) return target;
    if (target.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = resolveIdentifier(target);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!variable || def?.type !== DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
    if (variable.references.filter((reference) => reference.isWrite()).length > 1) return null;
    const init = skipTypeWrappers(def.node.init);
    return init.type === AST_NODE_TYPES.ObjectExpression ? init : null;
  }

  function flagState(matcher: FlagValueMatcher, valueNode: TSESTree.Node): FlagState {
    const node = skipTypeWrappers(valueNode);
    if (node.type === AST_NODE_TYPES.ConditionalExpression) {
      const polarity = perf.perfPolarity(node.test);
      if (polarity) {
        const branch = polarity === 'consequent' ? node.consequent : node.alternate;
        return flagState(matcher, branch) === 'off' ? 'off' : 'onInPerf';
      }
    }
    if (
      node.type === AST_NODE_TYPES.BinaryExpression ||
      node.type === AST_NODE_TYPES.UnaryExpression ||
      node.type === AST_NODE_TYPES.LogicalExpression ||
      node.type === AST_NODE_TYPES.Identifier
    ) {
      const polarity = perf.perfPolarity(node);
      if (polarity) return polarity === 'consequent' && matchesStaticValue(matcher, true) ? 'onInPerf' : 'off';
    }
    return isOn(matcher, node) ? 'on' : 'off';
  }

  /**
   * Whether the flag is on in a perf run. Context first (memoised, cheap): outside perf code only a
   * value that itself selects the perf run (`env === 'perf'`) needs evaluating.
   */
  function isOnInPerf(matcher: FlagValueMatcher, valueNode: TSESTree.Node, ...nodes: TSESTree.Node[]): boolean {
    if (nodes.some((node) => perf.isInPerfContext(node))) return flagState(matcher, valueNode) !== 'off';
    return SELECTING_VALUES.has(skipTypeWrappers(valueNode).type) && flagState(matcher, valueNode) === 'onInPerf';
  }

  function isOn(matcher: FlagValueMatcher, valueNode: TSESTree.Node): boolean {
    const node = skipTypeWrappers(valueNode);
    const evaluated = staticValue(node);
    if (evaluated) return matchesStaticValue(matcher, evaluated.value);
    if (matcher.listIncludes && node.type === AST_NODE_TYPES.ArrayExpression) {
      return node.elements.some((element) => element !== null && isListItem(element, matcher.listIncludes as string));
    }
    return matcher.functions === true && isLoggingFunction(node);
  }

  function isListItem(element: TSESTree.Node, item: string): boolean {
    const evaluated = staticValue(element);
    return evaluated !== null && listItemMatches(evaluated.value, item);
  }

  /** `(sql) => …`, `function log() {}`, `console.log`, `logger.debug.bind(logger)`. */
  function isLoggingFunction(node: TSESTree.Node): boolean {
    switch (node.type) {
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        return true;
      case AST_NODE_TYPES.MemberExpression: {
        const object = skipTypeWrappers(node.object);
        if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'console') return false;
        const variable = resolveIdentifier(object);
        return !variable || variable.defs.length === 0;
      }
      case AST_NODE_TYPES.CallExpression: {
        const callee = skipTypeWrappers(node.callee);
        return callee.type === AST_NODE_TYPES.MemberExpression && getStaticPropertyName(callee) === 'bind';
      }
      case AST_NODE_TYPES.Identifier: {
        const def = resolveIdentifier(node)?.defs[0];
        if (def?.type === DefinitionType.FunctionName) return true;
        const init = def?.type === DefinitionType.Variable ? def.node.init : null;
        return init?.type === AST_NODE_TYPES.ArrowFunctionExpression || init?.type === AST_NODE_TYPES.FunctionExpression;
      }
      default:
        return false;
    }
  }

  /** Whether an object literal is options handed to code (an argument, an export, a perf branch), not data. */
  function isOptionsObject(object: TSESTree.ObjectExpression): boolean {
    const known = optionsMemo.get(object);
    if (known !== undefined) return known;
    optionsMemo.set(object, false); // cycle guard: `const a = { b: a }`
    const result = isOptionsPosition(object);
    optionsMemo.set(object, result);
    return result;
  }

  function isOptionsPosition(node: TSESTree.Node): boolean {
    const outer = skipParentTypeWrappers(node);
    const parent = outer.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        return parent.callee !== outer && !isDataSink(parent);
      case AST_NODE_TYPES.Property:
        return (
          parent.value === outer &&
          parent.parent.type === AST_NODE_TYPES.ObjectExpression &&
          (perf.isPerfBranchProperty(parent) || isOptionsObject(parent.parent))
        );
      case AST_NODE_TYPES.SpreadElement:
        return parent.parent.type === AST_NODE_TYPES.ObjectExpression && isOptionsObject(parent.parent);
      case AST_NODE_TYPES.ExportDefaultDeclaration:
      case AST_NODE_TYPES.ExportSpecifier:
        return true;
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === outer && isModuleExports(parent.left);
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === outer && isOptionsVariable(parent);
      case AST_NODE_TYPES.ConditionalExpression:
        return parent.test !== outer && isOptionsPosition(parent);
      case AST_NODE_TYPES.LogicalExpression:
        return isOptionsPosition(parent);
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === outer && isOptionsPosition(parent);
      case AST_NODE_TYPES.ReturnStatement: {
        const fn = getEnclosingFunction(parent);
        return fn !== null && isConfigFactory(fn);
      }
      default:
        return false;
    }
  }

  function isConfigFactory(fn: TSESTree.FunctionLike): boolean {
    if (fn.type !== AST_NODE_TYPES.FunctionDeclaration) return isOptionsPosition(fn);
    const parent = fn.parent;
    return parent.type === AST_NODE_TYPES.ExportNamedDeclaration || parent.type === AST_NODE_TYPES.ExportDefaultDeclaration;
  }

  /** `const config = {…}` that is exported or handed on as options somewhere in the file. */
  function isOptionsVariable(declarator: TSESTree.VariableDeclarator): boolean {
    if (declarator.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
    return sourceCode
      .getDeclaredVariables(declarator)
      .some((variable) =>
        variable.references.some((reference) => !reference.init && isOptionsPosition(reference.identifier)),
      );
  }

  function report(flag: DebugFlag, node: TSESTree.Node, valueNode: TSESTree.Node, property: TSESTree.Property | null): void {
    if (reported.has(node)) return;
    reported.add(node);
    const replacement = getReplacement(flag, valueNode);
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
  function getReplacement(flag: DebugFlag, valueNode: TSESTree.Node): string | null {
    const node = skipTypeWrappers(valueNode);
    if (flag.on.listIncludes && node.type === AST_NODE_TYPES.ArrayExpression && node.elements.every((e) => e !== null)) {
      const kept = node.elements.filter((element) => !isListItem(element, flag.on.listIncludes as string));
      return `[${kept.map((element) => sourceCode.getText(element)).join(', ')}]`;
    }
    if (flag.off === undefined) return null;
    return matchQuotes(flag.off, node);
  }

  function checkProperty(flag: DebugFlag, property: TSESTree.Property | null, anchor: TSESTree.Node): void {
    if (!property || property.value.type === AST_NODE_TYPES.AssignmentPattern) return;
    if (!isOnInPerf(flag.on, property.value, property, anchor)) return;
    report(flag, property, property.value, property);
  }

  function checkLibraryCall(call: TSESTree.CallExpression | TSESTree.NewExpression, info: CalleeInfo): void {
    const objects = call.arguments.map(resolveObject).filter((object) => object !== null);
    for (const flag of info.flags) {
      for (const object of objects) {
        const found = findProperty(object, flag.property);
        if (found !== 'unknown') checkProperty(flag, found, call);
      }
      if (flag.defaultOn) checkDefaultOn(flag, call, objects);
    }
    for (const flag of info.setterFlags) checkSetter(flag, call);
    if (info.launcher) checkLauncher(info.launcher, call, objects);
  }

  /** `mongoose.set('debug', true)`. */
  function checkSetter(flag: LibraryFlag, call: TSESTree.CallExpression | TSESTree.NewExpression): void {
    const [name, value] = call.arguments;
    if (!name || !value || value.type === AST_NODE_TYPES.SpreadElement) return;
    if (staticValue(name)?.value !== flag.property) return;
    if (!isOnInPerf(flag.on, value, call)) return;
    report(flag, call, value, null);
  }

  /** `new Sequelize(url)` logs every query unless its options say `logging: false`. */
  function checkDefaultOn(
    flag: LibraryFlag,
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    objects: TSESTree.ObjectExpression[],
  ): void {
    if (!perf.isInPerfContext(call) || call.arguments.length === 0) return;
    const options = objects.at(-1);
    if (options) {
      if (findProperty(options, flag.property) !== null) return;
    } else if (!call.arguments.every((argument) => isPlainArgument(argument, 0))) {
      return; // an argument we cannot see may be the options
    }
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
              fix: (fixer) => addOption(fixer, call, options, `${flag.property}: false`),
            },
          ]
        : [],
    });
  }

  function addOption(
    fixer: TSESLint.RuleFixer,
    call: TSESTree.CallExpression | TSESTree.NewExpression,
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

  /** Arguments that cannot be an options object: strings, templates, `process.env.X`, consts of those. */
  function isPlainArgument(argument: TSESTree.Node, depth: number): boolean {
    const node = skipTypeWrappers(argument);
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.TemplateLiteral:
        return true;
      case AST_NODE_TYPES.MemberExpression:
        return perf.isProcessEnv(node.object);
      case AST_NODE_TYPES.LogicalExpression:
        return isPlainArgument(node.left, depth) && isPlainArgument(node.right, depth);
      case AST_NODE_TYPES.Identifier: {
        const def = resolveIdentifier(node)?.defs[0];
        const init = def?.type === DefinitionType.Variable && def.node.id.type === AST_NODE_TYPES.Identifier ? def.node.init : null;
        return depth < 3 && init !== null && isPlainArgument(init, depth + 1);
      }
      default:
        return false;
    }
  }

  /** `spawn('node', [...], { env: { DEBUG: '*' } })`, `new Worker(file, { env })`, `cluster.fork({ NODE_ENV })`. */
  function checkLauncher(
    launcher: ProcessLauncher,
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    objects: TSESTree.ObjectExpression[],
  ): void {
    const envObjects =
      launcher.env === 'argument'
        ? objects
        : objects.flatMap((object) => {
            const env = findProperty(object, 'env');
            const resolved = env && env !== 'unknown' ? resolveObject(env.value) : null;
            return resolved ? [resolved] : [];
          });
    for (const env of envObjects) checkEnvObject(env, call, false);
  }

  function checkEnvObject(env: TSESTree.ObjectExpression, anchor: TSESTree.Node, ownProcess: boolean): void {
    for (const [name, flags] of envFlags) {
      const found = findProperty(env, name);
      if (!found || found === 'unknown') continue;
      for (const flag of flags) {
        if (ownProcess && flag.loggerModule && enablesOnlyOwnLoggers(flag.loggerModule, found.value)) continue;
        checkProperty(flag, found, anchor);
      }
    }
  }

  /** `Object.assign(process.env, { DEBUG: '*' })`. */
  function checkEnvAssign(call: TSESTree.CallExpression): void {
    const [target, ...sources] = call.arguments;
    const callee = skipTypeWrappers(call.callee);
    if (!target || !perf.isProcessEnv(target) || callee.type !== AST_NODE_TYPES.MemberExpression) return;
    const object = skipTypeWrappers(callee.object);
    if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'Object' || resolveIdentifier(object)?.defs.length) return;
    for (const source of sources) {
      const env = resolveObject(source);
      if (env) checkEnvObject(env, call, true);
    }
  }

  /** `process.env.DEBUG = 'knex:*'`, `process.env.NODE_ENV = 'development'`. */
  function checkEnvAssignment(node: TSESTree.AssignmentExpression): void {
    const left = skipTypeWrappers(node.left) as TSESTree.MemberExpression;
    const flags = envFlags.get(getStaticPropertyName(left) ?? '');
    if (!flags || !perf.isProcessEnv(left.object)) return;
    for (const flag of flags) {
      if (!isOnInPerf(flag.on, node.right, node)) continue;
      if (flag.loggerModule && enablesOnlyOwnLoggers(flag.loggerModule, node.right)) continue;
      report(flag, node, node.right, null);
    }
  }

  /** `process.env.DEBUG = 'dlog'` next to `debug('dlog')`: the benchmark measures that logger itself. */
  function enablesOnlyOwnLoggers(module: string, value: TSESTree.Node): boolean {
    const enabled = staticValue(value)?.value;
    if (typeof enabled !== 'string') return false;
    const created = new Set<unknown>();
    for (const { node } of iterateModuleReferences(sourceCode, { [module]: { [CALL]: true } })) {
      const [name] = node.type === AST_NODE_TYPES.CallExpression ? node.arguments : [];
      if (name) created.add(staticValue(name)?.value);
    }
    const namespaces = enabled.split(/[\s,]+/u).filter((namespace) => namespace && !namespace.startsWith('-'));
    return namespaces.length > 0 && namespaces.every((namespace) => created.has(namespace));
  }

  function checkGeneric(property: TSESTree.Property): void {
    const name = getStaticPropertyName(property) ?? '';
    const flags = genericFlags.get(name);
    const object = property.parent;
    if (!flags || object.type !== AST_NODE_TYPES.ObjectExpression) return;
    // A later spread may switch the flag back off.
    if (findProperty(object, name) !== property) return;
    for (const flag of flags) {
      if (!isOnInPerf(flag.on, property.value, property) || !isOptionsObject(object)) continue;
      report(flag, property, property.value, property);
    }
  }

  /** `config.debug = true` in perf code. */
  function checkGenericAssignment(node: TSESTree.AssignmentExpression): void {
    const left = skipTypeWrappers(node.left) as TSESTree.MemberExpression;
    for (const flag of genericFlags.get(getStaticPropertyName(left) ?? '') ?? []) {
      if (isOnInPerf(flag.on, node.right, node)) report(flag, node, node.right, null);
    }
  }

  function checkLibraries(): void {
    if (!importsAnyModule(sourceCode, modules)) return;
    for (const { node, info } of iterateModuleReferences(sourceCode, traceMap)) {
      if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
        checkLibraryCall(node, info);
      }
    }
  }

  /**
   * A library's configuration file by name (knexfile, ormconfig): the exported object, and each
   * environment's object inside it, is checked like the library constructor's options.
   */
  function checkConfigFile(): void {
    const filename = toPosixPath(context.physicalFilename);
    const basename = filename.slice(filename.lastIndexOf('/') + 1);
    const library = CONFIG_FILES.find((file) => file.basename.test(basename))?.library;
    if (!library) return;
    const flags = libraryFlags.filter((flag) => flag.library === library);
    for (const exported of exportedObjects()) {
      const objects = [exported, ...exported.properties.flatMap((property) => nestedObject(property))];
      for (const object of objects) {
        for (const flag of flags) {
          const found = findProperty(object, flag.property);
          if (found !== 'unknown') checkProperty(flag, found, object);
        }
      }
    }
  }

  function exportedObjects(): TSESTree.ObjectExpression[] {
    const objects: TSESTree.ObjectExpression[] = [];
    for (const statement of sourceCode.ast.body) {
      let value: TSESTree.Node | null = null;
      if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) value = statement.declaration;
      else if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression) {
        if (isModuleExports(statement.expression.left)) value = statement.expression.right;
      }
      const object = value ? resolveObject(value) : null;
      if (object) objects.push(object);
    }
    return objects;
  }

  function nestedObject(property: TSESTree.ObjectLiteralElement): TSESTree.ObjectExpression[] {
    if (property.type !== AST_NODE_TYPES.Property) return [];
    const value = resolveObject(property.value);
    return value ? [value] : [];
  }

  checkLibraries();
  checkConfigFile();
  for (const node of envAssignments) checkEnvAssignment(node);
  for (const node of envAssigns) checkEnvAssign(node);
  for (const property of genericCandidates) checkGeneric(property);
  for (const node of genericAssignments) checkGenericAssignment(node);
}

interface Catalog {
  genericFlags: Map<string, GenericFlag[]>;
  /** The options flags of every library, for configuration files that name their library. */
  libraryFlags: readonly LibraryFlag[];
  envFlags: Map<string, EnvFlag[]>;
  traceMap: TraceMap<CalleeInfo>;
  modules: readonly string[];
  /** esquery patterns of the generic and of all assignable flag names. */
  genericNames: string;
  assignedNames: string;
}

/** The built-in catalog plus the option's entries, built once per distinct `flags` option. */
const getCatalog = memoizeByOptions((extraFlags: readonly FlagOption[]): Catalog => {
  const flags: DebugFlag[] = [...DEBUG_FLAGS, ...extraFlags.map(toDebugFlag)];
  const genericFlags = groupByProperty(flags.filter((flag): flag is GenericFlag => flag.site === 'perf-object'));
  const envFlags = groupByProperty(flags.filter((flag): flag is EnvFlag => flag.site === 'env'));
  const libraryFlags = flags.filter((flag): flag is LibraryFlag => flag.site === 'options');
  const { traceMap, modules } = buildTraceMap(libraryFlags);
  return {
    genericFlags,
    libraryFlags,
    envFlags,
    traceMap,
    modules: [...modules],
    genericNames: selectorNamesPattern([...genericFlags.keys()]),
    assignedNames: selectorNamesPattern([...genericFlags.keys(), ...envFlags.keys()]),
  };
});


function toDebugFlag(option: FlagOption): DebugFlag {
  const base = {
    library: option.library,
    property: option.property,
    effect: option.effect,
    on: option.on ?? { values: [true] },
    ...(option.off === undefined ? {} : { off: option.off }),
  };
  if (option.env) return { ...base, site: 'env' };
  if (option.module === undefined) return { ...base, site: 'perf-object' };
  const callee: FlagCallee = { path: option.callee ?? '', construct: option.construct, setter: option.setter };
  return { ...base, site: 'options', modules: [option.module], callees: [callee] };
}

function groupByProperty<T extends DebugFlag>(flags: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const flag of flags) groups.set(flag.property, [...(groups.get(flag.property) ?? []), flag]);
  return groups;
}

/** One trace map for every library callee and process launcher, so the file is tracked once. */
function buildTraceMap(flags: readonly LibraryFlag[]): { traceMap: TraceMap<CalleeInfo>; modules: Set<string> } {
  const traceMap: TraceMap<CalleeInfo> = {};
  const modules = new Set<string>();
  const infoAt = (module: string, path: string, construct: boolean | undefined): CalleeInfo => {
    modules.add(module);
    let node = (traceMap[module] ??= {}) as Record<string | symbol, unknown>;
    for (const segment of path.split('.').filter(Boolean)) {
      node = (node[segment] ??= {}) as Record<string | symbol, unknown>;
    }
    const kind = construct ? CONSTRUCT : CALL;
    return (node[kind] ??= { flags: [], setterFlags: [] }) as CalleeInfo;
  };
  for (const flag of flags) {
    for (const module of flag.modules) {
      for (const callee of flag.callees) {
        const info = infoAt(module, callee.path, callee.construct);
        info.flags.push(flag);
        if (callee.setter) info.setterFlags.push(flag);
      }
    }
  }
  for (const launcher of PROCESS_LAUNCHERS) infoAt(launcher.module, launcher.path, launcher.construct).launcher = launcher;
  return { traceMap, modules };
}

/** The last property named `name`; 'unknown' when a spread after it (or without it) may set it. */
function findProperty(object: TSESTree.ObjectExpression, name: string): Found {
  let found: Found = null;
  for (const element of object.properties) {
    if (element.type === AST_NODE_TYPES.SpreadElement) found = 'unknown';
    else if (getStaticPropertyName(element) === name) found = element;
  }
  return found;
}

function matchesStaticValue(matcher: FlagValueMatcher, value: unknown): boolean {
  if (matcher.values?.some((on) => on === value)) return true;
  if (matcher.listIncludes && Array.isArray(value) && value.some((item) => listItemMatches(item, matcher.listIncludes as string))) {
    return true;
  }
  if (matcher.truthy) return Array.isArray(value) ? value.length > 0 : Boolean(value);
  return false;
}

function listItemMatches(value: unknown, item: string): boolean {
  if (value === item) return true;
  return typeof value === 'object' && value !== null && (value as { level?: unknown }).level === item;
}

/** `new Sequelize(url)` and `new Sequelize(db, user, password)` take options next; two arguments would shift them. */
function canAddOptions(call: TSESTree.CallExpression | TSESTree.NewExpression, options: TSESTree.ObjectExpression | undefined): boolean {
  if (options) return true;
  return call.arguments.length === 1 || call.arguments.length === 3;
}

/** `rows.push({…})`, `expect(x).toEqual({…})`, `res.json({…})`: the object is data, not options. */
function isDataSink(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getStaticPropertyName(callee);
  return method !== null && DATA_METHODS.has(method);
}

function isModuleExports(node: TSESTree.Node): boolean {
  const target = skipTypeWrappers(node);
  if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipTypeWrappers(target.object);
  if (object.type === AST_NODE_TYPES.Identifier) {
    return object.name === 'exports' || (object.name === 'module' && getStaticPropertyName(target) === 'exports');
  }
  return isModuleExports(object);
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
