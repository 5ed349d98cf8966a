// What `npm run compile`'s sample build records in dist/ for a cold slide worker — Marp's packed
// stylesheets, the themes made from CSS, marp-cli's bespoke stylesheet — as [key, value] entries in a
// JSON file each. Every entry is keyed by what it was made from, so a stale file is only unused.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** The entries recorded in `file`; none where it is missing or unreadable (running from the sources). */
export function readRecorded<T>(file: string): [string, T][] {
  try {
    const entries: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(entries) ? (entries as [string, T][]) : [];
  } catch {
    return [];
  }
}

/**
 * JSON with every non-ASCII unit as a \u escape (the same value parsed): the slide worker reads these
 * files at its start, and a few CJK characters of lectern's theme made each a two-byte string, decoded
 * from UTF-8 and parsed on V8's slower two-byte paths (~0.3 ms a cold start).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes `entries` to `file` whole (a temporary file renamed over it). */
export function writeRecorded(file: string, entries: Iterable<readonly [string, unknown]>): void {
  writeFileSync(`${file}.tmp`, asciiJson([...entries]));
  renameSync(`${file}.tmp`, file);
}
