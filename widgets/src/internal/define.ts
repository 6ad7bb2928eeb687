/** Version of this kit; a second copy of the script with the same version registers nothing. */
export const VERSION = '0.1.0';

/**
 * Registers a custom element unless that tag is already defined. A host page may include the embed
 * script twice (two CMS blocks, a tag manager and a hard-coded tag); `customElements.define` throws
 * `NotSupportedError` for a tag that exists
 * (https://html.spec.whatwg.org/multipage/custom-elements.html#dom-customelementregistry-define),
 * so the second copy must leave the first one in charge. A different version already registered
 * under the same tag is reported once, because the two copies may not agree on their API.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
  if (!existing) customElements.define(tag, Object.assign(ctor, { version: VERSION }));
  else if (existing.version !== VERSION)
    console.warn('PORTICO_WIDGET_VERSION_MISMATCH', tag, existing.version);
}

/** The first match in an element's shadow root (one shared helper: the bundle is size-budgeted). */
export const query = <T>(host: { renderRoot: ParentNode }, selector: string): T =>
  host.renderRoot.querySelector(selector) as T;
