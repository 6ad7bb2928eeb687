import { css } from 'lit';

/** Layout shared by every field kind: label above control, help and error below. */
export const fieldStyles = css`
  .field {
    display: grid;
    gap: var(--portico-space-1);
    margin-block-end: var(--portico-space-3);
  }
  label,
  legend {
    font-weight: var(--portico-font-weight-strong);
    padding: 0;
  }
  .req,
  .error {
    color: var(--portico-color-danger);
  }
  input:not([type='checkbox'], [type='radio']),
  select,
  textarea {
    display: block;
    inline-size: 100%;
    min-block-size: 2.5em;
    padding: var(--portico-space-1) var(--portico-space-2);
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius);
    background: var(--portico-color-field);
  }
  [readonly] {
    background: var(--portico-color-subtle) !important;
  }
  .invalid :is(input, select, textarea) {
    border: 2px solid var(--portico-color-danger) !important;
  }
  [type='checkbox'],
  [type='radio'] {
    margin-inline-end: var(--portico-space-2);
    accent-color: var(--portico-color-accent);
  }
  .opt {
    display: flex;
    align-items: center;
    font-weight: normal;
  }
  .combo {
    position: relative;
  }
  [role='listbox'] {
    position: absolute;
    inset-inline: 0;
    z-index: 1;
    margin: 0;
    padding: 0;
    list-style: none;
    max-block-size: 15em;
    overflow: auto;
    background: var(--portico-color-bg);
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius);
  }
  [role='option'] {
    padding: var(--portico-space-1) var(--portico-space-2);
    cursor: pointer;
  }
  [role='option'][aria-selected='true'] {
    background: var(--portico-color-accent);
    color: var(--portico-color-on-accent);
  }
`;
