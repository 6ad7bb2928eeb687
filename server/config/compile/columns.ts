/**
 * Columns as the compiled registry describes them: the Dataverse type groups, the facts of one
 * column, the kind of field it becomes, and the options a choice or yes/no column offers.
 */
import type { ChoiceOption, DisplayColumn, FieldKind, LocalizedText } from '../../api/contract.js';
import type { EntitySchemaFile } from '../generated/entity-file.js';
import type { ColumnInfo } from '../types.js';

export const CHOICE_TYPES = new Set(['Picklist', 'State', 'Status']);
export const LOOKUP_TYPES = new Set(['Lookup', 'Customer', 'Owner']);
export const TEXT_TYPES = new Set(['String', 'Memo']);

export interface BooleanLabels {
  true: LocalizedText;
  false: LocalizedText;
}

export const DEFAULT_BOOLEAN_LABELS: BooleanLabels = {
  true: { en: 'Yes', de: 'Ja' },
  false: { en: 'No', de: 'Nein' },
};

export function columnInfo(name: string, raw: EntitySchemaFile['properties'][string]): ColumnInfo {
  const dv = raw['x-dataverse'];
  const info: ColumnInfo = {
    name,
    type: dv.type,
    label: dv.label,
    requiredLevel: dv.requiredLevel,
    readOnly: raw.readOnly === true,
  };
  if (raw.maxLength !== undefined) info.maxLength = raw.maxLength;
  if (raw.pattern !== undefined) info.pattern = raw.pattern;
  if (raw.minimum !== undefined) info.minimum = raw.minimum;
  if (raw.maximum !== undefined) info.maximum = raw.maximum;
  if (dv.dateOnly !== undefined) info.dateOnly = dv.dateOnly;
  if (dv.format === 'Email') info.format = 'email';
  else if (dv.format === 'Phone') info.format = 'phone';
  else if (dv.format === 'Url') info.format = 'uri';
  if (dv.options)
    info.options = dv.options.map((o) =>
      o.state === undefined ? { value: o.value, label: o.label } : { ...o },
    );
  if (dv.targets) info.targets = { ...dv.targets };
  return info;
}

/** Columns of a section's grid: as declared, else two for a section of several fields. */
export const sectionColumns = (section: { columns?: number; fields: readonly unknown[] }): number =>
  section.columns ?? (section.fields.length > 1 ? 2 : 1);

/** Text longer than this takes a whole row by default: it would be cut off in one column. */
const LONG_TEXT = 200;

/**
 * Grid columns a field takes in a section of `columns`: as declared (`full`: the whole row), else
 * the whole row for long text and one column for everything else, so a ZIP code or a phone number
 * is as narrow as a column and a description spans the form.
 */
export function fieldSpan(
  kind: FieldKind,
  col: ColumnInfo,
  declared: number | 'full' | undefined,
  columns: number,
): number {
  const wide = kind === 'textarea' || (kind === 'text' && (col.maxLength ?? 0) > LONG_TEXT);
  const span = declared === 'full' || (declared === undefined && wide) ? columns : (declared ?? 1);
  return Math.min(span, columns);
}

export function kindOf(col: ColumnInfo, widget?: string): FieldKind {
  switch (col.type) {
    case 'String':
      if (widget === 'textarea') return 'textarea';
      return col.format === 'email'
        ? 'email'
        : col.format === 'phone'
          ? 'phone'
          : col.format === 'uri'
            ? 'url'
            : 'text';
    case 'Memo':
      return widget === 'text' ? 'text' : 'textarea';
    case 'Integer':
      return 'integer';
    case 'Decimal':
    case 'Money':
      return 'decimal';
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      return col.dateOnly ? 'date' : 'datetime';
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'choice';
    case 'Lookup':
    case 'Customer':
      return 'lookup';
    case 'Owner':
      return 'owner';
    case 'Uniqueidentifier':
      return 'text';
  }
}

/** `booleans`: the yes/no labels of each Boolean column, keyed `entity.column`. */
export function choiceOptions(
  col: ColumnInfo,
  booleans: ReadonlyMap<string, BooleanLabels>,
  entity: string,
): ChoiceOption[] | undefined {
  if (col.options) return col.options.map((o) => ({ value: o.value, label: o.label }));
  if (col.type === 'Boolean') {
    const labels = booleans.get(`${entity}.${col.name}`) ?? DEFAULT_BOOLEAN_LABELS;
    return [
      { value: true, label: labels.true },
      { value: false, label: labels.false },
    ];
  }
  return undefined;
}

/**
 * A column as a widget shows its raw values (records carry no display text): its kind and, for a
 * choice or yes/no, the label of each value per language, which the browser picks from for its reader.
 */
export function displayColumn(
  col: ColumnInfo,
  booleans: ReadonlyMap<string, BooleanLabels>,
  entity: string,
): DisplayColumn {
  const shown: DisplayColumn = { name: col.name, kind: kindOf(col) };
  const options = choiceOptions(col, booleans, entity);
  if (options) shown.options = options;
  return shown;
}
