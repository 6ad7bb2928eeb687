// Plain DOM for a form definition: what the plain and shadow-DOM floors build, one element per
// call, no framework.
import { control } from './held.js';
import type { Definition } from './held.js';

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...kids: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
};

/** The form for `def`: its title, a fieldset per section, a label and a control per field. */
export function draw(def: Definition): HTMLFormElement {
  const form = el('form', {}, el('h2', { textContent: def.title.en }));
  for (const s of def.sections) {
    const set = el('fieldset', {}, el('legend', { textContent: s.label?.en ?? '' }));
    for (const f of s.fields) {
      const id = `f-${f.name}`;
      const kind = control(f);
      const options = f.options ?? [];
      const input =
        kind === 'radios'
          ? el(
              'div',
              { id },
              ...options.map((o) =>
                el(
                  'label',
                  {},
                  el('input', { type: 'radio', name: f.name, value: String(o.value) }),
                  o.label.en,
                ),
              ),
            )
          : kind === 'select'
            ? el(
                'select',
                { id },
                el('option'),
                ...options.map((o) => el('option', { value: String(o.value), textContent: o.label.en })),
              )
            : kind === 'textarea'
              ? el('textarea', { id })
              : el('input', { id, type: kind.type, required: f.required });
      set.append(el('label', { htmlFor: id, textContent: f.label.en }), input);
    }
    form.append(set);
  }
  form.append(el('button', { textContent: def.actions[0]?.label.en ?? '' }));
  return form;
}
