/**
 * The field kinds beyond the entry's text, text area, choice, email, phone and date: web address,
 * numbers, date and time, yes/no, and the lookup and owner type-aheads. One chunk
 * (`portico-fields.js`), loaded by a form whose definition has one of them to edit, before it
 * renders (components/form/load.ts), and by the assign dialog for its owner picker: a form waits
 * for one chunk at most, and a case form with lookups for the same one as a contact form.
 */
import '../url-field/url-field.js';
import '../decimal-field/decimal-field.js';
import '../integer-field/integer-field.js';
import '../datetime-field/datetime-field.js';
import '../boolean-field/boolean-field.js';
import '../owner-field/owner-field.js';
