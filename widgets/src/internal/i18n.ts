import type { LocalizedText } from '../../../server/api/contract.js';
import { packs } from './i18n-packs.js';
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

/**
 * Loads the message pack of `lang` when it has one that is not loaded yet (`undefined` otherwise,
 * so English and loaded languages cost no wait). Until it is in, `msg` answers in English.
 */
export function loadLanguage(lang: string): Promise<void> | undefined {
  const code = primary(lang);
  const load = packs[code];
  if (!load || catalogs[code]) return;
  return load().then((pack) => {
    catalogs[code] = pack.default;
  });
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
