/**
 * The field kinds beyond text, text area and choice: email, phone, web address, numbers, date, date
 * and time, yes/no. A chunk of their own (`portico-fields.js`), loaded by a form whose definition
 * has one to edit, before it renders (components/form/load.ts): a case form does not wait for it,
 * and a contact form waits once, for all of them together (and beside its pickers).
 */
import '../components/url-field/url-field.js';
import '../components/decimal-field/decimal-field.js';
import '../components/integer-field/integer-field.js';
import '../components/datetime-field/datetime-field.js';
import '../components/boolean-field/boolean-field.js';
