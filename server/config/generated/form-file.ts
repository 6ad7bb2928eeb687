// generated — do not edit. Source: schemas/meta/form.schema.json; regenerate with `npm run gen`.
/* eslint-disable */

/**
 * A form in schemas/forms/<id>.json: which columns of one entity a user sees and edits, in which order, with which labels, rules and actions.
 */
export interface FormFile {
  $schema?: '../meta/form.schema.json';
  /**
   * Form id, used in <portico-form form="…">; must equal the file name without .json.
   */
  id: string;
  /**
   * Logical name of the entity (a schema in entities/), e.g. incident.
   */
  entity: string;
  /**
   * create: new records; edit: change existing records; view: read-only (actions still possible).
   *
   * @minItems 1
   */
  modes: ['create' | 'edit' | 'view', ...('create' | 'edit' | 'view')[]];
  /**
   * Roles (keys of access.json) that may open this form. Absent: every role whose privileges allow it. A listed role still needs the privileges.
   *
   * @minItems 1
   * @maxItems 50
   */
  roles?: [string, ...string[]];
  title: LocalizedText;
  description?: LocalizedText;
  header?: FormHeader;
  /**
   * @minItems 1
   * @maxItems 50
   */
  sections: [FormSection, ...FormSection[]];
  /**
   * Buttons the form offers; each is also limited by the user's privileges in access.json.
   *
   * @maxItems 6
   */
  actions?: FormAction[];
  timeline?: FormTimeline;
  onSuccess?: FormSuccess;
}
/**
 * Text per locale; `en` is required, other keys are locale codes such as `de` or `fr-CA`.
 */
export interface LocalizedText {
  en: string;
  /**
   * This interface was referenced by `LocalizedText`'s JSON-Schema definition
   * via the `patternProperty` "^(?!en$)[a-z]{2}(-[A-Z]{2})?$".
   *
   * This interface was referenced by `LocalizedText1`'s JSON-Schema definition
   * via the `patternProperty` "^(?!en$)[a-z]{2}(-[A-Z]{2})?$".
   */
  [k: string]: string;
}
/**
 * The record header shown above the sections in edit and view mode: the record's name, number, status badge and owner at a glance. Each names a column of the form's entity; a column the role may not see is left out.
 */
export interface FormHeader {
  /**
   * Column shown as the record's heading, e.g. title.
   */
  name?: string;
  /**
   * Column shown as the record's number, e.g. ticketnumber.
   */
  number?: string;
  /**
   * Choice column shown as a status badge, e.g. statuscode.
   */
  status?: string;
  /**
   * Lookup or owner column shown as who has the record, e.g. ownerid.
   */
  owner?: string;
}
export interface FormSection {
  id: string;
  label?: LocalizedText;
  /**
   * Columns of the section's grid (1-3). Absent: 2 when the section has two fields or more, else 1. A narrow container shows one column whatever this says.
   */
  columns?: number;
  /**
   * @minItems 1
   * @maxItems 200
   */
  fields: [FormField, ...FormField[]];
}
export interface FormField {
  /**
   * Column logical name, e.g. emailaddress1.
   */
  field: string;
  label?: LocalizedText;
  help?: LocalizedText;
  placeholder?: LocalizedText;
  /**
   * Shown but not editable on this form.
   */
  readOnly?: boolean;
  /**
   * Grid columns the field takes in its section: 1-3, or full for the whole row. Absent: the whole row for long text (a textarea, or text over 200 characters), else one column. Never more than the section has.
   */
  span?: number | 'full';
  /**
   * Required on this form even if the entity does not require it.
   */
  required?: boolean;
  /**
   * Rendering hint: textarea for long text; select or radios for choices.
   */
  widget?: 'text' | 'textarea' | 'select' | 'radios';
  /**
   * Choice fields: select (default) or radios.
   */
  display?: 'select' | 'radios';
  visibleWhen?: FormCondition;
  requiredWhen?: FormCondition;
}
/**
 * Exactly one of: {field, equals}, {field, notEquals}, {field, in}, {field, empty}, {all}, {any}, {not}. Empty means null, missing or ''.
 */
export interface FormCondition {
  field?: string;
  equals?: string | number | boolean | null;
  notEquals?: string | number | boolean | null;
  /**
   * @minItems 1
   * @maxItems 100
   */
  in?: [string | number | boolean, ...(string | number | boolean)[]];
  empty?: boolean;
  /**
   * @minItems 1
   * @maxItems 20
   */
  all?: [FormCondition, ...FormCondition[]];
  /**
   * @minItems 1
   * @maxItems 20
   */
  any?: [FormCondition, ...FormCondition[]];
  not?: FormCondition;
}
export interface FormAction {
  id: 'save' | 'delete' | 'assign' | 'resolve' | 'cancel' | 'reopen';
  label?: LocalizedText;
  confirm?: LocalizedText1;
  when?: FormCondition1;
}
/**
 * Text per locale; `en` is required, other keys are locale codes such as `de` or `fr-CA`.
 */
export interface LocalizedText1 {
  en: string;
  /**
   * This interface was referenced by `LocalizedText`'s JSON-Schema definition
   * via the `patternProperty` "^(?!en$)[a-z]{2}(-[A-Z]{2})?$".
   *
   * This interface was referenced by `LocalizedText1`'s JSON-Schema definition
   * via the `patternProperty` "^(?!en$)[a-z]{2}(-[A-Z]{2})?$".
   */
  [k: string]: string;
}
/**
 * Exactly one of: {field, equals}, {field, notEquals}, {field, in}, {field, empty}, {all}, {any}, {not}. Empty means null, missing or ''.
 */
export interface FormCondition1 {
  field?: string;
  equals?: string | number | boolean | null;
  notEquals?: string | number | boolean | null;
  /**
   * @minItems 1
   * @maxItems 100
   */
  in?: [string | number | boolean, ...(string | number | boolean)[]];
  empty?: boolean;
  /**
   * @minItems 1
   * @maxItems 20
   */
  all?: [FormCondition, ...FormCondition[]];
  /**
   * @minItems 1
   * @maxItems 20
   */
  any?: [FormCondition, ...FormCondition[]];
  not?: FormCondition;
}
/**
 * The case conversation shown with the record (incident forms only): its published notes, newest first, and, for roles with addNotes, a box to add notes and files. Roles need readNotes (access.json) to see it.
 */
export interface FormTimeline {
  show: TimelineRule;
  /**
   * Notes per page ("load older" fetches the next). Default 10.
   */
  pageSize?: number;
  /**
   * Longest note text users may write, in characters. Default 2000.
   */
  maxLength?: number;
  /**
   * The name shown for notes written by staff (never the integration user's name). Default "Support".
   */
  staffName?: string;
  /**
   * Whether users with addNotes may add notes through this form. Default true.
   */
  add?: boolean;
  attachments?: TimelineAttachments;
}
/**
 * Which notes are published to users: those whose text starts with `marker` (Power Pages uses *WEB*; the marker is stripped when shown and added to notes users write), or those whose Boolean `column` of the note (annotation) table is true (set to true on notes users write).
 */
export interface TimelineRule {
  /**
   * Letters, digits and *#!_.:@[]~^|<>{}- only: it is written into OData queries.
   */
  marker?: string;
  column?: string;
}
/**
 * Files users may attach; absent: notes without files only.
 */
export interface TimelineAttachments {
  /**
   * Allowed files: an extension and the content type it must have. Each upload is checked by extension, declared type and content (its first bytes).
   *
   * @minItems 1
   * @maxItems 20
   */
  types: [AttachmentType, ...AttachmentType[]];
  /**
   * Largest file, in bytes. Dataverse stores files in Base64, a third larger, so this must fit the organisation's limit once encoded.
   */
  maxBytes: number;
  /**
   * Most files per note.
   */
  maxFiles: number;
  /**
   * The Dynamics organisation's maxuploadfilesize (System Settings > Email > maximum file size), in characters of Base64. Default 5242880, Dataverse's default; at most 131072000, its ceiling.
   */
  organizationLimit?: number;
}
export interface AttachmentType {
  extension: string;
  type: 'image/png' | 'image/jpeg' | 'image/gif' | 'application/pdf' | 'text/plain';
}
/**
 * What the widget does after a successful save.
 */
export interface FormSuccess {
  message?: LocalizedText;
  /**
   * URL to open; {id} is replaced by the record id.
   */
  redirect?: string;
}
