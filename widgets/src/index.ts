/**
 * Portico widgets: the entry a host page loads (`portico.js`, or the classic `portico.iife.js`).
 * It defines `<portico-config>`, `<portico-form>` and the field elements at once, and the rest on
 * first use from chunks beside it (internal/first-use.ts). The classic-script build is one file
 * with every chunk inlined and exposes these exports as `window.Portico`. The list and dialog
 * classes are exported as types only: their code is in their chunks (`customElements.get` gives
 * the class once defined).
 */
export { configure, ApiError } from './internal/api.js';
export type { PorticoOptions } from './internal/api.js';
export type * from './internal/events.js';
export { VERSION as version } from './internal/define.js';
export { PorticoForm } from './components/form/form.js';
export { PorticoConfig } from './components/config/config.js';
export type { PorticoList } from './components/list/list.js';
export type { PorticoDialog } from './components/dialog/dialog.js';
export type { PorticoAssignDialog } from './components/assign-dialog/assign-dialog.js';
export type { PorticoActionDialog } from './components/action-dialog/action-dialog.js';
import './internal/first-use.js';
