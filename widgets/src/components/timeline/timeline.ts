import { html, nothing } from 'lit';
import type { PropertyDeclarations, TemplateResult } from 'lit';
import { api, auth, segment } from '../../internal/api.js';
import { define, query } from '../../internal/define.js';
import { reportError } from '../../internal/events.js';
import { addMessages, langOf, msg } from '../../internal/i18n.js';
import { PorticoElement } from '../../internal/element.js';
import { problemView } from '../form/host.js';
import type { Problem } from '../form/host.js';
// The order of the chunk's own modules is its module order, which the minifier's renaming follows;
// this one measured smallest (brotli moves by about 20 B between orders).
import { display } from '../../internal/values.js';
import { fileSize, icon, relativeTime } from './format.js';
import { download } from './transfer.js';
import { styles } from './timeline.styles.js';
import { Composer } from './compose.js';
import type { ComposeHost } from './compose.js';
import { timelineMessages } from './timeline.messages.js';
import type {
  FormDefinitionResponse,
  Note,
  NotesPage,
  RecordResponse,
  TimelineDefinition,
} from '../../../../server/api/contract.js';
import { draftMessages } from '../../internal/draft.messages.js';

/**
 * A case's conversation: its published notes, newest first, with who wrote each and when, their
 * attachments to download, "Load older notes", and — when the role may add notes — the add-note box
 * with files, progress and cancel (compose.ts). `<portico-form>` shows it below a record whose
 * definition has a `timeline`, handing it the definition and the record with its first page of
 * notes; placed on its own with `form-id` and `record-id`, it fetches both itself.
 *
 * @tagname portico-timeline
 * @summary The notes of one case, and a box to add one with attachments.
 * @event portico-error - A request failed (already shown). Detail: `{ code, status, message, requestId }`.
 * @csspart base - Wrapper of everything.
 * @csspart title - The heading.
 * @csspart status - Announcements for screen readers (visually hidden).
 * @csspart problem - A failed load, download or upload, with a retry where one helps.
 * @csspart notes - The list of notes.
 * @csspart note - One note (an `<article>`); also `note-staff` and `note-mine`.
 * @csspart author - A note's author.
 * @csspart badge - The staff badge.
 * @csspart time - When a note was written.
 * @csspart text - A note's text.
 * @csspart attachment - A note's file link.
 * @csspart icon - A file type icon.
 * @csspart older - The "Load older notes" button.
 * @csspart compose - The add-note box; `label`, `textarea`, `count`, `error`, `attach`, `hint`,
 *   `files`, `file`, `remove`, `file-errors`, `draft`, `progress`, `cancel` and `send` are inside it.
 * @cssproperty --portico-color-accent - Buttons, links and the progress bar.
 * @cssproperty --portico-color-subtle - Staff notes and the drop highlight.
 */
export class PorticoTimeline extends PorticoElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    formId: { attribute: 'form-id', reflect: true },
    recordId: { attribute: 'record-id', reflect: true },
    lang: { reflect: true },
    def: { attribute: false },
    rec: { attribute: false },
    settings: { state: true },
    notes: { state: true },
    next: { state: true },
    waiting: { state: true },
    problem: { state: true },
    status: { state: true },
  };

  /** Form id as in `schemas/forms/<id>.json`; set by the form from its definition. */
  formId = '';
  /** The case whose notes are shown; set by the form from its record. */
  recordId = '';
  /** Language of messages, dates and sizes; defaults to the closest `lang` on the page, else `en`. */
  override lang!: string;
  /** The form's definition (`<portico-form>` hands it over; `timeline` says what is shown). */
  def?: FormDefinitionResponse;
  /** The form's record with its first page of notes (`<portico-form>` hands it over). */
  rec?: RecordResponse;

  // The state below is shared with the add-note box (compose.ts, `ComposeHost`); protected keeps
  // it out of the element's public surface.
  protected settings?: TimelineDefinition;
  protected notes: Note[] = [];
  protected next?: string;
  protected waiting = false;
  protected problem?: Problem;
  protected status = '';
  /** The form and record shown. */
  #shown = '';
  #focus = '';
  /** The server's address, for the attachment links' `href` (the download itself is fetched). */
  #base = '';
  #composer = new Composer(this as unknown as ComposeHost);

  override connectedCallback(): void {
    super.connectedCallback();
    void auth().then(([base]) => {
      this.#base = base;
      this.requestUpdate();
    });
  }

  protected override willUpdate(): void {
    const { def, rec } = this;
    const from = def && rec ? `${def.id}|${rec.id}` : `${this.formId}|${this.recordId}`;
    this.settings = def ? def.timeline : this.settings;
    // Nothing to do until both ids are known, nor again for the record already shown.
    if (from === this.#shown || from.startsWith('|') || from.endsWith('|')) return;
    this.#shown = from;
    this.notes = [];
    this.next = undefined;
    if (def && rec) {
      this.formId = def.id;
      this.recordId = rec.id;
      if (!def.timeline) return;
      if (rec.notes) this.#take(rec.notes);
      else void this.load();
      void this.#composer.open();
    } else void this.load();
  }

  protected override updated(): void {
    if (this.#focus) query<HTMLElement | null>(this, this.#focus)?.focus();
    this.#focus = '';
  }

  get #path(): string {
    return `/forms/${segment(this.formId)}/records/${segment(this.recordId)}/notes`;
  }

  #take(page: NotesPage): void {
    this.notes = [...this.notes, ...page.value];
    this.next = page.next;
  }

  /** Loads the timeline settings (unless the form handed them over) and the first page of notes. */
  async load(): Promise<void> {
    this.waiting = true;
    this.problem = undefined;
    try {
      const [definition, page] = await Promise.all([
        this.def ?? api<FormDefinitionResponse>('GET', `/forms/${segment(this.formId)}`),
        api<NotesPage>('GET', this.#path).catch((error: unknown) => error),
      ]);
      this.settings = definition.timeline;
      if (this.settings) {
        if (!(page && typeof page === 'object' && 'value' in page)) throw page;
        this.notes = [];
        this.#take(page as NotesPage);
        if (!this.def) void this.#composer.open();
      }
    } catch (error) {
      this.#fail(error, () => void this.load());
    }
    this.waiting = false;
  }

  /** The next older page, below the notes shown; focus goes to the first note it brought. */
  async older(): Promise<void> {
    if (!this.next || this.waiting) return;
    this.waiting = true;
    this.problem = undefined;
    try {
      const page = await api<NotesPage>('GET', `${this.#path}?before=${encodeURIComponent(this.next)}`);
      this.#take(page);
      if (page.value[0]) this.#focus = `#n-${page.value[0].id}`;
    } catch (error) {
      this.#fail(error, () => void this.older());
    }
    this.waiting = false;
  }

  /** Called by the add-note box with what the server created. */
  protected async added(notes: Note[]): Promise<void> {
    this.notes = [...notes, ...this.notes];
    // Emptied first, so a second note in a row is announced again.
    this.status = '';
    await this.updateComplete;
    this.status = msg(langOf(this), 'added');
  }

  #fail(error: unknown, retry: () => void): void {
    const failure = reportError(this, error);
    const lang = langOf(this);
    this.problem = { text: msg(lang, failure.status === 0 ? 'network' : 'loadFailed'), retry };
  }

  async #download(event: Event, note: Note): Promise<void> {
    event.preventDefault();
    const name = note.attachment?.name ?? '';
    this.problem = undefined;
    try {
      await download(`${this.#path}/${segment(note.id)}/attachment`, name);
    } catch (error) {
      reportError(this, error);
      this.problem = { text: msg(langOf(this), 'downloadFailed', { name }) };
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const lang = langOf(this);
    const settings = this.settings;
    if (!settings && !this.waiting && !this.problem) return nothing;
    return html`<section part="base" class="base" aria-labelledby="title">
      <h2 id="title" part="title">${msg(lang, 'conversation')}</h2>
      <p part="status" class="sr" role="status">${this.status}</p>
      ${settings?.canAdd ? this.#composer.render(lang, settings) : nothing} ${problemView(this.problem, lang)}
      ${this.waiting && !this.notes.length ? html`<p part="loading">${msg(lang, 'loading')}</p>` : nothing}
      ${
        this.notes.length
          ? html`<ol part="notes" class="notes">
              ${this.notes.map((note) => html`<li>${this.#note(note, lang)}</li>`)}
            </ol>`
          : settings && !this.waiting
            ? html`<p part="empty" class="hint">${msg(lang, 'noNotes')}</p>`
            : nothing
      }
      ${
        this.next
          ? html`<button part="older" ?disabled=${this.waiting} @click=${() => void this.older()}>
              ${msg(lang, 'older')}
            </button>`
          : nothing
      }
    </section>`;
  }

  /** One note: who, when (relative, with the absolute time for hover and screen readers), what, its file. */
  #note(note: Note, lang: string): TemplateResult {
    const absolute = display(note.createdOn, lang, { kind: 'datetime' });
    const file = note.attachment;
    return html`<article
      id="n-${note.id}"
      part="note ${note.author.staff ? 'note-staff' : ''} ${note.mine ? 'note-mine' : ''}"
      class="note ${note.author.staff ? 'staff' : ''}"
      tabindex="-1"
      aria-labelledby="a-${note.id}"
    >
      <header class="meta">
        <h3 id="a-${note.id}" part="author">${note.mine ? msg(lang, 'you') : note.author.name}</h3>
        ${note.author.staff ? html`<span part="badge" class="tag">${msg(lang, 'staff')}</span>` : nothing}
        <time part="time" class="hint" datetime=${note.createdOn} title=${absolute}
          >${relativeTime(note.createdOn, lang)}<span class="sr">, ${absolute}</span></time
        >
      </header>
      ${note.text ? html`<p part="text" class="text">${note.text}</p>` : nothing}
      ${
        file
          ? html`<p class="file">
              ${icon(file.type)}
              <a
                part="attachment"
                href="${this.#base}/api/v1${this.#path}/${segment(note.id)}/attachment"
                download=${file.name}
                @click=${(event: Event) => void this.#download(event, note)}
                >${file.name}</a
              >
              <span class="hint">${fileSize(file.size, lang)}</span>
            </p>`
          : nothing
      }
    </article>`;
  }
}

addMessages({ ...timelineMessages, ...draftMessages });
define('portico-timeline', PorticoTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'portico-timeline': PorticoTimeline;
  }
}
