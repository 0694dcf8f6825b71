/**
 * Static classification of SQL text: does a statement read a table with no filter and no row limit?
 * A small tokenizer, not a parser: it looks at the keywords of the outermost query only, skips
 * comments, strings and parenthesised subqueries, and answers `unknown` whenever the text could
 * mean something it cannot see (interpolated clauses, UNION, a subquery in FROM).
 */

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
}

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
    const result = classifyStatement(statement);
    if (rank(result.kind) > rank(worst.kind)) worst = result;
  }
  return worst;
}

/** Whether a text looks like SQL at all (cheap pre-check before tokenizing). */
export function mayBeSelect(text: string): boolean {
  // No `u` flag: ASCII keywords, and V8's case-insensitive matching is much faster without it.
  return /\bselect\b/i.test(text) && /\bfrom\b/i.test(text);
}

function rank(kind: SqlReadKind): number {
  return kind === 'unbounded' ? 3 : kind === 'filtered' ? 2 : kind === 'bounded' ? 1 : 0;
}

function classifyStatement(tokens: readonly Token[]): SqlClassification {
  const start = findMainSelect(tokens);
  if (start === -1) return { kind: 'unknown' };
  const base = tokens[start]!.depth;
  let fromIndex = -1;
  let filtered = false;
  let limited = false;
  let grouped = false;
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
        filtered = true;
        break;
      case 'LIMIT':
      case 'TOP':
      case 'FETCH':
        limited = true;
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
  if (fromIndex === -1) return { kind: 'unknown' };
  const table = readTable(tokens, fromIndex + 1);
  if (table === null) return { kind: 'unknown' };
  if (limited) return { kind: 'bounded', table };
  if (!grouped && isAggregateOnly(tokens.slice(start + 1, fromIndex), base)) return { kind: 'bounded', table };
  return { kind: filtered ? 'filtered' : 'unbounded', ...(table ? { table } : {}) };
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
 * function or the database's own catalog.
 */
function readTable(tokens: readonly Token[], index: number): string | null {
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
    if (next?.type === 'punct' && next.text === '(') return null;
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
