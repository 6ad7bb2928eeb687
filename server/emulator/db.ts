/**
 * The SQLite database behind the emulator: one table per served Dataverse table, columns derived
 * from the declarative metadata, plus a small state table for the row-version counter, the case
 * number sequence and the seed marker.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MODEL, isLookup, isPolymorphic, type EntityModel } from './metadata/model.js';
import type { AttributeDef } from './metadata/types.js';
import { registerTsqlLike } from './odata/like.js';

export type Db = Database.Database;

/** SQL identifier quoting; every identifier comes from the metadata, never from a request. */
export const q = (id: string): string => `"${id.replace(/"/g, '""')}"`;

/** Storage column that records which table a polymorphic lookup points at. */
export const typeColumn = (a: AttributeDef): string => `${a.logicalName}__t`;

function sqlType(a: AttributeDef): string {
  switch (a.type) {
    case 'String':
    case 'Memo':
    case 'EntityName':
      // Dataverse compares and sorts strings case-insensitively (SQL Server collation).
      return 'TEXT COLLATE NOCASE';
    case 'Integer':
    case 'BigInt':
    case 'Boolean':
    case 'Picklist':
    case 'State':
    case 'Status':
      return 'INTEGER';
    default:
      return 'TEXT';
  }
}

/** Columns worth an index: every lookup plus the columns lists filter and sort on. */
const EXTRA_INDEXES: Record<string, readonly (readonly string[])[]> = {
  incident: [
    ['createdon'],
    ['modifiedon'],
    ['title'],
    ['ticketnumber'],
    ['prioritycode'],
    ['casetypecode'],
    // Portal lists filter on state and sort by one of these; a composite index lets SQLite walk
    // rows in order and stop after one page instead of sorting every active case.
    ['statecode', 'modifiedon'],
    ['statecode', 'prioritycode', 'modifiedon'],
    ['statecode', 'createdon'],
    ['statecode', 'ticketnumber'],
    ['statecode', 'title'],
    ['customerid', 'modifiedon'],
  ],
  contact: [['fullname'], ['lastname', 'firstname'], ['emailaddress1'], ['modifiedon'], ['statecode']],
  account: [['name']],
  // A case's timeline: its notes, newest first.
  annotation: [['objectid', 'createdon']],
};

function createTable(db: Db, m: EntityModel): void {
  const cols: string[] = [];
  for (const a of m.def.attributes) {
    const pk = a.logicalName === m.def.primaryIdAttribute ? ' PRIMARY KEY' : '';
    cols.push(`${q(a.logicalName)} ${sqlType(a)}${pk}`);
    if (isLookup(a) && isPolymorphic(a)) cols.push(`${q(typeColumn(a))} TEXT`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS ${q(m.def.logicalName)} (${cols.join(', ')})`);
}

function indexesOf(m: EntityModel): { name: string; cols: readonly string[] }[] {
  const indexes: (readonly string[])[] = m.def.attributes
    .filter((a) => isLookup(a) && a.logicalName !== 'owningbusinessunit')
    .map((a) => [a.logicalName]);
  indexes.push(...(EXTRA_INDEXES[m.def.logicalName] ?? []));
  return indexes.map((cols) => ({ name: `ix_${m.def.logicalName}_${cols.join('_')}`, cols }));
}

/** Creates the secondary indexes (idempotent). */
export function createIndexes(db: Db): void {
  for (const m of MODEL.entities) {
    for (const { name, cols } of indexesOf(m)) {
      db.exec(`CREATE INDEX IF NOT EXISTS ${q(name)} ON ${q(m.def.logicalName)} (${cols.map(q).join(', ')})`);
    }
  }
}

/** Drops the secondary indexes; bulk loads build them once afterwards, which is much faster. */
export function dropIndexes(db: Db): void {
  for (const m of MODEL.entities)
    for (const { name } of indexesOf(m)) db.exec(`DROP INDEX IF EXISTS ${q(name)}`);
}

/** Opens (creating folders, tables and indexes as needed) the database at `file` or `:memory:`. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL keeps readers and the writer out of each other's way and survives restarts
  // (https://www.sqlite.org/wal.html); NORMAL sync is durable enough for a development emulator.
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  // contains/startswith/endswith need SQL Server's bracket wildcards (see odata/like.ts).
  registerTsqlLike(db);
  db.exec('CREATE TABLE IF NOT EXISTS emu_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  db.exec(
    "INSERT OR IGNORE INTO emu_state (key, value) VALUES ('rowversion', 1000), ('ticket', 1000), ('seeded', 0)",
  );
  for (const m of MODEL.entities) createTable(db, m);
  createIndexes(db);
  return db;
}

/** Counters kept in the database so they survive restarts. */
export class Counters {
  private readonly bump: Database.Statement;
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;
  constructor(db: Db) {
    this.bump = db.prepare('UPDATE emu_state SET value = value + 1 WHERE key = ? RETURNING value');
    this.read = db.prepare('SELECT value FROM emu_state WHERE key = ?');
    this.write = db.prepare('UPDATE emu_state SET value = ? WHERE key = ?');
  }
  /** Next row version: one database-wide, monotonically increasing number, like SQL Server rowversion. */
  nextVersion(): number {
    return (this.bump.get('rowversion') as { value: number }).value;
  }
  nextTicket(): number {
    return (this.bump.get('ticket') as { value: number }).value;
  }
  get(key: string): number {
    return (this.read.get(key) as { value: number } | undefined)?.value ?? 0;
  }
  set(key: string, value: number): void {
    this.write.run(value, key);
  }
}
