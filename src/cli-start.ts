// The main thread's entry (dist/cli-start.cjs, required by bin/lectern.js). It starts the slide
// worker for `build` and `watch`, then runs the command line: with a code cache that fits this Node
// (src/code-cache.ts) dist/cli.cjs, the CommonJS bundle of src/cli.ts and every stage the main thread
// runs, from that cache — loading and compiling them was a quarter of a cold build's main thread;
// without one (another Node than the one that compiled dist/, or V8 flags in NODE_OPTIONS) the ES
// module build (dist/cli.js), which compiles only the chunks a command needs, where the whole CommonJS
// bundle would have to be parsed.
//
// This entry and bin/lectern.js are CommonJS (bin/package.json): with an ES module entry the main
// thread set up Node's ES module loading (resolve, translators, module jobs) before anything of
// lectern ran — ~12 ms of its CPU on a cold build's critical path (README, Speed). The ES module
// loader now starts only where no code cache fits.
import { fileURLToPath } from 'node:url';
import { hasCodeCache, loadCachedBundle } from './code-cache';
import { SLIDES_WORKER_ENTRY, setsManyDecks, startSlidesWorker } from './pipeline/slides-worker-start';

type Cli = typeof import('./cli');

/**
 * `build` and `watch` set the slides on a second thread: started first, so that it loads its modules
 * while the rest of lectern loads (src/pipeline/slides-runner.ts adopts it); the worker of a batch or of
 * watch, which set deck after deck, has more room for short-lived objects (src/pipeline/slides-worker-start.ts).
 */
function startSlidesWorkerEarly(args: readonly string[]): void {
  if (args[0] !== 'build' && args[0] !== 'watch') return;
  const worker = startSlidesWorker(new URL(`./${SLIDES_WORKER_ENTRY}`, import.meta.url), setsManyDecks(args));
  worker.unref();
  globalThis.__lecternSlidesWorker = worker;
}

/**
 * libuv handles a settled command may leave that need no turn of the event loop: the stdio streams
 * (a pipe or a terminal) with nothing in flight — a write still in flight (an asynchronous pipe, a
 * full one) is listed as a request of its own (WriteWrap, SimpleWriteWrap), and so are open files,
 * timers (Timeout) and children (ProcessWrap).
 */
const IDLE_AT_END = new Set(['PipeWrap', 'TTYWrap']);

/** Whether Node's event loop has nothing left to run: only idle stdio streams among `process.getActiveResourcesInfo()` */
export function nothingPending(resources: readonly string[]): boolean {
  return resources.every((r) => IDLE_AT_END.has(r));
}

/**
 * A build that has ended every thread it started (cli.ts `run`), with nothing pending, ends the process
 * here with its exit code. Returning to Node's event loop instead ran V8's pending foreground tasks
 * first — in about a third of cold builds the incremental marking V8 had scheduled near the build's
 * end, finished by a full mark-compact of a heap about to be discarded (~10 ms of CPU) — then disposed
 * of the environment and tore the heap down page by page; process.exit skips those (the kernel frees
 * the pages) and, like a natural exit, stops the platform's threads and runs the C library's exit
 * handlers (README, Speed).
 */
function endSettledCommand(settled: boolean): void {
  if (settled && nothingPending(process.getActiveResourcesInfo())) process.exit();
}

export async function run(): Promise<void> {
  startSlidesWorkerEarly(process.argv.slice(2));
  const bundle = fileURLToPath(new URL('./cli.cjs', import.meta.url));
  // `npm run compile` records the cache after building the sample (LECTERN_CODE_CACHE_OUT set)
  const recording = Boolean(process.env.LECTERN_CODE_CACHE_OUT);
  if (!recording && !hasCodeCache(bundle)) {
    const cli = (await import(new URL('./cli.js', import.meta.url).href)) as Cli;
    endSettledCommand(await cli.run());
    return;
  }
  const cached = loadCachedBundle(bundle);
  const settled = await (cached.exports as Cli).run();
  if (recording) cached.record();
  endSettledCommand(settled);
}
