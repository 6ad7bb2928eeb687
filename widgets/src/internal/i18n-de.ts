import type { MessageKey } from './messages.js';

/**
 * German: every message, of the entry and of every chunk (a test checks that each English message
 * has one, with the same placeholders). A chunk of its own, loaded by `loadLanguage` when an
 * element's language resolves to `de`.
 */
const de: Record<MessageKey, string> = {
  required: 'Dieses Feld ist erforderlich.',
  maxLength: 'Höchstens {limit} Zeichen.',
  minLength: 'Mindestens {limit} Zeichen.',
  format: 'Ungültige {format}.',
  enum: 'Wählen Sie eine der Optionen.',
  type: 'Ungültige {type}.',
  minimum: 'Mindestens {limit}.',
  maximum: 'Höchstens {limit}.',
  pattern: 'Prüfen Sie das Format.',
  additionalProperties: 'Unbekanntes Feld: {additionalProperty}.',
  invalid: 'Ungültiger Wert.',
  email: 'E-Mail-Adresse',
  uri: 'Webadresse',
  number: 'Zahl',
  integer: 'ganze Zahl',
  loading: 'Wird geladen…',
  save: 'Speichern',
  cancel: 'Abbrechen',
  confirm: 'Bestätigen',
  retry: 'Erneut versuchen',
  back: 'Zurück',
  saving: 'Wird gespeichert…',
  working: 'Bitte warten…',
  phone: 'Telefonnummer',
  problems: 'Bitte korrigieren Sie Folgendes:',
  network: 'Keine Verbindung zum Server. Ihre Eingaben bleiben erhalten.',
  busy: 'Der Server ist ausgelastet. Ihre Eingaben bleiben erhalten.',
  loadFailed: 'Das konnte nicht geladen werden.',
  conflict: 'Jemand hat diesen Datensatz inzwischen geändert:',
  theirs: 'Deren Fassung laden',
  mine: 'Meine Änderungen behalten',
  draft: 'Sie haben ungesendete Eingaben.',
  restore: 'Wiederherstellen',
  discard: 'Verwerfen',
  saved: 'Gespeichert.',
  deleted: 'Gelöscht.',
  created: 'Angelegt.',
  assigned: 'Zugewiesen an {owner}.',
  resolved: 'Fall gelöst.',
  cancelled: 'Fall abgebrochen.',
  reopened: 'Fall wieder geöffnet.',
  unchanged: 'Es gibt keine Änderungen zum Speichern.',
  stale:
    'Dieses Formular wurde geändert, während Sie es bearbeitet haben. Bitte prüfen und erneut speichern.',
  staleOne:
    'Dieses Formular wurde geändert, während Sie es bearbeitet haben: {fields} ist nicht mehr darauf. Bitte prüfen und erneut speichern.',
  staleMany:
    'Dieses Formular wurde geändert, während Sie es bearbeitet haben: {fields} sind nicht mehr darauf. Bitte prüfen und erneut speichern.',
  ownedBy: 'Zuständig: {owner}',
  resolution: 'Lösung',
  owner: 'Neuer Besitzer',
  noMatch: 'Keine Treffer',
  search: 'Suchen',
  all: 'Alle',
  prev: 'Vorherige Seite',
  next: 'Nächste Seite',
  empty: 'Keine Datensätze gefunden.',
  new: 'Neu',
  mode: 'Dieses Formular bietet diesen Modus nicht an.',
};
export default de;
