/**
 * `$filter` phase 2: tokens to the syntax tree of `ast.ts`, by recursive descent with the usual
 * precedence (`or` < `and` < `not` < comparison).
 */
import { errors } from '../errors.js';
import type { ArrayValue, CompareOp, Expr, Literal, Operand } from './ast.js';
import { syntaxError, tokenize, type Token } from './lex.js';

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

  /** A query-function parameter value: an operand or a `[…]` array of literals. */
  parseParamValue(): Operand | ArrayValue {
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
    return new Parser([...tokens], text).parseParamValue() as ArrayValue;
  }
  throw syntaxError(0, text);
}
