import { css } from 'lit';

/**
 * Styles every Portico shadow root starts with. `.base` wraps each element's content and resets
 * every inherited property (`all: initial` leaves `direction` alone, so `dir="rtl"` still flows in),
 * because a host page's `* { color: red }` or `body { letter-spacing: 2px }` reaches our host
 * element and would otherwise inherit into the shadow tree; then it sets only token values.
 */
export const shared = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    all: initial;
    display: block;
    font-family: var(--portico-font-family);
    font-size: var(--portico-font-size);
    line-height: var(--portico-line-height);
    color: var(--portico-color-fg);
    background: var(--portico-color-bg);
  }
  * {
    box-sizing: border-box;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
    margin: 0;
  }
  /* A link that looks like a button (a list's "New" with a create page). */
  button,
  .button {
    min-block-size: 2.5em;
    padding-inline: var(--portico-space-3);
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius);
    background: var(--portico-color-bg);
    font-weight: var(--portico-font-weight-strong);
    cursor: pointer;
  }
  .button {
    display: inline-flex;
    align-items: center;
    text-decoration: none;
  }
  button:disabled {
    cursor: default;
  }
  .primary {
    background: var(--portico-color-accent);
    border-color: var(--portico-color-accent);
    color: var(--portico-color-on-accent);
  }
  .danger {
    color: var(--portico-color-danger);
  }
  /* Secondary text: a field's help, a card's term, a note's time, a box's hints. */
  .hint {
    color: var(--portico-color-muted);
    font-size: 0.875em;
  }
  a {
    color: var(--portico-color-accent);
  }
  :focus-visible {
    outline: var(--portico-focus-ring-width) solid var(--portico-focus-ring-color);
    outline-offset: 2px;
  }
  .sr {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--portico-space-2);
    align-items: center;
  }
  .banner {
    margin-block: var(--portico-space-3);
    padding: var(--portico-space-3);
    border: 1px solid var(--portico-color-border);
    border-inline-start: 4px solid var(--portico-color-accent);
    border-radius: var(--portico-radius);
    background: var(--portico-color-subtle);
  }
  .banner.bad {
    border-inline-start-color: var(--portico-color-danger);
  }
  /* A status pill: the record header's, a list card's. */
  .badge {
    flex: none;
    padding-inline: var(--portico-space-2);
    border: 1px solid var(--portico-color-border);
    border-radius: 1em;
    background: var(--portico-color-subtle);
    font-size: 0.875em;
    font-weight: var(--portico-font-weight-strong);
  }
  h2 {
    margin: 0 0 var(--portico-space-3);
    font-size: 1.25em;
    font-weight: var(--portico-font-weight-strong);
  }
  p {
    margin: 0 0 var(--portico-space-2);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-inline-size: 0;
  }
  legend {
    padding: 0;
  }
`;
