/** Roles as the registry holds them, from access.json: each permission with its sets ready to test. */
import type { AccessFile } from '../generated/access-file.js';
import type { EntityInfo, Permission, Privilege, RoleInfo, ScopePath, ScopeStep } from '../types.js';

type RawPermission = AccessFile['roles'][string]['permissions'][number];
type RawPath = NonNullable<RawPermission['via']>;

/**
 * The paths of a permission's scope, each step bound to the table it leads to and the navigation
 * property that reaches it. Runs on checked files only (check/access.ts has refused unknown columns,
 * missing tables and cycles), so a step that does not resolve cannot happen here.
 */
export function scopePaths(
  p: Pick<RawPermission, 'entity' | 'scope' | 'via' | 'or'>,
  entities: ReadonlyMap<string, EntityInfo>,
): ScopePath[] {
  if (p.scope !== 'contact' && p.scope !== 'account') return [];
  const raw: RawPath[] = [...(p.via === undefined ? [] : [p.via]), ...(p.or ?? [])];
  return raw.map((path) => {
    const steps = typeof path === 'string' ? [path] : path;
    let table = p.entity;
    return steps.map((step, i): ScopeStep => {
      const column = typeof step === 'string' ? step : step.lookup;
      const targets = entities.get(table)?.columns.get(column)?.targets ?? {};
      const last = i === steps.length - 1;
      const named = typeof step === 'string' ? undefined : step.table;
      const to = last ? p.scope : (named ?? Object.keys(targets)[0] ?? '');
      const bound = { column, table: to, navigation: targets[to] ?? column };
      table = to;
      return bound;
    });
  });
}

export function compileRoles(
  access: AccessFile,
  entities: ReadonlyMap<string, EntityInfo>,
): Map<string, RoleInfo> {
  const roles = new Map<string, RoleInfo>();
  for (const [id, role] of Object.entries(access.roles)) {
    roles.set(id, {
      id,
      label: role.label,
      permissions: role.permissions.map((p): Permission => {
        const paths = scopePaths(p, entities);
        const only = paths.length === 1 && paths[0]!.length === 1 ? paths[0]![0]!.column : undefined;
        return {
          entity: p.entity,
          scope: p.scope,
          ...(only !== undefined ? { via: only } : {}),
          ...(p.defaultOwner !== undefined ? { defaultOwner: p.defaultOwner.toLowerCase() } : {}),
          paths,
          privileges: new Set(p.privileges as Privilege[]),
          hidden: new Set(p.fields?.hidden ?? []),
          readOnly: new Set(p.fields?.readOnly ?? []),
        };
      }),
      assignTo: { teams: role.assignTo?.teams ?? [], users: role.assignTo?.users ?? [] },
    });
  }
  return roles;
}
