/**
 * Static classification of SQL text: does a statement read a table with no filter and no row limit?
 * A small tokenizer, not a parser: it looks at the keywords of the outermost query only, skips
 * comments, strings and parenthesised subqueries, and answers `unknown` whenever the text could
 * mean something it cannot see (interpolated clauses, UNION, a subquery in FROM). It reads the
 * conditions of the outermost WHERE as predicates (`col = $1` pins a column, `col < $1` is a range),
 * follows the main FROM into a CTE of the same statement, and reads `unnest($1)` as the caller's rows.
 */

import { combineOr, type Predicate, type PredicateOp } from './query-selectivity.js';

/** How a SELECT reads its table. */
export type SqlReadKind =
  /** `SELECT … FROM t` with no WHERE/HAVING and no LIMIT/FETCH FIRST/TOP. */
  | 'unbounded'
  /** A filter (WHERE/HAVING) but no row limit. */
  | 'filtered'
  /** A row limit, or aggregates only without GROUP BY (one row). */
  | 'bounded'
  /** Not a table read, or text this classifier cannot judge. */
  | 'unknown';

export interface SqlClassification {
  kind: SqlReadKind;
  /** The table after FROM, unquoted and without its schema, when it is a plain name. */
  table?: string;
  /** For `filtered`: the conditions of WHERE/HAVING (and the parameter equalities of JOIN … ON). */
  predicates?: Predicate[];
  /** `OFFSET` without a row limit. */
  offset?: true;
}

const PARAMETER_SOURCE = Symbol('parameter source');

/**
 * Stands for a `${…}` interpolation of a template literal. An interpolation in a value position
 * (after `=`, `IN (`, `LIMIT`, …) is a parameter; anywhere else it may carry a whole clause.
 */
export const SQL_INTERPOLATION = '\u0000';

type TokenType = 'word' | 'quoted' | 'value' | 'punct' | 'interp';
interface Token {
  type: TokenType;
  /** Upper-cased for words; the raw character for punctuation. */
  text: string;
  /** As written (table names keep their case). */
  raw: string;
  depth: number;
}

const SCALAR_AGGREGATES = new Set([
  'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'EVERY', 'BOOL_AND', 'BOOL_OR', 'BIT_AND', 'BIT_OR', 'STDDEV',
  'STDDEV_POP', 'STDDEV_SAMP', 'VARIANCE', 'VAR_POP', 'VAR_SAMP', 'COUNT_BIG',
]);
/** Aggregates that gather every row into one value: still the whole table in memory. */
const COLLECTING_AGGREGATES = new Set(['ARRAY_AGG', 'JSON_AGG', 'JSONB_AGG', 'STRING_AGG', 'GROUP_CONCAT', 'JSON_ARRAYAGG', 'JSON_OBJECT_AGG', 'JSONB_OBJECT_AGG', 'XMLAGG', 'LISTAGG']);
/** Tokens after which an interpolation is a value or a name, not a clause. */
const VALUE_POSITION_WORDS = new Set([
  'SELECT', 'FROM', 'JOIN', 'ON', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ILIKE', 'IS', 'BETWEEN', 'LIMIT', 'OFFSET',
  'TOP', 'FETCH', 'FIRST', 'NEXT', 'BY', 'AS', 'WHEN', 'THEN', 'ELSE', 'DISTINCT', 'ANY', 'ALL', 'SOME', 'WHERE',
  'HAVING', 'VALUES', 'SET', 'INTO', 'CASE', 'TABLE', 'UPDATE',
]);
const VALUE_POSITION_PUNCT = new Set(['=', '<', '>', '!', '+', '-', '*', '/', '%', '|', '(', ',', '.', ':', '&', '^', '~']);
const COMPOUND = new Set(['UNION', 'INTERSECT', 'EXCEPT', 'MINUS']);
/**
 * The database's own catalog (information_schema, pg_catalog, Oracle's dictionary views, `dual`):
 * metadata that grows with the schema, not with the data, read by migrations and introspection.
 */
const SYSTEM_SCHEMAS = new Set(['INFORMATION_SCHEMA', 'PG_CATALOG', 'SYS', 'MYSQL', 'PERFORMANCE_SCHEMA', 'SQLITE_MASTER', 'SQLITE_SCHEMA']);
const SYSTEM_TABLE = /^(?:DUAL|DUMMY|SQLITE_MASTER|SQLITE_SCHEMA|SQLITE_SEQUENCE|SYSDATABASES|SYSOBJECTS|SYSCOLUMNS|SYSINDEXES|SYSTYPES|SYSUSERS|SYSCOMMENTS|PG_[A-Z_]+|(?:ALL|USER|DBA)_[A-Z_]+|V\$[A-Z_]+|M_[A-Z_]+)$/u;

/** Classifies SQL text; several statements count as their worst. */
export function classifySql(text: string): SqlClassification {
  const tokens = tokenize(text);
  if (!tokens) return { kind: 'unknown' };
  let worst: SqlClassification = { kind: 'unknown' };
  for (const statement of splitStatements(tokens)) {
    const result = classifyStatement(statement, readCtes(statement));
    if (rank(result.kind) > rank(worst.kind)) worst = result;
  }
  return worst;
}

/**
 * Predicates of a WHERE fragment written without its `SELECT` (TypeORM `where('u.id = :id')`, knex
 * `whereRaw`, redbean `find(type, 'user_id = ?')`).
 */
export function readSqlCondition(text: string): Predicate[] {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return [{ op: 'opaque', column: '' }];
  return readConditions(tokens, 0, tokens.length, 0);
}

/** Whether a text looks like SQL at all (cheap pre-check before tokenizing). */
export function mayBeSelect(text: string): boolean {
  // No `u` flag: ASCII keywords, and V8's case-insensitive matching is much faster without it.
  return /\bselect\b/i.test(text) && /\bfrom\b/i.test(text);
}

function rank(kind: SqlReadKind): number {
  return kind === 'unbounded' ? 3 : kind === 'filtered' ? 2 : kind === 'bounded' ? 1 : 0;
}

/** Clause keywords that end a WHERE or ON condition at its depth. */
const CLAUSE_END = new Set(['GROUP', 'ORDER', 'LIMIT', 'HAVING', 'OFFSET', 'FETCH', 'WINDOW', 'FOR', 'RETURNING', 'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'LATERAL', 'UNION', 'INTERSECT', 'EXCEPT', 'ON']);
/** Table functions that read the rows of a parameter (`unnest($1)`): as many rows as the caller passes. */
const PARAMETER_SOURCES = new Set(['UNNEST', 'JSON_ARRAY_ELEMENTS', 'JSONB_ARRAY_ELEMENTS', 'JSON_ARRAY_ELEMENTS_TEXT', 'JSONB_ARRAY_ELEMENTS_TEXT', 'JSON_TABLE', 'JSON_EACH', 'JSONB_EACH', 'STRING_TO_TABLE', 'OPENJSON']);

function classifyStatement(tokens: readonly Token[], ctes: ReadonlyMap<string, readonly Token[]>): SqlClassification {
  const start = findMainSelect(tokens);
  if (start === -1) return { kind: 'unknown' };
  const base = tokens[start]!.depth;
  let fromIndex = -1;
  let limited = false;
  let grouped = false;
  let offset = false;
  const conditions: [number, number][] = [];
  const joins: [number, number][] = [];
  let previous: Token | undefined;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'interp' && token.depth === base && !isValuePosition(previous)) return { kind: 'unknown' };
    previous = token;
    if (token.depth !== base || token.type !== 'word') continue;
    switch (token.text) {
      case 'FROM':
        if (fromIndex === -1) fromIndex = i;
        break;
      case 'WHERE':
      case 'HAVING':
        conditions.push([i + 1, conditionEnd(tokens, i + 1, base)]);
        break;
      case 'ON':
        joins.push([i + 1, conditionEnd(tokens, i + 1, base)]);
        break;
      case 'LIMIT':
      case 'TOP':
      case 'FETCH':
        limited = true;
        break;
      case 'OFFSET':
        offset = true;
        break;
      case 'GROUP':
        grouped = true;
        break;
      case 'INTO':
        // SELECT … INTO another table (or a file) stays in the database.
        return { kind: 'unknown' };
      default:
        if (COMPOUND.has(token.text)) return { kind: 'unknown' };
    }
  }
  if (fromIndex === -1) {
    // `SELECT unnest($1)`, `SELECT $1::int AS id`: the rows come from the caller.
    return tokens.slice(start).some((token) => isParameter(token)) ? { kind: 'bounded' } : { kind: 'unknown' };
  }
  const table = readTable(tokens, fromIndex + 1);
  if (table === PARAMETER_SOURCE) return { kind: 'bounded' };
  if (table === null) return { kind: 'unknown' };
  if (limited) return { kind: 'bounded', table };
  if (!grouped && isAggregateOnly(tokens.slice(start + 1, fromIndex), base)) return { kind: 'bounded', table };
  // `SELECT DISTINCT monitor_id FROM heartbeat`: one row per value of one column, like a GROUP BY key.
  if (isDistinctColumn(tokens.slice(start + 1, fromIndex))) return { kind: 'bounded', table };
  const predicates = conditions.flatMap(([from, to]) => readConditions(tokens, from, to, base));
  // A join condition that pins a joined row to a parameter filters the rows as much as a WHERE.
  for (const [from, to] of joins) predicates.push(...readConditions(tokens, from, to, base).filter((predicate) => predicate.op === 'equality'));
  const cte = ctes.get(table.toUpperCase());
  if (cte) {
    // `WITH RECURSIVE tree AS (anchor UNION ALL step)`: the anchor decides where the walk starts.
    const body = classifyStatement(anchorOf(cte), new Map());
    if (body.kind === 'bounded') return { kind: 'bounded', table };
    if (body.kind === 'unknown') return { kind: 'unknown' };
    predicates.push(...(body.predicates ?? []));
    if (body.table) return finish(body.table);
  }
  return finish(table);

  function finish(name: string): SqlClassification {
    const result: SqlClassification = { kind: predicates.length > 0 ? 'filtered' : 'unbounded', ...(name ? { table: name } : {}) };
    if (predicates.length > 0) result.predicates = predicates;
    if (offset) result.offset = true;
    return result;
  }
}

/** The CTEs of a `WITH` prelude, by upper-case name, each as the tokens of its body. */
function readCtes(tokens: readonly Token[]): Map<string, readonly Token[]> {
  const ctes = new Map<string, readonly Token[]>();
  const first = tokens[0];
  if (first?.type !== 'word' || first.text !== 'WITH') return ctes;
  const depth = first.depth;
  let name: string | null = null;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.depth !== depth) continue;
    if (token.type === 'word' && token.text === 'SELECT') break;
    if ((token.type === 'word' || token.type === 'quoted') && name === null && token.text !== 'RECURSIVE') {
      name = token.raw.toUpperCase();
    } else if (token.type === 'punct' && token.text === '(' && name !== null && tokens[i - 1]?.type === 'word' && /^(?:AS|MATERIALIZED)$/u.test(tokens[i - 1]!.text)) {
      const end = closingParen(tokens, i);
      ctes.set(name, tokens.slice(i + 1, end));
      i = end;
    } else if (token.type === 'punct' && token.text === ',') {
      name = null;
    }
  }
  return ctes;
}

/** The tokens of a body up to its first `UNION` (the anchor of a recursive CTE). */
function anchorOf(body: readonly Token[]): readonly Token[] {
  const depth = body[0]?.depth ?? 0;
  const index = body.findIndex((token) => token.depth === depth && token.type === 'word' && COMPOUND.has(token.text));
  return index === -1 ? body : body.slice(0, index);
}

function closingParen(tokens: readonly Token[], open: number): number {
  const depth = tokens[open]!.depth;
  for (let i = open + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'punct' && token.text === ')' && token.depth === depth) return i;
  }
  return tokens.length;
}

function conditionEnd(tokens: readonly Token[], from: number, depth: number): number {
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.depth < depth) return i;
    if (token.depth === depth && token.type === 'word' && CLAUSE_END.has(token.text)) return i;
  }
  return tokens.length;
}

/** The predicates of a condition: its conjuncts, with `OR` at the top folded into one. */
function readConditions(tokens: readonly Token[], from: number, to: number, depth: number): Predicate[] {
  const branches: Predicate[][] = [[]];
  let start = from;
  let between = false;
  const flush = (end: number): void => {
    if (end > start) {
      const predicate = readConjunct(tokens, start, end, depth);
      if (predicate) branches.at(-1)!.push(...predicate);
    }
  };
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    if (token.depth !== depth || token.type !== 'word') continue;
    if (token.text === 'BETWEEN') between = true;
    else if (token.text === 'AND' && between) between = false;
    else if (token.text === 'AND' || token.text === 'OR') {
      flush(i);
      start = i + 1;
      if (token.text === 'OR') branches.push([]);
    }
  }
  flush(to);
  if (branches.length === 1) return branches[0]!;
  const combined = combineOr(branches, '');
  return combined ? [combined] : [];
}

const COMPARISON = new Set(['=', '<', '>', '!']);

/** One conjunct: `col = $1`, `col IN (…)`, `col < now()`, `col IS NULL`, `(a = $1 OR b = $2)`. */
function readConjunct(tokens: readonly Token[], from: number, to: number, depth: number): Predicate[] | null {
  const first = tokens[from]!;
  if (first.type === 'punct' && first.text === '(' && closingParen(tokens, from) === to - 1) {
    return readConditions(tokens, from + 1, to - 1, depth + 1);
  }
  if (first.type === 'word' && first.text === 'NOT') return [{ op: 'negation', column: columnAfter(tokens, from + 1, to) }];
  if (first.type === 'word' && first.text === 'EXISTS') {
    return [{ op: hasParameter(tokens, from, to) ? 'equality' : 'existence', column: 'exists' }];
  }
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    if (token.depth !== depth) continue;
    const column = columnBefore(tokens, from, i);
    if (token.type === 'punct' && COMPARISON.has(token.text)) return [comparison(tokens, i, to, column)];
    if (token.type !== 'word') continue;
    switch (token.text) {
      case 'IN':
        return [{ op: valueOp(tokens, i + 1, to), column }];
      case 'NOT':
        return [{ op: 'negation', column }];
      case 'IS':
        if (tokens[i + 1]?.text === 'DISTINCT' || tokens[i + 2]?.text === 'DISTINCT') return [{ op: 'negation', column }];
        return [{ op: 'existence', column, ...(tokens[i + 1]?.text === 'NULL' ? { isNull: true as const } : {}) }];
      case 'BETWEEN':
        return [{ op: 'range', column }];
      case 'LIKE':
      case 'ILIKE':
      case 'SIMILAR':
      case 'REGEXP':
      case 'RLIKE':
      case 'MATCH':
        return [{ op: 'pattern', column }];
      default:
        break;
    }
  }
  // A bare column (`active`) or function call: a constant test on each row.
  return [{ op: hasParameter(tokens, from, to) ? 'opaque' : 'constant', column: columnAfter(tokens, from, to) }];
}

function comparison(tokens: readonly Token[], index: number, to: number, column: string): Predicate {
  const operator = tokens[index]!.text;
  const next = tokens[index + 1];
  if (operator === '!' || (operator === '<' && next?.text === '>')) return { op: 'negation', column };
  if (operator === '<' || operator === '>') return { op: 'range', column };
  if (operator === '=' && next?.type === 'punct' && next.text === '~') return { op: 'pattern', column };
  const valueAt = index + 1;
  const param = tokens[valueAt]?.type === 'value' && tokens[valueAt].text.startsWith(':') ? tokens[valueAt].text.slice(1) : undefined;
  const op = valueOp(tokens, valueAt, to);
  return { op, column, ...(param && op === 'equality' ? { param } : {}) };
}

/**
 * What the value side of `=` or `IN` is: a parameter anywhere in it makes it runtime (`$1`,
 * `ANY($1)`, `lower(:email)`, `(SELECT id FROM t WHERE a = $1)`); a column of another table is a
 * join, which filters nothing by itself; literals are constants.
 */
function valueOp(tokens: readonly Token[], from: number, to: number): PredicateOp {
  const first = tokens[from];
  if (!first) return 'opaque';
  if (hasParameter(tokens, from, to)) return 'equality';
  if (first.type === 'value' || (first.type === 'word' && /^(?:TRUE|FALSE|NULL)$/u.test(first.text))) return 'constant';
  if (first.type === 'punct' && first.text === '(') {
    const inner = tokens[from + 1];
    if (inner?.type === 'word' && inner.text === 'SELECT') return 'opaque';
    return 'constant';
  }
  // `o.id = h.id`: a join condition.
  return (first.type === 'word' || first.type === 'quoted') && tokens[from + 1]?.text !== '(' ? 'opaque' : 'constant';
}

function hasParameter(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isParameter(tokens[i]!)) return true;
  return false;
}

function isParameter(token: Token): boolean {
  return token.type === 'interp' || (token.type === 'value' && /^[$?:@]/u.test(token.text));
}

/** The column a comparison tests: the last name before the operator (`o."_key"` → `_key`). */
function columnBefore(tokens: readonly Token[], from: number, index: number): string {
  for (let i = index - 1; i >= from; i--) {
    const token = tokens[i]!;
    if (token.type === 'word' || token.type === 'quoted') return token.raw;
  }
  return '';
}

function columnAfter(tokens: readonly Token[], from: number, to: number): string {
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    if ((token.type === 'word' && token.text !== 'NOT') || token.type === 'quoted') {
      const next = tokens[i + 1];
      if (next?.type === 'punct' && next.text === '.') continue;
      return token.raw;
    }
  }
  return '';
}

/** Index of the outermost SELECT, after any `WITH name AS (…)` prelude; -1 when the statement is not a read. */
function findMainSelect(tokens: readonly Token[]): number {
  const first = tokens[0];
  if (!first || first.type !== 'word') return -1;
  if (first.text === 'SELECT') return 0;
  if (first.text !== 'WITH') return -1;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.depth !== first.depth || token.type !== 'word') continue;
    if (token.text === 'SELECT') return i;
    if (token.text === 'INSERT' || token.text === 'UPDATE' || token.text === 'DELETE' || token.text === 'MERGE') return -1;
  }
  return -1;
}

/**
 * The plain table name after FROM; '' for an interpolated name; null for a subquery, a table
 * function or the database's own catalog; PARAMETER_SOURCE for `unnest($1)`.
 */
function readTable(tokens: readonly Token[], index: number): string | typeof PARAMETER_SOURCE | null {
  let name: string | null = null;
  let i = index;
  for (;;) {
    const token = tokens[i];
    if (!token) break;
    if (token.type === 'interp') name = '';
    else if (token.type === 'word' || token.type === 'quoted') name = token.raw;
    else return null;
    const upper = name.toUpperCase();
    if (SYSTEM_SCHEMAS.has(upper) || SYSTEM_TABLE.test(upper)) return null;
    const next = tokens[i + 1];
    if (next?.type === 'punct' && next.text === '.') {
      i += 2;
      continue;
    }
    if (next?.type === 'punct' && next.text === '(') {
      return PARAMETER_SOURCES.has(upper) && hasParameter(tokens, i + 1, closingParen(tokens, i + 1)) ? PARAMETER_SOURCE : null;
    }
    break;
  }
  return name;
}

/**
 * The select list aggregates without GROUP BY: SQL then returns exactly one row, whatever the other
 * items are. An aggregate inside a scalar subquery `(SELECT COUNT(*) …)` does not count; a window
 * (`OVER`) or a collecting aggregate (`json_agg`) keeps every row.
 */
function isAggregateOnly(list: readonly Token[], depth: number): boolean {
  let aggregate = false;
  /** Depths of the open parentheses that start a subquery. */
  const subqueries: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const token = list[i]!;
    const next = list[i + 1];
    while (subqueries.length > 0 && token.depth < subqueries.at(-1)!) subqueries.pop();
    if (token.type === 'punct' && token.text === '(' && next?.type === 'word' && next.text === 'SELECT') subqueries.push(next.depth);
    if (token.type !== 'word' || subqueries.length > 0) continue;
    if (COLLECTING_AGGREGATES.has(token.text) || (token.depth === depth && token.text === 'OVER')) return false;
    if (SCALAR_AGGREGATES.has(token.text) && next?.type === 'punct' && next.text === '(') aggregate = true;
  }
  return aggregate;
}

/** `DISTINCT col`, `DISTINCT t.col`, `DISTINCT DATE(col) AS d`: a single distinct expression. */
function isDistinctColumn(list: readonly Token[]): boolean {
  if (list[0]?.type !== 'word' || list[0].text !== 'DISTINCT') return false;
  const depth = list[0].depth;
  return !list.some((token) => token.depth === depth && token.type === 'punct' && token.text === ',');
}

function isValuePosition(previous: Token | undefined): boolean {
  if (!previous) return false;
  if (previous.type === 'punct') return VALUE_POSITION_PUNCT.has(previous.text);
  return previous.type === 'word' && VALUE_POSITION_WORDS.has(previous.text);
}

function splitStatements(tokens: readonly Token[]): Token[][] {
  const statements: Token[][] = [[]];
  for (const token of tokens) {
    if (token.type === 'punct' && token.text === ';' && token.depth === 0) statements.push([]);
    else statements.at(-1)!.push(token);
  }
  return statements.filter((statement) => statement.length > 0);
}

/** Tokens with their parenthesis depth; null when the text does not look like SQL (unbalanced). */
function tokenize(text: string): Token[] | null {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const push = (type: TokenType, value: string, raw = value): void => {
    tokens.push({ type, text: value, raw, depth });
  };
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/u.test(char)) {
      i++;
    } else if (char === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (char === "'") {
      i = skipQuoted(text, i, "'");
      push('value', "'");
    } else if (char === '"' || char === '`' || char === '[') {
      const close = char === '[' ? ']' : char;
      const end = skipQuoted(text, i, close);
      push('quoted', text.slice(i + 1, end - 1));
      i = end;
    } else if (char === SQL_INTERPOLATION) {
      push('interp', char);
      i++;
    } else if (/[A-Za-z_]/u.test(char)) {
      const match = /^[\w$]+/u.exec(text.slice(i, i + 128))!;
      push('word', match[0].toUpperCase(), match[0]);
      i += match[0].length;
    } else if (char === ':' && text.startsWith('...', i + 1)) {
      // TypeORM's list parameter `IN (:...ids)`.
      const match = /^:\.\.\.[\w]*/u.exec(text.slice(i, i + 128))!;
      push('value', `:${match[0].slice(4)}`);
      i += match[0].length;
    } else if (/[0-9]/u.test(char) || ((char === '$' || char === ':' || char === '@') && /[\w]/u.test(text[i + 1] ?? '')) || char === '?') {
      const match = /^[$:@?]?[\w.]*/u.exec(text.slice(i, i + 128))!;
      push('value', match[0] || char);
      i += Math.max(match[0].length, 1);
    } else if (char === '(') {
      push('punct', char);
      depth++;
      i++;
    } else if (char === ')') {
      depth--;
      if (depth < 0) return null;
      push('punct', char);
      i++;
    } else {
      push('punct', char);
      i++;
    }
  }
  return depth === 0 ? tokens : null;
}

function skipQuoted(text: string, start: number, close: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === close) {
      if (text[i + 1] === close && close !== ']') {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}
