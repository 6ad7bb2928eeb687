import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../components/text-field/text-field.js';
import type { PorticoTextField } from '../components/text-field/text-field.js';
import { dark, light, primitives } from './tokens.js';

const input = (el: PorticoTextField): HTMLInputElement => el.shadowRoot!.querySelector('input')!;
const base = (el: PorticoTextField): HTMLElement => el.shadowRoot!.querySelector('[part=base]')!;

/** WCAG 2.x relative luminance and contrast ratio. */
function contrast(a: string, b: string): number {
  const lum = (hex: string): number => {
    const n = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, '#$1$1$2$2$3$3') : hex;
    const [r, g, bl] = [1, 3, 5]
      .map((i) => parseInt(n.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

describe('theming and isolation', () => {
  it('meets WCAG AA contrast for every text pair in light and dark', () => {
    for (const scheme of [light, dark]) {
      const c = (k: string): string => primitives[scheme[k]!]!;
      for (const fg of ['color-fg', 'color-muted', 'color-accent', 'color-danger'])
        for (const bg of ['color-bg', 'color-subtle', 'color-field'])
          expect(contrast(c(fg), c(bg)), `${fg} on ${bg}`).to.be.greaterThanOrEqual(4.5);
      expect(contrast(c('color-on-accent'), c('color-accent'))).to.be.greaterThanOrEqual(4.5);
      expect(contrast(c('color-border'), c('color-bg'))).to.be.greaterThanOrEqual(3);
    }
  });

  it('switches to the dark scheme with theme="dark" and stays accessible', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div theme="dark"><portico-text-field label="Name"></portico-text-field></div>`,
    );
    const el = wrap.querySelector('portico-text-field')!;
    expect(getComputedStyle(base(el)).color).to.equal('rgb(241, 243, 244)');
    expect(getComputedStyle(input(el)).backgroundColor).to.equal('rgb(41, 44, 49)');
    await expect(wrap).to.be.accessible();
  });

  it('follows prefers-color-scheme: dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const el = await fixture<PorticoTextField>(
        html`<portico-text-field label="Name"></portico-text-field>`,
      );
      expect(getComputedStyle(base(el)).backgroundColor).to.equal('rgb(23, 25, 28)');
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('lets the host set tokens, and nothing else of the host CSS gets in', async () => {
    const style = document.createElement('style');
    style.textContent = `
      html { font-size: 10px !important; }
      * { color: red !important; letter-spacing: 3px; }
      input { display: none !important; }
      label { visibility: hidden; }
      .themed { --portico-color-accent: #004400; }`;
    document.head.append(style);
    try {
      const wrap = await fixture<HTMLElement>(
        html`<div class="themed"><portico-text-field label="Name"></portico-text-field></div>`,
      );
      const el = wrap.querySelector('portico-text-field')!;
      const cs = getComputedStyle(input(el));
      expect(cs.display).to.equal('block');
      expect(cs.fontSize).to.equal('16px');
      expect(getComputedStyle(base(el)).color).to.equal('rgb(23, 25, 28)');
      expect(getComputedStyle(base(el)).letterSpacing).to.equal('normal');
      expect(getComputedStyle(el.shadowRoot!.querySelector('label')!).visibility).to.equal('visible');
      expect(getComputedStyle(base(el)).getPropertyValue('--portico-color-accent').trim()).to.equal(
        '#004400',
      );
    } finally {
      style.remove();
    }
  });

  it('lays out right-to-left under dir="rtl"', async () => {
    const wrap = await fixture<HTMLElement>(
      html`<div dir="rtl"><portico-text-field label="اسم"></portico-text-field></div>`,
    );
    const el = wrap.querySelector('portico-text-field')!;
    expect(getComputedStyle(input(el)).direction).to.equal('rtl');
    const label = el.shadowRoot!.querySelector('label')!.getBoundingClientRect();
    const box = input(el).getBoundingClientRect();
    expect(Math.round(label.right)).to.equal(Math.round(box.right));
  });
});
