/**
 * Records through a form: read, create, update, delete, and the record actions (assign, resolve,
 * cancel, reopen: routes/case-actions.ts). Each handler is one request's story, told to the
 * request's records service (routes/record-service.ts). Upstream calls per operation on warm caches:
 *   read 1 · create 1 · update 1 · delete 1 · assign 1 · cancel 1 · reopen 1 · resolve 3
 *   (+1 on a conflict or a refused precondition, to return the record as it is now).
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { RecordValues } from '../../api/contract.js';
import type { Context } from '../context.js';
import { PorticoError, validationError } from '../errors.js';
import type { IdempotentIds } from '../idempotency.js';
import { expandedNotes, pageExpand } from '../notes/read.js';
import { keySegment } from '../odata/index.js';
import { requirePrivilege } from '../policy/index.js';
import { PREFER_ANNOTATIONS, ownerStampFor } from '../records.js';
import { upstreamFailure } from '../upstream-errors.js';
import { CASE_ACTIONS } from './case-actions.js';
import { signedPage } from './notes.js';
import type { CaseActionName } from './case-actions.js';
import { RecordService, auditId, expectationOf, fieldNames, rowOf } from './record-service.js';
import type { WriteFacts } from './record-service.js';
import { createStamp } from './scope-lookups.js';
import { notFoundRecord, recordId } from './shared.js';

/** Path parameters arrive as strings: every route here names each parameter once. */
type Handler = (req: Request<Record<string, string>>, res: Response) => Promise<void>;

/**
 * GET one record (edit and view forms): one upstream call. With a timeline the role may read, the
 * first page of the case's notes is expanded in that same call (routes/notes.ts).
 */
export function readRecord(ctx: Context): Handler {
  return async (req, res) => {
    const service = new RecordService(ctx, res, req.params.formId);
    service.requireMode(['edit', 'view'], 'show existing records');
    requirePrivilege(service.roleForm.permission, 'read', 'read these records');
    const id = recordId(req.params.id);
    const timeline = service.roleForm.timeline;
    const row = await service.read(id, [], timeline ? pageExpand(timeline) : undefined);
    if (!row) throw notFoundRecord();
    const record = await service.respond(row);
    if (timeline) record.notes = await signedPage(ctx, service, id, expandedNotes(row));
    res.json(record);
  };
}

/**
 * What a create stamps so the new record falls inside the creator's own scope (see
 * routes/scope-lookups.ts); a role whose scope is `self` creates nothing.
 */
async function scopeStamp(service: RecordService, values: RecordValues): Promise<Record<string, string>> {
  const { permission } = service.roleForm;
  if (permission.scope === 'self') {
    throw new PorticoError('PORTICO_ACCESS_DENIED', 'Your role may not create records of this kind.');
  }
  if (permission.scope === 'global') return {};
  const scope = await service.scope();
  if (scope.kind === 'none') {
    throw new PorticoError(
      'PORTICO_AUTH_ACCOUNT_UNBOUND',
      'Your contact is not linked to an account, so you cannot create these records.',
    );
  }
  const stamp = createStamp(service.entity, permission, scope.anchor, values);
  if (!stamp) {
    const column = permission.paths[0]?.[0]?.column ?? '';
    throw validationError([
      { pointer: `/${column}`, code: 'required', message: `Choose the ${column} of this record.` },
    ]);
  }
  return stamp;
}

/**
 * Create: one upstream call. The server picks the id and creates with If-None-Match: *, so a
 * retried send after a lost answer gets 412 instead of a duplicate, and is then read back. With an
 * Idempotency-Key the id is derived from (user, form, key), so a browser's own resend after a lost
 * answer lands on the same id too and gets the record the first send created.
 */
export function createRecord(ctx: Context, idempotent: IdempotentIds): Handler {
  return async (req, res) => {
    const service = new RecordService(ctx, res, req.params.formId);
    const key = idempotent.keyOf(req.headers['idempotency-key']);
    const id = key === undefined ? randomUUID() : idempotent.recordId(service.user.sub, service.form.id, key);
    const facts: WriteFacts = { operation: 'create', id, fields: fieldNames(req.body) };
    const created = await service.audited(facts, async () => {
      service.requireMode(['create'], 'create records');
      requirePrivilege(service.roleForm.permission, 'create', 'create these records');
      const values = service.values(req.body, 'create');
      // A new record starts active (statecode 0), so only status reasons of that state may be set.
      service.requireStateFields(values, 0);
      const stamp = await scopeStamp(service, values);
      const body = await service.payload(values);
      const upstream = await ctx.upstream.request({
        method: 'PATCH',
        path: service.recordPath(id),
        headers: { 'If-None-Match': '*', Prefer: `return=representation,${PREFER_ANNOTATIONS}` },
        // The owner is the server's to choose, like the scope stamp: values cannot name it.
        body: {
          ...body,
          ...stamp,
          ...ownerStampFor(service.entity, service.roleForm.permission.defaultOwner),
        },
      });
      let row = upstream.status === 200 || upstream.status === 201 ? rowOf(upstream) : undefined;
      const retriedDuplicate = upstream.status === 412 && (upstream.attempts > 1 || key !== undefined);
      if (upstream.status === 204 || retriedDuplicate) {
        // 204: the server ignored return=representation. 412 after a retry: our first send landed;
        // 412 with a key: an earlier request with this key created it.
        if (upstream.status === 412 && upstream.attempts === 1)
          Object.assign(facts, { replay: true, fields: [] });
        row = await service.read(id);
        if (!row) throw notFoundRecord();
      } else if (!row) {
        throw upstreamFailure(upstream, { sentFields: Object.keys(values), entity: service.entity });
      }
      return service.respond(row);
    });
    res
      .status(201)
      .location(`${ctx.publicUrl()}/api/v1/forms/${service.form.id}/records/${created.id}`)
      .json(created);
  };
}

/** Update: one upstream call — the version token stands in for the scope read (see policy/tokens.ts). */
export function updateRecord(ctx: Context): Handler {
  return async (req, res) => {
    const service = new RecordService(ctx, res, req.params.formId);
    const facts: WriteFacts = {
      operation: 'update',
      id: auditId(req.params.id),
      fields: fieldNames(req.body),
    };
    const updated = await service.audited(facts, async () => {
      service.requireMode(['edit'], 'edit records');
      requirePrivilege(service.roleForm.permission, 'update', 'change these records');
      const id = recordId(req.params.id);
      const values = service.values(req.body, 'update');
      const version = await service.version(req, id);
      await service.requireState(id, 'save', version.state);
      service.requireStateFields(values, version.state.statecode);
      const body = await service.payload(values);
      return service.write(id, version.etag, body, expectationOf(service.entity, values));
    });
    res.json(updated);
  };
}

/** Delete: one upstream call, with If-Match. */
export function deleteRecord(ctx: Context): Handler {
  return async (req, res) => {
    const service = new RecordService(ctx, res, req.params.formId);
    await service.audited({ operation: 'delete', id: auditId(req.params.id), fields: [] }, async () => {
      service.requireFormAction('delete');
      requirePrivilege(service.roleForm.permission, 'delete', 'delete these records');
      const id = recordId(req.params.id);
      const version = await service.version(req, id);
      await service.requireState(id, 'delete', version.state);
      const upstream = await ctx.upstream.request({
        method: 'DELETE',
        path: keySegment(service.entity.entitySet, id),
        headers: { 'If-Match': version.etag },
      });
      if (upstream.status === 204 || upstream.status === 200) return;
      // A retried delete whose first send landed finds nothing: that is our delete, done.
      if (upstream.status === 404 && upstream.attempts > 1) return;
      if (upstream.status === 412) throw await service.conflict(id);
      throw upstreamFailure(upstream, { entity: service.entity });
    });
    res.status(204).end();
  };
}

/**
 * POST …/actions/:action — one of the record actions of routes/case-actions.ts. The route's
 * schemas have checked the action's name and its body.
 */
export function runAction(ctx: Context): Handler {
  return async (req, res) => {
    const service = new RecordService(ctx, res, req.params.formId);
    const name = req.params.action as CaseActionName;
    const action = CASE_ACTIONS[name];
    const facts: WriteFacts = { operation: name, id: auditId(req.params.id), fields: [...action.fields] };
    const result = await service.audited(facts, async () => {
      service.requireFormAction(name);
      requirePrivilege(service.roleForm.permission, name, `${name} these records`);
      const id = recordId(req.params.id);
      const body = req.body as Record<string, unknown>;
      if (action.casesOnly && service.entity.logicalName !== 'incident') {
        throw new PorticoError('PORTICO_ACCESS_DENIED', `"${name}" applies to cases only.`);
      }
      const version = await service.version(req, id);
      return action.run(service, ctx, id, version, body);
    });
    res.json(result);
  };
}
