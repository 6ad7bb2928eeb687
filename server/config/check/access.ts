/**
 * Roles (`access.json`): one permission per entity, privileges the entity has, a scope with the
 * lookup (`via`) it needs, field rules on known columns, someone to assign to; and every role that
 * a form or list names exists.
 */
import { didYouMean } from '../../shared/did-you-mean.js';
import { LOOKUP_TYPES } from '../compile/columns.js';
import { pointer as ptr } from '../errors.js';
import type { AccessFile } from '../generated/access-file.js';
import type { FormFile } from '../generated/form-file.js';
import type { ListFile } from '../generated/list-file.js';
import { INCIDENT_ONLY } from './context.js';
import type { CheckContext, Loaded } from './context.js';

type Role = AccessFile['roles'][string];
type RolePermission = Role['permissions'][number];

export function checkAccess(ctx: CheckContext, access: AccessFile): void {
  for (const [roleId, role] of Object.entries(access.roles)) {
    const seen = new Set<string>();
    let assigns = false;
    role.permissions.forEach((p, i) => {
      const at = ptr('roles', roleId, 'permissions', i);
      if (!ctx.checkEntityRef('access.json', `${at}/entity`, p.entity)) return;
      if (seen.has(p.entity))
        ctx.err(
          'PORTICO_CONFIG_DUPLICATE_ID',
          'access.json',
          `${at}/entity`,
          `role "${roleId}" already has a permission for ${p.entity}; expected one permission per entity`,
        );
      seen.add(p.entity);
      if (p.privileges.includes('assign')) assigns = true;
      checkPermission(ctx, at, p);
      checkDefaultOwner(ctx, at, roleId, role, p);
    });
    const owners = (role.assignTo?.teams?.length ?? 0) + (role.assignTo?.users?.length ?? 0);
    if (assigns && owners === 0)
      ctx.err(
        'PORTICO_CONFIG_ASSIGN_WITHOUT_OWNERS',
        'access.json',
        ptr('roles', roleId),
        `role "${roleId}" may assign but has no assignTo teams or users; expected at least one GUID in assignTo.teams or assignTo.users`,
      );
  }
}

/** One permission of a known entity: its privileges, its scope and `via`, its field rules. */
function checkPermission(ctx: CheckContext, at: string, p: RolePermission): void {
  p.privileges.forEach((priv, k) => {
    if (INCIDENT_ONLY.has(priv) && p.entity !== 'incident')
      ctx.err(
        'PORTICO_CONFIG_PRIVILEGE_NOT_APPLICABLE',
        'access.json',
        `${at}/privileges/${k}`,
        `"${priv}" applies only to incident (Case); expected one of read, create, update, delete, assign for ${p.entity}`,
      );
  });
  if (p.scope === 'self' && p.entity !== 'contact')
    ctx.err(
      'PORTICO_CONFIG_SELF_SCOPE_NOT_CONTACT',
      'access.json',
      `${at}/scope`,
      `scope "self" means the user's own contact record and works only for entity contact; expected "contact" or "account" (with via) for ${p.entity}`,
    );
  checkVia(ctx, at, p);
  const cols = ctx.columnsOf(p.entity);
  if (cols)
    for (const key of ['hidden', 'readOnly'] as const)
      (p.fields?.[key] ?? []).forEach((name, k) =>
        ctx.checkColumn('access.json', `${at}/fields/${key}/${k}`, p.entity, name),
      );
}

/**
 * The team that owns what this role creates: only meaningful with `create`, on an entity whose owner
 * column can point at a team, and — when the role may assign — one of the teams it may assign to,
 * so the owner a vendor sees on a new record is one they know and can hand it back to.
 */
function checkDefaultOwner(
  ctx: CheckContext,
  at: string,
  roleId: string,
  role: Role,
  p: RolePermission,
): void {
  if (p.defaultOwner === undefined) return;
  const where = `${at}/defaultOwner`;
  const fail = (message: string) =>
    ctx.err('PORTICO_CONFIG_INVALID_DEFAULT_OWNER', 'access.json', where, message);
  if (!p.privileges.includes('create'))
    return fail(
      `role "${roleId}" cannot create ${p.entity} records, so a default owner never applies; expected "create" in privileges, or no defaultOwner`,
    );
  const cols = ctx.columnsOf(p.entity);
  if (
    cols &&
    !Object.values(cols).some(
      (c) => c['x-dataverse'].type === 'Owner' && 'team' in (c['x-dataverse'].targets ?? {}),
    )
  )
    return fail(
      `${p.entity} has no owner column that can point at a team; expected no defaultOwner for ${p.entity}`,
    );
  const teams = role.assignTo?.teams ?? [];
  if (teams.length > 0 && !teams.some((t) => t.toLowerCase() === p.defaultOwner?.toLowerCase()))
    fail(
      `team ${p.defaultOwner} is not one of the teams role "${roleId}" may assign to; expected one of: ${teams.join(', ')}`,
    );
}

/** Scope contact or account needs `via`, a lookup to that table; the other scopes take none. */
function checkVia(ctx: CheckContext, at: string, p: RolePermission): void {
  const cols = ctx.columnsOf(p.entity);
  if (p.scope === 'contact' || p.scope === 'account') {
    if (p.via === undefined)
      ctx.err(
        'PORTICO_CONFIG_INVALID_VIA',
        'access.json',
        at,
        `scope "${p.scope}" needs "via": the lookup column that points at the user's ${p.scope}`,
      );
    else if (cols) {
      const col = ctx.checkColumn('access.json', `${at}/via`, p.entity, p.via);
      const targets = col?.['x-dataverse'].targets;
      if (col && (!LOOKUP_TYPES.has(col['x-dataverse'].type) || !targets || !(p.scope in targets)))
        ctx.err(
          'PORTICO_CONFIG_INVALID_VIA',
          'access.json',
          `${at}/via`,
          `"${p.via}" is not a lookup to ${p.scope}; expected a Lookup or Customer column that targets ${p.scope}`,
          didYouMean(
            p.via,
            Object.entries(cols)
              .filter(
                ([, c]) => p.scope in (c['x-dataverse'].targets ?? {}) && c['x-dataverse'].type !== 'Owner',
              )
              .map(([n]) => n),
          ),
        );
    }
  } else if (p.via !== undefined) {
    ctx.err(
      'PORTICO_CONFIG_INVALID_VIA',
      'access.json',
      `${at}/via`,
      `scope "${p.scope}" does not use "via"; expected no via (or scope contact/account)`,
    );
  }
}

/** Roles named by forms and lists: a misspelt role would silently hide the form from everyone. */
export function checkRolesNamed(
  ctx: CheckContext,
  access: AccessFile,
  files: ReadonlyArray<Loaded<FormFile> | Loaded<ListFile>>,
): void {
  const roleIds = Object.keys(access.roles);
  for (const d of files) {
    if (!d.valid) continue;
    (d.raw.roles ?? []).forEach((r, i) => {
      if (!Object.hasOwn(access.roles, r))
        ctx.err(
          'PORTICO_CONFIG_UNKNOWN_ROLE',
          d.file,
          ptr('roles', i),
          `no role "${r}" in access.json; expected one of: ${roleIds.join(', ')}`,
          didYouMean(r, roleIds),
        );
    });
  }
}
