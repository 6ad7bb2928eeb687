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
} as const;
