/**
 * What the list's browser suites for row actions and layout share: a case list with every row
 * action and its preconditions, a server whose rows change as actions succeed, and the ways a user
 * reaches rows, menus and the shared action dialog.
 */
import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import './list.js';
import type { PorticoList } from './list.js';
import type { RecordResponse, RowAction } from '../../../../server/api/contract.js';
import { caseList, caseRecord, on, stubApi, until } from '../../internal/test/fixtures.js';
import type { Call, Route } from '../../internal/test/fixtures.js';

export const $ = <T extends Element = HTMLElement>(el: PorticoList, sel: string): T | null =>
  el.shadowRoot!.querySelector<T>(sel);
export const rows = (el: PorticoList): HTMLTableRowElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr'),
];
/** The texts of `part` buttons in a table row. */
export const labels = (row: Element, part: string): string[] =>
  [...row.querySelectorAll(`[part=${part}]`)].map((b) => b.textContent!.replace('▾', '').trim());
/** The shared action dialog's shadow root (action-dialog.ts). */
export const dialogs = (el: PorticoList): ShadowRoot => $(el, 'portico-action-dialog')!.shadowRoot!;
export const isOpen = (el: PorticoList): boolean =>
  !!$(el, 'portico-action-dialog')
    ?.shadowRoot?.querySelector('portico-dialog')
    ?.shadowRoot?.querySelector('dialog')?.open;
export const footer = (el: PorticoList): HTMLButtonElement[] => [
  ...dialogs(el).querySelectorAll<HTMLButtonElement>('button[slot=footer]'),
];

const when = (equals: boolean): RowAction['when'] =>
  equals ? { field: 'statecode', equals: 0 } : { field: 'statecode', notEquals: 0 };
const action = (id: RowAction['id'], en: string, extra: Partial<RowAction> = {}): RowAction => ({
  id,
  label: { en },
  form: 'case-edit',
  ...extra,
});

/** Every case row action, in the words and with the preconditions the server compiles. */
export const ACTIONS: RowAction[] = [
  action('open', 'Open'),
  action('assign', 'Assign', { when: when(true) }),
  action('resolve', 'Resolve case', { when: when(true), confirm: { en: 'Mark this case as resolved?' } }),
  action('cancel', 'Cancel case', {
    when: when(true),
    confirm: { en: 'Cancel this case? You can reopen it later.' },
  }),
  action('reopen', 'Reopen case', { when: when(false) }),
  action('delete', 'Delete case', { confirm: { en: 'Delete this case for good?' } }),
];

export const ROW_IDS = ['c1', 'c2'] as const;
/** An active case (c1) and a resolved one (c2). */
export function cases(): RecordResponse[] {
  return ROW_IDS.map((id, i) => ({
    ...caseRecord({ title: `Case ${i + 1}`, ticketnumber: `CAS-0${i + 1}`, statecode: i }, `W/"${id}"`),
    id,
  }));
}

/**
 * A server for the list `my-cases` whose rows are `state` (change it to change the next page):
 * the definition (with `over`), its pages, and the reads of the form the actions run through.
 */
export function server(
  state: { rows: RecordResponse[] },
  over: Parameters<typeof caseList>[0] = {},
): Route[] {
  return [
    on('GET', '/lists/my-cases', () => ({ body: caseList({ rowActions: ACTIONS, ...over }) })),
    on('GET', '/lists/my-cases/records', () => ({ body: { rows: state.rows } })),
    on('GET', /^\/forms\/case-edit\/records\/c\d$/, (c: Call) => ({
      body: state.rows.find((r) => c.url.pathname.endsWith(r.id)),
    })),
  ];
}

export const pageReads = (calls: Call[]): number =>
  calls.filter((c) => c.url.pathname.endsWith('/lists/my-cases/records')).length;

let restore: (() => void) | undefined;
export async function mount(
  routes: Route[],
  markup: TemplateResult = html`<portico-list list="my-cases"></portico-list>`,
): Promise<{ el: PorticoList; calls: Call[] }> {
  restoreApi();
  const api = stubApi(...routes);
  restore = api.restore;
  const el = await fixture<PorticoList>(markup);
  await until(() => rows(el).length || $(el, '[part=empty]') || $(el, '[part=error]'));
  return { el, calls: api.calls };
}
export function restoreApi(): void {
  restore?.();
  restore = undefined;
}

/** Picks `label` on row `n`: its button, or the item of its "More" menu. */
export async function pick(el: PorticoList, n: number, label: string): Promise<void> {
  const row = rows(el)[n]!;
  const direct = [...row.querySelectorAll<HTMLButtonElement>('[part=row-action]')].find(
    (b) => b.textContent!.trim() === label,
  );
  if (direct) return direct.click();
  row.querySelector<HTMLButtonElement>('[part=more]')!.click();
  await el.updateComplete;
  const item = [...row.querySelectorAll<HTMLButtonElement>('[part=menu-item]')].find(
    (b) => b.textContent!.trim() === label,
  );
  if (!item) throw new Error(`no action "${label}" on row ${n}`);
  item.click();
}
