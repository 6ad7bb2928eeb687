/**
 * `npm run schemas:drift [-- --dir <path>] [--entity <name>]`: compares the entity schemas with
 * Dynamics' live metadata and reports added, removed and changed columns and option values.
 * Exit codes: 0 no drift, 1 drift, 2 usage/settings error or Dynamics unreachable.
 *
 * The server runs the same comparison at start (`startupDriftCheck`); it logs what differs and
 * never stops the server, because a new column in Dynamics does not break what Portico serves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UpstreamClient } from '../dataverse/client.js';
import { cliArgs, connectionForCli } from './env.js';
import type { Output } from './env.js';
import { readEntityMetadata } from './metadata.js';
import { driftOf, formatDrift, hasDrift } from './schema.js';
import type { DriftReport } from './schema.js';

/** Entity schema files in `<dir>/entities/`, by logical name. */
export function readEntitySchemas(dir: string): Map<string, Record<string, unknown>> {
  const folder = join(dir, 'entities');
  const out = new Map<string, Record<string, unknown>>();
  for (const name of readdirSync(folder)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()) {
    const file = join(folder, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file} is not valid JSON (${(error as Error).message}).`);
    }
    const logical = ((parsed as { 'x-dataverse'?: { logicalName?: unknown } })['x-dataverse']?.logicalName ??
      name.replace(/\.schema\.json$/, '')) as string;
    out.set(String(logical), parsed as Record<string, unknown>);
  }
  return out;
}

/** Drift of the entity schemas in `<dir>/entities/` (all, or the named ones). */
export async function checkDrift(
  client: UpstreamClient,
  dir: string,
  entities?: readonly string[],
): Promise<DriftReport[]> {
  const schemas = readEntitySchemas(dir);
  for (const name of entities ?? [])
    if (!schemas.has(name)) throw new Error(`There is no schema for '${name}' in ${join(dir, 'entities')}.`);
  return driftOfSchemas(client, schemas, entities ?? [...schemas.keys()]);
}

async function driftOfSchemas(
  client: UpstreamClient,
  schemas: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  names: readonly string[],
): Promise<DriftReport[]> {
  const reports: DriftReport[] = [];
  for (const name of names) reports.push(driftOf(await readEntityMetadata(client, name), schemas.get(name)!));
  return reports;
}

export interface DriftLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The server's start-up check, on the schemas its config loader has just read and validated (by
 * logical name): logs, never throws. Resolves when done (tests await it).
 */
export async function startupDriftCheck(
  client: UpstreamClient,
  schemas: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  logger: DriftLogger,
): Promise<void> {
  try {
    const reports = await driftOfSchemas(client, schemas, [...schemas.keys()]);
    const drifted = reports.filter(hasDrift);
    if (drifted.length === 0) {
      logger.info({ entities: reports.map((r) => r.entity) }, 'entity schemas match the Dynamics metadata');
      return;
    }
    for (const r of drifted) {
      logger.warn(
        { entity: r.entity, added: r.added, removed: r.removed, changed: r.changed },
        `entity schema ${r.entity} differs from the Dynamics metadata (run npm run schemas:drift for details, schemas:pull to update)`,
      );
    }
  } catch (error) {
    logger.warn({ err: error }, 'could not compare the entity schemas with the Dynamics metadata');
  }
}

const USAGE = `Usage: npm run schemas:drift [-- --dir <path>] [--entity <name> …]

Compares schemas/entities/*.schema.json with the live Dynamics metadata (DATAVERSE_* settings).
Exit code 0: no drift; 1: drift; 2: settings or connection problem.`;

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: Output = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const v = cliArgs(argv, { dir: { type: 'string' }, entity: { type: 'string', multiple: true } }, USAGE, io);
  if (typeof v === 'number') return v;
  const connection = connectionForCli(env, io);
  if (!connection) return 2;
  try {
    const reports = await checkDrift(connection.client, resolve(v.dir ?? connection.schemasDir), v.entity);
    for (const r of reports) io.out.write(`${formatDrift(r).join('\n')}\n`);
    return reports.some(hasDrift) ? 1 : 0;
  } catch (error) {
    io.err.write(`schemas:drift: ${(error as Error).message}\n`);
    return 2;
  } finally {
    connection.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
