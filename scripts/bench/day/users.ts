/**
 * A load generator of `npm run bench:day` (forked by run.ts): many virtual users in one process,
 * each a loop of think time → action → think time over one keep-alive agent, as browsers on the
 * portal would be. Tokens are signed the way the demo site signs them (demo/site.ts: HS256, `sub`,
 * `contactid`, `portico_role`, issuer and audience), one per user.
 *
 * It receives `{ type: 'start', plan }` and answers `{ type: 'result', result }` once every user
 * has finished the action in hand when the run ends.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ACTIONS, MIX, SESSION, THINK, logNormal, pick, seeded } from './model.js';
import type { Action, Role } from './model.js';

export interface VirtualUser {
  sub: string;
  role: Role;
  contactId: string;
}

export interface LoadPlan {
  base: string;
  users: VirtualUser[];
  jwt: { secret: string; issuer: string; audience: string };
  /** Epoch ms when the (compressed) hour starts; users arrive at random over `arrivalMs` from it. */
  startAt: number;
  arrivalMs: number;
  /** Epoch ms after which no action is started (sessions still under way then end there). */
  stopAt: number;
  /** Multiplies think times (1 = the model's; the smoke test uses a tiny one). */
  thinkScale: number;
  /** Each user first goes through every action of its role once, in order (the smoke test). */
  tour: boolean;
  /** Owners an agent may assign to (access.json `assignTo`). */
  owners: Array<{ id: string; type: 'team' | 'systemuser' }>;
  seed: number;
}

export interface ActionSamples {
  ms: number[];
  statuses: Record<string, number>;
  /** Failed answers by `<status> <code>`. */
  codes: Record<string, number>;
}

export type LoadResult = Record<Action, ActionSamples>;

interface Row {
  id: string;
  etag: string;
  values: Record<string, unknown>;
}

/** What a user remembers between actions: the last page it saw and the case it has open. */
interface Session {
  user: VirtualUser;
  auth: string;
  rows: Row[];
  nextPage: string | undefined;
  /** The query of the page on screen (a cursor only continues the query it came from). */
  pageQuery: string;
  open: Row | undefined;
  tour: Action[];
  tries: number;
}

const REQUEST_TIMEOUT_MS = 120_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const SEARCHES = ['printer', 'invoice', 'CAS-0', 'delivery', 'login', 'order', 'network', 'a'];

/** A request body already encoded, with its content type (the note's multipart form). */
interface Encoded {
  type: string;
  bytes: Buffer;
}

/** The multipart body the timeline's add-note box sends for a note of text alone. */
function noteForm(text: string): Encoded {
  const boundary = `portico-day-${randomUUID()}`;
  const bytes = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n${text}\r\n--${boundary}--\r\n`,
  );
  return { type: `multipart/form-data; boundary=${boundary}`, bytes };
}

function call(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: unknown; ms: number }> {
  const started = performance.now();
  const encoded =
    body === undefined
      ? undefined
      : Buffer.isBuffer((body as Encoded).bytes)
        ? (body as Encoded)
        : { type: 'application/json', bytes: Buffer.from(JSON.stringify(body)) };
  const payload = encoded?.bytes;
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: encoded ? { ...headers, 'Content-Type': encoded.type } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, ms: performance.now() - started });
        });
        res.on('error', () => resolve({ status: 0, json: undefined, ms: performance.now() - started }));
      },
    );
    // A transport failure is an answer the user sees too: status 0, counted with the 5xx. So is no
    // answer within two minutes (Portico's own deadline is far shorter).
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('no answer')));
    req.on('error', () => resolve({ status: 0, json: undefined, ms: performance.now() - started }));
    req.end(payload);
  });
}

/**
 * The smoke test's tours: every action of the role, each after what it needs (a create first, so
 * that a list of exactly one page grows a second).
 */
const TOURS: Record<Role, Action[]> = {
  customer: ['create', 'open list', 'next page', 'open case', 'add a note', 'save', 'search'],
  agent: [
    'create',
    'open list',
    'next page',
    'open case',
    'add a note',
    'save',
    'assign',
    'open case',
    'resolve',
    'search',
  ],
};
/** A tour step not done after this many tries (a customer with one page has no next page) is left. */
const TOUR_TRIES = 3;

export function emptyResult(): LoadResult {
  return Object.fromEntries(
    ACTIONS.map((a): [Action, ActionSamples] => [a, { ms: [], statuses: {}, codes: {} }]),
  ) as LoadResult;
}

async function session(plan: LoadPlan, user: VirtualUser): Promise<Session> {
  const token = await new SignJWT({ contactid: user.contactId, portico_role: user.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.sub)
    .setIssuer(plan.jwt.issuer)
    .setAudience(plan.jwt.audience)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(plan.jwt.secret));
  return {
    user,
    auth: `Bearer ${token}`,
    rows: [],
    nextPage: undefined,
    pageQuery: '',
    open: undefined,
    tour: plan.tour ? [...TOURS[user.role]] : [],
    tries: 0,
  };
}

function recorder(result: LoadResult) {
  return (action: Action, answer: { status: number; json: unknown; ms: number }) => {
    const samples = result[action];
    samples.ms.push(answer.ms);
    samples.statuses[answer.status] = (samples.statuses[answer.status] ?? 0) + 1;
    const code = (answer.json as { error?: { code?: unknown } } | undefined)?.error?.code;
    if (answer.status >= 300) {
      const key = `${answer.status} ${typeof code === 'string' ? code : '-'}`;
      samples.codes[key] = (samples.codes[key] ?? 0) + 1;
    }
  };
}

async function simulate(plan: LoadPlan): Promise<LoadResult> {
  const result = emptyResult();
  const random = seeded(plan.seed);
  const think = logNormal(THINK.medianMs, THINK.p95Ms, random);
  const sessions = await Promise.all(plan.users.map((user) => session(plan, user)));
  const record = recorder(result);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  await Promise.all(
    sessions.map(async (s) => {
      await sleep(plan.startAt + random() * plan.arrivalMs - Date.now());
      const length =
        s.tour.length +
        SESSION.minActions +
        Math.floor(random() * (SESSION.maxActions - SESSION.minActions + 1));
      // A visit starts with the list; after that the mix decides.
      for (let n = 0; n < length; n += 1) {
        if (n > 0) await sleep(Math.min(think() * plan.thinkScale, plan.stopAt - Date.now()));
        if (Date.now() >= plan.stopAt) return;
        const intended = n === 0 ? 'open list' : (s.tour[0] ?? (pick(MIX[s.user.role], random) as Action));
        const done = await act(plan, s, intended, random, record);
        if (n > 0 && s.tour.length > 0 && (done === s.tour[0] || ++s.tries >= TOUR_TRIES)) {
          s.tour.shift();
          s.tries = 0;
        }
      }
    }),
  );
  return result;
}

/** Performs `intended`, or its prerequisite when it cannot be done yet; returns what was done. */
async function act(
  plan: LoadPlan,
  s: Session,
  intended: Action,
  random: () => number,
  record: (action: Action, answer: { status: number; json: unknown; ms: number }) => void,
): Promise<Action> {
  const list = s.user.role === 'agent' ? 'account-cases' : 'my-cases';
  const listUrl = `${plan.base}/api/v1/lists/${list}/records`;
  const headers = { Authorization: s.auth, Accept: 'application/json' };
  const caseUrl = (id: string) => `${plan.base}/api/v1/forms/case-edit/records/${id}`;
  const showPage = async (action: Action, query: string, page?: string) => {
    const answer = await call(
      `${listUrl}?${[query, page ? `page=${encodeURIComponent(page)}` : ''].filter(Boolean).join('&')}`,
      'GET',
      headers,
    );
    record(action, answer);
    const body = answer.json as { rows?: Row[]; nextPage?: string } | undefined;
    if (answer.status === 200 && body?.rows) {
      s.rows = body.rows;
      s.nextPage = body.nextPage;
      s.pageQuery = query;
    }
    return action;
  };
  const active = s.rows.filter((r) => r.values.statecode === 0);
  if (intended === 'next page' && s.nextPage) {
    return showPage(intended, s.pageQuery, s.nextPage);
  }
  if (intended === 'search') {
    const text = SEARCHES[Math.floor(random() * SEARCHES.length)]!;
    return showPage(intended, `search=${encodeURIComponent(text)}`);
  }
  if (intended === 'create') {
    const answer = await call(`${plan.base}/api/v1/forms/case-create/records`, 'POST', headers, {
      values: { title: `Portal day case ${Math.floor(random() * 1e6)}` },
    });
    record(intended, answer);
    return intended;
  }
  if (intended === 'add a note' && s.open) {
    // With the case's version, as the timeline sends it: one Dataverse call, scope proven by the token.
    const answer = await call(
      `${caseUrl(s.open.id)}/notes`,
      'POST',
      { ...headers, 'If-Match': s.open.etag, 'Idempotency-Key': randomUUID() },
      noteForm(`Any news on this? (portal day ${Math.floor(random() * 1e6)})`),
    );
    record(intended, answer);
    return intended;
  }
  const writes =
    intended === 'save' || intended === 'assign' || intended === 'resolve' || intended === 'add a note';
  if (writes && s.open) {
    const open = s.open;
    const ifMatch = { ...headers, 'If-Match': open.etag };
    const answer =
      intended === 'save'
        ? await call(caseUrl(open.id), 'PATCH', ifMatch, {
            values: { title: `Updated ${Math.floor(random() * 1e6)}` },
          })
        : intended === 'assign'
          ? await call(`${caseUrl(open.id)}/actions/assign`, 'POST', ifMatch, {
              owner: plan.owners[Math.floor(random() * plan.owners.length)]!,
            })
          : await call(`${caseUrl(open.id)}/actions/resolve`, 'POST', ifMatch, {
              resolution: 'Resolved on the portal.',
            });
    record(intended, answer);
    const row = answer.json as Row | undefined;
    // A conflict or a closed case sends the user back to the list, as the form would.
    s.open = answer.status === 200 && intended !== 'resolve' && row?.etag ? row : undefined;
    return intended;
  }
  if ((intended === 'open case' || writes) && active.length > 0) {
    const pickRow = active[Math.floor(random() * active.length)]!;
    const answer = await call(caseUrl(pickRow.id), 'GET', headers);
    record('open case', answer);
    const row = answer.json as Row | undefined;
    s.open = answer.status === 200 && row?.values?.statecode === 0 ? row : undefined;
    return 'open case';
  }
  return showPage('open list', '');
}

/** One user doing one action at a time when told (`step`), for counting what each action costs upstream. */
let stepping: { plan: LoadPlan; session: Session; random: () => number } | undefined;

process.on('message', (message: { type?: string; plan?: LoadPlan; action?: Action }) => {
  if (message?.type === 'start' && message.plan) {
    void simulate(message.plan).then((result) => {
      agent.destroy();
      process.send?.({ type: 'result', result }, () => process.exit(0));
    });
  } else if (message?.type === 'step' && message.plan && message.action) {
    const { plan, action } = message;
    void (async () => {
      stepping ??= { plan, session: await session(plan, plan.users[0]!), random: seeded(plan.seed) };
      const answers = emptyResult();
      const done = await act(plan, stepping.session, action, stepping.random, recorder(answers));
      process.send?.({ type: 'stepped', done, status: Object.keys(answers[done].statuses)[0] });
    })();
  }
});
process.on('disconnect', () => process.exit(0));
