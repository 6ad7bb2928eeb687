/**
 * The demo data set's fixed content: the people, teams and accounts it names, the pools of first
 * names, last names, job titles, streets and cities that sample contacts are drawn from, and the
 * case subjects per case type. Declarative only; `seed.ts` writes the rows.
 */
import { DEMO_IDS } from './demo-ids.js';

export const USERS = [
  {
    id: DEMO_IDS.users.integration,
    first: 'Portico',
    last: 'Integration',
    title: 'Application user',
    domain: 'portico-integration@portico.example',
  },
  {
    id: DEMO_IDS.users.supportLead,
    first: 'Dana',
    last: 'Whitfield',
    title: 'Support Lead',
    domain: 'dana.whitfield@portico.example',
  },
  {
    id: DEMO_IDS.users.supportAgent1,
    first: 'Marco',
    last: 'Rossi',
    title: 'Support Agent',
    domain: 'marco.rossi@portico.example',
  },
  {
    id: DEMO_IDS.users.supportAgent2,
    first: 'Priya',
    last: 'Natarajan',
    title: 'Support Agent',
    domain: 'priya.natarajan@portico.example',
  },
  {
    id: DEMO_IDS.users.fieldEngineer,
    first: 'Tom',
    last: 'Becker',
    title: 'Field Engineer',
    domain: 'tom.becker@portico.example',
  },
];

export const TEAMS = [
  {
    id: DEMO_IDS.teams.tier1,
    name: 'Tier 1 Support',
    description: 'First-line support: triage, questions and known issues.',
  },
  {
    id: DEMO_IDS.teams.fieldService,
    name: 'Field Service',
    description: 'On-site repairs, installations and inspections.',
  },
  {
    id: DEMO_IDS.teams.escalations,
    name: 'Escalations',
    description: 'High-priority and long-running cases.',
  },
];

export const ACCOUNTS = [
  {
    id: DEMO_IDS.accounts.fabrikam,
    name: 'Fabrikam, Inc.',
    number: 'FAB-0001',
    city: 'Seattle',
    country: 'United States',
    domain: 'fabrikam.example',
    phone: '+1 206 555 0100',
  },
  {
    id: DEMO_IDS.accounts.northwind,
    name: 'Northwind Traders',
    number: 'NWT-0002',
    city: 'Portland',
    country: 'United States',
    domain: 'northwind.example',
    phone: '+1 503 555 0120',
  },
  {
    id: DEMO_IDS.accounts.adventureWorks,
    name: 'Adventure Works Cycles',
    number: 'ADV-0003',
    city: 'Bothell',
    country: 'United States',
    domain: 'adventure-works.example',
    phone: '+1 425 555 0140',
  },
  {
    id: 'a0000000-0000-4000-8000-000000000004',
    name: 'Contoso Pharmaceuticals',
    number: 'CON-0004',
    city: 'Munich',
    country: 'Germany',
    domain: 'contoso.example',
    phone: '+49 89 555 0160',
  },
  {
    id: 'a0000000-0000-4000-8000-000000000005',
    name: 'Litware, Inc.',
    number: 'LIT-0005',
    city: 'Manchester',
    country: 'United Kingdom',
    domain: 'litware.example',
    phone: '+44 161 555 0180',
  },
];

export const FIRST = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Lucas',
  'Mia',
  'Ethan',
  'Sofia',
  'Mateo',
  'Hannah',
  'Jonas',
  'Chloe',
  'Daniel',
  'Yuki',
  'Amir',
  'Leonie',
  'Samuel',
  'Grace',
  'Oskar',
  'Ines',
  'Felix',
  'Nora',
  'David',
  'Aiko',
  'Rafael',
  'Clara',
  'Jakob',
  'Zara',
  'Henrik',
];
export const LAST = [
  'Anderson',
  'Bauer',
  'Chen',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nguyen',
  "O'Brien",
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Umarov',
  'Vogel',
  'Weber',
  'Xu',
  'Young',
  'Zimmermann',
  'Alvarez',
  'Brennan',
  'Costa',
  'Dietrich',
];
export const JOBS = [
  'Purchasing Manager',
  'Facilities Coordinator',
  'IT Administrator',
  'Operations Lead',
  'Office Manager',
  'Service Technician',
  'Account Executive',
  'Quality Engineer',
  'Procurement Specialist',
  'Plant Manager',
];
export const STREETS = [
  'Pine Street',
  'Market Avenue',
  'Harbor Road',
  'Elm Court',
  'Lake View Drive',
  'Station Road',
  'Mill Lane',
  'Hauptstraße',
  'King Street',
  'Cedar Way',
];
export const CITIES: [string, string, string, string][] = [
  ['Seattle', 'WA', '98101', 'United States'],
  ['Portland', 'OR', '97204', 'United States'],
  ['Bothell', 'WA', '98011', 'United States'],
  ['Munich', 'Bavaria', '80331', 'Germany'],
  ['Manchester', 'Greater Manchester', 'M1 1AE', 'United Kingdom'],
  ['Denver', 'CO', '80202', 'United States'],
];

/** Case subjects by case type: [title, description]. */
export const CASE_TEXT: Record<number, [string, string][]> = {
  1: [
    [
      'How do I reset the controller to factory settings?',
      'The manual mentions a reset sequence but the buttons on our unit are labelled differently. Which combination applies to firmware 4.x?',
    ],
    [
      'Question about warranty coverage for replacement parts',
      'We replaced the pump housing last month. Is the new part covered by the original warranty or does it have its own?',
    ],
    [
      'Can invoices be sent to a shared mailbox?',
      'Our accounts payable team would like invoices to go to ap@ rather than to individual contacts. Is that possible?',
    ],
    [
      'Recommended maintenance interval for the air filters',
      'Our site runs two shifts. How often should the intake filters be changed under that load?',
    ],
    [
      'Is the mobile app available in German?',
      'Several of our technicians would prefer the app in German. Is there a language setting?',
    ],
    [
      'Difference between the Standard and Plus service plans',
      'We are renewing next quarter and want to understand what Plus adds for response times.',
    ],
  ],
  2: [
    [
      'Unit shows error E42 after power outage',
      'Since the outage on Monday the unit starts, shows E42 and shuts down after about two minutes. Power cycling does not help.',
    ],
    [
      'Portal login fails with "session expired"',
      'Users are logged out immediately after signing in. Clearing cookies did not help; it happens in Edge and Chrome.',
    ],
    [
      'Delivered order is missing two items',
      'Order arrived today but the two replacement belts listed on the packing slip were not in the box.',
    ],
    [
      'Printer jams on every second label',
      'The label printer jams on roughly every second label since the last ribbon change. Labels are the approved stock.',
    ],
    [
      'Leak at the coolant return line',
      'A small but steady leak at the coolant return line near the rear panel. We have placed a tray under it for now.',
    ],
    [
      'Sync between handheld scanners and inventory stopped',
      'Scans from the handhelds no longer appear in inventory. The last successful sync was yesterday at 16:40.',
    ],
    [
      'Temperature readings drift by several degrees',
      'The display shows values 3–4 °C higher than our calibrated reference thermometer.',
    ],
    [
      'Invoice amount does not match the quote',
      'Invoice INV-2291 is 8% higher than the quote we accepted. Please check the applied discount.',
    ],
  ],
  3: [
    [
      'Request on-site inspection before the audit',
      'Our annual safety audit is scheduled for next month. Please arrange an inspection of both production lines beforehand.',
    ],
    [
      'Add three users to the service portal',
      'Please create portal access for our new shift supervisors. Names and emails are in the attached list.',
    ],
    [
      'Schedule firmware update for all units',
      'We would like the latest firmware installed on all twelve units, ideally outside production hours.',
    ],
    [
      'Quote for extended warranty',
      'Please send a quote for extending the warranty on the units purchased in 2024 by two years.',
    ],
    [
      'Replace worn conveyor belt on line 2',
      'The belt on line 2 shows visible wear at the edges. Please schedule a replacement.',
    ],
    [
      'Training session for new operators',
      'We have four new operators starting next month and would like a half-day training session on site.',
    ],
  ],
};

export const ACTIVE_STATUSES = [1, 1, 1, 2, 3, 4];
export const OWNERS: [string, 'systemuser' | 'team'][] = [
  [DEMO_IDS.users.supportLead, 'systemuser'],
  [DEMO_IDS.users.supportAgent1, 'systemuser'],
  [DEMO_IDS.users.supportAgent2, 'systemuser'],
  [DEMO_IDS.users.fieldEngineer, 'systemuser'],
  [DEMO_IDS.teams.tier1, 'team'],
  [DEMO_IDS.teams.fieldService, 'team'],
  [DEMO_IDS.teams.escalations, 'team'],
  [DEMO_IDS.users.integration, 'systemuser'],
];

/** Fixed "now" of the demo data set, so dates are identical on every run. */
export const DEMO_NOW = Date.UTC(2026, 9, 30, 17, 0, 0);

/** The three portal users, written first among the contacts. */
export const PORTAL_CONTACTS = [
  {
    id: DEMO_IDS.contacts.alice,
    first: 'Alice',
    last: 'Brooks',
    email: 'alice@fabrikam.example',
    account: DEMO_IDS.accounts.fabrikam,
    job: 'Facilities Manager',
  },
  {
    id: DEMO_IDS.contacts.bob,
    first: 'Bob',
    last: 'Meyer',
    email: 'bob@northwind.example',
    account: DEMO_IDS.accounts.northwind,
    job: 'Operations Lead',
  },
  {
    id: DEMO_IDS.contacts.vera,
    first: 'Vera',
    last: 'Lindqvist',
    email: 'vera@fabrikam.example',
    account: DEMO_IDS.accounts.fabrikam,
    job: 'Service Partner (vendor)',
  },
];

/** Power Pages shows a note on the portal's case timeline when its text starts with this marker. */
export const PORTAL_MARKER = '*WEB*';

/** A note of a demo case conversation. */
export interface NoteSpec {
  readonly id: string;
  /** The case by its place in the case plan: 0–9 are Alice's, 10–19 Bob's, 20–44 the Fabrikam account's. */
  readonly caseIndex: number;
  /** Minutes after the case was created (never later than the demo's "now"). */
  readonly after: number;
  /** Who wrote it: a staff user, or the integration user for what a portal user sent. */
  readonly author: string;
  readonly subject: string;
  readonly text: string;
  readonly attachment?: { readonly filename: string; readonly mimetype: string; readonly body: string };
}

/** An 8×8 red and blue checked PNG, made for the demo (97 bytes). */
const CHECKED_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAKElEQVR42mO4aGV10cpKO2eDds4GZDYDVtGLVlYMWEWhElhNY6CDHQDa2VGBqGMB2wAAAABJRU5ErkJggg==';

const web = (text: string) => `${PORTAL_MARKER} ${text}`;

/** The demo's case conversations: customers' messages and staff replies published, staff notes kept internal. */
export const NOTES: readonly NoteSpec[] = [
  {
    id: DEMO_IDS.notes.alicePhoto,
    caseIndex: 0,
    after: 30,
    author: DEMO_IDS.users.integration,
    // What Portico writes for a note a portal user adds: Dataverse's createdby is the integration
    // user, so the author is recorded in the subject.
    subject: `Alice Brooks (portal) [contact:${DEMO_IDS.contacts.alice}]`,
    text: web('Here is a photo of what the display showed this morning.'),
    attachment: { filename: 'display.png', mimetype: 'image/png', body: CHECKED_PNG },
  },
  {
    id: DEMO_IDS.notes.aliceReply,
    caseIndex: 0,
    after: 120,
    author: DEMO_IDS.users.supportAgent1,
    subject: 'Re: Photo of the display',
    text: web('Thank you, Alice. We can see the fault in your photo and will update this case by Friday.'),
  },
  {
    id: DEMO_IDS.notes.aliceInternal,
    caseIndex: 0,
    after: 150,
    author: DEMO_IDS.users.supportAgent1,
    subject: 'Engineering follow-up',
    text: 'Same fault as the firmware issue engineering is tracking; no date to the customer before QA signs off.',
  },
  {
    id: DEMO_IDS.notes.aliceVisit,
    caseIndex: 1,
    after: 90,
    author: DEMO_IDS.users.supportLead,
    subject: 'Technician visit',
    text: web(
      'A technician will visit on Tuesday between 9:00 and 12:00. Reply here if that does not suit you.',
    ),
  },
  {
    id: DEMO_IDS.notes.bobQuestion,
    caseIndex: 10,
    after: 45,
    author: DEMO_IDS.users.supportAgent2,
    subject: 'Serial number',
    text: web('Hello Bob, could you send us the serial number of the unit? You can reply on this case.'),
  },
  {
    id: DEMO_IDS.notes.bobInternal,
    caseIndex: 10,
    after: 50,
    author: DEMO_IDS.users.supportAgent2,
    subject: 'Call log',
    text: 'Customer called twice about this; escalate if there is no answer by Monday.',
  },
  {
    id: DEMO_IDS.notes.bobAnswer,
    caseIndex: 10,
    after: 200,
    author: DEMO_IDS.users.integration,
    subject: `Bob Meyer (portal) [contact:${DEMO_IDS.contacts.bob}]`,
    text: web('The serial number is in the attached file.'),
    attachment: {
      filename: 'serial.txt',
      mimetype: 'text/plain',
      // "Serial number: NW-2291-0457" and a line break.
      body: 'U2VyaWFsIG51bWJlcjogTlctMjI5MS0wNDU3DQo=',
    },
  },
  {
    id: DEMO_IDS.notes.fabrikamReply,
    caseIndex: 20,
    after: 240,
    author: DEMO_IDS.users.fieldEngineer,
    subject: 'Site visit',
    text: web('Site visit completed; the replacement part is on order and we will fit it on arrival.'),
  },
  {
    id: DEMO_IDS.notes.fabrikamInternal,
    caseIndex: 20,
    after: 245,
    author: DEMO_IDS.users.fieldEngineer,
    subject: 'Parts',
    text: 'Part 44-1197 ordered from the supplier; lead time about two weeks.',
  },
];
