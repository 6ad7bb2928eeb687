/**
 * Where `npm start` sends the Portico server's log: every JSON line to a file under `data/`, and
 * only warnings and errors, as one readable line each, to the console. Request lines interleaved
 * with the banner buried the addresses a newcomer needs; in the file they are still there for
 * whoever wants them, and `jq` reads them as they are.
 */
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino } from 'pino';
import type { DestinationStream } from 'pino';

/** Default cap of the log file: past it, the file becomes `<file>.1` (replacing an older one). */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * A log file capped at `maxBytes`: when a line would take it past the cap, the file is renamed to
 * `<file>.1` and a new one begun, so the log never takes more than about twice the cap. The size
 * already on disk counts, so the cap holds across restarts. Synchronous writes: a demo logs a few
 * lines a second, and nothing is lost when Ctrl-C exits the process.
 */
export function cappedLogFile(file: string, maxBytes = LOG_FILE_MAX_BYTES): DestinationStream {
  mkdirSync(dirname(file), { recursive: true });
  const sink = pino.destination({ dest: file, append: true, sync: true });
  let size = sizeOf(file);
  return {
    write(line: string) {
      const length = Buffer.byteLength(line);
      if (size > 0 && size + length > maxBytes) {
        renameSync(file, `${file}.1`);
        sink.reopen();
        size = 0;
      }
      sink.write(line);
      size += length;
    },
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

const LABELS: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal' };

/** One pino JSON line as a person reads it: `warning: <msg> (code …) — <error message>`. */
export function consoleLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const level = typeof entry.level === 'number' ? entry.level : 0;
  const label = LABELS[level] ?? (level >= 60 ? 'fatal' : 'note');
  const code = typeof entry.code === 'string' ? ` (${entry.code})` : '';
  const err = entry.err as { message?: unknown } | undefined;
  const cause = typeof err?.message === 'string' ? ` — ${err.message}` : '';
  return `${label}: ${String(entry.msg ?? '')}${code}${cause}`;
}

/**
 * The server's log destination for `npm start`: everything at the logger's level to `file`,
 * warnings and errors also to `out` (stderr), readable.
 */
export function demoLogDestination(
  file: string,
  out: { write(text: string): unknown } = process.stderr,
  maxBytes = LOG_FILE_MAX_BYTES,
): DestinationStream {
  return pino.multistream([
    { level: 'trace', stream: cappedLogFile(file, maxBytes) },
    { level: 'warn', stream: { write: (line: string) => out.write(`${consoleLine(line)}\n`) } },
  ]);
}
