/**
 * `npm run gen` writes the TypeScript types that the meta-schemas in `schemas/meta/` define, the
 * widget-facing API types that the HTTP API's schemas define (server/api/schemas.ts →
 * server/api/generated/contract-types.ts, re-exported by server/api/contract.ts), and the widgets'
 * English messages that language files translate (server/config/generated/widget-messages.ts, read
 * by the configuration loader, which runs without the widgets' source);
 * `npm run gen:check` fails (exit 1) when the committed files differ from what it would write.
 *
 * Types are never written by hand when a schema already defines them (fastify's build-validation
 * habit: generate, commit, and prove the committed output is current).
 */
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join, relative, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { apiSchemaBundle } from '../server/api/schemas.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const schemasDir = join(root, 'schemas');
const configOut = join(root, 'server', 'config', 'generated');
const apiOut = join(root, 'server', 'api', 'generated');

interface Target {
  /** Where the schema comes from, relative to the repo root (for the header). */
  source: string;
  /** Output folder; every `.ts` file in it must come from a target. */
  dir: string;
  /** Output file name inside `dir`. */
  out: string;
  /** The schema, when it is not the JSON file `source`. */
  schema?: Record<string, unknown>;
  /** Generate every `$defs` entry (a bundle of definitions) rather than the root type. */
  bundle?: boolean;
  /** The whole file, when it is not made from a schema. */
  text?: () => Promise<string>;
}

/**
 * Every English message of the widgets, by key: the entry's (internal/messages.ts) and every
 * chunk's `*.messages.ts`, found by name so a new chunk's messages are included without a change here.
 */
async function widgetMessages(): Promise<string> {
  const widgets = join(root, 'widgets', 'src');
  const files = (await readdir(widgets, { recursive: true }))
    .filter((name) => name.endsWith('.messages.ts'))
    .map((name) => join(widgets, name))
    .sort();
  const all: Record<string, string> = {};
  for (const file of [join(widgets, 'internal', 'messages.ts'), ...files]) {
    const exported = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(exported))
      if (value && typeof value === 'object') Object.assign(all, value as Record<string, string>);
  }
  const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : 1)));
  return (
    `// generated — do not edit. Source: widgets/src/internal/messages.ts and widgets/src/**/*.messages.ts; regenerate with \`npm run gen\`.\n` +
    `/* eslint-disable */\n\n` +
    `/** Every message of the widgets in English, by key: what a file in schemas/languages/ translates. */\n` +
    `export const WIDGET_MESSAGES: Readonly<Record<string, string>> = ${JSON.stringify(sorted, null, 2)};\n`
  );
}

async function targets(): Promise<Target[]> {
  // Only the meta-schemas: the loader reads every admin file through these types. The entity
  // schemas describe Dataverse columns that the loader handles as data, so no code needs a type
  // per entity and none is generated.
  const names = (await readdir(join(schemasDir, 'meta'))).filter((n) => n.endsWith('.schema.json')).sort();
  return [
    ...names.map((name) => ({
      source: `schemas/meta/${name}`,
      dir: configOut,
      out: `${basename(name, '.schema.json')}-file.ts`,
    })),
    {
      source: 'server/api/schemas.ts',
      dir: apiOut,
      out: 'contract-types.ts',
      schema: apiSchemaBundle('contract') as Record<string, unknown>,
      bundle: true,
    },
    { source: 'widgets/src', dir: configOut, out: 'widget-messages.ts', text: widgetMessages },
  ];
}

/**
 * A bundle's root is only a holder of `$defs`: its own empty interface and the generator's
 * "referenced via definition" notes are dropped, so each type reads as its schema describes it.
 */
function bundleTypes(body: string, rootTitle: string): string {
  return body
    .replace(new RegExp(`export interface ${rootTitle} \\{\\n  \\[k: string\\]: unknown;\\n\\}\\n`), '')
    .replace(
      /\n \*\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\./g,
      '',
    )
    .replace(
      /\/\*\*\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/g,
      '',
    );
}

async function render(target: Target): Promise<string> {
  if (target.text) return target.text();
  const schema =
    target.schema ??
    (JSON.parse(await readFile(join(root, target.source), 'utf8')) as Record<string, unknown>);
  const prettierConfig = JSON.parse(await readFile(join(root, '.prettierrc.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const title = String(schema.title ?? basename(target.source));
  const body = await compile(schema, title, {
    bannerComment: '',
    // toolchain: without maxItems -1 a `maxItems: 10` array becomes an 11-way tuple union.
    maxItems: -1,
    unknownAny: true,
    additionalProperties: false,
    declareExternallyReferenced: true,
    unreachableDefinitions: target.bundle === true,
    cwd: join(root, 'schemas', 'meta'),
    style: prettierConfig,
  });
  return (
    `// generated — do not edit. Source: ${target.source}; regenerate with \`npm run gen\`.\n` +
    `/* eslint-disable */\n\n${target.bundle ? bundleTypes(body, title) : body}`
  );
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const all = await targets();
  const dirs = [...new Set(all.map((t) => t.dir))];
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  const stale: string[] = [];
  const expected = new Set<string>();
  for (const target of all) {
    const file = join(target.dir, target.out);
    expected.add(file);
    const text = await render(target);
    if (check) {
      const current = await readFile(file, 'utf8').catch(() => undefined);
      if (current !== text) stale.push(relative(root, file));
    } else {
      await writeFile(file, text);
      console.log(`wrote ${relative(root, file)}`);
    }
  }
  const extra: string[] = [];
  for (const dir of dirs) {
    for (const name of await readdir(dir)) {
      if (name.endsWith('.ts') && !expected.has(join(dir, name))) extra.push(relative(root, join(dir, name)));
    }
  }
  if (check) {
    for (const name of extra) stale.push(`${name} (no schema generates it)`);
    if (stale.length > 0) {
      console.error(`Generated files are stale; run \`npm run gen\` and commit:\n  ${stale.join('\n  ')}`);
      process.exit(1);
    }
    console.log('Generated files are current.');
  } else if (extra.length > 0) {
    console.warn(`Not generated by any schema (remove by hand if unused): ${extra.join(', ')}`);
  }
}

await main();
