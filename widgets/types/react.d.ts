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
  PorticoTokenProvider,
} from './portico.js';

export * from './portico.js';

/** What every Portico element takes in JSX: React's HTML attributes (`id`, `className`, …) and a ref. */
type PorticoProps<E extends HTMLElement> = Omit<HTMLAttributes<E>, 'children'> & RefAttributes<E>;

export interface PorticoConfigProps extends PorticoProps<PorticoConfigElement> {
  endpoint: string;
  getToken?: PorticoTokenProvider;
}
export interface PorticoFormProps extends PorticoProps<PorticoFormElement> {
  form: string;
  recordId?: string;
  mode?: PorticoFormMode;
  lang?: string;
  'onportico-submit'?: (event: PorticoSubmitEvent) => void;
  'onportico-saved'?: (event: PorticoSavedEvent) => void;
  'onportico-error'?: (event: PorticoErrorEvent) => void;
  'onportico-action'?: (event: PorticoActionEvent) => void;
}
export interface PorticoListProps extends PorticoProps<PorticoListElement> {
  list: string;
  lang?: string;
  'onportico-row-select'?: (event: PorticoRowSelectEvent) => void;
  'onportico-action'?: (event: PorticoActionEvent) => void;
  'onportico-error'?: (event: PorticoErrorEvent) => void;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'portico-config': PorticoConfigProps;
      'portico-form': PorticoFormProps;
      'portico-list': PorticoListProps;
    }
  }
}
