// V8 flags a build sets at run time once both threads have taken their code caches: the main thread's
// young generation held at the size it has when the document is handed to the slide worker (a cold
// build), no optimising compiler from then on (one transcript from its start, a batch after its first
// documents, watch after its warm-up), and a batch's lesser inlining until then (batch.ts, through setOnceCachesTaken).
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
// V8 takes a code cache only under the flags it was recorded with (their hash is in the cache), so
// the flag changes only once every thread has taken its code cache — the slide worker reports that
// through shared memory (newCodeCacheSignal) — and never while `npm run compile` records them.
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

/** Set by a thread once it has run its bundle from the code cache (or found none to take). */
export function newCodeCacheSignal(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

export function signalCodeCacheTaken(signal: Int32Array | undefined): void {
  if (signal) Atomics.store(signal, 0, 1);
}

export function codeCacheTaken(signal: Int32Array): boolean {
  return Atomics.load(signal, 0) === 1;
}

/** The V8 flag set, for the test */
export const HOLD_FLAG = '--semi-space-growth-factor=1';

/** The V8 flag that stops tiering at Sparkplug, V8's baseline compiler: no TurboFan (for the test) */
export const BASELINE_FLAG = '--max-opt=1';

const flagsSet = new Set<string>();

/** Sets `flag` once `othersTookTheirCaches` (never while `npm run compile` records the caches); false while it cannot yet. */
export function setOnceCachesTaken(flag: string, othersTookTheirCaches: boolean): boolean {
  if (flagsSet.has(flag)) return true;
  if (!othersTookTheirCaches || process.env.LECTERN_CODE_CACHE_OUT) return false;
  setFlagsFromString(flag);
  flagsSet.add(flag);
  return true;
}

/**
 * Holds this thread's young generation at its size (see above) once `othersTookTheirCaches`; false
 * while it cannot yet. Called at a few points of a cold build: the earliest that finds the slide
 * worker past its code cache sets the flag.
 */
export function holdYoungGeneration(othersTookTheirCaches: boolean): boolean {
  return setOnceCachesTaken(HOLD_FLAG, othersTookTheirCaches);
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
 * `othersTookTheirCaches` on, V8 compiles no function with TurboFan. Why: TurboFan compiles a hot function on V8's background threads, and in a
 * cold build these compiles were ~400 ms of CPU beside the main thread's ~430 and the slide worker's
 * ~290 on 2 cores (README, Speed); most optimised code arrived when its function's work was nearly
 * done. The code run is the same JavaScript (same output); only how V8 compiles it changes. A batch
 * calls it only after its first documents (batch.ts, baselineTierAfter: its later documents run the
 * code optimised by then); watch after its warm-up (src/watch/index.ts: its rebuilds run the code the
 * first build and the rehearsals optimised).
 */
export function stopAtBaselineTier(othersTookTheirCaches: boolean): boolean {
  return setOnceCachesTaken(BASELINE_FLAG, othersTookTheirCaches);
}
