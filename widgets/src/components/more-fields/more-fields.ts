/**
 * The "more" chunk (`portico-more.js`): the field kinds beyond the entry's text, text area, choice,
 * email, phone and date — web address, numbers, date and time, yes/no, the lookup and owner
 * type-aheads — and the record actions' dialogs. Loaded by a form whose definition has one of those
 * kinds to edit, before it renders (components/form/load.ts), by a record form for its actions, and
 * by a list with row actions. One chunk, not two: the assign dialog needs the owner type-ahead, and
 * a case page needs both anyway; as one file they measured 187 B brotli smaller than apart, and a
 * form waits for one request at most.
 */
import '../url-field/url-field.js';
import '../decimal-field/decimal-field.js';
import '../integer-field/integer-field.js';
import '../datetime-field/datetime-field.js';
import '../boolean-field/boolean-field.js';
import '../owner-field/owner-field.js';
import '../action-dialog/action-dialog.js';
