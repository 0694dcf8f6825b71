import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode } from './ast.js';
import type { Kind } from './db-client-setup.js';
import { returnsCallResult, statementList } from './db-release-coverage.js';
import type { VariableHolder } from './db-resource-holders.js';
import { climbValue } from './thread-context.js';

/*
 * The suggestions of `no-unclosed-db-in-thread`: declare the resource with `await using`, or wrap
 * the code after it in `try` and release it in `finally`, moving a release the code already makes.
 */

export type DbSuggestionIds = 'releaseInFinally' | 'useAwaitUsing';

type Node = TSESTree.Node;
type SourceCode = Readonly<TSESLint.SourceCode>;

export function buildSuggestions(
  sourceCode: SourceCode,
  holder: VariableHolder,
  kind: Kind,
  sites: readonly Node[],
  closed: string,
): TSESLint.SuggestionReportDescriptor<DbSuggestionIds>[] {
  const suggestions: TSESLint.SuggestionReportDescriptor<DbSuggestionIds>[] = [];
  const declaration = holder.declaration;
  if (declaration?.kind !== 'const') return suggestions;
  const list = statementList(declaration.parent);
  if (!list || declaration.parent.type === AST_NODE_TYPES.SwitchCase) return suggestions;
  const following = list.slice(list.indexOf(declaration) + 1);
  const releaseStatements: TSESTree.Statement[] = [];
  for (const site of sites) {
    const statement = climbValue(site).parent;
    if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || !following.includes(statement)) return suggestions;
    releaseStatements.push(statement);
  }
  const name = (declaration.declarations[0]?.id as TSESTree.Identifier).name;
  const canAwait = isAsyncContext(declaration, sourceCode);
  // `return client.query(…)` inside the wrapped code would release before the query settles.
  const mayReturnPending = (statements: readonly Node[]) =>
    (canAwait || kind.asyncRelease) && statements.some((statement) => returnsCallResult(statement));
  const isProgram = declaration.parent.type === AST_NODE_TYPES.Program;
  if (
    kind.dispose &&
    (kind.dispose === 'sync' || canAwait) &&
    (!isProgram || sourceCode.ast.sourceType === 'module') &&
    !mayReturnPending(following)
  ) {
    const keyword = kind.dispose === 'async' ? 'await using' : 'using';
    suggestions.push({
      messageId: 'useAwaitUsing',
      data: { keyword, closed },
      fix: (fixer) => {
        const constToken = sourceCode.getFirstToken(declaration);
        if (!constToken) return [];
        return [fixer.replaceText(constToken, keyword), ...releaseStatements.map((statement) => fixer.removeRange(removalRange(sourceCode, statement)))];
      },
    });
  }
  const region = finallyRegion(sourceCode, following, releaseStatements);
  const releaseText = releaseStatements.at(-1)
    ? sourceCode.getText(releaseStatements.at(-1))
    : kind.finallyRelease && (!kind.asyncRelease || canAwait)
      ? `${kind.asyncRelease ? 'await ' : ''}${name}.${kind.finallyRelease}();`
      : null;
  if (region && releaseText && kind.role !== 'transaction' && !mayReturnPending(following.slice(0, following.indexOf(region[1]) + 1))) {
    suggestions.push({
      messageId: 'releaseInFinally',
      data: { release: releaseText.replace(/^await\s+/u, '').replace(/;$/u, '') },
      fix: (fixer) => fixer.replaceTextRange([region[0].range[0], region[1].range[1]], wrapInTryFinally(sourceCode, region, releaseStatements, releaseText)),
    });
  }
  return suggestions;
}

/** The statements to wrap: up to the last release (or the end), and on to the end when a later statement needs their bindings. */
function finallyRegion(sourceCode: SourceCode, following: readonly TSESTree.Statement[], releaseStatements: readonly TSESTree.Statement[]) {
  if (following.length === 0 || (following[0] && releaseStatements.includes(following[0]))) return null;
  let end = releaseStatements.length > 0 ? Math.max(...releaseStatements.map((statement) => following.indexOf(statement))) : following.length - 1;
  const start = following[0]!.range[0];
  for (let index = 0; index <= end; index++) {
    for (const variable of sourceCode.scopeManager?.getDeclaredVariables(following[index]!) ?? []) {
      for (const reference of variable.references) {
        if (reference.identifier.range[0] < start) return null; // hoisted and used before: keep it out of a block
        if (reference.identifier.range[0] > following[end]!.range[1]) end = following.length - 1;
      }
    }
  }
  return [following[0]!, following[end]!] as const;
}

function wrapInTryFinally(sourceCode: SourceCode, region: readonly [Node, Node], releaseStatements: readonly Node[], releaseText: string): string {
  const [first, last] = region;
  const indent = lineIndent(sourceCode, first);
  const unit = indentUnit(sourceCode, first, indent);
  // Only the tokens of the wrapped statements: scanning the whole file per suggestion is quadratic.
  const templates = regionStatements(first, last)
    .flatMap((statement) => sourceCode.getTokens(statement))
    .filter((token) => token.type === AST_TOKEN_TYPES.Template && token.value.includes('\n'))
    .map((token) => token.range);
  const removals = releaseStatements
    .filter((statement) => statement.range[1] <= last.range[1])
    .map((statement) => removalRange(sourceCode, statement))
    .sort((a, b) => a[0] - b[0]);
  let body = '';
  let position = first.range[0];
  for (const [from, to] of [...removals, [last.range[1], last.range[1]] as const]) {
    body += reindent(sourceCode.text, position, from, unit, templates);
    position = to;
  }
  return `try {\n${indent}${unit}${body}\n${indent}} finally {\n${indent}${unit}${releaseText}\n${indent}}`;
}

/** `await` is allowed here: an async function, or the top level of an ES module. */
function isAsyncContext(node: Node, sourceCode: SourceCode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current.async;
    if (current.type === AST_NODE_TYPES.StaticBlock || current.type === AST_NODE_TYPES.PropertyDefinition) return false;
  }
  return sourceCode.ast.sourceType === 'module';
}

/** A statement alone on its line goes with its line break; otherwise just the statement. */
function removalRange(sourceCode: SourceCode, statement: Node): [number, number] {
  const text = sourceCode.text;
  const lineStart = text.lastIndexOf('\n', statement.range[0] - 1);
  const before = text.slice(lineStart + 1, statement.range[0]);
  if (lineStart === -1 || before.trim() !== '') return [statement.range[0], statement.range[1]];
  return [text[lineStart - 1] === '\r' ? lineStart - 1 : lineStart, statement.range[1]];
}

function lineIndent(sourceCode: SourceCode, node: Node): string {
  return /^[ \t]*/u.exec(sourceCode.lines[node.loc.start.line - 1] ?? '')?.[0] ?? '';
}

/** The file's indent step, read off the block around `node`; two spaces when it cannot tell. */
function indentUnit(sourceCode: SourceCode, node: Node, indent: string): string {
  const block = node.parent;
  const outer = block && block.type !== AST_NODE_TYPES.Program ? lineIndent(sourceCode, block) : '';
  if (indent.startsWith(outer) && indent.length > outer.length) return indent.slice(outer.length);
  return indent.includes('\t') ? '\t' : '  ';
}

/** Source between two offsets with one more indent step after each line break, except inside template literals. */
function reindent(text: string, from: number, to: number, unit: string, templates: readonly (readonly [number, number])[]): string {
  let result = '';
  for (let index = from; index < to; index++) {
    const char = text[index]!;
    result += char;
    if (char !== '\n' || index + 1 >= to || text[index + 1] === '\n' || text[index + 1] === '\r') continue;
    if (!templates.some(([start, end]) => start < index && index < end)) result += unit;
  }
  return result;
}

/** The statements from `first` to `last`, siblings in one block. */
function regionStatements(first: Node, last: Node): Node[] {
  const parent = first.parent;
  const body: readonly Node[] | undefined =
    parent && 'body' in parent && Array.isArray(parent.body) ? (parent.body) : parent?.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : undefined;
  if (!body) return [first, last];
  return body.slice(body.indexOf(first), body.indexOf(last) + 1);
}
