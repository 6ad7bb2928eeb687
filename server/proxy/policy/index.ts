/**
 * Authorization: role × privilege × record scope (ARCHITECTURE.md, principles 'Allow-list in both
 * directions' and 'Scope inside the query'; Power Pages table-permission semantics). Scope becomes a
 * clause of the OData `$filter`, so Dataverse itself never returns a row outside it; write bodies are
 * checked against an allow-list before anything is sent.
 */
import type { FieldError } from '../../api/contract.js';
import type { EntityInfo, Permission, Privilege, RoleForm, ScopePath } from '../../config/types.js';
import { PorticoError } from '../errors.js';
import { guidLiteral, identifier, or } from '../odata/index.js';
import type { PorticoUser } from '../identity/resolve.js';

/** Where a permission's scope leads for one user. */
export type ScopeClause =
  /**
   * Records matching this `$filter` clause (null: every record, global scope). `anchor` is the id
   * the scope hangs on (the user's contact or account; `''` for global), bound into version tokens.
   */
  | { kind: 'filter'; filter: string | null; anchor: string }
  /** No record can be in scope (e.g. account scope for a contact without a parent account). */
  | { kind: 'none' };

export type AccountResolver = (contactId: string) => Promise<string | null>;

/** The lookup property of a `via` column, validated as an identifier. */
export function lookupProperty(column: string): string {
  return `_${identifier(column)}_value`;
}

/**
 * One scope path as an OData condition: the navigation properties of every step but the last,
 * then the last step's lookup property, equal to the anchor
 * (`customerid_contact/_parentcustomerid_value eq <account>`). Dataverse evaluates the whole path,
 * so a record reached through another record is still decided by one query.
 */
export function pathFilter(path: ScopePath, anchor: string): string {
  const last = path[path.length - 1];
  if (!last) throw new Error('a scope path has at least one step');
  const navigation = path.slice(0, -1).map((step) => `${identifier(step.navigation)}/`);
  return `${navigation.join('')}${lookupProperty(last.column)} eq ${guidLiteral(anchor)}`;
}

/** Every path of a permission, `or`-ed: a record is in scope when any of them leads to the anchor. */
export function pathsFilter(paths: readonly ScopePath[], anchor: string): string | null {
  return or(...paths.map((path) => pathFilter(path, anchor)));
}

/** True when some path runs through another record, whose changes the record's own ETag does not see. */
export function isChained(permission: Permission): boolean {
  return permission.paths.some((path) => path.length > 1);
}

/** The columns of one-step paths: a row whose own column holds the anchor is in scope by itself. */
export function ownScopeColumns(permission: Permission): string[] {
  return permission.paths.filter((path) => path.length === 1).map((path) => path[0]!.column);
}

/**
 * Whether `row` is in scope through its own columns (so a change to it changes its ETag), rather than
 * only through another record. Without chains every row in scope is; with them, a row whose
 * one-step column is not in `row` counts as held through another record, the cautious answer.
 */
export function heldDirectly(permission: Permission, anchor: string, row: Record<string, unknown>): boolean {
  if (!isChained(permission)) return true;
  return ownScopeColumns(permission).some((column) => {
    const value = row[lookupProperty(column)];
    return typeof value === 'string' && value.toLowerCase() === anchor.toLowerCase();
  });
}

export async function scopeClause(
  permission: Permission,
  entity: EntityInfo,
  user: PorticoUser,
  accountOf: AccountResolver,
): Promise<ScopeClause> {
  switch (permission.scope) {
    case 'global':
      return { kind: 'filter', filter: null, anchor: '' };
    case 'self':
      // `self` is only meaningful for the contact entity: the user's own record.
      if (entity.logicalName !== 'contact') return { kind: 'none' };
      return {
        kind: 'filter',
        filter: `${identifier(entity.primaryKey)} eq ${guidLiteral(user.contactId)}`,
        anchor: user.contactId,
      };
    case 'contact': {
      const filter = pathsFilter(permission.paths, user.contactId);
      if (!filter) return { kind: 'none' };
      return { kind: 'filter', filter, anchor: user.contactId };
    }
    case 'account': {
      if (permission.paths.length === 0) return { kind: 'none' };
      const accountId = await accountOf(user.contactId);
      if (!accountId) return { kind: 'none' };
      return { kind: 'filter', filter: pathsFilter(permission.paths, accountId), anchor: accountId };
    }
  }
}

export function requirePrivilege(permission: Permission, privilege: Privilege, what: string): void {
  if (!permission.privileges.has(privilege)) {
    throw new PorticoError('PORTICO_ACCESS_DENIED', `Your role may not ${what}.`);
  }
}

/**
 * Names every key of `values` this role may not write through this form, so the 400 tells the
 * caller exactly which field to drop (never silently dropped, never forwarded). Refused: keys the
 * form does not declare writable, the permission's read-only and hidden columns, the scope's `via`
 * column (server-stamped) and anything the entity marks read-only.
 */
export function refusedFields(
  values: Record<string, unknown>,
  form: RoleForm,
  entity: EntityInfo,
): FieldError[] {
  const writable = new Set(form.writable);
  const errors: FieldError[] = [];
  for (const name of Object.keys(values)) {
    const pointer = `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const column = entity.columns.get(name);
    if (form.permission.via === name) {
      errors.push({
        pointer,
        code: 'serverStamped',
        message: `${name} is set by the server and cannot be sent.`,
      });
    } else if (
      !column ||
      form.permission.hidden.has(name) ||
      (!writable.has(name) && !form.readable.includes(name))
    ) {
      errors.push({ pointer, code: 'unknownField', message: `${name} is not a field of this form.` });
    } else if (!writable.has(name) || column.readOnly || form.permission.readOnly.has(name)) {
      errors.push({ pointer, code: 'readOnly', message: `${name} is read-only for you.` });
    }
  }
  return errors;
}
