import { css } from 'lit';
import { shared } from '../../styles/shared.js';
import { fieldStyles } from '../../styles/field.js';

export const styles = [
  shared,
  fieldStyles,
  css`
    /* Cards or table is decided by the list's own width, so a list in a sidebar gets cards too. */
    :host {
      container-type: inline-size;
    }
    /* Room inside, as the form has: a list in a host's panel does not touch its edges. */
    .base {
      position: relative;
      padding: var(--portico-space-4);
    }
    [part='toolbar'] {
      margin-block-end: var(--portico-space-3);
    }
    input,
    select {
      inline-size: auto;
      max-inline-size: 100%;
    }
    [part='search'] {
      flex: 1 1 12em;
      max-inline-size: 28em;
    }
    [part='create'] {
      margin-inline-start: auto;
    }
    /* A label that wraps (narrow: over its select) does not lift its select out of line. */
    .filters {
      flex-basis: 100%;
      align-items: end;
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
    /* Numbers, emails and phone numbers are read whole; the title never narrows to a word a line. */
    .text,
    .email,
    .phone {
      white-space: nowrap;
    }
    .wrap {
      min-inline-size: 14em;
    }
    a {
      font-weight: var(--portico-font-weight-strong);
    }
    .acts {
      display: flex;
      white-space: nowrap;
      gap: var(--portico-space-2);
      align-items: center;
    }
    /* Nothing between it and .base may be positioned (a sticky cell would be, too): the menu is
       placed against .base, outside the table's scroll box, which would clip it, below its button
       (its static position) and at the list's end edge. */
    [role='menu'] {
      position: absolute;
      inset-inline-end: 0;
      z-index: 1;
      display: grid;
      min-inline-size: 12em;
      padding: var(--portico-space-1);
      border: 1px solid var(--portico-color-border);
      border-radius: var(--portico-radius);
      background: var(--portico-color-bg);
      box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
    }
    [role='menu'][hidden] {
      display: none;
    }
    [role='menuitem'] {
      border: 0;
      text-align: start;
    }
    [role='menuitem']:hover,
    [role='menuitem']:focus {
      background: var(--portico-color-subtle);
    }
    .outcome {
      max-inline-size: 18em;
      margin: var(--portico-space-1) 0 0;
    }
    .outcome.bad,
    [part='status'].bad {
      color: var(--portico-color-danger);
    }
    .cards {
      display: none;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    /* A table too wide for the list (list.ts, fit): the columns the card leaves out go, then the table. */
    .fit1 .minor,
    .fit2 .scroll {
      display: none;
    }
    .fit2 .cards {
      display: grid;
      gap: var(--portico-space-2);
    }
    @container (max-width: 40em) {
      .scroll {
        display: none;
      }
      /* The search on a line of its own, so its placeholder is read whole; Search and New below. */
      [part='search'] {
        flex-basis: 100%;
        max-inline-size: none;
      }
      /* Filters two to a line, each label above its select, instead of a ragged run. */
      [part='toolbar'] label {
        flex: 1 1 8em;
        flex-direction: column;
        align-items: stretch;
      }
      [part='filter'] {
        inline-size: 100%;
      }
      .cards {
        display: grid;
        gap: var(--portico-space-2);
      }
    }
    .card {
      display: grid;
      gap: var(--portico-space-2);
      padding: var(--portico-space-3);
      border: 1px solid var(--portico-color-border);
      border-radius: var(--portico-radius);
    }
    .head {
      display: flex;
      gap: var(--portico-space-2);
      align-items: baseline;
      justify-content: space-between;
    }
    .plain {
      min-block-size: 1.5em;
      padding: 0;
      border: 0;
      text-align: start;
      color: var(--portico-color-accent);
    }
    /* Each field as wide as its value, side by side while they fit: a case number or a date is not
       broken over two lines to fill a column. */
    dl {
      display: flex;
      flex-wrap: wrap;
      gap: var(--portico-space-1) var(--portico-space-4);
      margin: 0;
    }
    dl > div {
      min-inline-size: 0;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    th {
      font-weight: var(--portico-font-weight-strong);
    }
    .sort {
      border: 0;
      padding: 0;
      text-align: start;
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
