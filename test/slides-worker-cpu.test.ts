// The slide worker reads its thread's CPU time (two reads of /proc a deck) only when the phases are
// reported (LECTERN_TIMING_JSON: bench/, test/timing.test.ts checks they are there then); a batch's
// every deck paid for the reads otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadFontConfig, FontSet } from '../src/fonts';
import { buildDocument } from '../src/pipeline';
import { workerSlides } from '../src/pipeline/slides-runner';
import { Timer } from '../src/pipeline/timer';
import { loadSettings } from '../src/settings';
import { root, sample, tempDir } from './helpers';

test('without LECTERN_TIMING_JSON the slide worker reports its phases but not its thread’s CPU time', async () => {
  delete process.env.LECTERN_TIMING_JSON; // the worker takes its environment when it starts
  delete process.env.LECTERN_TIMING_CPU;
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const worker = workerSlides(); // the compiled worker (dist/slides-worker-loader.cjs)
  const timers = [new Timer(), new Timer()];
  try {
    for (const timer of timers)
      await buildDocument(sample, tempDir(), settings, fonts, { force: true, slides: worker }, timer);
  } finally {
    await worker.close();
  }
  for (const timer of timers) {
    const phases = timer.toJSON();
    assert.equal(typeof phases['slides:marp'], 'number', JSON.stringify(phases));
    assert.equal(phases['slides:cpu'], undefined, JSON.stringify(phases));
    assert.equal(phases['slides:startcpu'], undefined, JSON.stringify(phases));
  }
});
