/** English messages of `<portico-assign-dialog>` (the dialogs chunk); i18n.ts. */
export const assignMessages = {
  owner: 'New owner',
  confirm: 'Confirm',
};
