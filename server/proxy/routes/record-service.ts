/**
 * The records service: one per request, holding who is asking (the user), through which form and
 * role view, on which entity, and — worked out once, when first needed — in which scope. Route
 * handlers (routes/records.ts) and the Case actions (routes/case-actions.ts) speak to it instead of
 * threading the same seven arguments through every call: `read` (one record in scope), `respond`
 * (a row as the form may show it, with a signed version), `write` (a PATCH with If-Match), the
 * version and state checks that stand in for a scope read, and `audited` around every write.
 */
import type { Request, Response } from 'express';
import type { ActionId, RecordResponse, RecordValues } from '../../api/contract.js';
import type { CompiledForm, EntityInfo, RoleForm } from '../../config/types.js';
import { outcomeOf } from '../audit/index.js';
import type { AuditEntry } from '../audit/index.js';
import { currentUser, locals } from '../context.js';
import type { Context } from '../context.js';
import { PorticoError, validationError } from '../errors.js';
import type { PorticoUser } from '../identity/resolve.js';
import { isGuid, keySegment, queryString } from '../odata/index.js';
import { refusedFields } from '../policy/index.js';
import type { ScopeClause } from '../policy/index.js';
import { stateFieldErrors, stateMessage, stateRefused } from '../policy/state.js';
import type { VerifiedVersion } from '../policy/tokens.js';
import { PREFER_ANNOTATIONS, selectList, stateOf, toPayload } from '../records.js';
import type { UpstreamResponse } from '../../dataverse/client.js';
import { fromUpstreamError, upstreamFailure } from '../upstream-errors.js';
import { choosableScopeColumns, leadsIntoScope } from './scope-lookups.js';
import {
  formFor,
  notFoundRecord,
  readInScope,
  recordResponse,
  scopeFor,
  scopeReadColumns,
} from './shared.js';

type Row = Record<string, unknown>;
type AuditFacts = Pick<
  AuditEntry,
  'operation' | 'entity' | 'form' | 'id' | 'fields' | 'replay' | 'files' | 'notes'
>;
/** What the audit lines of one write say beyond who and through which form. */
export type WriteFacts = Omit<AuditFacts, 'entity' | 'form'>;

/**
 * What a write should leave behind, checked after a retried write answered 412: if the record now
 * holds exactly this, the first (lost) send was ours and committed, so it is acknowledged rather
 * than reported as a conflict. Lookups compare by id.
 */
export interface Expectation {
  columns: readonly string[];
  values: Record<string, unknown>;
}

const LOOKUP_TYPES = new Set(['Lookup', 'Customer', 'Owner']);
const isLookupColumn = (entity: EntityInfo, name: string) =>
  LOOKUP_TYPES.has(entity.columns.get(name)?.type ?? '');

export function expectationOf(entity: EntityInfo, values: RecordValues): Expectation {
  const expected: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    expected[name] = isLookupColumn(entity, name)
      ? value === null
        ? null
        : ((value as { id?: string }).id?.toLowerCase() ?? null)
      : value;
  }
  return { columns: Object.keys(values), values: expected };
}

function meets(row: Row, entity: EntityInfo, expectation: Expectation): boolean {
  if (expectation.columns.length === 0) return false;
  for (const name of expectation.columns) {
    const isLookup = isLookupColumn(entity, name);
    const normal = (v: unknown) => (isLookup && typeof v === 'string' ? v.toLowerCase() : (v ?? null));
    if (normal(row[isLookup ? `_${name}_value` : name]) !== normal(expectation.values[name])) return false;
  }
  return true;
}

export function rowOf(res: UpstreamResponse): Row | undefined {
  return res.body && typeof res.body === 'object' && !Array.isArray(res.body) ? (res.body as Row) : undefined;
}

/** Names of the fields a write body tried to set (for the audit line; never the values). */
export function fieldNames(body: unknown): string[] {
  const values = (body as { values?: unknown } | null)?.values;
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return [];
  return Object.keys(values)
    .slice(0, 50)
    .map((k) => k.slice(0, 64));
}

/** The record id for the audit line, when the path holds a GUID. */
export function auditId(raw: string | undefined): string | undefined {
  return isGuid(raw) ? raw.toLowerCase() : undefined;
}

export class RecordService {
  readonly user: PorticoUser;
  readonly form: CompiledForm;
  readonly roleForm: RoleForm;
  readonly entity: EntityInfo;
  #scope: Promise<ScopeClause> | undefined;

  /** The form as the caller's role sees it, or 404 PORTICO_FORM_NOT_FOUND. */
  constructor(
    private readonly ctx: Context,
    private readonly res: Response,
    formId: string | undefined,
  ) {
    this.user = currentUser(res);
    const { form, roleForm, entity } = formFor(ctx, formId, this.user);
    this.form = form;
    this.roleForm = roleForm;
    this.entity = entity;
  }

  /** The caller's scope on this entity (one look-up of their account, cached, for account scope). */
  scope(): Promise<ScopeClause> {
    this.#scope ??= scopeFor(this.ctx, this.roleForm.permission, this.entity, this.user);
    return this.#scope;
  }

  requireMode(modes: ReadonlyArray<'create' | 'edit' | 'view'>, what: string): void {
    if (!this.roleForm.definition.modes.some((m) => modes.includes(m))) {
      throw new PorticoError('PORTICO_ACCESS_DENIED', `This form does not ${what}.`);
    }
  }

  requireFormAction(action: string): void {
    if (!this.roleForm.definition.actions.some((a) => a.id === action)) {
      throw new PorticoError('PORTICO_ACCESS_DENIED', `This form does not offer "${action}" to you.`);
    }
  }

  /**
   * One record in scope with the form's readable columns (and any `extra`), or undefined; with
   * `expand`, the expanded rows ride along in the same call (a case's first page of notes).
   */
  async read(id: string, extra: readonly string[] = [], expand?: string): Promise<Row | undefined> {
    const readable = scopeReadColumns(this.roleForm.permission, this.roleForm.readable);
    const columns = extra.length ? [...new Set([...readable, ...extra])] : readable;
    return readInScope(this.ctx, this.entity, await this.scope(), id, columns, expand);
  }

  /** A row as this form shows it, with a version token signed for this user. */
  async respond(row: Row): Promise<RecordResponse> {
    const scope = await this.scope();
    if (scope.kind === 'none') throw notFoundRecord();
    const { ctx, user, roleForm, entity } = this;
    return recordResponse(ctx, user, roleForm.permission, scope.anchor, entity, row, roleForm.readable);
  }

  /** The URL of one record of this entity, `$select`ing what the form reads. */
  recordPath(id: string): string {
    const select = selectList(
      this.entity,
      scopeReadColumns(this.roleForm.permission, this.roleForm.readable),
    );
    return `${keySegment(this.entity.entitySet, id)}${queryString({ select })}`;
  }

  /**
   * `values` of a write body (the route's `WriteRequest` schema has checked that it is an object),
   * allow-listed for the role, then validated with the form's compiled validators.
   */
  values(body: unknown, mode: 'create' | 'update'): RecordValues {
    const record = (body as { values: Record<string, unknown> }).values;
    const refused = refusedFields(record, this.roleForm, this.entity);
    if (refused.length > 0) throw validationError(refused);
    if (mode === 'update' && Object.keys(record).length === 0) {
      throw new PorticoError('PORTICO_VALIDATION_FAILED', 'There is nothing to save: "values" is empty.', {
        fields: [],
      });
    }
    const problems =
      mode === 'create' ? this.roleForm.validateCreate(record) : this.roleForm.validateUpdate(record);
    if (problems.length > 0) throw validationError(problems);
    return record as RecordValues;
  }

  /** A write may not set the state, nor a status reason of another state than the record's. */
  requireStateFields(values: RecordValues, statecode: unknown): void {
    const problems = stateFieldErrors(this.entity, values, statecode);
    if (problems.length > 0) throw validationError(problems);
  }

  /**
   * The Dataverse body for `values`, after checking every lookup: its target type must be one the
   * column allows, and the record it points at must be one this user can read through Portico
   * (same scope rules). Otherwise a user could link a record to someone else's contact by GUID and
   * then read that contact's name back. A lookup that decides scope must lead into the user's scope
   * instead (routes/scope-lookups.ts). One extra upstream read per lookup that is set (none for a
   * scope lookup pointing at the user's own contact or account); saves without lookups still cost
   * one call.
   */
  async payload(values: RecordValues): Promise<Record<string, unknown>> {
    const { ctx, user } = this;
    const { body, badLookups } = await toPayload(ctx.registry(), this.entity, values, ctx.sets);
    const refused = new Set(badLookups);
    const scopeColumns = choosableScopeColumns(this.roleForm.permission);
    for (const [name, value] of Object.entries(values)) {
      if (refused.has(name)) continue;
      if (scopeColumns.has(name)) {
        // A lookup that decides scope must lead into the writer's own scope (not merely to a record
        // they can read), and may not be cleared: that could leave the record in nobody's scope.
        const scope = await this.scope();
        const inside =
          value !== null &&
          typeof value === 'object' &&
          scope.kind === 'filter' &&
          (await leadsIntoScope(ctx, this.roleForm.permission, scope.anchor, name, value));
        if (!inside) refused.add(name);
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      const target = ctx.registry().entities.get(value.type);
      const permission = target ? ctx.registry().permission(user.role, target.logicalName) : undefined;
      if (!target || !permission?.privileges.has('read')) {
        refused.add(name);
        continue;
      }
      const scope = await scopeFor(ctx, permission, target, user);
      if (!(await readInScope(ctx, target, scope, value.id, []))) refused.add(name);
    }
    if (refused.size > 0) {
      throw validationError(
        [...refused].map((n) => ({
          pointer: `/${n}`,
          code: 'lookup',
          message: `${n} must point at a record you can see.`,
        })),
      );
    }
    return body;
  }

  /** The version the caller read (from `If-Match`), verified: its ETag and the state it pins. */
  async version(req: Request, id: string): Promise<VerifiedVersion> {
    const header = req.get('If-Match');
    if (!header)
      throw new PorticoError(
        'PORTICO_ETAG_REQUIRED',
        'Send the `etag` from your last read of this record in the If-Match header.',
      );
    const scope = await this.scope();
    if (scope.kind === 'none') throw notFoundRecord();
    const version = await this.ctx.signer.verifyVersion(
      header,
      this.user,
      this.roleForm.permission,
      scope.anchor,
      { entity: this.entity.logicalName, id, stateColumns: this.entity.stateColumns },
    );
    // Read in scope through another record (a scope chain): that record may have moved out of the
    // user's scope without this record's ETag changing, so If-Match alone cannot keep the write in
    // scope. One read, only for such records; a record held by its own lookup still costs none.
    if (version.indirect && !(await readInScope(this.ctx, this.entity, scope, id, [])))
      throw notFoundRecord();
    return version;
  }

  /** The 412 answer: the record as it is now (one extra read), or 404 if it has left the caller's scope. */
  async conflict(id: string): Promise<PorticoError> {
    const row = await this.read(id);
    if (!row) return notFoundRecord();
    return new PorticoError(
      'PORTICO_RECORD_CONFLICT',
      'The record was changed since you read it; nothing was saved. `current` shows it as it is now.',
      { current: await this.respond(row) },
    );
  }

  /**
   * Refuses `action` when its precondition does not hold on `state`. For a write this is the state
   * the version token pins: the write goes out with that version's If-Match, so if the record has
   * left that state since, Dataverse refuses it (412) and nothing is written either way. The check
   * itself needs no upstream call; only a refusal reads the record, to answer with it as it is now.
   */
  async requireState(id: string, action: ActionId, state: Readonly<Record<string, unknown>>): Promise<void> {
    const precondition = this.roleForm.preconditions.get(action);
    if (!precondition || precondition.holds(state)) return;
    const row = await this.read(id);
    if (!row) throw notFoundRecord();
    const now = stateOf(this.entity, row);
    // The user saw an older state; if the record has since moved to one that allows the action, the
    // honest answer is "it changed", not "it is not allowed".
    if (precondition.holds(now)) throw await this.conflict(id);
    const canReopen = this.roleForm.permission.privileges.has('reopen');
    throw stateRefused(stateMessage(this.entity, action, now, canReopen, precondition.columns), {
      current: await this.respond(row),
    });
  }

  /** PATCH with If-Match and return=representation; 412 → conflict (or success if a retry found our own write). */
  async write(
    id: string,
    etag: string,
    body: Record<string, unknown>,
    expectation: Expectation,
  ): Promise<RecordResponse> {
    if ((await this.scope()).kind === 'none') throw notFoundRecord();
    const upstream = await this.ctx.upstream.request({
      method: 'PATCH',
      path: this.recordPath(id),
      headers: { 'If-Match': etag, Prefer: `return=representation,${PREFER_ANNOTATIONS}` },
      body,
    });
    const row = upstream.status === 200 ? rowOf(upstream) : undefined;
    if (row) return this.respond(row);
    if (upstream.status === 204) {
      const reread = await this.read(id);
      if (!reread) throw notFoundRecord();
      return this.respond(reread);
    }
    if (upstream.status === 412) {
      if (upstream.attempts > 1) {
        // The first send may have committed before its answer was lost; if the record now holds
        // exactly what we sent, that write was ours and is acknowledged rather than reported as a conflict.
        const now = await this.read(id, expectation.columns);
        if (now && meets(now, this.entity, expectation)) return this.respond(now);
      }
      throw await this.conflict(id);
    }
    throw upstreamFailure(upstream, { sentFields: expectation.columns, entity: this.entity });
  }

  /**
   * Audits one write attempt: the intent line before `work` makes any upstream call (so a process
   * that dies with the write out still leaves who tried what), the outcome line when it has ended,
   * whatever the result, before the result is passed on. `facts` is read again at the end: the work
   * may have found that it replayed an earlier create.
   */
  async audited<T>(facts: WriteFacts, work: () => Promise<T>): Promise<T> {
    const { ctx, user } = this;
    const entry: AuditFacts = { ...facts, entity: this.entity.logicalName, form: this.form.id };
    const base = {
      requestId: locals(this.res).requestId,
      user: { sub: user.sub, contactId: user.contactId, role: user.role },
    };
    const { operation, entity, form, id, fields, files, notes } = entry;
    ctx.audit.intent({
      ...base,
      operation,
      entity,
      form,
      ...(id === undefined ? {} : { id }),
      fields,
      ...(files ? { files } : {}),
      ...(notes ? { notes } : {}),
    });
    try {
      const result = await work();
      Object.assign(entry, facts);
      ctx.audit.outcome({
        ...base,
        ...entry,
        outcome: 'success',
        status: entry.operation === 'create' || entry.operation === 'addNote' ? 201 : 200,
      });
      return result;
    } catch (error) {
      const mapped = fromUpstreamError(error);
      const status = mapped instanceof PorticoError ? mapped.status : 500;
      Object.assign(entry, facts);
      ctx.audit.outcome({
        ...base,
        ...entry,
        outcome: outcomeOf(status),
        status,
        code: mapped instanceof PorticoError ? mapped.code : 'PORTICO_SERVER_INTERNAL',
      });
      throw mapped;
    }
  }
}
