import { css } from 'lit';

/**
 * Styles of what only the form's chunk draws (writes.ts adds them to the form's shadow root when it
 * attaches): a busy button, the error summary, the record header with its status badge, and the
 * outcome beside the buttons.
 */
export const writesStyles = css`
  /* A button busy with its request (save.ts, actions.ts): its label gives way to the busy text
     (form.styles.ts sizes the button for both), the spinner sits in that text's padding. */
  .act[aria-busy='true'] > span {
    color: transparent;
  }
  .act[aria-busy='true']::after {
    visibility: visible;
  }
  .act[aria-busy='true']::before {
    content: '';
    position: absolute;
    inset-inline-start: var(--portico-space-3);
    inline-size: 1em;
    block-size: 1em;
    border: 2px solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  /* The error summary and the conflict's list of fields. */
  ul {
    margin: 0 0 var(--portico-space-2);
    padding-inline-start: 1.25em;
  }
  .rh {
    margin-block-end: var(--portico-space-4);
    padding-block-end: var(--portico-space-3);
    border-block-end: 1px solid var(--portico-color-subtle);
  }
  .rn {
    margin-block-end: var(--portico-space-1);
    font-size: 1.25em;
    font-weight: var(--portico-font-weight-strong);
    overflow-wrap: anywhere;
  }
  .rh .row {
    margin: 0;
    color: var(--portico-color-muted);
  }
  /* The status badge keeps the text colour in the muted row. */
  .rh .badge {
    color: var(--portico-color-fg);
  }
  .badge.open {
    border-color: var(--portico-color-accent);
    color: var(--portico-color-accent);
  }
  /* In a phone-wide form the buttons share their rows evenly rather than stack ragged. */
  @container (max-width: 30em) {
    [part~='actions'] > .act {
      flex: 1 1 auto;
    }
  }
  .notice:not(:empty) {
    margin-block: var(--portico-space-3);
    padding: var(--portico-space-3);
    border-inline-start: 4px solid var(--portico-color-accent);
    background: var(--portico-color-subtle);
  }
`;
