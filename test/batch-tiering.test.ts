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
import { BASELINE_FLAG, BATCH_INLINING_FLAG } from '../src/pipeline/run-time-v8-flags';
import { loadSettings } from '../src/settings';
import { root } from './helpers';

test('a batch stops TurboFan after a third of its documents, at least 16', () => {
  assert.equal(baselineTierAfter(2), 16);
  assert.equal(baselineTierAfter(50), 16);
  assert.equal(baselineTierAfter(300), 100);
});

/** Builds four fixture transcripts as a batch on the main thread and the slide stage; the V8 flags set, each with how many documents had finished */
async function batchFlags(options: BuildOptions): Promise<{ flag: string; finished: number }[]> {
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  const original = v8.setFlagsFromString;
  const set: { flag: string; finished: number }[] = [];
  let finished = 0;
  // recorded, not set: this test process keeps its own flags
  v8.setFlagsFromString = (flag: string) => void set.push({ flag, finished });
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
  return set;
}

test('when asked, a batch inlines less, then stops TurboFan once, after its first documents, not at its start', async () => {
  const set = await batchFlags({ force: true, holdYoungGeneration: true, baselineTier: true, baselineTierAfter: 2 });
  assert.deepEqual(
    set.map((s) => s.flag),
    [BATCH_INLINING_FLAG, BASELINE_FLAG],
    'the inlining flag, then the baseline flag, each once (and no young generation hold in a batch)',
  );
  assert.ok(set[1]!.finished >= 2, `baseline tier set after ${set[1]!.finished} documents`);
  assert.ok(set[0]!.finished <= set[1]!.finished, 'less inlining while TurboFan still compiles');
});

test('when not asked, a batch keeps TurboFan', async () => {
  assert.deepEqual(await batchFlags({ force: true, baselineTierAfter: 2 }), []);
});
