import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { ApiError, auth, segment } from '../../internal/api.js';
import { query } from '../../internal/define.js';
import { readDraft, writeDraft } from '../../internal/draft.js';
import { draftKey } from '../../internal/draft-key.js';
import { reportError } from '../../internal/events.js';
import { langOf, msg } from '../../internal/i18n.js';
import type { MessageKey } from '../../internal/i18n.js';
import { problemView, retryable } from '../form/host.js';
import type { Problem } from '../form/host.js';
import { extension, fileSize, icon } from './format.js';
import { ABORTED, upload } from './transfer.js';
import type { Upload } from './transfer.js';
import type {
  Note,
  NotesCreated,
  RecordValues,
  TimelineDefinition,
} from '../../../../server/api/contract.js';

/** What the add-note box sees of `<portico-timeline>`. */
export interface ComposeHost extends ReactiveControllerHost, HTMLElement {
  readonly formId: string;
  readonly recordId: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly settings?: TimelineDefinition;
  /** Shows the notes the server created at the top and announces them. */
  added(notes: Note[]): Promise<void>;
}

/** Names in a draft are joined by `/`, which no file name can contain. */
const SEPARATOR = '/';

/**
 * The add-note box: text with its limit and counter, files from the picker, a drop or a pasted
 * screenshot, each checked against the definition's rules before it is accepted, then one upload
 * with progress that Cancel aborts. The text and the chosen files' names are kept as a draft
 * (internal/draft.ts; a file itself cannot be stored) and offered back after a reload; the
 * submission's `Idempotency-Key` is kept beside it (internal/draft-key.ts), so a retry after a lost
 * answer adds nothing twice. Both go once the server has the note.
 */
export class Composer implements ReactiveController {
  #host: ComposeHost;
  #at = '';
  text = '';
  files: File[] = [];
  /** Files refused before sending, and the server's messages on `files`. */
  fileErrors: string[] = [];
  textError = '';
  problem?: Problem;
  /** Percent sent while an upload is out. */
  progress?: number;
  /** Names of the files of a restored draft, to be chosen again. */
  reattach: string[] = [];
  /** A draft from an earlier visit, offered back. */
  offered: RecordValues | null = null;
  dragging = false;
  #upload?: Upload<NotesCreated>;
  /** What gets focus after the next update. */
  #focus = '';

  constructor(host: ComposeHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.#focus) query<HTMLElement | null>(this.#host, this.#focus)?.focus();
    this.#focus = '';
  }

  #update(): void {
    this.#host.requestUpdate();
  }

  /** Reads the draft of the record now shown and offers it back when it holds anything. */
  async open(): Promise<void> {
    const host = this.#host;
    const [base] = await auth();
    // Beside the form's drafts (internal/draft.ts), under a name of its own.
    this.#at = `portico:note:${base}|${host.formId}|${host.recordId}`;
    const stored = await readDraft(this.#at);
    this.offered = stored && (stored.text || stored.files) ? stored : null;
    this.#update();
  }

  #keep(): void {
    const names = this.files.map((file) => file.name).join(SEPARATOR);
    // Clearing the draft also forgets its submission's key (internal/draft.ts).
    writeDraft(this.#at, this.text || names ? { text: this.text, files: names } : null);
  }

  #restore(): void {
    const offered = this.offered;
    this.text = String(offered?.text ?? '');
    this.reattach = String(offered?.files ?? '')
      .split(SEPARATOR)
      .filter(Boolean);
    this.offered = null;
    this.#focus = '#text';
    this.#update();
  }

  #discard(): void {
    writeDraft(this.#at, null);
    this.offered = null;
    this.#focus = '#text';
    this.#update();
  }

  /** The rule `file` breaks, if any, given the files already chosen. */
  #rule(file: File): [MessageKey, unknown] | undefined {
    const rules = this.#host.settings?.attachments;
    const lang = langOf(this.#host);
    if (
      !rules ||
      !rules.accept.includes(extension(file.name)) ||
      // An empty type is a browser that does not know the extension; the server checks the content.
      (file.type && !rules.types.includes(file.type))
    )
      return ['badType', ''];
    if (!file.size) return ['emptyFile', ''];
    if (file.size > rules.maxBytes) return ['tooBig', fileSize(rules.maxBytes, lang)];
    if (this.files.length >= rules.maxFiles) return ['tooMany', rules.maxFiles];
  }

  /** Takes the files that pass every rule; says of each other one which rule it breaks. */
  add(files: Iterable<File>): void {
    const lang = langOf(this.#host);
    this.fileErrors = [];
    for (const file of files) {
      if (this.files.some((chosen) => chosen.name === file.name && chosen.size === file.size)) continue;
      const rule = this.#rule(file);
      if (rule) this.fileErrors.push(msg(lang, rule[0], { name: file.name, limit: rule[1] }));
      else this.files = [...this.files, file];
    }
    this.reattach = this.reattach.filter((name) => !this.files.some((file) => file.name === name));
    this.#keep();
    this.#update();
  }

  #remove(index: number): void {
    this.files = this.files.filter((_, i) => i !== index);
    this.#keep();
    this.#focus = this.files.length
      ? `[part~=file]:nth-child(${Math.min(index, this.files.length - 1) + 1}) button`
      : '[part~=attach]';
    this.#update();
  }

  /** A pasted screenshot arrives as "image.png"; it is named after the moment instead. */
  #paste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
    this.add(
      files.map(
        (file, i) =>
          new File([file], `screenshot-${stamp}${i ? `-${i + 1}` : ''}${extension(file.name) || '.png'}`, {
            type: file.type,
          }),
      ),
    );
  }

  #drag(event: DragEvent, over: boolean): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    if (this.dragging !== over) {
      this.dragging = over;
      this.#update();
    }
  }

  #drop(event: DragEvent): void {
    this.#drag(event, false);
    if (event.dataTransfer?.files.length) this.add(event.dataTransfer.files);
  }

  /** Sends the note: one upload, with progress; a failure keeps everything the user gave. */
  async send(): Promise<void> {
    const host = this.#host;
    const lang = langOf(host);
    if (this.#upload || !host.settings) return;
    this.textError = '';
    this.problem = undefined;
    if (!this.text.trim() && !this.files.length) {
      this.textError = msg(lang, 'emptyNote');
      this.#focus = '#text';
      return this.#update();
    }
    const body = new FormData();
    body.append('text', this.text);
    for (const file of this.files) body.append('files', file, file.name);
    this.progress = 0;
    this.fileErrors = [];
    const path = `/forms/${segment(host.formId)}/records/${segment(host.recordId)}/notes`;
    const sending = (this.#upload = upload<NotesCreated>(
      path,
      body,
      // Made on the first send and kept beside the draft until the server has the note, as for a
      // create (internal/draft-key.ts), so a retry after a lost answer adds nothing twice.
      draftKey(this.#at),
      (loaded, total) => {
        this.progress = total ? Math.round((loaded / total) * 100) : 0;
        this.#update();
      },
    ));
    this.#update();
    try {
      const created = await sending.done;
      this.text = '';
      this.files = [];
      this.reattach = [];
      this.#keep();
      this.#focus = '#text';
      void host.added(created.value);
    } catch (error) {
      this.#fail(error, lang);
    }
    this.#upload = undefined;
    this.progress = undefined;
    this.#update();
  }

  #fail(error: unknown, lang: string): void {
    if (error instanceof ApiError && error.code === ABORTED) {
      this.problem = { text: msg(lang, 'uploadCancelled') };
      this.#focus = '[part~=send]';
      return;
    }
    const failure = reportError(this.#host, error);
    const again = retryable(failure, lang, () => void this.send());
    if (again) this.problem = again;
    else if (failure.fields.length)
      for (const field of failure.fields)
        if (field.pointer.startsWith('/files')) this.fileErrors.push(field.message);
        else if (field.pointer === '/text') this.textError = field.message;
        else this.problem = { text: field.message };
    else this.problem = { text: failure.message };
    this.#focus = this.textError ? '#text' : this.fileErrors.length ? '[part~=attach]' : '[part~=send]';
  }

  render(lang: string, settings: TimelineDefinition): TemplateResult {
    const sending = this.progress !== undefined;
    return html`<form
      part="compose"
      class="compose ${this.dragging ? 'dragging' : ''}"
      novalidate
      aria-labelledby="compose-label"
      @submit=${(event: Event) => {
        event.preventDefault();
        void this.send();
      }}
      @dragover=${(event: DragEvent) => this.#drag(event, true)}
      @dragleave=${(event: DragEvent) => this.#drag(event, false)}
      @drop=${(event: DragEvent) => this.#drop(event)}
    >
      ${this.#offer(lang)}
      <label id="compose-label" for="text" part="label">${msg(lang, 'addNote')}</label>
      <textarea
        id="text"
        part="textarea"
        rows="3"
        maxlength=${settings.maxLength}
        aria-describedby="count text-error"
        aria-invalid=${this.textError ? 'true' : 'false'}
        ?readonly=${sending}
        .value=${this.text}
        @input=${(event: Event) => {
          this.text = (event.target as HTMLTextAreaElement).value;
          this.textError = '';
          this.#keep();
          this.#update();
        }}
        @paste=${(event: ClipboardEvent) => this.#paste(event)}
      ></textarea>
      <p id="count" part="count" class="hint">
        ${msg(lang, 'characters', { count: this.text.length, limit: settings.maxLength })}
      </p>
      <p id="text-error" part="error" class="error">${this.textError}</p>
      ${settings.attachments ? this.#files(lang, settings.attachments, sending) : nothing}
      ${problemView(this.problem, lang)}
      ${
        sending
          ? html`<div class="row">
              <progress
                part="progress"
                max="100"
                value=${this.progress ?? 0}
                aria-label=${msg(lang, 'uploading', { percent: this.progress })}
              ></progress>
              <span aria-hidden="true">${this.progress}%</span>
              <button type="button" part="cancel" @click=${() => this.#upload?.abort()}>
                ${msg(lang, 'cancel')}
              </button>
            </div>`
          : html`<button part="send" class="primary" type="submit">${msg(lang, 'send')}</button>`
      }
    </form>`;
  }

  /** The offer to restore an unsent note from an earlier visit. */
  #offer(lang: string): TemplateResult | typeof nothing {
    return this.offered
      ? html`<div part="draft" class="banner">
          <p>${msg(lang, 'draft')}</p>
          <div class="row">
            <button type="button" @click=${() => this.#restore()}>${msg(lang, 'restore')}</button>
            <button type="button" @click=${() => this.#discard()}>${msg(lang, 'discard')}</button>
          </div>
        </div>`
      : nothing;
  }

  /** The file picker, the rules, the chosen files as removable chips, and what was refused. */
  #files(
    lang: string,
    rules: NonNullable<TimelineDefinition['attachments']>,
    sending: boolean,
  ): TemplateResult {
    return html`<input
        id="files"
        type="file"
        multiple
        hidden
        accept=${[...rules.accept, ...rules.types].join(',')}
        @change=${(event: Event) => {
          const input = event.target as HTMLInputElement;
          this.add(input.files ?? []);
          input.value = '';
        }}
      />
      <div class="row">
        <button
          type="button"
          part="attach"
          aria-describedby="rules"
          ?disabled=${sending}
          @click=${() => query<HTMLInputElement>(this.#host, '#files').click()}
        >
          ${msg(lang, 'attach')}
        </button>
      </div>
      <p id="rules" part="hint" class="hint">
        ${msg(lang, 'dropHint')}
        ${msg(lang, 'allowed', {
          types: rules.accept.join(', '),
          size: fileSize(rules.maxBytes, lang),
          count: rules.maxFiles,
        })}
      </p>
      ${
        this.reattach.length
          ? html`<p part="hint" class="hint">
              ${msg(lang, 'chooseAgain', { names: this.reattach.join(', ') })}
            </p>`
          : nothing
      }
      ${
        this.files.length
          ? html`<ul part="files" class="chips" aria-label=${msg(lang, 'chosen')}>
              ${this.files.map(
                (file, index) =>
                  html`<li part="file" class="chip">
                    ${icon(file.type)} <span>${file.name}</span>
                    <span class="hint">${fileSize(file.size, lang)}</span>
                    <button
                      type="button"
                      part="remove"
                      aria-label=${msg(lang, 'removeFile', { name: file.name })}
                      ?disabled=${sending}
                      @click=${() => this.#remove(index)}
                    >
                      ×
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <div part="file-errors" role="alert">
        ${
          this.fileErrors.length
            ? html`<ul class="error">
                ${this.fileErrors.map((message) => html`<li>${message}</li>`)}
              </ul>`
            : nothing
        }
      </div>`;
  }
}
