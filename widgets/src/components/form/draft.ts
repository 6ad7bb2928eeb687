import type { ReactiveController } from 'lit';
import type { RecordValues } from '../../../../server/api/contract.js';
import { endpoint } from '../../internal/api.js';
import { draftAt, readDraft, writeDraft } from '../../internal/draft.js';
import { sameValue } from '../../internal/values.js';
import type { FormHost } from './host.js';

/**
 * The form's unsent input (internal/draft.ts keeps it in sessionStorage): written after every input
 * (the form's own listener, inside its shadow root, has taken the value by the time the event
 * reaches the host), offered back after a reload when it differs from the record, cleared once sent
 * or replaced, and the source of a create's `Idempotency-Key`. Part of the form's chunk, so a page's
 * first input does not wait for this code: a record form's chunk loads beside its requests and
 * reads the draft while they are out; a new record's draft is offered just after the first render.
 */
export class DraftController implements ReactiveController {
  #host: FormHost;
  /** Where this form's draft is kept: per endpoint, form and record. */
  #at = '';
  /** Unsent input from an earlier visit that differs from the record, offered back. */
  #offered: RecordValues | null = null;
  /** The definition whose record the stored draft was last offered for. */
  #def?: object;
  /** The stored draft of `#of`, read but not offered yet. */
  #stored?: Promise<RecordValues | null>;
  /** The form and record of `#at`. */
  #of = '';

  constructor(host: FormHost) {
    this.#host = host;
    host.addController(this);
  }

  // Added once per connection; the same listener twice is one listener, and an element that is not
  // connected gets no input.
  hostConnected(): void {
    this.#host.addEventListener('input', this.#write);
  }

  hostUpdate(): void {
    const host = this.#host;
    const of = `${host.form}|${host.recordId}`;
    // Another record: nothing is written until its draft's place is known, and its stored draft is
    // read at once, while the form's requests are out (the form's chunk loads beside a record's).
    if (of !== this.#of) {
      [this.#of, this.#at] = [of, ''];
      this.#stored = this.#read();
    }
  }

  hostUpdated(): void {
    const host = this.#host;
    if (host.def && host.def !== this.#def && !host.waiting) {
      this.#def = host.def;
      const [of, stored] = [this.#of, this.#stored ?? this.#read()];
      this.#stored = undefined;
      void stored.then((values) => of === this.#of && this.offer(values));
    }
  }

  /**
   * Reads the stored draft of the form and record now set, in a task of its own (internal/draft.ts:
   * a page's first storage access waits on the browser).
   */
  async #read(): Promise<RecordValues | null> {
    const host = this.#host;
    const at = draftAt(await endpoint(), host.form, host.recordId);
    this.#at = at;
    const stored = await readDraft(at);
    // Input typed before this chunk was in is kept now, once the earlier visit's draft is read.
    if (Object.keys(host.changes()).length) this.#write();
    return stored;
  }

  /** Offers `stored` back when it differs from what the fields show. */
  offer(stored: RecordValues | null): void {
    const values = this.#host.values;
    this.#set(
      stored && Object.entries(stored).some(([name, value]) => !sameValue(value, values[name]))
        ? stored
        : null,
    );
  }

  /** Keeps what the user changed. */
  #write = (): void => {
    if (this.#at) writeDraft(this.#at, this.#host.changes());
  };

  /** Forgets the draft and its create key, and withdraws the offer. */
  clear(): void {
    writeDraft(this.#at, null);
    this.#set(null);
  }

  /** Where the draft is kept (internal/draft-key.ts keeps a create's `Idempotency-Key` beside it). */
  get at(): string {
    return this.#at;
  }

  #set(offered: RecordValues | null): void {
    this.#offered = offered;
    this.#host.requestUpdate();
  }

  /** Unsent input from an earlier visit, offered back (the form's chunk draws the offer, parts.ts). */
  get offered(): RecordValues | null {
    return this.#offered;
  }
}
