/**
 * The audit log: two JSON lines per write attempt that reached a write handler, correlated by the
 * request id.
 *
 * - The **intent**, written before the request makes any call to Dataverse:
 *   `{"time","phase":"intent","requestId","user":{"sub","contactId","role"},"operation","entity","form","id"?,"fields"}`
 *   — who (token `sub`, contact id, role), what (operation, entity, form, record id when known, the
 *   names of the fields sent — never their values, which may be personal data), when. A new note
 *   (`addNote`, on the case's id) adds `notes` (the ids it writes) and `files` (name, size and
 *   SHA-256 of each attachment, so a file can later be matched to the request that sent it).
 * - The **outcome**, written when the attempt ended and before the response is sent: the same
 *   fields with `"phase":"outcome"`, plus `outcome`, `status`, `code` on failure and `replay` for a
 *   create that an earlier one with the same Idempotency-Key had already made.
 *
 * An intent with no outcome means the process stopped while the write was out: it may or may not
 * have been applied, and the intent says who tried what. The file is opened in append mode
 * (`O_APPEND`), so lines are only ever added; rotation is left to the operator's tools. Each line is
 * one synchronous `write` (tens of µs): once it returns, the line is the operating system's to keep,
 * so a crash of the process right after cannot lose it.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export type AuditOperation =
  'create' | 'update' | 'delete' | 'assign' | 'resolve' | 'cancel' | 'reopen' | 'addNote';
export type AuditOutcome = 'success' | 'conflict' | 'not_found' | 'denied' | 'invalid' | 'busy' | 'error';

/** Who is writing what: the part the intent and the outcome line share. */
export interface AuditIntent {
  requestId: string;
  user: { sub: string; contactId: string; role: string };
  operation: AuditOperation;
  entity: string;
  form: string;
  /** Record id; for a refused create, absent. */
  id?: string;
  /** Names of the fields the request tried to write. */
  fields: string[];
  /** A new note's files: name, size in bytes and SHA-256 (hex) of each, never their content. */
  files?: Array<{ name: string; size: number; sha256: string }>;
  /** The ids of the notes an addNote writes (derived from its Idempotency-Key before any call). */
  notes?: string[];
}

/** How a write attempt ended. */
export interface AuditEntry extends AuditIntent {
  outcome: AuditOutcome;
  status: number;
  /** Error code when the outcome is not success. */
  code?: string;
  /** A create or note answered with what an earlier request with the same Idempotency-Key made: nothing was written, so `fields` is empty. */
  replay?: true;
}

export type AuditPhase = 'intent' | 'outcome';

export interface AuditLog {
  /** Before the first upstream call of a write: who is about to write what. */
  intent(entry: AuditIntent): void;
  /** When the write attempt has ended, whatever the result. */
  outcome(entry: AuditEntry): void;
  close(): Promise<void>;
}

export function outcomeOf(status: number): AuditOutcome {
  if (status < 300) return 'success';
  if (status === 412 || status === 409) return 'conflict';
  if (status === 404) return 'not_found';
  if (status === 401 || status === 403) return 'denied';
  if (status === 400 || status === 415 || status === 413 || status === 428) return 'invalid';
  if (status === 503 || status === 429) return 'busy';
  return 'error';
}

export function openAuditLog(path: string, onError: (error: Error) => void): AuditLog {
  mkdirSync(dirname(path), { recursive: true });
  let fd: number | undefined = openSync(path, 'a', 0o600);
  const append = (phase: AuditPhase, entry: AuditIntent) => {
    if (fd === undefined) return;
    try {
      writeSync(fd, `${JSON.stringify({ time: new Date().toISOString(), phase, ...entry })}\n`);
    } catch (error) {
      onError(error as Error);
    }
  };
  return {
    intent: (entry) => append('intent', entry),
    outcome: (entry) => append('outcome', entry),
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      return Promise.resolve();
    },
  };
}
