/**
 * The form and the record's state: conflicts (412) and refusals for the state (409), and what a
 * state that does not offer save looks like.
 */
import { expect, html, oneEvent } from '@open-wc/testing';
import './form.js';
import type { PorticoField } from '../../internal/field.js';
import { draftAt } from '../../internal/draft.js';
import {
  ENDPOINT,
  RECORD_ID,
  caseForm,
  caseRecord,
  errorBody,
  on,
  until,
  useApi,
} from '../../internal/test/fixtures.js';
import {
  $,
  button,
  defRoute,
  field,
  footer,
  inDialogs,
  mount,
  recRoute,
  restoreApi,
  shownText,
  type,
} from './form-harness.js';

beforeEach(() => {
  useApi();
  sessionStorage.clear();
});
afterEach(restoreApi);

describe('portico-form and the record state', () => {
  it('on a 412 conflict shows what changed; "Keep my changes" re-applies them on the current version', async () => {
    const current = caseRecord({ title: 'Printer jams', description: 'Their note' }, 'W/"5"');
    let patches = 0;
    const { el, calls } = await mount(
      [
        defRoute(),
        recRoute(),
        on('PATCH', `/forms/case/records/${RECORD_ID}`, () =>
          ++patches === 1
            ? errorBody(412, 'PORTICO_RECORD_CONFLICT', { current })
            : { body: { ...current, etag: 'W/"6"' } },
        ),
      ],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    type(el, 'title', 'Mine');
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=conflict]'));
    const panel = $(el, '[part=conflict]')!;
    expect(panel.textContent).to.contain('Description: Their note');
    expect(field(el, 'title').value).to.equal('Mine');
    await expect(el).to.be.accessible();
    button(el, 'Keep my changes').click();
    await until(() => patches === 2);
    const second = calls.filter((c) => c.method === 'PATCH')[1]!;
    expect(second.headers.get('If-Match')).to.equal('W/"5"');
    expect(second.body).to.deep.equal({ values: { title: 'Mine' } });
  });

  it('on a 412 conflict "Load their version" replaces my edits', async () => {
    const current = caseRecord({ title: 'Theirs' }, 'W/"5"');
    const { el } = await mount(
      [
        defRoute(),
        recRoute(),
        on(
          'PATCH',
          `/forms/case/records/${RECORD_ID}`,
          errorBody(412, 'PORTICO_RECORD_CONFLICT', { current }),
        ),
      ],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    type(el, 'title', 'Mine');
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=conflict]'));
    expect($(el, '[part=conflict]')!.textContent).to.contain('Title: Theirs');
    button(el, 'Load their version').click();
    await el.updateComplete;
    expect($(el, '[part=conflict]')).to.equal(null);
    expect(field(el, 'title').value).to.equal('Theirs');
  });

  it('a record whose state does not offer save is shown read-only, and one that does stays editable', async () => {
    const def = caseForm();
    def.actions = def.actions.map((a) =>
      a.id === 'save' ? { ...a, when: { field: 'statecode', equals: 0 } } : a,
    );
    const closed = await mount(
      [defRoute(def), recRoute(caseRecord({ statecode: 1 }, 'W/"7"'))],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    // Shown as text, not as a disabled or read-only input.
    await until(() => shownText(closed.el, 'Title'));
    expect(shownText(closed.el, 'Title')).to.equal('Printer jams');
    expect(field(closed.el, 'title')).to.equal(null);
    expect(closed.el.shadowRoot!.querySelector('button[type=submit]')).to.equal(null);
    const open = await mount(
      [defRoute(def), recRoute(caseRecord({ statecode: 0 }, 'W/"8"'))],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    await until(() => field(open.el, 'title'));
    expect(field(open.el, 'title').readonly).to.equal(false);
    expect(open.el.shadowRoot!.querySelector('button[type=submit]')).to.not.equal(null);
  });

  it('on a 409 record-state answer shows the record as it is now, keeps the input and says why', async () => {
    const def = caseForm();
    def.actions = def.actions.map((a) =>
      a.id === 'resolve'
        ? { ...a, when: { field: 'statecode', equals: 0 } }
        : a.id === 'reopen'
          ? { ...a, when: { field: 'statecode', equals: 1 } }
          : a,
    );
    const closed = caseRecord({ statecode: 1, ticketnumber: 'CAS-01001' }, 'W/"7"');
    const message = 'This case is closed. Reopen it first.';
    const { el, calls } = await mount(
      [
        defRoute(def),
        recRoute(),
        on(
          'POST',
          `/forms/case/records/${RECORD_ID}/actions/resolve`,
          errorBody(409, 'PORTICO_RECORD_STATE', { message, current: closed }),
        ),
        on('PATCH', `/forms/case/records/${RECORD_ID}`, { body: { ...closed, etag: 'W/"8"' } }),
      ],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    const offered = (): string[] =>
      [...el.shadowRoot!.querySelectorAll('[part~=action]')].map((b) => b.textContent!.trim());
    expect(offered()).to.include('Resolve').and.not.include('Reopen');
    type(el, 'title', 'Mine');

    button(el, 'Resolve').click();
    const dialog = inDialogs(el, 'portico-dialog')!;
    await until(() => dialog.shadowRoot!.querySelector('dialog')!.open);
    const res = inDialogs(el, '#portico-resolution') as PorticoField;
    res.value = 'Replaced the toner';
    await res.updateComplete;
    setTimeout(() => footer(el).at(-1)!.click());
    const error = await oneEvent(el, 'portico-error');
    expect(error.detail.code).to.equal('PORTICO_RECORD_STATE');
    await until(() => $(el, '[part=problem]'));

    const problem = $(el, '[part=problem]')!;
    expect(problem.textContent).to.contain(message);
    expect(problem.querySelector('button')).to.equal(null);
    expect($(el, '[part=conflict]')).to.equal(null);
    // The record as it is now: its values, and the actions its state offers.
    expect(shownText(el, 'Case number')).to.equal('CAS-01001');
    expect(offered()).to.include('Reopen').and.not.include('Resolve');
    // The unsent input stays, on screen and in the draft.
    expect(field(el, 'title').value).to.equal('Mine');
    expect(JSON.parse(sessionStorage.getItem(draftAt(ENDPOINT, 'case', RECORD_ID))!)).to.deep.equal({
      title: 'Mine',
    });
    await expect(el).to.be.accessible();

    // A save now goes out against the record as it is now.
    button(el, 'Submit case').click();
    await until(() => calls.some((c) => c.method === 'PATCH'));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).to.equal('W/"7"');
    expect(patch.body).to.deep.equal({ values: { title: 'Mine' } });
  });
});
