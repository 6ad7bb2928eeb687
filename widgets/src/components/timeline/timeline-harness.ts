/**
 * What the timeline's browser suites share: notes and settings shaped like the server's answers
 * (the notes contract, types.ts), the element mounted on a stubbed API, and the ways a user reaches
 * its parts.
 */
import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import './timeline.js';
import type { PorticoTimeline } from './timeline.js';
import type { Note, NotesPage, TimelineDefinition } from '../../../../server/api/contract.js';
import { RECORD_ID, caseForm, on, stubApi, until } from '../../internal/test/fixtures.js';
import type { Call, Route } from '../../internal/test/fixtures.js';
import { stubXhr } from '../../internal/test/xhr.js';
import type { FakeXhr } from '../../internal/test/xhr.js';

export const NOTES_PATH = `/forms/case/records/${RECORD_ID}/notes`;

export function settings(over: Partial<TimelineDefinition> = {}): TimelineDefinition {
  return {
    pageSize: 2,
    maxLength: 200,
    canAdd: true,
    attachments: {
      accept: ['.png', '.jpg', '.pdf', '.txt'],
      types: ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'],
      maxBytes: 5_000_000,
      maxFiles: 2,
    },
    ...over,
  };
}

const HOUR = 3_600_000;
let serial = 0;
/** A note written `hoursAgo` hours ago; ids are GUID-shaped and unique. */
export function note(text: string, hoursAgo: number, over: Partial<Note> = {}): Note {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    text,
    createdOn: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
    author: { name: 'Alice Brooks', staff: false },
    mine: false,
    ...over,
  };
}

/** The first page: a staff reply with a PDF, then the caller's own note; an older page behind it. */
export function firstPage(): NotesPage {
  return {
    value: [
      note('We have ordered a new drum unit.', 3, {
        author: { name: 'Contoso Support', staff: true },
        attachment: { name: 'order.pdf', size: 248_000, type: 'application/pdf' },
      }),
      note('The printer jams on every second page.', 26, { mine: true }),
    ],
    next: 'cursor-2',
  };
}

/** The definition with `timeline` (`null`: without one, as for a role that may not read notes). */
export const defRoute = (timeline: TimelineDefinition | null = settings()): Route =>
  on('GET', '/forms/case', { body: { ...caseForm(), ...(timeline && { timeline }) } });
/** The notes route: `first` without a cursor, `older` with one. */
export const notesRoute = (
  first: NotesPage = firstPage(),
  older: NotesPage = { value: [note('First message.', 50)] },
): Route =>
  on('GET', NOTES_PATH, (call: Call) => ({ body: call.url.searchParams.get('before') ? older : first }));

export const $ = <T extends Element = HTMLElement>(el: PorticoTimeline, sel: string): T | null =>
  el.shadowRoot!.querySelector<T>(sel);
export const $$ = <T extends Element = HTMLElement>(el: PorticoTimeline, sel: string): T[] => [
  ...el.shadowRoot!.querySelectorAll<T>(sel),
];
export const notes = (el: PorticoTimeline): string[] => $$(el, '[part~=text]').map((p) => p.textContent!);

let restoreFetch: (() => void) | undefined;
let restoreXhr: (() => void) | undefined;

/** Mounts a stand-alone timeline (it fetches the definition and its first page) on `routes`. */
export async function mount(
  routes: Route[] = [defRoute(), notesRoute()],
  markup: TemplateResult = html`<portico-timeline form-id="case" record-id=${RECORD_ID}></portico-timeline>`,
): Promise<{ el: PorticoTimeline; calls: Call[]; sent: FakeXhr[] }> {
  restore();
  const api = stubApi(...routes);
  const xhr = stubXhr();
  restoreFetch = api.restore;
  restoreXhr = xhr.restore;
  const el = await fixture<PorticoTimeline>(markup);
  await until(() => $(el, '[part~=notes]') || $(el, '[part~=empty]') || $(el, '[part~=problem]'));
  return { el, calls: api.calls, sent: xhr.sent };
}

/** Puts back fetch and XMLHttpRequest; every suite runs it after each test. */
export function restore(): void {
  restoreFetch?.();
  restoreXhr?.();
  restoreFetch = restoreXhr = undefined;
}

/** A file as the picker, a drop or a paste would hand it over. */
export const file = (name: string, type: string, size = 1_000): File =>
  new File([new Uint8Array(size)], name, { type });

/** Chooses `files` in the file picker, as a user would. */
export function choose(el: PorticoTimeline, ...files: File[]): void {
  const input = $<HTMLInputElement>(el, '#files')!;
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Types `text` into the note box. */
export function write(el: PorticoTimeline, text: string): void {
  const area = $<HTMLTextAreaElement>(el, '#text')!;
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

export const chips = (el: PorticoTimeline): string[] =>
  $$(el, '[part~=file] span:not(.hint)').map((s) => s.textContent!);
export const refusals = (el: PorticoTimeline): string[] =>
  $$(el, '[part~=file-errors] li').map((li) => li.textContent!);
