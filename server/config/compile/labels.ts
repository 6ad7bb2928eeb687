/** Texts a definition gets without the configuration naming them, and the locales it uses. */
import type { ActionId, LocalizedText } from '../../api/contract.js';

export const DEFAULT_ACTION_LABELS: Record<ActionId | 'open', LocalizedText> = {
  open: { en: 'Open', de: 'Öffnen' },
  save: { en: 'Save', de: 'Speichern' },
  delete: { en: 'Delete', de: 'Löschen' },
  assign: { en: 'Assign', de: 'Zuweisen' },
  resolve: { en: 'Resolve', de: 'Lösen' },
  cancel: { en: 'Cancel case', de: 'Fall abbrechen' },
  reopen: { en: 'Reopen', de: 'Wieder öffnen' },
};

function collectLocales(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectLocales(v, into);
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.en === 'string' && Object.values(obj).every((v) => typeof v === 'string'))
      for (const k of Object.keys(obj)) into.add(k);
    else for (const v of Object.values(obj)) collectLocales(v, into);
  }
}

/** Every locale of every localized text in a definition: `en` first, then the others sorted. */
export function locales(value: unknown): string[] {
  const set = new Set<string>();
  collectLocales(value, set);
  return ['en', ...[...set].filter((l) => l !== 'en').sort()];
}
