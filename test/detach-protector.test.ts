// A slide worker that will set many decks (a batch, watch) invalidates V8's ArrayBuffer-detaching
// protector in its isolate as it starts, before its bundle loads (src/pipeline/detach-protector.ts):
// its first reply moves its outputs' buffers, and that first detach threw away every function TurboFan
// had optimised that reads typed arrays. A cold build's worker (TurboFan off) detaches nothing before
// its one reply.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers';

const INVALIDATED = 'Invalidating protector cell ArrayBufferDetaching';

/**
 * stdout of a CommonJS script run with V8's protector trace (tsx's require hook: its ES module loader
 * runs on a thread of its own, which detaches buffers)
 */
function traced(source: string): string {
  const r = spawnSync(process.execPath, ['--trace-protector-invalidation', '--require', 'tsx/cjs', '-e', source], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const module = (path: string) => JSON.stringify(join(root, path));

test('invalidateDetachingProtector invalidates the detaching protector', () => {
  assert.ok(!traced('').includes(INVALIDATED), 'a bare process invalidated it');
  const out = traced(`require(${module('src/pipeline/detach-protector.ts')}).invalidateDetachingProtector();`);
  assert.ok(out.includes(INVALIDATED), out);
});

/** Whether a slide worker started for `manyDecks` invalidated the protector by the time it took its code cache */
function workerInvalidates(manyDecks: boolean): boolean {
  const out = traced(`
const { startSlidesWorker, SLIDES_WORKER_ENTRY } = require(${module('src/pipeline/slides-worker-start.ts')});
const { codeCacheTaken } = require(${module('src/pipeline/run-time-v8-flags.ts')});
const worker = startSlidesWorker(require('node:path').join(${module('dist')}, SLIDES_WORKER_ENTRY), ${manyDecks});
const wait = () => (codeCacheTaken(worker.codeCacheSignal) ? worker.terminate() : setTimeout(wait, 5));
wait();
`);
  return out.includes(INVALIDATED);
}

test('the slide worker of a batch or watch invalidates it as it starts, a cold build’s does not', () => {
  assert.equal(workerInvalidates(true), true, 'a worker for many decks did not invalidate it');
  assert.equal(workerInvalidates(false), false, 'a cold build’s worker invalidated it');
});
