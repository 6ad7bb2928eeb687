/**
 * One column value of a request payload to what SQLite stores, checked the way Dataverse checks
 * it: the JSON type for the column's Edm type, string length, whole-number range, choice values,
 * date shapes and GUIDs.
 */
import { DataverseError, errors } from './errors.js';
import { normalizeGuid, parseDateValue } from './format.js';
import type { EntityModel } from './metadata/model.js';
import type { AttributeDef } from './metadata/types.js';

/** Validates one column value and returns what SQLite stores. */
export function convert(m: EntityModel, a: AttributeDef, value: unknown): unknown {
  const set = m.def.entitySetName;
  const typeError = (edm: string) =>
    errors.payload(
      set,
      `Microsoft.OData.ODataException: Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${edm}'.`,
    );
  if (value === null) {
    if (a.requiredLevel === 'SystemRequired') {
      throw errors.invalidArgument(`Attribute '${a.logicalName}' cannot be set to NULL.`);
    }
    return null;
  }
  switch (a.type) {
    case 'String':
    case 'Memo': {
      if (typeof value !== 'string') throw typeError('Edm.String');
      if (a.maxLength !== undefined && value.length > a.maxLength)
        throw errors.tooLong(a.logicalName, m.def.logicalName, a.maxLength);
      return value;
    }
    case 'Integer':
    case 'BigInt': {
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw typeError(a.type === 'BigInt' ? 'Edm.Int64' : 'Edm.Int32');
      if (
        (a.minValue !== undefined && value < a.minValue) ||
        (a.maxValue !== undefined && value > a.maxValue)
      ) {
        throw new DataverseError(
          400,
          '0x80044330',
          `A validation error occurred. The value of '${a.logicalName}' on record of type '${m.def.logicalName}' is outside the valid range (${a.minValue} to ${a.maxValue}).`,
        );
      }
      return value;
    }
    case 'Boolean':
      if (typeof value !== 'boolean') throw typeError('Edm.Boolean');
      return value ? 1 : 0;
    case 'Picklist':
    case 'State':
    case 'Status': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError('Edm.Int32');
      if (!a.options?.some((o) => o.value === value))
        throw errors.picklistOutOfRange(a.logicalName, m.def.logicalName, value);
      return value;
    }
    case 'DateTime': {
      if (typeof value !== 'string')
        throw typeError(a.dateFormat === 'DateOnly' ? 'Edm.Date' : 'Edm.DateTimeOffset');
      const v = parseDateValue(
        a.dateFormat === 'DateOnly' ? value.slice(0, 10) : value,
        a.dateFormat === 'DateOnly',
      );
      if (!v) throw typeError(a.dateFormat === 'DateOnly' ? 'Edm.Date' : 'Edm.DateTimeOffset');
      return v;
    }
    case 'EntityName': {
      // Checked against the regarding row by note-rules.ts; here only its JSON type.
      if (typeof value !== 'string') throw typeError('Edm.String');
      return value;
    }
    case 'Uniqueidentifier': {
      const g = typeof value === 'string' ? normalizeGuid(value) : undefined;
      if (!g) throw typeError('Edm.Guid');
      return g;
    }
    default:
      throw errors.invalidProperty(set, a.logicalName, m.def.logicalName);
  }
}
