import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './form.js';
import type { PorticoForm } from './form.js';
import type { PorticoField } from '../../internal/field.js';
import {
  RECORD_ID,
  caseForm,
  caseRecord,
  errorBody,
  on,
  stubApi,
  until,
  useApi,
} from '../../internal/test/fixtures.js';
import type { Route } from '../../internal/test/fixtures.js';
import {
  $,
  adoptStub,
  button,
  defRoute,
  field,
  footer,
  inDialogs,
  mount,
  pick,
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

describe('portico-form', () => {
  it('shows a loading state that is accessible, then the form', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The definition request stays pending until the test ends.
    const api = stubApi((c) =>
      c.url.pathname === '/api/v1/forms/case' ? (gate as Promise<never>) : undefined,
    );
    adoptStub(api);
    const el = await fixture<PorticoForm>(html`<portico-form form="case"></portico-form>`);
    await until(() => $(el, '[part=loading]'));
    expect($(el, '[part=loading]')!.textContent).to.equal('Loading…');
    expect($(el, '[part=base]')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    release();
  });

  it('renders title, sections, labels and help from the definition, and is accessible', async () => {
    const { el, calls } = await mount([defRoute()]);
    expect($(el, '[part=title]')!.textContent).to.equal('New case');
    expect(
      [...el.shadowRoot!.querySelectorAll('[part=section-label]')].map((l) => l.textContent),
    ).to.deep.equal(['Details', 'More']);
    expect(field(el, 'title').localName).to.equal('portico-text-field');
    expect(field(el, 'casetypecode').localName).to.equal('portico-choice-field');
    // The customer is read-only on this form: shown as text, not as a lookup input.
    expect(field(el, 'customerid')).to.equal(null);
    expect(shownText(el, 'Customer')).to.equal('—');
    expect(field(el, 'title').required).to.equal(true);
    expect(calls[0]!.headers.get('Authorization')).to.equal('Bearer token-1');
    expect(calls[0]!.url.href).to.equal('https://portico.test/api/v1/forms/case');
    // Create mode offers only save.
    expect(
      [...el.shadowRoot!.querySelectorAll('[part~=action]')].map((b) => b.textContent!.trim()),
    ).to.deep.equal(['Submit case']);
    await expect(el).to.be.accessible();
  });

  it('speaks the page language', async () => {
    const { el } = await mount([defRoute()], html`<portico-form form="case" lang="de"></portico-form>`);
    expect($(el, '[part=title]')!.textContent).to.equal('Neuer Fall');
    button(el, 'Fall einreichen').click();
    await until(() => $(el, '[part=error-summary]'));
    expect($(el, '[part=error-summary]')!.textContent).to.contain('Titel: Dieses Feld ist erforderlich.');
  });

  it('renders hostile labels as text and an unknown field kind read-only, never sending it', async () => {
    const def = caseForm();
    def.title = { en: '<img src=x onerror="window.pwned=1">' };
    def.sections[1]!.fields.push({
      name: 'future',
      kind: 'hologram' as 'text',
      label: { en: 'Future' },
      required: true,
      readOnly: false,
    });
    const rec = caseRecord({ future: 'kept as is' });
    const { el, calls } = await mount(
      [defRoute(def), recRoute(rec), on('PATCH', `/forms/case/records/${RECORD_ID}`, { body: rec })],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    expect($(el, '[part=title]')!.textContent).to.equal('<img src=x onerror="window.pwned=1">');
    expect($(el, '[part=title] img')).to.equal(null);
    // A kind this widget does not know is shown as text, never as an input.
    expect(field(el, 'future')).to.equal(null);
    expect(shownText(el, 'Future')).to.equal('kept as is');
    type(el, 'title', 'Changed');
    setTimeout(() => button(el, 'Submit case').click());
    await oneEvent(el, 'portico-saved');
    expect(calls.find((c) => c.method === 'PATCH')!.body).to.deep.equal({ values: { title: 'Changed' } });
  });

  it('shows and requires fields by the JSON conditions', async () => {
    const { el } = await mount([defRoute()]);
    expect($(el, '#prioritycode')).to.equal(null);
    expect(field(el, 'description').required).to.equal(false);
    pick(el, 'casetypecode', '2');
    await el.updateComplete;
    expect($(el, '#prioritycode')).to.not.equal(null);
    expect(field(el, 'description').required).to.equal(true);
  });

  it('on submit with errors: focus moves to the summary, which links to the fields; nothing is sent', async () => {
    const { el, calls } = await mount([defRoute()]);
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=error-summary]'));
    const summary = $(el, '[part=error-summary]')!;
    expect(summary.getAttribute('role')).to.equal('alert');
    const link = summary.querySelector('a')!;
    expect(link.textContent).to.equal('Title: This field is required.');
    // Compared as a boolean: a failing comparison of two elements is too much for the runner to print.
    expect(el.shadowRoot!.activeElement === summary).to.equal(true);
    // One line per field in error, each linked.
    expect(summary.querySelectorAll('li')).to.have.length(summary.querySelectorAll('a').length);
    const input = field(el, 'title').shadowRoot!.querySelector('input')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.contain('e');
    expect(calls.filter((c) => c.method === 'POST')).to.have.length(0);
    await expect(el).to.be.accessible();
    (field(el, 'casetypecode') as HTMLElement).focus();
    link.click();
    expect(el.shadowRoot!.activeElement === field(el, 'title')).to.equal(true);
  });

  it('maps validator (Ajv) errors to fields and form-level messages', async () => {
    const def = caseForm();
    delete def.sections[0]!.fields[0]!.maxLength;
    const { el, calls } = await mount([defRoute(def)]);
    type(el, 'title', 'A title that is far too long');
    // The form imports the validator in the background; once this import settles, so has the form's.
    await import(def.validator);
    await new Promise((r) => setTimeout(r, 50));
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=error-summary]'));
    expect(field(el, 'title').error).to.equal('Use at most 20 characters.');
    expect(calls.filter((c) => c.method === 'POST')).to.have.length(0);
  });

  it('fires a cancelable portico-submit, then creates, fires portico-saved and clears the draft', async () => {
    const created = { ...caseRecord({ title: 'Broken' }), id: 'new-id' };
    const { el, calls } = await mount([
      defRoute(),
      on('POST', '/forms/case/records', { status: 201, body: created }),
    ]);
    type(el, 'title', 'Broken');
    // The draft is kept by the form's chunk, which follows the first render.
    await until(() => sessionStorage.length === 1);
    const stop = (e: Event): void => e.preventDefault();
    el.addEventListener('portico-submit', stop, { once: true });
    button(el, 'Submit case').click();
    await el.updateComplete;
    expect(calls.filter((c) => c.method === 'POST')).to.have.length(0);

    setTimeout(() => button(el, 'Submit case').click());
    const submit = await oneEvent(el, 'portico-submit');
    expect(submit.bubbles && submit.composed && submit.cancelable).to.equal(true);
    expect(submit.detail.values).to.deep.equal({ title: 'Broken' });
    const saved = await oneEvent(el, 'portico-saved');
    expect(saved.detail.record.id).to.equal('new-id');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url.pathname).to.equal('/api/v1/forms/case/records');
    expect(post.body).to.deep.equal({ values: { title: 'Broken' } });
    await el.updateComplete;
    expect($(el, '[part=notice]')!.textContent).to.equal('Thank you — case created.');
    expect(sessionStorage.length).to.equal(0);
    expect(field(el, 'title').value).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows server field errors on their fields', async () => {
    const { el } = await mount([
      defRoute(),
      on(
        'POST',
        '/forms/case/records',
        errorBody(400, 'PORTICO_VALIDATION_FAILED', {
          fields: [
            { pointer: '/title', code: 'taken', message: 'A case with this title exists.' },
            { pointer: '/secret', code: 'unknown', message: 'Unknown field secret.' },
          ],
        }),
      ),
    ]);
    type(el, 'title', 'Dup');
    setTimeout(() => button(el, 'Submit case').click());
    const err = await oneEvent(el, 'portico-error');
    expect(err.detail.code).to.equal('PORTICO_VALIDATION_FAILED');
    await until(() => $(el, '[part=error-summary]'));
    expect(field(el, 'title').error).to.equal('A case with this title exists.');
    expect($(el, '[part=error-summary]')!.textContent).to.contain('Unknown field secret.');
    await expect(el).to.be.accessible();
  });

  it('edits: loads the record, sends only changes with If-Match', async () => {
    const { el, calls } = await mount(
      [
        defRoute(),
        recRoute(),
        on('PATCH', `/forms/case/records/${RECORD_ID}`, {
          body: caseRecord({ title: 'Printer fixed' }, 'W/"2"'),
        }),
      ],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    expect(el.effectiveMode).to.equal('edit');
    expect(field(el, 'title').value).to.equal('Printer jams');
    expect(shownText(el, 'Customer')).to.equal('Contoso');
    type(el, 'title', 'Printer fixed');
    setTimeout(() => button(el, 'Submit case').click());
    await oneEvent(el, 'portico-saved');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).to.equal('W/"1"');
    expect(patch.body).to.deep.equal({ values: { title: 'Printer fixed' } });
    await expect(el).to.be.accessible();
  });

  it('keeps input on a network failure and retries on request', async () => {
    let fail = true;
    const { el, calls } = await mount([
      defRoute(),
      on('POST', '/forms/case/records', () =>
        fail ? 'network-error' : { status: 201, body: caseRecord({ title: 'Net' }) },
      ),
    ]);
    type(el, 'title', 'Net');
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=problem]'));
    expect($(el, '[part=problem]')!.textContent).to.contain(
      'No connection to the server. Your input is kept.',
    );
    expect(field(el, 'title').value).to.equal('Net');
    await expect(el).to.be.accessible();
    fail = false;
    button(el, 'Try again').click();
    await until(() => $(el, '[part=notice]')!.textContent);
    expect(calls.filter((c) => c.method === 'POST')).to.have.length(2);
  });

  it('sends one Idempotency-Key per draft: the same on a retry and after a reload, a new one after success', async () => {
    let fail = true;
    const routes = [
      defRoute(),
      on('POST', '/forms/case/records', () =>
        fail ? 'network-error' : { status: 201, body: caseRecord({ title: 'Once' }) },
      ),
    ];
    const first = await mount(routes);
    type(first.el, 'title', 'Once');
    button(first.el, 'Submit case').click();
    await until(() => $(first.el, '[part=problem]'));
    button(first.el, 'Try again').click();
    await until(
      () => $(first.el, '[part=problem]') && first.calls.filter((c) => c.method === 'POST').length === 2,
    );
    const keys = first.calls.filter((c) => c.method === 'POST').map((c) => c.headers.get('Idempotency-Key'));
    expect(keys[0]).to.match(/^[\d-]{16,128}$/);
    expect(keys[1]).to.equal(keys[0]);

    // The page is reloaded with the draft still unsent; restored and submitted, it keeps its key.
    first.el.remove();
    restoreApi();
    fail = false;
    const { el, calls } = await mount(routes);
    await until(() => $(el, '[part=draft]'));
    button(el, 'Restore it').click();
    await el.updateComplete;
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=notice]')!.textContent);
    expect(calls.find((c) => c.method === 'POST')!.headers.get('Idempotency-Key')).to.equal(keys[0]);

    // Saved: the next record is a new draft with a new key.
    type(el, 'title', 'Twice');
    button(el, 'Submit case').click();
    await until(() => calls.filter((c) => c.method === 'POST').length === 2);
    const next = calls.filter((c) => c.method === 'POST')[1]!.headers.get('Idempotency-Key');
    expect(next).to.match(/^[\d-]{16,128}$/);
    expect(next).not.to.equal(keys[0]);
  });

  it('sends no Idempotency-Key on an update', async () => {
    const { el, calls } = await mount(
      [
        defRoute(),
        recRoute(),
        on('PATCH', `/forms/case/records/${RECORD_ID}`, { body: caseRecord({ title: 'New' }, 'W/"2"') }),
      ],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    type(el, 'title', 'New');
    button(el, 'Submit case').click();
    await until(() => calls.some((c) => c.method === 'PATCH'));
    expect(calls.find((c) => c.method === 'PATCH')!.headers.has('Idempotency-Key')).to.equal(false);
  });

  it('offers a retry when the server is busy (429)', async () => {
    const { el } = await mount([
      defRoute(),
      on('POST', '/forms/case/records', errorBody(429, 'PORTICO_RATE_LIMITED')),
    ]);
    type(el, 'title', 'Busy');
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=problem]'));
    expect($(el, '[part=problem]')!.textContent).to.contain('The server is busy. Your input is kept.');
    expect(button(el, 'Try again').textContent!.trim()).to.equal('Try again');
  });

  it('asks for a new token once when the server says it expired', async () => {
    let n = 0;
    useApi(() => `token-${++n}`);
    const { el, calls } = await mount([
      (c) =>
        c.headers.get('Authorization') === 'Bearer token-1'
          ? errorBody(401, 'PORTICO_AUTH_TOKEN_EXPIRED')
          : undefined,
      defRoute(),
    ]);
    expect($(el, '[part=title]')!.textContent).to.equal('New case');
    expect(calls.map((c) => c.headers.get('Authorization'))).to.deep.equal([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('offers unsent input back after a reload, and restores it', async () => {
    const first = await mount([defRoute()]);
    type(first.el, 'title', 'Half typed');
    first.el.remove();
    restoreApi();
    const { el } = await mount([defRoute()]);
    await until(() => $(el, '[part=draft]'));
    await expect(el).to.be.accessible();
    button(el, 'Restore it').click();
    await el.updateComplete;
    expect(field(el, 'title').value).to.equal('Half typed');
    expect($(el, '[part=draft]')).to.equal(null);
  });

  it('reads the draft while its requests are out: after sending them, before their answers', async () => {
    const order: string[] = [];
    const getItem = Storage.prototype.getItem;
    Storage.prototype.getItem = function (this: Storage, key: string) {
      order.push(`storage ${key.split('|')[1] ?? key}`);
      return getItem.call(this, key);
    };
    // The definition answers 50 ms late, as over a network.
    const slowDef: Route = (c) =>
      c.url.pathname.endsWith('/forms/case')
        ? new Promise((r) =>
            setTimeout(() => {
              order.push('answer');
              r(
                new Response(JSON.stringify(caseForm()), { headers: { 'Content-Type': 'application/json' } }),
              );
            }, 50),
          )
        : undefined;
    try {
      const { el } = await mount(
        [
          (c) => void order.push(`${c.method} ${c.url.pathname.replace(/^.*\/api\/v1/, '')}`),
          slowDef,
          recRoute(),
        ],
        html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
      );
      // Both requests (in the same task, in either order), then the draft, then an answer.
      expect([...order.slice(0, 2).sort(), ...order.slice(2)]).to.deep.equal([
        'GET /forms/case',
        `GET /forms/case/records/${RECORD_ID}`,
        'storage case',
        'answer',
      ]);
      expect($(el, 'form')).to.not.equal(null);
    } finally {
      Storage.prototype.getItem = getItem;
    }
  });

  it('shows a load failure with a retry', async () => {
    let ok = false;
    const { el } = await mount([
      (c) => (ok ? undefined : c.method === 'GET' ? errorBody(500, 'PORTICO_UPSTREAM_FAILED') : undefined),
      defRoute(),
    ]);
    expect($(el, '[part=problem]')!.textContent).to.contain('This could not be loaded.');
    await expect(el).to.be.accessible();
    ok = true;
    button(el, 'Try again').click();
    await until(() => $(el, 'form'));
  });

  it('refuses a mode the definition does not offer', async () => {
    const { el } = await mount(
      [defRoute(caseForm({ modes: ['create'] })), recRoute()],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    expect($(el, '[part=problem]')!.textContent).to.contain('This form does not offer this mode.');
  });

  it('renders its dialogs only when an offered action can open them', async () => {
    const { el } = await mount([defRoute()]);
    // Create mode offers only "save": no confirmation dialog, no assign dialog (and no owner picker).
    expect($(el, 'portico-action-dialog')).to.equal(null);
    expect($(el, 'portico-assign-dialog')).to.equal(null);
    restoreApi();
    const { el: edit } = await mount(
      [defRoute(), recRoute()],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    expect(inDialogs(edit, 'portico-dialog')).to.not.equal(null);
    expect(inDialogs(edit, 'portico-assign-dialog')).to.not.equal(null);
  });

  it('view mode is read-only and offers the record actions', async () => {
    const { el } = await mount(
      [defRoute(), recRoute()],
      html`<portico-form form="case" record-id=${RECORD_ID} mode="view"></portico-form>`,
    );
    expect(field(el, 'title')).to.equal(null);
    expect(shownText(el, 'Title')).to.equal('Printer jams');
    expect(
      [...el.shadowRoot!.querySelectorAll('[part~=action]')].map((b) => b.textContent!.trim()),
    ).to.deep.equal(['Delete', 'Assign', 'Resolve', 'Cancel case', 'Reopen']);
    await expect(el).to.be.accessible();
  });

  it('deletes after confirmation; Escape cancels without a request', async () => {
    const { el, calls } = await mount(
      [defRoute(), recRoute(), on('DELETE', `/forms/case/records/${RECORD_ID}`, { status: 204 })],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    const del = button(el, 'Delete');
    del.focus();
    del.click();
    const dialog = inDialogs(el, 'portico-dialog')!;
    await until(() => dialog.shadowRoot!.querySelector('dialog')!.open);
    expect($(el, 'portico-action-dialog')!.shadowRoot!.textContent).to.contain('Delete this case?');
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.shadowRoot!.querySelector('dialog')!.open);
    expect(calls.some((c) => c.method === 'DELETE')).to.equal(false);
    del.click();
    await until(() => dialog.shadowRoot!.querySelector('dialog')!.open);
    const confirm = footer(el).at(-1)!;
    expect(confirm.textContent!.trim()).to.equal('Delete');
    setTimeout(() => confirm.click());
    const action = await oneEvent(el, 'portico-action');
    expect(action.detail.action).to.equal('delete');
    const req = calls.find((c) => c.method === 'DELETE')!;
    expect(req.headers.get('If-Match')).to.equal('W/"1"');
    await el.updateComplete;
    expect($(el, '[part=notice]')!.textContent).to.equal('Case deleted.');
    expect($(el, 'form')).to.equal(null);
  });

  it('resolves with a required resolution text', async () => {
    const { el, calls } = await mount(
      [
        defRoute(),
        recRoute(),
        on('POST', `/forms/case/records/${RECORD_ID}/actions/resolve`, {
          body: caseRecord({ statecode: 1 }, 'W/"3"'),
        }),
      ],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    button(el, 'Resolve').click();
    const dialog = inDialogs(el, 'portico-dialog')!;
    await until(() => dialog.shadowRoot!.querySelector('dialog')!.open);
    await expect(el).to.be.accessible();
    const confirm = footer(el).at(-1)!;
    confirm.click();
    await until(() => dialog.shadowRoot!.querySelector('dialog')!.open);
    const res = inDialogs(el, '#portico-resolution') as PorticoField;
    await res.updateComplete;
    expect(res.validationMessage).to.equal('This field is required.');
    res.value = 'Replaced the toner';
    await res.updateComplete;
    setTimeout(() => confirm.click());
    const action = await oneEvent(el, 'portico-action');
    expect(action.detail.action).to.equal('resolve');
    const req = calls.find((c) => c.url.pathname.endsWith('/actions/resolve'))!;
    expect(req.body).to.deep.equal({ resolution: 'Replaced the toner' });
    expect(req.headers.get('If-Match')).to.equal('W/"1"');
  });

  it('assigns through the assign dialog', async () => {
    const { el, calls } = await mount(
      [
        defRoute(),
        recRoute(),
        on('GET', '/forms/case/owners', { body: { value: [{ id: 't1', type: 'team', name: 'Support' }] } }),
        on('POST', `/forms/case/records/${RECORD_ID}/actions/assign`, { status: 204 }),
      ],
      html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
    );
    button(el, 'Assign').click();
    const ad = inDialogs(el, 'portico-assign-dialog')!;
    const owner = ad.shadowRoot!.querySelector('portico-owner-field')!;
    await until(() => owner.shadowRoot!.activeElement);
    await sendKeys({ press: 'ArrowDown' });
    await until(() => owner.shadowRoot!.querySelector('[role=option]')?.textContent?.includes('Support'));
    await sendKeys({ press: 'Enter' });
    (ad.shadowRoot!.querySelector('button.primary') as HTMLButtonElement).click();
    const action = await oneEvent(el, 'portico-action');
    expect(action.detail.action).to.equal('assign');
    expect(calls.find((c) => c.url.pathname.endsWith('/actions/assign'))!.body).to.deep.equal({
      owner: { id: 't1', type: 'team' },
    });
  });

  it('works without the validator module and says nothing alarming', async () => {
    const warn = console.warn;
    const seen: unknown[] = [];
    console.warn = (...a: unknown[]) => void seen.push(a[0]);
    try {
      const { el, calls } = await mount([
        // Nothing listens on port 9 of the loopback interface: the import fails like a blocked or offline server.
        defRoute(caseForm({ validator: 'http://127.0.0.1:9/validator.js' })),
        on('POST', '/forms/case/records', { status: 201, body: caseRecord() }),
      ]);
      await until(() => seen.length > 0);
      expect(seen).to.deep.equal(['PORTICO_WIDGET_VALIDATOR_UNAVAILABLE']);
      expect($(el, '[part=problem]')).to.equal(null);
      type(el, 'title', 'Still works');
      setTimeout(() => button(el, 'Submit case').click());
      await oneEvent(el, 'portico-saved');
      expect(calls.some((c) => c.method === 'POST')).to.equal(true);
    } finally {
      console.warn = warn;
    }
  });
});
