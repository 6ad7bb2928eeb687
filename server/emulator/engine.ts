/**
 * The request engine: turns one Web API request (already read off the wire, or taken from a
 * `$batch` part) into one response, synchronously, against SQLite. Table CRUD, upsert, ETags,
 * queries, paging, annotations, lookups, Assign, the Case rules, WhoAmI and CloseIncident live here;
 * metadata and `$batch` are delegated to their own modules.
 *
 * Behaviour follows https://learn.microsoft.com/power-apps/developer/data-platform/webapi/overview
 * and the pages linked beside each rule.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { Counters, q, typeColumn, type Db } from './db.js';
import { DataverseError, errorBody, errors } from './errors.js';
import {
  ANN,
  formattedValue,
  isoSeconds,
  normalizeGuid,
  parseDateValue,
  parsePrefer,
  wantsAnnotation,
  type Preferences,
} from './format.js';
import {
  BUSINESS_UNIT_NAME,
  MODEL,
  isLookup,
  isPolymorphic,
  propertyName,
  type EntityModel,
} from './metadata/model.js';
import type { AttributeDef } from './metadata/types.js';
import { compileFilter } from './odata/filter.js';
import { orderBySql, parseQueryOptions, type ExpandSpec, type QueryOptions } from './odata/query.js';
import { handleMetadata, serviceDocument, csdlDocument } from './metadata/api.js';
import { DEMO_IDS } from './demo-ids.js';
import { handleBatch } from './batch.js';

export interface EmuRequest {
  readonly method: string;
  /** Path below the version segment, still percent-encoded (e.g. `contacts(…)/fullname`). */
  readonly path: string;
  /** Raw query string without `?`. */
  readonly query: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string | undefined;
  /** Absolute Web API root the client used, ending in `/` (e.g. `http://127.0.0.1:1234/api/data/v9.2/`). */
  readonly root: string;
  /** `$batch` change sets: Content-ID → entity URL relative to root. */
  readonly contentIds?: Map<string, string>;
}

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  /** Set on created/updated records, for Content-ID references inside change sets. */
  entityPath?: string;
}

export type Row = Record<string, unknown>;

const JSON_TYPE = 'application/json; odata.metadata=minimal';
const MAX_PAGE = 5000;
const COUNT_CAP = 5000;

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): EmuResponse {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function errorResponse(e: DataverseError): EmuResponse {
  return { status: e.status, headers: { 'Content-Type': JSON_TYPE, ...e.headers }, body: errorBody(e) };
}

interface KeySegment {
  set: string;
  key?: string;
}

/** `contacts(…)` → { set, key }. */
function splitKey(segment: string): KeySegment {
  const open = segment.indexOf('(');
  if (open < 0) return { set: segment };
  if (!segment.endsWith(')')) throw errors.query(`Bad Request - Error in query syntax: '${segment}'.`);
  return { set: segment.slice(0, open), key: segment.slice(open + 1, -1) };
}

function parseId(m: EntityModel, key: string): string {
  const id = normalizeGuid(key);
  if (id) return id;
  if (key.includes('=')) {
    throw errors.query(
      `The key '${key}' is not valid for table '${m.def.logicalName}': the emulator defines no alternate keys.`,
    );
  }
  throw errors.query(
    `The key value '${key}' is not a valid 'Edm.Guid' for the key property '${m.def.primaryIdAttribute}' of type 'Microsoft.Dynamics.CRM.${m.def.logicalName}'.`,
  );
}

/** The values a write will store: storage column → value. */
type Changes = Map<string, unknown>;

export class Engine {
  readonly db: Db;
  readonly counters: Counters;
  private readonly userId: string;
  private readonly now: () => Date;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(db: Db, options: { userId?: string; now?: () => Date } = {}) {
    this.db = db;
    this.counters = new Counters(db);
    this.userId = options.userId ?? DEMO_IDS.integrationUser;
    this.now = options.now ?? (() => new Date());
  }

  /** Prepared statements by SQL text; bounded, because query SQL varies with each $filter shape. */
  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.stmts.size >= 500) this.stmts.delete(this.stmts.keys().next().value!);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Handles one request; every failure becomes the Dataverse error envelope. */
  handle(req: EmuRequest): EmuResponse {
    try {
      return this.route(req);
    } catch (e) {
      if (e instanceof DataverseError) return errorResponse(e);
      throw e;
    }
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

  private route(req: EmuRequest): EmuResponse {
    const path = req.path.replace(/\/$/, '');
    const segments = path === '' ? [] : path.split('/').map(decodeSegment);
    const params = new URLSearchParams(req.query);
    const first = segments[0];
    if (first === undefined) {
      if (req.method !== 'GET') throw errors.noResource(req.root);
      return jsonResponse(200, serviceDocument(req.root));
    }
    if (first === '$metadata') {
      if (req.method !== 'GET') throw errors.noResource(req.root + req.path);
      const annotations =
        params.get('annotations') === 'true' ||
        wantsAnnotation(parsePrefer(req.headers['prefer']).annotations, 'Org.OData.Core.V1.Computed');
      return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: csdlDocument(annotations) };
    }
    if (first === '$batch' && segments.length === 1) return handleBatch(this, req);
    if (first === 'WhoAmI' || first === 'WhoAmI()') {
      if (req.method !== 'GET' || segments.length > 1) throw errors.noResource(req.root + req.path);
      return jsonResponse(200, {
        '@odata.context': `${req.root}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: DEMO_IDS.businessUnit,
        UserId: this.caller(req),
        OrganizationId: DEMO_IDS.organization,
      });
    }
    if (first === 'CloseIncident' || first === 'Microsoft.Dynamics.CRM.CloseIncident') {
      if (req.method !== 'POST' || segments.length > 1) throw errors.noResource(req.root + req.path);
      return this.closeIncident(req);
    }
    if (first.startsWith('EntityDefinitions') || first.startsWith('GlobalOptionSetDefinitions')) {
      return handleMetadata(req, segments, params);
    }
    const { set, key } = splitKey(first);
    const m = MODEL.bySetName(set);
    if (!m) throw errors.segmentNotFound(set);
    const prefs = parsePrefer(req.headers['prefer']);
    if (key === undefined) {
      if (segments[1] === '$count' && segments.length === 2) {
        if (req.method !== 'GET') throw this.methodNotAllowed(req.method);
        return this.countAll(m);
      }
      if (segments.length > 1) throw errors.segmentNotFound(segments[1]!);
      if (req.method === 'GET') return this.query(req, m, params, prefs);
      if (req.method === 'POST') return this.create(req, m, params, prefs);
      throw this.methodNotAllowed(req.method);
    }
    const id = parseId(m, key);
    if (segments.length === 1) {
      if (req.method === 'GET') return this.retrieve(req, m, id, params, prefs);
      if (req.method === 'PATCH') return this.upsert(req, m, id, params, prefs);
      if (req.method === 'DELETE') return this.remove(req, m, id);
      throw this.methodNotAllowed(req.method);
    }
    return this.property(req, m, id, segments.slice(1), prefs);
  }

  private methodNotAllowed(method: string): DataverseError {
    return new DataverseError(
      405,
      '0x80060888',
      `The requested resource does not support http method '${method}'.`,
    );
  }

  // ───────────────────────────── reading ─────────────────────────────

  findRow(m: EntityModel, id: string): Row | undefined {
    return this.stmt(`SELECT * FROM ${q(m.def.logicalName)} WHERE ${q(m.def.primaryIdAttribute)} = ?`).get(
      id,
    ) as Row | undefined;
  }

  /** Primary name of a lookup target, for FormattedValue annotations. */
  private nameOf(target: string, id: string): string | null {
    if (target === 'businessunit') return BUSINESS_UNIT_NAME;
    const t = MODEL.byLogicalName(target);
    if (!t) return null;
    const row = this.stmt(
      `SELECT ${q(t.def.primaryNameAttribute)} AS n FROM ${q(t.def.logicalName)} WHERE ${q(t.def.primaryIdAttribute)} = ?`,
    ).get(id) as { n: string | null } | undefined;
    return row?.n ?? null;
  }

  /** A stored row as the Web API returns it: etag first, each annotation right before its property. */
  serialize(
    m: EntityModel,
    row: Row,
    select: readonly AttributeDef[] | null,
    annotations: string | undefined,
    expand: readonly ExpandSpec[] = [],
    root?: string,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = { '@odata.etag': `W/"${String(row['versionnumber'])}"` };
    const attrs = select ? [...select] : [...m.def.attributes];
    const pk = m.attributes.get(m.def.primaryIdAttribute)!;
    if (!attrs.includes(pk)) attrs.push(pk);
    // Selecting one part of address 1 also returns the composite, as Dataverse does.
    const composite = m.attributes.get('address1_composite');
    if (
      select &&
      composite &&
      !attrs.includes(composite) &&
      attrs.some((a) => a.logicalName.startsWith('address1_'))
    ) {
      attrs.push(composite);
    }
    const wantFormatted = wantsAnnotation(annotations, ANN.formatted);
    for (const a of attrs) {
      const raw = row[a.logicalName];
      const prop = propertyName(a);
      if (isLookup(a)) {
        if (raw !== null && raw !== undefined) {
          const target = isPolymorphic(a) ? String(row[typeColumn(a)]) : Object.keys(a.targets ?? {})[0]!;
          if (wantFormatted) {
            const name = this.nameOf(target, String(raw));
            if (name !== null) out[`${prop}@${ANN.formatted}`] = name;
          }
          if (wantsAnnotation(annotations, ANN.navigation))
            out[`${prop}@${ANN.navigation}`] = a.targets?.[target];
          if (wantsAnnotation(annotations, ANN.logicalName)) out[`${prop}@${ANN.logicalName}`] = target;
        }
        out[prop] = raw ?? null;
        continue;
      }
      const value =
        a.type === 'Boolean'
          ? raw === null || raw === undefined
            ? null
            : raw === 1 || raw === true
          : (raw ?? null);
      if (wantFormatted) {
        const f = formattedValue(a, value);
        if (f !== undefined) out[`${prop}@${ANN.formatted}`] = f;
      }
      out[prop] = value;
    }
    // systemuser and team derive from `principal`, whose key `ownerid` equals the row's own id.
    if (m.def.logicalName === 'systemuser' || m.def.logicalName === 'team') {
      out['ownerid'] = row[m.def.primaryIdAttribute];
    }
    for (const e of expand) {
      const id = row[e.nav.attribute.logicalName];
      const target = isPolymorphic(e.nav.attribute) ? row[typeColumn(e.nav.attribute)] : e.nav.target;
      const related = id && target === e.nav.target ? this.findRow(e.target, String(id)) : undefined;
      out[e.nav.name] = related ? this.serialize(e.target, related, e.select, annotations, [], root) : null;
    }
    return out;
  }

  private contextUrl(req: EmuRequest, m: EntityModel, opts: QueryOptions, entity: boolean): string {
    const parts: string[] = [];
    if (opts.selectText !== null) parts.push(...opts.select!.map(propertyName));
    for (const e of opts.expand)
      parts.push(`${e.nav.name}(${e.select ? e.select.map(propertyName).join(',') : ''})`);
    const shape = parts.length > 0 ? `(${parts.join(',')})` : '';
    return `${req.root}$metadata#${m.def.entitySetName}${shape}${entity ? '/$entity' : ''}`;
  }

  private retrieve(
    req: EmuRequest,
    m: EntityModel,
    id: string,
    params: URLSearchParams,
    prefs: Preferences,
  ): EmuResponse {
    const opts = parseQueryOptions(m, params, false);
    const row = this.findRow(m, id);
    if (!row) throw errors.notFound(m.def.logicalName, id);
    const etag = `W/"${String(row['versionnumber'])}"`;
    // Conditional GET: never 304 with $expand or annotations requested
    // (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api#conditional-retrievals).
    const inm = req.headers['if-none-match'];
    if (inm && inm !== 'null' && opts.expand.length === 0 && !prefs.annotations && etagMatches(inm, etag)) {
      return { status: 304, headers: { ETag: etag } };
    }
    const body = {
      '@odata.context': this.contextUrl(req, m, opts, true),
      ...this.serialize(m, row, opts.select, prefs.annotations, opts.expand, req.root),
    };
    return jsonResponse(200, body, { ETag: etag, ...annotationsApplied(prefs) });
  }

  private property(
    req: EmuRequest,
    m: EntityModel,
    id: string,
    rest: string[],
    prefs: Preferences,
  ): EmuResponse {
    const [name = '', second] = rest;
    const row = () => {
      const r = this.findRow(m, id);
      if (!r) throw errors.notFound(m.def.logicalName, id);
      return r;
    };
    const nav = m.navigation.get(name);
    if (nav) {
      if (second === '$ref' && rest.length === 2) {
        if (req.method === 'PUT') {
          const body = parseJsonObject(req.body, m.def.entitySetName);
          const ref = body['@odata.id'];
          if (typeof ref !== 'string')
            throw errors.payload(m.def.entitySetName, "The '@odata.id' property is required.");
          return this.update(req, m, id, { [`${nav.name}@odata.bind`]: ref });
        }
        if (req.method === 'DELETE') {
          return this.update(req, m, id, { [`${nav.name}@odata.bind`]: null });
        }
        throw this.methodNotAllowed(req.method);
      }
      if (rest.length !== 1 || req.method !== 'GET') throw this.methodNotAllowed(req.method);
      const r = row();
      const targetId = r[nav.attribute.logicalName];
      const targetType = isPolymorphic(nav.attribute) ? r[typeColumn(nav.attribute)] : nav.target;
      const target = MODEL.byLogicalName(nav.target);
      if (!target || !targetId || targetType !== nav.target) {
        return { status: 204, headers: {} };
      }
      return this.retrieve(req, target, String(targetId), new URLSearchParams(req.query), prefs);
    }
    const attr = m.properties.get(name);
    if (!attr) throw errors.propertyNotFound(name, m.def.logicalName);
    if (req.method === 'GET') {
      const r = row();
      const value = this.serialize(m, r, [attr], undefined)[name];
      if (second === '$value' && rest.length === 2) {
        if (value === null) return { status: 204, headers: {} };
        return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: String(value) };
      }
      if (rest.length !== 1) throw errors.segmentNotFound(second ?? '');
      return jsonResponse(200, {
        '@odata.context': `${req.root}$metadata#${m.def.entitySetName}(${id})/${name}`,
        value,
      });
    }
    if (rest.length !== 1) throw this.methodNotAllowed(req.method);
    if (isLookup(attr)) {
      throw errors.query(
        `The lookup property '${name}' cannot be written directly; use its navigation property with '@odata.bind' or '$ref'.`,
      );
    }
    if (req.method === 'PUT') {
      const body = parseJsonObject(req.body, m.def.entitySetName);
      if (!('value' in body)) throw errors.payload(m.def.entitySetName, "The property 'value' is required.");
      row();
      return this.update(req, m, id, { [name]: body['value'] });
    }
    if (req.method === 'DELETE') {
      row();
      return this.update(req, m, id, { [name]: null });
    }
    throw this.methodNotAllowed(req.method);
  }

  private countAll(m: EntityModel): EmuResponse {
    const n = (this.stmt(`SELECT COUNT(*) AS n FROM ${q(m.def.logicalName)}`).get() as { n: number }).n;
    // The documented response is a plain number prefixed by a UTF-8 byte order mark
    // (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/count-rows).
    return {
      status: 200,
      headers: { 'Content-Type': 'text/plain' },
      body: `\uFEFF${Math.min(n, COUNT_CAP)}`,
    };
  }

  private query(req: EmuRequest, m: EntityModel, params: URLSearchParams, prefs: Preferences): EmuResponse {
    const opts = parseQueryOptions(m, params, true);
    const table = q(m.def.logicalName);
    let where = '';
    let whereParams: unknown[] = [];
    if (opts.filter) {
      const c = compileFilter(opts.filter, {
        model: m,
        aliases: opts.aliases,
        userId: this.caller(req),
        now: this.now(),
        alias: 't',
      });
      where = ` WHERE ${c.sql}`;
      whereParams = c.params;
    }
    const applied: string[] = [];
    // Page size: odata.maxpagesize (capped at 5,000) wins over $top, which is then ignored
    // (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results).
    let pageSize = MAX_PAGE;
    let paged = true;
    if (prefs.maxPageSize !== undefined && prefs.maxPageSize > 0) {
      pageSize = Math.min(prefs.maxPageSize, MAX_PAGE);
      applied.push(`odata.maxpagesize=${pageSize}`);
    } else if (opts.top !== undefined) {
      pageSize = Math.min(opts.top, MAX_PAGE);
      paged = false;
    }
    let page = 1;
    if (opts.skiptoken !== undefined) {
      const pm = /pagenumber="(\d+)"/.exec(opts.skiptoken);
      if (!pm) throw errors.query(`The $skiptoken value is not valid: '${opts.skiptoken}'.`);
      page = Math.max(1, Number(pm[1]));
    }
    const order = orderBySql(m, opts.orderby, 't');
    const sql = `SELECT t.* FROM ${table} t${where} ORDER BY ${order} LIMIT ? OFFSET ?`;
    const rows = this.stmt(sql).all(...whereParams, pageSize + 1, (page - 1) * pageSize) as Row[];
    const more = paged && rows.length > pageSize;
    if (rows.length > pageSize) rows.length = pageSize;
    const body: Record<string, unknown> = { '@odata.context': this.contextUrl(req, m, opts, false) };
    // $count=true counts matching rows up to 5,000; without it the totalrecordcount annotation is -1
    // (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/count-rows).
    let total = -1;
    if (opts.count) {
      const countSql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${table} t${where} LIMIT ${COUNT_CAP + 1})`;
      total = (this.stmt(countSql).get(...whereParams) as { n: number }).n;
      body['@odata.count'] = Math.min(total, COUNT_CAP);
    }
    if (wantsAnnotation(prefs.annotations, ANN.totalCount))
      body[`@${ANN.totalCount}`] = Math.min(total, COUNT_CAP);
    if (wantsAnnotation(prefs.annotations, ANN.totalCountExceeded)) {
      body[`@${ANN.totalCountExceeded}`] = total > COUNT_CAP;
    }
    body['value'] = rows.map((r) =>
      this.serialize(m, r, opts.select, prefs.annotations, opts.expand, req.root),
    );
    if (more) body['@odata.nextLink'] = this.nextLink(req, m, page, rows);
    if (prefs.annotations) applied.push(...annotationsAppliedList(prefs));
    return jsonResponse(200, body, applied.length > 0 ? { 'Preference-Applied': applied.join(',') } : {});
  }

  /** The request URL plus a `$skiptoken` shaped like Dataverse's paging cookie (percent-encoded twice). */
  private nextLink(req: EmuRequest, m: EntityModel, page: number, rows: Row[]): string {
    const pk = m.def.primaryIdAttribute;
    const guid = (r: Row | undefined) => `{${String(r?.[pk] ?? '').toUpperCase()}}`;
    const inner = `<cookie page="${page}"><${pk} last="${guid(rows[rows.length - 1])}" first="${guid(rows[0])}" /></cookie>`;
    const cookie = `<cookie pagenumber="${page + 1}" pagingcookie="${encodeURIComponent(inner)}" istracking="False" />`;
    const kept = req.query
      .split('&')
      .filter((p) => p !== '' && !p.startsWith('$skiptoken=') && !p.startsWith('%24skiptoken='));
    kept.push(`$skiptoken=${encodeURIComponent(cookie)}`);
    return `${req.root}${req.path}?${kept.join('&')}`;
  }

  // ───────────────────────────── writing ─────────────────────────────

  private create(req: EmuRequest, m: EntityModel, params: URLSearchParams, prefs: Preferences): EmuResponse {
    const body = parseJsonObject(req.body, m.def.entitySetName);
    const pk = m.def.primaryIdAttribute;
    let id: string = randomUUID();
    if (pk in body) {
      const v = body[pk];
      const g = typeof v === 'string' ? normalizeGuid(v) : undefined;
      if (!g)
        throw errors.payload(
          m.def.entitySetName,
          `Cannot convert the literal '${String(v)}' to the expected type 'Edm.Guid'.`,
        );
      id = g;
    }
    const result = this.db.transaction(() => {
      if (this.findRow(m, id)) throw errors.duplicateRecord();
      this.insert(req, m, id, body);
      return this.findRow(m, id)!;
    })();
    return this.writeResponse(req, m, result, params, prefs, 201);
  }

  private writeResponse(
    req: EmuRequest,
    m: EntityModel,
    row: Row,
    params: URLSearchParams,
    prefs: Preferences,
    representationStatus: number,
  ): EmuResponse {
    const id = String(row[m.def.primaryIdAttribute]);
    const entityPath = `${m.def.entitySetName}(${id})`;
    const entityUrl = `${req.root}${entityPath}`;
    if (prefs.returnRepresentation) {
      const opts = parseQueryOptions(m, params, false);
      // $expand is ignored when PATCH returns a representation.
      const expand = req.method === 'PATCH' ? [] : opts.expand;
      const body = {
        '@odata.context': this.contextUrl(req, m, { ...opts, expand }, true),
        ...this.serialize(m, row, opts.select, prefs.annotations, expand, req.root),
      };
      const applied = ['return=representation', ...annotationsAppliedList(prefs)];
      const headers: Record<string, string> = {
        'Preference-Applied': applied.join(','),
        ETag: `W/"${String(row['versionnumber'])}"`,
      };
      if (representationStatus === 201) headers['Location'] = entityUrl;
      return { ...jsonResponse(representationStatus, body, headers), entityPath };
    }
    return { status: 204, headers: { 'OData-EntityId': entityUrl }, entityPath };
  }

  private upsert(
    req: EmuRequest,
    m: EntityModel,
    id: string,
    params: URLSearchParams,
    prefs: Preferences,
  ): EmuResponse {
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    // https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
    const outcome = this.db.transaction(() => {
      const existing = this.findRow(m, id);
      if (ifNoneMatch === '*' && existing) throw errors.duplicateRecord();
      if (ifMatch !== undefined) {
        if (!existing) throw errors.notFound(m.def.logicalName, id);
        if (ifMatch !== '*' && !etagMatches(ifMatch, `W/"${String(existing['versionnumber'])}"`))
          throw errors.versionMismatch();
      }
      if (existing) {
        this.applyUpdate(req, m, id, existing, parseJsonObject(req.body, m.def.entitySetName));
        return { row: this.findRow(m, id)!, created: false };
      }
      const body = parseJsonObject(req.body, m.def.entitySetName);
      const pk = m.def.primaryIdAttribute;
      if (pk in body && (typeof body[pk] !== 'string' || normalizeGuid(body[pk] as string) !== id)) {
        throw errors.payload(
          m.def.entitySetName,
          `The value of '${pk}' in the payload does not match the key in the URL.`,
        );
      }
      this.insert(req, m, id, body);
      return { row: this.findRow(m, id)!, created: true };
    })();
    return this.writeResponse(req, m, outcome.row, params, prefs, outcome.created ? 201 : 200);
  }

  /** PATCH/PUT/DELETE of one column or lookup reference; the record must exist. */
  private update(req: EmuRequest, m: EntityModel, id: string, body: Record<string, unknown>): EmuResponse {
    this.db.transaction(() => {
      const existing = this.findRow(m, id);
      if (!existing) throw errors.notFound(m.def.logicalName, id);
      this.applyUpdate(req, m, id, existing, body);
    })();
    return { status: 204, headers: {}, entityPath: `${m.def.entitySetName}(${id})` };
  }

  private remove(req: EmuRequest, m: EntityModel, id: string): EmuResponse {
    const ifMatch = req.headers['if-match'];
    this.db.transaction(() => {
      const existing = this.findRow(m, id);
      if (!existing) throw errors.notFound(m.def.logicalName, id);
      if (
        ifMatch !== undefined &&
        ifMatch !== '*' &&
        !etagMatches(ifMatch, `W/"${String(existing['versionnumber'])}"`)
      ) {
        throw errors.versionMismatch();
      }
      this.cascadeDelete(m, id);
      this.stmt(`DELETE FROM ${q(m.def.logicalName)} WHERE ${q(m.def.primaryIdAttribute)} = ?`).run(id);
    })();
    return { status: 204, headers: {} };
  }

  /**
   * Relationship behaviour on delete, following the standard v9 cascade configuration: a contact or
   * account that is a case's customer cannot be deleted (Restrict → CannotDeleteDueToAssociation,
   * https://learn.microsoft.com/power-apps/developer/data-platform/configure-entity-relationship-cascading-behavior);
   * a case takes its resolution activities with it (Parental); other lookups to the deleted row are
   * cleared (Remove Link).
   */
  private cascadeDelete(m: EntityModel, id: string): void {
    const name = m.def.logicalName;
    if (name === 'contact' || name === 'account') {
      const used = this.stmt('SELECT 1 FROM incident WHERE customerid = ? LIMIT 1').get(id);
      if (used) {
        throw new DataverseError(
          405,
          '0x80040227',
          'The object you tried to delete is associated with another object and cannot be deleted.',
        );
      }
    }
    if (name === 'incident') this.stmt('DELETE FROM incidentresolution WHERE incidentid = ?').run(id);
    for (const other of MODEL.entities) {
      for (const a of other.def.attributes) {
        if (!isLookup(a) || a.computed || a.type === 'Owner' || !a.targets?.[name]) continue;
        if (other.def.logicalName === 'incident' && a.logicalName === 'customerid') continue;
        if (other.def.logicalName === 'incidentresolution') continue;
        const poly = isPolymorphic(a);
        const typeCheck = poly ? ` AND ${q(typeColumn(a))} = ?` : '';
        const clearType = poly ? `, ${q(typeColumn(a))} = NULL` : '';
        const sql = `UPDATE ${q(other.def.logicalName)} SET ${q(a.logicalName)} = NULL${clearType}, versionnumber = ? WHERE ${q(a.logicalName)} = ?${typeCheck}`;
        const params: unknown[] = [0, id];
        if (poly) params.push(name);
        // Only spend a row version when rows actually change.
        const hit = this.stmt(
          `SELECT 1 FROM ${q(other.def.logicalName)} WHERE ${q(a.logicalName)} = ?${typeCheck} LIMIT 1`,
        ).get(...params.slice(1));
        if (!hit) continue;
        params[0] = this.counters.nextVersion();
        this.stmt(sql).run(...params);
      }
    }
  }

  /** Turns a request payload into storage changes, validating every property (reference §3, §10). */
  private readPayload(
    req: EmuRequest,
    m: EntityModel,
    body: Record<string, unknown>,
    mode: 'create' | 'update',
  ): Changes {
    const set = m.def.entitySetName;
    const changes: Changes = new Map();
    const boundNavs = new Set<string>();
    for (const [key, value] of Object.entries(body)) {
      if (key === '@odata.type') {
        if (
          value !== `Microsoft.Dynamics.CRM.${m.def.logicalName}` &&
          value !== `#Microsoft.Dynamics.CRM.${m.def.logicalName}`
        ) {
          throw errors.payload(set, `A type named '${String(value)}' could not be resolved by the model.`);
        }
        continue;
      }
      if (key === '@odata.etag' || key === '@odata.context') continue;
      const at = key.indexOf('@');
      if (at >= 0) {
        const prop = key.slice(0, at);
        const annotation = key.slice(at + 1);
        if (annotation !== 'odata.bind') continue; // instance annotations are ignored, as OData allows
        const nav = m.navigation.get(prop);
        if (!nav) throw errors.undeclaredAnnotation(set, prop);
        if (Array.isArray(value))
          throw errors.payload(
            set,
            `The navigation property '${prop}' is single-valued; a collection of references is not allowed.`,
          );
        this.bindLookup(req, m, nav.name, value, changes, mode);
        boundNavs.add(nav.attribute.logicalName + ':' + prop);
        continue;
      }
      if (key === m.def.primaryIdAttribute) continue; // handled by the caller
      const nav = m.navigation.get(key);
      const attr = m.properties.get(key);
      if (nav && (attr === undefined || isLookup(attr))) {
        if (value !== null) {
          throw errors.payload(
            set,
            `Microsoft.OData.ODataException: A navigation property '${key}' was found with a value; use '${key}@odata.bind' to set a lookup.`,
          );
        }
        this.bindLookup(req, m, nav.name, null, changes, mode);
        continue;
      }
      if (!attr || isLookup(attr)) throw errors.invalidProperty(set, key, m.def.logicalName);
      if (
        attr.computed ||
        (mode === 'create' && attr.validForCreate === false) ||
        (mode === 'update' && attr.validForUpdate === false)
      ) {
        throw errors.payload(
          set,
          `The property '${key}' of 'Microsoft.Dynamics.CRM.${m.def.logicalName}' is not valid for ${mode}; it is read-only for this operation.`,
        );
      }
      changes.set(attr.logicalName, this.convert(m, attr, value));
    }
    // Two bindings of one multi-table lookup in the same payload (customerid_account + customerid_contact).
    const perAttr = new Map<string, number>();
    for (const b of boundNavs) perAttr.set(b.split(':')[0]!, (perAttr.get(b.split(':')[0]!) ?? 0) + 1);
    for (const [attrName, n] of perAttr) {
      if (n > 1) {
        if (m.def.logicalName === 'incident' && attrName === 'customerid') throw errors.customerBoth();
        throw errors.payload(set, `More than one navigation property of the lookup '${attrName}' was set.`);
      }
    }
    return changes;
  }

  /** Validates one column value and returns what SQLite stores. */
  private convert(m: EntityModel, a: AttributeDef, value: unknown): unknown {
    const set = m.def.entitySetName;
    const typeError = (edm: string) =>
      errors.payload(
        set,
        `Microsoft.OData.ODataException: Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${edm}'.`,
      );
    if (value === null) {
      if (a.requiredLevel === 'SystemRequired') {
        throw errors.invalidArgument(`Attribute '${a.logicalName}' cannot be set to NULL.`);
      }
      return null;
    }
    switch (a.type) {
      case 'String':
      case 'Memo': {
        if (typeof value !== 'string') throw typeError('Edm.String');
        if (a.maxLength !== undefined && value.length > a.maxLength)
          throw errors.tooLong(a.logicalName, m.def.logicalName, a.maxLength);
        return value;
      }
      case 'Integer':
      case 'BigInt': {
        if (typeof value !== 'number' || !Number.isInteger(value))
          throw typeError(a.type === 'BigInt' ? 'Edm.Int64' : 'Edm.Int32');
        if (
          (a.minValue !== undefined && value < a.minValue) ||
          (a.maxValue !== undefined && value > a.maxValue)
        ) {
          throw new DataverseError(
            400,
            '0x80044330',
            `A validation error occurred. The value of '${a.logicalName}' on record of type '${m.def.logicalName}' is outside the valid range (${a.minValue} to ${a.maxValue}).`,
          );
        }
        return value;
      }
      case 'Boolean':
        if (typeof value !== 'boolean') throw typeError('Edm.Boolean');
        return value ? 1 : 0;
      case 'Picklist':
      case 'State':
      case 'Status': {
        if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError('Edm.Int32');
        if (!a.options?.some((o) => o.value === value))
          throw errors.picklistOutOfRange(a.logicalName, m.def.logicalName, value);
        return value;
      }
      case 'DateTime': {
        if (typeof value !== 'string')
          throw typeError(a.dateFormat === 'DateOnly' ? 'Edm.Date' : 'Edm.DateTimeOffset');
        const v = parseDateValue(
          a.dateFormat === 'DateOnly' ? value.slice(0, 10) : value,
          a.dateFormat === 'DateOnly',
        );
        if (!v) throw typeError(a.dateFormat === 'DateOnly' ? 'Edm.Date' : 'Edm.DateTimeOffset');
        return v;
      }
      case 'Uniqueidentifier': {
        const g = typeof value === 'string' ? normalizeGuid(value) : undefined;
        if (!g) throw typeError('Edm.Guid');
        return g;
      }
      default:
        throw errors.invalidProperty(set, a.logicalName, m.def.logicalName);
    }
  }

  /** Resolves `<nav>@odata.bind` (or null) into lookup storage changes. */
  private bindLookup(
    req: EmuRequest,
    m: EntityModel,
    navName: string,
    value: unknown,
    changes: Changes,
    mode: 'create' | 'update',
  ): void {
    const set = m.def.entitySetName;
    const nav = m.navigation.get(navName)!;
    const a = nav.attribute;
    if (
      a.computed ||
      (mode === 'create' && a.validForCreate === false) ||
      (mode === 'update' && a.validForUpdate === false)
    ) {
      throw errors.payload(set, `The navigation property '${navName}' is read-only.`);
    }
    if (value === null) {
      if (a.requiredLevel === 'SystemRequired') {
        if (m.def.logicalName === 'incident' && a.logicalName === 'customerid')
          throw errors.customerMissing();
        throw errors.invalidArgument(`Attribute '${a.logicalName}' cannot be set to NULL.`);
      }
      changes.set(a.logicalName, null);
      if (isPolymorphic(a)) changes.set(typeColumn(a), null);
      return;
    }
    if (typeof value !== 'string')
      throw errors.payload(
        set,
        `The value of '${navName}@odata.bind' must be a URL of the form '/<entityset>(<id>)'.`,
      );
    let ref = value;
    const contentId = /^\$(\w+)$/.exec(ref.trim());
    if (contentId) {
      const resolved = req.contentIds?.get(contentId[1]!);
      if (!resolved)
        throw errors.payload(
          set,
          `Content-ID Reference: '$${contentId[1]}' does not exist in the batch context.`,
        );
      ref = resolved;
    }
    const mm = /(?:^|\/)([A-Za-z_][A-Za-z0-9_]*)\(([^()]*)\)$/.exec(ref.trim());
    if (!mm)
      throw errors.payload(
        set,
        `The URL '${value}' in '${navName}@odata.bind' is not a valid entity reference; expected '/<entityset>(<id>)'.`,
      );
    const targetModel = MODEL.bySetName(mm[1]!);
    if (!targetModel) throw errors.segmentNotFound(mm[1]!);
    const id = normalizeGuid(mm[2]!);
    if (!id) throw errors.payload(set, `The key '${mm[2]}' in '${navName}@odata.bind' is not a valid GUID.`);
    const target = targetModel.def.logicalName;
    if (a.targets?.[target] !== navName) {
      throw errors.payload(
        set,
        `Microsoft.OData.ODataException: The navigation property '${navName}' refers to 'Microsoft.Dynamics.CRM.${nav.target}' but the bound entity '${value}' is of type 'Microsoft.Dynamics.CRM.${target}'.`,
      );
    }
    const targetRow = this.findRow(targetModel, id);
    if (!targetRow) throw errors.notFound(target, id);
    if (a.type === 'Owner' && target === 'systemuser' && targetRow['isdisabled'] === 1)
      throw errors.ownerDisabled();
    changes.set(a.logicalName, id);
    if (isPolymorphic(a)) changes.set(typeColumn(a), target);
  }

  private ownerChanges(changes: Changes): void {
    if (!changes.has('ownerid')) return;
    const owner = changes.get('ownerid') as string;
    const type = changes.get('ownerid__t');
    changes.set('owninguser', type === 'systemuser' ? owner : null);
    changes.set('owningteam', type === 'team' ? owner : null);
    changes.set('owningbusinessunit', DEMO_IDS.businessUnit);
  }

  private insert(req: EmuRequest, m: EntityModel, id: string, body: Record<string, unknown>): void {
    const changes = this.readPayload(req, m, body, 'create');
    const attrs = m.attributes;
    const caller = this.caller(req);
    changes.set(m.def.primaryIdAttribute, id);
    for (const a of m.def.attributes) {
      if (a.defaultValue !== undefined && !changes.has(a.logicalName)) {
        changes.set(
          a.logicalName,
          typeof a.defaultValue === 'boolean' ? (a.defaultValue ? 1 : 0) : a.defaultValue,
        );
      }
    }
    const state = attrs.get('statecode');
    if (state) {
      changes.set('statecode', 0);
      const status = changes.get('statuscode');
      const defaultStatus = state.options?.find((o) => o.value === 0)?.defaultStatus;
      if (status === undefined || status === null) changes.set('statuscode', defaultStatus ?? null);
      else this.checkStatus(m, id, 0, status as number);
    }
    if (attrs.has('ownerid') && !changes.has('ownerid')) {
      changes.set('ownerid', caller);
      changes.set('ownerid__t', 'systemuser');
    }
    this.ownerChanges(changes);
    if (attrs.has('businessunitid') && !changes.has('businessunitid'))
      changes.set('businessunitid', DEMO_IDS.businessUnit);
    if (m.def.logicalName === 'systemuser' && !changes.has('isdisabled')) changes.set('isdisabled', 0);
    if (m.def.logicalName === 'incident') {
      if (!changes.get('customerid')) throw errors.customerMissing();
      if (!changes.get('ticketnumber')) changes.set('ticketnumber', this.ticketNumber());
    }
    const now = isoSeconds(this.now());
    changes.set('createdon', now);
    changes.set('modifiedon', now);
    changes.set('createdby', caller);
    changes.set('modifiedby', caller);
    this.computed(m, changes, undefined);
    for (const a of m.def.attributes) {
      if (
        a.requiredLevel === 'SystemRequired' &&
        !a.computed &&
        (changes.get(a.logicalName) ?? null) === null
      ) {
        throw errors.invalidArgument(
          `The attribute '${a.logicalName}' of '${m.def.logicalName}' is required (SystemRequired) and was not provided.`,
        );
      }
    }
    changes.set('versionnumber', this.counters.nextVersion());
    const cols = [...changes.keys()];
    this.stmt(
      `INSERT INTO ${q(m.def.logicalName)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    ).run(...cols.map((c) => changes.get(c)));
  }

  /** `CAS-01001-A1B2C3`: a sequence plus a short random suffix, like the default auto-numbering. */
  ticketNumber(): string {
    const n = this.counters.nextTicket();
    const suffix = randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase();
    return `CAS-${String(n).padStart(5, '0')}-${suffix}`;
  }

  private checkStatus(m: EntityModel, id: string, state: number, status: number): void {
    const statusAttr = m.attributes.get('statuscode')!;
    const option = statusAttr.options?.find((o) => o.value === status);
    if (option?.state !== state) {
      const stateLabel =
        m.attributes.get('statecode')!.options?.find((o) => o.value === state)?.invariantName ??
        String(state);
      throw errors.invalidStatus(status, stateLabel, m.def.schemaName, m.def.logicalName, id);
    }
  }

  private applyUpdate(
    req: EmuRequest,
    m: EntityModel,
    id: string,
    existing: Row,
    body: Record<string, unknown>,
  ): void {
    const pk = m.def.primaryIdAttribute;
    if (pk in body && (typeof body[pk] !== 'string' || normalizeGuid(body[pk] as string) !== id)) {
      throw errors.payload(
        m.def.entitySetName,
        `The value of '${pk}' in the payload does not match the key in the URL.`,
      );
    }
    const changes = this.readPayload(req, m, body, 'update');
    if (m.attributes.has('statecode')) this.stateTransition(m, id, existing, changes);
    if (m.def.logicalName === 'incident' && changes.has('customerid') && !changes.get('customerid'))
      throw errors.customerMissing();
    this.ownerChanges(changes);
    changes.set('modifiedon', isoSeconds(this.now()));
    changes.set('modifiedby', this.caller(req));
    this.computed(m, changes, existing);
    changes.set('versionnumber', this.counters.nextVersion());
    const cols = [...changes.keys()];
    this.stmt(
      `UPDATE ${q(m.def.logicalName)} SET ${cols.map((c) => `${q(c)} = ?`).join(', ')} WHERE ${q(pk)} = ?`,
    ).run(...cols.map((c) => changes.get(c)), id);
  }

  /**
   * statecode/statuscode changes by PATCH. Cases: Resolved only through CloseIncident; cancel (2/6)
   * and reactivate (0/1) by PATCH; a closed case accepts no other change until reactivated
   * (https://learn.microsoft.com/dynamics365/customerengagement/on-premises/developer/entities/incident).
   */
  private stateTransition(m: EntityModel, id: string, existing: Row, changes: Changes): void {
    const statusAttr = m.attributes.get('statuscode')!;
    const stateAttr = m.attributes.get('statecode')!;
    let state = changes.get('statecode') as number | undefined;
    const status = changes.get('statuscode') as number | undefined;
    if (state === undefined && status !== undefined && status !== null) {
      state = statusAttr.options?.find((o) => o.value === status)?.state;
    }
    const isIncident = m.def.logicalName === 'incident';
    if (isIncident && state === 1) throw errors.resolveViaPatch();
    if (isIncident && existing['statecode'] !== 0 && state !== 0) {
      throw errors.invalidArgument(
        `The case is ${existing['statecode'] === 1 ? 'resolved' : 'canceled'} and cannot be changed. Reactivate it (statecode 0) first.`,
      );
    }
    if (state === undefined) return;
    changes.set('statecode', state);
    if (status === undefined || status === null) {
      changes.set('statuscode', stateAttr.options?.find((o) => o.value === state)?.defaultStatus ?? null);
    } else this.checkStatus(m, id, state, status);
  }

  /** Columns the platform computes: fullname, address composite, owning*. */
  private computed(m: EntityModel, changes: Changes, existing: Row | undefined): void {
    const get = (c: string) => (changes.has(c) ? changes.get(c) : existing?.[c]) as string | null | undefined;
    if (
      (m.def.logicalName === 'contact' || m.def.logicalName === 'systemuser') &&
      (changes.has('firstname') || changes.has('lastname') || !existing)
    ) {
      const full = [get('firstname'), get('lastname')].filter((x) => x).join(' ');
      changes.set('fullname', full === '' ? null : full);
    }
    if (
      m.attributes.has('address1_composite') &&
      [...changes.keys()].some((k) => k.startsWith('address1_'))
    ) {
      const cityLine = [
        get('address1_city'),
        [get('address1_stateorprovince'), get('address1_postalcode')].filter((x) => x).join(' '),
      ]
        .filter((x) => x)
        .join(', ');
      const lines = [get('address1_line1'), cityLine, get('address1_country')].filter((x) => x);
      changes.set('address1_composite', lines.length > 0 ? lines.join('\r\n') : null);
    }
  }

  // ───────────────────────────── actions ─────────────────────────────

  /**
   * CloseIncident: creates the incidentresolution activity and resolves the case in one transaction
   * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/closeincident).
   */
  private closeIncident(req: EmuRequest): EmuResponse {
    const body = parseJsonObject(req.body, 'CloseIncident');
    const resolution = body['IncidentResolution'];
    const status = body['Status'];
    for (const key of Object.keys(body)) {
      if (key !== 'IncidentResolution' && key !== 'Status')
        throw errors.payload(
          'CloseIncident',
          `The parameter '${key}' in the request payload is not a valid parameter for the operation 'CloseIncident'.`,
        );
    }
    if (resolution === null || typeof resolution !== 'object' || Array.isArray(resolution)) {
      throw errors.payload(
        'CloseIncident',
        "The parameter 'IncidentResolution' is required and must be an incidentresolution entity.",
      );
    }
    if (typeof status !== 'number' || !Number.isInteger(status)) {
      throw errors.payload('CloseIncident', "The parameter 'Status' is required and must be an Edm.Int32.");
    }
    const incidentModel = MODEL.byLogicalName('incident')!;
    const resolutionModel = MODEL.byLogicalName('incidentresolution')!;
    const res = resolution as Record<string, unknown>;
    const bind = res['incidentid@odata.bind'];
    const mm = typeof bind === 'string' ? /incidents\(([^()]*)\)$/.exec(bind.trim()) : null;
    const contentRef = typeof bind === 'string' ? /^\$(\w+)$/.exec(bind.trim()) : null;
    const refPath = contentRef ? req.contentIds?.get(contentRef[1]!) : undefined;
    const refMatch = refPath ? /incidents\(([^()]*)\)$/.exec(refPath) : null;
    const rawId = mm?.[1] ?? refMatch?.[1];
    const incidentId = rawId ? normalizeGuid(rawId) : undefined;
    if (!incidentId)
      throw errors.payload(
        'incidentresolutions',
        "IncidentResolution must bind the case with 'incidentid@odata.bind': '/incidents(<id>)'.",
      );
    this.db.transaction(() => {
      const incident = this.findRow(incidentModel, incidentId);
      if (!incident) throw errors.notFound('incident', incidentId);
      if (incident['statecode'] === 1) throw errors.caseAlreadyResolved();
      if (incident['statecode'] === 2) {
        throw errors.invalidArgument(
          'The case is canceled and cannot be resolved. Reactivate it (statecode 0) first.',
        );
      }
      this.checkStatus(incidentModel, incidentId, 1, status);
      const activityId =
        typeof res['activityid'] === 'string' ? normalizeGuid(res['activityid']) : randomUUID();
      if (!activityId)
        throw errors.payload('incidentresolutions', "The value of 'activityid' is not a valid GUID.");
      const payload = { ...res };
      delete payload['activityid'];
      this.insert(req, resolutionModel, activityId, payload);
      const closedAt = isoSeconds(this.now());
      this.stmt(
        `UPDATE ${q('incidentresolution')} SET statecode = 1, statuscode = 2, versionnumber = ? WHERE activityid = ?`,
      ).run(this.counters.nextVersion(), activityId);
      this.stmt(
        `UPDATE ${q('incident')} SET statecode = 1, statuscode = ?, modifiedon = ?, modifiedby = ?, versionnumber = ? WHERE incidentid = ?`,
      ).run(status, closedAt, this.caller(req), this.counters.nextVersion(), incidentId);
    })();
    return { status: 204, headers: {} };
  }
}

function annotationsAppliedList(prefs: Preferences): string[] {
  return prefs.annotations ? [`odata.include-annotations="${prefs.annotations}"`] : [];
}

function annotationsApplied(prefs: Preferences): Record<string, string> {
  const list = annotationsAppliedList(prefs);
  return list.length > 0 ? { 'Preference-Applied': list.join(',') } : {};
}

/** Percent-decodes one path segment; a malformed escape is a 400, not a crash. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.query(
      `Bad Request - Error in query syntax: the path segment '${segment}' is not correctly percent-encoded.`,
    );
  }
}

/** Weak ETag comparison; a list of ETags matches when any does. */
export function etagMatches(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || `W/${v}` === etag;
  });
}

/** Parses a JSON request body that must be an object; anything else is the 0x80048d19 payload error. */
export function parseJsonObject(body: string | undefined, entitySet: string): Record<string, unknown> {
  if (body === undefined || body.trim() === '') {
    throw errors.payload(
      entitySet,
      'Microsoft.OData.ODataException: The request body is empty; a JSON object was expected.',
    );
  }
  let parsed: unknown;
  try {
    // A UTF-8 byte order mark before the JSON is tolerated, as .NET readers do.
    parsed = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw errors.payload(entitySet, `Microsoft.OData.ODataException: Invalid JSON. ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errors.payload(
      entitySet,
      'Microsoft.OData.ODataException: A JSON object was expected in the request body.',
    );
  }
  return parsed as Record<string, unknown>;
}
