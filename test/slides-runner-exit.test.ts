// A slide worker that ends without answering (and without an 'error' event) must fail the build that
// waits for it, not leave it waiting: `lectern watch` waits for a running build before it stops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { newCodeCacheSignal } from '../src/pipeline/run-time-v8-flags';
import type { SlidesWorker } from '../src/pipeline/slides-worker-start';

test('a slide worker that exits before it answers rejects the waiting build', async () => {
  // stands in for the worker bin/lectern.js starts early: it quits on the first document
  const quitting = new Worker("require('node:worker_threads').parentPort.once('message', () => process.exit(3))", {
    eval: true,
  });
  globalThis.__lecternSlidesWorker = Object.assign(quitting, {
    codeCacheSignal: newCodeCacheSignal(),
  }) as SlidesWorker;
  const { workerSlides } = await import('../src/pipeline/slides-runner');
  const { Timer } = await import('../src/pipeline/timer');
  const runner = workerSlides();
  const fonts = { config: { roles: { slides: '/nonexistent.ttf', slidesBold: '/nonexistent.ttf' } } };
  // a document with no parts: the runner reads the dictionary part for its text (made-texts.ts)
  const answer = runner.run({ parts: [] } as never, {} as never, fonts as never, new Timer());
  const settled = await Promise.race([
    answer.then(
      () => 'answered',
      (e: Error) => e.message,
    ),
    new Promise<string>((r) => setTimeout(() => r('still waiting after 20 s'), 20_000).unref()),
  ]);
  assert.match(settled, /slide worker stopped \(exit code 3\) before it answered/);
  await runner.close();
});
