import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { caseList, until, useApi } from '../../internal/test/fixtures.js';
import type { PorticoList } from './list.js';
import type { RecordResponse } from '../../../../server/api/contract.js';
import { $, cases, mount, restoreApi, rows, server } from './list-harness.js';

beforeEach(() => useApi());
afterEach(() => restoreApi());

const active = (el: PorticoList): Element | null => el.shadowRoot!.activeElement;
const visible = (el: PorticoList, sel: string): boolean => getComputedStyle($(el, sel)!).display !== 'none';

describe('portico-list "More" menu', () => {
  it('is a menu button: arrows open and move (wrapping), Escape closes back to its button, Tab closes', async () => {
    const { el } = await mount(server({ rows: cases() }));
    const row = rows(el)[0]!;
    const more = row.querySelector<HTMLButtonElement>('[part=more]')!;
    const menu = row.querySelector<HTMLElement>('[role=menu]')!;
    const items = [...menu.querySelectorAll('[role=menuitem]')];
    expect(more.getAttribute('aria-haspopup')).to.equal('menu');
    expect(more.getAttribute('aria-controls')).to.equal(menu.id);
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(menu.hidden).to.equal(true);

    more.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(more.getAttribute('aria-expanded')).to.equal('true');
    expect(menu.hidden).to.equal(false);
    expect(active(el)).to.equal(items[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(active(el)).to.equal(items[1]);
    await sendKeys({ press: 'End' });
    expect(active(el)).to.equal(items[2]);
    await sendKeys({ press: 'ArrowDown' });
    expect(active(el)).to.equal(items[0]);
    await sendKeys({ press: 'ArrowUp' });
    expect(active(el)).to.equal(items[2]);
    await sendKeys({ press: 'Home' });
    expect(active(el)).to.equal(items[0]);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(menu.hidden).to.equal(true);
    expect(active(el)).to.equal(more);
    expect(more.getAttribute('aria-expanded')).to.equal('false');

    // ArrowUp opens on the last item; Tab leaves and closes.
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(active(el)).to.equal(items[2]);
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(menu.hidden).to.equal(true);

    // A click opens it; focus going elsewhere closes it.
    more.click();
    await el.updateComplete;
    expect(menu.hidden).to.equal(false);
    await el.updateComplete;
    ($(el, '[part=search]') as HTMLInputElement).focus();
    await el.updateComplete;
    expect(menu.hidden).to.equal(true);
  });
});

describe('portico-list in a narrow container', () => {
  it('shows cards (title, badge, fields, actions) under 40em and the table above, by its own width', async () => {
    const { el: list } = await mount(
      server({ rows: cases() }),
      html`<portico-list list="my-cases" style="inline-size: 22em"></portico-list>`,
    );
    expect(visible(list, '.cards')).to.equal(true);
    expect(visible(list, '.scroll')).to.equal(false);
    const card = list.shadowRoot!.querySelector('[part=card]')!;
    expect(card.querySelector('[part=card-title]')!.textContent!.trim()).to.equal('Case 1');
    expect(card.querySelector('[part=badge]')!.textContent!.trim()).to.equal('Active');
    expect([...card.querySelectorAll('dt')].map((d) => d.textContent)).to.deep.equal(['Number']);
    expect([...card.querySelectorAll('dd')].map((d) => d.textContent)).to.deep.equal(['CAS-01']);
    expect(card.querySelector('[part=row-action]')!.textContent!.trim()).to.equal('Assign');
    expect(card.querySelector('[part=more]')).to.not.equal(null);
    // Nothing sticks out sideways.
    expect(list.scrollWidth).to.be.at.most(list.clientWidth);
    await expect(list).to.be.accessible();

    list.style.inlineSize = '60em';
    await new Promise((r) => requestAnimationFrame(r));
    expect(visible(list, '.cards')).to.equal(false);
    expect(visible(list, '.scroll')).to.equal(true);
  });
});

describe('portico-list whose table is wider than the list', () => {
  /** Rows whose `email` (a column the card leaves out) and, with `longNumber`, number are wide. */
  const wide = (longNumber = false): { rows: RecordResponse[] } => ({
    rows: cases().map((row) => ({
      ...row,
      values: {
        ...row.values,
        ticketnumber: `${String(row.values.ticketnumber)}${longNumber ? `-${'0'.repeat(60)}` : ''}`,
        emailaddress: `someone.with.a.rather.long.name@${'x'.repeat(40)}.example`,
      },
    })),
  });
  const columns = [
    ...caseList().columns,
    { name: 'emailaddress', kind: 'email', label: { en: 'Email' }, sortable: false },
  ] as const;
  const shown = (el: PorticoList): string[] =>
    [...el.shadowRoot!.querySelectorAll<HTMLElement>('th')]
      .filter((th) => getComputedStyle(th).display !== 'none')
      .map((th) => th.textContent!.replace(/[▲▼]/, '').trim());
  const scroll = (el: PorticoList): HTMLElement => $(el, '.scroll')!;

  it('drops the columns its card leaves out, keeps every column once there is room again, and never scrolls', async () => {
    const { el } = await mount(
      server(wide(), { columns: [...columns] }),
      html`<portico-list list="my-cases" style="inline-size: 48em"></portico-list>`,
    );
    await until(() => !shown(el).includes('Email'));
    expect(shown(el)).to.deep.equal(['Number', 'Title', 'Status']);
    expect(visible(el, '.scroll')).to.equal(true);
    expect(scroll(el).scrollWidth).to.be.at.most(scroll(el).clientWidth + 1);
    await expect(el).to.be.accessible();

    el.style.inlineSize = '120em';
    await until(() => shown(el).includes('Email'));
    expect(shown(el)).to.deep.equal(['Number', 'Title', 'Status', 'Email']);
    expect(scroll(el).scrollWidth).to.be.at.most(scroll(el).clientWidth + 1);

    // Narrower again, from every column shown: it steps down as it did at first.
    el.style.inlineSize = '48em';
    await until(() => !shown(el).includes('Email'));
    expect(shown(el)).to.deep.equal(['Number', 'Title', 'Status']);
    expect(scroll(el).scrollWidth).to.be.at.most(scroll(el).clientWidth + 1);
  });

  it('measures again when its table grows with no update of its own: a host stylesheet arriving late', async () => {
    const { el } = await mount(
      server(wide(), { columns: [...columns] }),
      html`<portico-list list="my-cases" style="inline-size: 120em"></portico-list>`,
    );
    await until(() => rows(el).length > 0 && shown(el).includes('Email'));
    expect(scroll(el).scrollWidth).to.be.at.most(scroll(el).clientWidth + 1);
    // The list's width stays as it was; only its cells grow, through a part the host may style.
    const late = document.createElement('style');
    late.textContent = 'portico-list::part(cell) { padding-inline: 8em; }';
    document.head.append(late);
    try {
      await until(() => !shown(el).includes('Email'));
      expect(shown(el)).to.deep.equal(['Number', 'Title', 'Status']);
      expect(scroll(el).scrollWidth).to.be.at.most(scroll(el).clientWidth + 1);
    } finally {
      late.remove();
    }
  });

  it("shows the cards when even the card's columns do not fit", async () => {
    const { el } = await mount(
      server(wide(true), { columns: [...columns] }),
      html`<portico-list list="my-cases" style="inline-size: 48em"></portico-list>`,
    );
    await until(() => visible(el, '.cards'));
    expect(visible(el, '.scroll')).to.equal(false);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    await expect(el).to.be.accessible();
  });
});

describe('portico-list title', () => {
  it('leaves its title to the host: shown by default, left out with hide-title, at the level heading-level says', async () => {
    const { el } = await mount(server({ rows: cases() }));
    const title = $(el, '[part=title]')!;
    expect(title.localName).to.equal('h2');
    expect(title.textContent).to.equal('My cases');
    expect(title.hasAttribute('aria-level')).to.equal(false);

    const hidden = await mount(
      server({ rows: cases() }),
      html`<portico-list list="my-cases" hide-title></portico-list>`,
    );
    expect($(hidden.el, '[part=title]')).to.equal(null);
    // The records keep their name for assistive technology.
    expect($(hidden.el, 'table')!.getAttribute('aria-label')).to.equal('My cases');
    await expect(hidden.el).to.be.accessible();

    const third = await mount(
      server({ rows: cases() }),
      html`<portico-list list="my-cases" heading-level="3"></portico-list>`,
    );
    expect($(third.el, '[part=title]')!.getAttribute('aria-level')).to.equal('3');
    await expect(third.el).to.be.accessible();
  });

  it('names "New" after what it makes', async () => {
    const { el } = await mount(server({ rows: cases() }));
    expect($(el, '[part=create]')!.textContent!.trim()).to.equal('New case');
    const other = await mount(
      server({ rows: cases() }, { entity: 'account' }),
      html`<portico-list list="my-cases" lang="de"></portico-list>`,
    );
    expect($(other.el, '[part=create]')!.textContent!.trim()).to.equal('Neu');
  });
});

describe('portico-list links', () => {
  it('makes titles real links from record-href; the event fires first and may keep the page', async () => {
    const state = { rows: cases() };
    const { el } = await mount(
      server(state),
      html`<portico-list
        list="my-cases"
        record-href="/cases/{id}/view"
        create-href="/cases/new"
      ></portico-list>`,
    );
    const link = rows(el)[0]!.querySelector<HTMLAnchorElement>('a[part=link]')!;
    expect(link.getAttribute('href')).to.equal('/cases/c1/view');
    expect(link.textContent).to.equal('Case 1');
    expect(
      el.shadowRoot!.querySelector<HTMLAnchorElement>('[part=card] a[part=card-title]')!.getAttribute('href'),
    ).to.equal('/cases/c1/view');
    const create = $(el, 'a[part=create]') as HTMLAnchorElement;
    expect(create.getAttribute('href')).to.equal('/cases/new');

    const here = location.href;
    el.addEventListener('portico-row-select', (event) => event.preventDefault());
    el.addEventListener('portico-action', (event) => event.preventDefault());
    setTimeout(() => link.click());
    const select = await oneEvent(el, 'portico-row-select');
    expect(select.detail.record.id).to.equal('c1');
    expect(select.cancelable).to.equal(true);
    setTimeout(() => create.click());
    const action = await oneEvent(el, 'portico-action');
    expect(action.detail).to.deep.include({ action: 'create', form: 'case-create' });
    expect(location.href).to.equal(here);
    await expect(el).to.be.accessible();
  });

  it("takes the definition's links when the element names none", async () => {
    const { el } = await mount(
      server({ rows: cases() }, { links: { record: '/support/{id}', create: '/support/new' } }),
    );
    expect(rows(el)[1]!.querySelector('a[part=link]')!.getAttribute('href')).to.equal('/support/c2');
    expect(($(el, 'a[part=create]') as HTMLAnchorElement).getAttribute('href')).to.equal('/support/new');
  });

  it('without a template, titles are text and "New" a button, as before', async () => {
    const { el } = await mount(server({ rows: cases() }));
    expect(rows(el)[0]!.querySelector('a')).to.equal(null);
    expect($(el, 'button[part=create]')).to.not.equal(null);
  });
});
