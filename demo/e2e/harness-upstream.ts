/**
 * Ground truth for the end-to-end assertions: reads the embedded emulator's Dataverse Web API
 * directly (not through Portico), so a test can tell what is really stored and who owns it.
 */
import type { Stack } from '../stack.js';

export interface UpstreamCase {
  incidentid: string;
  title: string;
  ticketnumber: string;
  statecode: number;
  _customerid_value: string;
  _ownerid_value: string;
  description: string | null;
}

async function get<T>(stack: Stack, path: string): Promise<T> {
  const response = await fetch(new URL(path, stack.portico.upstreamUrl), {
    headers: { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' },
  });
  if (!response.ok) throw new Error(`emulator answered ${response.status} for ${path}`);
  return (await response.json()) as T;
}

const SELECT = '$select=incidentid,title,ticketnumber,statecode,_customerid_value,_ownerid_value,description';

/** Cases whose customer is this contact or account. */
export async function casesOf(stack: Stack, customerId: string): Promise<UpstreamCase[]> {
  const r = await get<{ value: UpstreamCase[] }>(
    stack,
    `incidents?${SELECT}&$filter=_customerid_value eq ${customerId}`,
  );
  return r.value;
}

/**
 * The cases an account's agent may see, by the rule itself (Power Pages' parent scope): the
 * customer is the account, or the customer is a contact whose company is the account. Computed
 * from all stored rows, not with the chained query Portico sends, so the two are independent.
 */
export async function accountCasesByRule(stack: Stack, accountId: string): Promise<UpstreamCase[]> {
  const contacts = await get<{ value: Array<{ contactid: string; _parentcustomerid_value: string | null }> }>(
    stack,
    'contacts?$select=contactid,_parentcustomerid_value',
  );
  const people = new Set(
    contacts.value.filter((c) => c._parentcustomerid_value === accountId).map((c) => c.contactid),
  );
  const all = await get<{ value: UpstreamCase[] }>(stack, `incidents?${SELECT}`);
  return all.value.filter((c) => c._customerid_value === accountId || people.has(c._customerid_value));
}

export async function caseById(stack: Stack, id: string): Promise<UpstreamCase> {
  return get<UpstreamCase>(stack, `incidents(${id})?${SELECT}`);
}

export async function contactById(
  stack: Stack,
  id: string,
): Promise<{ jobtitle: string | null; firstname: string | null; lastname: string | null }> {
  return get(stack, `contacts(${id})?$select=jobtitle,firstname,lastname`);
}
