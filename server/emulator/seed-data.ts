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
