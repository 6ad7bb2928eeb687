import { css } from 'lit';
import { shared } from '../../styles/shared.js';

export const styles = [
  shared,
  css`
    :host {
      container-type: inline-size;
      margin-block-start: var(--portico-space-4);
    }
    .error {
      color: var(--portico-color-danger);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .error:empty {
      display: none;
    }
    .compose {
      display: grid;
      gap: var(--portico-space-2);
      margin-block-end: var(--portico-space-4);
      padding: var(--portico-space-3);
      border: 1px dashed var(--portico-color-border);
      border-radius: var(--portico-radius);
    }
    .compose > * {
      margin: 0;
    }
    .dragging {
      border-style: solid;
      border-color: var(--portico-color-accent);
      background: var(--portico-color-subtle);
    }
    label {
      font-weight: var(--portico-font-weight-strong);
    }
    textarea {
      inline-size: 100%;
      min-block-size: 5em;
      padding: var(--portico-space-2);
      border: 1px solid var(--portico-color-border);
      border-radius: var(--portico-radius);
      background: var(--portico-color-field);
      resize: vertical;
    }
    [aria-invalid='true'] {
      border-color: var(--portico-color-danger);
    }
    [part~='send'] {
      justify-self: start;
    }
    progress {
      flex: 1;
      min-inline-size: 8em;
      block-size: 0.75em;
      accent-color: var(--portico-color-accent);
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: var(--portico-space-2);
      padding: 0;
      list-style: none;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: var(--portico-space-1);
      max-inline-size: 100%;
      padding-inline-start: var(--portico-space-2);
      border: 1px solid var(--portico-color-border);
      border-radius: var(--portico-radius);
      overflow-wrap: anywhere;
    }
    .chip button {
      min-block-size: 2em;
      border: 0;
      padding-inline: var(--portico-space-2);
    }
    .icon {
      flex: none;
      inline-size: 1.25em;
      block-size: 1.25em;
      fill: none;
      stroke: currentColor;
      stroke-width: 1.2;
      stroke-linejoin: round;
    }
    .notes {
      display: grid;
      gap: var(--portico-space-3);
      margin: 0 0 var(--portico-space-3);
      padding: 0;
      list-style: none;
    }
    .note {
      padding: var(--portico-space-3);
      border: 1px solid var(--portico-color-border);
      border-radius: var(--portico-radius);
    }
    .staff {
      border-inline-start: 4px solid var(--portico-color-accent);
      background: var(--portico-color-subtle);
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--portico-space-1) var(--portico-space-2);
      margin-block-end: var(--portico-space-1);
    }
    h3 {
      margin: 0;
      font-size: 1em;
      font-weight: var(--portico-font-weight-strong);
    }
    .tag {
      padding-inline: var(--portico-space-2);
      border-radius: var(--portico-radius);
      background: var(--portico-color-accent);
      color: var(--portico-color-on-accent);
      font-size: 0.8em;
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .file {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--portico-space-2);
      margin: 0;
    }
    a {
      color: var(--portico-color-accent);
      overflow-wrap: anywhere;
    }
    @container (max-width: 30em) {
      .compose {
        padding: var(--portico-space-2);
      }
      [part~='send'],
      [part~='attach'],
      [part~='older'] {
        inline-size: 100%;
      }
      time {
        flex-basis: 100%;
      }
    }
  `,
];
