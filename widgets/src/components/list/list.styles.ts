import { css } from 'lit';
import { shared } from '../../styles/shared.js';
import { fieldStyles } from '../../styles/field.js';

export const styles = [
  shared,
  fieldStyles,
  css`
    [part='toolbar'] {
      margin-block-end: var(--portico-space-3);
    }
    input,
    select {
      inline-size: auto;
    }
    label {
      display: inline-flex;
      gap: var(--portico-space-2);
      align-items: center;
    }
    .scroll {
      overflow-x: auto;
    }
    table {
      inline-size: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      padding: var(--portico-space-2);
      border-block-end: 1px solid var(--portico-color-border);
      text-align: start;
    }
    th {
      font-weight: var(--portico-font-weight-strong);
    }
    .sort {
      border: 0;
      padding: 0;
      min-block-size: 1.5em;
      background: none;
    }
    tbody tr {
      cursor: pointer;
    }
    tbody tr:hover,
    tbody tr:focus-visible {
      background: var(--portico-color-subtle);
    }
    tbody tr:focus-visible {
      outline-offset: -3px;
    }
    [part='pager'] {
      margin-block-start: var(--portico-space-3);
      justify-content: flex-end;
    }
  `,
];
