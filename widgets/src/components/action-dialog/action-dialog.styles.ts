import { css } from 'lit';
import { contents } from '../dialog/dialog.styles.js';

export const styles = [
  ...contents,
  css`
    /* A destructive confirmation looks like one: filled with the danger colour, not the accent. */
    .primary.danger {
      background: var(--portico-color-danger);
      border-color: var(--portico-color-danger);
      color: var(--portico-color-on-accent);
    }
  `,
];
