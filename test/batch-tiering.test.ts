// A batch built by the command line stops V8's TurboFan after its first documents
// (src/pipeline/batch.ts baselineTierAfter; run-time-v8-flags.ts stopAtBaselineTier): the functions hot
// from the start are optimised by then, and TurboFan's later compiles cost more than they gave back.
// Never from the start of a batch, never when not asked (an API caller, watch). Until then, TurboFan
// inlines less in a batch (BATCH_INLINING_FLAG: cheaper compiles on V8's background threads).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { FontSet, loadFontConfig } from '../src/fonts';
import type { BuildOptions } from '../src/pipeline';
import { baselineTierAfter, buildMany } from '../src/pipeline/batch';
import { Timer } from '../src/pipeline/timer';
import { BASELINE_FLAG, BATCH_INLINING_FLAG, claimedFlags, codeCacheTaken } from '../src/pipeline/run-time-v8-flags';
import { SLIDES_WORKER_ENTRY, startSlidesWorker } from '../src/pipeline/slides-worker-start';
import { loadSettings } from '../src/settings';
import { root } from './helpers';

test('a batch stops TurboFan after a third of its documents, at least 16', () => {
  assert.equal(baselineTierAfter(2), 16);
  assert.equal(baselineTierAfter(50), 16);
  assert.equal(baselineTierAfter(300), 100);
});

/** A V8 flag the main thread set: after how many finished documents, and whether the slide worker had taken its code cache */
interface FlagSet {
  flag: string;
  finished: number;
  workerCacheTaken: boolean;
}

/**
 * Builds four fixture transcripts as a batch on the main thread and the slide worker, started first as
 * bin/lectern.js starts it: the V8 flags the main thread set, and those set by either thread
 */
async function batchFlags(options: BuildOptions): Promise<{ set: FlagSet[]; claimed: string[] }> {
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  const original = v8.setFlagsFromString;
  const set: FlagSet[] = [];
  let finished = 0;
  const worker = startSlidesWorker(new URL(`../dist/${SLIDES_WORKER_ENTRY}`, import.meta.url), true);
  globalThis.__lecternSlidesWorker = worker; // taken by the batch's runner
  // recorded, not set: this test process keeps its own flags (those the worker sets are set)
  v8.setFlagsFromString = (flag: string) =>
    void set.push({ flag, finished, workerCacheTaken: codeCacheTaken(worker.codeCacheSignal) });
  syncBuiltinESMExports();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'lectern-batch-tier-'));
    const texts = join(dir, 'texts');
    mkdirSync(texts);
    const files = ['forum-mixed', 'forum-noguests', 'lecture', 'newspaper'].map((f) => join(texts, `${f}.txt`));
    for (const f of files) copyFileSync(join(root, 'test', 'fixtures', 'source', basename(f)), f);
    const onOutcome = (o: object) => {
      assert.ok('result' in o, 'error' in o ? String(o.error) : '');
      finished++;
    };
    const fonts = new FontSet(loadFontConfig(root));
    await buildMany(files, join(dir, 'out'), loadSettings(root, {}), fonts, options, new Timer(), onOutcome, 2);
    assert.equal(finished, 4);
  } finally {
    v8.setFlagsFromString = original;
    syncBuiltinESMExports();
  }
  return { set, claimed: claimedFlags(worker.codeCacheSignal) };
}

test('when asked, a batch inlines less, then stops TurboFan once, after its first documents, not at its start', async () => {
  const { set, claimed } = await batchFlags({
    force: true,
    holdYoungGeneration: true,
    baselineTier: true,
    baselineTierAfter: 2,
  });
  assert.deepEqual(
    claimed.sort(),
    [BATCH_INLINING_FLAG, BASELINE_FLAG].sort(),
    'the inlining flag and the baseline flag, by either thread (and no young generation hold in a batch)',
  );
  // the inlining flag is wanted from the first document on: set by the worker as it takes its code
  // cache, or by this thread once it has; never before (the worker would find no cache for the flags)
  for (const s of set) assert.ok(s.workerCacheTaken, `${s.flag} set before the slide worker took its code cache`);
  const baseline = set.filter((s) => s.flag === BASELINE_FLAG);
  assert.equal(baseline.length, 1, 'the baseline flag once');
  assert.ok(baseline[0]!.finished >= 2, `baseline tier set after ${baseline[0]!.finished} documents`);
  const inlining = set.find((s) => s.flag === BATCH_INLINING_FLAG);
  assert.ok(!inlining || inlining.finished <= baseline[0]!.finished, 'less inlining while TurboFan still compiles');
});

test('when not asked, a batch keeps TurboFan', async () => {
  const { set, claimed } = await batchFlags({ force: true, baselineTierAfter: 2 });
  assert.deepEqual(set, []);
  assert.deepEqual(claimed, []);
});
