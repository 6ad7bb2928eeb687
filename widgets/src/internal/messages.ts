import type { formMessages } from '../components/form/form.messages.js';
import type { listMessages } from '../components/list/list.messages.js';
import type { assignMessages } from '../components/assign-dialog/assign-dialog.messages.js';
import type { actionMessages } from '../components/action-dialog/action-dialog.messages.js';
import type { lookupMessages } from '../components/lookup-field/lookup-field.messages.js';
import type { ajvMessages } from './ajv.messages.js';
import type { timelineMessages } from '../components/timeline/timeline.messages.js';

/**
 * English, the messages every page's entry needs. The on-demand chunks bring their own (`*.messages.ts`
 * beside the element that uses them) and add them with `addMessages` when they load, so a page
 * carries only the text of what it shows. Other languages are packs of every message
 * (i18n-packs.ts), loaded on first use.
 */
export const en = {
  required: 'This field is required.',
  maxLength: 'Use at most {limit} characters.',
  format: 'Enter a valid {format}.',
  type: 'Enter a valid {type}.',
  minimum: 'Use {limit} or more.',
  maximum: 'Use {limit} or less.',
  invalid: 'Invalid value.',
  email: 'email address',
  uri: 'web address',
  number: 'number',
  integer: 'whole number',
  loading: 'Loading…',
  save: 'Save',
  cancel: 'Cancel',
  retry: 'Try again',
  back: 'Go back',
  saving: 'Saving…',
  working: 'Working…',
  phone: 'phone number',
  network: 'No connection to the server. Your input is kept.',
  busy: 'The server is busy. Your input is kept.',
  loadFailed: 'This could not be loaded.',
  mode: 'This form does not offer this mode.',
};

/** Every message's key: the entry's and those of the chunks. */
export type MessageKey =
  | keyof typeof en
  | keyof typeof formMessages
  | keyof typeof listMessages
  | keyof typeof assignMessages
  | keyof typeof actionMessages
  | keyof typeof lookupMessages
  | keyof typeof ajvMessages
  | keyof typeof timelineMessages;
