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

/** Writes `entries` to `file` whole (a temporary file renamed over it). */
export function writeRecorded(file: string, entries: Iterable<readonly [string, unknown]>): void {
  writeFileSync(`${file}.tmp`, JSON.stringify([...entries]));
  renameSync(`${file}.tmp`, file);
}
