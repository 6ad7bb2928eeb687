import { addMessages, isMessage, msg } from './i18n.js';
import { ajvMessages } from './ajv.messages.js';

// Apart from i18n.ts so that it travels with the code that validates (the form's chunk) rather
// than with every page's entry, and with it the messages of the keywords only it words.
addMessages(ajvMessages);

/** One Ajv error object, as a standalone validator leaves it in `validate.errors` (https://ajv.js.org/api.html#error-objects). */
export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns an Ajv error into a sentence for the user; the Ajv `message` is English-only, so it is not used. */
export function ajvMessage(e: AjvError, lang: string): string {
  const p = { ...e.params };
  const k = e.keyword;
  if (k === 'format' || k === 'type') {
    const name = String(p[k] ?? p.format ?? p.type);
    const known = isMessage(name) ? name : k === 'type' && /number|integer/.test(name) ? 'number' : null;
    if (!known) return msg(lang, 'invalid');
    p[k] = msg(lang, known);
  }
  return isMessage(k) && !/^(invalid|email|uri|number|integer)$/.test(k)
    ? msg(lang, k, p)
    : msg(lang, 'invalid');
}
