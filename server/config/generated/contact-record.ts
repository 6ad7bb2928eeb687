// generated — do not edit. Source: schemas/entities/contact.schema.json; regenerate with `npm run gen`.
/* eslint-disable */

/**
 * Columns of the Dataverse contact table that Portico may read or write (standard Dynamics 365 v9 definitions).
 */
export interface Contact {
  contactid?: string;
  firstname?: string;
  lastname?: string;
  fullname?: string;
  emailaddress1?: string;
  telephone1?: string;
  mobilephone?: string;
  jobtitle?: string;
  address1_line1?: string;
  address1_city?: string;
  address1_stateorprovince?: string;
  address1_postalcode?: string;
  address1_country?: string;
  preferredcontactmethodcode?: 1 | 2 | 3 | 4 | 5;
  donotemail?: boolean;
  birthdate?: string;
  parentcustomerid?: Lookup;
  description?: string;
  statecode?: 0 | 1;
  statuscode?: 1 | 2;
  createdon?: string;
  modifiedon?: string;
  ownerid?: Lookup1;
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
