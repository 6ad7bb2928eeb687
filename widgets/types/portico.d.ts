/**
 * Type declarations for pages and apps that embed the Portico widgets without compiling them: the
 * elements' public properties, the events they fire, and the tag names in `HTMLElementTagNameMap`
 * (so `document.querySelector('portico-form')` and Angular's strict template checks know them).
 * It describes what the script served at `/widgets/portico.js` defines; nothing here is code.
 * React's JSX names are in `react.d.ts` beside this file.
 *
 * widgets/build/declarations.test.ts proves that these shapes match the widget sources.
 */

/** A lookup: the record it points at. */
export interface PorticoLookupValue {
  id: string;
  /** Logical name of the target entity, e.g. `account`, `contact`, `systemuser`, `team`. */
  type: string;
  /** Primary name of the target (read only). */
  name?: string;
}
export type PorticoFieldValue = string | number | boolean | null | PorticoLookupValue;
/** Field name → value, as the form's definition names the fields. */
export interface PorticoRecordValues {
  [field: string]: PorticoFieldValue;
}
/** One record as the server sends it. */
export interface PorticoRecord {
  id: string;
  /** Opaque signed version token. */
  etag: string;
  /** Raw values: the widgets format choices, dates and numbers for the reader's language and time zone. */
  values: PorticoRecordValues;
}
export type PorticoFormMode = 'create' | 'edit' | 'view';

/** `portico-submit`: about to send; `preventDefault()` stops the request. */
export interface PorticoSubmitDetail {
  form: string;
  mode: PorticoFormMode;
  recordId: string;
  /** Exactly the values that will be sent (create: every filled field; edit: the changed ones). */
  values: PorticoRecordValues;
}
/** `portico-saved`: the server accepted the write; `preventDefault()` stops the `onSuccess.redirect`. */
export interface PorticoSavedDetail {
  form: string;
  mode: PorticoFormMode;
  record: PorticoRecord;
}
/** `portico-error`: a request failed; the widget already shows it to the user. */
export interface PorticoErrorDetail {
  code: string;
  status: number;
  message: string;
  requestId: string;
}
/** `portico-row-select`: the user opened a list row (click, Enter or Space). */
export interface PorticoRowSelectDetail {
  list: string;
  record: PorticoRecord;
  /** Form that the list's `open` row action names, if any. */
  form?: string;
}
/** `portico-action`: a form action succeeded (no `record` after `delete`), or a list row action or "New" was picked. */
export interface PorticoActionDetail {
  action: string;
  id?: string;
  form?: string;
  record?: PorticoRecord;
}

/** Every Portico event by name; each one bubbles and leaves shadow roots (`composed`). */
export interface PorticoEventMap {
  'portico-submit': CustomEvent<PorticoSubmitDetail>;
  'portico-saved': CustomEvent<PorticoSavedDetail>;
  'portico-error': CustomEvent<PorticoErrorDetail>;
  'portico-row-select': CustomEvent<PorticoRowSelectDetail>;
  'portico-action': CustomEvent<PorticoActionDetail>;
}
/** One Portico event by name, e.g. `PorticoEvent<'portico-saved'>` for a handler's parameter. */
export type PorticoEvent<K extends keyof PorticoEventMap> = PorticoEventMap[K];
export type PorticoSubmitEvent = PorticoEvent<'portico-submit'>;
export type PorticoSavedEvent = PorticoEvent<'portico-saved'>;
export type PorticoErrorEvent = PorticoEvent<'portico-error'>;
export type PorticoRowSelectEvent = PorticoEvent<'portico-row-select'>;
export type PorticoActionEvent = PorticoEvent<'portico-action'>;

/** Returns the signed-in user's token; called before every request and once more after a 401 `PORTICO_AUTH_TOKEN_EXPIRED`. */
export type PorticoTokenProvider = () => Promise<string> | string;

/** `<portico-config>`: the server endpoint and token provider for every Portico element on the page. */
export interface PorticoConfigElement extends HTMLElement {
  /** Origin (and optional base path) of the Portico server; attribute `endpoint`. */
  endpoint: string;
  /** The token provider: a property only (a function cannot be an attribute). */
  getToken: PorticoTokenProvider | undefined;
}
/** `<portico-form>`: create, edit or view one record. */
export interface PorticoFormElement extends HTMLElement {
  /** Form id (`schemas/forms/<id>.json`); attribute `form`. */
  form: string;
  /** The record to edit or view, '' to create; attribute `record-id`. */
  recordId: string;
  /** '' picks `edit` (or `view`) with a record id and `create` without; attribute `mode`. */
  mode: PorticoFormMode | '';
  /** Language of labels and messages; the closest `lang` on the page when unset. */
  lang: string;
  /** Leaves the form's title out, for a page whose own heading names it; attribute `hide-title`. Default: false. */
  hideTitle: boolean;
  /** The title's heading level (1-6); attribute `heading-level`. Default: 2. */
  headingLevel?: number;
}
/** `<portico-list>`: a sortable, searchable, paged table of records with row actions; cards when narrow. */
export interface PorticoListElement extends HTMLElement {
  /** List id (`schemas/lists/<id>.json`); attribute `list`. */
  list: string;
  /** Language of labels and messages; the closest `lang` on the page when unset. */
  lang: string;
  /** Your page of one record, `{id}` replaced by its id (rows link there); attribute `record-href`. Default: the definition's `links.record`. */
  recordHref: string;
  /** Your page for a new record ("New" links there); attribute `create-href`. Default: the definition's `links.create`. */
  createHref: string;
  /** Leaves the list's title out, for a page whose own heading names it; attribute `hide-title`. Default: false. */
  hideTitle: boolean;
  /** The title's heading level (1-6); attribute `heading-level`. Default: 2. */
  headingLevel?: number;
}
/**
 * `<portico-timeline>`: the notes of one case and a box to add one. A case form shows it by itself;
 * placed on its own it needs its chunk, `/widgets/portico-timeline.js`, imported by the page.
 */
export interface PorticoTimelineElement extends HTMLElement {
  /** Form whose timeline settings apply (`schemas/forms/<id>.json`); attribute `form-id`. */
  formId: string;
  /** The case whose notes are shown; attribute `record-id`. */
  recordId: string;
  /** Language of messages, dates and sizes; the closest `lang` on the page when unset. */
  lang: string;
}

/** What `/widgets/portico.js` exports (the classic script's `window.Portico`). */
export interface PorticoModule {
  /** Sets the endpoint and the token provider for the page; throws `PORTICO_CONFIG_INVALID` naming a bad option. */
  configure(options: { endpoint?: string; getToken?: PorticoTokenProvider }): void;
  readonly version: string;
}

declare global {
  interface HTMLElementTagNameMap {
    'portico-config': PorticoConfigElement;
    'portico-form': PorticoFormElement;
    'portico-list': PorticoListElement;
    'portico-timeline': PorticoTimelineElement;
  }
  interface GlobalEventHandlersEventMap {
    'portico-submit': PorticoSubmitEvent;
    'portico-saved': PorticoSavedEvent;
    'portico-error': PorticoErrorEvent;
    'portico-row-select': PorticoRowSelectEvent;
    'portico-action': PorticoActionEvent;
  }
}
