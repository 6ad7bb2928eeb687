/**
 * Columns the platform fills in rather than the caller: defaults on create, the owning user, team
 * and business unit that follow `ownerid`, and the values computed from other columns (`fullname`,
 * `address1_composite`).
 */
import { DEMO_IDS } from './demo-ids.js';
import type { EntityModel } from './metadata/model.js';
import type { Changes, Row } from './store.js';

/** Declared default values for the columns a create payload left out. */
export function defaultValues(m: EntityModel, changes: Changes): void {
  for (const a of m.def.attributes) {
    if (a.defaultValue !== undefined && !changes.has(a.logicalName)) {
      changes.set(
        a.logicalName,
        typeof a.defaultValue === 'boolean' ? (a.defaultValue ? 1 : 0) : a.defaultValue,
      );
    }
  }
}

/** owninguser / owningteam / owningbusinessunit follow a change of `ownerid`. */
export function ownerChanges(changes: Changes): void {
  if (!changes.has('ownerid')) return;
  const owner = changes.get('ownerid') as string;
  const type = changes.get('ownerid__t');
  changes.set('owninguser', type === 'systemuser' ? owner : null);
  changes.set('owningteam', type === 'team' ? owner : null);
  changes.set('owningbusinessunit', DEMO_IDS.businessUnit);
}

/** Columns the platform computes: fullname, address composite. */
export function computedColumns(m: EntityModel, changes: Changes, existing: Row | undefined): void {
  const get = (c: string) => (changes.has(c) ? changes.get(c) : existing?.[c]) as string | null | undefined;
  if (
    (m.def.logicalName === 'contact' || m.def.logicalName === 'systemuser') &&
    (changes.has('firstname') || changes.has('lastname') || !existing)
  ) {
    const full = [get('firstname'), get('lastname')].filter((x) => x).join(' ');
    changes.set('fullname', full === '' ? null : full);
  }
  if (m.attributes.has('address1_composite') && [...changes.keys()].some((k) => k.startsWith('address1_'))) {
    const cityLine = [
      get('address1_city'),
      [get('address1_stateorprovince'), get('address1_postalcode')].filter((x) => x).join(' '),
    ]
      .filter((x) => x)
      .join(', ');
    const lines = [get('address1_line1'), cityLine, get('address1_country')].filter((x) => x);
    changes.set('address1_composite', lines.length > 0 ? lines.join('\r\n') : null);
  }
}
