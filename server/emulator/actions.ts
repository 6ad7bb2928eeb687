/**
 * The functions and actions the emulator serves besides table operations: WhoAmI, CloseIncident
 * and RetrieveUserPrivileges.
 */
import { randomUUID } from 'node:crypto';
import { q } from './db.js';
import { DEMO_IDS } from './demo-ids.js';
import { errors } from './errors.js';
import { isoSeconds, normalizeGuid } from './format.js';
import { MODEL, nameGuid } from './metadata/model.js';
import { checkStatus } from './case-rules.js';
import type { Store } from './store.js';
import { JSON_TYPE, jsonResponse, parseJsonObject, type EmuRequest, type EmuResponse } from './wire.js';
import { insertRow } from './write.js';

/** https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami */
export function whoAmI(store: Store, req: EmuRequest): EmuResponse {
  return jsonResponse(200, {
    '@odata.context': `${req.root}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    BusinessUnitId: DEMO_IDS.businessUnit,
    UserId: store.caller(req),
    OrganizationId: DEMO_IDS.organization,
  });
}

/**
 * The integration user's privileges (everyone else has none)
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/retrieveuserprivileges).
 */
export function userPrivileges(root: string, userId: string, privileges: readonly string[]): EmuResponse {
  const mine = userId.toLowerCase() === DEMO_IDS.integrationUser;
  return {
    status: 200,
    headers: { 'Content-Type': JSON_TYPE },
    body: JSON.stringify({
      '@odata.context': `${root}$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse`,
      RolePrivileges: (mine ? privileges : []).map((name) => ({
        Depth: 'Global',
        PrivilegeId: nameGuid(`privilege:${name}`),
        BusinessUnitId: DEMO_IDS.businessUnit,
        PrivilegeName: name,
      })),
    }),
  };
}

interface CloseIncidentParameters {
  resolution: Record<string, unknown>;
  status: number;
  incidentId: string;
}

/** The CloseIncident payload: exactly `IncidentResolution` (binding the case) and `Status`. */
function readCloseIncident(req: EmuRequest): CloseIncidentParameters {
  const body = parseJsonObject(req.body, 'CloseIncident');
  const resolution = body['IncidentResolution'];
  const status = body['Status'];
  for (const key of Object.keys(body)) {
    if (key !== 'IncidentResolution' && key !== 'Status')
      throw errors.payload(
        'CloseIncident',
        `The parameter '${key}' in the request payload is not a valid parameter for the operation 'CloseIncident'.`,
      );
  }
  if (resolution === null || typeof resolution !== 'object' || Array.isArray(resolution)) {
    throw errors.payload(
      'CloseIncident',
      "The parameter 'IncidentResolution' is required and must be an incidentresolution entity.",
    );
  }
  if (typeof status !== 'number' || !Number.isInteger(status)) {
    throw errors.payload('CloseIncident', "The parameter 'Status' is required and must be an Edm.Int32.");
  }
  const res = resolution as Record<string, unknown>;
  const bind = res['incidentid@odata.bind'];
  const mm = typeof bind === 'string' ? /incidents\(([^()]*)\)$/.exec(bind.trim()) : null;
  const contentRef = typeof bind === 'string' ? /^\$(\w+)$/.exec(bind.trim()) : null;
  const refPath = contentRef ? req.contentIds?.get(contentRef[1]!) : undefined;
  const refMatch = refPath ? /incidents\(([^()]*)\)$/.exec(refPath) : null;
  const rawId = mm?.[1] ?? refMatch?.[1];
  const incidentId = rawId ? normalizeGuid(rawId) : undefined;
  if (!incidentId)
    throw errors.payload(
      'incidentresolutions',
      "IncidentResolution must bind the case with 'incidentid@odata.bind': '/incidents(<id>)'.",
    );
  return { resolution: res, status, incidentId };
}

/**
 * CloseIncident: creates the incidentresolution activity and resolves the case in one transaction
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/closeincident).
 */
export function closeIncident(store: Store, req: EmuRequest): EmuResponse {
  const { resolution: res, status, incidentId } = readCloseIncident(req);
  const incidentModel = MODEL.byLogicalName('incident')!;
  const resolutionModel = MODEL.byLogicalName('incidentresolution')!;
  store.transaction(() => {
    const incident = store.existingRow(incidentModel, incidentId);
    if (incident['statecode'] === 1) throw errors.caseAlreadyResolved();
    if (incident['statecode'] === 2) {
      throw errors.invalidArgument(
        'The case is canceled and cannot be resolved. Reactivate it (statecode 0) first.',
      );
    }
    checkStatus(incidentModel, incidentId, 1, status);
    const activityId =
      typeof res['activityid'] === 'string' ? normalizeGuid(res['activityid']) : randomUUID();
    if (!activityId)
      throw errors.payload('incidentresolutions', "The value of 'activityid' is not a valid GUID.");
    const payload = { ...res };
    delete payload['activityid'];
    insertRow(store, req, resolutionModel, activityId, payload);
    const closedAt = isoSeconds(store.now());
    store
      .stmt(
        `UPDATE ${q('incidentresolution')} SET statecode = 1, statuscode = 2, versionnumber = ? WHERE activityid = ?`,
      )
      .run(store.counters.nextVersion(), activityId);
    store
      .stmt(
        `UPDATE ${q('incident')} SET statecode = 1, statuscode = ?, modifiedon = ?, modifiedby = ?, versionnumber = ? WHERE incidentid = ?`,
      )
      .run(status, closedAt, store.caller(req), store.counters.nextVersion(), incidentId);
  });
  return { status: 204, headers: {} };
}
