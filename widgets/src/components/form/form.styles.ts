import { css } from 'lit';
import { shared } from '../../styles/shared.js';

export const styles = [
  shared,
  css`
    fieldset {
      margin-block-end: var(--portico-space-3);
    }
    legend {
      margin-block-end: var(--portico-space-2);
      font-size: 1.1em;
      font-weight: var(--portico-font-weight-strong);
    }
    [part='actions'] {
      margin-block-start: var(--portico-space-3);
    }
    .notice:not(:empty) {
      margin-block: var(--portico-space-3);
      padding: var(--portico-space-3);
      border-inline-start: 4px solid var(--portico-color-accent);
      background: var(--portico-color-subtle);
    }
    ul {
      margin: 0 0 var(--portico-space-2);
      padding-inline-start: 1.25em;
    }
    a {
      color: var(--portico-color-accent);
    }
  `,
];
