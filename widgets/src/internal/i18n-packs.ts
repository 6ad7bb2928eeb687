import type { MessageKey } from './messages.js';
/**
 * Message packs other than English, by primary language subtag, each a chunk of its own loaded on
 * first use (`portico-de.js`). A pack has every message, the chunks' too (English is split by
 * chunk, see i18n.ts, so a pack cannot follow the order of one English list). The classic-script build
 * replaces this module with i18n-packs.classic.ts, which has them inline.
 */
export const packs: Record<string, () => Promise<{ default: Partial<Record<MessageKey, string>> }>> = {
  de: () => import('./i18n-de.js'),
};
