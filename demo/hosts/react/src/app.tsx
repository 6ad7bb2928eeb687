// React 19 sets a custom element's properties when it has them (`getToken` on <portico-config>)
// and turns `on<event-name>` props into listeners of that exact event, so the Portico elements
// need no wrapper components. Their JSX types come from the package: portico/widgets/react.
import { useState } from 'react';
import type { PorticoRecord, PorticoRowSelectEvent, PorticoSavedEvent } from 'portico/widgets/react';
import { getToken } from './portico.js';

const title = (record: PorticoRecord): string => String(record.values.title ?? '');

export function App({ endpoint }: { endpoint: string }) {
  const [saved, setSaved] = useState<PorticoRecord>();
  const [opened, setOpened] = useState<PorticoRecord>();
  // A new list element after each save, so the list shows the new case.
  const [listGeneration, setListGeneration] = useState(0);

  const onSaved = (event: PorticoSavedEvent) => {
    // This app stays on the page instead of following the form's own redirect.
    event.preventDefault();
    setSaved(event.detail.record);
    setListGeneration((n) => n + 1);
  };
  const onRowSelect = (event: PorticoRowSelectEvent) => setOpened(event.detail.record);

  return (
    <>
      <portico-config endpoint={endpoint} getToken={getToken} />
      <header>
        <p>Contoso Support · React</p>
      </header>
      <main>
        <h1>Support</h1>
        <section aria-label="New case">
          <portico-form form="case-create" onportico-saved={onSaved} />
          {saved && (
            <p className="status" role="status" data-record-id={saved.id}>
              Saved case “{title(saved)}”
            </p>
          )}
        </section>
        <section aria-label="Your cases">
          <portico-list key={listGeneration} list="my-cases" onportico-row-select={onRowSelect} />
          {opened && (
            <p className="status" role="status" data-record-id={opened.id}>
              Selected case “{title(opened)}”
            </p>
          )}
        </section>
      </main>
    </>
  );
}
