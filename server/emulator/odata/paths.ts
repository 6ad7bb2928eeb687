/**
 * `$filter` member paths bound to the table metadata: `firstname`, `nav/prop` and `nav/nav/prop`,
 * where each `nav` is a single-valued navigation property (a lookup) and `prop` a property of the
 * table it leads to (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows#filter-using-lookup-column-property-values).
 * Used by `to-sql.ts`; the errors are the ones Dataverse's OData binder gives.
 */
import { DataverseError, errors } from '../errors.js';
import { MODEL, type EntityModel, type NavProp } from '../metadata/model.js';
import { isCollectionNavigation } from '../metadata/relationships.js';
import type { AttributeDef } from '../metadata/types.js';
import type { PathOperand } from './ast.js';
import { edmType } from './edm.js';

/**
 * Microsoft Learn documents one navigation property (`primarycontactid/fullname`) and two
 * (`primarycontactid/createdby/fullname`) and nothing deeper, so the emulator stops at two.
 * Inferred: the limit itself is not documented.
 */
export const MAX_NAVIGATION_DEPTH = 2;

/** One navigation step. `target` is null for an Owner lookup, whose type is the abstract `principal`. */
export interface NavHop {
  readonly nav: NavProp;
  readonly target: EntityModel | null;
}

export interface BoundPath {
  /** The navigation properties walked, outermost first; empty for a column of the table itself. */
  readonly hops: readonly NavHop[];
  /**
   * The property at the end: a column of the last hop's table, or — after an Owner hop — that
   * lookup itself, because `principal` has one property, `ownerid`, the key the lookup holds.
   */
  readonly attr: AttributeDef;
}

/** Where a path is used, for the error a collection-valued navigation property at its end gets. */
export type PathUse = { readonly operator: string } | { readonly fn: string };

/** The name the OData binder gives a table's type. */
const typeName = (m: EntityModel | null): string => (m ? m.def.logicalName : 'principal');

function notSingleValue(use: PathUse): DataverseError {
  // The OData binder's messages (MetadataBinder_BinaryOperatorOperandNotSingleValue,
  // MetadataBinder_FunctionArgumentNotSingleValue), which Dataverse passes on with 0x80060888.
  return 'operator' in use
    ? errors.query(
        `The operand for a binary operator '${use.operator}' is not a single value. Binary operators require both operands to be single values.`,
      )
    : errors.query(
        `The argument for an invocation of a function with name '${use.fn}' is not a single value. All arguments for this function must be single values.`,
      );
}

/** Resolves a path against the table, or throws the 400 Dataverse gives for it. */
export function bindPath(model: EntityModel, path: PathOperand, use: PathUse): BoundPath {
  const hops: NavHop[] = [];
  let at: EntityModel | null = model;
  const segments = path.segments;
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!;
    const last = i === segments.length - 1;
    const next = segments[i + 1] ?? '';
    if (at === null) {
      // `principal` declares only its key.
      if (name !== 'ownerid') throw errors.propertyNotFound(name, 'principal');
      if (!last) throw errors.query(`Could not find a property named '${next}' on type 'Edm.Guid'.`);
      return finish(hops, hops[hops.length - 1]!.nav.attribute);
    }
    const attr = at.properties.get(name);
    if (attr) {
      // A column in the middle of a path: the binder looks the next segment up on its Edm type.
      if (!last) throw errors.query(`Could not find a property named '${next}' on type '${edmType(attr)}'.`);
      return finish(hops, attr);
    }
    const nav = at.navigation.get(name);
    if (nav) {
      if (last) {
        // Dataverse refuses a navigation property as an operand; its `_x_value` lookup property is
        // what holds the key (see the reference notes on lookup properties).
        throw errors.query(
          `The navigation property '${name}' cannot be compared; compare its lookup property '_${nav.attribute.logicalName}_value' instead.`,
        );
      }
      let target: EntityModel | null = null;
      if (nav.attribute.type !== 'Owner') {
        const m = MODEL.byLogicalName(nav.target);
        if (!m) throw errors.notSupported(`Navigation to '${nav.target}' is not supported by the emulator.`);
        target = m;
      }
      hops.push({ nav, target });
      at = target;
      continue;
    }
    if (isCollectionNavigation(at.def.logicalName, name)) {
      // Property access on a collection needs a lambda operator (`any`/`all`); the binder's
      // MetadataBinder_PropertyAccessSourceNotSingleValue message.
      if (last) throw notSingleValue(use);
      throw errors.query(
        `The parent value for a property access of a property '${next}' is not a single value. Property access can only be applied to a single value.`,
      );
    }
    throw errors.propertyNotFound(name, typeName(at));
  }
  // Unreachable: a path has at least one segment and every iteration returns, continues or throws.
  throw errors.query(`Syntax error at position ${path.pos}.`);
}

function finish(hops: NavHop[], attr: AttributeDef): BoundPath {
  if (hops.length > MAX_NAVIGATION_DEPTH) {
    // Inferred: past the depth it supports Dataverse answered a nested navigation filter with this
    // code and text (MicrosoftDocs/powerapps-docs issue 1965, when one level was the limit); the
    // HTTP status is not recorded there, and 400 is what a malformed query gets.
    throw new DataverseError(
      400,
      '0x80040216',
      'entityRelationshipRole for given navigation property not found',
    );
  }
  return { hops, attr };
}
