import { css } from 'lit';
import { shared } from '../../styles/shared.js';

// What the chunk alone draws (record header, outcome) is styled by writes.styles.ts.
export const styles = [
  shared,
  css`
    .base {
      padding: var(--portico-space-4);
      container-type: inline-size;
    }
    fieldset {
      margin-block-end: var(--portico-space-3);
    }
    legend {
      margin-block-end: var(--portico-space-2);
      font-size: 1.1em;
      font-weight: var(--portico-font-weight-strong);
    }
    .g {
      display: grid;
      grid-template-columns: repeat(var(--c), minmax(0, 1fr));
      column-gap: var(--portico-space-4);
    }
    .c1 {
      --c: 1;
    }
    .c2 {
      --c: 2;
    }
    .c3 {
      --c: 3;
    }
    .s2 {
      grid-column: span 2;
    }
    .s3 {
      grid-column: span 3;
    }
    /* A phone or a sidebar: one column, whatever the section declares. */
    @container (max-width: 36em) {
      .g {
        --c: 1;
      }
      .g > * {
        grid-column: auto;
      }
    }
    .ro {
      display: grid;
      gap: var(--portico-space-1);
      margin-block-end: var(--portico-space-3);
      overflow-wrap: anywhere;
    }
    .ro > :first-child {
      font-weight: var(--portico-font-weight-strong);
    }
    [part='actions'] {
      margin-block-start: var(--portico-space-3);
    }
    /* The busy text shares the label's grid cell, hidden until the button is busy, so the button
       is as wide as the wider of the two throughout. */
    .act {
      display: inline-grid;
      align-items: center;
      justify-items: center;
      position: relative;
    }
    .act > span,
    .act::after {
      grid-area: 1/1;
    }
    /* The label, merely transparent while busy, stays the button's name for screen readers; they
       learn of the busy state from aria-busy, and of the outcome from the live region. */
    .act::after {
      content: attr(data-busy) / '';
      justify-self: start;
      padding-inline-start: 1.5em;
      visibility: hidden;
    }
    /* The busy state itself is drawn by the form's chunk, which sets it (writes.styles.ts). */
    [aria-disabled='true'] {
      opacity: 0.7;
      cursor: progress;
    }
  `,
];
