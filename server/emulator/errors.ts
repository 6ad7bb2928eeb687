/**
 * Dataverse error envelopes. Every failure the emulator reports is a `DataverseError`, rendered as
 * `{"error":{"code":"0x…","message":"…"}}` with the HTTP status Dataverse uses for that code
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors,
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes).
 */

export class DataverseError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'DataverseError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Help link Dataverse appends to payload errors. */
const PAYLOAD_HELP =
  'For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293';

export const errors = {
  notFound(logicalName: string, id: string): DataverseError {
    return new DataverseError(404, '0x80040217', `${logicalName} With Id = ${id} Does Not Exist`);
  },
  segmentNotFound(segment: string): DataverseError {
    return new DataverseError(404, '0x8006088a', `Resource not found for the segment '${segment}'.`);
  },
  noResource(url: string): DataverseError {
    return new DataverseError(404, '', `No HTTP resource was found that matches the request URI '${url}'.`);
  },
  propertyNotFound(property: string, type: string): DataverseError {
    return new DataverseError(
      400,
      '0x80060888',
      `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${type}'.`,
    );
  },
  badVersion(version: string): DataverseError {
    return new DataverseError(
      400,
      '0x80060888',
      `Requested API Version '${version}' was not understood. Please provide in the format /api/data/v<Major>.<Minor>/ where Major and Minor are integers, supported versions are 9.0, 9.1 and 9.2.`,
    );
  },
  query(message: string): DataverseError {
    return new DataverseError(400, '0x80060888', message);
  },
  /** Payload errors: the OData reader's message wrapped the way current Dataverse builds do. */
  payload(entitySet: string, inner: string): DataverseError {
    return new DataverseError(
      400,
      '0x80048d19',
      `Error identified in Payload provided by the user for Entity :'${entitySet}', ${PAYLOAD_HELP}  ---->  InnerException : ${inner}`,
    );
  },
  invalidProperty(entitySet: string, property: string, logicalName: string): DataverseError {
    return errors.payload(
      entitySet,
      `Microsoft.OData.ODataException: Does not support untyped value in non-open type. Invalid property '${property}' was found in entity 'Microsoft.Dynamics.CRM.${logicalName}'.`,
    );
  },
  undeclaredAnnotation(entitySet: string, property: string): DataverseError {
    return errors.payload(
      entitySet,
      `Microsoft.OData.ODataException: An undeclared property '${property}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
    );
  },
  invalidArgument(message: string): DataverseError {
    return new DataverseError(400, '0x80040203', message);
  },
  picklistOutOfRange(attribute: string, logicalName: string, value: number): DataverseError {
    return new DataverseError(
      400,
      '0x8004431A',
      `A validation error occurred. The value ${value} of '${attribute}' on record of type '${logicalName}' is outside the valid range.`,
    );
  },
  tooLong(attribute: string, logicalName: string, max: number): DataverseError {
    return new DataverseError(
      400,
      '0x80044331',
      `A validation error occurred.  The length of the '${attribute}' attribute of the '${logicalName}' entity exceeded the maximum allowed length of '${max}'.`,
    );
  },
  versionMismatch(): DataverseError {
    return new DataverseError(
      412,
      '0x80060882',
      "The version of the existing record doesn't match the RowVersion property provided.",
    );
  },
  duplicateRecord(): DataverseError {
    return new DataverseError(412, '0x80040237', 'A record with matching key values already exists.');
  },
  customerMissing(): DataverseError {
    return new DataverseError(400, '0x80044410', 'You should specify a parent contact or account.');
  },
  customerBoth(): DataverseError {
    return new DataverseError(
      400,
      '0x8004440f',
      'You can either specify a parent contact or account, but not both.',
    );
  },
  caseAlreadyResolved(): DataverseError {
    return new DataverseError(
      400,
      '0x800404cf',
      'This case has already been resolved. Close and reopen the case record to see the updates.',
    );
  },
  resolveViaPatch(): DataverseError {
    return new DataverseError(
      400,
      '0x80040203',
      'This message can not be used to set the state of incident to Resolved. In order to set state of incident to Resolved, use the CloseIncidentRequest message instead.',
    );
  },
  invalidStatus(status: number, stateLabel: string, schemaName: string, logicalName: string, id: string) {
    return new DataverseError(
      400,
      '0x80043af9',
      `${status} is not a valid status code for state code ${schemaName}State.${stateLabel} on ${logicalName} with Id ${id}.`,
    );
  },
  ownerDisabled(): DataverseError {
    return new DataverseError(400, '0x8004022b', 'The specified owner has been disabled.');
  },
  requestTooLarge(limit: number): DataverseError {
    return new DataverseError(
      413,
      '0x8004418A',
      `Request body exceeds the maximum allowed size of ${limit} bytes.`,
    );
  },
  /**
   * A message the table does not support, such as Create on `organization`: the platform's
   * wording as seen in real faults; the code (SdkEntityDoesNotSupportMessage) and status are inferred.
   */
  messageNotSupported(message: string, logicalName: string): DataverseError {
    return new DataverseError(
      400,
      '0x80040800',
      `The '${message}' method does not support entities of type '${logicalName}'. MessageProcessorCache returned MessageProcessor.Empty.`,
    );
  },
  /**
   * AttachmentBlocked: the file name's extension is in the organisation's `blockedattachments`
   * (https://learn.microsoft.com/power-apps/developer/data-platform/files-images-overview#block-files-by-extension).
   * The documented code and message; the 400 status is inferred.
   */
  attachmentBlocked(): DataverseError {
    return new DataverseError(
      400,
      '0x80043e09',
      'The attachment is either not a valid type or is too large. It cannot be uploaded or downloaded.',
    );
  },
  /**
   * unManagedidsattachmentinvalidfilesize: the attachment is over the organisation's
   * `maxuploadfilesize` (https://learn.microsoft.com/power-apps/developer/data-platform/attachment-annotation-files#file-size-limits).
   * The documented code and message; the 400 status is inferred.
   */
  attachmentTooLarge(): DataverseError {
    return new DataverseError(400, '0x80044a02', 'Attachment file size is too big.');
  },
  methodNotAllowed(method: string): DataverseError {
    return new DataverseError(
      405,
      '0x80060888',
      `The requested resource does not support http method '${method}'.`,
    );
  },
  notSupported(message: string): DataverseError {
    return new DataverseError(501, '0x8006088b', message);
  },
};

export function errorBody(e: DataverseError): string {
  return JSON.stringify({ error: { code: e.code, message: e.message } });
}
