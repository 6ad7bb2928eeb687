import { CUSTOM_ELEMENTS_SCHEMA, ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { PorticoRecord, PorticoRowSelectEvent, PorticoSavedEvent } from 'portico/widgets';
import { PorticoService } from './portico.service';

/**
 * The Portico elements are custom elements: `CUSTOM_ELEMENTS_SCHEMA` lets the template use them,
 * `[endpoint]`/`[getToken]` set their properties, and `(portico-saved)` listens to their events,
 * whose `$event` type comes from the package's `GlobalEventHandlersEventMap` under strict templates.
 */
@Component({
  selector: 'support-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <portico-config [endpoint]="portico.endpoint" [getToken]="portico.getToken"></portico-config>
    <header><p>Contoso Support · Angular</p></header>
    <main>
      <h1>Support</h1>
      <section aria-label="New case">
        <portico-form form="case-create" (portico-saved)="onSaved($event)"></portico-form>
        @if (saved(); as record) {
          <p class="status" role="status" [attr.data-record-id]="record.id">
            Saved case “{{ title(record) }}”
          </p>
        }
      </section>
      <section aria-label="Your cases">
        <!-- A new list element after each save, so the list shows the new case. -->
        @for (generation of [listGeneration()]; track generation) {
          <portico-list list="my-cases" (portico-row-select)="onRowSelect($event)"></portico-list>
        }
        @if (opened(); as record) {
          <p class="status" role="status" [attr.data-record-id]="record.id">
            Selected case “{{ title(record) }}”
          </p>
        }
      </section>
    </main>
  `,
})
export class AppComponent {
  protected readonly portico = inject(PorticoService);
  protected readonly saved = signal<PorticoRecord | undefined>(undefined);
  protected readonly opened = signal<PorticoRecord | undefined>(undefined);
  protected readonly listGeneration = signal(0);

  protected onSaved(event: PorticoSavedEvent): void {
    // This app stays on the page instead of following the form's own redirect.
    event.preventDefault();
    this.saved.set(event.detail.record);
    this.listGeneration.update((n) => n + 1);
  }

  protected onRowSelect(event: PorticoRowSelectEvent): void {
    this.opened.set(event.detail.record);
  }

  protected title(record: PorticoRecord): string {
    return String(record.values['title'] ?? '');
  }
}
