import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './list.js';
import type { PorticoList } from './list.js';
import { caseList, caseRecord, errorBody, on, stubApi, until, useApi } from '../../internal/test/fixtures.js';
import type { Call, Route } from '../../internal/test/fixtures.js';
import type { RecordResponse } from '../../../../server/api/contract.js';

const $ = <T extends Element = HTMLElement>(el: PorticoList, sel: string): T | null =>
  el.shadowRoot!.querySelector<T>(sel);
const rows = (el: PorticoList): HTMLTableRowElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr'),
];
const row = (n: number, title: string): RecordResponse => ({
  ...caseRecord({ title, ticketnumber: `CAS-${n}` }),
  id: `id-${n}`,
});

/** Serves two pages of two rows; records the query of each page request. */
function pages(): Route {
  return on('GET', '/lists/my-cases/records', (c: Call) =>
    c.url.searchParams.get('page') === 'p2'
      ? { body: { rows: [row(3, 'Third')], total: 3 } }
      : { body: { rows: [row(1, 'First'), row(2, 'Second')], nextPage: 'p2', total: 3 } },
  );
}

let restore: (() => void) | undefined;
async function mount(routes: Route[]): Promise<{ el: PorticoList; calls: Call[] }> {
  const api = stubApi(...routes);
  restore = api.restore;
  const el = await fixture<PorticoList>(html`<portico-list list="my-cases"></portico-list>`);
  await until(() => rows(el).length || $(el, '[part=empty]') || $(el, '[part=error]'));
  return { el, calls: api.calls };
}
const listCalls = (calls: Call[]): URLSearchParams[] =>
  calls.filter((c) => c.url.pathname.endsWith('/records')).map((c) => c.url.searchParams);

beforeEach(() => useApi());
afterEach(() => restore?.());

describe('portico-list', () => {
  it('shows an accessible loading state while the definition loads', async () => {
    const api = stubApi(() => new Promise<never>(() => {}));
    restore = api.restore;
    const el = await fixture<PorticoList>(html`<portico-list list="my-cases"></portico-list>`);
    await el.updateComplete;
    expect($(el, '[part=status]')!.textContent).to.equal('Loading…');
    expect($(el, '[part=status]')!.getAttribute('role')).to.equal('status');
    await expect(el).to.be.accessible();
  });

  it('shows columns and rows with the default sort; accessible', async () => {
    const { el, calls } = await mount([on('GET', '/lists/my-cases', { body: caseList() }), pages()]);
    expect($(el, '[part=title]')!.textContent).to.equal('My cases');
    expect(
      [...el.shadowRoot!.querySelectorAll('th')].map((t) => t.textContent!.trim().replace(/[▲▼]/, '').trim()),
    ).to.deep.equal(['Number', 'Title', 'Status']);
    expect(rows(el).map((r) => r.cells[1]!.textContent!.trim())).to.deep.equal(['First', 'Second']);
    expect(rows(el)[0]!.cells[2]!.textContent!.trim()).to.equal('Active');
    const q = listCalls(calls)[0]!;
    expect(q.get('sort')).to.equal('ticketnumber');
    expect(q.get('direction')).to.equal('desc');
    expect(el.shadowRoot!.querySelector('th')!.getAttribute('aria-sort')).to.equal('descending');
    await expect(el).to.be.accessible();
  });

  it('sorts by a column header button', async () => {
    const { el, calls } = await mount([on('GET', '/lists/my-cases', { body: caseList() }), pages()]);
    const sortTitle = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=sort]')[1]!;
    sortTitle.click();
    await until(() => listCalls(calls).length === 2);
    expect(listCalls(calls)[1]!.get('sort')).to.equal('title');
    expect(listCalls(calls)[1]!.get('direction')).to.equal('asc');
    await el.updateComplete;
    sortTitle.click();
    await until(() => listCalls(calls).length === 3);
    expect(listCalls(calls)[2]!.get('direction')).to.equal('desc');
  });

  it('searches and filters on the server, from the first page', async () => {
    const { el, calls } = await mount([on('GET', '/lists/my-cases', { body: caseList() }), pages()]);
    const search = $(el, '[part=search]') as HTMLInputElement;
    search.focus();
    await sendKeys({ type: 'printer' });
    await sendKeys({ press: 'Enter' });
    await until(() => listCalls(calls).length === 2);
    expect(listCalls(calls)[1]!.get('search')).to.equal('printer');
    const filter = $(el, '[part=filter]') as HTMLSelectElement;
    filter.value = '1';
    // As the browser fires it: a select's change bubbles (the list listens on the filters' row).
    filter.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => listCalls(calls).length === 3);
    expect(listCalls(calls)[2]!.get('filter.statecode')).to.equal('1');
    expect(listCalls(calls)[2]!.get('search')).to.equal('printer');
    expect(listCalls(calls)[2]!.has('page')).to.equal(false);
  });

  it('pages forward with the nextPage cursor and back again', async () => {
    const { el, calls } = await mount([on('GET', '/lists/my-cases', { body: caseList() }), pages()]);
    const [prev, next] = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=pager] button')];
    expect(prev!.disabled).to.equal(true);
    next!.click();
    await until(() => rows(el).length === 1);
    expect(listCalls(calls).at(-1)!.get('page')).to.equal('p2');
    await el.updateComplete;
    expect(next!.disabled).to.equal(true);
    prev!.click();
    await until(() => rows(el).length === 2);
    expect(listCalls(calls).at(-1)!.has('page')).to.equal(false);
  });

  it('is keyboard operable: arrows move between rows, Enter selects', async () => {
    const { el } = await mount([on('GET', '/lists/my-cases', { body: caseList() }), pages()]);
    rows(el)[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(rows(el)[1]);
    await sendKeys({ press: 'Home' });
    expect(el.shadowRoot!.activeElement).to.equal(rows(el)[0]);
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const ev = await oneEvent(el, 'portico-row-select');
    expect(ev.bubbles && ev.composed).to.equal(true);
    expect(ev.detail.record.id).to.equal('id-1');
    expect(ev.detail.form).to.equal('case-edit');
  });

  it('fires portico-action for row actions and New, without selecting the row', async () => {
    const { el } = await mount([on('GET', '/lists/my-cases', { body: caseList() }), pages()]);
    let selected = 0;
    el.addEventListener('portico-row-select', () => selected++);
    const assign = rows(el)[1]!.querySelector('button')!;
    setTimeout(() => assign.click());
    const ev = await oneEvent(el, 'portico-action');
    expect(ev.detail).to.deep.include({ action: 'assign', id: 'id-2', form: 'case-edit' });
    setTimeout(() => ($(el, '[part=create]') as HTMLButtonElement).click());
    const create = await oneEvent(el, 'portico-action');
    expect(create.detail).to.deep.include({ action: 'create', form: 'case-create' });
    expect(selected).to.equal(0);
  });

  it('shows the empty state', async () => {
    const { el } = await mount([
      on('GET', '/lists/my-cases', { body: caseList() }),
      on('GET', '/lists/my-cases/records', { body: { rows: [] } }),
    ]);
    expect($(el, '[part=empty]')!.textContent).to.equal('No records found.');
    expect($(el, 'table')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an error with a retry that keeps sort and search', async () => {
    let fail = true;
    const { el, calls } = await mount([
      on('GET', '/lists/my-cases', { body: caseList() }),
      on('GET', '/lists/my-cases/records', () =>
        fail ? errorBody(503, 'PORTICO_UPSTREAM_UNAVAILABLE') : { body: { rows: [row(1, 'Back')] } },
      ),
    ]);
    expect($(el, '[part=error]')!.textContent).to.contain('This could not be loaded.');
    await expect(el).to.be.accessible();
    fail = false;
    ($(el, '[part=error] button') as HTMLButtonElement).click();
    await until(() => rows(el).length === 1);
    expect(listCalls(calls).at(-1)!.get('sort')).to.equal('ticketnumber');
  });

  it('speaks German when the page does', async () => {
    document.documentElement.lang = 'de';
    try {
      const { el } = await mount([on('GET', '/lists/my-cases', { body: caseList() }), pages()]);
      expect($(el, '[part=title]')!.textContent).to.equal('Meine Fälle');
      expect(
        [...el.shadowRoot!.querySelectorAll('[part=pager] button')].map((b) => b.textContent!.trim()),
      ).to.deep.equal(['Vorherige Seite', 'Nächste Seite']);
    } finally {
      document.documentElement.lang = '';
    }
  });
});

it('row actions with `when` appear only on rows whose values satisfy it', async () => {
  const active = {
    ...row(1, 'Open one'),
    values: { ...row(1, 'x').values, title: 'Open one', statecode: 0 },
  };
  const closed = {
    ...row(2, 'Closed one'),
    values: { ...row(2, 'x').values, title: 'Closed one', statecode: 1 },
  };
  const { el } = await mount([
    on('GET', '/lists/my-cases', () => ({
      body: caseList({
        rowActions: [
          { id: 'open', label: { en: 'Open' }, form: 'case-edit' },
          {
            id: 'cancel',
            label: { en: 'Cancel case' },
            form: 'case-edit',
            when: { field: 'statecode', equals: 0 },
          },
          {
            id: 'reopen',
            label: { en: 'Reopen' },
            form: 'case-edit',
            when: { field: 'statecode', notEquals: 0 },
          },
        ],
      }),
    })),
    on('GET', '/lists/my-cases/records', () => ({ body: { rows: [active, closed] } })),
  ]);
  const labels = rows(el).map((r) => [...r.querySelectorAll('button')].map((b) => b.textContent?.trim()));
  expect(labels).to.deep.equal([['Cancel case'], ['Reopen']]);
});
