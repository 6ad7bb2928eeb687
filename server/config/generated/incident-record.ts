// generated — do not edit. Source: schemas/entities/incident.schema.json; regenerate with `npm run gen`.
/* eslint-disable */

/**
 * Columns of the Dataverse incident (Case) table that Portico may read or write (standard Dynamics 365 v9 definitions).
 */
export interface Case {
  incidentid?: string;
  title?: string;
  ticketnumber?: string;
  description?: string;
  casetypecode?: 1 | 2 | 3;
  prioritycode?: 1 | 2 | 3;
  caseorigincode?: 1 | 2 | 3 | 2483 | 3986;
  customerid?: Lookup;
  primarycontactid?: Lookup1;
  statecode?: 0 | 1 | 2;
  statuscode?: 1 | 2 | 3 | 4 | 5 | 1000 | 6 | 2000;
  createdon?: string;
  modifiedon?: string;
  ownerid?: Lookup2;
}
export interface Lookup {
  id: string;
  type: string;
  name?: string;
}
export interface Lookup1 {
  id: string;
  type: string;
  name?: string;
}
export interface Lookup2 {
  id: string;
  type: string;
  name?: string;
}
