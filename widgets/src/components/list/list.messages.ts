/** English messages of `<portico-list>`'s chunk; i18n.ts. */
export const listMessages = {
  search: 'Search',
  all: 'All',
  prev: 'Previous page',
  next: 'Next page',
  empty: 'No records found.',
  new: 'New',
  newIncident: 'New case',
  newContact: 'New contact',
  more: 'More',
  actions: 'Actions',
  offline: 'No connection to the server. Nothing was changed; try again.',
};
