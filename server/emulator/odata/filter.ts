/**
 * OData `$filter` for the emulator: a lexer and recursive-descent parser producing a small AST, a
 * compiler from that AST to parameterised SQLite SQL for table queries, and an in-memory evaluator
 * for metadata queries (`EntityDefinitions?$filter=…`).
 *
 * Why hand-written: the npm packages that parse OData (`odata-parser`, `odata-v4-parser`,
 * `@odata/parser`, `odata-v4-sql`) were checked; they are unmaintained (last releases years old),
 * target OData v2/v3 or generic v4 without the Dataverse dialect — unquoted GUIDs, fully qualified
 * query functions with named parameters (`Microsoft.Dynamics.CRM.In(PropertyName=…,PropertyValues=[…])`),
 * `_x_value` lookups, parameter aliases — and the SQL generators among them inline values into the
 * SQL text. This parser covers exactly the grammar Dataverse documents
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows) and every
 * value reaches SQLite as a bound parameter, never as SQL text.
 */
import type { DataverseError } from '../errors.js';
import { errors } from '../errors.js';
import { isoSeconds, normalizeGuid, parseDateValue } from '../format.js';
import { q, typeColumn } from '../db.js';
import { MODEL, isPolymorphic, type EntityModel } from '../metadata/model.js';
import type { AttributeDef } from '../metadata/types.js';
import { TSQL_LIKE_FUNCTION, needsTsqlLike, tsqlLike } from './like.js';

export type LiteralType =
  'string' | 'int' | 'decimal' | 'bool' | 'null' | 'guid' | 'datetime' | 'date' | 'enum';

export interface Literal {
  readonly kind: 'lit';
  readonly type: LiteralType;
  readonly value: string | number | boolean | null;
  readonly pos: number;
}
export interface PathOperand {
  readonly kind: 'path';
  readonly segments: readonly string[];
  readonly pos: number;
}
export interface AliasOperand {
  readonly kind: 'alias';
  readonly name: string;
  readonly pos: number;
}
export interface ArrayValue {
  readonly kind: 'array';
  readonly items: readonly Literal[];
  readonly pos: number;
}
export type Operand = Literal | PathOperand | AliasOperand;
export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type Expr =
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly expr: Expr; readonly pos: number }
  | {
      readonly kind: 'cmp';
      readonly op: CompareOp;
      readonly left: Operand;
      readonly right: Operand;
      readonly pos: number;
    }
  | {
      readonly kind: 'strfn';
      readonly fn: 'contains' | 'startswith' | 'endswith';
      readonly target: Operand;
      readonly value: Operand;
      readonly pos: number;
    }
  | {
      readonly kind: 'crmfn';
      readonly name: string;
      readonly params: ReadonlyMap<string, Operand | ArrayValue>;
      readonly pos: number;
    };

type Token =
  | { t: 'punct'; v: '(' | ')' | ',' | '/' | '=' | '[' | ']' | ':'; pos: number }
  | { t: 'ident'; v: string; pos: number }
  | { t: 'alias'; v: string; pos: number }
  | { t: 'lit'; lit: Literal; pos: number }
  | { t: 'end'; pos: number };

const GUID_AT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;
const DATETIME_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})/;
const DATE_AT = /^\d{4}-\d{2}-\d{2}(?![\w:])/;
const NUMBER_AT = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:[mMdDfFlL](?!\w))?/;
const IDENT_AT = /^[A-Za-z_][A-Za-z0-9_.]*/;

export function syntaxError(pos: number, text: string): DataverseError {
  return errors.query(`Syntax error at position ${pos} in '${text}'.`);
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i += 1;
      continue;
    }
    const rest = text.slice(i);
    if ('(),/=[]:'.includes(ch)) {
      out.push({ t: 'punct', v: ch as '(', pos: i });
      i += 1;
      continue;
    }
    if (ch === "'") {
      // Single-quoted literal; a quote inside is written twice (`'O''Bryan'`).
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) {
          throw errors.query(`There is an unterminated literal at position ${text.length} in '${text}'.`);
        }
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j += 1;
      }
      out.push({ t: 'lit', lit: { kind: 'lit', type: 'string', value, pos: i }, pos: i });
      i = j + 1;
      continue;
    }
    if (ch === '"') {
      // JSON string, used inside the PropertyValues arrays of query functions.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) {
        throw errors.query(`There is an unterminated literal at position ${text.length} in '${text}'.`);
      }
      let value: string;
      try {
        value = JSON.parse(text.slice(i, j + 1)) as string;
      } catch {
        throw syntaxError(i, text);
      }
      out.push({ t: 'lit', lit: { kind: 'lit', type: 'string', value, pos: i }, pos: i });
      i = j + 1;
      continue;
    }
    if (ch === '@') {
      const m = IDENT_AT.exec(text.slice(i + 1));
      if (!m) throw syntaxError(i, text);
      out.push({ t: 'alias', v: m[0], pos: i });
      i += 1 + m[0].length;
      continue;
    }
    let m = GUID_AT.exec(rest);
    if (m) {
      out.push({ t: 'lit', lit: { kind: 'lit', type: 'guid', value: m[0].toLowerCase(), pos: i }, pos: i });
      i += m[0].length;
      continue;
    }
    m = DATETIME_AT.exec(rest);
    if (m) {
      const v = parseDateValue(m[0], false);
      if (!v)
        throw errors.query(
          `The DateTimeOffset text '${m[0]}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.`,
        );
      out.push({ t: 'lit', lit: { kind: 'lit', type: 'datetime', value: v, pos: i }, pos: i });
      i += m[0].length;
      continue;
    }
    m = DATE_AT.exec(rest);
    if (m) {
      const v = parseDateValue(m[0], true);
      if (!v) throw errors.query(`The Date text '${m[0]}' is not a valid date.`);
      out.push({ t: 'lit', lit: { kind: 'lit', type: 'date', value: v, pos: i }, pos: i });
      i += m[0].length;
      continue;
    }
    m = NUMBER_AT.exec(rest);
    if (m && (ch !== '-' || /\d/.test(rest[1] ?? ''))) {
      const raw = m[0].replace(/[mMdDfFlL]$/, '');
      const isInt = /^-?\d+$/.test(raw);
      out.push({
        t: 'lit',
        lit: { kind: 'lit', type: isInt ? 'int' : 'decimal', value: Number(raw), pos: i },
        pos: i,
      });
      i += m[0].length;
      continue;
    }
    m = IDENT_AT.exec(rest);
    if (m) {
      const ident = m[0];
      // Enum literal: Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'
      if (ident.includes('.') && text[i + ident.length] === "'") {
        const close = text.indexOf("'", i + ident.length + 1);
        if (close < 0)
          throw errors.query(`There is an unterminated literal at position ${text.length} in '${text}'.`);
        const value = text.slice(i + ident.length + 1, close);
        out.push({ t: 'lit', lit: { kind: 'lit', type: 'enum', value, pos: i }, pos: i });
        i = close + 1;
        continue;
      }
      out.push({ t: 'ident', v: ident, pos: i });
      i += ident.length;
      continue;
    }
    throw syntaxError(i, text);
  }
  out.push({ t: 'end', pos: text.length });
  return out;
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const STRING_FNS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith']);
const CRM_PREFIX = 'Microsoft.Dynamics.CRM.';

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.t !== 'end') this.i += 1;
    return t;
  }
  private isIdent(word: string): boolean {
    const t = this.peek();
    return t.t === 'ident' && t.v === word;
  }
  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.t === 'punct' && t.v === p;
  }
  private expect(p: string): void {
    const t = this.next();
    if (t.t !== 'punct' || t.v !== p) {
      throw errors.query(`'${p}' expected at position ${t.pos} in '${this.text}'.`);
    }
  }

  parse(): Expr {
    const e = this.parseOr();
    const t = this.peek();
    if (t.t !== 'end') throw syntaxError(t.pos, this.text);
    return e;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isIdent('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isIdent('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isIdent('not')) {
      const pos = this.next().pos;
      const expr = this.parseNot();
      if (expr.kind === 'crmfn') {
        // https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows#dataverse-query-functions
        throw errors.query('Not operator along with the Custom Named Condition operators is not allowed');
      }
      return { kind: 'not', expr, pos };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    if (this.isPunct('(')) {
      this.next();
      const inner = this.parseOr();
      this.expect(')');
      return inner;
    }
    const start = this.peek();
    const fn = this.tryFunction();
    if (fn) {
      if (this.peek().t === 'ident' && COMPARE_OPS.has((this.peek() as { v: string }).v)) {
        // `contains(x,'y') eq true` is valid OData; only the boolean forms are meaningful.
        if (fn.kind !== 'strfn') throw syntaxError(this.peek().pos, this.text);
        const op = this.next() as { v: string; pos: number };
        const rhs = this.parseOperand();
        if ((op.v !== 'eq' && op.v !== 'ne') || rhs.kind !== 'lit' || rhs.type !== 'bool') {
          throw syntaxError(op.pos, this.text);
        }
        const positive = (op.v === 'eq') === rhs.value;
        return positive ? fn : { kind: 'not', expr: fn, pos: op.pos };
      }
      return fn;
    }
    const left = this.parseOperand();
    const t = this.peek();
    if (t.t === 'ident' && COMPARE_OPS.has(t.v)) {
      this.next();
      const right = this.parseOperand();
      return { kind: 'cmp', op: t.v as CompareOp, left, right, pos: t.pos };
    }
    if (
      left.kind === 'path' &&
      (t.t === 'end' || t.t === 'punct' || (t.t === 'ident' && (t.v === 'and' || t.v === 'or')))
    ) {
      // A bare Boolean property: `$filter=donotemail`.
      return {
        kind: 'cmp',
        op: 'eq',
        left,
        right: { kind: 'lit', type: 'bool', value: true, pos: start.pos },
        pos: start.pos,
      };
    }
    throw syntaxError(t.pos, this.text);
  }

  /** A function call at the current position, or undefined when the next tokens are not one. */
  private tryFunction(): Expr | undefined {
    const t = this.peek();
    const after = this.tokens[this.i + 1];
    if (t.t !== 'ident' || !after || after.t !== 'punct' || after.v !== '(') return undefined;
    if (STRING_FNS.has(t.v)) {
      this.next();
      this.next();
      const target = this.parseOperand();
      this.expect(',');
      const value = this.parseOperand();
      this.expect(')');
      return { kind: 'strfn', fn: t.v as 'contains', target, value, pos: t.pos };
    }
    if (t.v.startsWith(CRM_PREFIX)) {
      this.next();
      this.next();
      const params = new Map<string, Operand | ArrayValue>();
      if (!this.isPunct(')')) {
        for (;;) {
          const name = this.next();
          if (name.t !== 'ident') throw syntaxError(name.pos, this.text);
          this.expect('=');
          params.set(name.v, this.parseParamValue());
          if (this.isPunct(',')) {
            this.next();
            continue;
          }
          break;
        }
      }
      this.expect(')');
      return { kind: 'crmfn', name: t.v.slice(CRM_PREFIX.length), params, pos: t.pos };
    }
    throw errors.query(
      `An unknown function with name '${t.v}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
    );
  }

  private parseParamValue(): Operand | ArrayValue {
    if (this.isPunct('[')) {
      const pos = this.next().pos;
      const items: Literal[] = [];
      if (!this.isPunct(']')) {
        for (;;) {
          const v = this.parseOperand();
          if (v.kind !== 'lit') throw syntaxError(v.pos, this.text);
          items.push(v);
          if (this.isPunct(',')) {
            this.next();
            continue;
          }
          break;
        }
      }
      this.expect(']');
      return { kind: 'array', items, pos };
    }
    return this.parseOperand();
  }

  private parseOperand(): Operand {
    const t = this.next();
    if (t.t === 'lit') return t.lit;
    if (t.t === 'alias') return { kind: 'alias', name: t.v, pos: t.pos };
    if (t.t === 'ident') {
      if (t.v === 'true' || t.v === 'false')
        return { kind: 'lit', type: 'bool', value: t.v === 'true', pos: t.pos };
      if (t.v === 'null') return { kind: 'lit', type: 'null', value: null, pos: t.pos };
      const segments = [t.v];
      while (this.isPunct('/')) {
        this.next();
        const s = this.next();
        if (s.t !== 'ident') throw syntaxError(s.pos, this.text);
        if ((s.v === 'any' || s.v === 'all') && this.isPunct('(')) {
          throw errors.notSupported(
            `Lambda operator '${s.v}' on collection-valued navigation properties is not supported by the emulator.`,
          );
        }
        segments.push(s.v);
      }
      return { kind: 'path', segments, pos: t.pos };
    }
    throw syntaxError(t.pos, this.text);
  }
}

/** Parses a `$filter` expression; throws the Dataverse 400 envelope on a syntax error. */
export function parseFilter(text: string): Expr {
  if (text.trim() === '') throw syntaxError(0, text);
  return new Parser(tokenize(text), text).parse();
}

/** Parses a parameter alias value (`@p1=…`): one literal, or a JSON-style array for query functions. */
export function parseAliasValue(text: string): Literal | ArrayValue {
  const tokens = tokenize(text);
  const first = tokens[0];
  if (first?.t === 'lit' && tokens[1]?.t === 'end') return first.lit;
  if (first?.t === 'ident' && tokens[1]?.t === 'end') {
    if (first.v === 'null') return { kind: 'lit', type: 'null', value: null, pos: 0 };
    if (first.v === 'true' || first.v === 'false')
      return { kind: 'lit', type: 'bool', value: first.v === 'true', pos: 0 };
  }
  if (first?.t === 'punct' && first.v === '[') {
    const parser = new Parser([...tokens], text) as unknown as { parseParamValue(): ArrayValue };
    return parser.parseParamValue();
  }
  throw syntaxError(0, text);
}

// ───────────────────────────── SQL compilation ─────────────────────────────

type EdmType =
  | 'Edm.String'
  | 'Edm.Guid'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Decimal'
  | 'Edm.Boolean'
  | 'Edm.DateTimeOffset'
  | 'Edm.Date';

export function edmType(a: AttributeDef): EdmType {
  switch (a.type) {
    case 'String':
    case 'Memo':
      return 'Edm.String';
    case 'Integer':
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'Edm.Int32';
    case 'BigInt':
      return 'Edm.Int64';
    case 'Boolean':
      return 'Edm.Boolean';
    case 'DateTime':
      return a.dateFormat === 'DateOnly' ? 'Edm.Date' : 'Edm.DateTimeOffset';
    default:
      return 'Edm.Guid';
  }
}

const LITERAL_EDM: Record<LiteralType, EdmType | null> = {
  string: 'Edm.String',
  int: 'Edm.Int32',
  decimal: 'Edm.Decimal',
  bool: 'Edm.Boolean',
  null: null,
  guid: 'Edm.Guid',
  datetime: 'Edm.DateTimeOffset',
  date: 'Edm.Date',
  enum: 'Edm.String',
};

const NUMERIC: ReadonlySet<EdmType> = new Set(['Edm.Int32', 'Edm.Int64', 'Edm.Decimal']);
const TEMPORAL: ReadonlySet<EdmType> = new Set(['Edm.DateTimeOffset', 'Edm.Date']);

const OP_KIND: Record<CompareOp, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};
const OP_SQL: Record<CompareOp, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };

function compatible(a: EdmType, b: EdmType): boolean {
  if (a === b) return true;
  if (NUMERIC.has(a) && NUMERIC.has(b)) return true;
  return TEMPORAL.has(a) && TEMPORAL.has(b);
}

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

// ───────────────────────────── in-memory evaluation ─────────────────────────────

function walk(obj: unknown, segments: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

function value(op: Operand, obj: unknown, aliases: ReadonlyMap<string, string>): unknown {
  if (op.kind === 'path') return walk(obj, op.segments);
  const lit =
    op.kind === 'alias' ? (aliases.has(op.name) ? parseAliasValue(aliases.get(op.name)!) : null) : op;
  if (!lit || lit.kind === 'array') return null;
  return lit.value;
}

function cmpValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase().localeCompare(b.toLowerCase());
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}

/** Evaluates a filter against a plain object (metadata rows); property paths walk nested objects. */
export function evaluateFilter(
  e: Expr,
  obj: unknown,
  aliases: ReadonlyMap<string, string> = new Map(),
): boolean {
  switch (e.kind) {
    case 'and':
      return evaluateFilter(e.left, obj, aliases) && evaluateFilter(e.right, obj, aliases);
    case 'or':
      return evaluateFilter(e.left, obj, aliases) || evaluateFilter(e.right, obj, aliases);
    case 'not':
      return !evaluateFilter(e.expr, obj, aliases);
    case 'cmp': {
      const l = value(e.left, obj, aliases) ?? null;
      const r = value(e.right, obj, aliases) ?? null;
      if (l === null || r === null) {
        if (e.op === 'eq') return l === r;
        if (e.op === 'ne') return l !== r;
        return false;
      }
      const c = cmpValues(l, r);
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[e.op];
    }
    case 'strfn': {
      const t = value(e.target, obj, aliases);
      const v = value(e.value, obj, aliases);
      if (typeof t !== 'string' || typeof v !== 'string') return false;
      // The same T-SQL LIKE semantics as table queries, so metadata filters agree with them.
      const pattern = e.fn === 'contains' ? `%${v}%` : e.fn === 'startswith' ? `${v}%` : `%${v}`;
      return tsqlLike(t, pattern) === 1;
    }
    case 'crmfn':
      throw errors.notSupported(`Query functions are not supported on metadata queries.`);
  }
}
