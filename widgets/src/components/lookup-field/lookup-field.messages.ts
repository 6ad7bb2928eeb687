/** English messages of the type-ahead fields (the pickers chunk); i18n.ts. */
export const lookupMessages = {
  noMatch: 'No matches',
};
