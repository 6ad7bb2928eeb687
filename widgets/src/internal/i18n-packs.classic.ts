import type { MessageKey } from './messages.js';
import de from './i18n-de.js';

/** The classic-script build's stand-in for i18n-packs.ts: one file, so every pack is inline. */
export const packs: Record<string, () => Promise<{ default: Partial<Record<MessageKey, string>> }>> = {
  de: () => Promise.resolve({ default: de }),
};
