/**
 * The audit log: one JSON line per write attempt that reached a write handler — who (token `sub`
 * and contact id), what (entity, record id, operation, the names of the fields sent — never their
 * values, which may be personal data), when, the outcome and the request id. The file is opened in
 * append mode (`O_APPEND`), so lines are only ever added; rotation is left to the operator's tools.
 * Each line is written synchronously before the response is sent: a crash right after answering
 * cannot lose the record of a write the user was told about (one small append, tens of µs).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export type AuditOperation = 'create' | 'update' | 'delete' | 'assign' | 'resolve' | 'cancel' | 'reopen';
export type AuditOutcome = 'success' | 'conflict' | 'not_found' | 'denied' | 'invalid' | 'busy' | 'error';

export interface AuditEntry {
  requestId: string;
  user: { sub: string; contactId: string; role: string };
  operation: AuditOperation;
  entity: string;
  form: string;
  /** Record id; for a refused create, absent. */
  id?: string;
  /** Names of the fields the request tried to write. */
  fields: string[];
  outcome: AuditOutcome;
  status: number;
  /** Error code when the outcome is not success. */
  code?: string;
  /** A create answered with the record an earlier request with the same Idempotency-Key made: nothing was written, so `fields` is empty. */
  replay?: true;
}

export interface AuditLog {
  write(entry: AuditEntry): void;
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
  return {
    write(entry) {
      if (fd === undefined) return;
      try {
        writeSync(fd, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
      } catch (error) {
        onError(error as Error);
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      return Promise.resolve();
    },
  };
}
