/**
 * Reads the filters of ORM queries into predicates (query-selectivity.ts): filter objects (Prisma,
 * TypeORM find options, Sequelize, Mongoose/MongoDB) at any depth, and the filter calls of builder
 * chains (knex `where*`, TypeORM QueryBuilder `where`/`innerJoin`, Mongoose `where().gte()`).
 * Operator names are data (FIELD_OPERATORS); the call shapes of each builder are one function each.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getStaticPropertyName, isFunctionNode, skipTypeWrappers } from './ast.js';
import { combineOr, type Predicate, type PredicateOp } from './query-selectivity.js';
import { resolveVariable } from './scope.js';
import { readSqlCondition } from './sql.js';

/** How a builder's filter calls take their arguments. */
export type FilterShape = 'knex' | 'typeorm' | 'mongoose' | 'mongodb';

type OperatorEffect = PredicateOp | 'and' | 'or' | 'nor' | 'relation' | 'ignore';

/**
 * Operator keys of filter objects, lower-cased without `$` (Prisma `gte`, Mongo `$gte`, Sequelize
 * `[Op.gte]` all read as `gte`). A `relation` operator holds a nested filter on related rows.
 */
const FIELD_OPERATORS: Readonly<Record<string, OperatorEffect>> = {
  equals: 'equality', eq: 'equality', in: 'equality', has: 'equality', hassome: 'equality', hasevery: 'equality', all: 'equality', any: 'equality',
  not: 'negation', ne: 'negation', nin: 'negation', notin: 'negation', noteq: 'negation', notlike: 'negation', notilike: 'negation', notbetween: 'negation', notregexp: 'negation', every: 'negation', none: 'negation', isnot: 'negation',
  lt: 'range', lte: 'range', gt: 'range', gte: 'range', between: 'range',
  contains: 'pattern', startswith: 'pattern', endswith: 'pattern', search: 'pattern', like: 'pattern', ilike: 'pattern', regex: 'pattern', regexp: 'pattern', iregexp: 'pattern', substring: 'pattern', text: 'pattern', overlap: 'pattern',
  exists: 'existence', isempty: 'existence', isset: 'existence', type: 'existence',
  some: 'relation', is: 'relation', elemmatch: 'relation',
  mode: 'ignore', options: 'ignore', casesensitive: 'ignore',
};
/** Keys that combine filters, at the level of a filter object. */
const COMBINATORS: Readonly<Record<string, OperatorEffect>> = { and: 'and', or: 'or', nor: 'nor', not: 'nor' };

/** TypeORM find operators, by function name. */
const TYPEORM_FUNCTIONS: Readonly<Record<string, PredicateOp>> = {
  Equal: 'equality', In: 'equality', Any: 'equality', ArrayContains: 'equality',
  Not: 'negation',
  LessThan: 'range', LessThanOrEqual: 'range', MoreThan: 'range', MoreThanOrEqual: 'range', Between: 'range',
  IsNull: 'existence',
  Like: 'pattern', ILike: 'pattern', ArrayOverlap: 'pattern',
  Raw: 'opaque', And: 'opaque', Or: 'opaque',
};

/** knex comparison operators in `where(col, op, value)`. */
const KNEX_OPERATORS: Readonly<Record<string, PredicateOp>> = {
  '=': 'equality', in: 'equality',
  '<': 'range', '<=': 'range', '>': 'range', '>=': 'range', between: 'range',
  '!=': 'negation', '<>': 'negation', 'not in': 'negation', 'not between': 'negation',
  like: 'pattern', ilike: 'pattern', 'not like': 'negation', '~': 'pattern', '~*': 'pattern',
  is: 'existence', 'is not': 'existence',
};

/** knex `where*` calls after `where`/`orWhere`/`andWhere`, and `having*`. */
const KNEX_WHERE_CALLS: Readonly<Record<string, PredicateOp | 'where' | 'raw' | 'none'>> = {
  where: 'where', whereNot: 'negation', whereIn: 'equality', whereNotIn: 'negation', whereNull: 'existence',
  whereNotNull: 'existence', whereBetween: 'range', whereNotBetween: 'negation', whereLike: 'pattern', whereILike: 'pattern',
  whereRaw: 'raw', whereExists: 'opaque', whereNotExists: 'negation', whereColumn: 'none', whereJsonObject: 'opaque',
  whereJsonPath: 'opaque', whereJsonSupersetOf: 'opaque', whereJsonSubsetOf: 'opaque',
};

const MONGOOSE_PATH_CALLS: Readonly<Record<string, PredicateOp>> = {
  equals: 'equality', in: 'equality', all: 'equality',
  ne: 'negation', nin: 'negation',
  gt: 'range', gte: 'range', lt: 'range', lte: 'range',
  exists: 'existence', regex: 'pattern',
  size: 'opaque', near: 'opaque', within: 'opaque', elemMatch: 'opaque', mod: 'opaque', merge: 'opaque', setQuery: 'opaque',
};

type ValueKind = 'runtime' | 'constant' | 'absent';

/** A column that identifies one row (the last segment of a path): `id`, `tags.id`, `_id`, `uuid`. */
const ROW_KEY_COLUMN = /(?:^|\.)(?:id|_id|uuid)$/u;

export interface FilterReader {
  /** Predicates of a filter object; an unreadable object is one `opaque` predicate. */
  readObjectFilter(node: TSESTree.Node, prefix?: string): Predicate[];
  /** Predicates of a builder's filter call, or null when the call is not a filter. */
  readChainCall(shape: FilterShape, name: string, call: TSESTree.CallExpression): Predicate[] | null;
  /** Whether a value is a runtime value, a constant, or absent (`undefined`). */
  valueKind(node: TSESTree.Node): ValueKind;
}

export function createFilterReader(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolveObject: (node: TSESTree.Node) => TSESTree.ObjectExpression | null,
  textOf: (node: TSESTree.Node | undefined) => string | null,
): FilterReader {
  function readObjectFilter(raw: TSESTree.Node, prefix = ''): Predicate[] {
    const node = skipTypeWrappers(raw);
    if (node.type === AST_NODE_TYPES.ArrayExpression) {
      // TypeORM `where: [a, b]` is `a OR b`.
      const branches = node.elements.flatMap((element) => (element && element.type !== AST_NODE_TYPES.SpreadElement ? [readObjectFilter(element, prefix)] : []));
      const combined = combineOr(branches, prefix);
      return combined ? [combined] : [];
    }
    const object = resolveObject(node);
    if (!object) return valueKind(node) === 'absent' ? [] : [{ op: 'opaque', column: prefix, text: shortText(node) }];
    const predicates: Predicate[] = [];
    for (const property of object.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        predicates.push(...readObjectFilter(property.argument, prefix));
        continue;
      }
      const key = propertyKey(property);
      if (key === null) {
        predicates.push({ op: 'opaque', column: prefix });
        continue;
      }
      readProperty(key, property, prefix, predicates);
    }
    return predicates;
  }

  function readProperty(key: string, property: TSESTree.Property, prefix: string, out: Predicate[]): void {
    const value = skipTypeWrappers(property.value);
    const combinator = COMBINATORS[normalise(key)];
    if (combinator === 'and') {
      const parts = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
      for (const part of parts) if (part && part.type !== AST_NODE_TYPES.SpreadElement) out.push(...readObjectFilter(part, prefix));
      return;
    }
    if (combinator === 'or') {
      const combined = value.type === AST_NODE_TYPES.ArrayExpression ? readObjectFilter(value, prefix)[0] : { op: 'opaque' as const, column: prefix };
      if (combined) out.push(combined);
      return;
    }
    if (combinator === 'nor') {
      out.push({ op: 'negation', column: prefix || key, text: shortText(property) });
      return;
    }
    readField(`${prefix}${key}`, value, property, out);
  }

  function readField(column: string, value: TSESTree.Node, property: TSESTree.Node, out: Predicate[]): void {
    const text = shortText(property);
    if (value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.Identifier && value.callee.name in TYPEORM_FUNCTIONS) {
      out.push(typeormFunction(value, column, text));
      return;
    }
    const object = value.type === AST_NODE_TYPES.ObjectExpression ? value : null;
    if (!object) {
      const kind = valueKind(value);
      if (kind !== 'absent') out.push(equalityPredicate(kind, column, text, value));
      return;
    }
    if (!isOperatorObject(object)) {
      // A relation or embedded-document filter: `{ author: { id } }`, `{ project: { teamId } }`.
      const nested = readObjectFilter(object, `${column}.`);
      out.push(...(nested.length > 0 ? nested : []));
      return;
    }
    for (const operator of object.properties) {
      if (operator.type !== AST_NODE_TYPES.Property) {
        out.push({ op: 'opaque', column, text });
        continue;
      }
      const key = propertyKey(operator);
      const effect = key === null ? 'opaque' : FIELD_OPERATORS[normalise(key)] ?? 'opaque';
      const operand = skipTypeWrappers(operator.value);
      if (effect === 'ignore') continue;
      if (effect === 'relation') {
        out.push(...readObjectFilter(operand, `${column}.`));
        continue;
      }
      const kind = valueKind(operand);
      if (kind === 'absent') continue;
      if (effect === 'equality') out.push(equalityPredicate(kind, column, text, operand));
      // `{ not: null }`, `{ $ne: null }`: an existence check.
      else if (effect === 'negation' && isNullLiteral(operand)) out.push({ op: 'existence', column, text });
      else out.push({ op: effect as PredicateOp, column, text });
    }
  }

  /**
   * Equality on a runtime value pins a column; on a constant it usually does not (`status: 'PAID'`),
   * except on a row key (`id: DEMO_TAG_ID` is one row) or `null` (kept for the owner-key rule).
   */
  function equalityPredicate(kind: ValueKind, column: string, text: string | undefined, value: TSESTree.Node): Predicate {
    if (kind === 'runtime' || ROW_KEY_COLUMN.test(column)) return { op: 'equality', column, text };
    return { op: 'constant', column, text, ...(isNullLiteral(value) ? { isNull: true as const } : {}) };
  }

  function typeormFunction(call: TSESTree.CallExpression, column: string, text: string | undefined): Predicate {
    const name = (call.callee as TSESTree.Identifier).name;
    const op = TYPEORM_FUNCTIONS[name]!;
    const argument = call.arguments[0];
    if (op === 'equality') return argument ? equalityPredicate(valueKind(argument), column, text, argument) : { op: 'constant', column, text };
    if (name === 'IsNull') return { op: 'existence', column, text, isNull: true };
    if (op === 'negation' && argument?.type === AST_NODE_TYPES.CallExpression && argument.callee.type === AST_NODE_TYPES.Identifier && argument.callee.name === 'IsNull') {
      return { op: 'existence', column, text };
    }
    return { op, column, text };
  }

  function valueKind(raw: TSESTree.Node): ValueKind {
    const node = skipTypeWrappers(raw);
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        return 'constant';
      case AST_NODE_TYPES.TemplateLiteral:
        return node.expressions.length === 0 ? 'constant' : 'runtime';
      case AST_NODE_TYPES.UnaryExpression:
        return node.operator === 'void' ? 'absent' : valueKind(node.argument);
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.some((element) => element && valueKind(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element) === 'runtime') ? 'runtime' : 'constant';
      case AST_NODE_TYPES.Identifier:
        return identifierValueKind(node);
      case AST_NODE_TYPES.MemberExpression:
        return isEnumMember(node) ? 'constant' : 'runtime';
      default:
        return 'runtime';
    }
  }

  /** `undefined` is absent (Prisma and TypeORM drop the key); a `const` bound to a literal or a CONSTANT_NAME is a constant. */
  function identifierValueKind(node: TSESTree.Identifier): ValueKind {
    if (node.name === 'undefined') return 'absent';
    if (/^[A-Z][A-Z0-9_]*$/u.test(node.name) && node.name.length > 1) return 'constant';
    const def = resolveVariable(sourceCode, node)?.defs[0];
    if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.parent.kind !== 'const' || def.node.id !== def.name || !def.node.init) return 'runtime';
    const init = skipTypeWrappers(def.node.init);
    return init.type === AST_NODE_TYPES.Literal || (init.type === AST_NODE_TYPES.TemplateLiteral && init.expressions.length === 0) || (init.type === AST_NODE_TYPES.MemberExpression && isEnumMember(init))
      ? 'constant'
      : 'runtime';
  }

  function readChainCall(shape: FilterShape, name: string, call: TSESTree.CallExpression): Predicate[] | null {
    switch (shape) {
      case 'knex':
        return readKnexCall(name, call);
      case 'typeorm':
        return readTypeormCall(name, call);
      case 'mongoose':
        return readMongooseCall(name, call);
      case 'mongodb':
        return name === 'filter' && call.arguments[0] ? readObjectFilter(call.arguments[0]) : null;
    }
  }

  function readKnexCall(name: string, call: TSESTree.CallExpression): Predicate[] | null {
    if (/^(?:or|and)?[hH]aving/u.test(name)) return [{ op: 'opaque', column: '' }];
    const base = name.replace(/^(?:or|and)W/u, 'w');
    // A project's own `where*` helper (`whereEqualLowercase`) filters in a way we cannot read.
    const effect = KNEX_WHERE_CALLS[base] ?? (/^where[A-Z]/u.test(base) ? 'opaque' : undefined);
    if (effect === undefined) return null;
    const args = call.arguments;
    const column = args[0] ? (textOf(args[0]) ?? '') : '';
    const text = shortText(call);
    switch (effect) {
      case 'none':
        return [];
      case 'raw':
        return sqlCondition(args[0], undefined);
      case 'where':
        return readKnexWhere(args, column, text);
      case 'equality':
        return [{ op: args[1] && valueKind(args[1]) === 'constant' ? 'constant' : 'equality', column, text }];
      default:
        return [{ op: effect, column, text, ...(base === 'whereNull' ? { isNull: true as const } : {}) }];
    }
  }

  function readKnexWhere(args: readonly TSESTree.CallExpressionArgument[], column: string, text: string | undefined): Predicate[] {
    const [first, second, third] = args;
    if (!first) return [];
    if (args.length === 1) {
      const node = skipTypeWrappers(first);
      if (isFunctionNode(node)) return [{ op: 'opaque', column: '', text }];
      // knex object filters are plain equalities: `where({ user_id: id })`.
      return readObjectFilter(node);
    }
    if (args.length === 2 && second) {
      const kind = valueKind(second);
      if (kind === 'absent') return [{ op: 'opaque', column, text }];
      return [isNullLiteral(second) ? { op: 'existence', column, text, isNull: true } : equalityPredicate(kind, column, text, second)];
    }
    const operator = second ? textOf(second)?.toLowerCase().trim() : undefined;
    const op = operator === undefined ? 'opaque' : KNEX_OPERATORS[operator] ?? 'opaque';
    if (op === 'equality' && third && valueKind(third) === 'constant') return [{ op: 'constant', column, text }];
    return [{ op, column, text }];
  }

  function readTypeormCall(name: string, call: TSESTree.CallExpression): Predicate[] | null {
    const [first, second, third, fourth] = call.arguments;
    if (/^(?:and|or)?[wW]hereInIds$/u.test(name)) return [{ op: 'equality', column: 'id', text: shortText(call) }];
    if (/^(?:and|or)?[wW]here(?:Exists)?$/u.test(name) || /^(?:and|or)?[hH]aving$/u.test(name)) {
      if (!first) return [];
      const node = skipTypeWrappers(first);
      const text = textOf(node);
      if (text !== null) return sqlCondition(node, second);
      if (node.type === AST_NODE_TYPES.ObjectExpression || node.type === AST_NODE_TYPES.ArrayExpression) return readObjectFilter(node);
      return [{ op: 'opaque', column: '', text: shortText(call) }];
    }
    // `innerJoin('o.user', 'u', 'u.id = :userId', { userId })`: an inner join on a pinned row filters.
    if (/^innerJoin/u.test(name)) return third ? sqlCondition(third, fourth).filter((predicate) => predicate.op === 'equality') : [];
    return null;
  }

  function readMongooseCall(name: string, call: TSESTree.CallExpression): Predicate[] | null {
    const [first, second] = call.arguments;
    if (name === 'where') {
      if (!first) return [];
      const path = textOf(first);
      if (path === null) return readObjectFilter(first);
      return second ? [{ op: valueKind(second) === 'runtime' ? 'equality' : 'constant', column: path, text: shortText(call) }] : [];
    }
    if (name === 'and' || name === 'or' || name === 'nor') {
      const filter = first && name !== 'nor' ? readObjectFilter(first) : [{ op: 'negation' as const, column: '' }];
      return name === 'or' && first?.type === AST_NODE_TYPES.ArrayExpression ? filter : filter;
    }
    const op = MONGOOSE_PATH_CALLS[name];
    if (!op) return null;
    const column = mongoosePath(call) ?? (first ? (textOf(first) ?? name) : name);
    const operand = call.arguments.at(-1);
    if (op === 'equality') return [{ op: operand && valueKind(operand) === 'runtime' ? 'equality' : 'constant', column, text: shortText(call) }];
    return [{ op, column, text: shortText(call) }];
  }

  /** `where('createdAt').gte(since)`: the path named by the `where` before the operator. */
  function mongoosePath(call: TSESTree.CallExpression): string | null {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const previous = skipTypeWrappers(callee.object);
    if (previous.type !== AST_NODE_TYPES.CallExpression || previous.arguments.length !== 1) return null;
    const previousCallee = skipTypeWrappers(previous.callee);
    if (previousCallee.type !== AST_NODE_TYPES.MemberExpression || getStaticPropertyName(previousCallee) !== 'where') return null;
    return textOf(previous.arguments[0]);
  }

  /** A SQL condition with named parameters, whose values (`{ status: 'open' }`) may be constants. */
  function sqlCondition(node: TSESTree.Node | undefined, params: TSESTree.Node | undefined): Predicate[] {
    const text = textOf(node);
    if (text === null) return [{ op: 'opaque', column: '' }];
    const predicates = readSqlCondition(text);
    const object = params ? resolveObject(params) : null;
    if (!object) return predicates;
    return predicates.map((predicate) => {
      if (predicate.param === undefined) return predicate;
      const property = object.properties.find((candidate) => candidate.type === AST_NODE_TYPES.Property && propertyKey(candidate) === predicate.param);
      return property?.type === AST_NODE_TYPES.Property && valueKind(property.value) === 'constant' ? { ...predicate, op: 'constant' } : predicate;
    });
  }

  /** The predicate's source on one line, for messages; none when it is long. */
  function shortText(node: TSESTree.Node): string | undefined {
    const [start, end] = node.range;
    if (end - start > 200) return undefined;
    const text = sourceCode.text.slice(start, end).replace(/\s+/gu, ' ').replace(/([{[]) /gu, '$1').replace(/ ([}\]])/gu, '$1');
    return text.length > 80 ? undefined : text.replace(/`/gu, "'");
  }

  return { readObjectFilter, readChainCall, valueKind };
}

function normalise(key: string): string {
  return key.replace(/^\$/u, '').toLowerCase();
}

function isOperatorObject(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const key = propertyKey(property);
    return key !== null && (key.startsWith('$') || (property.computed && isOpKey(property.key)) || normalise(key) in FIELD_OPERATORS);
  });
}

/** A key's name; Sequelize's `[Op.gte]` reads as `gte`. */
function propertyKey(property: TSESTree.Property): string | null {
  if (property.computed && isOpKey(property.key)) return getStaticPropertyName(property.key as TSESTree.MemberExpression);
  return getStaticPropertyName(property);
}

function isOpKey(key: TSESTree.Node): boolean {
  return key.type === AST_NODE_TYPES.MemberExpression && !key.computed && key.object.type === AST_NODE_TYPES.Identifier && key.object.name === 'Op';
}

/** `Status.ACTIVE`, `OrderState.Paid`, `Prisma.DbNull`: a member of a PascalCase or CONSTANT namespace. */
function isEnumMember(node: TSESTree.MemberExpression): boolean {
  return (
    !node.computed &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    /^[A-Z]/u.test(node.object.name) &&
    node.property.type === AST_NODE_TYPES.Identifier &&
    /^[A-Z]/u.test(node.property.name)
  );
}

function isNullLiteral(raw: TSESTree.Node): boolean {
  const node = skipTypeWrappers(raw);
  return node.type === AST_NODE_TYPES.Literal && node.value === null && !('regex' in node);
}
