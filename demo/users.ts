/**
 * The people who can sign in to the demo site. Contoso Support keeps its own user directory; for
 * Portico each user carries the Dynamics contact they are, their Portico role, and their email.
 */
import { DEMO_IDS } from '../server/emulator/demo-ids.js';

export interface DemoUser {
  key: string;
  name: string;
  email: string;
  /** Portico role (a key of schemas/access.json), or undefined for staff who never use Portico. */
  role?: 'customer' | 'agent';
  contactId?: string;
  organisation: string;
  description: string;
  /** Site staff who may see the configuration status page. */
  siteAdmin?: boolean;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    key: 'alice',
    name: 'Alice Brooks',
    email: 'alice@fabrikam.example',
    role: 'customer',
    contactId: DEMO_IDS.contacts.alice,
    organisation: 'Fabrikam',
    description: 'Customer at Fabrikam: her own profile and her own cases.',
  },
  {
    key: 'bob',
    name: 'Bob Meyer',
    email: 'bob@northwind.example',
    role: 'customer',
    contactId: DEMO_IDS.contacts.bob,
    organisation: 'Northwind Traders',
    description: 'Customer at Northwind Traders: cannot see anything of Fabrikam.',
  },
  {
    key: 'vera',
    name: 'Vera Lindqvist',
    email: 'vera@fabrikam.example',
    role: 'agent',
    contactId: DEMO_IDS.contacts.vera,
    organisation: 'Fabrikam (vendor agent)',
    description:
      "Off-site vendor agent serving Fabrikam: the account's cases and contacts, assign and resolve.",
  },
  {
    key: 'dana',
    name: 'Dana Whitfield',
    email: 'dana@contoso.example',
    organisation: 'Contoso web team',
    description:
      'Site administrator: sees whether the Portico configuration loaded, and why an edit was refused.',
    siteAdmin: true,
  },
];

export function findDemoUser(key: string | undefined): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.key === key);
}
