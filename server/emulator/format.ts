/**
 * Wire formats: dates without milliseconds, formatted values, the `Prefer` header and
 * `odata.include-annotations` matching
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#prefer-headers,
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/select-columns#formatted-values).
 */
import type { AttributeDef } from './metadata/types.js';

/** `YYYY-MM-DDTHH:mm:ssZ`: Dataverse never emits fractional seconds, and dynamics-web-api's date reviver requires this shape. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Parses a DateTime value or literal. DateOnly columns keep `YYYY-MM-DD`; DateAndTime values are
 * normalised to UTC seconds. Returns undefined when the text is not a date.
 */
export function parseDateValue(text: string, dateOnly: boolean): string | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m;
  if (dateOnly) {
    const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (day.getUTCDate() !== Number(d) || day.getUTCMonth() !== Number(mo) - 1) return undefined;
    return `${y}-${mo}-${d}`;
  }
  if (h === undefined || mi === undefined) {
    const day = new Date(`${y}-${mo}-${d}T00:00:00Z`);
    return Number.isNaN(day.getTime()) ? undefined : isoSeconds(day);
  }
  const t = new Date(text);
  return Number.isNaN(t.getTime()) ? undefined : isoSeconds(t);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Formatted value of a date in the user's time zone; the emulator's users all work in UTC, en-US. */
export function formatDate(value: string, dateOnly: boolean): string {
  const [datePart = '', timePart = ''] = value.split('T');
  const [y, m, d] = datePart.split('-').map(Number);
  const date = `${m}/${d}/${y}`;
  if (dateOnly || !timePart) return date;
  const [hh = 0, mm = 0] = timePart.replace('Z', '').split(':').map(Number);
  const h12 = hh % 12 === 0 ? 12 : hh % 12;
  return `${date} ${h12}:${pad(mm)} ${hh < 12 ? 'AM' : 'PM'}`;
}

const numberFormat = new Intl.NumberFormat('en-US');

/** Formatted value of a non-lookup column, or undefined when the column type has none. */
export function formattedValue(a: AttributeDef, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (a.type) {
    case 'Picklist':
    case 'State':
    case 'Status':
      return a.options?.find((o) => o.value === value)?.label;
    case 'Boolean':
      return a.options?.find((o) => o.value === (value ? 1 : 0))?.label;
    case 'DateTime':
      return formatDate(String(value), a.dateFormat === 'DateOnly');
    case 'Integer':
      return numberFormat.format(Number(value));
    default:
      return undefined;
  }
}

export interface Preferences {
  returnRepresentation: boolean;
  maxPageSize?: number;
  /** Raw `odata.include-annotations` list, e.g. `OData.Community.Display.V1.FormattedValue` or `*`. */
  annotations?: string;
  continueOnError: boolean;
  /** Every preference as received, for debugging. */
  raw: string[];
}

/** Splits on commas that are not inside double quotes. */
function splitOutsideQuotes(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Parses one or more `Prefer` header values; unknown preferences are ignored, as HTTP requires. */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const prefs: Preferences = { returnRepresentation: false, continueOnError: false, raw: [] };
  for (const item of values.flatMap(splitOutsideQuotes)) {
    prefs.raw.push(item);
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value =
      eq < 0
        ? ''
        : item
            .slice(eq + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1');
    if (name === 'return' && value === 'representation') prefs.returnRepresentation = true;
    else if (name === 'odata.maxpagesize' && /^\d+$/.test(value)) prefs.maxPageSize = Number(value);
    else if (name === 'odata.include-annotations') prefs.annotations = value;
    else if (name === 'odata.continue-on-error') prefs.continueOnError = true;
  }
  return prefs;
}

/** Whether `annotation` (e.g. `OData.Community.Display.V1.FormattedValue`) is asked for by the Prefer list. */
export function wantsAnnotation(list: string | undefined, annotation: string): boolean {
  if (!list) return false;
  for (const raw of list.split(',')) {
    const pattern = raw.trim();
    if (pattern === '*' || pattern === annotation) return true;
    if (pattern.endsWith('*') && annotation.startsWith(pattern.slice(0, -1))) return true;
  }
  return false;
}

export const ANN = {
  formatted: 'OData.Community.Display.V1.FormattedValue',
  logicalName: 'Microsoft.Dynamics.CRM.lookuplogicalname',
  navigation: 'Microsoft.Dynamics.CRM.associatednavigationproperty',
  totalCount: 'Microsoft.Dynamics.CRM.totalrecordcount',
  totalCountExceeded: 'Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded',
} as const;

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Accepts a GUID with or without braces; returns it lowercase, or undefined when malformed. */
export function normalizeGuid(text: string): string | undefined {
  const t = text.startsWith('{') && text.endsWith('}') ? text.slice(1, -1) : text;
  return GUID_RE.test(t) ? t.toLowerCase() : undefined;
}
