/**
 * The rules of state, status and the Case (incident) table that a plain column write does not
 * express: which status codes belong to which state, how a case may move between states by PATCH
 * (Resolved only through CloseIncident), its customer requirement and its case number.
 */
import { randomUUID } from 'node:crypto';
import type { Counters } from './db.js';
import { errors } from './errors.js';
import type { EntityModel } from './metadata/model.js';
import type { Changes, Row } from './store.js';

/** Whether the column is the Case's customer, which a case must always have. */
export function isCaseCustomer(m: EntityModel, logicalName: string): boolean {
  return m.def.logicalName === 'incident' && logicalName === 'customerid';
}

/** `CAS-01001-A1B2C3`: a sequence plus a short random suffix, like the default auto-numbering. */
export function ticketNumber(counters: Counters): string {
  const n = counters.nextTicket();
  const suffix = randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase();
  return `CAS-${String(n).padStart(5, '0')}-${suffix}`;
}

/** A status code must be one of those the state allows. */
export function checkStatus(m: EntityModel, id: string, state: number, status: number): void {
  const statusAttr = m.attributes.get('statuscode')!;
  const option = statusAttr.options?.find((o) => o.value === status);
  if (option?.state !== state) {
    const stateLabel =
      m.attributes.get('statecode')!.options?.find((o) => o.value === state)?.invariantName ?? String(state);
    throw errors.invalidStatus(status, stateLabel, m.def.schemaName, m.def.logicalName, id);
  }
}

/** A new case needs a customer, and gets a case number unless the payload brought one. */
export function newCaseRules(counters: Counters, m: EntityModel, changes: Changes): void {
  if (m.def.logicalName !== 'incident') return;
  if (!changes.get('customerid')) throw errors.customerMissing();
  if (!changes.get('ticketnumber')) changes.set('ticketnumber', ticketNumber(counters));
}

/** An update may not take a case's customer away. */
export function caseUpdateRules(m: EntityModel, changes: Changes): void {
  if (m.def.logicalName === 'incident' && changes.has('customerid') && !changes.get('customerid'))
    throw errors.customerMissing();
}

/**
 * statecode/statuscode changes by PATCH. Cases: Resolved only through CloseIncident; cancel (2/6)
 * and reactivate (0/1) by PATCH; a closed case accepts no other change until reactivated
 * (https://learn.microsoft.com/dynamics365/customerengagement/on-premises/developer/entities/incident).
 */
export function stateTransition(m: EntityModel, id: string, existing: Row, changes: Changes): void {
  const statusAttr = m.attributes.get('statuscode')!;
  const stateAttr = m.attributes.get('statecode')!;
  let state = changes.get('statecode') as number | undefined;
  const status = changes.get('statuscode') as number | undefined;
  if (state === undefined && status !== undefined && status !== null) {
    state = statusAttr.options?.find((o) => o.value === status)?.state;
  }
  const isIncident = m.def.logicalName === 'incident';
  if (isIncident && state === 1) throw errors.resolveViaPatch();
  if (isIncident && existing['statecode'] !== 0 && state !== 0) {
    throw errors.invalidArgument(
      `The case is ${existing['statecode'] === 1 ? 'resolved' : 'canceled'} and cannot be changed. Reactivate it (statecode 0) first.`,
    );
  }
  if (state === undefined) return;
  changes.set('statecode', state);
  if (status === undefined || status === null) {
    changes.set('statuscode', stateAttr.options?.find((o) => o.value === state)?.defaultStatus ?? null);
  } else checkStatus(m, id, state, status);
}
