// The warm-visit definition cache (api.ts `definition`): a page shows the definition this tab holds
// at once, asks the server with its ETag, and re-renders only when the server's answer differs —
// for this user and role only, and never at the cost of what was typed.
import { expect, fixture, html } from '@open-wc/testing';
import '../components/form/form.js';
import '../components/list/list.js';
import type { PorticoForm } from '../components/form/form.js';
import type { PorticoList } from '../components/list/list.js';
import { $, field, restoreApi, type } from '../components/form/form-harness.js';
import { ENDPOINT, caseForm, caseList, on, stubApi, until, useApi } from './test/fixtures.js';
import type { Call, Route } from './test/fixtures.js';
import type * as Api from './api.js';

const b64url = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A token shaped like the host's JWT (the widgets never check its signature; the server does). */
const jwt = (claims: Record<string, unknown>): string =>
  `${b64url('{"alg":"HS256"}')}.${b64url(JSON.stringify(claims))}.c2ln`;

// `ü??>` makes the payload need both base64url letters, which `atob` alone would refuse.
const alice = (iat: number): string =>
  jwt({ sub: 'alice', role: 'customer', name: 'Alice ü??>', iat, exp: iat + 300, jti: `j${iat}` });

/** A definition answer with its ETag, or a 304 when the request holds that tag. */
const defined =
  (body: unknown, etag: string) =>
  (call: Call): Promise<Response> =>
    Promise.resolve(
      call.headers.get('If-None-Match') === etag
        ? new Response(null, { status: 304, headers: { ETag: etag } })
        : new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json', ETag: etag } }),
    );

/** A route that answers only once `release()` is called: what the page shows before the answer. */
function gated(route: Route): { route: Route; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    route: (call) => {
      const reply = route(call);
      return reply === undefined ? undefined : gate.then(() => reply as Promise<Response>);
    },
    release,
  };
}

let restore: (() => void) | undefined;
function stub(...routes: Route[]): Call[] {
  restore?.();
  const api = stubApi(...routes);
  restore = api.restore;
  return api.calls;
}

async function visit(token: string, ...routes: Route[]): Promise<{ el: PorticoForm; calls: Call[] }> {
  useApi(() => token);
  const calls = stub(...routes);
  const el = await fixture<PorticoForm>(html`<portico-form form="case"></portico-form>`);
  return { el, calls };
}

const defCalls = (calls: Call[]): Call[] => calls.filter((c) => c.url.pathname === '/api/v1/forms/case');
const held = (): string | null => sessionStorage.getItem('portico:defs');
/** The ETag of the copy held for `path`, if any. */
const heldTag = (path = '/forms/case'): string | undefined =>
  (JSON.parse(held() ?? '[0,{}]') as [unknown, Record<string, [string]>])[1][path]?.[0];

beforeEach(() => sessionStorage.clear());
afterEach(() => {
  restore?.();
  restore = undefined;
  restoreApi();
});

describe('definition cache', () => {
  it('a second visit shows the held form before the server answers, then confirms it with a 304', async () => {
    const first = await visit(alice(1000), on('GET', '/forms/case', defined(caseForm(), '"v1"')));
    await until(() => field(first.el, 'title'));
    expect(defCalls(first.calls)[0]!.headers.get('If-None-Match')).to.equal(null);
    expect(heldTag()).to.equal('"v1"');

    // A new page, with a fresh token for the same user (other iat, exp and jti).
    const answer = gated(on('GET', '/forms/case', defined(caseForm(), '"v1"')));
    const second = await visit(alice(2000), answer.route);
    await until(() => field(second.el, 'title'));
    expect($(second.el, '[part=title]')!.textContent).to.equal('New case');
    expect(defCalls(second.calls)).to.have.length(1);
    expect(defCalls(second.calls)[0]!.headers.get('If-None-Match')).to.equal('"v1"');
    type(second.el, 'title', 'Typed at once');
    answer.release();
    await until(() => $(second.el, '[part=base]')!.getAttribute('aria-busy') === 'false');
    expect(field(second.el, 'title').value).to.equal('Typed at once');
  });

  it('a new page reads what the tab holds in the same turn as it asks: the request waits for no task', async () => {
    sessionStorage.setItem('portico:defs', '["", {}]');
    // A fresh instance of the module, as a new page would evaluate it.
    const fresh = (await import(`./api.ts?page=${'turn'}`)) as typeof Api;
    fresh.configure({ endpoint: ENDPOINT, getToken: () => alice(1000) });
    const calls = stub(on('GET', '/forms/case', defined(caseForm(), '"v1"')));
    const done = fresh.definition('/forms/case', () => undefined);
    for (let i = 0; i < 50; i++) await null;
    expect(defCalls(calls)).to.have.length(1);
    await done;
  });

  it('a changed definition re-renders the form and keeps what was typed', async () => {
    // The page's copy (held from the test before, or got now) is "v1".
    const before = await visit(alice(1000), on('GET', '/forms/case', defined(caseForm(), '"v1"')));
    await until(() => field(before.el, 'title'));
    const changed = caseForm({ title: { en: 'Report a problem' } });
    changed.sections[0]!.fields.push({
      name: 'productcode',
      kind: 'text',
      label: { en: 'Product' },
      required: false,
      readOnly: false,
    });
    const answer = gated(on('GET', '/forms/case', defined(changed, '"v2"')));
    const { el } = await visit(alice(2000), answer.route);
    await until(() => field(el, 'title'));
    expect($(el, '[part=title]')!.textContent).to.equal('New case');
    expect(field(el, 'productcode')).to.equal(null);
    type(el, 'title', 'Kept through the change');
    answer.release();
    await until(() => field(el, 'productcode'));
    expect($(el, '[part=title]')!.textContent).to.equal('Report a problem');
    expect(field(el, 'title').value).to.equal('Kept through the change');
    expect(heldTag()).to.equal('"v2"');
    expect(held()).to.include('Report a problem');
  });

  it("another user's token finds nothing held, sends no tag, and replaces what was held", async () => {
    const before = await visit(alice(1000), on('GET', '/forms/case', defined(caseForm(), '"v1"')));
    await until(() => field(before.el, 'title'));
    const bob = jwt({ sub: 'bob', role: 'customer', iat: 1000, exp: 1300 });
    const answer = gated(
      on('GET', '/forms/case', defined(caseForm({ title: { en: 'Bob’s form' } }), '"b1"')),
    );
    const { el, calls } = await visit(bob, answer.route);
    await until(() => defCalls(calls).length && $(el, '[part=loading]'));
    expect(field(el, 'title')).to.equal(null, 'nothing shown before the answer');
    expect(defCalls(calls)[0]!.headers.get('If-None-Match')).to.equal(null);
    answer.release();
    await until(() => field(el, 'title'));
    expect(heldTag()).to.equal('"b1"');
    expect(held()).to.not.include('alice');
    // The same user with another role is another user for the cache, too.
    const agent = jwt({ sub: 'bob', role: 'agent', iat: 1000, exp: 1300 });
    const again = await visit(agent, on('GET', '/forms/case', defined(caseForm(), '"a1"')));
    await until(() => defCalls(again.calls).length && field(again.el, 'title'));
    expect(defCalls(again.calls)[0]!.headers.get('If-None-Match')).to.equal(null);
  });

  it('keeps nothing for a token that is not a JWT, nor where storage is blocked', async () => {
    const opaque = await visit('opaque-token', on('GET', '/forms/case', defined(caseForm(), '"v1"')));
    await until(() => field(opaque.el, 'title'));
    expect(held()).to.equal(null);

    const setItem = Storage.prototype.setItem;
    const getItem = Storage.prototype.getItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    Storage.prototype.getItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    try {
      const blocked = await visit(alice(1000), on('GET', '/forms/case', defined(caseForm(), '"v1"')));
      await until(() => field(blocked.el, 'title'));
      expect($(blocked.el, '[part=problem]')).to.equal(null);
    } finally {
      Storage.prototype.setItem = setItem;
      Storage.prototype.getItem = getItem;
    }
  });

  it('reads what the tab holds once per page, and a copy it did not write is ignored', async () => {
    // A fresh instance of the module, as a new page would evaluate it, over a garbled copy.
    for (const [n, garbled] of ['{not json', '"a string"', '[1, null]', '[]'].entries()) {
      sessionStorage.setItem('portico:defs', garbled);
      const fresh = (await import(`./api.ts?page=${n}`)) as typeof Api;
      fresh.configure({ endpoint: ENDPOINT, getToken: () => alice(1000) });
      const calls = stub(on('GET', '/forms/case', defined(caseForm(), '"v1"')));
      const shown: unknown[] = [];
      await fresh.definition('/forms/case', (value) => void shown.push(value));
      expect(shown, garbled).to.have.length(1);
      expect(calls[0]!.headers.get('If-None-Match'), garbled).to.equal(null);
      expect(heldTag(), garbled).to.equal('"v1"');
    }
  });

  it('a list shows its held definition and asks for its first page without waiting for the check', async () => {
    const records = on('GET', '/lists/my-cases/records', {
      body: {
        rows: [
          {
            id: 'r1',
            etag: 'W/"1"',
            values: { title: 'Printer jams', ticketnumber: 'CAS-1', statecode: 0 },
          },
        ],
      },
    });
    useApi(() => alice(1000));
    stub(on('GET', '/lists/my-cases', defined(caseList(), '"l1"')), records);
    const first = await fixture<PorticoList>(html`<portico-list list="my-cases"></portico-list>`);
    await until(() => first.shadowRoot!.querySelector('tbody tr'));

    const answer = gated(on('GET', '/lists/my-cases', defined(caseList(), '"l1"')));
    useApi(() => alice(2000));
    const calls = stub(answer.route, records);
    const el = await fixture<PorticoList>(html`<portico-list list="my-cases"></portico-list>`);
    await until(() => el.shadowRoot!.querySelector('tbody tr'));
    // Both requests went out together: the page did not wait for the definition's answer.
    expect(calls.map((c) => c.url.pathname).sort()).to.deep.equal([
      '/api/v1/lists/my-cases',
      '/api/v1/lists/my-cases/records',
    ]);
    expect(
      calls.find((c) => c.url.pathname === '/api/v1/lists/my-cases')!.headers.get('If-None-Match'),
    ).to.equal('"l1"');
    answer.release();
  });
});
