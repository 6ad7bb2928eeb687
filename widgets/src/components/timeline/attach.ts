import { query } from '../../internal/define.js';
import type { FormHost } from '../form/host.js';
import { loadTimeline } from './chunk.js';
import type { PorticoTimeline } from './timeline.js';

/**
 * The case conversation in a form. The form's chunk renders an empty `<portico-timeline>` below the
 * form's buttons and their outcome (writes.ts); after each of the form's updates this hands it the
 * definition and the record, once a record whose definition has a timeline is open, loading the
 * timeline's chunk then. Part of the form's chunk, so the entry carries nothing of the timeline.
 */
export function attachTimeline(host: FormHost): void {
  host.addController({
    hostUpdated() {
      const { def, rec } = host;
      if (rec && def?.timeline)
        void loadTimeline().then(() => {
          const timeline = query<PorticoTimeline | null>(host, 'portico-timeline');
          if (timeline) Object.assign(timeline, { def, rec });
        });
    },
  });
}
