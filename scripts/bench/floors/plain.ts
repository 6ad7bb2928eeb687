// The floor: the least any script-loaded form can do. Fetches the definition with the host's token
// (compiled in: this page has no host script) and builds plain inputs in the document. No custom
// element, no shadow DOM, no validation, no drafts, nothing held: what it costs over the static
// form is the chain itself (script request, definition request, building the DOM), not Portico.
import { draw } from './draw.js';
import type { Definition } from './held.js';

declare const HOST_TOKEN: string;

const res = await fetch('/api/v1/forms/case-create', { headers: { Authorization: `Bearer ${HOST_TOKEN}` } });
document.body.append(draw((await res.json()) as Definition));
