/**
 * Helpers shared by the record, list and action routes: form look-up for the caller's role, the
 * scoped single-record read (the one upstream call behind "open a form"), and turning a Dataverse
 * row into a `RecordResponse` with a signed version token.
 */
import type { RecordResponse } from '../../api/contract.js';
import type { CompiledForm, EntityInfo, Permission, RoleForm } from '../../config/types.js';
import type { Context } from '../context.js';
import { PorticoError } from '../errors.js';
import type { PorticoUser } from '../identity/resolve.js';
import { and, guidLiteral, identifier, isGuid, queryString } from '../odata/index.js';
import { scopeClause } from '../policy/index.js';
import type { ScopeClause } from '../policy/index.js';
import { PREFER_ANNOTATIONS, projectRow, selectList, stateOf } from '../records.js';
import { notFoundRecord, upstreamFailure } from '../upstream-errors.js';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export { notFoundRecord };

export interface FormAccess {
  form: CompiledForm;
  roleForm: RoleForm;
  entity: EntityInfo;
}

/** The form as the user's role sees it, or 404 — an unknown form and a form hidden from the role look alike. */
export function formFor(ctx: Context, formId: string | undefined, user: PorticoUser): FormAccess {
  const form = formId && ID_PATTERN.test(formId) ? ctx.registry().forms.get(formId) : undefined;
  const roleForm = form?.forRole(user.role);
  if (!form || !roleForm) {
    throw new PorticoError(
      'PORTICO_FORM_NOT_FOUND',
      `There is no form "${String(formId).slice(0, 64)}" for you.`,
    );
  }
  return { form, roleForm, entity: form.entity };
}

export function listIdOk(listId: string | undefined): listId is string {
  return typeof listId === 'string' && ID_PATTERN.test(listId);
}

/** A record id from the path: anything but a GUID is a record that does not exist. */
export function recordId(raw: string | undefined): string {
  if (!isGuid(raw)) throw notFoundRecord();
  return raw.toLowerCase();
}

export function scopeFor(
  ctx: Context,
  permission: Permission,
  entity: EntityInfo,
  user: PorticoUser,
): Promise<ScopeClause> {
  return scopeClause(permission, entity, user, (contactId) => ctx.identity.accountOf(contactId));
}

/**
 * Reads one record through the collection with `$filter=<pk> eq <id> and <scope>` and `$top=1`.
 * A keyed `GET <set>(<id>)` cannot carry `$filter`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/retrieve-entity-using-web-api),
 * so the collection form is what makes "in scope" and "exists" one question and one call.
 * Returns the row, or undefined when no row is both present and in scope.
 */
export async function readInScope(
  ctx: Context,
  entity: EntityInfo,
  scope: ScopeClause,
  id: string,
  columns: readonly string[],
): Promise<Record<string, unknown> | undefined> {
  if (scope.kind === 'none') return undefined;
  const filter = and(`${identifier(entity.primaryKey)} eq ${guidLiteral(id)}`, scope.filter);
  const res = await ctx.upstream.request({
    method: 'GET',
    path: `${identifier(entity.entitySet)}${queryString({ select: selectList(entity, columns), filter, top: 1 })}`,
    headers: { Prefer: PREFER_ANNOTATIONS },
  });
  if (res.status !== 200) throw upstreamFailure(res, {});
  const rows = (res.body as { value?: unknown }).value;
  const row = Array.isArray(rows) ? rows[0] : undefined;
  return row && typeof row === 'object' ? (row as Record<string, unknown>) : undefined;
}

export async function recordResponse(
  ctx: Context,
  user: PorticoUser,
  permission: Permission,
  anchor: string,
  entity: EntityInfo,
  row: Record<string, unknown>,
  columns: readonly string[],
): Promise<RecordResponse> {
  const { upstreamEtag, ...projected } = projectRow(entity, row, columns);
  const etag = await ctx.signer.signVersion(user, permission, anchor, {
    etag: upstreamEtag,
    entity: entity.logicalName,
    id: projected.id,
    state: stateOf(entity, row),
  });
  return { id: projected.id, etag, values: projected.values, formatted: projected.formatted };
}

/** The body must be a JSON object with exactly the listed keys (some optional); anything else is named. */
export function expectBody(
  body: unknown,
  allowed: readonly string[],
  required: readonly string[],
): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new PorticoError('PORTICO_BODY_MALFORMED', 'The body must be a JSON object.');
  }
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new PorticoError(
        'PORTICO_BODY_MALFORMED',
        `Unexpected property "${key.slice(0, 64)}" in the body; expected ${allowed.length ? allowed.map((k) => `"${k}"`).join(', ') : 'an empty object'}.`,
      );
    }
  }
  for (const key of required) {
    if (!(key in record))
      throw new PorticoError('PORTICO_BODY_MALFORMED', `The body needs a "${key}" property.`);
  }
  return record;
}
