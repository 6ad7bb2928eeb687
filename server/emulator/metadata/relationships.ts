/**
 * The collection-valued navigation properties on the "one" side of the served lookups: each is the
 * partner of a single-valued navigation property declared in `entities.ts` (the
 * ReferencedEntityNavigationPropertyName of the one-to-many relationship). Names from the v9 entity
 * reference (https://learn.microsoft.com/dynamics365/customerengagement/on-premises/developer/entities/incident#many-to-one-relationships,
 * …/entities/contact, …/entities/account); `contact_customer_accounts` also appears in the lambda
 * examples of https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows.
 *
 * The emulator neither expands nor filters through them (lambda operators are not supported); it
 * knows their names so that a `$filter` walking one like a lookup gets Dataverse's answer, not
 * "property not found".
 */

interface CollectionNavigation {
  /** The table that declares the collection (the lookup's target). */
  readonly table: string;
  readonly name: string;
}

const COLLECTIONS: readonly CollectionNavigation[] = [
  { table: 'account', name: 'contact_customer_accounts' },
  { table: 'contact', name: 'contact_customer_contacts' },
  { table: 'account', name: 'incident_customer_accounts' },
  { table: 'contact', name: 'incident_customer_contacts' },
  { table: 'contact', name: 'contact_as_primary_contact' },
  { table: 'contact', name: 'account_primary_contact' },
  { table: 'incident', name: 'Incident_IncidentResolutions' },
];

/** Whether `name` is a collection-valued navigation property of the table (names are case-sensitive). */
export function isCollectionNavigation(table: string, name: string): boolean {
  return COLLECTIONS.some((c) => c.table === table && c.name === name);
}
