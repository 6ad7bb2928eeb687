/**
 * The eight tables the emulator serves, declared once. Types, maximum lengths, required levels and
 * option values/labels follow the standard Dynamics 365 Customer Engagement v9 definitions as
 * published in the entity reference on Microsoft Learn
 * (https://learn.microsoft.com/dynamics365/customerengagement/on-premises/developer/entities/contact,
 * …/entities/incident, …/entities/account, …/entities/systemuser, …/entities/team,
 * …/entities/incidentresolution, …/entities/annotation, …/entities/organization). English (1033)
 * labels only.
 */
import type { AttributeDef, EntityDef, OptionDef, RequiredLevel } from './types.js';

type Extra = Partial<Omit<AttributeDef, 'logicalName' | 'schemaName' | 'type' | 'displayName'>>;

function attr(
  logicalName: string,
  schemaName: string,
  type: AttributeDef['type'],
  displayName: string,
  extra: Extra = {},
): AttributeDef {
  return {
    logicalName,
    schemaName,
    type,
    displayName,
    description: extra.description ?? '',
    requiredLevel: extra.requiredLevel ?? 'None',
    ...extra,
  };
}

const str = (
  logicalName: string,
  schemaName: string,
  displayName: string,
  maxLength: number,
  extra: Extra = {},
): AttributeDef =>
  attr(logicalName, schemaName, 'String', displayName, { maxLength, formatName: 'Text', ...extra });

const memo = (
  logicalName: string,
  schemaName: string,
  displayName: string,
  maxLength: number,
  extra: Extra = {},
) => attr(logicalName, schemaName, 'Memo', displayName, { maxLength, formatName: 'TextArea', ...extra });

const readOnly: Extra = { validForCreate: false, validForUpdate: false };

const o = (value: number, label: string): OptionDef => ({ value, label });

function picklist(
  entity: string,
  logicalName: string,
  schemaName: string,
  displayName: string,
  options: readonly OptionDef[],
  extra: Extra = {},
): AttributeDef {
  return attr(logicalName, schemaName, 'Picklist', displayName, {
    options,
    optionSetName: `${entity}_${logicalName}`,
    ...extra,
  });
}

function boolean(
  entity: string,
  logicalName: string,
  schemaName: string,
  displayName: string,
  falseLabel: string,
  trueLabel: string,
  defaultValue: boolean,
  extra: Extra = {},
): AttributeDef {
  return attr(logicalName, schemaName, 'Boolean', displayName, {
    options: [o(0, falseLabel), o(1, trueLabel)],
    optionSetName: `${entity}_${logicalName}`,
    defaultValue,
    ...extra,
  });
}

function stateStatus(
  entity: string,
  schemaPrefix: string,
  states: readonly OptionDef[],
  statuses: readonly OptionDef[],
): AttributeDef[] {
  return [
    attr('statecode', 'StateCode', 'State', 'Status', {
      requiredLevel: 'SystemRequired',
      options: states,
      optionSetName: `${entity}_statecode`,
      validForCreate: false,
      description: `Status of the ${schemaPrefix}.`,
    }),
    attr('statuscode', 'StatusCode', 'Status', 'Status Reason', {
      options: statuses,
      optionSetName: `${entity}_statuscode`,
      description: `Reason for the status of the ${schemaPrefix}.`,
    }),
  ];
}

/** createdon/modifiedon, createdby/modifiedby and versionnumber, present on every table. */
function auditColumns(): AttributeDef[] {
  return [
    attr('createdon', 'CreatedOn', 'DateTime', 'Created On', {
      ...readOnly,
      computed: true,
      dateFormat: 'DateAndTime',
      dateTimeBehavior: 'UserLocal',
      description: 'Date and time when the record was created.',
    }),
    attr('modifiedon', 'ModifiedOn', 'DateTime', 'Modified On', {
      ...readOnly,
      computed: true,
      dateFormat: 'DateAndTime',
      dateTimeBehavior: 'UserLocal',
      description: 'Date and time when the record was last updated.',
    }),
    attr('createdby', 'CreatedBy', 'Lookup', 'Created By', {
      ...readOnly,
      computed: true,
      targets: { systemuser: 'createdby' },
      description: 'Who created the record.',
    }),
    attr('modifiedby', 'ModifiedBy', 'Lookup', 'Modified By', {
      ...readOnly,
      computed: true,
      targets: { systemuser: 'modifiedby' },
      description: 'Who last updated the record.',
    }),
    attr('versionnumber', 'VersionNumber', 'BigInt', 'Version Number', {
      ...readOnly,
      computed: true,
      minValue: -9223372036854775808,
      maxValue: 9223372036854775807,
      description: 'Version number of the record.',
    }),
  ];
}

/** ownerid plus the owning* columns derived from it, for user-owned tables. */
function ownerColumns(): AttributeDef[] {
  return [
    attr('ownerid', 'OwnerId', 'Owner', 'Owner', {
      requiredLevel: 'SystemRequired',
      targets: { systemuser: 'ownerid', team: 'ownerid' },
      description: 'Owner of the record: a user or a team. Assign by updating this column.',
    }),
    attr('owninguser', 'OwningUser', 'Lookup', 'Owning User', {
      ...readOnly,
      computed: true,
      targets: { systemuser: 'owninguser' },
    }),
    attr('owningteam', 'OwningTeam', 'Lookup', 'Owning Team', {
      ...readOnly,
      computed: true,
      targets: { team: 'owningteam' },
    }),
    attr('owningbusinessunit', 'OwningBusinessUnit', 'Lookup', 'Owning Business Unit', {
      ...readOnly,
      computed: true,
      targets: { businessunit: 'owningbusinessunit' },
    }),
  ];
}

function pk(logicalName: string, schemaName: string, displayName: string): AttributeDef {
  return attr(logicalName, schemaName, 'Uniqueidentifier', displayName, {
    requiredLevel: 'SystemRequired',
    validForUpdate: false,
    description: 'Unique identifier of the record.',
  });
}

const required = (level: RequiredLevel): Extra => ({ requiredLevel: level });

const contact: EntityDef = {
  logicalName: 'contact',
  schemaName: 'Contact',
  entitySetName: 'contacts',
  primaryIdAttribute: 'contactid',
  primaryNameAttribute: 'fullname',
  displayName: 'Contact',
  displayCollectionName: 'Contacts',
  description:
    'Person with whom a business unit has a relationship, such as customer, supplier, and colleague.',
  ownershipType: 'UserOwned',
  objectTypeCode: 2,
  isActivity: false,
  attributes: [
    pk('contactid', 'ContactId', 'Contact'),
    str('firstname', 'FirstName', 'First Name', 50, required('Recommended')),
    str('lastname', 'LastName', 'Last Name', 50, required('ApplicationRequired')),
    str('fullname', 'FullName', 'Full Name', 160, {
      ...readOnly,
      computed: true,
      description: 'Combines and shows the contact first and last names.',
    }),
    str('emailaddress1', 'EMailAddress1', 'Email', 100, { formatName: 'Email' }),
    str('telephone1', 'Telephone1', 'Business Phone', 50, { formatName: 'Phone' }),
    str('mobilephone', 'MobilePhone', 'Mobile Phone', 50, { formatName: 'Phone' }),
    str('jobtitle', 'JobTitle', 'Job Title', 100),
    str('address1_line1', 'Address1_Line1', 'Address 1: Street 1', 250),
    str('address1_city', 'Address1_City', 'Address 1: City', 80),
    str('address1_stateorprovince', 'Address1_StateOrProvince', 'Address 1: State/Province', 50),
    str('address1_postalcode', 'Address1_PostalCode', 'Address 1: ZIP/Postal Code', 20),
    str('address1_country', 'Address1_Country', 'Address 1: Country/Region', 80),
    memo('address1_composite', 'Address1_Composite', 'Address 1', 1000, { ...readOnly, computed: true }),
    picklist(
      'contact',
      'preferredcontactmethodcode',
      'PreferredContactMethodCode',
      'Preferred Method of Contact',
      [o(1, 'Any'), o(2, 'Email'), o(3, 'Phone'), o(4, 'Fax'), o(5, 'Mail')],
      { defaultValue: 1 },
    ),
    boolean('contact', 'donotemail', 'DoNotEMail', 'Do not allow Emails', 'Allow', 'Do Not Allow', false),
    attr('birthdate', 'BirthDate', 'DateTime', 'Birthday', {
      dateFormat: 'DateOnly',
      dateTimeBehavior: 'DateOnly',
    }),
    attr('parentcustomerid', 'ParentCustomerId', 'Customer', 'Company Name', {
      targets: { account: 'parentcustomerid_account', contact: 'parentcustomerid_contact' },
      description: 'The parent account or parent contact of the contact.',
    }),
    memo('description', 'Description', 'Description', 2000),
    ...stateStatus(
      'contact',
      'contact',
      [
        { value: 0, label: 'Active', defaultStatus: 1, invariantName: 'Active' },
        { value: 1, label: 'Inactive', defaultStatus: 2, invariantName: 'Inactive' },
      ],
      [
        { value: 1, label: 'Active', state: 0 },
        { value: 2, label: 'Inactive', state: 1 },
      ],
    ),
    ...ownerColumns(),
    ...auditColumns(),
  ],
};

const incident: EntityDef = {
  logicalName: 'incident',
  schemaName: 'Incident',
  entitySetName: 'incidents',
  primaryIdAttribute: 'incidentid',
  primaryNameAttribute: 'title',
  displayName: 'Case',
  displayCollectionName: 'Cases',
  description: 'Service request case associated with a contract.',
  ownershipType: 'UserOwned',
  objectTypeCode: 112,
  isActivity: false,
  attributes: [
    pk('incidentid', 'IncidentId', 'Case'),
    str('title', 'Title', 'Case Title', 200, required('ApplicationRequired')),
    str('ticketnumber', 'TicketNumber', 'Case Number', 100, {
      validForUpdate: false,
      description: 'Case number for customer reference; generated on create and cannot be modified.',
    }),
    memo('description', 'Description', 'Description', 2000),
    picklist('incident', 'casetypecode', 'CaseTypeCode', 'Case Type', [
      o(1, 'Question'),
      o(2, 'Problem'),
      o(3, 'Request'),
    ]),
    picklist(
      'incident',
      'prioritycode',
      'PriorityCode',
      'Priority',
      [o(1, 'High'), o(2, 'Normal'), o(3, 'Low')],
      {
        defaultValue: 2,
      },
    ),
    picklist('incident', 'caseorigincode', 'CaseOriginCode', 'Origin', [
      o(1, 'Phone'),
      o(2, 'Email'),
      o(3, 'Web'),
      o(2483, 'Facebook'),
      o(3986, 'Twitter'),
    ]),
    attr('customerid', 'CustomerId', 'Customer', 'Customer', {
      requiredLevel: 'SystemRequired',
      targets: { account: 'customerid_account', contact: 'customerid_contact' },
      description: 'The customer account or contact the case is for.',
    }),
    attr('primarycontactid', 'PrimaryContactId', 'Lookup', 'Contact', {
      targets: { contact: 'primarycontactid' },
      description: 'Primary contact for the case.',
    }),
    ...stateStatus(
      'incident',
      'case',
      [
        { value: 0, label: 'Active', defaultStatus: 1, invariantName: 'Active' },
        { value: 1, label: 'Resolved', defaultStatus: 5, invariantName: 'Resolved' },
        { value: 2, label: 'Canceled', defaultStatus: 6, invariantName: 'Canceled' },
      ],
      [
        { value: 1, label: 'In Progress', state: 0 },
        { value: 2, label: 'On Hold', state: 0 },
        { value: 3, label: 'Waiting for Details', state: 0 },
        { value: 4, label: 'Researching', state: 0 },
        { value: 5, label: 'Problem Solved', state: 1 },
        { value: 1000, label: 'Information Provided', state: 1 },
        { value: 6, label: 'Canceled', state: 2 },
        { value: 2000, label: 'Merged', state: 2 },
      ],
    ),
    ...ownerColumns(),
    ...auditColumns(),
  ],
};

const account: EntityDef = {
  logicalName: 'account',
  schemaName: 'Account',
  entitySetName: 'accounts',
  primaryIdAttribute: 'accountid',
  primaryNameAttribute: 'name',
  displayName: 'Account',
  displayCollectionName: 'Accounts',
  description: 'Business that represents a customer or potential customer.',
  ownershipType: 'UserOwned',
  objectTypeCode: 1,
  isActivity: false,
  attributes: [
    pk('accountid', 'AccountId', 'Account'),
    str('name', 'Name', 'Account Name', 160, required('ApplicationRequired')),
    str('accountnumber', 'AccountNumber', 'Account Number', 20),
    str('emailaddress1', 'EMailAddress1', 'Email', 100, { formatName: 'Email' }),
    str('telephone1', 'Telephone1', 'Main Phone', 50, { formatName: 'Phone' }),
    str('websiteurl', 'WebSiteURL', 'Website', 200, { formatName: 'Url' }),
    str('address1_city', 'Address1_City', 'Address 1: City', 80),
    str('address1_country', 'Address1_Country', 'Address 1: Country/Region', 80),
    attr('primarycontactid', 'PrimaryContactId', 'Lookup', 'Primary Contact', {
      targets: { contact: 'primarycontactid' },
    }),
    memo('description', 'Description', 'Description', 2000),
    ...stateStatus(
      'account',
      'account',
      [
        { value: 0, label: 'Active', defaultStatus: 1, invariantName: 'Active' },
        { value: 1, label: 'Inactive', defaultStatus: 2, invariantName: 'Inactive' },
      ],
      [
        { value: 1, label: 'Active', state: 0 },
        { value: 2, label: 'Inactive', state: 1 },
      ],
    ),
    ...ownerColumns(),
    ...auditColumns(),
  ],
};

const systemuser: EntityDef = {
  logicalName: 'systemuser',
  schemaName: 'SystemUser',
  entitySetName: 'systemusers',
  primaryIdAttribute: 'systemuserid',
  primaryNameAttribute: 'fullname',
  displayName: 'User',
  displayCollectionName: 'Users',
  description:
    'Person with access to the Microsoft CRM system and who owns objects in the Microsoft CRM database.',
  ownershipType: 'BusinessOwned',
  objectTypeCode: 8,
  isActivity: false,
  attributes: [
    pk('systemuserid', 'SystemUserId', 'User'),
    str('firstname', 'FirstName', 'First Name', 256),
    str('lastname', 'LastName', 'Last Name', 256, required('ApplicationRequired')),
    str('fullname', 'FullName', 'Full Name', 200, { ...readOnly, computed: true }),
    str('domainname', 'DomainName', 'User Name', 1024, required('SystemRequired')),
    str('internalemailaddress', 'InternalEMailAddress', 'Primary Email', 100, { formatName: 'Email' }),
    str('title', 'Title', 'Title', 128),
    boolean('systemuser', 'isdisabled', 'IsDisabled', 'Status', 'Enabled', 'Disabled', false, {
      validForCreate: false,
    }),
    attr('businessunitid', 'BusinessUnitId', 'Lookup', 'Business Unit', {
      requiredLevel: 'SystemRequired',
      targets: { businessunit: 'businessunitid' },
    }),
    ...auditColumns(),
  ],
};

const team: EntityDef = {
  logicalName: 'team',
  schemaName: 'Team',
  entitySetName: 'teams',
  primaryIdAttribute: 'teamid',
  primaryNameAttribute: 'name',
  displayName: 'Team',
  displayCollectionName: 'Teams',
  description:
    'Collection of system users that routinely collaborate. Teams can be used to simplify record sharing.',
  ownershipType: 'BusinessOwned',
  objectTypeCode: 9,
  isActivity: false,
  attributes: [
    pk('teamid', 'TeamId', 'Team'),
    str('name', 'Name', 'Team Name', 160, required('SystemRequired')),
    memo('description', 'Description', 'Description', 2000),
    picklist(
      'team',
      'teamtype',
      'TeamType',
      'Team Type',
      [o(0, 'Owner'), o(1, 'Access'), o(2, 'Security Group'), o(3, 'Office Group')],
      { defaultValue: 0, requiredLevel: 'SystemRequired', validForUpdate: false },
    ),
    str('emailaddress', 'EMailAddress', 'Email', 100, { formatName: 'Email' }),
    attr('businessunitid', 'BusinessUnitId', 'Lookup', 'Business Unit', {
      requiredLevel: 'SystemRequired',
      targets: { businessunit: 'businessunitid' },
    }),
    ...auditColumns(),
  ],
};

const incidentresolution: EntityDef = {
  logicalName: 'incidentresolution',
  schemaName: 'IncidentResolution',
  entitySetName: 'incidentresolutions',
  primaryIdAttribute: 'activityid',
  primaryNameAttribute: 'subject',
  displayName: 'Case Resolution',
  displayCollectionName: 'Case Resolutions',
  description:
    'Special type of activity that includes description of the resolution, billing status, and the duration of the case.',
  ownershipType: 'UserOwned',
  objectTypeCode: 4206,
  isActivity: true,
  attributes: [
    pk('activityid', 'ActivityId', 'Case Resolution'),
    str('subject', 'Subject', 'Resolution', 200, required('SystemRequired')),
    memo('description', 'Description', 'Description', 2000),
    attr('incidentid', 'IncidentId', 'Lookup', 'Case', {
      requiredLevel: 'SystemRequired',
      targets: { incident: 'incidentid' },
    }),
    attr('timespent', 'TimeSpent', 'Integer', 'Time Spent', { minValue: 0, maxValue: 2147483647 }),
    ...stateStatus(
      'incidentresolution',
      'case resolution',
      [
        { value: 0, label: 'Open', defaultStatus: 1, invariantName: 'Open' },
        { value: 1, label: 'Completed', defaultStatus: 2, invariantName: 'Completed' },
        { value: 2, label: 'Canceled', defaultStatus: 3, invariantName: 'Canceled' },
      ],
      [
        { value: 1, label: 'Open', state: 0 },
        { value: 2, label: 'Closed', state: 1 },
        { value: 3, label: 'Canceled', state: 2 },
      ],
    ),
    ...ownerColumns(),
    ...auditColumns(),
  ],
};

/**
 * Notes and their attachments (https://learn.microsoft.com/dynamics365/customerengagement/on-premises/developer/entities/annotation).
 * `objectid` is the regarding row; of its many targets the emulator serves the three tables it
 * has, each through the relationship Dataverse names `<Table>_Annotation` (Delete: Cascade). The
 * attachment is `documentbody` in Base64 (https://learn.microsoft.com/power-apps/developer/data-platform/attachment-annotation-files);
 * `isdocument`, `filesize` and `objecttypecode` follow from the body and the regarding row
 * (`note-rules.ts`).
 */
const annotation: EntityDef = {
  logicalName: 'annotation',
  schemaName: 'Annotation',
  entitySetName: 'annotations',
  primaryIdAttribute: 'annotationid',
  primaryNameAttribute: 'subject',
  displayName: 'Note',
  displayCollectionName: 'Notes',
  description: 'Note that is attached to one or more objects, including other notes.',
  ownershipType: 'UserOwned',
  objectTypeCode: 5,
  isActivity: false,
  attributes: [
    pk('annotationid', 'AnnotationId', 'Note'),
    str('subject', 'Subject', 'Title', 500, {
      ...required('ApplicationRequired'),
      description: 'Subject associated with the note.',
    }),
    memo('notetext', 'NoteText', 'Description', 100000, { description: 'Text of the note.' }),
    boolean('annotation', 'isdocument', 'IsDocument', 'Is Document', 'No', 'Yes', false, {
      requiredLevel: 'SystemRequired',
      description: 'Specifies whether the note is an attachment.',
    }),
    str('filename', 'FileName', 'File Name', 255, { description: 'File name of the note.' }),
    str('mimetype', 'MimeType', 'Mime Type', 256, { description: "MIME type of the note's attachment." }),
    attr('filesize', 'FileSize', 'Integer', 'File Size (Bytes)', {
      ...readOnly,
      computed: true,
      minValue: 0,
      maxValue: 1000000000,
      description: 'File size of the note.',
    }),
    str('documentbody', 'DocumentBody', 'Document', 1073741823, {
      formatName: 'TextArea',
      selectOnly: true,
      description: "Contents of the note's attachment.",
    }),
    attr('objectid', 'ObjectId', 'Lookup', 'Regarding', {
      targets: { account: 'objectid_account', contact: 'objectid_contact', incident: 'objectid_incident' },
      relationships: {
        account: 'Account_Annotation',
        contact: 'Contact_Annotation',
        incident: 'Incident_Annotation',
      },
      description: 'Unique identifier of the object with which the note is associated.',
    }),
    attr('objecttypecode', 'ObjectTypeCode', 'EntityName', 'Object Type', {
      description: 'Type of entity with which the note is associated.',
    }),
    ...ownerColumns(),
    ...auditColumns(),
  ],
};

/**
 * The organisation's one row, with the settings the emulator enforces: the largest note
 * attachment and the blocked file extensions
 * (https://learn.microsoft.com/dynamics365/customerengagement/on-premises/developer/entities/organization,
 * https://learn.microsoft.com/power-apps/developer/data-platform/attachment-annotation-files#file-size-limits).
 * Created at start from the emulator's options (`organization.ts`), never by a request.
 */
const organization: EntityDef = {
  logicalName: 'organization',
  schemaName: 'Organization',
  entitySetName: 'organizations',
  primaryIdAttribute: 'organizationid',
  primaryNameAttribute: 'name',
  displayName: 'Organization',
  displayCollectionName: 'Organizations',
  description:
    'Top level of the Microsoft Dynamics 365 business hierarchy. The organization can be a specific business, holding company, or corporation.',
  ownershipType: 'OrganizationOwned',
  objectTypeCode: 1019,
  isActivity: false,
  attributes: [
    pk('organizationid', 'OrganizationId', 'Organization'),
    str('name', 'Name', 'Organization Name', 160, {
      ...required('SystemRequired'),
      validForUpdate: false,
      description: 'Name of the organization.',
    }),
    attr('maxuploadfilesize', 'MaxUploadFileSize', 'Integer', 'Max Upload File Size', {
      requiredLevel: 'SystemRequired',
      minValue: 0,
      // The documented ceiling: 128 MB.
      maxValue: 131072000,
      description: 'Maximum allowed size of an attachment.',
    }),
    str('blockedattachments', 'BlockedAttachments', 'Block Attachments', 1073741823, {
      description: 'Prevent upload or download of certain attachment types that are considered dangerous.',
    }),
    ...auditColumns(),
  ],
};

/** Every table the emulator serves, in `$metadata` order. */
export const ENTITIES: readonly EntityDef[] = [
  account,
  annotation,
  contact,
  incident,
  incidentresolution,
  organization,
  systemuser,
  team,
];
