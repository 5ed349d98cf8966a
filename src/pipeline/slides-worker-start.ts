// Starting the slide worker: the same options for the thread bin/lectern.js starts before the rest of
// lectern loads and for one started later (slides-runner.ts: watch after a worker error, a batch).
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type CodeCacheSignal, newCodeCacheSignal } from './run-time-v8-flags';

/**
 * The slide worker's young generation, capped. Marp's render makes much short-lived garbage and V8 let
 * the worker's young generation grow to ~26 MB of a cold build's peak memory; capped at 4 MB the peak
 * falls by ~20 MB with no measurable CPU cost (README, Speed). A Worker's resource limits are the
 * isolate's own, not V8 flags, so the code caches stay valid (src/code-cache.ts).
 */
export const SLIDES_WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 } as const;

/**
 * The slide worker of a batch (`lectern build` of a folder or of several transcripts) sets deck after
 * deck: capped at 4 MB it scavenged ~4 times a deck (216 scavenges for 50 decks, 56 at 16 MB), each
 * scavenge CPU the batch's two cores share. A batch's memory is not a cold build's. So does watch's,
 * one deck a rebuild: at 4 MB it scavenged twice a rebuild and promoted a deck's short-lived objects,
 * whose marking then ran on V8's background threads; at 16 MB once in two rebuilds (README, Speed).
 */
export const BATCH_SLIDES_WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 } as const;

/** Options of `lectern build` that take a value (the next argument unless given as `--name=value`) */
export const BUILD_VALUE_OPTIONS = [
  'out',
  'o',
  'project',
  'paper',
  'body-size',
  'date',
  'part-break',
  'punctuation',
  'shard',
];

/**
 * Whether a command line (the arguments after `lectern`) builds a batch: `build` of anything but one
 * transcript file — a folder, several files, or none (the project's content/). Read before the
 * command line is parsed (bin/lectern.js starts the slide worker first), so it only picks the
 * worker's memory limits; a command line it misreads builds the same bytes.
 */
export function isBatchBuild(args: readonly string[]): boolean {
  if (args[0] !== 'build') return false;
  const paths: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      const name = a.replace(/^--?/, '');
      if (!name.includes('=') && BUILD_VALUE_OPTIONS.includes(name)) i++;
    } else {
      paths.push(a);
    }
  }
  if (paths.length !== 1) return true;
  try {
    return statSync(paths[0]!).isDirectory();
  } catch {
    return false; // reported as an error once the command line is parsed
  }
}

/** Whether the slide worker of a command line sets deck after deck: a batch, or `watch` (BATCH_SLIDES_WORKER_LIMITS) */
export function setsManyDecks(args: readonly string[]): boolean {
  return args[0] === 'watch' || isBatchBuild(args);
}

/**
 * The slide worker's entry in dist/ (slides-worker-loader.ts bundled as CommonJS: the worker thread
 * then never sets up Node's ES module loader; scripts/compile.mjs)
 */
export const SLIDES_WORKER_ENTRY = 'slides-worker-loader.cjs';

/** The slide worker, with the signal it sets once it has taken its code cache (run-time-v8-flags.ts) */
export interface SlidesWorker extends Worker {
  readonly codeCacheSignal: CodeCacheSignal;
}

/** What the worker's entry (slides-worker-loader.ts) gets as workerData */
export interface SlidesWorkerData {
  codeCacheSignal: CodeCacheSignal;
  /** it will set many decks (a batch, watch): it invalidates V8's detaching protector at its start (detach-protector.ts) */
  manyDecks: boolean;
}

/**
 * The worker's stdio: its own, not piped through this thread — which would set up this thread's
 * process.stdout and process.stderr (a net.Socket on a pipe) before the worker's thread starts; the
 * worker's entry writes its output to the process's file descriptors itself (worker-stdio.ts)
 */
const OWN_STDIO = { stdout: true, stderr: true } as const;

/** Starts the slide worker; `batch`: it will set many decks (BATCH_SLIDES_WORKER_LIMITS) */
export function startSlidesWorker(script: string | URL, batch = false): SlidesWorker {
  const codeCacheSignal = newCodeCacheSignal();
  const workerData: SlidesWorkerData = { codeCacheSignal, manyDecks: batch };
  const resourceLimits = batch ? BATCH_SLIDES_WORKER_LIMITS : SLIDES_WORKER_LIMITS;
  return Object.assign(new Worker(script, { resourceLimits, workerData, ...OWN_STDIO }), { codeCacheSignal });
}
