// Shared fixtures for the browser tests: definitions shaped like the server's responses
// (server/api/contract.ts), a fetch stub that records requests, and API configuration.
import type {
  FormDefinitionResponse,
  ListDefinitionResponse,
  RecordResponse,
} from '../../../../server/api/contract.js';
import { configure, reset } from '../api.js';

export const ENDPOINT = 'https://portico.test';
export const VALIDATOR = new URL('./validator.fixture.js', import.meta.url).href;

/** A case form with every interesting feature: sections, conditions, choice as radios and select, lookups, actions. */
export function caseForm(over: Partial<FormDefinitionResponse> = {}): FormDefinitionResponse {
  return {
    id: 'case',
    entity: 'incident',
    modes: ['create', 'edit', 'view'],
    title: { en: 'New case', de: 'Neuer Fall' },
    sections: [
      {
        id: 'details',
        label: { en: 'Details', de: 'Details' },
        fields: [
          {
            name: 'title',
            kind: 'text',
            label: { en: 'Title', de: 'Titel' },
            required: true,
            readOnly: false,
            maxLength: 20,
            placeholder: { en: 'Short summary' },
          },
          {
            name: 'casetypecode',
            kind: 'choice',
            display: 'radios',
            label: { en: 'Type', de: 'Art' },
            required: false,
            readOnly: false,
            options: [
              { value: 1, label: { en: 'Question', de: 'Frage' } },
              { value: 2, label: { en: 'Problem', de: 'Problem' } },
            ],
          },
          {
            name: 'prioritycode',
            kind: 'choice',
            label: { en: 'Priority', de: 'Priorität' },
            required: false,
            readOnly: false,
            options: [
              { value: 1, label: { en: 'High', de: 'Hoch' } },
              { value: 2, label: { en: 'Normal', de: 'Normal' } },
            ],
            visibleWhen: { field: 'casetypecode', equals: 2 },
          },
          {
            name: 'description',
            kind: 'textarea',
            label: { en: 'Description', de: 'Beschreibung' },
            help: { en: 'What happened?', de: 'Was ist passiert?' },
            required: false,
            readOnly: false,
            requiredWhen: { field: 'casetypecode', equals: 2 },
          },
        ],
      },
      {
        id: 'more',
        label: { en: 'More', de: 'Mehr' },
        fields: [
          {
            name: 'customerid',
            kind: 'lookup',
            label: { en: 'Customer', de: 'Kunde' },
            required: false,
            readOnly: true,
            targets: ['account', 'contact'],
          },
          {
            name: 'ticketnumber',
            kind: 'text',
            label: { en: 'Case number', de: 'Fallnummer' },
            required: false,
            readOnly: true,
          },
        ],
      },
    ],
    actions: [
      { id: 'save', label: { en: 'Submit case', de: 'Fall einreichen' } },
      { id: 'delete', label: { en: 'Delete', de: 'Löschen' }, confirm: { en: 'Delete this case?' } },
      { id: 'assign', label: { en: 'Assign', de: 'Zuweisen' } },
      { id: 'resolve', label: { en: 'Resolve', de: 'Lösen' } },
      { id: 'cancel', label: { en: 'Cancel case', de: 'Fall abbrechen' } },
      { id: 'reopen', label: { en: 'Reopen', de: 'Wieder öffnen' } },
    ],
    onSuccess: { message: { en: 'Thank you — case created.', de: 'Danke — Fall angelegt.' } },
    validator: VALIDATOR,
    locales: ['en', 'de'],
    ...over,
  };
}

export const RECORD_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

export function caseRecord(over: Partial<RecordResponse['values']> = {}, etag = 'W/"1"'): RecordResponse {
  return {
    id: RECORD_ID,
    etag,
    values: {
      title: 'Printer jams',
      casetypecode: 1,
      description: null,
      customerid: { id: 'a1', type: 'account', name: 'Contoso' },
      ticketnumber: 'CAS-01000',
      statecode: 0,
      ...over,
    },
  };
}

export function caseList(over: Partial<ListDefinitionResponse> = {}): ListDefinitionResponse {
  return {
    id: 'my-cases',
    entity: 'incident',
    title: { en: 'My cases', de: 'Meine Fälle' },
    columns: [
      { name: 'ticketnumber', kind: 'text', label: { en: 'Number' }, sortable: true },
      { name: 'title', kind: 'text', label: { en: 'Title', de: 'Titel' }, sortable: true },
      {
        name: 'statecode',
        kind: 'choice',
        label: { en: 'Status' },
        sortable: false,
        options: [
          { value: 0, label: { en: 'Active', de: 'Aktiv' } },
          { value: 1, label: { en: 'Resolved', de: 'Gelöst' } },
          { value: 2, label: { en: 'Cancelled', de: 'Storniert' } },
        ],
      },
    ],
    defaultSort: { field: 'ticketnumber', direction: 'desc' },
    searchable: true,
    searchPlaceholder: { en: 'Search cases' },
    filters: [
      {
        field: 'statecode',
        label: { en: 'Status' },
        kind: 'choice',
        options: [
          { value: 0, label: { en: 'Active' } },
          { value: 1, label: { en: 'Resolved' } },
        ],
      },
    ],
    pageSize: 2,
    rowActions: [
      { id: 'open', label: { en: 'Open' }, form: 'case-edit' },
      { id: 'assign', label: { en: 'Assign' }, form: 'case-edit' },
    ],
    createForm: 'case-create',
    card: { title: 'title', badge: 'statecode', fields: ['ticketnumber'] },
    locales: ['en', 'de'],
    ...over,
  };
}

export interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}
export type Reply = { status?: number; body?: unknown } | 'network-error' | Promise<Response>;
export type Route = (call: Call) => Reply | undefined;

/**
 * Replaces `fetch` with a router over the API; each route returns a reply or `undefined` to pass.
 * Unmatched requests answer 404. Calls are recorded for assertions. `restore()` puts fetch back.
 * The widgets' language files, which they fetch from beside their modules (the test server's
 * origin, not the API's), go to the real fetch unrecorded.
 */
export function stubApi(...routes: Route[]): { calls: Call[]; restore: () => void } {
  const real = window.fetch;
  const calls: Call[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (String(input).startsWith(`${location.origin}/`)) return real(input, init);
    const call: Call = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    for (const route of routes) {
      const reply = route(call);
      if (reply === undefined) continue;
      if (reply === 'network-error') throw new TypeError('Failed to fetch');
      if (reply instanceof Promise) return reply;
      const status = reply.status ?? 200;
      return new Response(status === 204 ? null : JSON.stringify(reply.body ?? null), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return new Response(
      JSON.stringify({
        error: { code: 'PORTICO_TEST_NOT_FOUND', status: 404, message: 'no route', requestId: 't' },
      }),
      { status: 404 },
    );
  };
  return { calls, restore: () => (window.fetch = real) };
}

/** A route for one method and path (under /api/v1), answering the same reply each time. */
export const on =
  (method: string, path: string | RegExp, reply: Reply | ((call: Call) => Reply)): Route =>
  (call) => {
    const p = call.url.pathname.replace(/^\/api\/v1/, '');
    if (call.method !== method || (typeof path === 'string' ? p !== path : !path.test(p))) return undefined;
    return typeof reply === 'function' ? reply(call) : reply;
  };

export const errorBody = (
  status: number,
  code: string,
  extra: object = {},
): { status: number; body: unknown } => ({
  status,
  body: { error: { code, status, message: `Server says ${code}`, requestId: 'req-1', ...extra } },
});

/** Points the API at the test endpoint with a fixed token provider; returns how often it was called. */
export function useApi(getToken: () => string | Promise<string> = () => 'token-1'): void {
  reset();
  configure({ endpoint: ENDPOINT, getToken });
}

/**
 * Waits until `check` holds, or fails after `ms`. Polls with timers, not animation frames: test
 * pages run side by side and a page in the background gets no frames.
 */
export async function until(check: () => unknown, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`condition not met within ${ms} ms: ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Deep query through shadow roots: `pierce(el, 'portico-text-field', '#c')`. */
export function pierce<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T {
  let cur: Element | ShadowRoot = root;
  for (const s of selectors) {
    const scope: ParentNode = (cur as Element).shadowRoot ?? cur;
    const next = scope.querySelector(s);
    if (!next) throw new Error(`pierce: ${s} not found`);
    cur = next;
  }
  return cur as T;
}
