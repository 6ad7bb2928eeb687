/**
 * `GET /forms/:formId/lookups/:field?search=` — the records a user may choose for a lookup field the
 * form lets them write: each target table's records within the caller's scope for that table, only
 * their primary name and id. A lookup that decides the record's own scope (a chosen scope lookup,
 * routes/scope-lookups.ts) offers what leads into that scope instead: for an agent's case customer,
 * his account and its contacts. Nothing is cached: candidates are personal data of one user's scope.
 * The write re-checks the chosen value (RecordService.payload), so this list is a convenience, never
 * a permission.
 */
import type { RequestHandler } from 'express';
import type { LookupCandidate, LookupCandidatesResponse } from '../../api/contract.js';
import type { Permission, Registry } from '../../config/types.js';
import { currentUser } from '../context.js';
import type { Context } from '../context.js';
import type { PorticoUser } from '../identity/resolve.js';
import { and, guidLiteral, identifier, likeLiteral, or, queryString } from '../odata/index.js';
import { pathFilter } from '../policy/index.js';
import { isLookup } from '../records.js';
import { upstreamFailure } from '../upstream-errors.js';
import { searchText } from './forms.js';
import { choosableScopeColumns } from './scope-lookups.js';
import { formFor, refuse, scopeFor } from './shared.js';
import type { Refusal } from './spec.js';

/** A field name that is no choosable lookup of the form for the caller. */
export const LOOKUP_REFUSAL: Refusal = {
  code: 'PORTICO_LOOKUP_NOT_FOUND',
  message: (field) => `This form has no lookup "${String(field).slice(0, 64)}" that you can choose.`,
};

/** Candidates per table: enough for a type-ahead, where the user narrows by typing. */
const TOP = 10;

interface Table {
  set: string;
  key: string;
  name: string;
}

/** Standard tables a scope path may lead to without an entity schema of their own. */
const STANDARD_TABLES: Record<string, Table> = {
  account: { set: 'accounts', key: 'accountid', name: 'name' },
  contact: { set: 'contacts', key: 'contactid', name: 'fullname' },
};

function tableOf(registry: Registry, logicalName: string): Table | undefined {
  const entity = registry.entities.get(logicalName);
  if (entity) return { set: entity.entitySet, key: entity.primaryKey, name: entity.primaryName };
  return Object.hasOwn(STANDARD_TABLES, logicalName) ? STANDARD_TABLES[logicalName] : undefined;
}

/**
 * The `$filter` of what may be chosen from `table` for `field`, or undefined when nothing may be.
 * A chosen scope lookup: the records from which a path starting with this lookup reaches the anchor.
 * Any other lookup: the caller's own scope on the target table (no read privilege: nothing).
 */
async function candidateScope(
  ctx: Context,
  user: PorticoUser,
  permission: Permission,
  field: string,
  table: string,
  key: string,
): Promise<string | null | undefined> {
  if (choosableScopeColumns(permission).has(field)) {
    const registry = ctx.registry();
    const own = registry.entities.get(permission.entity);
    const scope = own ? await scopeFor(ctx, permission, own, user) : { kind: 'none' as const };
    if (scope.kind === 'none') return undefined;
    const paths = permission.paths.filter((p) => p[0]!.column === field && p[0]!.table === table);
    if (paths.length === 0) return undefined;
    return or(
      ...paths.map((p) =>
        p.length === 1
          ? `${identifier(key)} eq ${guidLiteral(scope.anchor)}`
          : pathFilter(p.slice(1), scope.anchor),
      ),
    );
  }
  const entity = ctx.registry().entities.get(table);
  const target = entity ? ctx.registry().permission(user.role, table) : undefined;
  if (!entity || !target?.privileges.has('read')) return undefined;
  const scope = await scopeFor(ctx, target, entity, user);
  return scope.kind === 'none' ? undefined : scope.filter;
}

export function formLookups(ctx: Context): RequestHandler {
  return async function porticoLookups(req, res) {
    const user = currentUser(res);
    const { roleForm, entity } = formFor(ctx, String(req.params.formId), user);
    const field = String(req.params.field);
    const column = entity.columns.get(field);
    if (!column || !roleForm.writable.includes(field) || !isLookup(column) || column.type === 'Owner')
      throw refuse(LOOKUP_REFUSAL, field);
    const search = searchText(req.query.search);
    const value: LookupCandidate[] = [];
    for (const table of Object.keys(column.targets ?? {})) {
      const meta = tableOf(ctx.registry(), table);
      if (!meta) continue;
      const scope = await candidateScope(ctx, user, roleForm.permission, field, table, meta.key);
      if (scope === undefined) continue;
      const filter = and(scope, search ? `contains(${identifier(meta.name)},${likeLiteral(search)})` : null);
      const upstream = await ctx.upstream.request({
        method: 'GET',
        path: `${identifier(meta.set)}${queryString({
          select: [meta.key, meta.name],
          filter,
          orderby: [{ column: meta.name, direction: 'asc' }],
          top: TOP,
        })}`,
      });
      if (upstream.status !== 200) throw upstreamFailure(upstream, {});
      const rows = ((upstream.body as { value?: unknown }).value ?? []) as Array<Record<string, unknown>>;
      for (const row of rows)
        value.push({ id: String(row[meta.key]).toLowerCase(), name: String(row[meta.name] ?? ''), table });
    }
    value.sort((a, b) => a.name.localeCompare(b.name));
    const body: LookupCandidatesResponse = { value };
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(body);
  };
}
