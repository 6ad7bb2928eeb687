/**
 * `Idempotency-Key` on create: a browser that resubmits a create whose answer was lost must not get
 * a second record. The server already creates with a server-chosen id and `If-None-Match: *`
 * (Microsoft Learn, "Perform conditional operations using the Web API", section "Limit upsert
 * operations": https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api),
 * so the same id twice yields 412 instead of a duplicate. With a key, that id is not random but
 * derived — a UUID v5 of (user `sub`, form id, key) in a namespace only this server knows — so the
 * browser's retry lands on the same id and is answered with the record the first send created.
 * Another user sending the same key gets another id; without the signing secret nobody can
 * predict an id from a key.
 */
import { createHmac } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { PorticoError } from './errors.js';

/** The header's accepted form: 16–128 characters of letters, digits, `_` and `-`. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export interface IdempotentIds {
  /** The key of a request, undefined when absent; a malformed one throws `PORTICO_IDEMPOTENCY_KEY_INVALID`. */
  keyOf(header: string | string[] | undefined): string | undefined;
  /** The record id for this user, form and key: the same inputs always give the same id. */
  recordId(sub: string, formId: string, key: string): string;
  /** The ids of the `count` notes one add writes on a case: per user, form, case and key. */
  noteIds(sub: string, formId: string, caseId: string, key: string, count: number): string[];
}

/**
 * @param signingSecret the server's signing secret (`PORTICO_SIGNING_SECRET`). The namespace is an
 *   HMAC of it, so it stays secret even if ids leak. A generated secret changes at restart, and with
 *   it every derived id: a retry across a restart then creates a new record.
 */
export function idempotentIds(signingSecret: string): IdempotentIds {
  if (typeof signingSecret !== 'string' || signingSecret.length === 0)
    throw new TypeError(
      'idempotentIds: signingSecret must be a non-empty string (the server signing secret).',
    );
  const namespace = Uint8Array.from(
    createHmac('sha256', signingSecret).update('portico idempotency namespace v1').digest().subarray(0, 16),
  );
  return {
    keyOf(header) {
      if (header === undefined) return undefined;
      // Node joins a repeated custom header with ", ", which the pattern refuses: one key per request.
      if (typeof header !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(header))
        throw new PorticoError(
          'PORTICO_IDEMPOTENCY_KEY_INVALID',
          'The Idempotency-Key header must be 16 to 128 characters of letters, digits, "_" and "-".',
        );
      return header;
    },
    recordId(sub, formId, key) {
      // JSON keeps the three parts apart: ("a|b", "c") and ("a", "b|c") never collide.
      return uuidv5(JSON.stringify([sub, formId, key]), namespace);
    },
    noteIds(sub, formId, caseId, key, count) {
      // A note's inputs have one more part than a record's, so the two can never give the same id.
      return Array.from({ length: count }, (_, i) =>
        uuidv5(JSON.stringify([sub, formId, caseId, key, i]), namespace),
      );
    },
  };
}
