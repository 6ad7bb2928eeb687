/**
 * Portico widgets: importing this module (or loading `portico.js` / `portico.iife.js`) registers
 * every element. The classic-script build exposes these exports as `window.Portico`.
 */
export { configure, ApiError } from './internal/api.js';
export type { PorticoOptions } from './internal/api.js';
export type * from './internal/events.js';
export { VERSION as version } from './internal/define.js';
export { PorticoForm } from './components/form/form.js';
export { PorticoList } from './components/list/list.js';
export { PorticoConfig } from './components/config/config.js';
export { PorticoDialog } from './components/dialog/dialog.js';
export { PorticoAssignDialog } from './components/assign-dialog/assign-dialog.js';
