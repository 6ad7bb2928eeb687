// An XMLHttpRequest stand-in for the browser tests of uploads: records each request, and lets the
// test move its upload progress, answer it, fail it, or see it aborted.

type Handler = ((event: ProgressEvent) => void) | null;

export class FakeXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  upload: { onprogress: Handler } = { onprogress: null };
  onload: Handler = null;
  onerror: Handler = null;
  ontimeout: Handler = null;
  onabort: Handler = null;
  #sent: FakeXhr[];

  constructor(sent: FakeXhr[]) {
    this.#sent = sent;
  }
  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: unknown): void {
    this.body = body;
    this.#sent.push(this);
  }
  abort(): void {
    this.aborted = true;
    this.onabort?.(new ProgressEvent('abort'));
  }
  /** The browser reports `loaded` of `total` bytes sent. */
  progress(loaded: number, total: number): void {
    this.upload.onprogress?.(new ProgressEvent('progress', { lengthComputable: true, loaded, total }));
  }
  /** The server answers. */
  respond(status: number, body: unknown): void {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.(new ProgressEvent('load'));
  }
  /** The connection fails. */
  fail(): void {
    this.onerror?.(new ProgressEvent('error'));
  }
  /** The text and file parts of the multipart body. */
  get parts(): { text: FormDataEntryValue | null; files: File[] } {
    const form = this.body as FormData;
    return { text: form.get('text'), files: form.getAll('files') as File[] };
  }
}

/** Replaces `XMLHttpRequest` until `restore()`; `sent` lists every request sent. */
export function stubXhr(): { sent: FakeXhr[]; restore: () => void } {
  const real = window.XMLHttpRequest;
  const sent: FakeXhr[] = [];
  (window as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = function XMLHttpRequest() {
    return new FakeXhr(sent);
  };
  return { sent, restore: () => (window.XMLHttpRequest = real) };
}
