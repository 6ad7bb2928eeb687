/**
 * Reading one configuration file: size cap, BOM, JSON syntax errors with line and column, and a
 * map from JSON pointer to line/column so every later error can say where it is.
 *
 * What it does with bad input: a file over 1 MiB (or the caller's smaller limit) is refused unread; invalid JSON (including a
 * half-written or empty file) becomes one PORTICO_CONFIG_INVALID_JSON error naming line and column;
 * nothing is thrown to the caller. JSON.parse decides validity (strict JSON: no comments, no
 * trailing commas); jsonc-parser only locates the problem, because V8's messages in Node 20 no
 * longer carry an offset.
 */
import { readFile, stat } from 'node:fs/promises';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import { configError } from './errors.js';
import type { ConfigError } from './types.js';

export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

export interface JsonDocument {
  value: unknown;
  /** Line/column (1-based) of the value at a JSON pointer, or of its closest existing parent. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

export type JsonResult = { ok: true; doc: JsonDocument } | { ok: false; error: ConfigError };

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function decodePointer(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function makeLocator(source: string): JsonDocument['locate'] {
  let tree: Node | undefined;
  return (pointer) => {
    tree ??= parseTree(source);
    if (!tree) return undefined;
    const path = decodePointer(pointer);
    for (let n = path.length; n >= 0; n -= 1) {
      let node = findNodeAtLocation(tree, path.slice(0, n));
      if (!node) continue;
      // Point at the property name when the pointer names a property.
      if (node.parent?.type === 'property' && node.parent.children?.[0]) node = node.parent.children[0];
      return lineColumn(source, node.offset);
    }
    return undefined;
  };
}

export function parseJson(text: string, file: string): JsonResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    const value = JSON.parse(source) as unknown;
    return { ok: true, doc: { value, locate: makeLocator(source) } };
  } catch (error) {
    const problems: ParseError[] = [];
    parse(source, problems, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = problems[0];
    const offset = first ? first.offset : source.length;
    const { line, column } = lineColumn(source, offset);
    const reason =
      source.trim() === ''
        ? 'the file is empty'
        : first
          ? describeParseError(printParseErrorCode(first.error))
          : error instanceof Error
            ? error.message
            : String(error);
    const err = configError(
      'PORTICO_CONFIG_INVALID_JSON',
      file,
      '',
      `invalid JSON at line ${line}, column ${column}: ${reason}; expected a complete JSON document (is the file still being saved?)`,
    );
    return { ok: false, error: { ...err, line, column } };
  }
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: "expected ':'",
    CommaExpected: "expected ','",
    CloseBraceExpected: "expected '}'",
    CloseBracketExpected: "expected ']'",
    EndOfFileExpected: 'unexpected content after the end of the document',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in string',
  };
  return words[code] ?? code;
}

export async function readJsonFile(
  path: string,
  file: string,
  maxBytes = MAX_CONFIG_FILE_BYTES,
): Promise<JsonResult> {
  try {
    const info = await stat(path);
    if (info.size > maxBytes) {
      return {
        ok: false,
        error: configError(
          'PORTICO_CONFIG_FILE_TOO_LARGE',
          file,
          '',
          `file is ${info.size} bytes; expected at most ${maxBytes} bytes`,
        ),
      };
    }
    return parseJson(await readFile(path, 'utf8'), file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: configError(
        code === 'ENOENT' ? 'PORTICO_CONFIG_MISSING_FILE' : 'PORTICO_CONFIG_UNREADABLE',
        file,
        '',
        code === 'ENOENT' ? 'file disappeared while loading' : `cannot read file (${code ?? 'error'})`,
      ),
    };
  }
}
