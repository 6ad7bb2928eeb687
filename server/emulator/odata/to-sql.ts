/**
 * `$filter` phase 3 for table queries: the syntax tree to a WHERE fragment of SQLite SQL. Every
 * value becomes a bound parameter; property paths resolve against the table's metadata, one
 * navigation property deep through a correlated subquery.
 */
import { errors } from '../errors.js';
import { isoSeconds, normalizeGuid, parseDateValue } from '../format.js';
import { q, typeColumn } from '../db.js';
import { MODEL, isPolymorphic, type EntityModel } from '../metadata/model.js';
import type { AttributeDef } from '../metadata/types.js';
import type { AliasOperand, ArrayValue, CompareOp, Expr, Literal, Operand, PathOperand } from './ast.js';
import { LITERAL_EDM, compatible, edmType, type EdmType } from './edm.js';
import { syntaxError } from './lex.js';
import { parseAliasValue } from './parse.js';
import { TSQL_LIKE_FUNCTION, needsTsqlLike } from './like.js';

const OP_KIND: Record<CompareOp, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};
const OP_SQL: Record<CompareOp, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };

export interface CompileContext {
  readonly model: EntityModel;
  /** Raw parameter alias values from the query string (`@p1` → text). */
  readonly aliases: ReadonlyMap<string, string>;
  /** The calling user (for EqualUserId). */
  readonly userId: string;
  readonly now: Date;
  /** Table alias of the outer query. */
  readonly alias: string;
}

interface SqlOperand {
  sql: string;
  type: EdmType | null;
  attr?: AttributeDef;
  isNull?: boolean;
}

export interface CompiledSql {
  sql: string;
  params: unknown[];
}

class SqlCompiler {
  readonly params: unknown[] = [];
  constructor(private readonly ctx: CompileContext) {}

  private bind(value: unknown): string {
    this.params.push(value);
    return '?';
  }

  private resolveAlias(op: AliasOperand): Literal | ArrayValue {
    const raw = this.ctx.aliases.get(op.name);
    if (raw === undefined) return { kind: 'lit', type: 'null', value: null, pos: op.pos };
    return parseAliasValue(raw);
  }

  private literalValue(lit: Literal, target: AttributeDef | undefined): unknown {
    if (lit.type === 'bool') return lit.value ? 1 : 0;
    if (lit.type === 'datetime' && target?.dateFormat === 'DateOnly') return String(lit.value).slice(0, 10);
    if (lit.type === 'date' && target && target.type === 'DateTime' && target.dateFormat !== 'DateOnly') {
      return `${String(lit.value)}T00:00:00Z`;
    }
    return lit.value;
  }

  /** Resolves a property path to an SQL expression; lookups traverse with a correlated subquery. */
  private column(path: PathOperand): SqlOperand {
    const { model, alias } = this.ctx;
    const [first, second, third] = path.segments;
    if (third !== undefined)
      throw errors.notSupported(
        `Property paths deeper than one navigation property ('${path.segments.join('/')}') are not supported by the emulator.`,
      );
    if (second === undefined) {
      const attr = model.properties.get(first!);
      if (!attr) {
        if (model.navigation.has(first!)) {
          throw errors.query(
            `The navigation property '${first}' cannot be compared; compare its lookup property '_${model.navigation.get(first!)!.attribute.logicalName}_value' instead.`,
          );
        }
        throw errors.propertyNotFound(first!, model.def.logicalName);
      }
      return { sql: `${alias}.${q(attr.logicalName)}`, type: edmType(attr), attr };
    }
    const nav = model.navigation.get(first!);
    if (!nav) throw errors.propertyNotFound(first!, model.def.logicalName);
    const target = MODEL.byLogicalName(nav.target);
    if (!target) throw errors.notSupported(`Navigation to '${nav.target}' is not supported by the emulator.`);
    const attr = target.properties.get(second);
    if (!attr) throw errors.propertyNotFound(second, target.def.logicalName);
    const typeCheck =
      isPolymorphic(nav.attribute) && nav.name !== 'ownerid'
        ? ` AND ${alias}.${q(typeColumn(nav.attribute))} = ${this.bind(nav.target)}`
        : '';
    const sql = `(SELECT s.${q(attr.logicalName)} FROM ${q(target.def.logicalName)} s WHERE s.${q(target.def.primaryIdAttribute)} = ${alias}.${q(nav.attribute.logicalName)}${typeCheck})`;
    return { sql, type: edmType(attr), attr };
  }

  private operand(op: Operand, other?: AttributeDef): SqlOperand {
    if (op.kind === 'path') return this.column(op);
    const lit = op.kind === 'alias' ? this.resolveAlias(op) : op;
    if (lit.kind === 'array') throw syntaxError(lit.pos, '');
    if (lit.type === 'null') return { sql: 'NULL', type: null, isNull: true };
    return { sql: this.bind(this.literalValue(lit, other)), type: LITERAL_EDM[lit.type] };
  }

  compile(e: Expr): string {
    switch (e.kind) {
      case 'and':
      case 'or':
        return `(${this.compile(e.left)} ${e.kind.toUpperCase()} ${this.compile(e.right)})`;
      case 'not':
        return `(NOT ${this.compile(e.expr)})`;
      case 'cmp':
        return this.compare(e.op, e.left, e.right);
      case 'strfn':
        return this.stringFunction(e.fn, e.target, e.value);
      case 'crmfn':
        return this.queryFunction(e.name, e.params);
    }
  }

  private compare(op: CompareOp, l: Operand, r: Operand): string {
    // Resolve paths first so literals can be shaped for the column they meet (DateOnly vs DateTime).
    const leftPath = l.kind === 'path' ? this.column(l) : undefined;
    const rightPath = r.kind === 'path' ? this.column(r) : undefined;
    const left = leftPath ?? this.operand(l, rightPath?.attr);
    const right = rightPath ?? this.operand(r, leftPath?.attr);
    if (left.type && right.type && !compatible(left.type, right.type)) {
      throw errors.query(
        `A binary operator with incompatible types was detected. Found operand types '${left.type}' and '${right.type}' for operator kind '${OP_KIND[op]}'.`,
      );
    }
    if (left.isNull || right.isNull) {
      const other = left.isNull ? right : left;
      if (op === 'eq') return `(${other.sql} IS NULL)`;
      if (op === 'ne') return `(${other.sql} IS NOT NULL)`;
      return '(0)';
    }
    const collate = left.type === 'Edm.String' || right.type === 'Edm.String' ? ' COLLATE NOCASE' : '';
    return `(${left.sql} ${OP_SQL[op]} ${right.sql}${collate})`;
  }

  private stringFunction(
    fn: 'contains' | 'startswith' | 'endswith',
    target: Operand,
    value: Operand,
  ): string {
    const t = this.operand(target);
    const valueLit = value.kind === 'alias' ? this.resolveAlias(value) : value;
    if (t.type !== 'Edm.String' || valueLit.kind !== 'lit' || valueLit.type !== 'string') {
      throw errors.query(
        `No function signature for the function with name '${fn}' matches the specified arguments. The function signatures considered are: ${fn}(Edm.String Nullable=true, Edm.String Nullable=true).`,
      );
    }
    // Dataverse passes the value to SQL Server LIKE, wildcards and all (%, _, [abc], [^a]; a
    // literal wildcard is bracketed: [%]) — see odata/like.ts for the Microsoft Learn pages. Plain
    // %/_ patterns mean the same to SQLite's LIKE and keep its speed; a bracket needs the T-SQL
    // matcher registered on the connection. Either way the pattern is a bound parameter.
    const v = String(valueLit.value);
    const pattern = fn === 'contains' ? `%${v}%` : fn === 'startswith' ? `${v}%` : `%${v}`;
    if (needsTsqlLike(pattern)) return `(${TSQL_LIKE_FUNCTION}(${t.sql}, ${this.bind(pattern)}) = 1)`;
    return `(${t.sql} LIKE ${this.bind(pattern)})`;
  }

  private param(
    params: ReadonlyMap<string, Operand | ArrayValue>,
    name: string,
    fn: string,
  ): Literal | ArrayValue {
    const raw = params.get(name);
    if (!raw)
      throw errors.query(
        `The query function 'Microsoft.Dynamics.CRM.${fn}' requires the parameter '${name}'.`,
      );
    if (raw.kind === 'alias') return this.resolveAlias(raw);
    if (raw.kind === 'path')
      throw errors.query(`The parameter '${name}' of 'Microsoft.Dynamics.CRM.${fn}' must be a literal.`);
    return raw;
  }

  /** Resolves `PropertyName='x'`: Dataverse names the column by logical name; `_x_value` is accepted too. */
  private propertyParam(params: ReadonlyMap<string, Operand | ArrayValue>, fn: string): AttributeDef {
    const p = this.param(params, 'PropertyName', fn);
    if (p.kind !== 'lit' || p.type !== 'string')
      throw errors.query(`PropertyName of 'Microsoft.Dynamics.CRM.${fn}' must be a string.`);
    const name = String(p.value);
    const attr = this.ctx.model.attributes.get(name) ?? this.ctx.model.properties.get(name);
    if (!attr) throw errors.propertyNotFound(name, this.ctx.model.def.logicalName);
    return attr;
  }

  /** Converts a query-function value (always written as a string) to the column's storage value. */
  private coerce(attr: AttributeDef, lit: Literal, fn: string): unknown {
    const text = String(lit.value);
    const bad = () =>
      errors.query(
        `The value '${text}' of 'Microsoft.Dynamics.CRM.${fn}' is not valid for the column '${attr.logicalName}'.`,
      );
    switch (edmType(attr)) {
      case 'Edm.Int32':
      case 'Edm.Int64':
      case 'Edm.Decimal':
        if (!/^-?\d+(\.\d+)?$/.test(text)) throw bad();
        return Number(text);
      case 'Edm.Boolean':
        if (text === 'true' || text === '1') return 1;
        if (text === 'false' || text === '0') return 0;
        throw bad();
      case 'Edm.Guid': {
        const g = normalizeGuid(text);
        if (!g) throw bad();
        return g;
      }
      case 'Edm.Date':
      case 'Edm.DateTimeOffset': {
        const v = parseDateValue(text, attr.dateFormat === 'DateOnly');
        if (!v) throw bad();
        return v;
      }
      default:
        return text;
    }
  }

  private dayStart(offsetDays: number): string {
    const d = new Date(this.ctx.now);
    d.setUTCHours(0, 0, 0, 0);
    d.setUTCDate(d.getUTCDate() + offsetDays);
    return isoSeconds(d);
  }

  private queryFunction(name: string, params: ReadonlyMap<string, Operand | ArrayValue>): string {
    const a = this.ctx.alias;
    switch (name) {
      case 'In':
      case 'NotIn': {
        const attr = this.propertyParam(params, name);
        const values = this.param(params, 'PropertyValues', name);
        if (values.kind !== 'array' || values.items.length === 0)
          throw errors.query(`PropertyValues of 'Microsoft.Dynamics.CRM.${name}' must be a non-empty array.`);
        const list = values.items.map((v) => this.bind(this.coerce(attr, v, name))).join(', ');
        return `(${a}.${q(attr.logicalName)} ${name === 'In' ? 'IN' : 'NOT IN'} (${list}))`;
      }
      case 'Between':
      case 'NotBetween': {
        const attr = this.propertyParam(params, name);
        const values = this.param(params, 'PropertyValues', name);
        if (values.kind !== 'array' || values.items.length !== 2)
          throw errors.query(
            `PropertyValues of 'Microsoft.Dynamics.CRM.${name}' must be an array of two values.`,
          );
        const lo = this.bind(this.coerce(attr, values.items[0]!, name));
        const hi = this.bind(this.coerce(attr, values.items[1]!, name));
        return `(${a}.${q(attr.logicalName)} ${name === 'Between' ? '' : 'NOT '}BETWEEN ${lo} AND ${hi})`;
      }
      case 'EqualUserId':
      case 'NotEqualUserId': {
        const attr = this.propertyParam(params, name);
        return `(${a}.${q(attr.logicalName)} ${name === 'EqualUserId' ? '=' : '<>'} ${this.bind(this.ctx.userId)})`;
      }
      case 'Today':
      case 'Yesterday':
      case 'Tomorrow': {
        const attr = this.propertyParam(params, name);
        const off = name === 'Today' ? 0 : name === 'Yesterday' ? -1 : 1;
        return this.range(attr, this.dayStart(off), this.dayStart(off + 1));
      }
      case 'LastXDays':
      case 'NextXDays':
      case 'LastXHours':
      case 'OlderThanXDays': {
        const attr = this.propertyParam(params, name);
        const v = this.param(params, 'PropertyValue', name);
        const n = v.kind === 'lit' ? Number(v.value) : NaN;
        if (!Number.isInteger(n) || n < 0)
          throw errors.query(`PropertyValue of 'Microsoft.Dynamics.CRM.${name}' must be a whole number.`);
        const now = isoSeconds(this.ctx.now);
        if (name === 'LastXDays') return this.range(attr, this.dayStart(-n), now, true);
        if (name === 'NextXDays') return this.range(attr, now, this.dayStart(n + 1));
        if (name === 'LastXHours')
          return this.range(attr, isoSeconds(new Date(this.ctx.now.getTime() - n * 3_600_000)), now, true);
        return `(${a}.${q(attr.logicalName)} < ${this.bind(this.dayStart(-n))})`;
      }
      case 'On':
      case 'OnOrAfter':
      case 'OnOrBefore': {
        const attr = this.propertyParam(params, name);
        const v = this.param(params, 'PropertyValue', name);
        const day = v.kind === 'lit' ? parseDateValue(String(v.value).slice(0, 10), true) : undefined;
        if (!day) throw errors.query(`PropertyValue of 'Microsoft.Dynamics.CRM.${name}' must be a date.`);
        const start = attr.dateFormat === 'DateOnly' ? day : `${day}T00:00:00Z`;
        const nextDay = new Date(`${day}T00:00:00Z`);
        nextDay.setUTCDate(nextDay.getUTCDate() + 1);
        const end = attr.dateFormat === 'DateOnly' ? isoSeconds(nextDay).slice(0, 10) : isoSeconds(nextDay);
        const col = `${a}.${q(attr.logicalName)}`;
        if (name === 'On') return this.range(attr, start, end);
        if (name === 'OnOrAfter') return `(${col} >= ${this.bind(start)})`;
        return `(${col} < ${this.bind(end)})`;
      }
      default:
        throw errors.notSupported(
          `The query function 'Microsoft.Dynamics.CRM.${name}' is not supported by the emulator.`,
        );
    }
  }

  private range(attr: AttributeDef, from: string, to: string, inclusiveEnd = false): string {
    const col = `${this.ctx.alias}.${q(attr.logicalName)}`;
    return `(${col} >= ${this.bind(from)} AND ${col} ${inclusiveEnd ? '<=' : '<'} ${this.bind(to)})`;
  }
}

/** Compiles a parsed filter to a WHERE fragment with positional parameters. */
export function compileFilter(expr: Expr, ctx: CompileContext): CompiledSql {
  const c = new SqlCompiler(ctx);
  const sql = c.compile(expr);
  return { sql, params: c.params };
}
