// How a form is laid out: section grids that collapse in a narrow container, fields the user cannot
// change shown as text, the record header, and the title the host page may leave out.
import { expect, html } from '@open-wc/testing';
import type { FormDefinitionResponse } from '../../../../server/api/contract.js';
import { RECORD_ID, caseForm, caseRecord, until } from '../../internal/test/fixtures.js';
import { $, aroundEachTest, defRoute, field, mount, recRoute, shownText } from './form-harness.js';

aroundEachTest();

/** The case form in a two-column grid: title across it, type and description as the server lays them out. */
function gridForm(over: Partial<FormDefinitionResponse> = {}): FormDefinitionResponse {
  const def = caseForm(over);
  def.sections = def.sections.map((section) => ({
    ...section,
    columns: 2,
    fields: section.fields.map((f) => ({ ...f, span: f.name === 'title' || f.kind === 'textarea' ? 2 : 1 })),
  }));
  return def;
}

/** The box of a field's grid cell. */
const cell = (el: Element): DOMRect => el.parentElement!.getBoundingClientRect();

describe('portico-form layout', () => {
  it('lays a section out in its columns and collapses to one column in a narrow container', async () => {
    const { el } = await mount([defRoute(gridForm())]);
    el.style.inlineSize = '900px';
    const form = el;
    const title = field(form, 'title');
    const type = field(form, 'casetypecode');
    const wide = cell(title);
    const narrow = cell(type);
    // Two columns: the type takes one (less than half the row), the title both.
    expect(narrow.width).to.be.below(wide.width / 2 + 1);
    expect(narrow.width).to.be.above(wide.width / 3);
    expect($(form, 'fieldset')!.className).to.contain('c2');
    // In a container as narrow as a phone every field takes the whole row.
    form.style.inlineSize = '360px';
    await until(() => Math.abs(cell(type).width - cell(title).width) < 1);
    expect(cell(type).width).to.equal(cell(title).width);
    await expect(form).to.be.accessible();
  });

  it('shows fields the user cannot change as text: label and the formatted value, not an input', async () => {
    const { el } = await mount(
      [defRoute(), recRoute()],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    // Read-only in the definition: a lookup with its display name, a number as it is.
    expect(shownText(el, 'Customer')).to.equal('Contoso');
    expect(shownText(el, 'Case number')).to.equal('CAS-01000');
    expect(field(el, 'customerid')).to.equal(null);
    expect(field(el, 'ticketnumber')).to.equal(null);
    expect(el.shadowRoot!.querySelector('portico-text-field[readonly], [disabled]')).to.equal(null);
    // The writable fields stay inputs.
    expect(field(el, 'title').localName).to.equal('portico-text-field');
    await expect(el).to.be.accessible();

    // View mode: everything as text, a choice by its label.
    const view = await mount(
      [defRoute(), recRoute()],
      html`<portico-form form="case" record-id=${RECORD_ID} mode="view"></portico-form>`,
    );
    expect(shownText(view.el, 'Title')).to.equal('Printer jams');
    expect(shownText(view.el, 'Type')).to.equal('Question');
    expect(shownText(view.el, 'Description')).to.equal('—');
    expect(view.el.shadowRoot!.querySelector('[part~=control], portico-text-field')).to.equal(null);
    await expect(view.el).to.be.accessible();
  });

  it('shows the record header the definition declares in edit and view mode, not when creating', async () => {
    const header: NonNullable<FormDefinitionResponse['header']> = {
      name: { name: 'title', kind: 'text' },
      number: { name: 'ticketnumber', kind: 'text' },
      status: { name: 'statuscode', kind: 'choice', options: [{ value: 1, label: { en: 'In progress' } }] },
      owner: { name: 'ownerid', kind: 'owner' },
    };
    const record = caseRecord({ statuscode: 1, ownerid: { id: 't1', type: 'team', name: 'Escalations' } });
    const { el } = await mount(
      [defRoute(caseForm({ header })), recRoute(record)],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    await until(() => $(el, '[part=record-header]'));
    const head = $(el, '[part=record-header]')!;
    expect(head.querySelector('[part=record-name]')!.textContent).to.equal('Printer jams');
    expect(head.querySelector('[part=record-number]')!.textContent).to.equal('CAS-01000');
    const badge = head.querySelector('[part=status]')!;
    expect(badge.textContent).to.equal('In progress');
    // An open record's badge is marked so (statecode 0).
    expect(badge.classList.contains('open')).to.equal(true);
    expect(head.querySelector('[part=owner]')!.textContent).to.equal('Owner: Escalations');
    // Above the sections.
    expect(head.getBoundingClientRect().bottom).to.be.at.most($(el, 'fieldset')!.getBoundingClientRect().top);
    await expect(el).to.be.accessible();

    const create = await mount([defRoute(caseForm({ header }))]);
    await until(() => $(create.el, '[part=notice]'));
    expect($(create.el, '[part=record-header]')).to.equal(null);
  });

  it('leaves its title to the host: shown by default, left out with hide-title, at the level heading-level says', async () => {
    const { el } = await mount([defRoute()]);
    const title = $(el, '[part=title]')!;
    expect(title.localName).to.equal('h2');
    expect(title.textContent).to.equal('New case');
    expect(title.hasAttribute('aria-level')).to.equal(false);
    // The panel has room inside it.
    expect(parseFloat(getComputedStyle($(el, '[part=base]')!).paddingInlineStart)).to.be.above(8);

    const hidden = await mount([defRoute()], html`<portico-form form="case" hide-title></portico-form>`);
    expect($(hidden.el, '[part=title]')).to.equal(null);
    expect($(hidden.el, 'form')).to.not.equal(null);

    const third = await mount(
      [defRoute()],
      html`<portico-form form="case" heading-level="3"></portico-form>`,
    );
    expect($(third.el, '[part=title]')!.getAttribute('aria-level')).to.equal('3');
    await expect(third.el).to.be.accessible();
  });
});
