/**
 * What compiling one registry shares across its forms and lists: the entities, the yes/no labels,
 * the permission look-up, and one Ajv instance for values, compiled lazily per form and role.
 */
import type { ValidateFunction } from 'ajv';
import { createAjv, VALUES_AJV_OPTIONS } from '../ajv.js';
import type { EntityInfo, Permission, RoleInfo } from '../types.js';
import type { BooleanLabels } from './columns.js';

export interface CompileContext {
  entities: ReadonlyMap<string, EntityInfo>;
  /** The yes/no labels of each Boolean column, keyed `entity.column`. */
  booleans: ReadonlyMap<string, BooleanLabels>;
  permission(role: string, entity: string): Permission | undefined;
  /** Compiles a values (or condition) schema with this registry's Ajv instance. */
  compileValues(schema: object): ValidateFunction;
}

export function compileContext(
  entities: ReadonlyMap<string, EntityInfo>,
  booleans: ReadonlyMap<string, BooleanLabels>,
  roles: ReadonlyMap<string, RoleInfo>,
): CompileContext {
  const permission = (role: string, entity: string): Permission | undefined =>
    roles.get(role)?.permissions.find((p) => p.entity === entity);

  // One Ajv instance per registry for server-side values validation; compiled lazily per form/role.
  let valuesAjv: ReturnType<typeof createAjv> | undefined;
  const compileValues = (schema: object): ValidateFunction => {
    // allErrors is safe here: values schemas have no arrays, every string has maxLength and
    // additionalProperties is false, so errors are bounded by the (size-limited) body's keys.
    valuesAjv ??= createAjv(VALUES_AJV_OPTIONS);
    return valuesAjv.compile(schema);
  };
  return { entities, booleans, permission, compileValues };
}

/**
 * `roles` on a form or list narrows who gets it at all; privileges still apply on top. Absent,
 * every role whose privileges allow it gets it.
 */
export function offeredTo(roles: readonly string[] | undefined, role: string): boolean {
  return roles === undefined || roles.includes(role);
}
