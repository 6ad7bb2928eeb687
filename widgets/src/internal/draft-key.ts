// Apart from draft.ts so that it travels with the code that saves (the form's chunk) rather than
// with every page's entry.

/**
 * The `Idempotency-Key` of the create this draft becomes: made on the first send and kept with the
 * draft until it is cleared, so a retry after a lost answer — or a resubmit after a reload — sends
 * the same key and the server answers with the record the first send created instead of a second.
 * Like the draft, it is not kept where storage is blocked: each send then has its own key, as
 * without one. 128 random bits as 16 byte values joined by `-` (31–63 characters, within the
 * server's 16–128) from `crypto.getRandomValues`, which unlike `crypto.randomUUID` also works on a
 * host page served over plain http
 * (https://developer.mozilla.org/docs/Web/API/Crypto/randomUUID: secure contexts only).
 */
export function draftKey(at: string): string {
  at += '|id';
  let v = crypto.getRandomValues(new Uint8Array(16)).join('-');
  try {
    v = sessionStorage.getItem(at) || (sessionStorage.setItem(at, v), v);
  } catch {
    /* storage unavailable: this send's own key */
  }
  return v;
}
