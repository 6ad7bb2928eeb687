/**
 * Shared helpers for the emulator's node:test suites: a real emulator on 127.0.0.1:0 with an
 * in-memory demo database, and a small fetch wrapper that keeps status, headers and parsed body.
 */
import { after, before } from 'node:test';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** Starts one emulator for the enclosing test file (or `describe`) and stops it afterwards. */
export function useEmulator(options: EmulatorOptions = {}): { readonly emu: Emulator } {
  const holder = {} as { emu: Emulator };
  before(async () => {
    holder.emu = await startEmulator({ db: ':memory:', seed: 'demo', ...options });
  });
  after(async () => {
    await holder.emu?.close();
  });
  return holder;
}

export async function call(
  emu: Emulator,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'OData-Version': '4.0',
    ...options.headers,
  };
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  }
  const url = /^https?:/.test(path) ? path : emu.url + path;
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  if (text && (res.headers.get('content-type') ?? '').startsWith('application/json'))
    json = JSON.parse(text) as Record<string, unknown>;
  return { status: res.status, headers: res.headers, text, json };
}

/** The `error` object of a Dataverse error envelope. */
export function err(r: Reply): { code: string; message: string } {
  return (r.json['error'] ?? {}) as { code: string; message: string };
}

export const rows = (r: Reply): Record<string, unknown>[] => r.json['value'] as Record<string, unknown>[];
