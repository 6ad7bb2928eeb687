import type { LocalizedText } from '../../../server/api/contract.js';
import { packUrl } from './i18n-packs.js';
import { en } from './messages.js';
import type { MessageKey } from './messages.js';

export { en };
export type { MessageKey };

/** Messages by language; English grows as chunks add theirs. */
const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en: { ...en } };

/** Adds a chunk's English messages. */
export function addMessages(messages: Partial<Record<MessageKey, string>>): void {
  Object.assign(catalogs.en!, messages);
}

/** Whether `key` names a message (of the entry or of a chunk loaded so far). */
export const isMessage = (key: string): key is MessageKey => Object.hasOwn(catalogs.en!, key);

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

/** Languages asked for, so each file is fetched once however many elements speak it. */
const asked: Record<string, Promise<void>> = {};

/**
 * Loads the messages of `lang` (by primary subtag, `lang/<code>.json`) when they are not loaded yet
 * (`undefined` otherwise, so English and loaded languages cost no wait). A language the server has
 * no file for, or a failed fetch, leaves English; a key the file lacks answers in English too.
 */
export function loadLanguage(lang: string): Promise<void> | undefined {
  const code = primary(lang);
  // Only a plain language subtag becomes a file name; anything else speaks English.
  if (catalogs[code] || !/^[a-z]{2,3}$/.test(code)) return;
  return (asked[code] ??= fetch(packUrl(code))
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}))
    .then((pack: Partial<Record<MessageKey, string>>) => {
      catalogs[code] = pack;
    }));
}

/** A message in `lang` with `{name}` placeholders filled. */
export function msg(lang: string, key: MessageKey, params: Record<string, unknown> = {}): string {
  return (catalogs[primary(lang)]?.[key] ?? catalogs.en![key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) =>
    String(params[k] ?? ''),
  );
}

/** Picks a label from a localised map: exact tag, then primary subtag, then `en`. */
export const text = (t: LocalizedText | undefined, lang: string): string =>
  t ? (t[lang] ?? t[primary(lang)] ?? t.en) : '';
