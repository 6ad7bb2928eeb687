/**
 * English messages of the offer to restore unsent input (draft.ts), shared by the form's chunk and
 * the timeline's: a timeline placed on its own has no form to bring them; i18n.ts.
 */
export const draftMessages = {
  draft: 'You have unsent input.',
  restore: 'Restore it',
  discard: 'Discard it',
};
