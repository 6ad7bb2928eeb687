/**
 * Binds a verified token to a Dynamics contact, and resolves (lazily) the contact's parent account
 * for account-scoped permissions. Both look-ups are cached with a TTL so a warm request costs no
 * upstream call for identity.
 */
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { JWTPayload } from 'jose';
import { PorticoError } from '../errors.js';
import { normaliseClaims } from './claims.js';
import type { UserClaims } from './claims.js';
import { isGuid, keySegment, queryString, stringLiteral } from '../odata/index.js';
import { sharedUpstreamWork } from '../../dataverse/client.js';
import type { UpstreamClient } from '../../dataverse/client.js';
import { upstreamFailure } from '../upstream-errors.js';

export interface PorticoUser {
  /** `sub` of the token: the external user id, recorded in the audit log. */
  sub: string;
  role: string;
  contactId: string;
}

export interface IdentityOptions {
  upstream: UpstreamClient;
  contactClaim: string;
  emailClaim: string;
  roleClaim: string;
  createContacts: boolean;
  cacheSeconds: number;
}

const LOOKUP_ANNOTATIONS = 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"';
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

interface ContactFacts {
  contactId: string;
  /** The parent account, or null when the contact has none (or a contact as parent). */
  accountId: string | null;
}

export class IdentityResolver {
  private readonly byEmail: LRUCache<string, ContactFacts>;
  private readonly accounts: LRUCache<string, { accountId: string | null }>;
  private readonly names: LRUCache<string, { name: string }>;
  /** One look-up per email at a time, so concurrent first requests cannot create two contacts. */
  private readonly pending = new Map<string, Promise<ContactFacts>>();

  constructor(private readonly options: IdentityOptions) {
    const ttl = Math.max(1, options.cacheSeconds) * 1000;
    this.byEmail = new LRUCache({ max: 20_000, ttl });
    this.accounts = new LRUCache({ max: 20_000, ttl });
    this.names = new LRUCache({ max: 20_000, ttl });
  }

  /** The verified token's claims, checked (`claims.ts`): the only form the methods below accept. */
  claimsOf(payload: JWTPayload): UserClaims {
    return normaliseClaims(payload, this.options);
  }

  /** The role claim's value (checked against access.json by the caller). */
  roleOf(claims: UserClaims): string {
    const role = claims.role;
    if (role === undefined || role.length === 0 || role.length > 100) {
      throw new PorticoError(
        'PORTICO_AUTH_ROLE_UNKNOWN',
        `The token has no "${this.options.roleClaim}" claim naming a role.`,
      );
    }
    return role;
  }

  async contactOf(claims: UserClaims): Promise<string> {
    const claimed = claims.contactId;
    if (claimed !== undefined) {
      if (!isGuid(claimed)) {
        throw new PorticoError(
          'PORTICO_AUTH_TOKEN_INVALID',
          `The token's "${this.options.contactClaim}" claim is not a GUID.`,
        );
      }
      return claimed.toLowerCase();
    }
    const email = claims.email;
    if (email === undefined || !EMAIL.test(email)) {
      throw new PorticoError(
        'PORTICO_AUTH_CONTACT_UNBOUND',
        `The token carries neither a "${this.options.contactClaim}" claim nor a usable "${this.options.emailClaim}" claim.`,
      );
    }
    const key = email.toLowerCase();
    const cached = this.byEmail.get(key);
    if (cached) return cached.contactId;
    let flight = this.pending.get(key);
    if (!flight) {
      // Awaited by every request that arrives meanwhile: the first one hanging up must not fail it.
      flight = sharedUpstreamWork(() => this.lookUpEmail(email, claims)).finally(() =>
        this.pending.delete(key),
      );
      this.pending.set(key, flight);
    }
    const facts = await flight;
    return facts.contactId;
  }

  /** The contact's parent account id, or null. Cached; one upstream call when cold. */
  async accountOf(contactId: string): Promise<string | null> {
    const cached = this.accounts.get(contactId);
    if (cached) return cached.accountId;
    return (await this.lookUpContact(contactId)).accountId;
  }

  /**
   * The contact's full name, as a note the user adds records its author. Cached with the account
   * (one look-up fills both); one upstream call when cold.
   */
  async nameOf(contactId: string): Promise<string> {
    const cached = this.names.get(contactId);
    if (cached) return cached.name;
    return (await this.lookUpContact(contactId)).name;
  }

  private async lookUpContact(contactId: string): Promise<{ accountId: string | null; name: string }> {
    const res = await this.options.upstream.request({
      method: 'GET',
      path: `${keySegment('contacts', contactId)}${queryString({ select: ['_parentcustomerid_value', 'fullname'] })}`,
      headers: { Prefer: LOOKUP_ANNOTATIONS },
    });
    if (res.status === 404) {
      this.accounts.set(contactId, { accountId: null });
      return { accountId: null, name: '' };
    }
    if (res.status !== 200) throw upstreamFailure(res, {});
    const accountId = parentAccount(res.body);
    const fullname = (res.body as { fullname?: unknown }).fullname;
    const name = typeof fullname === 'string' ? fullname : '';
    this.accounts.set(contactId, { accountId });
    this.names.set(contactId, { name });
    return { accountId, name };
  }

  private async lookUpEmail(email: string, claims: UserClaims): Promise<ContactFacts> {
    const res = await this.options.upstream.request({
      method: 'GET',
      path: `contacts${queryString({
        select: ['contactid', '_parentcustomerid_value'],
        filter: `emailaddress1 eq ${stringLiteral(email)} and statecode eq 0`,
        top: 2,
      })}`,
      headers: { Prefer: LOOKUP_ANNOTATIONS },
    });
    if (res.status !== 200) throw upstreamFailure(res, {});
    const rows = (res.body as { value?: unknown[] }).value ?? [];
    if (rows.length > 1) {
      throw new PorticoError(
        'PORTICO_AUTH_CONTACT_UNBOUND',
        'More than one active contact has this email address; ask the site to send a contact id claim.',
      );
    }
    if (rows.length === 1) {
      const row = rows[0] as Record<string, unknown>;
      const facts = { contactId: String(row.contactid).toLowerCase(), accountId: parentAccount(row) };
      this.byEmail.set(email.toLowerCase(), facts);
      this.accounts.set(facts.contactId, { accountId: facts.accountId });
      return facts;
    }
    if (!this.options.createContacts) {
      throw new PorticoError('PORTICO_AUTH_CONTACT_UNBOUND', 'No active contact has this email address.');
    }
    return this.createContact(email, claims);
  }

  private async createContact(email: string, claims: UserClaims): Promise<ContactFacts> {
    const text = (value: string | undefined, max: number) => value?.slice(0, max);
    const contactId = randomUUID();
    const body: Record<string, unknown> = {
      emailaddress1: email,
      lastname: text(claims.familyName, 50) ?? text(claims.name, 50) ?? email.split('@')[0]!.slice(0, 50),
    };
    const first = text(claims.givenName, 50);
    if (first) body.firstname = first;
    // Idempotent create (the id is ours, If-None-Match: *), so a retried send cannot make two.
    const res = await this.options.upstream.request({
      method: 'PATCH',
      path: keySegment('contacts', contactId),
      headers: { 'If-None-Match': '*' },
      body,
    });
    if (res.status !== 204 && res.status !== 200 && !(res.status === 412 && res.attempts > 1)) {
      throw upstreamFailure(res, {});
    }
    const facts = { contactId, accountId: null };
    this.byEmail.set(email.toLowerCase(), facts);
    this.accounts.set(contactId, { accountId: null });
    return facts;
  }
}

function parentAccount(row: unknown): string | null {
  if (!row || typeof row !== 'object') return null;
  const r = row as Record<string, unknown>;
  const id = r._parentcustomerid_value;
  const type = r['_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'];
  // Without the annotation the target type is unknown; a contact parent must not grant account scope.
  return isGuid(id) && type === 'account' ? id.toLowerCase() : null;
}
