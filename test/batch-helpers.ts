// A batch built in this process (src/pipeline/batch.ts) with the project's fonts, forced: what the batch
// tests share.
import assert from 'node:assert/strict';
import { FontSet, loadFontConfig } from '../src/fonts';
import { type BatchOutcome, buildMany } from '../src/pipeline/batch';
import { Timer } from '../src/pipeline/timer';
import type { Settings } from '../src/settings';
import { root } from './helpers';

/** Builds `files` into `out` as one batch on at most `threads` threads; fails the test on any document's error. */
export async function buildBatch(files: string[], out: string, settings: Settings, threads: number): Promise<void> {
  const outcomes: BatchOutcome[] = [];
  await buildMany(
    files,
    out,
    settings,
    new FontSet(loadFontConfig(root)),
    { force: true },
    new Timer(),
    (o) => outcomes.push(o),
    threads,
  );
  assert.deepEqual(
    outcomes.filter((o) => 'error' in o),
    [],
  );
}
