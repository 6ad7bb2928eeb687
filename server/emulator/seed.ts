/**
 * Seeds. `demo` is deterministic (a fixed pseudo-random generator and fixed dates), so the demo
 * site, the docs and the tests can rely on its records; `large` adds a bulk data set for the
 * benchmark. Rows are written with prepared statements inside one transaction. The fixed content
 * (names, accounts, case texts) is in `seed-data.ts`; this file draws from it and writes rows. The
 * order of the draws from the generator is part of the data set: reorder them and every id changes.
 */
import type Database from 'better-sqlite3';
import { q, typeColumn, Counters, createIndexes, dropIndexes, type Db } from './db.js';
import { DEMO_IDS } from './demo-ids.js';
import { MODEL, isPolymorphic } from './metadata/model.js';
import { isoSeconds } from './format.js';
import {
  ACCOUNTS,
  ACTIVE_STATUSES,
  CASE_TEXT,
  CITIES,
  DEMO_NOW,
  FIRST,
  JOBS,
  LAST,
  NOTES,
  OWNERS,
  PORTAL_CONTACTS,
  STREETS,
  TEAMS,
  USERS,
} from './seed-data.js';

export type SeedName = 'demo' | 'none' | 'large';

/** mulberry32: small, fast, deterministic; quality is ample for sample data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function guidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  const v = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${v}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type Values = Record<string, unknown>;

/**
 * Row versions and case numbers handed out in memory during a seed and written back once, instead
 * of one counter UPDATE per row.
 */
class Sequence {
  version: number;
  ticket: number;
  constructor(private readonly counters: Counters) {
    this.version = counters.get('rowversion');
    this.ticket = counters.get('ticket');
  }
  nextVersion(): number {
    return ++this.version;
  }
  nextTicket(): number {
    return ++this.ticket;
  }
  save(): void {
    this.counters.set('rowversion', this.version);
    this.counters.set('ticket', this.ticket);
  }
}

/** Inserts rows of one table; missing columns are NULL, computed owner/audit columns are filled in. */
class Inserter {
  private readonly stmt: Database.Statement;
  private readonly cols: string[];
  constructor(
    db: Db,
    private readonly logicalName: string,
    private readonly counters: Sequence,
  ) {
    const m = MODEL.byLogicalName(logicalName)!;
    this.cols = [];
    for (const a of m.def.attributes) {
      this.cols.push(a.logicalName);
      if (isPolymorphic(a)) this.cols.push(typeColumn(a));
    }
    this.stmt = db.prepare(
      `INSERT INTO ${q(logicalName)} (${this.cols.map(q).join(', ')}) VALUES (${this.cols.map(() => '?').join(', ')})`,
    );
  }
  insert(v: Values): void {
    const row: Values = { ...v };
    row['versionnumber'] = this.counters.nextVersion();
    if (this.cols.includes('ownerid')) {
      row['ownerid'] ??= DEMO_IDS.integrationUser;
      row['ownerid__t'] ??= 'systemuser';
      row['owninguser'] = row['ownerid__t'] === 'systemuser' ? row['ownerid'] : null;
      row['owningteam'] = row['ownerid__t'] === 'team' ? row['ownerid'] : null;
      row['owningbusinessunit'] = DEMO_IDS.businessUnit;
    }
    row['createdby'] ??= DEMO_IDS.integrationUser;
    row['modifiedby'] ??= row['createdby'];
    row['modifiedon'] ??= row['createdon'];
    if (this.logicalName === 'contact' || this.logicalName === 'systemuser') {
      row['fullname'] = [row['firstname'], row['lastname']].filter(Boolean).join(' ');
    }
    if (this.logicalName === 'contact') {
      const cityLine = [
        row['address1_city'],
        [row['address1_stateorprovince'], row['address1_postalcode']].filter(Boolean).join(' '),
      ]
        .filter(Boolean)
        .join(', ');
      const lines = [row['address1_line1'], cityLine, row['address1_country']].filter(Boolean);
      row['address1_composite'] = lines.length > 0 ? lines.join('\r\n') : null;
    }
    if (typeof row['donotemail'] === 'boolean') row['donotemail'] = row['donotemail'] ? 1 : 0;
    this.stmt.run(...this.cols.map((c) => row[c] ?? null));
  }
}

interface Ctx {
  rand: () => number;
  pick: <T>(xs: readonly T[]) => T;
  counters: Sequence;
  ins: Record<string, Inserter>;
}

function context(db: Db, seed: number): Ctx {
  const rand = prng(seed);
  const counters = new Sequence(new Counters(db));
  const ins: Record<string, Inserter> = {};
  for (const name of [
    'account',
    'annotation',
    'contact',
    'incident',
    'incidentresolution',
    'systemuser',
    'team',
  ])
    ins[name] = new Inserter(db, name, counters);
  return { rand, pick: (xs) => xs[Math.floor(rand() * xs.length)]!, counters, ins };
}

function seedPrincipals(c: Ctx, created: string): void {
  for (const u of USERS) {
    c.ins['systemuser']!.insert({
      systemuserid: u.id,
      firstname: u.first,
      lastname: u.last,
      domainname: u.domain,
      internalemailaddress: u.domain,
      title: u.title,
      isdisabled: 0,
      businessunitid: DEMO_IDS.businessUnit,
      createdon: created,
    });
  }
}

/** `at(daysAgo, minutes)`: a timestamp before the demo's fixed "now". */
type At = (daysAgo: number, minutes?: number) => string;

interface SeededContact {
  id: string;
  account: string;
  first: string;
  last: string;
}

interface ContactSpec {
  id: string;
  first: string;
  last: string;
  email: string;
  account: string;
  job: string;
}

interface CasePlan {
  customer: string;
  type: 'contact' | 'account';
  primary: string | null;
}

function seedDemo(db: Db): void {
  const c = context(db, 20261126);
  const at: At = (daysAgo, minutes = 0) =>
    isoSeconds(new Date(DEMO_NOW - daysAgo * 86_400_000 - minutes * 60_000));
  seedPrincipals(c, at(400));
  seedTeamsAndAccounts(c, at);
  const contacts = seedContacts(db, c, at);
  const cases = casePlan(c, contacts).map((p) => seedCase(c, at, p));
  // After every case, so the notes add rows without changing any earlier id or row version.
  seedNotes(c, cases);
  c.counters.save();
}

function seedTeamsAndAccounts(c: Ctx, at: At): void {
  for (const t of TEAMS) {
    c.ins['team']!.insert({
      teamid: t.id,
      name: t.name,
      description: t.description,
      teamtype: 0,
      businessunitid: DEMO_IDS.businessUnit,
      createdon: at(390),
    });
  }
  for (const a of ACCOUNTS) {
    c.ins['account']!.insert({
      accountid: a.id,
      name: a.name,
      accountnumber: a.number,
      emailaddress1: `info@${a.domain}`,
      telephone1: a.phone,
      websiteurl: `https://www.${a.domain}`,
      address1_city: a.city,
      address1_country: a.country,
      statecode: 0,
      statuscode: 1,
      ownerid: DEMO_IDS.users.supportLead,
      createdon: at(380),
    });
  }
}

/** Contacts: the three portal users first, then 27 more spread over the accounts. */
function seedContacts(db: Db, c: Ctx, at: At): SeededContact[] {
  const contacts: SeededContact[] = [];
  const accountPlan = [
    ...Array<string>(7).fill(DEMO_IDS.accounts.fabrikam),
    ...Array<string>(5).fill(DEMO_IDS.accounts.northwind),
    ...Array<string>(6).fill(DEMO_IDS.accounts.adventureWorks),
    ...Array<string>(5).fill(ACCOUNTS[3]!.id),
    ...Array<string>(4).fill(ACCOUNTS[4]!.id),
  ];
  const write = (p: ContactSpec, i: number) => {
    writeContact(c, at, p, i);
    contacts.push({ id: p.id, account: p.account, first: p.first, last: p.last });
  };
  PORTAL_CONTACTS.forEach((p, i) => write(p, i));
  accountPlan.forEach((account, k) => {
    const first = FIRST[k % FIRST.length]!;
    const last = LAST[(k * 7) % LAST.length]!;
    const domain = ACCOUNTS.find((a) => a.id === account)!.domain;
    write(
      {
        id: guidFrom(c.rand),
        first,
        last,
        email: `${first.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, '')}@${domain}`,
        account,
        job: c.pick(JOBS),
      },
      k + 3,
    );
  });
  // Owners stay systemuser-typed above for contacts; fix the type for any team picked.
  db.prepare(
    "UPDATE contact SET ownerid__t = 'team', owninguser = NULL, owningteam = ownerid WHERE ownerid IN (?, ?, ?)",
  ).run(DEMO_IDS.teams.tier1, DEMO_IDS.teams.fieldService, DEMO_IDS.teams.escalations);
  return contacts;
}

function writeContact(c: Ctx, at: At, p: ContactSpec, i: number): void {
  const [city, state, zip, country] = CITIES[i % CITIES.length]!;
  c.ins['contact']!.insert({
    contactid: p.id,
    firstname: p.first,
    lastname: p.last,
    emailaddress1: p.email,
    telephone1: `+1 555 01${String(10 + i).padStart(2, '0')}`,
    mobilephone: c.rand() < 0.6 ? `+1 555 02${String(10 + i).padStart(2, '0')}` : null,
    jobtitle: p.job,
    address1_line1: `${100 + Math.floor(c.rand() * 900)} ${c.pick(STREETS)}`,
    address1_city: city,
    address1_stateorprovince: state,
    address1_postalcode: zip,
    address1_country: country,
    preferredcontactmethodcode: c.pick([1, 1, 2, 2, 3]),
    donotemail: c.rand() < 0.1 ? 1 : 0,
    birthdate:
      c.rand() < 0.5
        ? `19${60 + Math.floor(c.rand() * 40)}-${String(1 + Math.floor(c.rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(c.rand() * 28)).padStart(2, '0')}`
        : null,
    parentcustomerid: p.account,
    parentcustomerid__t: 'account',
    description: null,
    statecode: i === 29 ? 1 : 0,
    statuscode: i === 29 ? 2 : 1,
    ownerid: c.pick(OWNERS)[0],
    ownerid__t: 'systemuser',
    createdon: at(360 - i * 5),
  });
}

/** Who the 200 cases are for: ~10 each for alice and bob (customer = their contact), ~25 for the Fabrikam account, rest spread. */
function casePlan(c: Ctx, contacts: readonly SeededContact[]): CasePlan[] {
  const plan: CasePlan[] = [];
  for (let i = 0; i < 10; i++)
    plan.push({ customer: DEMO_IDS.contacts.alice, type: 'contact', primary: DEMO_IDS.contacts.alice });
  for (let i = 0; i < 10; i++)
    plan.push({ customer: DEMO_IDS.contacts.bob, type: 'contact', primary: DEMO_IDS.contacts.bob });
  const fabrikamContacts = contacts.filter((x) => x.account === DEMO_IDS.accounts.fabrikam);
  for (let i = 0; i < 25; i++)
    plan.push({
      customer: DEMO_IDS.accounts.fabrikam,
      type: 'account',
      primary: fabrikamContacts[i % fabrikamContacts.length]!.id,
    });
  const others = contacts.filter(
    (x) =>
      x.id !== DEMO_IDS.contacts.alice && x.id !== DEMO_IDS.contacts.bob && x.id !== DEMO_IDS.contacts.vera,
  );
  const otherAccounts = ACCOUNTS.filter((a) => a.id !== DEMO_IDS.accounts.fabrikam);
  while (plan.length < 200) {
    if (c.rand() < 0.7) {
      const who = c.pick(others);
      plan.push({ customer: who.id, type: 'contact', primary: who.id });
    } else {
      const acc = c.pick(otherAccounts);
      const primary = contacts.filter((x) => x.account === acc.id);
      plan.push({
        customer: acc.id,
        type: 'account',
        primary: primary.length > 0 ? c.pick(primary).id : null,
      });
    }
  }
  return plan;
}

interface SeededCase {
  id: string;
  created: string;
}

/** One case, and its resolution activity when it is resolved. */
function seedCase(c: Ctx, at: At, p: CasePlan): SeededCase {
  const type = c.pick([1, 2, 2, 2, 3, 3]);
  const [title, description] = c.pick(CASE_TEXT[type]!);
  const roll = c.rand();
  const state = roll < 0.62 ? 0 : roll < 0.9 ? 1 : 2;
  const status = state === 0 ? c.pick(ACTIVE_STATUSES) : state === 1 ? c.pick([5, 5, 5, 1000]) : 6;
  const [owner, ownerType] = c.pick(OWNERS);
  const ageDays = Math.floor(c.rand() * 180);
  const created = at(ageDays, Math.floor(c.rand() * 600));
  const modified = at(
    Math.max(0, ageDays - Math.floor(c.rand() * (ageDays + 1))),
    Math.floor(c.rand() * 300),
  );
  const id = guidFrom(c.rand);
  const ticket = c.counters.nextTicket();
  c.ins['incident']!.insert({
    incidentid: id,
    title,
    ticketnumber: `CAS-${String(ticket).padStart(5, '0')}-${guidFrom(c.rand).slice(0, 6).toUpperCase()}`,
    description,
    casetypecode: type,
    prioritycode: c.pick([1, 2, 2, 2, 3]),
    caseorigincode: c.pick([1, 2, 3, 3, 3, 2483]),
    customerid: p.customer,
    customerid__t: p.type,
    primarycontactid: p.primary,
    statecode: state,
    statuscode: status,
    ownerid: owner,
    ownerid__t: ownerType,
    createdon: created,
    modifiedon: modified < created ? created : modified,
  });
  if (state === 1) {
    c.ins['incidentresolution']!.insert({
      activityid: guidFrom(c.rand),
      subject: status === 1000 ? 'Information provided' : 'Problem solved',
      description: 'Resolved with the customer; no further action needed.',
      incidentid: id,
      timespent: 15 * (1 + Math.floor(c.rand() * 12)),
      statecode: 1,
      statuscode: 2,
      ownerid: owner,
      ownerid__t: ownerType,
      createdon: modified < created ? created : modified,
    });
  }
  return { id, created };
}

/** The case conversations of `NOTES`, each note owned by its author and dated after its case. */
function seedNotes(c: Ctx, cases: readonly SeededCase[]): void {
  for (const n of NOTES) {
    const parent = cases[n.caseIndex]!;
    const createdon = isoSeconds(new Date(Math.min(Date.parse(parent.created) + n.after * 60_000, DEMO_NOW)));
    const body = n.attachment?.body ?? null;
    c.ins['annotation']!.insert({
      annotationid: n.id,
      subject: n.subject,
      notetext: n.text,
      isdocument: body === null ? 0 : 1,
      filename: n.attachment?.filename ?? null,
      mimetype: n.attachment?.mimetype ?? null,
      documentbody: body,
      filesize: body === null ? 0 : Buffer.from(body, 'base64').length,
      objectid: parent.id,
      objectid__t: 'incident',
      objecttypecode: 'incident',
      ownerid: n.author,
      ownerid__t: 'systemuser',
      createdby: n.author,
      createdon,
    });
  }
}

/** Bulk data for the benchmark: 20,000 contacts and 100,000 cases over 500 accounts. */
function seedLarge(db: Db, counts: { contacts: number; cases: number; accounts: number }): void {
  const c = context(db, 7);
  const base = DEMO_NOW;
  const accounts: string[] = [];
  for (let i = 0; i < counts.accounts; i++) {
    const id = guidFrom(c.rand);
    accounts.push(id);
    c.ins['account']!.insert({
      accountid: id,
      name: `${c.pick(LAST)} ${c.pick(['Holdings', 'Logistics', 'Manufacturing', 'Services', 'Retail', 'Labs'])} ${i + 1}`,
      accountnumber: `BULK-${String(i + 1).padStart(5, '0')}`,
      address1_city: c.pick(CITIES)[0],
      statecode: 0,
      statuscode: 1,
      createdon: isoSeconds(new Date(base - (400 + i) * 60_000)),
    });
  }
  const contacts: string[] = [];
  for (let i = 0; i < counts.contacts; i++) {
    const id = guidFrom(c.rand);
    contacts.push(id);
    const first = c.pick(FIRST);
    const last = c.pick(LAST);
    const [city, state, zip, country] = c.pick(CITIES);
    c.ins['contact']!.insert({
      contactid: id,
      firstname: first,
      lastname: last,
      emailaddress1: `${first.toLowerCase()}.${i}@bulk.example`,
      jobtitle: c.pick(JOBS),
      address1_city: city,
      address1_stateorprovince: state,
      address1_postalcode: zip,
      address1_country: country,
      preferredcontactmethodcode: 1,
      donotemail: 0,
      parentcustomerid: c.pick(accounts),
      parentcustomerid__t: 'account',
      statecode: 0,
      statuscode: 1,
      createdon: isoSeconds(new Date(base - i * 97_000)),
    });
  }
  for (let i = 0; i < counts.cases; i++) {
    const type = 1 + Math.floor(c.rand() * 3);
    const [title, description] = c.pick(CASE_TEXT[type]!);
    const roll = c.rand();
    const state = roll < 0.6 ? 0 : roll < 0.9 ? 1 : 2;
    const toContact = c.rand() < 0.7;
    const customer = toContact ? c.pick(contacts) : c.pick(accounts);
    const [owner, ownerType] = c.pick(OWNERS);
    const created = isoSeconds(new Date(base - Math.floor(c.rand() * 730 * 86_400_000)));
    const ticket = c.counters.nextTicket();
    c.ins['incident']!.insert({
      incidentid: guidFrom(c.rand),
      title,
      ticketnumber: `CAS-${String(ticket).padStart(5, '0')}-${guidFrom(c.rand).slice(0, 6).toUpperCase()}`,
      description,
      casetypecode: type,
      prioritycode: 1 + Math.floor(c.rand() * 3),
      caseorigincode: c.pick([1, 2, 3]),
      customerid: customer,
      customerid__t: toContact ? 'contact' : 'account',
      primarycontactid: toContact ? customer : null,
      statecode: state,
      statuscode: state === 0 ? c.pick(ACTIVE_STATUSES) : state === 1 ? 5 : 6,
      ownerid: owner,
      ownerid__t: ownerType,
      createdon: created,
      modifiedon: created,
    });
  }
  c.counters.save();
}

export const LARGE_COUNTS = { contacts: 20_000, cases: 100_000, accounts: 500 } as const;

/**
 * Seeds a fresh database once: a marker in `emu_state` makes later starts keep existing data.
 * `none` still creates the integration user, because every Dataverse org has the caller's user.
 */
export function seedDatabase(db: Db, seed: SeedName): boolean {
  const counters = new Counters(db);
  if (counters.get('seeded') !== 0) return false;
  db.transaction(() => {
    if (seed === 'none') {
      const c = context(db, 1);
      seedPrincipals(c, isoSeconds(new Date(DEMO_NOW)));
      c.counters.save();
      db.prepare('DELETE FROM systemuser WHERE systemuserid <> ?').run(DEMO_IDS.integrationUser);
    } else {
      seedDemo(db);
      if (seed === 'large') {
        dropIndexes(db);
        seedLarge(db, LARGE_COUNTS);
        createIndexes(db);
        db.exec('ANALYZE');
      }
    }
    counters.set('seeded', 1);
  })();
  return true;
}
