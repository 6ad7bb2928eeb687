import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PorticoError } from './errors.js';
import { UpstreamError } from '../dataverse/client.js';
import type { UpstreamResponse } from '../dataverse/client.js';
import { fromUpstreamError, upstreamFailure } from './upstream-errors.js';
import { demoRegistry } from '../testing/proxy-harness.js';

const res = (status: number, code: string, message: string): UpstreamResponse => ({
  status,
  headers: {},
  body: { error: { code, message } },
  attempts: 1,
});

test('Dataverse answers map to stable codes; field-level codes name the field when it was sent', () => {
  const cases: Array<[UpstreamResponse, string[], string, string | undefined]> = [
    [
      res(404, '0x80040217', 'incident With Id = x Does Not Exist'),
      [],
      'PORTICO_RECORD_NOT_FOUND',
      undefined,
    ],
    [
      res(412, '0x80060882', 'The version of the existing record does not match'),
      [],
      'PORTICO_RECORD_CONFLICT',
      undefined,
    ],
    [
      res(
        400,
        '0x80044331',
        "A validation error occurred.  The length of the 'title' attribute of the 'incident' entity exceeded the maximum allowed length of '200'.",
      ),
      ['title'],
      'PORTICO_VALIDATION_FAILED',
      '/title',
    ],
    [
      res(
        400,
        '0x8004431A',
        "A validation error occurred. The value 99 of 'prioritycode' on record of type 'incident' is outside the valid range.",
      ),
      ['title', 'prioritycode'],
      'PORTICO_VALIDATION_FAILED',
      '/prioritycode',
    ],
    [
      res(
        400,
        '0x80048d19',
        "Error identified in Payload provided by the user for Entity :'incidents' ---> Invalid property 'casetypecode'",
      ),
      ['casetypecode'],
      'PORTICO_VALIDATION_FAILED',
      '/casetypecode',
    ],
    [
      res(400, '0x80044331', "The length of the 'secret_column' attribute exceeded"),
      ['title'],
      'PORTICO_UPSTREAM_REJECTED',
      undefined,
    ],
    [res(400, '0x800404cf', 'This case has already been resolved.'), [], 'PORTICO_RECORD_STATE', undefined],
    [
      res(403, '0x80040220', 'The user does not hold the necessary privileges (prvWriteIncident).'),
      [],
      'PORTICO_UPSTREAM_MISCONFIGURED',
      undefined,
    ],
    [res(401, '', 'Unauthorized'), [], 'PORTICO_UPSTREAM_MISCONFIGURED', undefined],
    [res(500, '0x80040216', 'An unexpected error occurred.'), [], 'PORTICO_UPSTREAM_UNAVAILABLE', undefined],
    [
      res(400, '0x80040265', 'Plug-in says no: internal detail https://org.crm.dynamics.com/x'),
      [],
      'PORTICO_UPSTREAM_REJECTED',
      undefined,
    ],
  ];
  for (const [response, sent, code, pointer] of cases) {
    const error = upstreamFailure(response, { sentFields: sent });
    assert.equal(error.code, code, JSON.stringify(response.body));
    assert.equal(error.fields?.[0]?.pointer, pointer);
    const message = JSON.stringify(error.toResponse('r'));
    assert.ok(!/0x8|dynamics\.com|prv|Plug-in|attribute/.test(message), `no upstream text leaks: ${message}`);
  }
});

test('what the user reads never names Dynamics or a column by its logical name, and names fields by label', async () => {
  const incident = (await demoRegistry()).entities.get('incident')!;
  const refusals: Array<[UpstreamResponse, string[]]> = [
    [
      res(400, '0x80044331', "The length of the 'title' attribute of the 'incident' entity exceeded"),
      ['title'],
    ],
    [res(400, '0x8004431A', "The value 99 of 'prioritycode' on record of type 'incident'"), ['prioritycode']],
    [res(400, '0x80048d19', "Invalid property 'casetypecode'"), ['casetypecode']],
    [res(400, '0x800404cf', 'This case has already been resolved.'), []],
    [res(400, '0x8004440a', 'The incident can not be closed because there are open activities.'), []],
    [
      res(400, '0x80043af9', '6 is not a valid status code for state code IncidentState.Active'),
      ['statuscode'],
    ],
    [res(400, '0x80040265', 'Plug-in says no'), ['title']],
    [res(412, '0x80060882', 'The version of the existing record does not match'), []],
    [res(403, '0x80040220', 'The user does not hold the necessary privileges (prvWriteIncident).'), []],
    [res(503, '', 'Service Unavailable'), []],
  ];
  for (const [response, sent] of refusals) {
    const { message } = upstreamFailure(response, { sentFields: sent, entity: incident });
    assert.doesNotMatch(message, /Dynamics|Dataverse|incident\b/i, message);
    for (const field of sent) assert.ok(!message.includes(field), `${field} in: ${message}`);
  }
  const tooLong = upstreamFailure(refusals[0]![0], { sentFields: ['title'], entity: incident });
  assert.equal(
    tooLong.message,
    `${incident.columns.get('title')!.label.en}: This is longer than this field allows.`,
  );
  assert.equal(
    upstreamFailure(refusals[3]![0], { entity: incident }).message,
    'This case is already resolved.',
  );
  for (const kind of ['busy', 'timeout', 'auth', 'network'] as const) {
    const mapped = fromUpstreamError(new UpstreamError(kind, 'x', 1)) as PorticoError;
    assert.doesNotMatch(mapped.message, /Dynamics|Dataverse/, mapped.message);
  }
});

test('transport failures map to busy (with Retry-After), timeout and unavailable', () => {
  const busy = fromUpstreamError(new UpstreamError('busy', 'x', 3, 42));
  assert.ok(busy instanceof PorticoError);
  assert.equal(busy.code, 'PORTICO_UPSTREAM_BUSY');
  assert.equal(busy.headers['Retry-After'], '42');
  assert.equal((fromUpstreamError(new UpstreamError('timeout', 'x', 1)) as PorticoError).status, 504);
  assert.equal(
    (fromUpstreamError(new UpstreamError('network', 'x', 1)) as PorticoError).code,
    'PORTICO_UPSTREAM_UNAVAILABLE',
  );
  // A refused sign-in (wrong secret, expired certificate, …) is the operator's to fix, not the user's.
  assert.equal(
    (fromUpstreamError(new UpstreamError('auth', 'x', 1)) as PorticoError).code,
    'PORTICO_UPSTREAM_MISCONFIGURED',
  );
  const other = new Error('other');
  assert.equal(fromUpstreamError(other), other);
});
