import type { FormDefinitionResponse, RecordResponse } from '../../../../server/api/contract.js';

/**
 * The case conversation as the widget reads it: the definition's `timeline` block, the record's
 * first page of notes and the notes routes (`/api/v1/forms/:formId/records/:id/notes`).
 */

/** What the definition says of the timeline for the caller's role; absent when it may not read notes. */
export interface TimelineSettings {
  /** Notes per page. */
  pageSize: number;
  /** Note text limit, in characters. */
  maxLength: number;
  /** The role may add notes. */
  canAdd: boolean;
  /** Absent: no attachments allowed. */
  attachments?: {
    /** Extensions, lower case with the dot (`.png`). */
    accept: string[];
    /** MIME types allowed. */
    types: string[];
    /** Per file. */
    maxBytes: number;
    /** Per note. */
    maxFiles: number;
  };
}

/** One file of a note (one Dataverse annotation carries at most one). */
export interface NoteAttachment {
  name: string;
  size: number;
  type: string;
}

export interface Note {
  id: string;
  /** The note's text, the publishing marker stripped. */
  text: string;
  /** ISO 8601, UTC. */
  createdOn: string;
  /** `staff`: written inside the organisation; `name` is then the configured display name. */
  author: { name: string; staff: boolean };
  /** Written by the caller. */
  mine: boolean;
  attachment?: NoteAttachment;
}

/** A page of notes, newest first; `next` is the opaque cursor of the next older page. */
export interface NotesPage {
  value: Note[];
  next?: string;
}

export type TimelineDefinition = FormDefinitionResponse & { timeline?: TimelineSettings };
export type TimelineRecord = RecordResponse & { notes?: NotesPage };
