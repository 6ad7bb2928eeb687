/**
 * Fixed identifiers of the emulator's `demo` seed. The demo site's users, `schemas/access.json`
 * (assignable teams) and the tests all refer to these, so they never change.
 */
export const DEMO_IDS = {
  organization: '0e000000-0000-4000-8000-000000000001',
  businessUnit: 'b0000000-0000-4000-8000-000000000001',
  /** The integration identity that WhoAmI returns. */
  integrationUser: '5a000000-0000-4000-8000-000000000001',
  users: {
    integration: '5a000000-0000-4000-8000-000000000001',
    supportLead: '5a000000-0000-4000-8000-000000000002',
    supportAgent1: '5a000000-0000-4000-8000-000000000003',
    supportAgent2: '5a000000-0000-4000-8000-000000000004',
    fieldEngineer: '5a000000-0000-4000-8000-000000000005',
  },
  teams: {
    tier1: 'e0000000-0000-4000-8000-000000000001',
    fieldService: 'e0000000-0000-4000-8000-000000000002',
    escalations: 'e0000000-0000-4000-8000-000000000003',
  },
  accounts: {
    fabrikam: 'a0000000-0000-4000-8000-000000000001',
    northwind: 'a0000000-0000-4000-8000-000000000002',
    adventureWorks: 'a0000000-0000-4000-8000-000000000003',
  },
  /** Portal users: contacts that sign in on the demo site. */
  contacts: {
    /** Customer of Fabrikam (role `customer`), alice@fabrikam.example */
    alice: 'c0000000-0000-4000-8000-000000000001',
    /** Customer of Northwind (role `customer`), bob@northwind.example */
    bob: 'c0000000-0000-4000-8000-000000000002',
    /** Vendor agent serving Fabrikam (role `agent`), vera@fabrikam.example */
    vera: 'c0000000-0000-4000-8000-000000000003',
  },
  /**
   * Notes on the first cases of Alice, Bob and the Fabrikam account (`seed-data.ts`, `NOTES`).
   * Published ones start with the portal marker `*WEB*`; internal ones do not.
   */
  notes: {
    /** Alice's message with a small PNG attached (published). */
    alicePhoto: 'd0000000-0000-4000-8000-000000000001',
    /** Staff reply to Alice (published). */
    aliceReply: 'd0000000-0000-4000-8000-000000000002',
    /** Staff note on Alice's case (internal). */
    aliceInternal: 'd0000000-0000-4000-8000-000000000003',
    /** Staff reply on Alice's second case (published). */
    aliceVisit: 'd0000000-0000-4000-8000-000000000004',
    /** Staff question to Bob (published). */
    bobQuestion: 'd0000000-0000-4000-8000-000000000005',
    /** Staff note on Bob's case (internal). */
    bobInternal: 'd0000000-0000-4000-8000-000000000006',
    /** Bob's answer with a text file attached (published). */
    bobAnswer: 'd0000000-0000-4000-8000-000000000007',
    /** Staff reply on a Fabrikam account case (published). */
    fabrikamReply: 'd0000000-0000-4000-8000-000000000008',
    /** Staff note on the same Fabrikam case (internal). */
    fabrikamInternal: 'd0000000-0000-4000-8000-000000000009',
  },
} as const;
