/**
 * `npm run schemas:pull -- --entity contact [--entity incident|<custom>] [options]`
 *
 * Reads each table's live metadata from the configured Dynamics (DATAVERSE_* settings, same
 * authentication as the server) and writes or updates `schemas/entities/<name>.schema.json`,
 * keeping the admin's edits (see schema.ts for who owns what). Exit codes: 0 written, 1 Dynamics
 * refused or a table/column does not exist, 2 usage or settings error.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { UpstreamClient } from '../dataverse/client.js';
import { cliArgs, connectionForCli } from './env.js';
import type { Output } from './env.js';
import { readEntityMetadata } from './metadata.js';
import { pullSchema } from './schema.js';
import type { PullOptions, PullResult } from './schema.js';

export interface PullRequest extends PullOptions {
  client: UpstreamClient;
  /** Logical names. */
  entities: readonly string[];
  /** The schemas directory (the files go to `<dir>/entities/`). */
  dir: string;
  /** Compute, do not write. */
  dryRun?: boolean;
}

export interface PulledEntity extends PullResult {
  entity: string;
  file: string;
  /** True when the file existed before. */
  updated: boolean;
  /** True when the written content differs from what was there. */
  changed: boolean;
}

/**
 * JSON laid out like the hand-written files: an object or array that holds objects is expanded
 * (one member per line) unless it is an array element; everything else stays on one line.
 * Prettier then keeps that choice and only breaks lines that are too long.
 */
function layout(value: unknown, indent: string, inArray: boolean): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries: Array<[string | undefined, unknown]> = Array.isArray(value)
    ? value.map((v) => [undefined, v])
    : Object.entries(value as Record<string, unknown>);
  const open = Array.isArray(value) ? '[' : '{';
  const close = Array.isArray(value) ? ']' : '}';
  if (entries.length === 0) return `${open}${close}`;
  const nested = entries.some(([, v]) => v !== null && typeof v === 'object');
  const inner = indent + '  ';
  const item = ([k, v]: [string | undefined, unknown], expanded: boolean) =>
    `${k === undefined ? '' : `${JSON.stringify(k)}: `}${layout(v, expanded ? inner : indent, Array.isArray(value))}`;
  if (nested && !inArray) {
    return `${open}\n${entries.map((e) => inner + item(e, true)).join(',\n')}\n${indent}${close}`;
  }
  const pad = Array.isArray(value) ? '' : ' ';
  return `${open}${pad}${entries.map((e) => item(e, false)).join(', ')}${pad}${close}`;
}

/** Formats like the rest of schemas/ (Prettier when installed, the same layout without it). */
async function format(json: unknown): Promise<string> {
  const text = `${layout(json, '', false)}\n`;
  try {
    const prettier = await import('prettier');
    return await prettier.format(text, { parser: 'json', printWidth: 110 });
  } catch {
    return text;
  }
}

function readExisting(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Never overwrite a file the admin is halfway through editing.
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it before pulling.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file} does not hold a JSON object; fix it before pulling.`);
  }
  return parsed as Record<string, unknown>;
}

export async function pullEntities(request: PullRequest): Promise<PulledEntity[]> {
  const out: PulledEntity[] = [];
  const folder = join(request.dir, 'entities');
  for (const entity of request.entities) {
    const file = join(folder, `${entity}.schema.json`);
    const existing = readExisting(file);
    const live = await readEntityMetadata(request.client, entity);
    const result = pullSchema(live, existing, request);
    // Same content (whatever the layout) leaves the admin's file untouched.
    const changed = !isDeepStrictEqual(existing, result.schema);
    if (!request.dryRun && changed) {
      const text = await format(result.schema);
      mkdirSync(folder, { recursive: true });
      // Write then rename, so the server's watcher never reads a half-written file.
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, text);
      renameSync(temp, file);
    }
    out.push({ ...result, entity, file, updated: existing !== undefined, changed });
  }
  return out;
}

const USAGE = `Usage: npm run schemas:pull -- --entity <logical name> [--entity …] [options]

  --entity <name>     table to pull (contact, incident or a custom table such as new_project); repeatable
  --dir <path>        schemas directory (default PORTICO_SCHEMAS_DIR or schemas/)
  --columns <a,b,…>   first pull only: the columns to include (others are listed in x-portico-exclude)
  --add <a,b,…>       add these columns to an existing schema
  --exclude-new       record columns that are new in Dynamics in x-portico-exclude instead of reporting them
  --dry-run           show what would change, write nothing

Connection: DATAVERSE_URL and DATAVERSE_AUTH with its settings (see the README).`;

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Output = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const v = cliArgs(
    argv,
    {
      entity: { type: 'string', multiple: true },
      dir: { type: 'string' },
      columns: { type: 'string' },
      add: { type: 'string' },
      'exclude-new': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
    USAGE,
    io,
  );
  if (typeof v === 'number') return v;
  const entities = (v.entity ?? []).flatMap((e) => list(e) ?? []);
  if (entities.length === 0) {
    io.err.write(`Name at least one table with --entity.\n\n${USAGE}\n`);
    return 2;
  }
  const connection = connectionForCli(env, io);
  if (!connection) return 2;
  try {
    const columns = list(v.columns);
    const add = list(v.add);
    const results = await pullEntities({
      client: connection.client,
      entities,
      dir: resolve(v.dir ?? connection.schemasDir),
      ...(columns ? { columns } : {}),
      ...(add ? { add } : {}),
      excludeNew: v['exclude-new'] === true,
      dryRun: v['dry-run'] === true,
    });
    for (const r of results) {
      const verb = v['dry-run']
        ? 'would write'
        : r.changed
          ? r.updated
            ? 'updated'
            : 'created'
          : 'unchanged';
      io.out.write(`${r.entity}: ${verb} ${r.file}\n`);
      if (r.added.length > 0) io.out.write(`  added: ${r.added.join(', ')}\n`);
      if (r.newColumns.length > 0) {
        io.out.write(
          `  new in Dynamics, not added: ${r.newColumns.join(', ')}\n    (add with --add, or record them as excluded with --exclude-new)\n`,
        );
      }
      if (r.missing.length > 0) {
        io.out.write(`  no longer in Dynamics (kept; remove by hand): ${r.missing.join(', ')}\n`);
      }
      if (r.unsupported.length > 0)
        io.out.write(`  skipped (type not mapped): ${r.unsupported.join(', ')}\n`);
    }
    return 0;
  } catch (error) {
    io.err.write(`schemas:pull: ${(error as Error).message}\n`);
    return 1;
  } finally {
    connection.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
