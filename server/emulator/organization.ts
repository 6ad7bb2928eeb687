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

/** The settings of the organisation row that the emulator enforces. */
export interface OrganizationSettings {
  /** Largest accepted attachment, in characters of its Base64 text. */
  readonly maxUploadFileSize: number;
  /** File extensions refused for attachments, semicolon-separated, lower case. */
  readonly blockedAttachments: string;
}

/** Dataverse's default: 5 MB. */
export const DEFAULT_MAX_UPLOAD_FILE_SIZE = 5_242_880;
/** The highest value Dataverse accepts: 128 MB. */
export const MAX_UPLOAD_FILE_SIZE_CEILING = 131_072_000;
/** Dataverse's default list of blocked extensions, as the files overview on Microsoft Learn shows it. */
export const DEFAULT_BLOCKED_ATTACHMENTS = [
  'ade;adp;app;asa;ashx;asmx;asp;bas;bat;cdx;cer;chm;class;cmd;com;config;cpl;crt;csh;dll;exe;fxp;hlp',
  'hta;htr;htw;ida;idc;idq;inf;ins;isp;its;jar;js;jse;ksh;lnk;mad;maf;mag;mam;maq;mar;mas;mat;mau;mav',
  'maw;mda;mdb;mde;mdt;mdw;mdz;msc;msh;msh1;msh1xml;msh2;msh2xml;mshxml;msi;msp;mst;ops;pcd;pif;prf',
  'prg;printer;pst;reg;rem;scf;scr;sct;shb;shs;shtm;shtml;soap;stm;tmp;url;vb;vbe;vbs;vsmacros;vss',
  'vst;vsw;ws;wsc;wsf;wsh;svg',
].join(';');

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

/** The lower-case extensions of a `blockedattachments` value. */
export function blockedExtensions(list: string): Set<string> {
  return new Set(
    list
      .split(';')
      .map((e) => e.trim().replace(/^\./, '').toLowerCase())
      .filter(Boolean),
  );
}
