/**
 * Form definitions, their validator modules and the owners a role may assign to.
 */
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import type { FormDefinitionResponse, OwnersResponse } from '../../api/contract.js';
import { currentUser } from '../context.js';
import type { Context } from '../context.js';
import { PorticoError } from '../errors.js';
import { guidLiteral, or, queryString } from '../odata/index.js';
import { requirePrivilege } from '../policy/index.js';
import { upstreamFailure } from '../upstream-errors.js';
import { sendConditional, sendDefinition } from './conditional.js';
import { formFor, refuse } from './shared.js';
import type { Refusal } from './spec.js';

/**
 * The registry version restarts at 1 with every process, so on its own it cannot name a module
 * for a year-long immutable cache: after a restart with edited schemas, `v=1` would mean different
 * code. A per-process epoch makes every `v` unique to the content this process compiled.
 */
const EPOCH = randomBytes(6).toString('base64url');
const moduleVersion = (registryVersion: number): string => `${EPOCH}.${registryVersion}`;

type Owner = OwnersResponse['value'][number];

/** `search` of a type-ahead (owners, lookup candidates) given more than once. */
export const OWNER_SEARCH_REFUSAL: Refusal = {
  code: 'PORTICO_QUERY_INVALID',
  message: () => '"search" may be given once.',
};

/** `role` of a validator module missing or not a role name. */
export const MODULE_ROLE_REFUSAL: Refusal = {
  code: 'PORTICO_FORM_NOT_FOUND',
  message: () => 'Give the role the module is for: ?role=<role>.',
};

/** `GET /forms/:formId`: the definition as the caller's role sees it, with its validator's URL. */
export function formDefinition(ctx: Context): RequestHandler {
  return function porticoFormDefinition(req, res) {
    const user = currentUser(res);
    const { form, roleForm } = formFor(ctx, String(req.params.formId), user);
    const version = moduleVersion(ctx.registry().version);
    const validator = `${ctx.publicUrl()}/api/v1/forms/${encodeURIComponent(form.id)}/validator.js?role=${encodeURIComponent(user.role)}&v=${version}`;
    sendDefinition(req, res, roleForm.definition, validator, (): FormDefinitionResponse => ({
      ...roleForm.definition,
      validator,
    }));
  };
}

/** `GET /forms/:formId/owners?search=`: the owners this role may assign records of the form to. */
export function formOwners(ctx: Context): RequestHandler {
  // Owner names change rarely; caching them makes the owners endpoint free on a warm cache.
  const ownerNames = new LRUCache<string, Owner[]>({ max: 200, ttl: 5 * 60_000 });
  return async function porticoOwners(req, res) {
    const user = currentUser(res);
    const { roleForm } = formFor(ctx, String(req.params.formId), user);
    if (!roleForm.definition.actions.some((a) => a.id === 'assign')) {
      throw new PorticoError('PORTICO_ACCESS_DENIED', 'This form does not offer "assign" to you.');
    }
    requirePrivilege(roleForm.permission, 'assign', 'assign these records');
    const search = searchText(req.query.search).toLowerCase();
    const role = ctx.registry().roles.get(user.role);
    const teams = role?.assignTo.teams ?? [];
    const users = role?.assignTo.users ?? [];
    const key = `${ctx.registry().version}:${user.role}`;
    let owners = ownerNames.get(key);
    if (!owners) {
      owners = [
        ...(await names(ctx, 'teams', 'teamid', 'name', teams, 'team')),
        ...(await names(ctx, 'systemusers', 'systemuserid', 'fullname', users, 'systemuser')),
      ];
      ownerNames.set(key, owners);
    }
    const value = search ? owners.filter((o) => o.name.toLowerCase().includes(search)) : owners;
    const body: OwnersResponse = { value };
    res.json(body);
  };
}

/**
 * The `search` of a type-ahead, trimmed (given at most once: the route's query schema has checked
 * it), at most 100 characters and without control characters, or `''`.
 */
export function searchText(raw: unknown): string {
  const search = typeof raw === 'string' ? raw.trim() : '';
  if (search.length > 100)
    throw new PorticoError('PORTICO_QUERY_INVALID', '"search" may be at most 100 characters.');
  if (/[\u0000-\u001f\u007f]/.test(search))
    throw new PorticoError('PORTICO_QUERY_INVALID', '"search" may not contain control characters.');
  return search;
}

async function names(
  ctx: Context,
  set: string,
  key: string,
  nameColumn: string,
  ids: readonly string[],
  type: Owner['type'],
): Promise<Owner[]> {
  if (ids.length === 0) return [];
  const filter = or(...ids.map((id) => `${key} eq ${guidLiteral(id)}`));
  const res = await ctx.upstream.request({
    method: 'GET',
    path: `${set}${queryString({ select: [key, nameColumn], filter })}`,
  });
  if (res.status !== 200) throw upstreamFailure(res, {});
  const rows = ((res.body as { value?: unknown }).value ?? []) as Array<Record<string, unknown>>;
  return rows
    .map((row) => ({ id: String(row[key]).toLowerCase(), type, name: String(row[nameColumn] ?? '') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * `GET /api/v1/forms/:formId/validator.js?role=<role>&v=<version>` — public, because a host page
 * loads it with `import()`, which cannot send an Authorization header. It reveals only the
 * validation rules of the fields the role may write (the same facts the form definition gives).
 * The URL carries the process epoch and registry version, so a matching `v` is cached for a year; an old `v`
 * gets the current module with revalidation.
 */
export function validatorModule(ctx: Context): RequestHandler {
  return function porticoValidatorModule(req, res) {
    // A role name, given once: the route's query schema has checked it.
    const role = String(req.query.role);
    const registry = ctx.registry();
    if (!registry.roles.has(role)) throw refuse(MODULE_ROLE_REFUSAL, role);
    const { roleForm } = formFor(ctx, String(req.params.formId), { sub: '', role, contactId: '' });
    res.setHeader(
      'Cache-Control',
      req.query.v === moduleVersion(registry.version)
        ? 'public, max-age=31536000, immutable'
        : 'public, no-cache',
    );
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    sendConditional(req, res, roleForm.validatorModule);
  };
}
