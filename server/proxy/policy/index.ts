/**
 * Authorization: role × privilege × record scope (ARCHITECTURE.md, principles 'Allow-list in both
 * directions' and 'Scope inside the query'; Power Pages table-permission semantics). Scope becomes a
 * clause of the OData `$filter`, so Dataverse itself never returns a row outside it; write bodies are
 * checked against an allow-list before anything is sent.
 */
import type { FieldError } from '../../api/contract.js';
import type { EntityInfo, Permission, Privilege, RoleForm } from '../../config/types.js';
import { PorticoError } from '../errors.js';
import { guidLiteral, identifier } from '../odata/index.js';
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
    case 'contact':
      if (!permission.via) return { kind: 'none' };
      return {
        kind: 'filter',
        filter: `${lookupProperty(permission.via)} eq ${guidLiteral(user.contactId)}`,
        anchor: user.contactId,
      };
    case 'account': {
      if (!permission.via) return { kind: 'none' };
      const accountId = await accountOf(user.contactId);
      if (!accountId) return { kind: 'none' };
      return {
        kind: 'filter',
        filter: `${lookupProperty(permission.via)} eq ${guidLiteral(accountId)}`,
        anchor: accountId,
      };
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
