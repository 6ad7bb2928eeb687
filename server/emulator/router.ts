/**
 * The request router: one Web API request (already read off the wire, or taken from a `$batch`
 * part) to one response, synchronously, against SQLite. It reads the path — service document,
 * `$metadata`, `$batch`, WhoAmI, CloseIncident, `EntityDefinitions`, then `<set>`, `<set>(<id>)`
 * and `<set>(<id>)/<property>` — and hands each to the module that does it: `read.ts`, `write.ts`,
 * `actions.ts`, `batch.ts`, `metadata/api.ts`. Every failure becomes the Dataverse error envelope.
 *
 * Behaviour follows https://learn.microsoft.com/power-apps/developer/data-platform/webapi/overview
 * and the pages linked beside each rule.
 */
import { DataverseError, errors } from './errors.js';
import { normalizeGuid, parsePrefer, wantsAnnotation, type Preferences } from './format.js';
import { MODEL, isLookup, type EntityModel } from './metadata/model.js';
import { handleMetadata } from './metadata/api.js';
import { csdlDocument, serviceDocument } from './metadata/csdl.js';
import { closeIncident, whoAmI } from './actions.js';
import { handleBatch } from './batch.js';
import {
  countAll,
  retrieve,
  retrieveCollection,
  retrieveColumn,
  retrieveMultiple,
  retrieveRelated,
} from './read.js';
import type { Store } from './store.js';
import { errorResponse, jsonResponse, type EmuRequest, type EmuResponse } from './wire.js';
import { create, putColumn, putReference, remove, update, upsert } from './write.js';

export class Router {
  constructor(private readonly store: Store) {}

  /** Handles one request; every failure becomes the Dataverse error envelope. */
  handle(req: EmuRequest): EmuResponse {
    try {
      return this.route(req);
    } catch (e) {
      if (e instanceof DataverseError) return errorResponse(e);
      throw e;
    }
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
    if (first === '$batch' && segments.length === 1) {
      return handleBatch(
        { handle: (inner) => this.handle(inner), transaction: (w) => this.store.transaction(w) },
        req,
      );
    }
    if (first === 'WhoAmI' || first === 'WhoAmI()') {
      if (req.method !== 'GET' || segments.length > 1) throw errors.noResource(req.root + req.path);
      return whoAmI(this.store, req);
    }
    if (first === 'CloseIncident' || first === 'Microsoft.Dynamics.CRM.CloseIncident') {
      if (req.method !== 'POST' || segments.length > 1) throw errors.noResource(req.root + req.path);
      return closeIncident(this.store, req);
    }
    if (first.startsWith('EntityDefinitions') || first.startsWith('GlobalOptionSetDefinitions')) {
      return handleMetadata(req, segments, params);
    }
    return this.table(req, first, segments, params);
  }

  /** `<set>`, `<set>/$count`, `<set>(<id>)` and below. */
  private table(req: EmuRequest, first: string, segments: string[], params: URLSearchParams): EmuResponse {
    const { set, key } = splitKey(first);
    const m = MODEL.bySetName(set);
    if (!m) throw errors.segmentNotFound(set);
    const prefs = parsePrefer(req.headers['prefer']);
    if (key === undefined) {
      if (segments[1] === '$count' && segments.length === 2) {
        if (req.method !== 'GET') throw errors.methodNotAllowed(req.method);
        return countAll(this.store, m);
      }
      if (segments.length > 1) throw errors.segmentNotFound(segments[1]!);
      if (req.method === 'GET') return retrieveMultiple(this.store, req, m, params, prefs);
      if (req.method === 'POST') {
        if (SINGLE_ROW.has(m.def.logicalName)) throw errors.messageNotSupported('Create', m.def.logicalName);
        return create(this.store, req, m, params, prefs);
      }
      throw errors.methodNotAllowed(req.method);
    }
    const id = parseId(m, key);
    if (segments.length === 1) {
      if (req.method === 'GET') return retrieve(this.store, req, m, id, params, prefs);
      if (SINGLE_ROW.has(m.def.logicalName)) {
        // Its one row can be changed, never made or removed: a PATCH is an update only.
        if (req.method === 'PATCH' && this.store.findRow(m, id))
          return upsert(this.store, req, m, id, params, prefs);
        throw errors.messageNotSupported(req.method === 'DELETE' ? 'Delete' : 'Create', m.def.logicalName);
      }
      if (req.method === 'PATCH') return upsert(this.store, req, m, id, params, prefs);
      if (req.method === 'DELETE') return remove(this.store, req, m, id);
      throw errors.methodNotAllowed(req.method);
    }
    return this.property(req, m, id, segments.slice(1), params, prefs);
  }

  /** `<set>(<id>)/<nav>`, `…/<nav>/$ref`, `…/<column>` and `…/<column>/$value`. */
  private property(
    req: EmuRequest,
    m: EntityModel,
    id: string,
    rest: string[],
    params: URLSearchParams,
    prefs: Preferences,
  ): EmuResponse {
    const [name = '', second] = rest;
    const collection = m.collections.get(name);
    if (collection) {
      if (rest.length !== 1)
        throw errors.notSupported(`'${rest.join('/')}' is not supported by the emulator.`);
      if (req.method !== 'GET') throw errors.methodNotAllowed(req.method);
      return retrieveCollection(this.store, req, m, id, collection, params, prefs);
    }
    const nav = m.navigation.get(name);
    if (nav) {
      if (second === '$ref' && rest.length === 2) {
        if (req.method === 'PUT') return putReference(this.store, req, m, id, nav.name);
        if (req.method === 'DELETE')
          return update(this.store, req, m, id, { [`${nav.name}@odata.bind`]: null });
        throw errors.methodNotAllowed(req.method);
      }
      if (rest.length !== 1 || req.method !== 'GET') throw errors.methodNotAllowed(req.method);
      return retrieveRelated(this.store, req, m, id, nav, prefs);
    }
    const attr = m.properties.get(name);
    if (!attr) throw errors.propertyNotFound(name, m.def.logicalName);
    if (req.method === 'GET') return retrieveColumn(this.store, req, m, id, attr, rest);
    if (rest.length !== 1) throw errors.methodNotAllowed(req.method);
    if (isLookup(attr)) {
      throw errors.query(
        `The lookup property '${name}' cannot be written directly; use its navigation property with '@odata.bind' or '$ref'.`,
      );
    }
    if (req.method === 'PUT') return putColumn(this.store, req, m, id, name);
    if (req.method === 'DELETE') {
      this.store.existingRow(m, id);
      return update(this.store, req, m, id, { [name]: null });
    }
    throw errors.methodNotAllowed(req.method);
  }
}

/** Tables of exactly one row, which the platform makes: the organisation. */
const SINGLE_ROW = new Set(['organization']);

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
