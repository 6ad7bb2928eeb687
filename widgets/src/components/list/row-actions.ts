import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { RecordResponse, RowAction } from '../../../../server/api/contract.js';
import { test } from '../../internal/condition.js';
import { msg, text } from '../../internal/i18n.js';

/** Actions that close or destroy a record: never the one button shown, and in the danger colour. */
const DANGER = new Set(['delete', 'cancel']);

/** What the list hands the row actions' view: its state and what a press does. */
export interface RowActionsHost {
  /** Key of the open menu (`''`: none). */
  menu: string;
  /** Id of the record an action is running on. */
  acting: string;
  /** The last action's outcome, shown beside its row. */
  outcome?: { id: string; text: string; bad: boolean };
  act(event: Event, action: RowAction, record: RecordResponse): void;
  /** Opens the menu `key` (`''`: closes any) and focuses its first or last item. */
  menuTo(key: string, focus?: 'first' | 'last'): void;
}

/** The row actions offered on `record`: not `open` (the row itself opens), and only where `when` holds. */
export const offered = (actions: RowAction[], record: RecordResponse): RowAction[] =>
  actions.filter((action) => action.id !== 'open' && (!action.when || test(action.when, record.values)));

/**
 * One row's actions: one button (the first that neither closes nor destroys; else a lone action)
 * and the others in a menu button (https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/), then
 * what the last action on this row came to. `key` is unique per row and view (table or card).
 */
export function rowActions(
  host: RowActionsHost,
  lang: string,
  actions: RowAction[],
  record: RecordResponse,
  key: string,
): TemplateResult {
  const primary =
    actions.find((action) => !DANGER.has(action.id)) ?? (actions.length === 1 ? actions[0] : undefined);
  const rest = actions.filter((action) => action !== primary);
  const open = host.menu === key;
  const busy = host.acting === record.id;
  const outcome = host.outcome?.id === record.id ? host.outcome : undefined;
  const button = (action: RowAction, part: string, role?: string) =>
    html`<button
      part=${part}
      class=${DANGER.has(action.id) ? 'danger' : ''}
      role=${role ?? nothing}
      tabindex=${role ? '-1' : nothing}
      ?disabled=${busy}
      @click=${(event: Event) => host.act(event, action, record)}
    >
      ${text(action.label, lang)}
    </button>`;
  return html`<div class="acts">
      ${primary ? button(primary, 'row-action') : nothing}
      ${
        rest.length
          ? html`<div class="menu">
              <button
                part="more"
                id=${`${key}b`}
                aria-haspopup="menu"
                aria-expanded=${open ? 'true' : 'false'}
                aria-controls=${key}
                ?disabled=${busy}
                @click=${(event: Event) => {
                  event.stopPropagation();
                  host.menuTo(open ? '' : key, 'first');
                }}
                @keydown=${(event: KeyboardEvent) => {
                  const focus = ({ ArrowDown: 'first', ArrowUp: 'last' } as const)[event.key as 'ArrowDown'];
                  if (!focus) return;
                  event.preventDefault();
                  event.stopPropagation();
                  host.menuTo(key, focus);
                }}
              >
                ${msg(lang, primary ? 'more' : 'actions')}<span aria-hidden="true"> ▾</span>
              </button>
              <div
                role="menu"
                id=${key}
                part="menu"
                aria-labelledby=${`${key}b`}
                ?hidden=${!open}
                @keydown=${(event: KeyboardEvent) => menuKey(event, () => host.menuTo(''))}
                @focusout=${(event: FocusEvent) => {
                  // Focus left the menu and its button (a click elsewhere, Tab): it closes.
                  const menu = event.currentTarget as HTMLElement;
                  if (host.menu === key && !menu.parentElement?.contains(event.relatedTarget as Node | null))
                    host.menuTo('');
                }}
              >
                ${rest.map((action) => button(action, 'menu-item', 'menuitem'))}
              </div>
            </div>`
          : nothing
      }
    </div>
    ${
      outcome
        ? html`<p part="outcome" class=${outcome.bad ? 'outcome bad' : 'outcome'}>${outcome.text}</p>`
        : nothing
    }`;
}

/**
 * Keys in an open menu: arrows move (wrapping), Home and End jump, Escape closes it and puts focus
 * back on its button, Tab closes it and moves on as usual.
 */
function menuKey(event: KeyboardEvent, close: () => void): void {
  const menu = event.currentTarget as HTMLElement;
  const items = [...menu.querySelectorAll<HTMLElement>('[role=menuitem]')];
  const at = items.indexOf((menu.getRootNode() as ShadowRoot).activeElement as HTMLElement);
  const n = items.length;
  const to = { ArrowDown: at + 1, ArrowUp: at - 1 + n, Home: 0, End: n - 1 }[event.key];
  event.stopPropagation();
  if (to !== undefined) {
    event.preventDefault();
    items[to % n]?.focus();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    (menu.previousElementSibling as HTMLElement).focus();
    close();
  } else if (event.key === 'Tab') close();
}
