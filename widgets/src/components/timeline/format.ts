import { html } from 'lit';
import type { TemplateResult } from 'lit';

/** Units of a relative time, largest first, with their length in seconds (months and years averaged). */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** "3 hours ago" / "vor 3 Stunden": the largest unit that is at least one, rounded. */
export function relativeTime(iso: string, lang: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  const [unit, size] = UNITS.find(([, length]) => Math.abs(seconds) >= length) ?? ['second', 1];
  return new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}

/**
 * A file size in bytes, kB or MB (decimal, as operating systems show them), in the element's
 * language; bytes spelt out ("70 bytes"), since their short form is the bare word "byte".
 */
export function fileSize(bytes: number, lang: string): string {
  const [unit, value] =
    bytes < 1000 ? ['byte', bytes] : bytes < 1e6 ? ['kilobyte', bytes / 1000] : ['megabyte', bytes / 1e6];
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit,
    unitDisplay: bytes < 1000 ? 'long' : 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

/** The file's extension, lower case with the dot (`.png`), or '' when it has none. */
export const extension = (name: string): string => /\.[^.]+$/.exec(name.toLowerCase())?.[0] ?? '';

/**
 * A small inline icon, a picture or a page, beside an attachment's name; decorative, since the name
 * (and its extension) says what the file is. Whole `<svg>` elements in html`` templates: Lit's svg``
 * tag is not otherwise in the entry, and a chunk that imported it would add it there. Closing tags
 * are written out because the build drops self-closing slashes (vite.config.ts), and inside `<svg>`
 * a tag without one stays open.
 */
const PICTURE = html`<svg part="icon" class="icon" viewBox="0 0 16 16" aria-hidden="true">
  <rect x="2" y="3" width="12" height="10" rx="1"></rect>
  <path d="m2.5 12 4-4 3 3 1.5-1.5 2.5 2.5"></path>
  <circle cx="11" cy="6" r="1"></circle>
</svg>`;
const PAGE = html`<svg part="icon" class="icon" viewBox="0 0 16 16" aria-hidden="true">
  <path d="M4 1.5h5.5L13 5v9.5H4zM9.5 1.5V5H13M6 8h5M6 10.5h5M6 13h3"></path>
</svg>`;

/** The icon for a MIME type: a picture for images, a page for everything else. */
export const icon = (type: string): TemplateResult => (type.startsWith('image/') ? PICTURE : PAGE);
