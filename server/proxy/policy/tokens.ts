/**
 * Server-signed tokens handed to the browser (ARCHITECTURE.md, principle 'One integration identity
 * shares one budget'): a record's version (`etag`) and a list's next-page cursor. Each is bound to
 * the user, role and what it addresses, with an expiry; a forged, altered, expired or
 * replayed-for-someone-else token fails verification.
 *
 * The version token is what lets a save cost one upstream call: it proves the caller read this
 * record in scope, and carries the real Dataverse ETag that goes into `If-Match`. If anything in the
 * record changed since (including the customer or owner that decides scope), the ETag no longer
 * matches and Dataverse answers 412 — scope can only have been lost by a change that also changes
 * the ETag. (A scope chain breaks that: a case held through its customer contact leaves scope when the
 * contact moves to another account, and the case's ETag does not change; such a version says so,
 * and a write with it reads the record in scope first.) It is bound to role × entity (not to one form) because scope is decided per role and
 * entity: a row read through a list may be saved through any form of that entity for the same role.
 * The permission's scope and `via` are part of the binding, so an admin narrowing a scope
 * invalidates tokens issued under the old rule.
 *
 * It also carries the record's state as it was read (the entity's state columns, e.g. a case's
 * statecode and statuscode), so an action's precondition is checked against exactly the state that
 * `If-Match` pins: if the state has changed since, the ETag has too and Dataverse refuses the write.
 * The precondition therefore costs no extra read.
 *
 * Format: `<kind>.<base64url(value)>.<expiry, unix seconds>.<HMAC-SHA256>` where the MAC covers the
 * value, the expiry and every binding (user, contact, role, record or list, scope anchor, rule).
 * A version's value is the JSON array `[etag, ...state values]`, in the order of the state column
 * names, which are bound too: a change of the admin's preconditions invalidates older tokens.
 * The bindings are not carried in the token — the server recomputes them from the request — so a
 * token is ~80 bytes (a list page carries one per row) and reveals nothing but the ETag.
 * Why not a JWT signed with jose: jose signs through WebCrypto at ~0.4 ms per token on the 2-core
 * machines this runs on, and a JWT carrying its claims is ~600 bytes; node:crypto's HMAC takes
 * microseconds. User tokens from outside are verified only by jose.
 */
import { createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Permission } from '../../config/types.js';
import { PorticoError } from '../errors.js';
import type { PorticoUser } from '../identity/resolve.js';

export interface VersionClaims {
  /** The Dataverse ETag, e.g. `W/"1234"`. */
  etag: string;
  entity: string;
  id: string;
  /** Values of the entity's state columns when the record was read, keyed by column name. */
  state: Readonly<Record<string, unknown>>;
  /**
   * True when the record was in scope only through another record (a scope chain): a change there
   * leaves this record's ETag as it was, so the token cannot stand in for the scope read on a write.
   */
  indirect?: boolean;
}

/** What a valid version token proves: the ETag to send in If-Match and the state it was read in. */
export interface VerifiedVersion {
  etag: string;
  state: Record<string, unknown>;
  /** The record was read in scope through another record (see VersionClaims.indirect). */
  indirect: boolean;
}

/** A version token addresses one record of one entity, whose state columns it carries. */
export interface VersionTarget {
  entity: string;
  id: string;
  stateColumns: readonly string[];
}

export interface CursorClaims {
  listId: string;
  queryHash: string;
  skiptoken: string;
}

const TOKEN = /^([a-z][0-9])\.([A-Za-z0-9_-]{0,6000})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/** The scope rule a token was issued under: `account:customerid|customerid(contact)/parentcustomerid`. */
export function permissionFingerprint(permission: Permission): string {
  const paths = permission.paths.map((path) =>
    path.map((step, i) => (i < path.length - 1 ? `${step.column}(${step.table})` : step.column)).join('/'),
  );
  return `${permission.scope}:${paths.join('|')}`;
}

/** A stable hash of a list query (sort, direction, search, filters), so a cursor only continues the query it came from. */
export function hashQuery(parts: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(parts)
      .sort()
      .map((k) => [k, parts[k]]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

export class TokenSigner {
  /** Imported once: handing `createHmac` a KeyObject skips re-importing raw key bytes for every token (a list page signs 25). */
  private readonly key: KeyObject;

  constructor(
    secret: string,
    private readonly etagTtlSeconds: number,
    private readonly cursorTtlSeconds: number,
  ) {
    if (secret.length < 32) {
      throw new TypeError('TokenSigner: the signing secret must be at least 32 characters');
    }
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  private mac(kind: string, value: string, exp: number, bindings: readonly string[]): string {
    // JSON of an array: no separator a bound value could contain can make two inputs collide.
    return createHmac('sha256', this.key)
      .update(JSON.stringify([kind, value, exp, ...bindings]))
      .digest('base64url');
  }

  private sign(kind: string, value: string, ttlSeconds: number, bindings: readonly string[]): string {
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    return `${kind}.${Buffer.from(value, 'utf8').toString('base64url')}.${exp}.${this.mac(kind, value, exp, bindings)}`;
  }

  /** The value when `token` is a current token of this kind for exactly these bindings; else undefined. */
  private open(kind: string, token: string, bindings: readonly string[]): string | undefined {
    const match = TOKEN.exec(token);
    if (!match || match[1] !== kind) return undefined;
    const exp = Number(match[3]);
    if (!Number.isSafeInteger(exp) || exp * 1000 <= Date.now()) return undefined;
    const value = Buffer.from(match[2]!, 'base64url').toString('utf8');
    // The MAC is compared as text, not as decoded bytes: base64url decoding ignores the unused low
    // bits of the last character, so byte comparison would also accept altered spellings of the MAC.
    // (The value segment can still be spelt in more than one way; the MAC covers the decoded value.)
    const expected = Buffer.from(this.mac(kind, value, exp, bindings), 'latin1');
    const given = Buffer.from(match[4]!, 'latin1');
    return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
  }

  private static versionBindings(
    user: PorticoUser,
    permission: Permission,
    anchor: string,
    record: VersionTarget,
  ): string[] {
    return [
      user.sub,
      user.contactId,
      user.role,
      record.entity,
      record.id.toLowerCase(),
      anchor,
      permissionFingerprint(permission),
      record.stateColumns.join(','),
    ];
  }

  /**
   * `anchor` is what the scope hangs on for this user (their contact id, or their parent account id
   * for account scope): if the user's account changes, their old tokens stop working.
   */
  signVersion(
    user: PorticoUser,
    permission: Permission,
    anchor: string,
    claims: VersionClaims,
  ): Promise<string> {
    const stateColumns = Object.keys(claims.state).sort();
    const bindings = TokenSigner.versionBindings(user, permission, anchor, { ...claims, stateColumns });
    // A trailing 1 marks a record held through another record; older tokens simply lack it.
    const value = JSON.stringify([
      claims.etag,
      ...stateColumns.map((c) => claims.state[c] ?? null),
      ...(claims.indirect ? [1] : []),
    ]);
    return Promise.resolve(this.sign('e2', value, this.etagTtlSeconds, bindings));
  }

  /**
   * The real ETag and the state it was read in, when `presented` is a valid version token for this
   * user, permission and record; else rejects.
   */
  verifyVersion(
    presented: string | undefined,
    user: PorticoUser,
    permission: Permission,
    anchor: string,
    expect: VersionTarget,
  ): Promise<VerifiedVersion> {
    if (!presented) {
      return Promise.reject(
        new PorticoError(
          'PORTICO_ETAG_REQUIRED',
          'Send the `etag` from your last read of this record in the If-Match header.',
        ),
      );
    }
    // Accept the token bare or quoted as an HTTP entity tag, as browsers and libraries may add quotes.
    const token = presented
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
    const stateColumns = [...expect.stateColumns].sort();
    const value =
      token.length <= 8192
        ? this.open(
            'e2',
            token,
            TokenSigner.versionBindings(user, permission, anchor, { ...expect, stateColumns }),
          )
        : undefined;
    const version = value === undefined ? undefined : decodeVersion(value, stateColumns);
    if (version === undefined) {
      return Promise.reject(
        new PorticoError(
          'PORTICO_ETAG_INVALID',
          'The If-Match value is not a current version of this record for you. Reload it.',
        ),
      );
    }
    return Promise.resolve(version);
  }

  signCursor(user: PorticoUser, claims: CursorClaims): Promise<string> {
    const bindings = [user.sub, user.contactId, user.role, claims.listId, claims.queryHash];
    return Promise.resolve(this.sign('c1', claims.skiptoken, this.cursorTtlSeconds, bindings));
  }

  /** The upstream `$skiptoken` when `cursor` continues exactly this user's query on this list; else rejects. */
  verifyCursor(
    cursor: string,
    user: PorticoUser,
    expect: { listId: string; queryHash: string },
  ): Promise<string> {
    const bindings = [user.sub, user.contactId, user.role, expect.listId, expect.queryHash];
    const skiptoken = cursor.length <= 8192 ? this.open('c1', cursor, bindings) : undefined;
    if (skiptoken === undefined) {
      return Promise.reject(
        new PorticoError(
          'PORTICO_CURSOR_INVALID',
          'The page cursor is not valid for this list and query (or has expired). Start again from the first page.',
        ),
      );
    }
    return Promise.resolve(skiptoken);
  }
}

/** A signed version value back into its parts; undefined if it is not of the shape this server signs. */
function decodeVersion(value: string, stateColumns: readonly string[]): VerifiedVersion | undefined {
  let parts: unknown;
  try {
    parts = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || typeof parts[0] !== 'string') return undefined;
  const indirect = parts.length === stateColumns.length + 2 && parts[parts.length - 1] === 1;
  if (parts.length !== stateColumns.length + 1 && !indirect) return undefined;
  const state: Record<string, unknown> = {};
  stateColumns.forEach((column, i) => (state[column] = parts[i + 1]));
  return { etag: parts[0], state, indirect };
}
