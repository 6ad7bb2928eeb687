import { css } from 'lit';

/** The element carries settings only and never takes space on the page. */
export const styles = css`
  :host {
    display: none !important;
  }
`;
