/**
 * Records through a form: read, create, update, delete, and the Case actions (assign, resolve,
 * cancel, reopen). Upstream calls per operation on warm caches:
 *   read 1 · create 1 · update 1 · delete 1 · assign 1 · cancel 1 · reopen 1 · resolve 3
 *   (+1 on a conflict, to return the record as it is now).
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { ActionId, RecordResponse, RecordValues } from '../../api/contract.js';
import type { EntityInfo, RoleForm } from '../../config/types.js';
import { outcomeOf } from '../audit/index.js';
import type { AuditEntry } from '../audit/index.js';
import { currentUser, locals } from '../context.js';
import type { Context } from '../context.js';
import { PorticoError, validationError } from '../errors.js';
import { idempotentIds } from '../idempotency.js';
import type { PorticoUser } from '../identity/resolve.js';
import { guidLiteral, identifier, isGuid, keySegment, queryString } from '../odata/index.js';
import { refusedFields, requirePrivilege } from '../policy/index.js';
import type { ScopeClause } from '../policy/index.js';
import { stateFieldErrors, stateMessage, stateRefused } from '../policy/state.js';
import type { VerifiedVersion } from '../policy/tokens.js';
import { PREFER_ANNOTATIONS, selectList, stampFor, stateOf, toPayload } from '../records.js';
import { fromUpstreamError, upstreamFailure } from '../upstream/errors.js';
import type { UpstreamResponse } from '../upstream/client.js';
import {
  expectBody,
  formFor,
  notFoundRecord,
  readInScope,
  recordId,
  recordResponse,
  scopeFor,
} from './shared.js';

const ACTIONS = ['assign', 'resolve', 'cancel', 'reopen'] as const;
type ActionName = (typeof ACTIONS)[number];

/**
 * Audits one write attempt: the intent line before `work` makes any upstream call (so a process
 * that dies with the write out still leaves who tried what), the outcome line when it has ended,
 * whatever the result, before the result is passed on.
 */
async function audited<T>(
  ctx: Context,
  res: Response,
  entry: Pick<AuditEntry, 'operation' | 'entity' | 'form' | 'id' | 'fields' | 'replay'>,
  work: () => Promise<T>,
): Promise<T> {
  const user = currentUser(res);
  const base = {
    requestId: locals(res).requestId,
    user: { sub: user.sub, contactId: user.contactId, role: user.role },
  };
  const { operation, entity, form, id, fields } = entry;
  ctx.audit.intent({ ...base, operation, entity, form, ...(id === undefined ? {} : { id }), fields });
  try {
    const result = await work();
    // `entry` is read now: the work may have found that it replayed an earlier create.
    ctx.audit.outcome({
      ...base,
      ...entry,
      outcome: 'success',
      status: entry.operation === 'create' ? 201 : 200,
    });
    return result;
  } catch (error) {
    const mapped = fromUpstreamError(error);
    const status = mapped instanceof PorticoError ? mapped.status : 500;
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

/** Names of the fields a write body tried to set (for the audit line; never the values). */
function fieldNames(body: unknown): string[] {
  const values = (body as { values?: unknown } | null)?.values;
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return [];
  return Object.keys(values)
    .slice(0, 50)
    .map((k) => k.slice(0, 64));
}

/** The record id for the audit line, when the path holds a GUID. */
function auditId(raw: string | undefined): string | undefined {
  return isGuid(raw) ? raw.toLowerCase() : undefined;
}

function requireMode(
  roleForm: RoleForm,
  modes: ReadonlyArray<'create' | 'edit' | 'view'>,
  what: string,
): void {
  if (!roleForm.definition.modes.some((m) => modes.includes(m))) {
    throw new PorticoError('PORTICO_ACCESS_DENIED', `This form does not ${what}.`);
  }
}

function requireFormAction(roleForm: RoleForm, action: string): void {
  if (!roleForm.definition.actions.some((a) => a.id === action)) {
    throw new PorticoError('PORTICO_ACCESS_DENIED', `This form does not offer "${action}" to you.`);
  }
}

/** `values` of a write body: an object, allow-listed, then validated with the form's schema. */
function writeValues(
  body: unknown,
  roleForm: RoleForm,
  entity: EntityInfo,
  mode: 'create' | 'update',
): RecordValues {
  const { values } = expectBody(body, ['values'], ['values']);
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new PorticoError('PORTICO_BODY_MALFORMED', '"values" must be an object of field names to values.');
  }
  const record = values as Record<string, unknown>;
  const refused = refusedFields(record, roleForm, entity);
  if (refused.length > 0) throw validationError(refused);
  if (mode === 'update' && Object.keys(record).length === 0) {
    throw new PorticoError('PORTICO_VALIDATION_FAILED', 'There is nothing to save: "values" is empty.', {
      fields: [],
    });
  }
  const problems = mode === 'create' ? roleForm.validateCreate(record) : roleForm.validateUpdate(record);
  if (problems.length > 0) throw validationError(problems);
  return record as RecordValues;
}

/** A write may not set the state, nor a status reason of another state than the record's. */
function requireStateFields(entity: EntityInfo, values: RecordValues, statecode: unknown): void {
  const problems = stateFieldErrors(entity, values, statecode);
  if (problems.length > 0) throw validationError(problems);
}

function rowOf(res: UpstreamResponse): Record<string, unknown> | undefined {
  return res.body && typeof res.body === 'object' && !Array.isArray(res.body)
    ? (res.body as Record<string, unknown>)
    : undefined;
}

/**
 * What a write should leave behind, checked after a retried write answered 412: if the record now
 * holds exactly this, the first (lost) send was ours and committed, so it is acknowledged rather
 * than reported as a conflict. Lookups compare by id.
 */
interface Expectation {
  columns: readonly string[];
  values: Record<string, unknown>;
}

function expectationOf(entity: EntityInfo, values: RecordValues): Expectation {
  const expected: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const column = entity.columns.get(name);
    const isLookup = column !== undefined && ['Lookup', 'Customer', 'Owner'].includes(column.type);
    expected[name] = isLookup
      ? value === null
        ? null
        : ((value as { id?: string }).id?.toLowerCase() ?? null)
      : value;
  }
  return { columns: Object.keys(values), values: expected };
}

function meets(row: Record<string, unknown>, entity: EntityInfo, expectation: Expectation): boolean {
  if (expectation.columns.length === 0) return false;
  for (const name of expectation.columns) {
    const column = entity.columns.get(name);
    const isLookup = column !== undefined && ['Lookup', 'Customer', 'Owner'].includes(column.type);
    const normal = (v: unknown) => (isLookup && typeof v === 'string' ? v.toLowerCase() : (v ?? null));
    if (normal(row[isLookup ? `_${name}_value` : name]) !== normal(expectation.values[name])) return false;
  }
  return true;
}

export function recordRoutes(ctx: Context): Router {
  const router = Router({ mergeParams: true });
  const idempotent = idempotentIds(ctx.config.signingSecret);

  /**
   * The Dataverse body for `values`, after checking every lookup: its target type must be one the
   * column allows, and the record it points at must be one this user can read through Portico
   * (same scope rules). Otherwise a user could link a record to someone else's contact by GUID and
   * then read that contact's name back. One extra upstream read per lookup that is set; saves
   * without lookups still cost one call.
   */
  async function writablePayload(user: PorticoUser, entity: EntityInfo, values: RecordValues) {
    const { body, badLookups } = await toPayload(ctx.registry(), entity, values, ctx.sets);
    const refused = new Set(badLookups);
    for (const [name, value] of Object.entries(values)) {
      if (refused.has(name) || value === null || typeof value !== 'object') continue;
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

  /** The 412 answer: the record as it is now (one extra read), or 404 if it has left the caller's scope. */
  async function conflict(
    user: PorticoUser,
    access: { roleForm: RoleForm; entity: EntityInfo },
    scope: ScopeClause,
    id: string,
  ): Promise<PorticoError> {
    const { roleForm, entity } = access;
    const row = await readInScope(ctx, entity, scope, id, roleForm.readable);
    if (!row || scope.kind === 'none') return notFoundRecord();
    const current = await recordResponse(
      ctx,
      user,
      roleForm.permission,
      scope.anchor,
      entity,
      row,
      roleForm.readable,
    );
    return new PorticoError(
      'PORTICO_RECORD_CONFLICT',
      'The record was changed since you read it; nothing was saved. `current` shows it as it is now.',
      { current },
    );
  }

  async function verifiedEtag(
    req: Request,
    user: PorticoUser,
    roleForm: RoleForm,
    entity: EntityInfo,
    scope: ScopeClause,
    id: string,
  ): Promise<VerifiedVersion> {
    const header = req.get('If-Match');
    if (!header)
      throw new PorticoError(
        'PORTICO_ETAG_REQUIRED',
        'Send the `etag` from your last read of this record in the If-Match header.',
      );
    if (scope.kind === 'none') throw notFoundRecord();
    return ctx.signer.verifyVersion(header, user, roleForm.permission, scope.anchor, {
      entity: entity.logicalName,
      id,
      stateColumns: entity.stateColumns,
    });
  }

  /**
   * Refuses `action` when its precondition does not hold on `state`. For a write this is the state
   * the version token pins: the write goes out with that version's If-Match, so if the record has
   * left that state since, Dataverse refuses it (412) and nothing is written either way. The check
   * itself needs no upstream call; only a refusal reads the record, to answer with it as it is now.
   */
  async function requireState(
    user: PorticoUser,
    access: { roleForm: RoleForm; entity: EntityInfo },
    scope: ScopeClause,
    id: string,
    action: ActionId,
    state: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const precondition = access.roleForm.preconditions.get(action);
    if (!precondition || precondition.holds(state)) return;
    const { roleForm, entity } = access;
    const row = await readInScope(ctx, entity, scope, id, roleForm.readable);
    if (!row || scope.kind === 'none') throw notFoundRecord();
    const now = stateOf(entity, row);
    // The user saw an older state; if the record has since moved to one that allows the action, the
    // honest answer is "it changed", not "it is not allowed".
    if (precondition.holds(now)) throw await conflict(user, access, scope, id);
    const current = await recordResponse(
      ctx,
      user,
      roleForm.permission,
      scope.anchor,
      entity,
      row,
      roleForm.readable,
    );
    const canReopen = roleForm.permission.privileges.has('reopen');
    throw stateRefused(stateMessage(entity, action, now, canReopen, precondition.columns), { current });
  }

  // GET one record (edit and view forms): one upstream call.
  router.get('/forms/:formId/records/:id', async (req, res) => {
    const user = currentUser(res);
    const { roleForm, entity } = formFor(ctx, req.params.formId, user);
    requireMode(roleForm, ['edit', 'view'], 'show existing records');
    requirePrivilege(roleForm.permission, 'read', 'read these records');
    const id = recordId(req.params.id);
    const scope = await scopeFor(ctx, roleForm.permission, entity, user);
    const row = await readInScope(ctx, entity, scope, id, roleForm.readable);
    if (!row || scope.kind === 'none') throw notFoundRecord();
    res.json(
      await recordResponse(ctx, user, roleForm.permission, scope.anchor, entity, row, roleForm.readable),
    );
  });

  // Create: one upstream call. The server picks the id and creates with If-None-Match: *, so a
  // retried send after a lost answer gets 412 instead of a duplicate, and is then read back.
  // With an Idempotency-Key the id is derived from (user, form, key), so a browser's own resend
  // after a lost answer lands on the same id too and gets the record the first send created.
  router.post('/forms/:formId/records', async (req, res) => {
    const user = currentUser(res);
    const { form, roleForm, entity } = formFor(ctx, req.params.formId, user);
    const key = idempotent.keyOf(req.headers['idempotency-key']);
    const id = key === undefined ? randomUUID() : idempotent.recordId(user.sub, form.id, key);
    const entry: Parameters<typeof audited>[2] = {
      operation: 'create',
      entity: entity.logicalName,
      form: form.id,
      id,
      fields: fieldNames(req.body),
    };
    const created = await audited(ctx, res, entry, async () => {
      requireMode(roleForm, ['create'], 'create records');
      requirePrivilege(roleForm.permission, 'create', 'create these records');
      const values = writeValues(req.body, roleForm, entity, 'create');
      // A new record starts active (statecode 0), so only status reasons of that state may be set.
      requireStateFields(entity, values, 0);
      const fields = Object.keys(values);
      const permission = roleForm.permission;
      const scope = await scopeFor(ctx, permission, entity, user);
      let stamp: Record<string, string> | undefined = {};
      if (permission.scope === 'self') {
        throw new PorticoError('PORTICO_ACCESS_DENIED', 'Your role may not create records of this kind.');
      } else if (permission.scope === 'contact' || permission.scope === 'account') {
        if (scope.kind === 'none' || !permission.via) {
          throw new PorticoError(
            'PORTICO_AUTH_ACCOUNT_UNBOUND',
            'Your contact is not linked to an account, so you cannot create these records.',
          );
        }
        stamp = stampFor(entity, permission.via, permission.scope, scope.anchor);
        if (!stamp)
          throw new Error(
            `access rule via "${permission.via}" has no ${permission.scope} target on ${entity.logicalName}`,
          );
      }
      const body = await writablePayload(user, entity, values);
      const upstream = await ctx.upstream.request({
        method: 'PATCH',
        path: `${keySegment(entity.entitySet, id)}${queryString({ select: selectList(entity, roleForm.readable) })}`,
        headers: { 'If-None-Match': '*', Prefer: `return=representation,${PREFER_ANNOTATIONS}` },
        body: { ...body, ...stamp },
      });
      let row = upstream.status === 200 || upstream.status === 201 ? rowOf(upstream) : undefined;
      const retriedDuplicate = upstream.status === 412 && (upstream.attempts > 1 || key !== undefined);
      if (upstream.status === 204 || retriedDuplicate) {
        // 204: the server ignored return=representation. 412 after a retry: our first send landed;
        // 412 with a key: an earlier request with this key created it.
        if (upstream.status === 412 && upstream.attempts === 1)
          Object.assign(entry, { replay: true, fields: [] });
        row = await readInScope(ctx, entity, scope, id, roleForm.readable);
        if (!row) throw notFoundRecord();
      } else if (!row) {
        throw upstreamFailure(upstream, { sentFields: fields, entity });
      }
      if (scope.kind === 'none') throw notFoundRecord();
      return recordResponse(ctx, user, permission, scope.anchor, entity, row, roleForm.readable);
    });
    res
      .status(201)
      .location(`${ctx.publicUrl()}/api/v1/forms/${form.id}/records/${created.id}`)
      .json(created);
  });

  // Update: one upstream call — the version token stands in for the scope read (see policy/tokens.ts).
  router.patch('/forms/:formId/records/:id', async (req, res) => {
    const user = currentUser(res);
    const { form, roleForm, entity } = formFor(ctx, req.params.formId, user);
    const updated = await audited(
      ctx,
      res,
      {
        operation: 'update',
        entity: entity.logicalName,
        form: form.id,
        id: auditId(req.params.id),
        fields: fieldNames(req.body),
      },
      async () => {
        requireMode(roleForm, ['edit'], 'edit records');
        requirePrivilege(roleForm.permission, 'update', 'change these records');
        const id = recordId(req.params.id);
        const values = writeValues(req.body, roleForm, entity, 'update');
        const fields = Object.keys(values);
        const scope = await scopeFor(ctx, roleForm.permission, entity, user);
        const version = await verifiedEtag(req, user, roleForm, entity, scope, id);
        await requireState(user, { roleForm, entity }, scope, id, 'save', version.state);
        requireStateFields(entity, values, version.state.statecode);
        const body = await writablePayload(user, entity, values);
        return writeWithEtag(
          user,
          { roleForm, entity },
          scope,
          id,
          version.etag,
          body,
          expectationOf(entity, values),
          fields,
        );
      },
    );
    res.json(updated);
  });

  /** PATCH with If-Match and return=representation; 412 → conflict (or success if a retry found our own write). */
  async function writeWithEtag(
    user: PorticoUser,
    access: { roleForm: RoleForm; entity: EntityInfo },
    scope: ScopeClause,
    id: string,
    etag: string,
    body: Record<string, unknown>,
    expectation: Expectation,
    fields: readonly string[],
  ): Promise<RecordResponse> {
    const { roleForm, entity } = access;
    if (scope.kind === 'none') throw notFoundRecord();
    const upstream = await ctx.upstream.request({
      method: 'PATCH',
      path: `${keySegment(entity.entitySet, id)}${queryString({ select: selectList(entity, roleForm.readable) })}`,
      headers: { 'If-Match': etag, Prefer: `return=representation,${PREFER_ANNOTATIONS}` },
      body,
    });
    const row = upstream.status === 200 ? rowOf(upstream) : undefined;
    if (row)
      return recordResponse(ctx, user, roleForm.permission, scope.anchor, entity, row, roleForm.readable);
    if (upstream.status === 204) {
      const reread = await readInScope(ctx, entity, scope, id, roleForm.readable);
      if (!reread) throw notFoundRecord();
      return recordResponse(ctx, user, roleForm.permission, scope.anchor, entity, reread, roleForm.readable);
    }
    if (upstream.status === 412) {
      if (upstream.attempts > 1) {
        // The first send may have committed before its answer was lost; if the record now holds
        // exactly what we sent, that write was ours and is acknowledged rather than reported as a conflict.
        const now = await readInScope(ctx, entity, scope, id, [
          ...new Set([...roleForm.readable, ...expectation.columns]),
        ]);
        if (now && meets(now, entity, expectation)) {
          return recordResponse(ctx, user, roleForm.permission, scope.anchor, entity, now, roleForm.readable);
        }
      }
      throw await conflict(user, access, scope, id);
    }
    throw upstreamFailure(upstream, { sentFields: fields, entity });
  }

  // Delete: one upstream call, with If-Match.
  router.delete('/forms/:formId/records/:id', async (req, res) => {
    const user = currentUser(res);
    const { form, roleForm, entity } = formFor(ctx, req.params.formId, user);
    await audited(
      ctx,
      res,
      {
        operation: 'delete',
        entity: entity.logicalName,
        form: form.id,
        id: auditId(req.params.id),
        fields: [],
      },
      async () => {
        requireFormAction(roleForm, 'delete');
        requirePrivilege(roleForm.permission, 'delete', 'delete these records');
        const id = recordId(req.params.id);
        const scope = await scopeFor(ctx, roleForm.permission, entity, user);
        const version = await verifiedEtag(req, user, roleForm, entity, scope, id);
        await requireState(user, { roleForm, entity }, scope, id, 'delete', version.state);
        const upstream = await ctx.upstream.request({
          method: 'DELETE',
          path: keySegment(entity.entitySet, id),
          headers: { 'If-Match': version.etag },
        });
        if (upstream.status === 204 || upstream.status === 200) return;
        // A retried delete whose first send landed finds nothing: that is our delete, done.
        if (upstream.status === 404 && upstream.attempts > 1) return;
        if (upstream.status === 412) throw await conflict(user, { roleForm, entity }, scope, id);
        throw upstreamFailure(upstream, { entity });
      },
    );
    res.status(204).end();
  });

  router.post('/forms/:formId/records/:id/actions/:action', async (req, res) => {
    const user = currentUser(res);
    const { form, roleForm, entity } = formFor(ctx, req.params.formId, user);
    const action = req.params.action as ActionName;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new PorticoError(
        'PORTICO_ACTION_NOT_FOUND',
        `There is no action "${String(req.params.action).slice(0, 32)}"; use assign, resolve, cancel or reopen.`,
      );
    }
    const fields =
      action === 'assign'
        ? ['ownerid']
        : action === 'resolve'
          ? ['statecode', 'statuscode']
          : ['statecode', 'statuscode'];
    const result = await audited(
      ctx,
      res,
      { operation: action, entity: entity.logicalName, form: form.id, id: auditId(req.params.id), fields },
      async () => {
        requireFormAction(roleForm, action);
        requirePrivilege(roleForm.permission, action, `${action} these records`);
        const id = recordId(req.params.id);
        const body =
          action === 'assign'
            ? expectBody(req.body, ['owner'], ['owner'])
            : action === 'resolve'
              ? expectBody(req.body, ['resolution'], ['resolution'])
              : expectBody(req.body, [], []);
        if (action !== 'assign' && entity.logicalName !== 'incident') {
          throw new PorticoError('PORTICO_ACCESS_DENIED', `"${action}" applies to cases only.`);
        }
        const scope = await scopeFor(ctx, roleForm.permission, entity, user);
        const version = await verifiedEtag(req, user, roleForm, entity, scope, id);
        const etag = version.etag;
        // Resolve reads the record first anyway (below), so its state is checked on what that read finds.
        if (action !== 'resolve')
          await requireState(user, { roleForm, entity }, scope, id, action, version.state);
        switch (action) {
          case 'assign': {
            const ownerBody = body.owner as { id?: unknown; type?: unknown } | null;
            const owner =
              ownerBody && typeof ownerBody === 'object' && !Array.isArray(ownerBody) ? ownerBody : {};
            const extra = Object.keys(owner).filter((k) => k !== 'id' && k !== 'type');
            const allowed = ctx.registry().roles.get(user.role)?.assignTo;
            const type = owner.type === 'team' || owner.type === 'systemuser' ? owner.type : undefined;
            const list = type === 'team' ? allowed?.teams : allowed?.users;
            if (
              extra.length > 0 ||
              !type ||
              !isGuid(owner.id) ||
              !list?.some((g) => g.toLowerCase() === String(owner.id).toLowerCase())
            ) {
              throw validationError([
                {
                  pointer: '/owner',
                  code: 'owner',
                  message: 'Choose an owner from the list this form offers (GET …/owners).',
                },
              ]);
            }
            const bind = {
              'ownerid@odata.bind': `/${type === 'team' ? 'teams' : 'systemusers'}(${guidLiteral(owner.id)})`,
            };
            const expectation = { columns: ['ownerid'], values: { ownerid: owner.id.toLowerCase() } };
            return writeWithEtag(user, { roleForm, entity }, scope, id, etag, bind, expectation, ['ownerid']);
          }
          case 'cancel':
          case 'reopen': {
            const state = action === 'cancel' ? 2 : 0;
            const status = defaultStatus(entity, state) ?? (action === 'cancel' ? 6 : 1);
            const target = { statecode: state, statuscode: status };
            const expectation = { columns: ['statecode', 'statuscode'], values: target };
            return writeWithEtag(user, { roleForm, entity }, scope, id, etag, target, expectation, fields);
          }
          case 'resolve': {
            const resolution = body.resolution;
            if (typeof resolution !== 'string' || resolution.trim() === '' || resolution.length > 200) {
              throw validationError([
                {
                  pointer: '/resolution',
                  code: 'resolution',
                  message: 'Describe the resolution in 1 to 200 characters.',
                },
              ]);
            }
            // CloseIncident cannot carry If-Match, so scope and version are checked by a read first.
            const before = await readInScope(ctx, entity, scope, id, roleForm.readable);
            if (!before || scope.kind === 'none') throw notFoundRecord();
            if (before['@odata.etag'] !== etag) throw await conflict(user, { roleForm, entity }, scope, id);
            await requireState(user, { roleForm, entity }, scope, id, 'resolve', stateOf(entity, before));
            const closed = await ctx.upstream.request({
              method: 'POST',
              path: 'CloseIncident',
              body: {
                IncidentResolution: {
                  subject: resolution.trim(),
                  'incidentid@odata.bind': `/${identifier(entity.entitySet)}(${guidLiteral(id)})`,
                },
                Status: defaultStatus(entity, 1) ?? 5,
              },
            });
            if (closed.status !== 204 && closed.status !== 200) throw upstreamFailure(closed, { entity });
            const after = await readInScope(ctx, entity, scope, id, roleForm.readable);
            if (!after) throw notFoundRecord();
            return recordResponse(
              ctx,
              user,
              roleForm.permission,
              scope.anchor,
              entity,
              after,
              roleForm.readable,
            );
          }
        }
      },
    );
    res.json(result);
  });

  return router;
}

/** The first status option belonging to `state`, from the entity schema (so admins' status sets are honoured). */
function defaultStatus(entity: EntityInfo, state: number): number | undefined {
  return entity.columns.get('statuscode')?.options?.find((o) => o.state === state)?.value;
}
