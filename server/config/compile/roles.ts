/** Roles as the registry holds them, from access.json: each permission with its sets ready to test. */
import type { AccessFile } from '../generated/access-file.js';
import type { Permission, Privilege, RoleInfo } from '../types.js';

export function compileRoles(access: AccessFile): Map<string, RoleInfo> {
  const roles = new Map<string, RoleInfo>();
  for (const [id, role] of Object.entries(access.roles)) {
    roles.set(id, {
      id,
      label: role.label,
      permissions: role.permissions.map((p): Permission => ({
        entity: p.entity,
        scope: p.scope,
        ...(p.via !== undefined ? { via: p.via } : {}),
        ...(p.defaultOwner !== undefined ? { defaultOwner: p.defaultOwner.toLowerCase() } : {}),
        privileges: new Set(p.privileges as Privilege[]),
        hidden: new Set(p.fields?.hidden ?? []),
        readOnly: new Set(p.fields?.readOnly ?? []),
      })),
      assignTo: { teams: role.assignTo?.teams ?? [], users: role.assignTo?.users ?? [] },
    });
  }
  return roles;
}
