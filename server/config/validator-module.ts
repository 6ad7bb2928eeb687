/**
 * The browser validator of a form: Ajv standalone code for the create and update `values` schemas,
 * bundled by esbuild with the shared error translator into one ES module with no `require`, no
 * `eval` and no `new Function`, so it runs under a host page CSP of `script-src 'self'`
 * (https://ajv.js.org/standalone.html; runtime Ajv would need 'unsafe-eval').
 *
 * Raw standalone output still `require()`s Ajv runtime helpers (ucs2length, ajv-formats); bundling
 * with `format: 'esm', platform: 'neutral'` inlines them. Results are cached by schema content,
 * so a hot reload that leaves a form unchanged costs nothing.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { buildSync } from 'esbuild';
import { createAjv, VALUES_AJV_OPTIONS } from './ajv.js';

const here = dirname(fileURLToPath(import.meta.url));
const cache = new Map<string, string>();
const CACHE_LIMIT = 200;

// ajv's standalone entry is CommonJS; under NodeNext the default import may be the module object.
type Standalone = (ajv: unknown, refs: Record<string, string>) => string;
const toStandalone = ((standaloneCode as unknown as { default?: Standalone }).default ??
  standaloneCode) as unknown as Standalone;

export function buildValidatorModule(createSchema: object, updateSchema: object): string {
  const key = createHash('sha256')
    .update(JSON.stringify([createSchema, updateSchema]))
    .digest('hex');
  const hit = cache.get(key);
  if (hit !== undefined) return hit;

  const ajv = createAjv({ ...VALUES_AJV_OPTIONS, code: { source: true, esm: true } });
  ajv.addSchema(createSchema, 'create');
  ajv.addSchema(updateSchema, 'update');
  const generated = toStandalone(ajv, { rawCreate: 'create', rawUpdate: 'update' });

  // buildSync takes no plugins, so the generated code is the entry itself, with the wrappers
  // appended. The default export is the raw Ajv validate function (boolean + `.errors`), which is
  // what the widgets consume and localise by keyword; `validateCreate`/`validateUpdate` return
  // FieldError[] exactly like the server.
  const entry = [
    generated,
    `import { toFieldErrors as portico_toFieldErrors } from './field-errors.ts';`,
    `export default rawCreate;`,
    `/** Validates create-mode values; returns [] when valid, else one FieldError per field. */`,
    `export function validateCreate(values) { return rawCreate(values) ? [] : portico_toFieldErrors(rawCreate.errors); }`,
    `/** Validates update-mode (partial) values. */`,
    `export function validateUpdate(values) { return rawUpdate(values) ? [] : portico_toFieldErrors(rawUpdate.errors); }`,
  ].join('\n');

  const result = buildSync({
    stdin: { contents: entry, resolveDir: here, sourcefile: 'validator-entry.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
  });
  const text = result.outputFiles[0]?.text ?? '';
  if (/\brequire\(|\beval\(|new Function/.test(text)) {
    throw new Error(
      'validator bundle still contains require/eval/new Function: ' +
        (/.{80}(\brequire\(|\beval\(|new Function).{80}/.exec(text)?.[0] ?? ''),
    );
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, text);
  return text;
}
