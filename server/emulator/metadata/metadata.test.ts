/** Metadata endpoints over HTTP, and the declarative definitions they come from. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, err, rows, useEmulator } from '../../testing/emulator-harness.js';
import { ENTITIES } from './entities.js';

const ctx = useEmulator();
const get = (path: string) => call(ctx.emu, 'GET', path);

describe('EntityDefinitions', () => {
  it('lists tables with $select (MetadataId always) and filters them', async () => {
    const r = await get('EntityDefinitions?$select=EntitySetName,LogicalName');
    assert.deepEqual(
      rows(r)
        .map((e) => e['EntitySetName'])
        .sort(),
      [
        'accounts',
        'annotations',
        'contacts',
        'incidentresolutions',
        'incidents',
        'organizations',
        'systemusers',
        'teams',
      ],
    );
    assert.ok(rows(r).every((e) => Object.keys(e).sort().join() === 'EntitySetName,LogicalName,MetadataId'));
    const f = await get(
      `EntityDefinitions?$select=LogicalName&$filter=${encodeURIComponent("LogicalName eq 'incident'")}`,
    );
    assert.deepEqual(
      rows(f).map((e) => e['LogicalName']),
      ['incident'],
    );
  });

  it('retrieves one table by logical name and by MetadataId', async () => {
    const r = await get(
      "EntityDefinitions(LogicalName='incident')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute",
    );
    assert.equal(r.json['PrimaryIdAttribute'], 'incidentid');
    assert.equal(r.json['PrimaryNameAttribute'], 'title');
    const byId = await get(`EntityDefinitions(${String(r.json['MetadataId'])})?$select=LogicalName`);
    assert.equal(byId.json['LogicalName'], 'incident');
    assert.equal((await get("EntityDefinitions(LogicalName='nosuch')")).status, 404);
    assert.equal((await get("EntityDefinitions(LogicalName='incident')?$select=Nope")).status, 400);
  });
});

describe('Attributes', () => {
  it('returns base properties, and refuses type-specific ones without a cast', async () => {
    const r = await get(
      "EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,AttributeType,RequiredLevel,AttributeOf,IsValidForCreate",
    );
    const by = new Map(rows(r).map((a) => [a['LogicalName'], a]));
    assert.equal(by.get('lastname')!['AttributeType'], 'String');
    assert.equal((by.get('lastname')!['RequiredLevel'] as { Value: string }).Value, 'ApplicationRequired');
    assert.equal(by.get('fullname')!['IsValidForCreate'], false);
    assert.equal(by.get('parentcustomeridname')!['AttributeOf'], 'parentcustomerid');
    const bad = await get(
      "EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,MaxLength",
    );
    assert.equal(
      err(bad).message,
      "Could not find a property named 'MaxLength' on type 'Microsoft.Dynamics.CRM.AttributeMetadata'.",
    );
  });

  it('casts to StringAttributeMetadata for MaxLength and filters by RequiredLevel', async () => {
    const r = await get(
      "EntityDefinitions(LogicalName='incident')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength",
    );
    const max = Object.fromEntries(rows(r).map((a) => [a['LogicalName'], a['MaxLength']]));
    assert.equal(max['title'], 200);
    assert.equal(max['ticketnumber'], 100);
    const req = await get(
      `EntityDefinitions(LogicalName='incident')/Attributes?$select=LogicalName&$filter=${encodeURIComponent("RequiredLevel/Value eq Microsoft.Dynamics.CRM.AttributeRequiredLevel'SystemRequired'")}`,
    );
    assert.ok(rows(req).some((a) => a['LogicalName'] === 'customerid'));
    assert.ok(!rows(req).some((a) => a['LogicalName'] === 'title'));
  });

  it('expands option sets of State and Status with DefaultStatus, InvariantName and State', async () => {
    const state = await get(
      "EntityDefinitions(LogicalName='incident')/Attributes(LogicalName='statecode')/Microsoft.Dynamics.CRM.StateAttributeMetadata?$select=LogicalName&$expand=OptionSet",
    );
    const options = (state.json['OptionSet'] as { Options: Record<string, unknown>[] }).Options;
    assert.deepEqual(
      options.map((o) => [o['Value'], o['DefaultStatus'], o['InvariantName']]),
      [
        [0, 1, 'Active'],
        [1, 5, 'Resolved'],
        [2, 6, 'Canceled'],
      ],
    );
    const status = await get(
      "EntityDefinitions(LogicalName='incident')/Attributes/Microsoft.Dynamics.CRM.StatusAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options)",
    );
    const statuses = (rows(status)[0]!['OptionSet'] as { Options: Record<string, unknown>[] }).Options;
    assert.deepEqual(
      statuses.map((o) => [o['Value'], o['State']]),
      [
        [1, 0],
        [2, 0],
        [3, 0],
        [4, 0],
        [5, 1],
        [1000, 1],
        [6, 2],
        [2000, 2],
      ],
    );
    const boolean = await get(
      "EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='donotemail')/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$expand=OptionSet",
    );
    const os = boolean.json['OptionSet'] as Record<
      string,
      { Label: { UserLocalizedLabel: { Label: string } } }
    >;
    assert.equal(os['TrueOption']!.Label.UserLocalizedLabel.Label, 'Do Not Allow');
    const noCast = await get("EntityDefinitions(LogicalName='incident')/Attributes?$expand=OptionSet");
    assert.equal(noCast.status, 400);
    const lookups = await get(
      "EntityDefinitions(LogicalName='incident')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,Targets",
    );
    assert.deepEqual(rows(lookups).find((a) => a['LogicalName'] === 'customerid')!['Targets'], [
      'account',
      'contact',
    ]);
  });
});

describe('$metadata and the service document', () => {
  it('serves CSDL with entity types, lookups as _x_value and navigation properties', async () => {
    const r = await get('$metadata');
    assert.equal(r.headers.get('content-type'), 'application/xml');
    assert.match(r.text, /<Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm"/);
    assert.match(r.text, /<EntityType Name="incident" BaseType="mscrm.crmbaseentity">/);
    assert.match(r.text, /<Property Name="_customerid_value" Type="Edm.Guid" \/>/);
    assert.match(
      r.text,
      /<NavigationProperty Name="customerid_contact" Type="mscrm.contact">\s*<ReferentialConstraint Property="_customerid_value" ReferencedProperty="contactid" \/>/,
    );
    assert.match(r.text, /<EntitySet Name="incidents" EntityType="mscrm.incident" \/>/);
    const annotated = await get('$metadata?annotations=true');
    assert.match(
      annotated.text,
      /<Property Name="fullname" Type="Edm.String" Unicode="false">\s*<Annotation Term="Org.OData.Core.V1.Computed" Bool="true" \/>/,
    );
  });

  it('lists entity sets in the service document', async () => {
    const r = await get('');
    assert.equal(r.json['@odata.context'], `${ctx.emu.url}$metadata`);
    assert.ok(rows(r).some((s) => s['name'] === 'incidents' && s['kind'] === 'EntitySet'));
  });
});

describe('declarative definitions', () => {
  it('use the standard Case option values and contact lengths', () => {
    const incident = ENTITIES.find((e) => e.logicalName === 'incident')!;
    const origin = incident.attributes.find((a) => a.logicalName === 'caseorigincode')!;
    assert.deepEqual(
      origin.options!.map((o) => o.value),
      [1, 2, 3, 2483, 3986],
    );
    const contact = ENTITIES.find((e) => e.logicalName === 'contact')!;
    const lengths = Object.fromEntries(
      contact.attributes.filter((a) => a.maxLength).map((a) => [a.logicalName, a.maxLength]),
    );
    assert.deepEqual(
      {
        firstname: lengths['firstname'],
        lastname: lengths['lastname'],
        emailaddress1: lengths['emailaddress1'],
        address1_postalcode: lengths['address1_postalcode'],
      },
      { firstname: 50, lastname: 50, emailaddress1: 100, address1_postalcode: 20 },
    );
  });
});
