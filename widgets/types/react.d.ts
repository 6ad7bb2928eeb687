/**
 * JSX names of the Portico elements for React 19, which sets a custom element's properties when
 * the element has them (attributes otherwise) and adds `on<event-name>` props as listeners of that
 * exact event, e.g. `onportico-saved`. Import it once for its types:
 * `import type {} from 'portico/widgets/react';`.
 */
import type { HTMLAttributes, RefAttributes } from 'react';
import type {
  PorticoActionEvent,
  PorticoConfigElement,
  PorticoErrorEvent,
  PorticoFormElement,
  PorticoFormMode,
  PorticoListElement,
  PorticoRowSelectEvent,
  PorticoSavedEvent,
  PorticoSubmitEvent,
  PorticoTimelineElement,
  PorticoTokenProvider,
} from './portico.js';

export * from './portico.js';

/** What every Portico element takes in JSX: React's HTML attributes (`id`, `className`, …) and a ref. */
type PorticoProps<E extends HTMLElement> = Omit<HTMLAttributes<E>, 'children'> & RefAttributes<E>;

export interface PorticoConfigProps extends PorticoProps<PorticoConfigElement> {
  endpoint: string;
  getToken?: PorticoTokenProvider;
}
/*
 * The attributes added since the first elements are written as attributes (`hide-title`,
 * `record-href`): `<portico-list>` and `<portico-timeline>` are defined when their chunk arrives,
 * and React sets a prop of an element not yet defined as an attribute of that very name, which a
 * camel-case name would miss once the element upgrades.
 */
export interface PorticoFormProps extends PorticoProps<PorticoFormElement> {
  form: string;
  recordId?: string;
  mode?: PorticoFormMode;
  lang?: string;
  'hide-title'?: boolean;
  'heading-level'?: number;
  'onportico-submit'?: (event: PorticoSubmitEvent) => void;
  'onportico-saved'?: (event: PorticoSavedEvent) => void;
  'onportico-error'?: (event: PorticoErrorEvent) => void;
  'onportico-action'?: (event: PorticoActionEvent) => void;
}
export interface PorticoListProps extends PorticoProps<PorticoListElement> {
  list: string;
  lang?: string;
  'record-href'?: string;
  'create-href'?: string;
  'hide-title'?: boolean;
  'heading-level'?: number;
  'onportico-row-select'?: (event: PorticoRowSelectEvent) => void;
  'onportico-action'?: (event: PorticoActionEvent) => void;
  'onportico-error'?: (event: PorticoErrorEvent) => void;
}
export interface PorticoTimelineProps extends PorticoProps<PorticoTimelineElement> {
  'form-id': string;
  'record-id': string;
  lang?: string;
  'onportico-error'?: (event: PorticoErrorEvent) => void;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'portico-config': PorticoConfigProps;
      'portico-form': PorticoFormProps;
      'portico-list': PorticoListProps;
      'portico-timeline': PorticoTimelineProps;
    }
  }
}
