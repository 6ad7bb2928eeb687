/**
 * The lookups that decide scope, when the user may choose them (a permission with several paths or a
 * chain, access.json): which columns they are, whether a chosen value leads into the user's scope,
 * and what a create that chooses none is stamped with. A chosen value is checked before anything is
 * written, so a create or update can never place a record outside its writer's scope.
 */
import type { LookupValue, RecordValues } from '../../api/contract.js';
import type { EntityInfo, Permission, Registry } from '../../config/types.js';
import type { Context } from '../context.js';
import { pathFilter } from '../policy/index.js';
import { stampFor } from '../records.js';
import { readInScope } from './shared.js';

/** The first lookups of the permission's paths, when the user may choose them (no server-stamped `via`). */
export function choosableScopeColumns(permission: Permission): Set<string> {
  if (permission.via !== undefined) return new Set();
  return new Set(permission.paths.map((path) => path[0]!.column));
}

/**
 * Whether pointing `column` at `value` puts the record inside the scope hanging on `anchor`: some
 * path starts with `column` towards `value.type` and either ends there at the anchor itself, or
 * leads on from that record to the anchor. The second costs one read of the referenced record,
 * filtered by the rest of the path; it is paid only on writes that set such a lookup, because the
 * record being written cannot be read in scope before the lookup that would put it there is saved.
 * Reading the referenced record at write time (not trusting what the user saw) also refuses a
 * contact that moved to another account since it was offered.
 */
export async function leadsIntoScope(
  ctx: Context,
  permission: Permission,
  anchor: string,
  column: string,
  value: LookupValue,
): Promise<boolean> {
  const registry: Registry = ctx.registry();
  for (const path of permission.paths) {
    const [first, ...rest] = path;
    if (!first || first.column !== column || first.table !== value.type) continue;
    if (rest.length === 0) {
      if (value.id.toLowerCase() === anchor.toLowerCase()) return true;
      continue;
    }
    const target: EntityInfo | undefined = registry.entities.get(first.table);
    if (!target) continue;
    const scope = { kind: 'filter' as const, filter: pathFilter(rest, anchor), anchor };
    if (await readInScope(ctx, target, scope, value.id, [])) return true;
  }
  return false;
}

/**
 * What a create stamps so the new record is inside the creator's scope. With a server-stamped `via`,
 * that column; with choosable scope lookups, nothing when the user chose one (it is checked by
 * `leadsIntoScope`), else the first one-step path. Undefined when the user must choose.
 */
export function createStamp(
  entity: EntityInfo,
  permission: Permission,
  anchor: string,
  values: RecordValues,
): Record<string, string> | undefined {
  const choosable = choosableScopeColumns(permission);
  if ([...choosable].some((column) => values[column] !== undefined && values[column] !== null)) return {};
  const own = permission.paths.find((path) => path.length === 1);
  if (!own || (permission.scope !== 'contact' && permission.scope !== 'account')) return undefined;
  return stampFor(entity, own[0]!.column, permission.scope, anchor);
}
