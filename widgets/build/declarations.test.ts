/**
 * The declarations shipped for hosts that do not compile the widgets (widgets/types/, exported as
 * `portico/widgets` and `portico/widgets/react`): they compile on their own against the DOM and
 * React's types, they refuse what the elements refuse, and they say the same as the widget sources
 * (the element classes have every declared property, the event details are the same types, every
 * event the widgets fire is declared). The host builds type-check the demo apps against them too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TYPES = join(ROOT, 'widgets', 'types');

/** Type-checks `files` (path → text) beside the real files under ROOT; returns the diagnostics as text. */
function check(files: Record<string, string>, options: ts.CompilerOptions): string[] {
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    ...options,
  };
  const host = ts.createCompilerHost(compilerOptions);
  const virtual = new Map(Object.entries(files).map(([name, text]) => [join(ROOT, name), text]));
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, version, ...rest) => {
    const text = virtual.get(name);
    return text === undefined
      ? getSourceFile.call(host, name, version, ...rest)
      : ts.createSourceFile(name, text, version);
  };
  const program = ts.createProgram([...virtual.keys()], compilerOptions, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) =>
      d.file
        ? `${d.file.fileName.slice(ROOT.length)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
        : ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    );
}

test('the shipped declarations compile on their own and type a host page and a React app', () => {
  const diagnostics = check(
    {
      'widgets/types/usage.test-page.ts': `
import type { PorticoSavedEvent } from 'portico/widgets';
const form = document.querySelector('portico-form');
if (form) {
  form.recordId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
  // @ts-expect-error a record id is a string
  form.recordId = 42;
  // @ts-expect-error there is no such mode
  form.mode = 'delete';
  form.addEventListener('portico-saved', (event) => event.detail.record.etag.toUpperCase());
  // @ts-expect-error a saved event's detail has no list
  form.addEventListener('portico-saved', (event) => event.detail.list);
}
document.createElement('portico-config').getToken = () => Promise.resolve('token');
const list = document.querySelector('portico-list');
if (list) {
  list.recordHref = '/cases/{id}';
  list.hideTitle = true;
  // @ts-expect-error a heading level is a number
  list.headingLevel = 'h3';
}
const timeline = document.createElement('portico-timeline');
timeline.recordId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
// @ts-expect-error a timeline has no list
timeline.list = 'my-cases';
export const onSaved = (event: PorticoSavedEvent): string => event.detail.form;
`,
      'widgets/types/usage.test-react.tsx': `
import type { PorticoRowSelectEvent, PorticoSavedEvent } from 'portico/widgets/react';
export const page = (
  <>
    <portico-config endpoint="https://portico.example" getToken={() => 'token'} />
    <portico-form form="case-create" recordId="" onportico-saved={(e) => e.detail.record.id} />
    <portico-list list="my-cases" className="wide" onportico-row-select={(e: PorticoRowSelectEvent) => e.detail.list} />
    <portico-list list="my-cases" record-href="/cases/{id}" create-href="/cases/new" hide-title heading-level={3} />
    <portico-form form="case-edit" recordId="7c9e6679-7425-40de-944b-e07fc1f90ae7" hide-title />
    <portico-timeline form-id="case-edit" record-id="7c9e6679-7425-40de-944b-e07fc1f90ae7" onportico-error={(e) => e.detail.code} />
    {/* @ts-expect-error a timeline needs its case */}
    <portico-timeline form-id="case-edit" />
    {/* @ts-expect-error the form's id is required */}
    <portico-form />
    {/* @ts-expect-error a row select is no save */}
    <portico-list list="my-cases" onportico-row-select={(e: PorticoSavedEvent) => e.detail.record} />
    {/* @ts-expect-error the token provider returns the token */}
    <portico-config endpoint="https://portico.example" getToken={() => 42} />
  </>
);
`,
    },
    { jsx: ts.JsxEmit.ReactJSX, skipLibCheck: false },
  );
  assert.deepEqual(diagnostics, []);
});

/** What the shipped declarations must say of the sources: a name, then a type that must be `true`. */
const CONFORMANCE: Array<[string, string]> = [
  ["a record is the API contract's RecordResponse", 'Same<Shipped.PorticoRecord, RecordResponse>'],
  ["portico-submit's detail", 'Same<Shipped.PorticoSubmitDetail, Source.PorticoSubmitDetail>'],
  ["portico-saved's detail", 'Same<Shipped.PorticoSavedDetail, Source.PorticoSavedDetail>'],
  ["portico-error's detail", 'Same<Shipped.PorticoErrorDetail, Source.PorticoErrorDetail>'],
  ["portico-row-select's detail", 'Same<Shipped.PorticoRowSelectDetail, Source.PorticoRowSelectDetail>'],
  ["portico-action's detail", 'Same<Shipped.PorticoActionDetail, Source.PorticoActionDetail>'],
  ['the same event names', 'Same<keyof Shipped.PorticoEventMap, keyof SourceEvents>'],
  ['the same event types', 'Same<Shipped.PorticoEventMap, SourceEvents>'],
  ['the token provider', "Same<Shipped.PorticoTokenProvider, Module.PorticoOptions['getToken']>"],
  ['<portico-config> has what is declared', 'Has<PorticoConfig, Shipped.PorticoConfigElement>'],
  ['<portico-form> has what is declared', 'Has<PorticoForm, Shipped.PorticoFormElement>'],
  ['<portico-list> has what is declared', 'Has<PorticoList, Shipped.PorticoListElement>'],
  ['<portico-timeline> has what is declared', 'Has<PorticoTimeline, Shipped.PorticoTimelineElement>'],
  ['the module exports what is declared', 'Has<typeof Module, Shipped.PorticoModule>'],
];

test('the shipped declarations say what the widget sources do', () => {
  // The shipped file's global augmentations would clash with the sources' own (other classes for
  // the same tags), so the comparison reads its exported types only.
  const shipped = readFileSync(join(TYPES, 'portico.d.ts'), 'utf8');
  const exportsOnly = shipped.replace(/^declare global \{[\s\S]*?^\}$/m, '');
  assert.notEqual(exportsOnly, shipped, 'portico.d.ts has a `declare global` block ending in a line `}`');
  const header = `import type * as Shipped from './shipped.js';
import type * as Source from '../src/internal/events.js';
import type * as Module from '../src/index.js';
import type { PorticoConfig } from '../src/components/config/config.js';
import type { PorticoForm } from '../src/components/form/form.js';
import type { PorticoList } from '../src/components/list/list.js';
import type { PorticoTimeline } from '../src/components/timeline/timeline.js';
import type { RecordResponse } from '../../server/api/contract.js';
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Has<A, B> = [A] extends [B] ? true : false;
type SourceEvents = {
  [K in keyof GlobalEventHandlersEventMap as K extends \`portico-\${string}\` ? K : never]: GlobalEventHandlersEventMap[K];
};
`;
  const lines = CONFORMANCE.map(([, type], i) => `export const check${i}: ${type} = true;`);
  const diagnostics = check(
    {
      'widgets/build/shipped.d.ts': exportsOnly,
      'widgets/build/conformance.test-types.ts': header + lines.join('\n'),
    },
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      useDefineForClassFields: false,
      skipLibCheck: true,
    },
  );
  // A failed check names itself; anything else (a type that no longer exists, say) is shown as is.
  const firstCheckLine = header.split('\n').length;
  const failed = diagnostics.map((d) => {
    const line = Number(/^widgets\/build\/conformance\.test-types\.ts:(\d+) /.exec(d)?.[1]);
    const name = CONFORMANCE[line - firstCheckLine]?.[0];
    return name ? `differs from the sources: ${name}` : d;
  });
  assert.deepEqual(failed, []);
});
