import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg } from '../../internal/i18n.js';
import { display } from '../../internal/values.js';
import type { DraftController } from './draft.js';
import type { FormHost } from './host.js';

/**
 * The record header, above the sections in edit and view mode: the record's name, number, status as
 * a badge and owner, the columns the definition's `header` names, formatted for the reader. The
 * badge says whether the record is open (`statecode` 0) when the form reads that. Part of the form's
 * chunk, which a record form with a header waits for before its first render.
 */
export function recordHeader(host: FormHost, lang: string): TemplateResult | typeof nothing {
  const header = host.def?.header;
  const record = host.rec;
  if (!header || !record || host.gone) return nothing;
  const [name, number, status, owner] = [header.name, header.number, header.status, header.owner].map(
    (column) => (column ? display(record.values[column.name], lang, column) : ''),
  );
  const state = record.values.statecode;
  return html`<div part="record-header" class="rh">
    ${name ? html`<p part="record-name" class="rn">${name}</p>` : nothing}
    <p class="row">
      ${number ? html`<span part="record-number">${number}</span>` : nothing}
      ${status ? html`<span part="status" class="badge ${state === 0 ? 'open' : ''}">${status}</span>` : nothing}
      ${owner ? html`<span part="owner">${msg(lang, 'ownedBy', { owner })}</span>` : nothing}
    </p>
  </div>`;
}

/** The offer to restore unsent input from an earlier visit (draft.ts keeps it). */
export function draftOffer(
  host: FormHost,
  draft: DraftController,
  lang: string,
): TemplateResult | typeof nothing {
  const offered = draft.offered;
  return offered && host.def && !host.gone
    ? html`<div part="draft" class="banner">
        <p>${msg(lang, 'draft')}</p>
        <div class="row">
          <button
            @click=${() => {
              host.values = { ...host.values, ...offered };
              draft.offer(null);
            }}
          >
            ${msg(lang, 'restore')}
          </button>
          <button @click=${() => draft.clear()}>${msg(lang, 'discard')}</button>
        </div>
      </div>`
    : nothing;
}
