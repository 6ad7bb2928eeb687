/** Case state attacks: actions whose precondition on the case's state does not hold. */
import { DEMO_IDS } from '../../testing/proxy-harness.js';
import { inState } from './support.js';
import type { Attack } from './support.js';

/** Actions whose precondition on the case's state does not hold: refused before anything is written. */
const stateAction = (
  name: string,
  user: 'alice' | 'vera',
  target: keyof typeof inState,
  action: string,
  body: unknown,
): Attack => ({
  name,
  method: action === 'save' ? 'PATCH' : 'POST',
  path: () =>
    `/api/v1/forms/case-edit/records/${inState[target].id}${action === 'save' ? '' : `/actions/${action}`}`,
  options: () => Promise.resolve({ as: user, body, headers: { 'If-Match': inState[target].etag } }),
  status: 409,
  code: 'PORTICO_RECORD_STATE',
});

export const stateAttacks: Attack[] = [
  stateAction(
    "customer reopens her active case on hold, resetting the agent's status reason",
    'alice',
    'aliceOnHold',
    'reopen',
    {},
  ),
  stateAction('customer saves a cancelled case', 'alice', 'aliceCancelled', 'save', {
    values: { title: 'Edited after cancel' },
  }),
  stateAction('customer cancels an already cancelled case', 'alice', 'aliceCancelled', 'cancel', {}),
  stateAction('agent assigns a resolved case', 'vera', 'veraResolved', 'assign', {
    owner: { id: DEMO_IDS.teams.escalations, type: 'team' },
  }),
  stateAction('agent resolves a cancelled case', 'vera', 'veraCancelled', 'resolve', { resolution: 'Done' }),
  stateAction('agent cancels a resolved case', 'vera', 'veraResolved', 'cancel', {}),
  stateAction('agent saves a resolved case', 'vera', 'veraResolved', 'save', {
    values: { title: 'Edited after resolve' },
  }),
];
