/**
 * Edm types of columns and literals: what `to-sql.ts` checks operand types with and what the CSDL
 * document (`metadata/csdl.ts`) declares each property as.
 */
import type { AttributeDef } from '../metadata/types.js';
import type { LiteralType } from './ast.js';

export type EdmType =
  | 'Edm.String'
  | 'Edm.Guid'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Decimal'
  | 'Edm.Boolean'
  | 'Edm.DateTimeOffset'
  | 'Edm.Date';

/** The Edm type a column has in the Web API. */
export function edmType(a: AttributeDef): EdmType {
  switch (a.type) {
    case 'String':
    case 'Memo':
    case 'EntityName':
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

/** The Edm type of each kind of literal; `null` is compatible with every type. */
export const LITERAL_EDM: Record<LiteralType, EdmType | null> = {
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

/** Whether two operands of these types may be compared: equal, both numeric or both temporal. */
export function compatible(a: EdmType, b: EdmType): boolean {
  if (a === b) return true;
  if (NUMERIC.has(a) && NUMERIC.has(b)) return true;
  return TEMPORAL.has(a) && TEMPORAL.has(b);
}
