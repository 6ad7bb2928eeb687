import { css } from 'lit';
import { shared } from '../../styles/shared.js';

export const styles = [
  shared,
  css`
    :host {
      display: contents;
    }
    /* A destructive confirmation looks like one: filled with the danger colour, not the accent. */
    .primary.danger {
      background: var(--portico-color-danger);
      border-color: var(--portico-color-danger);
      color: var(--portico-color-on-accent);
    }
  `,
];
