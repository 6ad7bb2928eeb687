import { expect, html } from '@open-wc/testing';
import {
  $,
  $$,
  NOTES_PATH,
  chips,
  choose,
  defRoute,
  file,
  mount,
  note,
  notes,
  notesRoute,
  refusals,
  restore,
  settings,
  write,
} from './timeline-harness.js';
import { ENDPOINT, RECORD_ID, until, useApi } from '../../internal/test/fixtures.js';
import type { FakeXhr } from '../../internal/test/xhr.js';

beforeEach(() => {
  useApi();
  sessionStorage.clear();
});
afterEach(() => restore());

const created = (text: string) => ({ value: [note(text, 0, { mine: true })] });
const send = (el: Element): void =>
  (el.shadowRoot!.querySelector('[part~=send]') as HTMLButtonElement).click();
const progress = (el: Element): HTMLProgressElement | null => el.shadowRoot!.querySelector('progress');

describe('portico-timeline add-note box', () => {
  it('labels the box, counts characters against the limit, and is accessible', async () => {
    const { el } = await mount([defRoute(settings({ maxLength: 50 })), notesRoute()]);
    const area = $<HTMLTextAreaElement>(el, '#text')!;
    expect($(el, 'label[for=text]')!.textContent).to.equal('Add a note');
    expect(area.maxLength).to.equal(50);
    write(el, 'Hello');
    await el.updateComplete;
    expect($(el, '#count')!.textContent!.trim()).to.equal('5 of 50 characters');
    expect(area.getAttribute('aria-describedby')).to.contain('count');
    expect($(el, '#rules')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'You can also drop files here or paste a screenshot. .png, .jpg, .pdf, .txt; up to 5 MB each, 2 per note.',
    );
    await expect(el).to.be.accessible();
  });

  it('refuses each file that breaks a rule before sending, naming the file and the rule', async () => {
    const { el, sent } = await mount();
    choose(
      el,
      file('report.exe', 'application/x-msdownload'),
      file('fake.png', 'text/html'),
      file('huge.png', 'image/png', 5_000_001),
      file('empty.txt', 'text/plain', 0),
      file('shot.png', 'image/png'),
      file('log.txt', 'text/plain'),
      file('third.pdf', 'application/pdf'),
    );
    await el.updateComplete;
    expect(chips(el)).to.deep.equal(['shot.png', 'log.txt']);
    expect(refusals(el)).to.deep.equal([
      'report.exe: files of this type are not accepted.',
      'fake.png: files of this type are not accepted.',
      'huge.png: files may be at most 5 MB.',
      'empty.txt: the file is empty.',
      'third.pdf: at most 2 files per note.',
    ]);
    expect($(el, '[part~=file-errors]')!.getAttribute('role')).to.equal('alert');
    expect(sent).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('takes files dropped on the box and a pasted screenshot', async () => {
    const { el } = await mount();
    const drop = new DataTransfer();
    drop.items.add(file('photo.jpg', 'image/jpeg'));
    const box = $(el, '[part~=compose]')!;
    box.dispatchEvent(new DragEvent('dragover', { dataTransfer: drop, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(box.classList.contains('dragging')).to.equal(true);
    box.dispatchEvent(new DragEvent('drop', { dataTransfer: drop, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(box.classList.contains('dragging')).to.equal(false);
    const clip = new DataTransfer();
    clip.items.add(file('image.png', 'image/png'));
    const paste = new ClipboardEvent('paste', { clipboardData: clip, bubbles: true, cancelable: true });
    $(el, '#text')!.dispatchEvent(paste);
    await el.updateComplete;
    expect(paste.defaultPrevented).to.equal(true);
    expect(chips(el)[0]).to.equal('photo.jpg');
    expect(chips(el)[1]).to.match(/^screenshot-\d{8}\d{6}\.png$/);
  });

  it('removes a chosen file with its chip button, moving focus on', async () => {
    const { el } = await mount();
    choose(el, file('a.png', 'image/png'), file('b.png', 'image/png'));
    await el.updateComplete;
    const remove = $$<HTMLButtonElement>(el, '[part~=remove]');
    expect(remove.map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Remove a.png', 'Remove b.png']);
    remove[0]!.click();
    await el.updateComplete;
    expect(chips(el)).to.deep.equal(['b.png']);
    expect(el.shadowRoot!.activeElement?.getAttribute('aria-label')).to.equal('Remove b.png');
    $<HTMLButtonElement>(el, '[part~=remove]')!.click();
    await el.updateComplete;
    expect(chips(el)).to.deep.equal([]);
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('attach');
  });

  it('sends text and files in one multipart POST with its key; progress moves the bar; the new note goes on top', async () => {
    const { el, sent } = await mount();
    write(el, 'Here is a photo of the jam.');
    choose(el, file('jam.png', 'image/png'));
    send(el);
    await until(() => sent.length);
    const request = sent[0] as FakeXhr;
    expect(request.method).to.equal('POST');
    expect(request.url).to.equal(`${ENDPOINT}/api/v1${NOTES_PATH}`);
    expect(request.headers.authorization).to.equal('Bearer token-1');
    expect(request.headers['idempotency-key']).to.match(/^\d{1,3}(-\d{1,3}){15}$/);
    expect(request.parts.text).to.equal('Here is a photo of the jam.');
    expect(request.parts.files.map((f) => f.name)).to.deep.equal(['jam.png']);
    await el.updateComplete;
    expect(progress(el)!.value).to.equal(0);
    request.progress(300, 1200);
    await el.updateComplete;
    expect(progress(el)!.value).to.equal(25);
    expect(progress(el)!.getAttribute('aria-label')).to.equal('Uploading: 25%');
    request.progress(1200, 1200);
    await el.updateComplete;
    expect(progress(el)!.value).to.equal(100);
    request.respond(201, created('Here is a photo of the jam.'));
    await until(() => notes(el)[0] === 'Here is a photo of the jam.');
    expect(notes(el)).to.have.length(3);
    expect(progress(el)).to.equal(null);
    expect($(el, '[part~=status]')!.textContent).to.equal('Note added.');
    expect($<HTMLTextAreaElement>(el, '#text')!.value).to.equal('');
    expect(chips(el)).to.deep.equal([]);
    expect(el.shadowRoot!.activeElement?.id).to.equal('text');
    // The draft and its key are gone: the next note is a new submission.
    expect(Object.keys(sessionStorage).filter((k) => k.startsWith('portico:note:'))).to.deep.equal([]);
    write(el, 'And another.');
    send(el);
    await until(() => sent.length === 2);
    expect(sent[1]!.headers['idempotency-key']).to.not.equal(request.headers['idempotency-key']);
  });

  it('cancel aborts the upload and writes nothing; the note is kept', async () => {
    const { el, sent } = await mount();
    write(el, 'Never mind.');
    choose(el, file('big.pdf', 'application/pdf', 4_000_000));
    send(el);
    await until(() => sent.length);
    sent[0]!.progress(1_000_000, 4_000_000);
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part~=cancel]')!.click();
    await until(() => !progress(el));
    expect(sent[0]!.aborted).to.equal(true);
    expect(sent).to.have.length(1);
    expect(notes(el)).to.have.length(2);
    expect($(el, '[part~=problem] p')!.textContent).to.equal(
      'Upload cancelled: nothing was added. Your note is kept.',
    );
    expect($<HTMLTextAreaElement>(el, '#text')!.value).to.equal('Never mind.');
    expect(chips(el)).to.deep.equal(['big.pdf']);
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('send');
  });

  it("shows the server's field errors next to the box, focus on the text", async () => {
    const { el, sent } = await mount();
    write(el, 'See attached.');
    choose(el, file('scan.png', 'image/png'));
    send(el);
    await until(() => sent.length);
    sent[0]!.respond(400, {
      error: {
        code: 'PORTICO_VALIDATION_FAILED',
        status: 400,
        message: 'The note was not accepted.',
        requestId: 'r1',
        fields: [
          { pointer: '/files/0', code: 'type', message: 'scan.png: its content is not a PNG image.' },
          { pointer: '/text', code: 'maxLength', message: 'Use at most 20 characters.' },
        ],
      },
    });
    await until(() => refusals(el).length);
    expect(refusals(el)).to.deep.equal(['scan.png: its content is not a PNG image.']);
    expect($(el, '#text-error')!.textContent).to.equal('Use at most 20 characters.');
    expect($(el, '#text')!.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement?.id).to.equal('text');
    expect(notes(el)).to.have.length(2);
  });

  it('shows other refusals (413) next to the box, and refuses an empty note without a request', async () => {
    const { el, sent } = await mount();
    send(el);
    await el.updateComplete;
    expect($(el, '#text-error')!.textContent).to.equal('Write a note or attach a file.');
    expect(sent).to.have.length(0);
    write(el, 'Big one');
    send(el);
    await until(() => sent.length);
    sent[0]!.respond(413, {
      error: {
        code: 'PORTICO_UPLOAD_TOO_LARGE',
        status: 413,
        message: 'The upload is over 10 MB.',
        requestId: 'r',
      },
    });
    await until(() => $(el, '[part~=problem]'));
    expect($(el, '[part~=problem] p')!.textContent).to.equal('The upload is over 10 MB.');
  });

  it('retries a lost send with the same Idempotency-Key', async () => {
    const { el, sent } = await mount();
    write(el, 'Is anyone there?');
    send(el);
    await until(() => sent.length);
    sent[0]!.fail();
    await until(() => $(el, '[part~=problem] button'));
    expect($(el, '[part~=problem] p')!.textContent).to.equal(
      'No connection to the server. Your input is kept.',
    );
    $<HTMLButtonElement>(el, '[part~=problem] button')!.click();
    await until(() => sent.length === 2);
    expect(sent[1]!.headers['idempotency-key']).to.equal(sent[0]!.headers['idempotency-key']);
    sent[1]!.respond(201, created('Is anyone there?'));
    await until(() => notes(el)[0] === 'Is anyone there?');
  });

  it("keeps the text and the chosen files' names as a draft, offered back after a reload", async () => {
    const first = await mount();
    write(first.el, 'Half-written');
    choose(first.el, file('a.png', 'image/png'), file('b.txt', 'text/plain'));
    await first.el.updateComplete;
    first.el.remove();
    const { el } = await mount();
    await until(() => $(el, '[part~=draft]'));
    expect($(el, '[part~=draft] p')!.textContent).to.equal('You have unsent input.');
    expect($<HTMLTextAreaElement>(el, '#text')!.value).to.equal('');
    [...$$<HTMLButtonElement>(el, '[part~=draft] button')]
      .find((b) => b.textContent!.trim() === 'Restore it')!
      .click();
    await el.updateComplete;
    expect($<HTMLTextAreaElement>(el, '#text')!.value).to.equal('Half-written');
    expect($$(el, '[part~=hint]').map((p) => p.textContent!.trim())).to.include(
      'Choose these files again: a.png, b.txt',
    );
    choose(el, file('a.png', 'image/png'));
    await el.updateComplete;
    expect($$(el, '[part~=hint]').map((p) => p.textContent!.trim())).to.include(
      'Choose these files again: b.txt',
    );
  });

  it('offers no box to a role that may not add notes, and no picker where attachments are not allowed', async () => {
    const { el } = await mount([defRoute(settings({ canAdd: false })), notesRoute()]);
    expect($(el, '[part~=compose]')).to.equal(null);
    restore();
    const other = await mount(
      [defRoute(settings({ attachments: undefined })), notesRoute()],
      html`<portico-timeline form-id="case" record-id=${RECORD_ID}></portico-timeline>`,
    );
    expect($(other.el, '[part~=compose]') !== null).to.equal(true);
    expect($(other.el, '#files')).to.equal(null);
    expect($(other.el, '[part~=attach]')).to.equal(null);
  });
});
