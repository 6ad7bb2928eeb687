/**
 * Support for the attack suite (not a test file): the harness every attack file starts, the
 * records the attacks aim at, token forging, and the table runner. Each hostile request must be
 * refused with the expected status and code, leak nothing internal, and leave the emulator
 * without a write (no POST, PATCH or DELETE).
 *
 * The attack tables (one module per group, listed in groups.ts) refer to the records below by
 * name; the names are live bindings, filled in by `useAttackHarness` before the first test runs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { AUDIENCE, DEMO_IDS, ISSUER, JWT_SECRET, startHarness } from '../../testing/proxy-harness.js';
import type { CallOptions, Harness } from '../../testing/proxy-harness.js';

export let h: Harness;
/** Fixtures read once: records of each user and their version tokens. */
export let aliceCase: { id: string; etag: string };
export let bobCase: { id: string; etag: string };
export let veraCase: { id: string; etag: string };
export let northwindCase: string;
export let veraCursor: string;
/** The cases the seeded notes are on (the notes attacks aim at their notes by id). */
export const noteCases = { alice: '', bob: '' };
/** Cases put into a state directly in the emulator (as staff in Dynamics would), read through Portico. */
export const inState: Record<
  'aliceOnHold' | 'aliceCancelled' | 'veraResolved' | 'veraCancelled',
  { id: string; etag: string }
> = {} as never;

export const secretKey = new TextEncoder().encode(JWT_SECRET);
export function jwt(
  claims: Record<string, unknown>,
  opts: {
    alg?: string;
    key?: Uint8Array;
    iss?: string;
    aud?: string;
    exp?: number;
    nbf?: number;
    sub?: string | null;
  } = {},
): Promise<string> {
  const builder = new SignJWT({ portico_role: 'customer', contactid: DEMO_IDS.contacts.alice, ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt();
  if (opts.sub !== null) builder.setSubject(opts.sub ?? 'site-user-alice');
  if (opts.exp !== -1) builder.setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 300);
  if (opts.nbf !== undefined) builder.setNotBefore(opts.nbf);
  return builder.sign(opts.key ?? secretKey);
}

/**
 * Starts the harness for the calling test file (a root `before`/`after`) and, unless `records` is
 * false, reads and makes the records the attack tables aim at.
 */
export function useAttackHarness({ records = true }: { records?: boolean } = {}): void {
  before(async () => {
    h = await startHarness({ bodyLimitBytes: 65536 });
    if (records) await prepareRecords();
  });
  after(async () => {
    await h.close();
  });
}

async function prepareRecords(): Promise<void> {
  const first = async (user: 'alice' | 'bob' | 'vera', list: string) => {
    const page = await h.call('GET', `/api/v1/lists/${list}/records`, { as: user });
    const row = page.body.rows[0];
    return {
      id: row.id as string,
      etag: row.etag as string,
      nextPage: page.body.nextPage as string | undefined,
    };
  };
  aliceCase = await first('alice', 'my-cases');
  bobCase = await first('bob', 'my-cases');
  const vera = await first('vera', 'account-cases');
  veraCase = { id: vera.id, etag: vera.etag };
  // A Northwind account case, straight from the emulator (nobody in the tests may see it through Portico).
  const res = await fetch(
    `${h.emulator.url}incidents?$select=incidentid&$filter=_customerid_value eq ${DEMO_IDS.accounts.northwind}&$top=1`,
  );
  northwindCase = ((await res.json()) as { value: Array<{ incidentid: string }> }).value[0]!.incidentid;
  // Two more Fabrikam cases give the account list a second page, hence a cursor.
  for (const title of ['Cursor one', 'Cursor two']) {
    await h.call('POST', '/api/v1/forms/case-create/records', { as: 'vera', body: { values: { title } } });
  }
  const page = await h.call('GET', '/api/v1/lists/account-cases/records', { as: 'vera' });
  veraCursor = page.body.nextPage;
  assert.ok(veraCursor);
  const caseOf = async (note: string) => {
    const res = await fetch(`${h.emulator.url}annotations(${note})?$select=_objectid_value`);
    return String(((await res.json()) as { _objectid_value: string })._objectid_value);
  };
  noteCases.alice = await caseOf(DEMO_IDS.notes.aliceReply);
  noteCases.bob = await caseOf(DEMO_IDS.notes.bobAnswer);
  await prepareCasesInState();
}

async function prepareCasesInState(): Promise<void> {
  const staff = (path: string, body: unknown) =>
    fetch(`${h.emulator.url}${path}`, {
      method: path === 'CloseIncident' ? 'POST' : 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const states = {
    aliceOnHold: ['alice', { statecode: 0, statuscode: 2 }],
    aliceCancelled: ['alice', { statecode: 2, statuscode: 6 }],
    veraResolved: ['vera', undefined],
    veraCancelled: ['vera', { statecode: 2, statuscode: 6 }],
  } as const;
  for (const [name, [user, patch]] of Object.entries(states)) {
    const created = await h.call('POST', '/api/v1/forms/case-create/records', {
      as: user,
      body: { values: { title: `State attack: ${name}` } },
    });
    const id = created.body.id as string;
    const res = patch
      ? await staff(`incidents(${id})`, patch)
      : await staff('CloseIncident', {
          IncidentResolution: { subject: 'Closed by staff', 'incidentid@odata.bind': `/incidents(${id})` },
          Status: 5,
        });
    assert.equal(res.status, 204);
    const read = await h.call('GET', `/api/v1/forms/case-edit/records/${id}`, { as: user });
    inState[name as keyof typeof inState] = { id, etag: read.body.etag as string };
  }
}

export interface Attack {
  name: string;
  method: string;
  path: string | (() => string);
  options?: CallOptions | (() => Promise<CallOptions>);
  status: number;
  code?: string;
  /** Put a valid token in `?access_token=` instead of the header. */
  tokenInQuery?: true;
}

export const edit = (id: () => string) => () => `/api/v1/forms/case-edit/records/${id()}`;
export const ifMatch = (etag: () => string) => ({ 'If-Match': etag() });
export const aliceEdit = edit(() => aliceCase.id);

/** One test per attack: the refusal, its code, no internals in the answer, no write upstream. */
export function runAttacks(attacks: readonly Attack[]): void {
  for (const attack of attacks) {
    test(attack.name, async () => {
      h.emulator.requestLog.clear();
      const path = typeof attack.path === 'function' ? attack.path() : attack.path;
      const options = typeof attack.options === 'function' ? await attack.options() : (attack.options ?? {});
      const finalPath = attack.tokenInQuery ? `${path}?access_token=${await h.token('alice')}` : path;
      const res = await h.call(attack.method, finalPath, options);
      assert.equal(res.status, attack.status, `${attack.name}: ${res.text.slice(0, 300)}`);
      if (attack.code) assert.equal(res.body?.error?.code, attack.code, attack.name);
      assert.equal(typeof res.body?.error?.requestId, 'string');
      assert.ok(
        !/api\/data|127\.0\.0\.1|\n\s+at |0x8/.test(res.text),
        `no internals leak: ${res.text.slice(0, 200)}`,
      );
      const writes = h.emulator.requestLog.entries().filter((e) => e.method !== 'GET');
      assert.deepEqual(writes, [], 'the emulator saw no write');
    });
  }
}
