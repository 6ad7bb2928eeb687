/**
 * The record actions behind `POST /forms/:formId/records/:id/actions/:action`, as one table: what
 * each accepts, which fields its audit line names, whether it applies to cases only, and how it
 * runs. Each action's precondition on the record's state lives with the form (its `when`, plus
 * Dynamics' Case state model: see config/compile.ts) and is checked here before anything is sent.
 *
 * Upstream calls on warm caches: assign 1, cancel 1, reopen 1, resolve 3 (CloseIncident cannot
 * carry If-Match, so a read checks version and state first and a read returns the result).
 */
import type { AssignRequest, RecordResponse, ResolveRequest } from '../../api/contract.js';
import type { EntityInfo } from '../../config/types.js';
import type { Context } from '../context.js';
import { guidLiteral, identifier } from '../odata/index.js';
import type { VerifiedVersion } from '../policy/tokens.js';
import { stateOf } from '../records.js';
import { upstreamFailure } from '../upstream-errors.js';
import type { RecordService } from './record-service.js';
import { notFoundRecord } from './shared.js';
import type { Refusal } from './spec.js';
import { refusedProperty } from './validate.js';

export const CASE_ACTION_NAMES = ['assign', 'resolve', 'cancel', 'reopen'] as const;
export type CaseActionName = (typeof CASE_ACTION_NAMES)[number];

/** The answer to an action name that is none of the above. */
export const ACTION_REFUSAL: Refusal = {
  code: 'PORTICO_ACTION_NOT_FOUND',
  message: (name) =>
    `There is no action "${String(name).slice(0, 32)}"; use assign, resolve, cancel or reopen.`,
};

/** Each action's body, by the name of its schema in server/api/schemas.ts. */
export const CASE_ACTION_BODIES = {
  assign: 'AssignRequest',
  resolve: 'ResolveRequest',
  cancel: 'CancelRequest',
  reopen: 'ReopenRequest',
} as const satisfies Record<CaseActionName, string>;

interface CaseAction {
  /** Columns the action changes, for the audit line. */
  fields: readonly string[];
  /** Applies to cases (incident) only; assign applies to any table with an owner. */
  casesOnly: boolean;
  /**
   * Runs the action once the form, privilege, body (its schema) and version are checked; checks its own
   * precondition (all but resolve do so on the version's state, before any upstream call).
   */
  run(
    service: RecordService,
    ctx: Context,
    id: string,
    version: VerifiedVersion,
    body: Record<string, unknown>,
  ): Promise<RecordResponse>;
}

/** The first status option belonging to `state`, from the entity schema (so admins' status sets are honoured). */
function defaultStatus(entity: EntityInfo, state: number): number | undefined {
  return entity.columns.get('statuscode')?.options?.find((o) => o.state === state)?.value;
}

/** Cancel and reopen: a PATCH of state and status reason, with If-Match. */
function moveTo(action: 'cancel' | 'reopen', state: number, fallbackStatus: number): CaseAction {
  return {
    fields: ['statecode', 'statuscode'],
    casesOnly: true,
    async run(service, _ctx, id, version) {
      await service.requireState(id, action, version.state);
      const target = { statecode: state, statuscode: defaultStatus(service.entity, state) ?? fallbackStatus };
      return service.write(id, version.etag, target, {
        columns: ['statecode', 'statuscode'],
        values: target,
      });
    },
  };
}

/**
 * The owner a body names (its shape checked by the `AssignRequest` schema), if it is one of the
 * owners this role may assign to; else a 400 on /owner in the schema's words.
 */
function allowedOwner(ctx: Context, role: string, owner: AssignRequest['owner']): AssignRequest['owner'] {
  const allowed = ctx.registry().roles.get(role)?.assignTo;
  const list = owner.type === 'team' ? allowed?.teams : allowed?.users;
  const id = owner.id.toLowerCase();
  if (!list?.some((g) => g.toLowerCase() === id)) throw refusedProperty('AssignRequest', 'owner');
  return { id, type: owner.type };
}

export const CASE_ACTIONS: Record<CaseActionName, CaseAction> = {
  assign: {
    fields: ['ownerid'],
    casesOnly: false,
    async run(service, ctx, id, version, body) {
      await service.requireState(id, 'assign', version.state);
      const owner = allowedOwner(ctx, service.user.role, (body as unknown as AssignRequest).owner);
      const bind = {
        'ownerid@odata.bind': `/${owner.type === 'team' ? 'teams' : 'systemusers'}(${guidLiteral(owner.id)})`,
      };
      return service.write(id, version.etag, bind, { columns: ['ownerid'], values: { ownerid: owner.id } });
    },
  },
  cancel: moveTo('cancel', 2, 6),
  reopen: moveTo('reopen', 0, 1),
  resolve: {
    fields: ['statecode', 'statuscode'],
    casesOnly: true,
    async run(service, ctx, id, version, body) {
      const { resolution } = body as unknown as ResolveRequest;
      // CloseIncident cannot carry If-Match, so scope, version and state are checked on a read first.
      const before = await service.read(id);
      if (!before) throw notFoundRecord();
      if (before['@odata.etag'] !== version.etag) throw await service.conflict(id);
      await service.requireState(id, 'resolve', stateOf(service.entity, before));
      const { entity } = service;
      const closed = await ctx.upstream.request({
        method: 'POST',
        path: 'CloseIncident',
        body: {
          IncidentResolution: {
            subject: resolution.trim(),
            'incidentid@odata.bind': `/${identifier(entity.entitySet)}(${guidLiteral(id)})`,
          },
          Status: defaultStatus(entity, 1) ?? 5,
        },
      });
      if (closed.status !== 204 && closed.status !== 200) throw upstreamFailure(closed, { entity });
      const after = await service.read(id);
      if (!after) throw notFoundRecord();
      return service.respond(after);
    },
  },
};
