/** English messages of the type-ahead fields (the fields chunk); i18n.ts. */
export const lookupMessages = {
  noMatch: 'No matches',
};
