// The slide worker's entry (dist/slides-worker-loader.cjs): runs the slide stage's bundle
// (dist/slides-worker.cjs, built from slides-worker.ts) with V8's code cache (src/code-cache.ts).
// The slide stage is the critical path of a cold build; compiling its bundle (Marp, markdown-it,
// postcss…) was ~40 % of the worker's time. The entry itself is CommonJS (scripts/compile.mjs): an
// ES module entry made the worker thread set up Node's ES module loader first (resolve, load,
// translators…: ~8 ms of its start-up CPU), which nothing on that thread uses.
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { loadCachedBundle } from '../code-cache';
import type { SlidesWorkerData } from './slides-worker-start';
import { loadBuiltins, MANY_DECKS_BUILTINS_BEFORE_FLAGS, signalCodeCacheTaken } from './run-time-v8-flags';
import { invalidateDetachingProtector } from './detach-protector';
import { writeStdioToDescriptors } from './worker-stdio';

// first: the main thread started this thread with stdio of its own, piped nowhere (worker-stdio.ts)
writeStdioToDescriptors();
// a worker that sets many decks: before its bundle loads and TurboFan compiles any of it (detach-protector.ts)
if ((workerData as SlidesWorkerData | undefined)?.manyDecks) invalidateDetachingProtector();

const bundle = loadCachedBundle(fileURLToPath(new URL('./slides-worker.cjs', import.meta.url)));
// the built-ins a worker that sets many decks loads later, loaded while no run-time flag can be set yet
if ((workerData as SlidesWorkerData | undefined)?.manyDecks) loadBuiltins(MANY_DECKS_BUILTINS_BEFORE_FLAGS);
// V8 flags may change from now on without voiding this thread's cache: it sets those the main thread
// already wants (run-time-v8-flags.ts)
signalCodeCacheTaken((workerData as SlidesWorkerData | undefined)?.codeCacheSignal);
// `npm run compile` records the cache (LECTERN_CODE_CACHE_OUT set) just before the worker's first
// reply, when the sample's deck has run every function it needs.
if (process.env.LECTERN_CODE_CACHE_OUT && parentPort) {
  const port = parentPort;
  const post = port.postMessage.bind(port);
  port.postMessage = (message: unknown, transfer?: never) => {
    bundle.record();
    port.postMessage = post;
    post(message, transfer);
  };
}
