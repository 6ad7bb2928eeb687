/**
 * The service document and `$metadata`: the CSDL of the served tables, WhoAmI and CloseIncident
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/web-api-service-documents).
 */
import { edmType } from '../odata/edm.js';
import { NS } from './definitions.js';
import { MODEL, isLookup, propertyName } from './model.js';

export function serviceDocument(root: string): Record<string, unknown> {
  return {
    '@odata.context': `${root}$metadata`,
    value: MODEL.entities.map((m) => ({
      name: m.def.entitySetName,
      kind: 'EntitySet',
      url: m.def.entitySetName,
    })),
  };
}

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** CSDL of the served tables, WhoAmI and CloseIncident (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/web-api-service-documents). */
export function csdlDocument(annotations: boolean): string {
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="utf-8"?>');
  lines.push('<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">');
  lines.push(
    '<edmx:Reference Uri="http://vocabularies.odata.org/OData.Community.Keys.V1.xml"><edmx:Include Namespace="OData.Community.Keys.V1" Alias="Keys" /></edmx:Reference>',
  );
  lines.push(
    '<edmx:Reference Uri="http://vocabularies.odata.org/OData.Community.Display.V1.xml"><edmx:Include Namespace="OData.Community.Display.V1" Alias="Display" /></edmx:Reference>',
  );
  lines.push(
    '<edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml"><edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" /></edmx:Reference>',
  );
  lines.push('<edmx:DataServices>');
  lines.push(`<Schema Namespace="${NS}" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">`);
  lines.push('<EntityType Name="crmbaseentity" Abstract="true" />');
  lines.push(
    '<EntityType Name="principal" BaseType="mscrm.crmbaseentity" Abstract="true"><Key><PropertyRef Name="ownerid" /></Key><Property Name="ownerid" Type="Edm.Guid" /></EntityType>',
  );
  for (const m of MODEL.entities) {
    const isPrincipal = m.def.logicalName === 'systemuser' || m.def.logicalName === 'team';
    lines.push(
      `<EntityType Name="${m.def.logicalName}" BaseType="mscrm.${isPrincipal ? 'principal' : 'crmbaseentity'}">`,
    );
    if (!isPrincipal) lines.push(`<Key><PropertyRef Name="${m.def.primaryIdAttribute}" /></Key>`);
    for (const a of m.def.attributes) {
      const type = edmType(a);
      const unicode = type === 'Edm.String' ? ' Unicode="false"' : '';
      const readOnly =
        a.computed || (a.validForCreate === false && a.validForUpdate === false) || isLookup(a);
      if (annotations && readOnly) {
        lines.push(`<Property Name="${propertyName(a)}" Type="${type}"${unicode}>`);
        if (a.computed) lines.push('<Annotation Term="Org.OData.Core.V1.Computed" Bool="true" />');
        lines.push(
          '<Annotation Term="Org.OData.Core.V1.Permissions"><EnumMember>Org.OData.Core.V1.Permission/Read</EnumMember></Annotation>',
        );
        lines.push('</Property>');
      } else if (annotations && a.description) {
        lines.push(
          `<Property Name="${propertyName(a)}" Type="${type}"${unicode}><Annotation Term="Org.OData.Core.V1.Description" String="${xml(a.description)}" /></Property>`,
        );
      } else {
        lines.push(`<Property Name="${propertyName(a)}" Type="${type}"${unicode} />`);
      }
    }
    for (const nav of m.navigation.values()) {
      const target = nav.attribute.type === 'Owner' ? 'principal' : nav.target;
      const targetModel = MODEL.byLogicalName(nav.target);
      const referenced = nav.attribute.type === 'Owner' ? 'ownerid' : targetModel?.def.primaryIdAttribute;
      if (!targetModel && nav.attribute.type !== 'Owner') continue;
      const partnerName = nav.attribute.relationships?.[nav.target];
      const partner = partnerName ? ` Partner="${partnerName}"` : '';
      lines.push(`<NavigationProperty Name="${nav.name}" Type="mscrm.${target}"${partner}>`);
      lines.push(
        `<ReferentialConstraint Property="${propertyName(nav.attribute)}" ReferencedProperty="${referenced}" />`,
      );
      lines.push('</NavigationProperty>');
    }
    for (const c of m.collections.values()) {
      lines.push(
        `<NavigationProperty Name="${c.name}" Type="Collection(mscrm.${c.source})" Partner="${c.partner}" />`,
      );
    }
    lines.push('</EntityType>');
  }
  lines.push(
    '<ComplexType Name="WhoAmIResponse"><Property Name="BusinessUnitId" Type="Edm.Guid" Nullable="false" /><Property Name="UserId" Type="Edm.Guid" Nullable="false" /><Property Name="OrganizationId" Type="Edm.Guid" Nullable="false" /></ComplexType>',
  );
  lines.push(
    '<Function Name="WhoAmI"><ReturnType Type="mscrm.WhoAmIResponse" Nullable="false" /></Function>',
  );
  lines.push(
    '<Action Name="CloseIncident"><Parameter Name="IncidentResolution" Type="mscrm.incidentresolution" Nullable="false" /><Parameter Name="Status" Type="Edm.Int32" Nullable="false" /></Action>',
  );
  lines.push('<EntityContainer Name="System">');
  for (const m of MODEL.entities)
    lines.push(`<EntitySet Name="${m.def.entitySetName}" EntityType="mscrm.${m.def.logicalName}" />`);
  lines.push('<FunctionImport Name="WhoAmI" Function="mscrm.WhoAmI" />');
  lines.push('<ActionImport Name="CloseIncident" Action="mscrm.CloseIncident" />');
  lines.push('</EntityContainer>');
  lines.push('</Schema>');
  lines.push('</edmx:DataServices>');
  lines.push('</edmx:Edmx>');
  return lines.join('\n');
}
