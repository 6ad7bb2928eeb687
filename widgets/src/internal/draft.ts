import type { RecordValues } from '../../../server/api/contract.js';

/**
 * Unsent input kept in sessionStorage (per tab, gone when the tab closes, so a shared computer does
 * not keep it), keyed by endpoint, form and record. Storage can be full or blocked (Safari private
 * mode, sandboxed iframes); then drafts are silently not kept — the form still works.
 */
const key = (endpoint: string, form: string, record: string): string =>
  `portico:draft:${endpoint}|${form}|${record || 'new'}`;

export function readDraft(endpoint: string, form: string, record: string): RecordValues | null {
  try {
    const s = sessionStorage.getItem(key(endpoint, form, record));
    const v: unknown = s ? JSON.parse(s) : null;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as RecordValues) : null;
  } catch {
    return null;
  }
}

export function writeDraft(
  endpoint: string,
  form: string,
  record: string,
  values: RecordValues | null,
): void {
  try {
    if (values) sessionStorage.setItem(key(endpoint, form, record), JSON.stringify(values));
    else sessionStorage.removeItem(key(endpoint, form, record));
  } catch {
    /* storage unavailable: no draft */
  }
}
