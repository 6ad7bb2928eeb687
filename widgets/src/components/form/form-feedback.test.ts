// Feedback where the user looks: the busy button, the outcome beside the buttons in each action's own
// words, errors that take focus, a way back from a missing record; and inputs that help: a definition
// that changed meanwhile, maxlength, input modes, the phone pattern, the warning before leaving.
import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FieldDefinition, FormDefinitionResponse } from '../../../../server/api/contract.js';
import type { PorticoForm } from './form.js';
import { RECORD_ID, caseForm, caseRecord, errorBody, on, until } from '../../internal/test/fixtures.js';
import type { Route } from '../../internal/test/fixtures.js';
import {
  $,
  aroundEachTest,
  button,
  defRoute,
  field,
  footer,
  inDialogs,
  mount,
  recRoute,
  type,
} from './form-harness.js';

aroundEachTest();

/** A writable, optional field of the test forms. */
const extraField = (name: string, label: string, over: Partial<FieldDefinition> = {}): FieldDefinition => ({
  name,
  kind: 'text',
  label: { en: label },
  required: false,
  readOnly: false,
  ...over,
});

/** A validator module that accepts anything (`tag` makes its URL differ), so only the server refuses. */
const accepts = (tag = ''): string =>
  `data:text/javascript,${encodeURIComponent(`export default () => true; // ${tag}`)}`;

const editForm = (over: Partial<FormDefinitionResponse> = {}): FormDefinitionResponse =>
  caseForm({ onSuccess: undefined, ...over });
const record = html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`;

/** A reply held until `release()`: the server is slow. */
function held(body: unknown): { route: (path: string, method: string) => Route; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    route: (path, method) =>
      on(
        method,
        path,
        gate.then(
          () => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } }),
        ),
      ),
    release,
  };
}

/** Presses the confirming button of the open confirmation dialog. */
async function confirm(el: PorticoForm): Promise<void> {
  const dialog = inDialogs(el, 'portico-dialog')!;
  await until(() => dialog.shadowRoot!.querySelector('dialog')!.open);
  footer(el).at(-1)!.click();
}

/** The outcome beside the buttons: in a live region, just below the button row. */
function outcome(el: PorticoForm): HTMLElement {
  const notice = $(el, '[part=notice]')!;
  expect(notice.getAttribute('role')).to.equal('status');
  return notice;
}

const box = (b: Element): string => {
  const r = b.getBoundingClientRect();
  return [r.x, r.y, r.width, r.height].join();
};

describe('portico-form feedback', () => {
  it('shows a busy button: its busy text and a spinner, all buttons inactive, and nothing moves', async () => {
    const slow = held(caseRecord({ title: 'Changed' }, 'W/"2"'));
    const { el } = await mount(
      [defRoute(editForm()), recRoute(), slow.route(`/forms/case/records/${RECORD_ID}`, 'PATCH')],
      record,
    );
    const save = button(el, 'Submit case');
    const before = box(save);
    const row = box($(el, '[part=actions]')!);
    type(el, 'title', 'Changed');
    save.click();
    await until(() => save.getAttribute('aria-busy') === 'true');
    // The label gives way to "Saving…" with a spinner; every button says it is not available.
    expect(getComputedStyle(save, '::after').visibility).to.equal('visible');
    expect(save.dataset.busy).to.equal('Saving…');
    // The label is hidden from sight only: it stays the button's name for screen readers.
    expect(getComputedStyle(save.querySelector('span')!).color).to.equal('rgba(0, 0, 0, 0)');
    expect(getComputedStyle(save, '::before').animationName).to.equal('spin');
    for (const b of el.shadowRoot!.querySelectorAll('[part~=action]'))
      expect(b.getAttribute('aria-disabled')).to.equal('true');
    expect(button(el, 'Delete').getAttribute('aria-busy')).to.equal('false');
    // The same box before and while busy: no layout shift.
    expect(box(save)).to.equal(before);
    expect(box($(el, '[part=actions]')!)).to.equal(row);
    await expect(el).to.be.accessible();
    slow.release();
    await until(() => save.getAttribute('aria-busy') === 'false');
    expect(box(save)).to.equal(before);
    expect(outcome(el).textContent).to.equal('Saved.');
  });

  it('says what each action did, beside the buttons and in a live region, in the page language', async () => {
    const done = async (
      id: string,
      label: string,
      reply: Route,
      expected: string,
      markup = record,
    ): Promise<void> => {
      const { el } = await mount([defRoute(editForm()), recRoute(), reply], markup);
      button(el, label).click();
      if (id === 'assign') {
        const ad = inDialogs(el, 'portico-assign-dialog')!;
        const owner = ad.shadowRoot!.querySelector('portico-owner-field')!;
        await until(() => owner.shadowRoot!.activeElement);
        await sendKeys({ press: 'ArrowDown' });
        await until(() => owner.shadowRoot!.querySelector('[role=option]'));
        await sendKeys({ press: 'Enter' });
        (ad.shadowRoot!.querySelector('button.primary') as HTMLButtonElement).click();
      } else {
        if (id === 'resolve') {
          const dialog = inDialogs(el, 'portico-dialog')!;
          await until(() => dialog.shadowRoot!.querySelector('dialog')!.open);
          const resolution = inDialogs(el, '#portico-resolution') as HTMLElement & { value: unknown };
          resolution.value = 'Replaced the toner';
        }
        await confirm(el);
      }
      await until(() => outcome(el).textContent!.trim(), 5000);
      expect(outcome(el).textContent, id).to.equal(expected);
      // Next to the buttons that were pressed, not at the top of the form (a deleted record leaves
      // only the outcome).
      const above = $(el, '[part=actions]') ?? $(el, '[part=title]')!;
      const gap = outcome(el).getBoundingClientRect().top - above.getBoundingClientRect().bottom;
      expect(gap, id).to.be.within(-1, 60);
    };
    const answer = (id: string, over: object = {}): Route =>
      on('POST', `/forms/case/records/${RECORD_ID}/actions/${id}`, { body: caseRecord(over, 'W/"2"') });
    const escalations = caseRecord({ ownerid: { id: 't2', type: 'team', name: 'Escalations' } }, 'W/"2"');
    const owners = on('GET', '/forms/case/owners', {
      body: { value: [{ id: 't2', type: 'team', name: 'Escalations' }] },
    });
    await done('resolve', 'Resolve', answer('resolve', { statecode: 1 }), 'Case resolved.');
    await done('cancel', 'Cancel case', answer('cancel', { statecode: 2 }), 'Case cancelled.');
    await done('reopen', 'Reopen', answer('reopen'), 'Case reopened.');
    await done(
      'delete',
      'Delete',
      on('DELETE', `/forms/case/records/${RECORD_ID}`, { status: 204 }),
      'Case deleted.',
    );
    const assign: Route = (c) =>
      owners(c) ?? on('POST', `/forms/case/records/${RECORD_ID}/actions/assign`, { body: escalations })(c);
    await done('assign', 'Assign', assign, 'Assigned to Escalations.');
    await done(
      'resolve',
      'Lösen',
      answer('resolve', { statecode: 1 }),
      'Fall gelöst.',
      html`<portico-form form="case" record-id=${RECORD_ID} lang="de"></portico-form>`,
    );
  });

  it('moves focus to the error summary and scrolls it into view after a save at the foot of a long form', async () => {
    const def = editForm();
    def.sections[0]!.fields.push(
      ...Array.from({ length: 14 }, (_, i) => extraField(`note${i}`, `Note ${i}`)),
    );
    const { el } = await mount([defRoute(def)]);
    const save = button(el, 'Submit case');
    save.scrollIntoView({ block: 'end' });
    const summaryAt = $(el, 'form')!.getBoundingClientRect().top;
    expect(summaryAt, 'the top of the form is out of view').to.be.below(0);
    save.click();
    await until(() => $(el, '[part=error-summary]'));
    const summary = $(el, '[part=error-summary]')!;
    await until(() => el.shadowRoot!.activeElement === summary);
    const at = summary.getBoundingClientRect();
    expect(at.top).to.be.at.least(0);
    expect(at.bottom).to.be.at.most(innerHeight);
  });

  it('offers a way back, not a retry, for a record that is not there', async () => {
    const { el } = await mount(
      [defRoute(), on('GET', `/forms/case/records/${RECORD_ID}`, errorBody(404, 'PORTICO_RECORD_NOT_FOUND'))],
      record,
    );
    const problem = $(el, '[part=problem]')!;
    expect(problem.textContent).to.contain('Server says PORTICO_RECORD_NOT_FOUND');
    expect([...problem.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal([
      'Go back',
    ]);
    const back = history.back;
    let went = 0;
    history.back = () => void went++;
    try {
      button(el, 'Go back').click();
    } finally {
      history.back = back;
    }
    expect(went).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('says in plain words that there is nothing to save, without asking the server', async () => {
    const { el, calls } = await mount([defRoute(editForm()), recRoute()], record);
    button(el, 'Submit case').click();
    await until(() => outcome(el).textContent);
    expect(outcome(el).textContent).to.equal('There are no changes to save.');
    expect(calls.filter((c) => c.method === 'PATCH')).to.have.length(0);
  });

  it('adds no unlinked line to the summary for a rule that only accompanies a field error', async () => {
    // A validator module whose requiredWhen (if/then) fails: Ajv reports the `required` and the `if`.
    const module = `data:text/javascript,${encodeURIComponent(`
      export default function validate() {
        validate.errors = [
          { instancePath: '', keyword: 'required', params: { missingProperty: 'description' } },
          { instancePath: '', keyword: 'if', params: { failingKeyword: 'then' } },
        ];
        return false;
      }`)}`;
    const { el, calls } = await mount([defRoute(caseForm({ validator: module }))]);
    type(el, 'title', 'Printer jams');
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=error-summary]'));
    const items = [...$(el, '[part=error-summary]')!.querySelectorAll('li')];
    expect(items.map((li) => li.textContent!.trim())).to.deep.equal(['Description: This field is required.']);
    expect(items[0]!.querySelector('a')).to.not.equal(null);
    expect(calls.some((c) => c.method === 'POST')).to.equal(false);
  });
});

describe('portico-form inputs that help', () => {
  it("reloads a definition that changed meanwhile, keeps what remains and names what went in the user's words", async () => {
    // The server is the one that knows the field went.
    const before = caseForm({ onSuccess: undefined, validator: accepts('before') });
    before.sections[0]!.fields.push(extraField('fax', 'Fax'));
    const after = caseForm({ onSuccess: undefined, validator: accepts('after') });
    let loads = 0;
    const defs: Route = on('GET', '/forms/case', () => ({ body: loads++ ? after : before }));
    const refused = errorBody(400, 'PORTICO_VALIDATION_FAILED', {
      fields: [
        {
          pointer: '/fax',
          code: 'PORTICO_VALIDATION_UNKNOWN_FIELD',
          message: 'Unknown field "fax": this form does not accept it.',
        },
      ],
    });
    let posts = 0;
    const { el, calls } = await mount([
      defs,
      on('POST', '/forms/case/records', () => (posts++ ? { status: 201, body: caseRecord() } : refused)),
    ]);
    type(el, 'title', 'Printer jams');
    type(el, 'fax', '030 1234');
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=problem]'));
    const problem = $(el, '[part=problem]')!.textContent!.trim();
    expect(problem).to.equal(
      "This form changed while you were editing: 'Fax' is no longer on it. Check and save again.",
    );
    expect(problem).to.not.contain('fax');
    expect(loads).to.equal(2);
    // The field that went is gone; what remains keeps the input.
    expect(field(el, 'fax')).to.equal(null);
    expect(field(el, 'title').value).to.equal('Printer jams');
    // Saving again sends what the form now has.
    button(el, 'Submit case').click();
    await until(() => posts === 2);
    expect(calls.filter((c) => c.method === 'POST').at(-1)!.body).to.deep.equal({
      values: { title: 'Printer jams' },
    });
  });

  it('takes maxlength and the input mode from the definition', async () => {
    const def = caseForm();
    def.sections[0]!.fields.push(
      extraField('telephone1', 'Business Phone', { kind: 'phone', maxLength: 50 }),
      extraField('emailaddress1', 'Email', { kind: 'email', maxLength: 100 }),
    );
    const { el } = await mount([defRoute(def)]);
    const input = (name: string): HTMLInputElement => field(el, name).shadowRoot!.querySelector('input')!;
    expect(input('title').getAttribute('maxlength')).to.equal('20');
    expect(input('telephone1').getAttribute('maxlength')).to.equal('50');
    expect(input('telephone1').getAttribute('inputmode')).to.equal('tel');
    expect(input('emailaddress1').getAttribute('inputmode')).to.equal('email');
    const area = field(el, 'description');
    area.maxlength = 2000;
    await area.updateComplete;
    expect(area.shadowRoot!.querySelector('textarea')!.getAttribute('maxlength')).to.equal('2000');
  });

  it("refuses a phone number the definition's pattern does not allow, and accepts a real one", async () => {
    const def = caseForm({ validator: accepts() });
    def.sections[0]!.fields.push(
      extraField('telephone1', 'Business Phone', {
        kind: 'phone',
        pattern: '^(?:[ +()./xX-]*[0-9]){3}[0-9 +()./xX-]*$',
      }),
    );
    const { el, calls } = await mount([
      defRoute(def),
      on('POST', '/forms/case/records', { status: 201, body: caseRecord() }),
    ]);
    type(el, 'title', 'Call back');
    type(el, 'telephone1', 'call me maybe');
    button(el, 'Submit case').click();
    await until(() => $(el, '[part=error-summary]'));
    expect($(el, '[part=error-summary] a')!.textContent).to.equal(
      'Business Phone: Enter a valid phone number.',
    );
    expect(calls.some((c) => c.method === 'POST')).to.equal(false);
    type(el, 'telephone1', '+1 (555) 0100 x12');
    setTimeout(() => button(el, 'Submit case').click());
    await oneEvent(el, 'portico-saved');
    expect(calls.find((c) => c.method === 'POST')!.body).to.deep.equal({
      values: { title: 'Call back', telephone1: '+1 (555) 0100 x12' },
    });
  });

  it('warns before the page is left only while there is unsent input', async () => {
    const { el } = await mount([
      defRoute(),
      on('POST', '/forms/case/records', { status: 201, body: caseRecord() }),
    ]);
    await until(() => $(el, '[part=notice]'));
    const leave = (): boolean => {
      const event = new Event('beforeunload', { cancelable: true });
      dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leave()).to.equal(false);
    type(el, 'title', 'Half typed');
    expect(leave()).to.equal(true);
    setTimeout(() => button(el, 'Submit case').click());
    await oneEvent(el, 'portico-saved');
    expect(leave()).to.equal(false);
    // A form taken off the page no longer asks.
    type(el, 'title', 'Again');
    el.remove();
    expect(leave()).to.equal(false);
  });
});
