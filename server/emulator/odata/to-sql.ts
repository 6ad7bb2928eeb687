/**
 * `$filter` phase 3 for table queries: the syntax tree to a WHERE fragment of SQLite SQL. Every
 * value becomes a bound parameter; property paths resolve against the table's metadata (`paths.ts`),
 * those through lookups as semi-joins on the related tables.
 */
import { errors } from '../errors.js';
import { isoSeconds, normalizeGuid, parseDateValue } from '../format.js';
import { q, typeColumn } from '../db.js';
import { isPolymorphic, type EntityModel } from '../metadata/model.js';
import type { AttributeDef } from '../metadata/types.js';
import type { AliasOperand, ArrayValue, CompareOp, Expr, Literal, Operand, PathOperand } from './ast.js';
import { LITERAL_EDM, compatible, edmType, type EdmType } from './edm.js';
import { syntaxError } from './lex.js';
import { bindPath, type BoundPath, type PathUse } from './paths.js';
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

/** Whether an expression has a path through a lookup anywhere in it. */
function throughNavigation(e: Expr): boolean {
  const nav = (op: Operand) => op.kind === 'path' && op.segments.length > 1;
  switch (e.kind) {
    case 'and':
    case 'or':
      return throughNavigation(e.left) || throughNavigation(e.right);
    case 'not':
      return throughNavigation(e.expr);
    case 'cmp':
      return nav(e.left) || nav(e.right);
    case 'strfn':
      return nav(e.target);
    case 'crmfn':
      return false;
  }
}

const maybeNot = (sql: string, negated: boolean): string => (negated ? `(NOT ${sql})` : sql);

class SqlCompiler {
  readonly params: unknown[] = [];
  /** Counter for the aliases of related tables (`n1`, `n2`, …), unique within one filter. */
  private navAliases = 0;
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

  /** A column of the queried table itself; paths through lookups go through `navigation`. */
  private column(path: PathOperand, use: PathUse): SqlOperand {
    const bound = bindPath(this.ctx.model, path, use);
    if (bound.hops.length > 0)
      throw errors.notSupported(
        `Comparing '${path.segments.join('/')}' with another property is not supported by the emulator; compare a related row's property with a value.`,
      );
    return {
      sql: `${this.ctx.alias}.${q(bound.attr.logicalName)}`,
      type: edmType(bound.attr),
      attr: bound.attr,
    };
  }

  /**
   * A condition on a property reached through lookups, as nested semi-joins:
   * `t.fk IN (SELECT n1.pk FROM target n1 WHERE <condition on n1>)`, with the type column checked
   * for a polymorphic lookup. A row whose lookup is empty or points at another table (or row) has
   * no value there, so the condition does not hold — and, as with an SQL join, neither does its
   * negation: under `not` the condition inside is negated instead of the membership. Semi-joins
   * let SQLite start from the indexed lookup columns of the related table rather than testing
   * every row of the queried one.
   */
  private navigation(
    path: BoundPath,
    negated: boolean,
    selective: boolean,
    condition: (col: SqlOperand) => string,
  ): string {
    // SQLite cannot tell how many related rows a condition keeps, and drives the query from the
    // lookup index: right for a narrow condition (a scope chain's `…/_parentcustomerid_value eq
    // <id>`: 2 ms on the large seed), slow for one that keeps most rows (a sort of every match). A
    // negation or `ne` usually keeps most, so `+` turns the lookup into a membership test and the
    // scan follows the ORDER BY and stops at the page.
    const probe = selective ? '' : '+';
    let open = '';
    let close = '';
    let from = this.ctx.alias;
    let guard = '';
    for (const { nav, target } of path.hops) {
      const fk = `${from}.${q(nav.attribute.logicalName)}`;
      if (target === null) {
        // Owner: the abstract `principal` has no table here. It exists exactly when the lookup
        // holds a key, and that key is its one property, `ownerid`.
        guard = `${fk} IS NOT NULL AND `;
        break;
      }
      const alias = `n${++this.navAliases}`;
      const type = isPolymorphic(nav.attribute)
        ? `${from}.${q(typeColumn(nav.attribute))} = ${this.bind(nav.target)} AND `
        : '';
      open += `(${type}${probe}${fk} IN (SELECT ${alias}.${q(target.def.primaryIdAttribute)} FROM ${q(target.def.logicalName)} ${alias} WHERE `;
      close = `))${close}`;
      from = alias;
    }
    const col = { sql: `${from}.${q(path.attr.logicalName)}`, type: edmType(path.attr), attr: path.attr };
    const inner = negated ? `(NOT ${condition(col)})` : condition(col);
    return `${open}${guard ? `(${guard}${inner})` : inner}${close}`;
  }

  private operand(op: Operand, other?: AttributeDef): SqlOperand {
    if (op.kind === 'path') return this.column(op, { operator: 'Equal' });
    const lit = op.kind === 'alias' ? this.resolveAlias(op) : op;
    if (lit.kind === 'array') throw syntaxError(lit.pos, '');
    if (lit.type === 'null') return { sql: 'NULL', type: null, isNull: true };
    return { sql: this.bind(this.literalValue(lit, other)), type: LITERAL_EDM[lit.type] };
  }

  /**
   * The WHERE fragment of an expression. `negated` carries a `not` down to the conditions on
   * related tables (De Morgan), so each of those decides alone how a missing related row counts;
   * expressions without such paths keep their plain `NOT (…)`.
   */
  compile(e: Expr, negated = false): string {
    switch (e.kind) {
      case 'and':
      case 'or': {
        const kind = negated ? (e.kind === 'and' ? 'OR' : 'AND') : e.kind.toUpperCase();
        return `(${this.compile(e.left, negated)} ${kind} ${this.compile(e.right, negated)})`;
      }
      case 'not':
        if (throughNavigation(e.expr)) return this.compile(e.expr, !negated);
        return negated ? this.compile(e.expr) : `(NOT ${this.compile(e.expr)})`;
      case 'cmp':
        return this.compare(e.op, e.left, e.right, negated);
      case 'strfn':
        return this.stringFunction(e.fn, e.target, e.value, negated);
      case 'crmfn':
        return maybeNot(this.queryFunction(e.name, e.params), negated);
    }
  }

  private compare(op: CompareOp, l: Operand, r: Operand, negated: boolean): string {
    const use = { operator: OP_KIND[op] };
    const lb = l.kind === 'path' ? bindPath(this.ctx.model, l, use) : undefined;
    const rb = r.kind === 'path' ? bindPath(this.ctx.model, r, use) : undefined;
    const nav = lb && lb.hops.length > 0 ? lb : rb && rb.hops.length > 0 ? rb : undefined;
    if (!nav) return maybeNot(this.comparison(op, l, r), negated);
    if (lb && rb) {
      throw errors.notSupported(
        `Comparing '${(l as PathOperand).segments.join('/')}' with '${(r as PathOperand).segments.join('/')}' is not supported by the emulator; compare a related row's property with a value.`,
      );
    }
    const selective = op !== 'ne' && !negated;
    return this.navigation(nav, negated, selective, (col) =>
      nav === lb ? this.comparison(op, col, r) : this.comparison(op, l, col),
    );
  }

  /** A comparison of two operands; a path already resolved to a column comes as an SqlOperand. */
  private comparison(op: CompareOp, l: Operand | SqlOperand, r: Operand | SqlOperand): string {
    const use = { operator: OP_KIND[op] };
    // Resolve columns first so literals can be shaped for the column they meet (DateOnly vs DateTime).
    const leftCol = 'sql' in l ? l : l.kind === 'path' ? this.column(l, use) : undefined;
    const rightCol = 'sql' in r ? r : r.kind === 'path' ? this.column(r, use) : undefined;
    const left = leftCol ?? this.operand(l as Operand, rightCol?.attr);
    const right = rightCol ?? this.operand(r as Operand, leftCol?.attr);
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
    negated: boolean,
  ): string {
    const bound = target.kind === 'path' ? bindPath(this.ctx.model, target, { fn }) : undefined;
    if (bound && bound.hops.length > 0) {
      return this.navigation(bound, negated, !negated, (col) => this.like(fn, col, value));
    }
    const t = target.kind === 'path' ? this.column(target, { fn }) : this.operand(target);
    return maybeNot(this.like(fn, t, value), negated);
  }

  private like(fn: 'contains' | 'startswith' | 'endswith', t: SqlOperand, value: Operand): string {
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
