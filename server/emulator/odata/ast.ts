/**
 * OData `$filter` for the emulator, in phases with one file each: `lex.ts` turns the text into
 * tokens, `parse.ts` turns tokens into the syntax tree declared here, then either `to-sql.ts`
 * compiles the tree to parameterised SQLite SQL for table queries or `evaluate.ts` runs it against
 * plain objects for metadata queries (`EntityDefinitions?$filter=…`). `edm.ts` holds the Edm types
 * both the compiler and the CSDL document use.
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
