/**
 * `$filter` phase 1: the text as tokens — punctuation, identifiers, parameter aliases and typed
 * literals (strings, GUIDs, dates, numbers, enum members). See `ast.ts` for the pipeline.
 */
import type { DataverseError } from '../errors.js';
import { errors } from '../errors.js';
import { parseDateValue } from '../format.js';
import type { Literal } from './ast.js';

export type Token =
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

/** The tokens of a `$filter` expression or alias value, ending with an `end` token. */
export function tokenize(text: string): Token[] {
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
