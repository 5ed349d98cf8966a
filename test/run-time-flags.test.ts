// Which thread sets a run-time V8 flag (src/pipeline/run-time-v8-flags.ts): whichever of the main
// thread (wanting it) and the slide worker (taking its code cache) comes second, each flag once.
// A cold build of the sample with a late worker: test/cold-memory.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import {
  BASELINE_FLAG,
  BATCH_INLINING_FLAG,
  HOLD_FLAG,
  newCodeCacheSignal,
  setOnceCachesTaken,
  signalCodeCacheTaken,
} from '../src/pipeline/run-time-v8-flags';
import type { SlidesWorker } from '../src/pipeline/slides-worker-start';
import { withV8FlagsRecorded } from './helpers';

test('a flag wanted before the slide worker has taken its code cache is set by the worker as it takes it, once', async () => {
  await withV8FlagsRecorded(async (set) => {
    const signal = newCodeCacheSignal();
    assert.equal(setOnceCachesTaken(HOLD_FLAG, signal), true, 'handed over');
    assert.deepEqual(set, [], 'not while the worker may still take its cache');
    signalCodeCacheTaken(signal);
    assert.deepEqual(set, [HOLD_FLAG], 'the worker sets it');
    setOnceCachesTaken(HOLD_FLAG, signal);
    signalCodeCacheTaken(signal);
    assert.deepEqual(set, [HOLD_FLAG], 'once');
  });
});

test('a flag wanted after the slide worker has taken its code cache is set at once, and only that one', async () => {
  await withV8FlagsRecorded(async (set) => {
    const signal = newCodeCacheSignal();
    signalCodeCacheTaken(signal);
    assert.deepEqual(set, [], 'nothing wanted yet');
    setOnceCachesTaken(BASELINE_FLAG, signal);
    assert.deepEqual(set, [BASELINE_FLAG]);
    signalCodeCacheTaken(signal);
    assert.deepEqual(set, [BASELINE_FLAG], 'not again by the worker');
  });
});

test('with no other thread a flag is set at once; never while npm run compile records the caches', async () => {
  await withV8FlagsRecorded(async (set) => {
    process.env.LECTERN_CODE_CACHE_OUT = '1';
    try {
      assert.equal(setOnceCachesTaken(BATCH_INLINING_FLAG, undefined), false);
      const signal = newCodeCacheSignal();
      setOnceCachesTaken(BATCH_INLINING_FLAG, signal);
      signalCodeCacheTaken(signal);
      assert.deepEqual(set, []);
    } finally {
      delete process.env.LECTERN_CODE_CACHE_OUT;
    }
    assert.equal(setOnceCachesTaken(BATCH_INLINING_FLAG, undefined), true);
    assert.deepEqual(set, [BATCH_INLINING_FLAG]);
  });
});

test("a worker runner gives its worker's signal before the first deck: a flag wanted then is left to the worker", async () => {
  // stands in for the worker bin/lectern.js starts early, still loading its bundle: it never takes its cache
  const loading = new Worker("require('node:worker_threads').parentPort.once('message', () => {})", { eval: true });
  const signal = newCodeCacheSignal();
  globalThis.__lecternSlidesWorker = Object.assign(loading, { codeCacheSignal: signal }) as SlidesWorker;
  const { workerSlides } = await import('../src/pipeline/slides-runner');
  const runner = workerSlides(true);
  try {
    // a batch wants its inlining flag before its first document (src/pipeline/batch.ts): with no signal
    // the flag was set at once, and the worker found no code cache for the changed flags
    assert.equal(runner.codeCacheSignal(), signal, 'the prestarted worker, taken for the signal');
    await withV8FlagsRecorded(async (set) => {
      // (HOLD_FLAG: one this process has not set above; the batch's flag goes the same way)
      assert.equal(setOnceCachesTaken(HOLD_FLAG, runner.codeCacheSignal()), true);
      assert.deepEqual(set, [], 'handed over, not set while the worker may still take its cache');
    });
  } finally {
    await runner.close();
  }
});
