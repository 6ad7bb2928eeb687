// The assign picker is a dialog and adds no box of its own (dialog.styles.ts).
export { contents as styles } from '../dialog/dialog.styles.js';
