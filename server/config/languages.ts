/**
 * The widgets' own messages in other languages: `languages/<code>.json` in the configuration folder,
 * one JSON object of message key → text, which an admin adds without a build. English is built into
 * the widgets; its keys come from generated/widget-messages.ts (`npm run gen` reads them from the
 * widgets' source). The server sends each file to the widgets as checked here, so the checks are
 * also what keeps a hostile file out of browsers: too large, not an object, a key that is not a
 * message (`__proto__` included) or a text that is not a string is refused with the rest of the
 * configuration. A message the file lacks is only a warning: the widgets show it in English.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { didYouMean } from '../shared/did-you-mean.js';
import { configError, pointer } from './errors.js';
import { WIDGET_MESSAGES } from './generated/widget-messages.js';
import { readJsonFile } from './json.js';
import type { JsonDocument } from './json.js';
import type { ConfigError, LanguageFile } from './types.js';

/**
 * Every widget message is about 6 KB of German; four times that leaves room for any language and
 * still keeps what every browser of a page downloads small.
 */
export const MAX_LANGUAGE_FILE_BYTES = 32 * 1024;

/** A file name the widgets ask for: a primary language subtag (`fr`, `de`, `fil`), lower case. */
const LANGUAGE_TAG = /^[a-z]{2,3}$/;

/** `fr-FR` → `fr.json`, the name the widgets would ask for. */
function suggestion(code: string): string | undefined {
  const primary = code.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return LANGUAGE_TAG.test(primary) && primary !== 'en' ? `${primary}.json` : undefined;
}

const placeholders = (text: string): string[] => (text.match(/\{\w+\}/g) ?? []).sort();

/** Checks one parsed language file; returns its messages when it is usable. */
function checkMessages(
  file: string,
  value: unknown,
  errors: ConfigError[],
  warnings: ConfigError[],
): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    errors.push(
      configError(
        'PORTICO_CONFIG_WRONG_TYPE',
        file,
        '',
        `a language file is one JSON object of message key → text; got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`,
      ),
    );
    return undefined;
  }
  const before = errors.length;
  // A null-prototype copy: no key of the file, whatever it is called, can reach a prototype.
  const messages: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, text] of Object.entries(value)) {
    if (!Object.hasOwn(WIDGET_MESSAGES, key)) {
      errors.push(
        configError(
          'PORTICO_CONFIG_UNKNOWN_PROPERTY',
          file,
          pointer(key),
          key === '__proto__' || key === 'constructor' || key === 'prototype'
            ? `"${key}" is not a widget message and is never accepted as a key; remove it`
            : `"${key}" is not a widget message; expected one of the English keys (server/config/generated/widget-messages.ts)`,
          didYouMean(key, Object.keys(WIDGET_MESSAGES)),
        ),
      );
      continue;
    }
    if (typeof text !== 'string') {
      errors.push(
        configError(
          'PORTICO_CONFIG_WRONG_TYPE',
          file,
          pointer(key),
          `message "${key}" must be text; got ${Array.isArray(text) ? 'an array' : text === null ? 'null' : typeof text}`,
        ),
      );
      continue;
    }
    const english = WIDGET_MESSAGES[key] as string;
    if (placeholders(text).join() !== placeholders(english).join()) {
      errors.push(
        configError(
          'PORTICO_CONFIG_INVALID_VALUE',
          file,
          pointer(key),
          `message "${key}" must use exactly the placeholders of the English one (${placeholders(english).join(', ') || 'none'}); got ${placeholders(text).join(', ') || 'none'}`,
        ),
      );
      continue;
    }
    messages[key] = text;
  }
  for (const key of Object.keys(WIDGET_MESSAGES))
    if (!Object.hasOwn(value, key))
      warnings.push(
        configError(
          'PORTICO_CONFIG_MISSING_MESSAGE',
          file,
          pointer(key),
          `message "${key}" is not translated; the widgets show it in English ("${WIDGET_MESSAGES[key]}")`,
        ),
      );
  return errors.length === before ? messages : undefined;
}

/**
 * Reads `languages/` (optional: without it the widgets speak English only). Errors and warnings go
 * to the lists given; each usable file is returned with its document, for locating problems.
 */
export async function readLanguages(
  dir: string,
  errors: ConfigError[],
  warnings: ConfigError[],
  files: string[],
): Promise<{ languages: Map<string, LanguageFile>; docs: Map<string, JsonDocument> }> {
  const languages = new Map<string, LanguageFile>();
  const docs = new Map<string, JsonDocument>();
  let names: string[];
  try {
    names = (await readdir(join(dir, 'languages'))).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      errors.push(
        configError('PORTICO_CONFIG_UNREADABLE', 'languages/', '', `cannot read folder (${code ?? 'error'})`),
      );
    return { languages, docs };
  }
  for (const name of names) {
    if (name.startsWith('.') || name.endsWith('~') || !name.endsWith('.json')) continue;
    const file = `languages/${name}`;
    const code = name.slice(0, -'.json'.length);
    if (!LANGUAGE_TAG.test(code) || code === 'en') {
      errors.push(
        configError(
          'PORTICO_CONFIG_UNEXPECTED_FILE',
          file,
          '',
          code === 'en'
            ? 'English is built into the widgets and cannot be replaced here; name a file after another language, e.g. languages/fr.json'
            : 'file name must be a language subtag in lower case, e.g. languages/fr.json (the widgets ask for the subtag before the first "-")',
          suggestion(code),
        ),
      );
      continue;
    }
    files.push(file);
    const res = await readJsonFile(join(dir, file), file, MAX_LANGUAGE_FILE_BYTES);
    if (!res.ok) {
      errors.push(res.error);
      continue;
    }
    docs.set(file, res.doc);
    const messages = checkMessages(file, res.doc.value, errors, warnings);
    if (messages) languages.set(code, { file, messages, json: JSON.stringify(messages) });
  }
  return { languages, docs };
}
