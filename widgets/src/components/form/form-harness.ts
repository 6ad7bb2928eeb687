/**
 * What the form's browser suites share: a stubbed API with the form mounted on it, and the ways a
 * user reaches its fields and buttons.
 */
import { fixture, html } from '@open-wc/testing';
import './form.js';
import type { PorticoForm } from './form.js';
import type { PorticoField } from '../../internal/field.js';
import type { FormDefinitionResponse, RecordResponse } from '../../../../server/api/contract.js';
import { RECORD_ID, caseForm, caseRecord, on, stubApi, until, useApi } from '../../internal/test/fixtures.js';
import type { Route } from '../../internal/test/fixtures.js';

export const $ = <T extends Element = HTMLElement>(el: PorticoForm, sel: string): T | null =>
  el.shadowRoot!.querySelector<T>(sel) as T | null;
export const field = (el: PorticoForm, name: string): PorticoField => $(el, `#${name}`) as PorticoField;
/** Inside the record actions' dialogs, which the form shares with the list (action-dialog.ts). */
export const inDialogs = <T extends Element = HTMLElement>(el: PorticoForm, sel: string): T | null =>
  $(el, 'portico-action-dialog')!.shadowRoot!.querySelector<T>(sel);
export const footer = (el: PorticoForm): HTMLButtonElement[] => [
  ...$(el, 'portico-action-dialog')!.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[slot=footer]'),
];
/** The text a field shown as text (read-only, view mode, a closed record) shows for `label`, or null. */
export function shownText(el: PorticoForm, label: string): string | null {
  const item = [...el.shadowRoot!.querySelectorAll('[part=value]')].find(
    (x) => x.querySelector('[part=label]')?.textContent?.trim() === label,
  );
  return item ? item.lastElementChild!.textContent!.trim() : null;
}

/** Types into a field as a user would (the input event is what the form listens to). */
export function type(el: PorticoForm, name: string, text: string): void {
  const c = field(el, name).shadowRoot!.querySelector('#c') as HTMLInputElement;
  c.value = text;
  c.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}
export function pick(el: PorticoForm, name: string, value: string): void {
  const radio = field(el, name).shadowRoot!.querySelector(`input[value="${value}"]`) as HTMLInputElement;
  radio.click();
}
export const button = (el: PorticoForm, text: string): HTMLButtonElement => {
  const b = [...el.shadowRoot!.querySelectorAll('button')].find((x) => x.textContent!.trim() === text);
  if (!b) throw new Error(`no button "${text}"`);
  return b;
};

let restore: (() => void) | undefined;
export async function mount(
  routes: Route[],
  markup = html`<portico-form form="case"></portico-form>`,
): Promise<{ el: PorticoForm; calls: ReturnType<typeof stubApi>['calls'] }> {
  // A test that mounts again (a reload, say) first puts back what the earlier mount stubbed.
  restoreApi();
  const api = stubApi(...routes);
  restore = api.restore;
  const el = await fixture<PorticoForm>(markup);
  await until(() => $(el, 'form') || $(el, '[part=problem]'));
  return { el, calls: api.calls };
}
export const defRoute = (def: FormDefinitionResponse = caseForm()): Route =>
  on('GET', '/forms/case', { body: def });
export const recRoute = (rec: RecordResponse = caseRecord()): Route =>
  on('GET', `/forms/case/records/${RECORD_ID}`, { body: rec });

/** For a test that stubs the API itself: `restoreApi` puts it back after the test. */
export function adoptStub(api: { restore(): void }): void {
  restore = api.restore;
}

/** Puts back what the last `mount` stubbed; every suite runs it after each test. */
export function restoreApi(): void {
  restore?.();
  restore = undefined;
}

/** What every form suite does around each test: a configured API, no draft, the stub put back. */
export function aroundEachTest(): void {
  beforeEach(() => {
    useApi();
    sessionStorage.clear();
  });
  afterEach(restoreApi);
}
