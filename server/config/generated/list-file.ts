// generated — do not edit. Source: schemas/meta/list.schema.json; regenerate with `npm run gen`.
/* eslint-disable */

/**
 * Columns (from `columns`) the user may sort by.
 *
 * @maxItems 30
 */
export type ColumnNames = string[];
/**
 * Text columns (from `columns`) a free-text search matches.
 *
 * @maxItems 30
 */
export type ColumnNames1 = string[];

/**
 * A list in schemas/lists/<id>.json: a paged, sortable, searchable table of one entity's records.
 */
export interface ListFile {
  $schema?: '../meta/list.schema.json';
  /**
   * List id, used in <portico-list list="…">; must equal the file name without .json.
   */
  id: string;
  entity: string;
  /**
   * Roles (keys of access.json) that may open this list. Absent: every role whose privileges allow it. A listed role still needs the privileges.
   *
   * @minItems 1
   * @maxItems 50
   */
  roles?: [string, ...string[]];
  title: LocalizedText;
  /**
   * @minItems 1
   * @maxItems 30
   */
  columns: [ListColumnRule, ...ListColumnRule[]];
  defaultSort: ListSort;
  sortable?: ColumnNames;
  search?: ColumnNames1;
  searchPlaceholder?: LocalizedText;
  /**
   * Choice or yes/no columns the user may filter by.
   *
   * @maxItems 20
   */
  filters?: ListFilterRule[];
  pageSize: number;
  /**
   * @maxItems 10
   */
  rowActions?: ListRowAction[];
  /**
   * Form (with mode create) for the list's "New" button.
   */
  createForm?: string;
  links?: ListLinks;
  card?: ListCard;
}
/**
 * Text per locale; `en` is required, other keys are locale codes such as `de` or `fr-CA`.
 */
export interface LocalizedText {
  en: string;
  /**
   * This interface was referenced by `LocalizedText`'s JSON-Schema definition
   * via the `patternProperty` "^(?!en$)[a-z]{2}(-[A-Z]{2})?$".
   */
  [k: string]: string;
}
export interface ListColumnRule {
  field: string;
  label?: LocalizedText;
}
export interface ListSort {
  field: string;
  direction: 'asc' | 'desc';
}
export interface ListFilterRule {
  field: string;
  label?: LocalizedText;
}
export interface ListRowAction {
  id: 'open' | 'delete' | 'assign' | 'resolve' | 'cancel' | 'reopen';
  /**
   * Form the action opens (open) or is performed through (the form must offer the action).
   */
  form: string;
  label?: LocalizedText;
}
/**
 * Where the host site shows a record and a new record, so a page embedding the list needs no script: rows become links and "New" goes to `create`. An element's `record-href` / `create-href` attributes take precedence.
 */
export interface ListLinks {
  /**
   * Path of a record's page on the host site; {id} is replaced by the record id, e.g. /cases/{id}.
   */
  record?: string;
  /**
   * Path of the host site's page for a new record, e.g. /cases/new.
   */
  create?: string;
}
/**
 * What a row shows as a card in a narrow container (a phone, a sidebar). Absent: the first column as title, the first status column as badge, the next two columns as fields.
 */
export interface ListCard {
  /**
   * Column (from `columns`) shown as the card's title.
   */
  title: string;
  /**
   * Column (from `columns`) shown as a status badge beside the title.
   */
  badge?: string;
  /**
   * Up to three more columns (from `columns`), the most important first.
   *
   * @maxItems 3
   */
  fields?: string[];
}
