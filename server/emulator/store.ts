/**
 * What every Web API handler shares: the SQLite connection with its prepared statements, the
 * persistent counters, the clock, the integration user, and the row lookups all of them need.
 */
import type Database from 'better-sqlite3';
import { Counters, q, type Db } from './db.js';
import { DEMO_IDS } from './demo-ids.js';
import { errors } from './errors.js';
import { normalizeGuid } from './format.js';
import { BUSINESS_UNIT_NAME, MODEL, type EntityModel } from './metadata/model.js';
import type { EmuRequest } from './wire.js';

/** A stored row: storage column → value. */
export type Row = Record<string, unknown>;

/** The values a write will store: storage column → value. */
export type Changes = Map<string, unknown>;

/** A row's weak ETag, made from its row version. */
export const etagOf = (row: Row): string => `W/"${String(row['versionnumber'])}"`;

export interface StoreOptions {
  /** The caller when a request does not impersonate anyone. Default: the demo integration user. */
  userId?: string;
  /** The clock for audit columns and relative-date query functions. Default: the system clock. */
  now?: () => Date;
}

export class Store {
  readonly db: Db;
  readonly counters: Counters;
  readonly now: () => Date;
  private readonly userId: string;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(db: Db, options: StoreOptions = {}) {
    this.db = db;
    this.counters = new Counters(db);
    this.userId = options.userId ?? DEMO_IDS.integrationUser;
    this.now = options.now ?? (() => new Date());
  }

  /** Prepared statements by SQL text; bounded, because query SQL varies with each $filter shape. */
  stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.stmts.size >= 500) this.stmts.delete(this.stmts.keys().next().value!);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Runs `work` in one SQLite transaction: all of its writes, or none. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  findRow(m: EntityModel, id: string): Row | undefined {
    return this.stmt(`SELECT * FROM ${q(m.def.logicalName)} WHERE ${q(m.def.primaryIdAttribute)} = ?`).get(
      id,
    ) as Row | undefined;
  }

  /** The row, or the 404 Dataverse answers for a missing record. */
  existingRow(m: EntityModel, id: string): Row {
    const row = this.findRow(m, id);
    if (!row) throw errors.notFound(m.def.logicalName, id);
    return row;
  }

  /** Primary name of a lookup target, for FormattedValue annotations. */
  nameOf(target: string, id: string): string | null {
    if (target === 'businessunit') return BUSINESS_UNIT_NAME;
    const t = MODEL.byLogicalName(target);
    if (!t) return null;
    const row = this.stmt(
      `SELECT ${q(t.def.primaryNameAttribute)} AS n FROM ${q(t.def.logicalName)} WHERE ${q(t.def.primaryIdAttribute)} = ?`,
    ).get(id) as { n: string | null } | undefined;
    return row?.n ?? null;
  }

  /** The effective caller: `MSCRMCallerID` impersonation, else the integration user. */
  caller(req: EmuRequest): string {
    const header = req.headers['mscrmcallerid'];
    if (!header) return this.userId;
    const id = normalizeGuid(header);
    if (!id) throw errors.invalidArgument(`The MSCRMCallerID header value '${header}' is not a valid GUID.`);
    if (!this.findRow(MODEL.byLogicalName('systemuser')!, id)) throw errors.notFound('systemuser', id);
    return id;
  }
}
