import { expect, fixture, html } from '@open-wc/testing';
import './config.js';
import type { PorticoConfig } from './config.js';
import { configure, endpoint, reset, api } from '../../internal/api.js';
import { ENDPOINT, errorBody, on, stubApi } from '../../internal/test/fixtures.js';

describe('portico-config', () => {
  beforeEach(() => reset());

  it('configures the endpoint from its attribute and the token provider from a property; takes no space', async () => {
    const el = await fixture<PorticoConfig>(
      html`<portico-config endpoint="https://portal.example/"></portico-config>`,
    );
    expect(getComputedStyle(el).display).to.equal('none');
    let resolved = '';
    void endpoint().then((e) => (resolved = e));
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).to.equal('');
    el.getToken = () => 'abc';
    expect(await endpoint()).to.equal('https://portal.example');
    await expect(el).to.be.accessible();
  });

  it('accepts a token provider set before the element was defined', async () => {
    const wrap = await fixture<HTMLElement>(html`<div></div>`);
    const raw = document.createElement('div');
    raw.innerHTML = '<portico-config endpoint="https://early.example"></portico-config>';
    const cfg = raw.firstElementChild as PorticoConfig;
    // Simulate a host script that ran before the upgrade: an own property on the instance.
    Object.defineProperty(cfg, 'getToken', {
      value: () => 'early',
      writable: true,
      configurable: true,
      enumerable: true,
    });
    wrap.append(cfg);
    await (cfg as PorticoConfig).updateComplete;
    expect(await endpoint()).to.equal('https://early.example');
  });
});

describe('Portico.configure and the API client', () => {
  beforeEach(() => reset());

  it('rejects bad options naming the option, the value and a hint', () => {
    expect(() => configure({ endpoint: 'portal.example' })).to.throw(
      'PORTICO_CONFIG_INVALID: option "endpoint" must be an absolute http(s) URL, e.g. "https://portal.example.com"; got "portal.example"',
    );
    expect(() => configure({ endpoint: 42 as unknown as string })).to.throw('got number');
    expect(() => configure({ getToken: 'token' as unknown as () => string })).to.throw(
      'PORTICO_CONFIG_INVALID: option "getToken" must be a function returning a token; got "token"',
    );
  });

  it('waits for configuration before sending, then sends the token', async () => {
    const stub = stubApi(on('GET', '/forms/x', { body: { ok: 1 } }));
    try {
      const pending = api<{ ok: number }>('GET', '/forms/x');
      await new Promise((r) => setTimeout(r, 20));
      expect(stub.calls).to.have.length(0);
      configure({ endpoint: ENDPOINT, getToken: async () => 'async-token' });
      expect(await pending).to.deep.equal({ ok: 1 });
      expect(stub.calls[0]!.headers.get('Authorization')).to.equal('Bearer async-token');
    } finally {
      stub.restore();
    }
  });

  it('retries only once on an expired token and then reports the error', async () => {
    let n = 0;
    configure({ endpoint: ENDPOINT, getToken: () => `t${++n}` });
    const stub = stubApi(on('GET', '/forms/x', errorBody(401, 'PORTICO_AUTH_TOKEN_EXPIRED')));
    try {
      const err = await api('GET', '/forms/x').catch((e: unknown) => e);
      expect(err).to.include({ status: 401, code: 'PORTICO_AUTH_TOKEN_EXPIRED', requestId: 'req-1' });
      expect(stub.calls).to.have.length(2);
      expect(n).to.equal(2);
    } finally {
      stub.restore();
    }
  });

  it('turns a network failure and a non-JSON error into ApiErrors', async () => {
    configure({ endpoint: ENDPOINT, getToken: () => 't' });
    const stub = stubApi(
      (c) => (c.url.pathname.endsWith('/down') ? 'network-error' : undefined),
      (c) => (c.url.pathname.endsWith('/html') ? ({ status: 502, body: undefined } as const) : undefined),
    );
    try {
      expect(await api('GET', '/down').catch((e: unknown) => e)).to.include({
        status: 0,
        code: 'PORTICO_WIDGET_NETWORK',
      });
      expect(await api('GET', '/html').catch((e: unknown) => e)).to.include({
        status: 502,
        code: 'PORTICO_WIDGET_HTTP_502',
      });
    } finally {
      stub.restore();
    }
  });
});
