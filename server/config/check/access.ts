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

type RawPath = NonNullable<RolePermission['via']>;
type ColumnSchema = NonNullable<ReturnType<CheckContext['columnsOf']>>[string];

const leadsTo = (col: ColumnSchema | undefined, table: string): boolean =>
  col !== undefined && table in (col['x-dataverse'].targets ?? {});

/**
 * Scope contact or account needs `via`, and may add `or` paths; the other scopes take neither. Each
 * path is checked step by step (checkPath).
 */
function checkVia(ctx: CheckContext, at: string, p: RolePermission): void {
  if (p.scope === 'contact' || p.scope === 'account') {
    if (p.via === undefined) {
      ctx.err(
        'PORTICO_CONFIG_INVALID_VIA',
        'access.json',
        at,
        `scope "${p.scope}" needs "via": the lookup column that points at the user's ${p.scope}`,
      );
      return;
    }
    checkPath(ctx, `${at}/via`, p, p.via);
    (p.or ?? []).forEach((path, k) => checkPath(ctx, `${at}/or/${k}`, p, path));
  } else {
    for (const key of ['via', 'or'] as const)
      if (p[key] !== undefined)
        ctx.err(
          'PORTICO_CONFIG_INVALID_VIA',
          'access.json',
          `${at}/${key}`,
          `scope "${p.scope}" does not use "${key}"; expected no ${key} (or scope contact/account)`,
        );
  }
}

/**
 * One path from the permission's entity to the user's contact or account: every step a Lookup or
 * Customer column of the table the step before leads to (Owner lookups lead to users and teams,
 * never to a contact or account), a step that may lead to several tables names the one it takes,
 * no table is passed twice, and the last step targets the scope's table.
 */
function checkPath(ctx: CheckContext, at: string, p: RolePermission, path: RawPath): void {
  const steps = typeof path === 'string' ? [path] : path;
  const visited = [p.entity];
  let table = p.entity;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const column = typeof step === 'string' ? step : step.lookup;
    const named = typeof step === 'string' ? undefined : step.table;
    const here = typeof path === 'string' ? at : `${at}/${i}`;
    const colAt = typeof step === 'string' ? here : `${here}/lookup`;
    const last = i === steps.length - 1;
    const cols = ctx.columnsOf(table);
    if (!cols) {
      // Only a table a step leads to can be unknown here (the permission's own entity was checked);
      // its columns are needed to check the next step.
      ctx.checkEntityRef('access.json', `${at}/${i - 1}`, table);
      return;
    }
    const col = ctx.checkColumn('access.json', colAt, table, column);
    if (!col) return;
    const targets = Object.keys(col['x-dataverse'].targets ?? {});
    const lookups = Object.entries(cols)
      .filter(([, c]) => LOOKUP_TYPES.has(c['x-dataverse'].type) && c['x-dataverse'].type !== 'Owner')
      .map(([n]) => n);
    if (!LOOKUP_TYPES.has(col['x-dataverse'].type) || col['x-dataverse'].type === 'Owner') {
      ctx.err(
        'PORTICO_CONFIG_INVALID_VIA',
        'access.json',
        colAt,
        last && steps.length === 1
          ? `"${column}" is not a lookup to ${p.scope}; expected a Lookup or Customer column that targets ${p.scope}`
          : `"${column}" of ${table} is not a lookup; every step of a scope path must be a Lookup or Customer column, expected one of: ${lookups.join(', ')}`,
        didYouMean(column, steps.length === 1 ? lookups.filter((n) => leadsTo(cols[n], p.scope)) : lookups),
      );
      return;
    }
    if (last) {
      if (!targets.includes(p.scope) || (named !== undefined && named !== p.scope))
        ctx.err(
          'PORTICO_CONFIG_INVALID_VIA',
          'access.json',
          named !== undefined && targets.includes(p.scope) ? `${here}/table` : colAt,
          `"${column}" is not a lookup to ${p.scope}; expected a Lookup or Customer column that targets ${p.scope}` +
            (steps.length > 1 ? ` as the last step of the path (the scope's table)` : ''),
          didYouMean(
            column,
            lookups.filter((n) => leadsTo(cols[n], p.scope)),
          ),
        );
      return;
    }
    if (named === undefined && targets.length !== 1) {
      ctx.err(
        'PORTICO_CONFIG_SCOPE_STEP_TABLE',
        'access.json',
        here,
        `"${column}" may lead to ${targets.join(' or ')}; expected { "lookup": "${column}", "table": … } naming the table this step takes`,
      );
      return;
    }
    const next = named ?? targets[0]!;
    if (!targets.includes(next)) {
      ctx.err(
        'PORTICO_CONFIG_SCOPE_STEP_TABLE',
        'access.json',
        `${here}/table`,
        `"${column}" does not lead to ${next}; expected one of: ${targets.join(', ')}`,
        didYouMean(next, targets),
      );
      return;
    }
    if (visited.includes(next)) {
      ctx.err(
        'PORTICO_CONFIG_SCOPE_CYCLE',
        'access.json',
        here,
        `this step leads back to ${next}, which the path has already passed (${[...visited, next].join(' → ')}); expected a path that reaches the user's ${p.scope} without returning to a table`,
      );
      return;
    }
    visited.push(next);
    table = next;
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
