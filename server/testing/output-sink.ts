// Shared by the command-line tools' tests.
import type { Output } from '../connect/env.js';

/** An `Output` that keeps what a command writes, for assertions. */
export function sink(): { text: { out: string; err: string }; io: Output } {
  const text = { out: '', err: '' };
  return {
    text,
    io: {
      out: { write: (t: string) => (text.out += t) },
      err: { write: (t: string) => (text.err += t) },
    },
  };
}
