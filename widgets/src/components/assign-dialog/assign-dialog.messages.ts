/** English messages of `<portico-assign-dialog>` (the dialogs chunk); i18n.ts. */
export const assignMessages = {
  owner: 'New owner',
  ownerHint: 'Type part of a team or person’s name, then choose one.',
  confirm: 'Confirm',
};
