import { LitElement } from 'lit';
import type { PropertyDeclarations } from 'lit';
import { define } from '../../internal/define.js';
import { configure } from '../../internal/api.js';
import type { PorticoOptions } from '../../internal/api.js';
import { styles } from './config.styles.js';

/**
 * Configures every Portico element on the page, declaratively. Set `endpoint` as an attribute and
 * the token provider as a JavaScript property (a function cannot be an attribute):
 *
 * ```html
 * <portico-config endpoint="https://portal.example.com"></portico-config>
 * <script type="module" src="/js/portico-token.js"></script>
 * <!-- portico-token.js: document.querySelector('portico-config').getToken = () => mySignIn.token(); -->
 * ```
 *
 * Equivalent to `Portico.configure({ endpoint, getToken })`. Renders nothing.
 *
 * @tagname portico-config
 * @summary Sets the Portico server endpoint and token provider for the page.
 */
export class PorticoConfig extends LitElement {
  static override styles = styles;
  static override properties: PropertyDeclarations = {
    endpoint: {},
  };
  /** Origin (and optional base path) of the Portico server. No default. */
  endpoint = '';
  #getToken?: PorticoOptions['getToken'];

  /** Returns the user's token; see `PorticoOptions.getToken`. */
  get getToken(): PorticoOptions['getToken'] | undefined {
    return this.#getToken;
  }
  set getToken(fn: PorticoOptions['getToken'] | undefined) {
    this.#getToken = fn;
    if (fn) configure({ getToken: fn });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A property set before the element was upgraded sits on the instance and hides the accessor.
    if (Object.hasOwn(this, 'getToken')) {
      const fn = (this as unknown as { getToken: PorticoOptions['getToken'] }).getToken;
      delete (this as Partial<this>).getToken;
      this.getToken = fn;
    }
  }

  protected override updated(): void {
    if (this.endpoint) configure({ endpoint: this.endpoint });
  }
}

define('portico-config', PorticoConfig);

declare global {
  interface HTMLElementTagNameMap {
    'portico-config': PorticoConfig;
  }
}
