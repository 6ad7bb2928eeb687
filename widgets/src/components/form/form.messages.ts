/** English messages of the form's chunk (save, conflicts, record actions); i18n.ts. */
export const formMessages = {
  problems: 'Please correct the following:',
  conflict: 'Someone else changed this record meanwhile:',
  theirs: 'Load their version',
  mine: 'Keep my changes',
  saved: 'Saved.',
};
