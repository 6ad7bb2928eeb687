import { css } from 'lit';
import { shared } from '../../styles/shared.js';

/**
 * The dialogs' elements (this one, the record actions', the assign picker) add no box of their own
 * around what they show.
 */
export const contents = [
  shared,
  css`
    :host {
      display: contents;
    }
  `,
];

export const styles = [
  ...contents,
  css`
    dialog {
      inline-size: 32em;
      padding: var(--portico-space-4);
      border: 1px solid var(--portico-color-border);
      border-radius: var(--portico-radius);
      background: var(--portico-color-bg);
    }
    dialog:not([open]) {
      display: none;
    }
    /* The page behind a modal question recedes, so the question is what the eye finds. */
    dialog::backdrop {
      background: rgb(0 0 0 / 0.4);
    }
    [part='footer'] {
      margin-block-start: var(--portico-space-3);
      justify-content: flex-end;
    }
  `,
];
