/**
 * The one place where a verified token's claims become values Portico uses. It runs right after
 * verification and before any look-up, so nothing downstream (OData literals, the audit log, rate
 * limit keys, the idempotency namespace, a new contact's name) ever sees a claim of the wrong type
 * or one holding characters no identifier has.
 *
 * - Identifiers — `sub`, the role, the contact id and the email — must be strings free of control
 *   characters, unpaired surrogates and invisible formatting characters (bidi overrides, zero-width
 *   spaces: they make two different ids print alike in logs). Anything else is refused with 401
 *   `PORTICO_AUTH_CLAIM_INVALID` naming the claim. Whether the value names something (a configured
 *   role, a GUID, an address) is the resolver's question, answered with its own codes.
 * - Display names (`given_name`, `family_name`, `name`; used only to create a contact) are cleaned
 *   instead: another type counts as absent, control characters and unpaired surrogates are dropped.
 * - A claim that is `null` counts as absent.
 */
import type { JWTPayload } from 'jose';
import { PorticoError } from '../errors.js';

export interface ClaimNames {
  contactClaim: string;
  emailClaim: string;
  roleClaim: string;
}

export interface UserClaims {
  sub: string;
  role: string | undefined;
  contactId: string | undefined;
  email: string | undefined;
  givenName: string | undefined;
  familyName: string | undefined;
  name: string | undefined;
}

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Unicode format characters (Cf): bidi embeddings, overrides and isolates, zero-width characters, BOM.
const FORMAT = /\p{Cf}/u;

function refuse(claim: string, why: string): PorticoError {
  return new PorticoError(
    'PORTICO_AUTH_CLAIM_INVALID',
    `The token's "${claim.slice(0, 64)}" claim ${why}; the host site must fix the tokens it mints.`,
  );
}

/** An identifier claim: absent (undefined or null), or a string of plain printable characters. */
function identifier(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw refuse(claim, `must be a string, not ${describe(value)}`);
  if (CONTROL.test(value)) throw refuse(claim, 'contains control characters');
  if (LONE_SURROGATE.test(value)) throw refuse(claim, 'contains an unpaired surrogate');
  if (FORMAT.test(value)) throw refuse(claim, 'contains invisible formatting characters');
  return value;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A display name: cleaned, and absent when nothing printable is left. */
function displayName(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(CONTROLS, '').replace(LONE_SURROGATES, '').trim();
  return cleaned === '' ? undefined : cleaned;
}

/** The claims Portico reads, checked; throws `PORTICO_AUTH_CLAIM_INVALID` naming the first bad one. */
export function normaliseClaims(payload: JWTPayload, names: ClaimNames): UserClaims {
  const sub = identifier(payload, 'sub');
  // The verifier already requires a subject; this keeps the type honest if it ever stops.
  if (sub === undefined || sub === '') throw refuse('sub', 'is missing');
  return {
    sub,
    role: identifier(payload, names.roleClaim),
    contactId: identifier(payload, names.contactClaim),
    email: identifier(payload, names.emailClaim),
    givenName: displayName(payload, 'given_name'),
    familyName: displayName(payload, 'family_name'),
    name: displayName(payload, 'name'),
  };
}
