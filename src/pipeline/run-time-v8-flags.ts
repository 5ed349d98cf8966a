// V8 flags a build sets at run time once both threads have taken their code caches: the main thread's
// young generation held at the size it has when the document is handed to the slide worker (a cold
// build), no optimising compiler from then on (one transcript from its start, a batch after its first
// documents, watch after its warm-up), a batch's lesser inlining until then (batch.ts, through
// setOnceCachesTaken), and no incremental marking (one transcript: NO_INCREMENTAL_MARKING_FLAG).
//
// Why: V8 doubles a thread's young generation (its two semi-spaces) whenever much of it survives a
// scavenge, up to 2 × 16 MB; the main thread's typesetting and PDF writing grow it from ~8 to ~16 MB,
// the largest single part of a cold build's peak memory (README, Speed). A worker's young generation
// is capped by its resourceLimits; the main thread's only by --max-semi-space-size, which V8 reads
// when it makes the isolate — a flag on the command line or in NODE_OPTIONS, which also voids the code
// caches (src/code-cache.ts). --semi-space-growth-factor, though, is read each time V8 would grow the
// young generation: set to 1 at run time (v8.setFlagsFromString) it stops the growth from then on.
// (V8 raises the factor back to 2 whenever it makes an isolate — a Worker started later — so it holds
// until then only; a build that starts batch workers does not use it.)
//
// V8 takes a code cache only under the flags it was recorded with (their hash is in the cache), so a
// flag changes only once every thread has taken its code cache, and never while `npm run compile`
// records them. The main thread wants a flag when its build decides (buildDocument, a batch, watch);
// the slide worker takes its cache on its own clock. Whichever of the two comes second sets the flag
// (CodeCacheSignal): the main thread, if the worker has taken its cache; else the worker, as it takes
// it. Why: the main thread alone looked at a few points of its build, and on a cold build of the
// sample the worker had not yet taken its cache at the last of them in ~1 build of 3 even on an idle
// machine: those builds ran TurboFan and held no young generation (process CPU ~1.0 s instead of
// ~0.65 s, peak memory ~143 MB instead of ~122 MB).
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

/**
 * Shared by the main thread and the slide worker: [TAKEN] 1 once the worker has taken its code cache;
 * [WANTED] the flags the main thread wants set (bits of RUN_TIME_FLAGS); [CLAIMED] the flags set
 * (by either thread: each is set once).
 */
export type CodeCacheSignal = Int32Array;
const TAKEN = 0;
const WANTED = 1;
const CLAIMED = 2;

export function newCodeCacheSignal(): CodeCacheSignal {
  return new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
}

/** The worker's side: its cache is taken; it sets the flags the main thread already wants. */
export function signalCodeCacheTaken(signal: CodeCacheSignal | undefined): void {
  if (!signal) return;
  Atomics.store(signal, TAKEN, 1);
  if (process.env.LECTERN_CODE_CACHE_OUT) return;
  const wanted = Atomics.load(signal, WANTED);
  for (const flag of RUN_TIME_FLAGS) if (wanted & flagBit(flag)) setClaimed(flag, signal);
}

export function codeCacheTaken(signal: CodeCacheSignal): boolean {
  return Atomics.load(signal, TAKEN) === 1;
}

/** Sets `flag` unless the other thread already did (each flag once a process) */
function setClaimed(flag: string, signal: CodeCacheSignal | undefined): void {
  const bit = flagBit(flag);
  if (signal && Atomics.or(signal, CLAIMED, bit) & bit) return;
  setFlagsFromString(flag);
}

/** The V8 flag set, for the test */
export const HOLD_FLAG = '--semi-space-growth-factor=1';

/** The V8 flag that stops tiering at Sparkplug, V8's baseline compiler: no TurboFan (for the test) */
export const BASELINE_FLAG = '--max-opt=1';

/**
 * A batch's TurboFan inlines less: at most this much bytecode (bytes) inlined into one optimised
 * function, V8's default being 920 (`--max-inlined-bytecode-size-cumulative`), set once the slide
 * worker has taken its code cache. Until the batch stops TurboFan (batch.ts, baselineTierAfter) V8's
 * background threads compile the functions that turn hot, and inlining makes each compile larger: on
 * 30 distinct corpus texts TurboFan took a third of the batch's CPU. With less inlining the compiles
 * cost less (V8's background threads 0.82–0.86 ×) while the two threads' CPU stayed about the same
 * (README, Speed).
 */
export const BATCH_INLINED_BYTECODE = 200;
export const BATCH_INLINING_FLAG = `--max-inlined-bytecode-size-cumulative=${BATCH_INLINED_BYTECODE}`;

/**
 * The V8 flag that stops incremental marking: a major collection, if one comes, is then a full
 * collection at once when the old generation reaches its limit (the flag is read each time V8 would
 * start marking). Why: in a cold build of the sample the slide worker's old generation (its code
 * cache's functions, Marp, the deck) plus the external memory of its web fonts' Brotli crossed the
 * limit V8 had shrunk to after its first scavenges (old generation + 16 MB) near the end of its deck,
 * so V8 began marking it — concurrent marking on its background threads (~60–70 million of V8's
 * ~119 million background instructions in a cold build), competing for the two cores with the
 * worker's deck, the longer lane, and with the main thread — for a heap the process frees a few
 * milliseconds later. Without incremental marking most cold builds make no major collection at all
 * (README, Speed).
 */
export const NO_INCREMENTAL_MARKING_FLAG = '--no-incremental-marking';

/** Every flag a build sets at run time; a flag's index is its bit in a CodeCacheSignal */
const RUN_TIME_FLAGS: readonly string[] = [HOLD_FLAG, BASELINE_FLAG, BATCH_INLINING_FLAG, NO_INCREMENTAL_MARKING_FLAG];

/** A flag's bit in a CodeCacheSignal; a flag not in RUN_TIME_FLAGS has none */
function flagBit(flag: string): number {
  const index = RUN_TIME_FLAGS.indexOf(flag);
  if (index < 0) throw new Error(`${flag} is not a run-time flag (RUN_TIME_FLAGS)`);
  return 1 << index;
}

/** The flags set so far by either thread of `signal`, in RUN_TIME_FLAGS order */
export function claimedFlags(signal: CodeCacheSignal): string[] {
  const claimed = Atomics.load(signal, CLAIMED);
  return RUN_TIME_FLAGS.filter((flag) => claimed & flagBit(flag));
}

/** The flags set in this process (by this thread, or by the slide worker as it claimed them) */
const flagsSet = new Set<string>();

/**
 * Sets `flag` now, or has the slide worker set it as it takes its code cache (`signal`: the worker's;
 * undefined: no other thread's cache to wait for). Never while `npm run compile` records the caches;
 * false then, true once the flag is set or handed over.
 */
export function setOnceCachesTaken(flag: string, signal: CodeCacheSignal | undefined): boolean {
  if (flagsSet.has(flag)) return true;
  if (process.env.LECTERN_CODE_CACHE_OUT) return false;
  loadBuiltinsBeforeFlags();
  if (signal) {
    // wanted first, then taken read: with the worker's store-then-load, one of the two sees the other
    Atomics.or(signal, WANTED, flagBit(flag));
    if (!codeCacheTaken(signal)) return true; // handed over: the worker sets it (signalCodeCacheTaken)
  }
  setClaimed(flag, signal);
  flagsSet.add(flag);
  return true;
}

/**
 * Node's built-in modules a build's main thread loads only after it wants its first run-time flag:
 * loaded before it. Why: V8 accepts Node's own code cache for its built-ins, like lectern's, only under
 * the flags it was made with — a built-in first loaded once a run-time flag is set is compiled from
 * source. node:zlib (the handout's deflate, src/vendor/zlib-deflate.ts) comes with the handout stage,
 * after the hand-over: 0.5–0.9 ms to load with Node's cache, 1.2–1.5 ms without. (The slide worker's
 * bundle loads node:zlib at its top level, before it takes its code cache and sets any flag.)
 */
export const BUILTINS_BEFORE_FLAGS = ['node:zlib'] as const;

/**
 * Node's built-ins the slide worker of a batch (or of watch) loads only after a run-time flag is set:
 * loaded before it takes its code cache (slides-worker-loader.ts). node:crypto hashes its outputs from
 * its second deck on (encoded-output.ts), after the batch's inlining flag: compiled without Node's code
 * cache it was ~8 ms of the worker's CPU against ~4.5 with it (a fresh worker, 6 runs each). A cold
 * build's worker never loads it.
 */
export const MANY_DECKS_BUILTINS_BEFORE_FLAGS = ['node:crypto'] as const;

/** Loads Node's built-ins `ids` (once: Node keeps a loaded module) */
export function loadBuiltins(ids: readonly string[]): void {
  for (const id of ids) process.getBuiltinModule(id);
}

function loadBuiltinsBeforeFlags(): void {
  loadBuiltins(BUILTINS_BEFORE_FLAGS);
}

/** Holds the main thread's young generation at its size (see above) once the caches are taken. */
export function holdYoungGeneration(signal: CodeCacheSignal | undefined): boolean {
  return setOnceCachesTaken(HOLD_FLAG, signal);
}

/**
 * A build of one transcript up to this size stops at the baseline tier from its start (buildMany);
 * a longer one keeps TurboFan. Measured on 2 cores:
 * at 10 × the sample (125 KiB) the main thread's CPU was 1.03 × and the process's 0.69 ×; at 100 ×
 * (1.2 MiB) the main thread's JavaScript ran 1.38 × slower and the slide worker's 1.5 × (process CPU
 * 0.91 ×): a long document runs its hot code long enough for TurboFan to pay.
 */
export const BASELINE_TIER_MAX_BYTES = 256 * 1024;

/** Whether a build of `files` should stop at the baseline tier: one transcript, not a long one. */
export function baselineTierFits(files: readonly string[]): boolean {
  if (files.length !== 1) return false;
  try {
    return statSync(files[0]!).size <= BASELINE_TIER_MAX_BYTES;
  } catch {
    return false; // the build reports the file
  }
}

/**
 * A build of one transcript (not a long one: baselineTierFits) in a fresh process: from once
 * the caches are taken on, V8 compiles no function with TurboFan. Why: TurboFan compiles a hot function on V8's background threads, and in a
 * cold build these compiles were ~400 ms of CPU beside the main thread's ~430 and the slide worker's
 * ~290 on 2 cores (README, Speed); most optimised code arrived when its function's work was nearly
 * done. The code run is the same JavaScript (same output); only how V8 compiles it changes. A batch
 * calls it only after its first documents (batch.ts, baselineTierAfter: its later documents run the
 * code optimised by then); watch after its warm-up (src/watch/index.ts: its rebuilds run the code the
 * first build and the rehearsals optimised).
 */
export function stopAtBaselineTier(signal: CodeCacheSignal | undefined): boolean {
  return setOnceCachesTaken(BASELINE_FLAG, signal);
}

/**
 * A build of one short transcript in a process that ends with it (the one that stops at the baseline
 * tier from its start): no incremental marking from once the caches are taken (NO_INCREMENTAL_MARKING_FLAG).
 * Not for a batch or watch, whose heaps live on: there incremental marking keeps each major collection's
 * pause short.
 */
export function skipIncrementalMarking(signal: CodeCacheSignal | undefined): boolean {
  return setOnceCachesTaken(NO_INCREMENTAL_MARKING_FLAG, signal);
}
