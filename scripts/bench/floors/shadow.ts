// The shadow-DOM floor: the plain floor's DOM inside one custom element's shadow root with one
// adopted sheet, waiting for the host's token and holding the definition as Portico does
// (held.ts). What an embeddable element pays on Portico's data path before any framework.
import { draw } from './draw.js';
import { FLOOR_CSS, caseCreate } from './held.js';

const sheet = new CSSStyleSheet();
sheet.replaceSync(FLOOR_CSS);

customElements.define(
  'shadow-floor',
  class extends HTMLElement {
    connectedCallback(): void {
      const root = this.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [sheet];
      void caseCreate((def) => root.replaceChildren(draw(def)));
    }
  },
);
