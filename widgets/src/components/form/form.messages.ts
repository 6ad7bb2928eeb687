import { draftMessages } from '../../internal/draft.messages.js';

/** English messages of the form's chunk (save, conflicts, record actions, record header, draft offer); i18n.ts. */
export const formMessages = {
  problems: 'Please correct the following:',
  conflict: 'Someone else changed this record meanwhile:',
  theirs: 'Load their version',
  mine: 'Keep my changes',
  saved: 'Saved.',
  created: 'Created.',
  unchanged: 'There are no changes to save.',
  stale: 'This form changed while you were editing. Check and save again.',
  staleOne: 'This form changed while you were editing: {fields} is no longer on it. Check and save again.',
  staleMany: 'This form changed while you were editing: {fields} are no longer on it. Check and save again.',
  ownedBy: 'Owner: {owner}',
  ...draftMessages,
};
