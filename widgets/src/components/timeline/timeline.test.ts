import { expect, fixture, html } from '@open-wc/testing';
import type { PorticoTimeline } from './timeline.js';
import '../form/form.js';
import type { PorticoForm } from '../form/form.js';
import {
  $,
  $$,
  NOTES_PATH,
  defRoute,
  firstPage,
  mount,
  note,
  notes,
  notesRoute,
  restore,
  settings,
} from './timeline-harness.js';
import {
  ENDPOINT,
  RECORD_ID,
  caseForm,
  caseRecord,
  errorBody,
  on,
  stubApi,
  until,
  useApi,
} from '../../internal/test/fixtures.js';
import { fileSize, relativeTime } from './format.js';

beforeEach(() => useApi());
afterEach(() => restore());

describe('portico-timeline', () => {
  it('shows who wrote what and when, newest first, with the staff badge and attachments; accessible', async () => {
    const first = firstPage();
    const { el, calls } = await mount([defRoute(), notesRoute(first)]);
    expect(calls.map((c) => c.url.pathname)).to.have.members(['/api/v1/forms/case', `/api/v1${NOTES_PATH}`]);
    expect($(el, '[part~=title]')!.textContent).to.equal('Conversation');
    expect(notes(el)).to.deep.equal([
      'We have ordered a new drum unit.',
      'The printer jams on every second page.',
    ]);
    const articles = $$(el, 'article[part~=note]');
    expect(articles.map((a) => a.querySelector('[part~=author]')!.textContent)).to.deep.equal([
      'Contoso Support',
      'You',
    ]);
    expect(articles[0]!.querySelector('[part~=badge]')!.textContent).to.equal('Staff');
    expect(articles[1]!.querySelector('[part~=badge]')).to.equal(null);
    expect(articles[0]!.getAttribute('part')).to.contain('note-staff');
    expect(articles[1]!.getAttribute('part')).to.contain('note-mine');
    const time = articles[0]!.querySelector('time')!;
    expect(time.dateTime).to.equal(first.value[0]!.createdOn);
    const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(time.dateTime),
    );
    // Relative on screen; absolute on hover and for screen readers.
    expect(time.textContent).to.equal(`3 hours ago, ${absolute}`);
    expect(time.title).to.equal(absolute);
    const link = articles[0]!.querySelector<HTMLAnchorElement>('[part~=attachment]')!;
    expect(link.textContent).to.equal('order.pdf');
    expect(link.href).to.equal(`${ENDPOINT}/api/v1${NOTES_PATH}/${first.value[0]!.id}/attachment`);
    expect(articles[0]!.querySelector('.file .hint')!.textContent).to.equal('248 kB');
    expect(articles[0]!.querySelector('svg[part~=icon]')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('loads older notes with the cursor, below the others, and moves focus to the first of them', async () => {
    const { el, calls } = await mount();
    $<HTMLButtonElement>(el, '[part~=older]')!.click();
    await until(() => notes(el).length === 3);
    const older = calls.filter((c) => c.url.pathname === `/api/v1${NOTES_PATH}`);
    expect(older.map((c) => c.url.searchParams.get('before'))).to.deep.equal([null, 'cursor-2']);
    expect(notes(el)[2]).to.equal('First message.');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal($$(el, 'article')[2]);
    // The older page had no `next`: nothing more to load.
    expect($(el, '[part~=older]')).to.equal(null);
  });

  it('keeps the notes shown when loading older ones fails, and offers a retry', async () => {
    let fail = true;
    const { el } = await mount([
      defRoute(),
      on('GET', NOTES_PATH, (call) =>
        call.url.searchParams.get('before') && fail ? 'network-error' : { body: firstPage() },
      ),
    ]);
    $<HTMLButtonElement>(el, '[part~=older]')!.click();
    await until(() => $(el, '[part~=problem]'));
    expect($(el, '[part~=problem] p')!.textContent).to.equal(
      'No connection to the server. Your input is kept.',
    );
    expect(notes(el)).to.have.length(2);
    fail = false;
    $<HTMLButtonElement>(el, '[part~=problem] button')!.click();
    await until(() => notes(el).length === 4);
    expect($(el, '[part~=problem]')).to.equal(null);
  });

  it('says so when there are no notes yet', async () => {
    const { el } = await mount([defRoute(), on('GET', NOTES_PATH, { body: { value: [] } })]);
    expect($(el, '[part~=empty]')!.textContent).to.equal('No notes yet.');
    expect($(el, '[part~=older]')).to.equal(null);
  });

  it('shows nothing when the role may not read notes (no timeline in the definition)', async () => {
    restore();
    const api = stubApi(defRoute(null), on('GET', NOTES_PATH, errorBody(403, 'PORTICO_FORBIDDEN')));
    try {
      const el = await fixture<PorticoTimeline>(
        html`<portico-timeline form-id="case" record-id=${RECORD_ID}></portico-timeline>`,
      );
      await until(() => api.calls.length === 2);
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('section') === null).to.equal(true);
    } finally {
      api.restore();
    }
  });

  it('in German: messages, relative and absolute times, sizes', async () => {
    const { el } = await mount(
      [defRoute(), notesRoute()],
      html`<portico-timeline form-id="case" record-id=${RECORD_ID} lang="de"></portico-timeline>`,
    );
    expect($(el, '[part~=title]')!.textContent).to.equal('Verlauf');
    const time = $$(el, 'time')[0]!;
    expect(time.textContent).to.equal(`vor 3 Stunden, ${time.title}`);
    // German medium date: day.month.year, 24-hour time.
    expect(time.title).to.match(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
    expect($$(el, '[part~=author]')[1]!.textContent).to.equal('Sie');
    expect($$(el, '[part~=badge]')[0]!.textContent).to.equal('Mitarbeiter');
    expect(el.shadowRoot!.querySelector('.file .hint')!.textContent).to.equal('248 kB');
    expect(fileSize(2_500_000, 'de')).to.equal('2,5 MB');
    expect(fileSize(70, 'de')).to.equal('70 Byte');
    expect(fileSize(70, 'en')).to.equal('70 bytes');
    expect(relativeTime(new Date(Date.now() - 86_400_000).toISOString(), 'de')).to.equal('gestern');
    expect($(el, '[part~=send]')!.textContent!.trim()).to.equal('Notiz senden');
  });

  it('downloads an attachment with the token, through an object URL', async () => {
    const { el, calls } = await mount([
      defRoute(),
      notesRoute(),
      on('GET', /\/attachment$/, () =>
        Promise.resolve(new Response(new Blob(['%PDF-1.7']), { status: 200 })),
      ),
    ]);
    const saved: Array<{ href: string; download: string }> = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    };
    try {
      // A user's click; the element's own link is the one whose `click()` is recorded.
      $(el, '[part~=attachment]')!.dispatchEvent(
        new MouseEvent('click', { bubbles: true, cancelable: true }),
      );
      await until(() => saved.length);
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    const call = calls.find((c) => c.url.pathname.endsWith('/attachment'))!;
    expect(call.headers.get('authorization')).to.equal('Bearer token-1');
    expect(saved[0]!.download).to.equal('order.pdf');
    expect(saved[0]!.href).to.match(/^blob:/);
  });

  it('says which file could not be downloaded', async () => {
    const { el } = await mount([
      defRoute(),
      notesRoute(),
      on('GET', /\/attachment$/, errorBody(404, 'PORTICO_RECORD_NOT_FOUND')),
    ]);
    $<HTMLAnchorElement>(el, '[part~=attachment]')!.click();
    await until(() => $(el, '[part~=problem]'));
    expect($(el, '[part~=problem] p')!.textContent).to.equal('order.pdf could not be downloaded.');
  });

  it("shows in a case form below its sections and their outcome when the definition has a timeline, from the record's first page", async () => {
    restore();
    const page = { value: [note('Seen from the form.', 1)] };
    const api = stubApi(
      on('GET', '/forms/case', { body: { ...caseForm(), timeline: settings({ canAdd: false }) } }),
      on('GET', `/forms/case/records/${RECORD_ID}`, { body: { ...caseRecord(), notes: page } }),
    );
    try {
      const form = await fixture<PorticoForm>(
        html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
      );
      await until(() =>
        form.shadowRoot!.querySelector('portico-timeline')?.shadowRoot?.querySelector('[part~=text]'),
      );
      const timeline = form.shadowRoot!.querySelector('portico-timeline')!;
      // Below the sections and the buttons' outcome, which stays beside the buttons.
      const notice = form.shadowRoot!.querySelector('[part=notice]')!;
      expect(form.shadowRoot!.querySelector('form')!.nextElementSibling).to.equal(notice);
      expect(notice.compareDocumentPosition(timeline) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      expect(timeline.shadowRoot!.querySelector('[part~=text]')!.textContent).to.equal('Seen from the form.');
      // No add-note box for a role that may not add notes, and no request of its own.
      expect(timeline.shadowRoot!.querySelector('[part~=compose]')).to.equal(null);
      expect(api.calls.filter((c) => c.url.pathname.includes('/notes'))).to.deep.equal([]);
    } finally {
      api.restore();
    }
  });

  it('stays empty in a form whose definition has no timeline', async () => {
    restore();
    const api = stubApi(
      on('GET', '/forms/case', { body: caseForm() }),
      on('GET', `/forms/case/records/${RECORD_ID}`, { body: caseRecord() }),
    );
    try {
      const form = await fixture<PorticoForm>(
        html`<portico-form form="case" record-id=${RECORD_ID}></portico-form>`,
      );
      await until(() => form.shadowRoot!.querySelector('form'));
      await new Promise((r) => setTimeout(r, 50));
      const timeline = form.shadowRoot!.querySelector<PorticoTimeline>('portico-timeline')!;
      expect(timeline.def).to.equal(undefined);
      expect(timeline.shadowRoot?.querySelector('section') ?? null).to.equal(null);
      expect(api.calls.filter((c) => c.url.pathname.includes('/notes'))).to.deep.equal([]);
    } finally {
      api.restore();
    }
  });
});
