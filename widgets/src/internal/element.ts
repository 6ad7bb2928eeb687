import { LitElement } from 'lit';
import { langOf, loadLanguage } from './i18n.js';
import { installTokens } from '../styles/tokens.js';

/**
 * Base of every Portico element that shows text: installs the design tokens once per document and
 * holds each update until the message pack of the element's language is loaded (a chunk of its own,
 * see i18n.ts), so an element whose language resolves to `de` never flashes English. English and
 * packs already loaded update at once.
 */
export class PorticoElement extends LitElement {
  constructor() {
    super();
    installTokens();
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    const pack = loadLanguage(langOf(this));
    return pack ? pack.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }
}
