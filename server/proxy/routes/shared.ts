/**
 * Helpers shared by the record, list and action routes: form look-up for the caller's role, the
 * scoped single-record read (the one upstream call behind "open a form"), and turning a Dataverse
 * row into a `RecordResponse` with a signed version token.
 */
import type { RecordResponse } from '../../api/contract.js';
import type { CompiledForm, EntityInfo, Permission, RoleForm } from '../../config/types.js';
import type { Context } from '../context.js';
import type { VersionSigner } from '../policy/tokens.js';
import { PorticoError } from '../errors.js';
import type { PorticoUser } from '../identity/resolve.js';
import { and, guidLiteral, identifier, queryString } from '../odata/index.js';
import { heldDirectly, isChained, ownScopeColumns, scopeClause } from '../policy/index.js';
import type { ScopeClause } from '../policy/index.js';
import { PREFER_ANNOTATIONS, projectRow, selectList, stateOf } from '../records.js';
import { notFoundRecord, upstreamFailure } from '../upstream-errors.js';
import type { Refusal } from './spec.js';

export { notFoundRecord };

/** The one answer to a form id that names no form for the caller, whatever the reason. */
export const FORM_REFUSAL: Refusal = {
  code: 'PORTICO_FORM_NOT_FOUND',
  message: (id) => `There is no form "${String(id).slice(0, 64)}" for you.`,
};

/** The one answer to a list id that names no list for the caller. */
export const LIST_REFUSAL: Refusal = {
  code: 'PORTICO_LIST_NOT_FOUND',
  message: (id) => `There is no list "${String(id).slice(0, 64)}" for you.`,
};

/** A record id that is not a GUID is a record that does not exist. */
export const RECORD_REFUSAL: Refusal = {
  code: 'PORTICO_RECORD_NOT_FOUND',
  message: () => notFoundRecord().message,
};

export function refuse(refusal: Refusal, value: unknown): PorticoError {
  return new PorticoError(refusal.code, refusal.message(value));
}

export interface FormAccess {
  form: CompiledForm;
  roleForm: RoleForm;
  entity: EntityInfo;
}

/**
 * The form as the user's role sees it, or 404 — an unknown form and a form hidden from the role
 * look alike. The id's shape was checked against the route's `FormId` schema.
 */
export function formFor(ctx: Context, formId: string | undefined, user: PorticoUser): FormAccess {
  const form = formId === undefined ? undefined : ctx.registry().forms.get(formId);
  const roleForm = form?.forRole(user.role);
  if (!form || !roleForm) throw refuse(FORM_REFUSAL, formId);
  return { form, roleForm, entity: form.entity };
}

/** A record id from the path (a GUID, checked against the route's `RecordId` schema), as Dataverse spells it. */
export function recordId(raw: string | undefined): string {
  return String(raw).toLowerCase();
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
 * Returns the row, or undefined when no row is both present and in scope. `expand`, built from
 * validated parts by the caller, rides along in the same call (a case's first page of notes).
 */
export async function readInScope(
  ctx: Context,
  entity: EntityInfo,
  scope: ScopeClause,
  id: string,
  columns: readonly string[],
  expand?: string,
): Promise<Record<string, unknown> | undefined> {
  if (scope.kind === 'none') return undefined;
  const filter = and(`${identifier(entity.primaryKey)} eq ${guidLiteral(id)}`, scope.filter);
  const res = await ctx.upstream.request({
    method: 'GET',
    path: `${identifier(entity.entitySet)}${queryString({ select: selectList(entity, columns), filter, top: 1, ...(expand ? { expand } : {}) })}`,
    // An expanded collection may otherwise be served from Dataverse's cache (see notes/read.ts).
    headers: expand
      ? { Prefer: PREFER_ANNOTATIONS, 'If-None-Match': 'null' }
      : { Prefer: PREFER_ANNOTATIONS },
  });
  if (res.status !== 200) throw upstreamFailure(res, {});
  const rows = (res.body as { value?: unknown }).value;
  const row = Array.isArray(rows) ? rows[0] : undefined;
  return row && typeof row === 'object' ? (row as Record<string, unknown>) : undefined;
}

/**
 * The columns to read for `columns` under this permission: with a scope chain, also the one-step
 * scope columns, so the version token can tell a record held by its own lookup from one held only
 * through another record (policy/tokens.ts). They are read, never shown: rows are projected to
 * `columns`.
 */
export function scopeReadColumns(permission: Permission, columns: readonly string[]): readonly string[] {
  if (!isChained(permission)) return columns;
  return [...new Set([...columns, ...ownScopeColumns(permission)])];
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
  const sign = ctx.signer.versionSigner(user, permission, anchor, entity.logicalName);
  return rowResponse(sign, permission, anchor, entity, row, columns);
}

/**
 * A row with its signed version, signed by `sign`: one signer (`TokenSigner.versionSigner`, made for
 * this user, permission and anchor) serves every row of a page.
 */
export function rowResponse(
  sign: VersionSigner,
  permission: Permission,
  anchor: string,
  entity: EntityInfo,
  row: Record<string, unknown>,
  columns: readonly string[],
): RecordResponse {
  const { upstreamEtag, ...projected } = projectRow(entity, row, columns);
  const etag = sign({
    etag: upstreamEtag,
    id: projected.id,
    state: stateOf(entity, row),
    indirect: !heldDirectly(permission, anchor, row),
  });
  return { id: projected.id, etag, values: projected.values };
}
