// Starting the slide worker: the same options for the thread bin/lectern.js starts before the rest of
// lectern loads and for one started later (slides-runner.ts: watch after a worker error, a batch).
import { Worker } from 'node:worker_threads';
import { newCodeCacheSignal } from './young-generation';

/**
 * The slide worker's young generation, capped. Marp's render makes much short-lived garbage and V8 let
 * the worker's young generation grow to ~26 MB of a cold build's peak memory; capped at 4 MB the peak
 * falls by ~20 MB with no measurable CPU cost (README, Speed). A Worker's resource limits are the
 * isolate's own, not V8 flags, so the code caches stay valid (src/code-cache.ts).
 */
export const SLIDES_WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 } as const;

/** The slide worker, with the signal it sets once it has taken its code cache (young-generation.ts) */
export interface SlidesWorker extends Worker {
  readonly codeCacheTaken: Int32Array;
}

/** What the worker's entry (slides-worker-loader.ts) gets as workerData */
export interface SlidesWorkerData {
  codeCacheTaken: Int32Array;
}

export function startSlidesWorker(script: string | URL): SlidesWorker {
  const codeCacheTaken = newCodeCacheSignal();
  const workerData: SlidesWorkerData = { codeCacheTaken };
  return Object.assign(new Worker(script, { resourceLimits: SLIDES_WORKER_LIMITS, workerData }), { codeCacheTaken });
}
