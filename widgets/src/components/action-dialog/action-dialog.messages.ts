/** English messages of `<portico-action-dialog>` (the dialogs chunk); i18n.ts. */
export const actionMessages = {
  resolution: 'Resolution',
  resolutionHint: 'What was done, in a sentence or two. The customer may see it.',
  keepIncident: 'Keep case',
  keepContact: 'Keep contact',
  resolved: 'Case resolved.',
  cancelled: 'Case cancelled.',
  reopened: 'Case reopened.',
  assigned: 'Assigned to {owner}.',
  assignedSomeone: 'Assigned.',
  deleted: 'Deleted.',
  deletedIncident: 'Case deleted.',
  deletedContact: 'Contact deleted.',
};
