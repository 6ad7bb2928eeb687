/** English messages of the validator keywords that no field checks itself (ajv-message.ts); i18n.ts. */
export const ajvMessages = {
  minLength: 'Use at least {limit} characters.',
  pattern: 'Check the format.',
  additionalProperties: 'Unknown field: {additionalProperty}.',
  enum: 'Choose one of the options.',
};
