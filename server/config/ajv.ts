/**
 * Ajv instances. Strict mode everywhere (https://ajv.js.org/strict-mode.html): an unknown keyword,
 * an ignored `required` or a type-less keyword is a schema error, not a silent no-op. `x-dataverse`
 * is registered as an annotation keyword so strict mode accepts it in entity schemas.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FormatName } from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as typeof addFormatsModule.default;

/** Only the formats Portico's schemas use, so a standalone validator pulls in nothing else. */
export const USED_FORMATS: FormatName[] = ['email', 'uri', 'uuid', 'date', 'date-time'];

/** Annotation keywords allowed in admin-written schemas. */
export const ANNOTATION_KEYWORDS = ['x-dataverse'] as const;

/**
 * Options for the Ajv that validates form `values` (server and browser alike). `unicode: false`
 * measures maxLength in UTF-16 code units, as Dataverse (.NET strings) counts MaxLength, and keeps
 * Ajv's ucs2length runtime helper out of the browser bundle.
 */
export const VALUES_AJV_OPTIONS: Options = {
  allErrors: true,
  unicode: false,
  // Ajv flags `unicode` as deprecated; the choice is deliberate (see above), so only that note is muted.
  logger: {
    log: (...args: unknown[]) => console.log(...args),
    warn: (...args: unknown[]) => {
      if (!String(args[0]).includes('option unicode')) console.warn(...args);
    },
    error: (...args: unknown[]) => console.error(...args),
  },
};

export function createAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    // Conditional `required` inside if/then names properties declared by the parent schema, which
    // strictRequired would reject although it is correct JSON Schema.
    strictRequired: false,
    allowUnionTypes: true,
    ...options,
  });
  addFormats(ajv, USED_FORMATS);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'object' });
  // Columns an admin excludes from an entity schema (schemas:pull / schemas:drift); an annotation only.
  ajv.addKeyword({ keyword: 'x-portico-exclude', schemaType: 'array' });
  return ajv;
}
