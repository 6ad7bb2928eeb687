import type { LocalizedText } from '../../../server/api/contract.js';

/** One Ajv error object, as a standalone validator leaves it in `validate.errors` (https://ajv.js.org/api.html#error-objects). */
export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export const en = {
  required: 'This field is required.',
  maxLength: 'Use at most {limit} characters.',
  minLength: 'Use at least {limit} characters.',
  format: 'Enter a valid {format}.',
  enum: 'Choose one of the options.',
  type: 'Enter a valid {type}.',
  minimum: 'Use {limit} or more.',
  maximum: 'Use {limit} or less.',
  pattern: 'Check the format.',
  additionalProperties: 'Unknown field: {additionalProperty}.',
  invalid: 'Invalid value.',
  email: 'email address',
  uri: 'web address',
  number: 'number',
  integer: 'whole number',
  loading: 'Loading…',
  save: 'Save',
  cancel: 'Cancel',
  confirm: 'Confirm',
  retry: 'Try again',
  problems: 'Please correct the following:',
  network: 'No connection to the server. Your input is kept.',
  busy: 'The server is busy. Your input is kept.',
  loadFailed: 'This could not be loaded.',
  conflict: 'Someone else changed this record meanwhile:',
  theirs: 'Load their version',
  mine: 'Keep my changes',
  draft: 'You have unsent input.',
  restore: 'Restore it',
  discard: 'Discard it',
  saved: 'Saved.',
  deleted: 'Deleted.',
  resolution: 'Resolution',
  owner: 'New owner',
  noMatch: 'No matches',
  search: 'Search',
  all: 'All',
  prev: 'Previous page',
  next: 'Next page',
  empty: 'No records found.',
  new: 'New',
  mode: 'This form does not offer this mode.',
};
export type MessageKey = keyof typeof en;

/**
 * German, one message per line in the order of the English keys (keeps the embed script small;
 * a test checks that both catalogues have the same number of messages).
 */
export const deLines = `Dieses Feld ist erforderlich.
Höchstens {limit} Zeichen.
Mindestens {limit} Zeichen.
Ungültige {format}.
Wählen Sie eine der Optionen.
Ungültige {type}.
Mindestens {limit}.
Höchstens {limit}.
Prüfen Sie das Format.
Unbekanntes Feld: {additionalProperty}.
Ungültiger Wert.
E-Mail-Adresse
Webadresse
Zahl
ganze Zahl
Wird geladen…
Speichern
Abbrechen
Bestätigen
Erneut versuchen
Bitte korrigieren Sie Folgendes:
Keine Verbindung zum Server. Ihre Eingaben bleiben erhalten.
Der Server ist ausgelastet. Ihre Eingaben bleiben erhalten.
Das konnte nicht geladen werden.
Jemand hat diesen Datensatz inzwischen geändert:
Deren Fassung laden
Meine Änderungen behalten
Sie haben ungesendete Eingaben.
Wiederherstellen
Verwerfen
Gespeichert.
Gelöscht.
Lösung
Neuer Besitzer
Keine Treffer
Suchen
Alle
Vorherige Seite
Nächste Seite
Keine Datensätze gefunden.
Neu
Dieses Formular bietet diesen Modus nicht an.`;
const de = Object.fromEntries(Object.keys(en).map((k, i) => [k, deLines.split('\n')[i] ?? ''])) as Record<
  MessageKey,
  string
>;

const catalogs: Record<string, Record<MessageKey, string>> = { en, de };

/**
 * The element's language: its own `lang`, else the closest ancestor's, crossing shadow roots
 * (a field inside `<portico-form lang="de">` speaks German), else the document's, else `en`.
 */
export function langOf(el: Element): string {
  for (let n: Node | null = el; n; n = n instanceof ShadowRoot ? n.host : n.parentNode)
    if (n instanceof HTMLElement && n.lang) return n.lang.toLowerCase();
  return 'en';
}

const primary = (lang: string): string => lang.split('-')[0] ?? 'en';

/** A message in `lang` with `{name}` placeholders filled. */
export function msg(lang: string, key: MessageKey, params: Record<string, unknown> = {}): string {
  return (catalogs[primary(lang)] ?? en)[key].replace(/\{(\w+)\}/g, (_, k: string) =>
    String(params[k] ?? ''),
  );
}

/** Picks a label from a localised map: exact tag, then primary subtag, then `en`. */
export const text = (t: LocalizedText | undefined, lang: string): string =>
  t ? (t[lang] ?? t[primary(lang)] ?? t.en) : '';

/** Turns an Ajv error into a sentence for the user; the Ajv `message` is English-only, so it is not used. */
export function ajvMessage(e: AjvError, lang: string): string {
  const p = { ...e.params };
  const k = e.keyword;
  if (k === 'format' || k === 'type') {
    const name = String(p[k] ?? p.format ?? p.type);
    const known =
      name in en ? (name as MessageKey) : k === 'type' && /number|integer/.test(name) ? 'number' : null;
    if (!known) return msg(lang, 'invalid');
    p[k] = msg(lang, known);
  }
  return k in en && !/^(invalid|email|uri|number|integer)$/.test(k)
    ? msg(lang, k as MessageKey, p)
    : msg(lang, 'invalid');
}
