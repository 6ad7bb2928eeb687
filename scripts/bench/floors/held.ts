// What the shadow-DOM and Lit floors share with Portico's data path and nothing more: the token
// comes from the host's own script through <portico-config>, and the tab holds the definition, shown
// at once on the next visit and confirmed with If-None-Match, as widgets/src/internal/api.ts does.
import type { FormDefinitionResponse } from '../../../server/api/contract.js';

export type Definition = FormDefinitionResponse;
export type Field = Definition['sections'][number]['fields'][number];

/** The definition every floor draws (widgets/build/host-fixture.ts `caseCreate`). */
const PATH = '/api/v1/forms/case-create';
const KEY = 'floor:definition';

/**
 * The host's token, the moment its script hands it to <portico-config> — as Portico's config
 * element learns it (a `getToken` setter), so a floor waits exactly as long as the kit does.
 */
function hostToken(): Promise<string> {
  return new Promise((resolve) => {
    const config = document.querySelector('portico-config');
    if (!config) throw new Error('the floor page has no <portico-config>');
    Object.defineProperty(config, 'getToken', { set: (fn: () => string) => resolve(fn()) });
  });
}

/**
 * Draws the case-create definition with `show`: at once from the tab's copy once the token is
 * there, then from the server's answer only if that is not a 304.
 */
export async function caseCreate(show: (definition: Definition) => void): Promise<void> {
  const token = await hostToken();
  const held = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as [string, Definition] | null;
  if (held) show(held[1]);
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (held) headers['If-None-Match'] = held[0];
  const res = await fetch(PATH, { headers });
  if (res.status === 304) return;
  const definition = (await res.json()) as Definition;
  sessionStorage.setItem(KEY, JSON.stringify([res.headers.get('ETag'), definition]));
  show(definition);
}

/** How a floor draws a field's control: what kind of element, and which input type. */
export function control(field: Field): 'radios' | 'select' | 'textarea' | { type: string } {
  if (field.kind === 'choice') return field.display === 'radios' ? 'radios' : 'select';
  if (field.kind === 'textarea') return 'textarea';
  return { type: field.kind === 'text' ? 'text' : field.kind };
}

/** The few rules both shadow-root floors adopt: one sheet, not Portico's theme. */
export const FLOOR_CSS =
  ':host{display:block;font:16px system-ui}fieldset{border:1px solid #ccc;margin:0 0 1em}' +
  'label{display:block;margin:.5em 0 .2em}input,select,textarea{font:inherit;box-sizing:border-box;width:100%}';
