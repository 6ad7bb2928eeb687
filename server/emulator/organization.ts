/**
 * The organisation's one row (`organizations`) and the two of its settings the emulator enforces
 * on notes: `maxuploadfilesize` and `blockedattachments`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/attachment-annotation-files#file-size-limits,
 * https://learn.microsoft.com/power-apps/developer/data-platform/files-images-overview#block-files-by-extension).
 * The row is written at every start from the emulator's options, so the options are what a fresh
 * start enforces; a PATCH to `organizations(<id>)` changes them until the next start.
 */
import { Counters, type Db } from './db.js';
import { DEMO_IDS } from './demo-ids.js';
import { isoSeconds } from './format.js';
import { BUSINESS_UNIT_NAME } from './metadata/model.js';
import type { Store } from './store.js';
import { DEFAULT_BLOCKED_ATTACHMENTS, DEFAULT_MAX_UPLOAD_FILE_SIZE } from '../shared/attachments.js';

/** The settings of the organisation row that the emulator enforces. */
export interface OrganizationSettings {
  /** Largest accepted attachment, in characters of its Base64 text. */
  readonly maxUploadFileSize: number;
  /** File extensions refused for attachments, semicolon-separated, lower case. */
  readonly blockedAttachments: string;
}

// The limits are Dataverse's, shared with the configuration checks and the server.
export {
  DEFAULT_BLOCKED_ATTACHMENTS,
  DEFAULT_MAX_UPLOAD_FILE_SIZE,
  MAX_UPLOAD_FILE_SIZE_CEILING,
  blockedExtensions,
} from '../shared/attachments.js';

export const DEFAULT_ORGANIZATION: OrganizationSettings = Object.freeze({
  maxUploadFileSize: DEFAULT_MAX_UPLOAD_FILE_SIZE,
  blockedAttachments: DEFAULT_BLOCKED_ATTACHMENTS,
});

/** Writes the organisation row with these settings, creating it on a database that lacks it. */
export function writeOrganization(db: Db, settings: OrganizationSettings, now: Date): void {
  const counters = new Counters(db);
  const at = isoSeconds(now);
  db.transaction(() => {
    const row = db
      .prepare('SELECT maxuploadfilesize, blockedattachments FROM organization WHERE organizationid = ?')
      .get(DEMO_IDS.organization) as { maxuploadfilesize: number; blockedattachments: string } | undefined;
    if (!row) {
      db.prepare(
        `INSERT INTO organization (organizationid, name, maxuploadfilesize, blockedattachments, createdon, modifiedon, createdby, modifiedby, versionnumber)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        DEMO_IDS.organization,
        BUSINESS_UNIT_NAME,
        settings.maxUploadFileSize,
        settings.blockedAttachments,
        at,
        at,
        DEMO_IDS.integrationUser,
        DEMO_IDS.integrationUser,
        counters.nextVersion(),
      );
      return;
    }
    if (
      row.maxuploadfilesize === settings.maxUploadFileSize &&
      row.blockedattachments === settings.blockedAttachments
    )
      return;
    db.prepare(
      'UPDATE organization SET maxuploadfilesize = ?, blockedattachments = ?, modifiedon = ?, modifiedby = ?, versionnumber = ? WHERE organizationid = ?',
    ).run(
      settings.maxUploadFileSize,
      settings.blockedAttachments,
      at,
      DEMO_IDS.integrationUser,
      counters.nextVersion(),
      DEMO_IDS.organization,
    );
  })();
}

/** The settings as the organisation row holds them now (a PATCH takes effect at once). */
export function organizationSettings(store: Store): OrganizationSettings {
  const row = store.stmt('SELECT maxuploadfilesize, blockedattachments FROM organization LIMIT 1').get() as
    { maxuploadfilesize: number | null; blockedattachments: string | null } | undefined;
  return {
    maxUploadFileSize: row?.maxuploadfilesize ?? DEFAULT_MAX_UPLOAD_FILE_SIZE,
    blockedAttachments: row ? (row.blockedattachments ?? '') : DEFAULT_BLOCKED_ATTACHMENTS,
  };
}
