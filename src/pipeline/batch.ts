// Many transcripts at once. The main thread sets handouts while the slide worker (the one a single
// build uses, started by bin/lectern.js) sets their decks, two documents in flight so that neither
// waits for the other; each further core runs a batch worker that builds whole documents. All take
// documents from one queue. Every document is built by the same `buildDocument`, so the bytes are the
// same as in a one-at-a-time build; only the order of the status lines differs.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { formatError } from '../errors';
import type { FontSet } from '../fonts';
import { packageRoot } from '../paths';
import { deflateFontFilesOffThread } from '../pdf/font-files-off-thread';
import type { Settings } from '../settings';
import { buildDocument, type BuildOptions, type BuildResult } from './index';
import type { Timer } from './timer';
import { workerSlides } from './slides-runner';
import { BATCH_INLINING_FLAG, baselineTierFits, setOnceCachesTaken, stopAtBaselineTier } from './run-time-v8-flags';
import { fromWorkerError, type WorkerError } from './worker-error';

export type BatchOutcome = { file: string; result: BuildResult } | { file: string; error: string };

/** Messages between the main thread and a worker. */
export type ToWorker = { type: 'build'; file: string } | { type: 'done' };
export type FromWorker =
  | { type: 'result'; file: string; result: BuildResult }
  | { type: 'error'; file: string; error: WorkerError };

export interface WorkerSetup {
  outRoot: string;
  settings: Settings;
  options: BuildOptions;
}

/** The compiled worker; absent when running from the TypeScript sources (tests), then no workers. */
const workerScript = join(packageRoot, 'dist', 'worker.js');

/** Fewer than this many documents are built without batch workers: a worker's start-up costs about one build. */
const MIN_DOCS_FOR_WORKERS = 4;

/**
 * Threads a document occupies on the main side: the main thread (handout) and the slide worker.
 * Batch workers take the cores left over. (Measured on 2 cores, 50 transcripts: main thread + slide
 * worker builds the batch with less CPU than main thread + one batch worker, which loads and compiles
 * every stage's modules a second time and left the already started slide worker idle.)
 */
const MAIN_SIDE_THREADS = 2;

/** Documents in flight on the main side: one setting its handout while another's deck is set. */
const MAIN_SIDE_LANES = 2;

/**
 * After how many documents of a batch of `documents` V8 stops compiling with TurboFan
 * (run-time-v8-flags.ts, stopAtBaselineTier; optimised code already made is kept). The functions hot
 * from the first documents on are optimised by then; TurboFan went on compiling, on V8's background
 * threads through the whole batch, functions that became hot only later, each with fewer documents
 * left to pay its compile back. 50 transcripts (README, Speed): stopping after 16 documents cut the
 * batch's CPU by a sixth without slowing the main thread; after 6 the JavaScript of both threads ran
 * ~12 % slower. A long batch stops later (a third of it), where little is left to compile.
 */
export function baselineTierAfter(documents: number): number {
  return Math.max(16, Math.floor(documents / 3));
}

export async function buildMany(
  files: string[],
  outRoot: string,
  settings: Settings,
  fonts: FontSet,
  options: BuildOptions,
  timer: Timer,
  onOutcome: (o: BatchOutcome) => void,
  maxThreads = availableParallelism(),
): Promise<void> {
  const queue = [...files];
  const workerCount =
    files.length >= MIN_DOCS_FOR_WORKERS && existsSync(workerScript)
      ? Math.max(0, Math.min(maxThreads, files.length) - MAIN_SIDE_THREADS)
      : 0;
  // The main thread's young generation is held for a cold build's peak memory (run-time-v8-flags.ts);
  // a batch lets it grow: held, it scavenged ~3 times as often (79 vs 28 scavenges for 50 transcripts).
  // (A batch worker's start would undo the hold anyway.) Batch workers build with their own options.
  // A batch stops TurboFan only after its first documents (baselineTierAfter), never from the start;
  // one long transcript never (run-time-v8-flags.ts, baselineTierFits).
  const one = files.length === 1;
  const main: BuildOptions = {
    ...options,
    holdYoungGeneration: options.holdYoungGeneration && one,
    baselineTier: options.baselineTier && baselineTierFits(files), // one transcript, not a long one
    lastDeck: one,
    // the templates, font configuration and font files' times, read by the first document for all
    fingerprintInputs: {},
  };
  const setup: WorkerSetup = {
    outRoot,
    settings,
    options: { ...options, holdYoungGeneration: false, baselineTier: false },
  };
  const workers: Promise<void>[] = [];
  // documents finished on any thread: after `tierAfter` of them, no more TurboFan (baselineTierAfter)
  const tierAfter = options.baselineTierAfter ?? baselineTierAfter(files.length);
  let finished = 0;
  const outcome = (o: BatchOutcome): void => {
    finished++;
    onOutcome(o);
  };

  for (let i = 0; i < workerCount; i++) {
    workers.push(
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerScript, { workerData: setup });
        const next = (): void => {
          const file = queue.shift();
          worker.postMessage(
            file ? ({ type: 'build', file } satisfies ToWorker) : ({ type: 'done' } satisfies ToWorker),
          );
        };
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'result') outcome({ file: m.file, result: m.result });
          else if (m.type === 'error') outcome({ file: m.file, error: formatError(fromWorkerError(m.error)) });
          next();
        });
        worker.on('error', reject);
        next();
        worker.on('exit', () => resolve());
      }),
    );
  }

  // The main thread takes its share of the queue too, with the slide worker. Yield between documents
  // so that worker messages are answered promptly.
  const slides = workerSlides(files.length > 1);
  // two documents in flight here: one's font files deflated on the thread pool while the other is set
  deflateFontFilesOffThread(!one);
  const lane = async (): Promise<void> => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      if (options.baselineTier && !one) setOnceCachesTaken(BATCH_INLINING_FLAG, slides.codeCacheSignal());
      if (options.baselineTier && finished >= tierAfter) stopAtBaselineTier(slides.codeCacheSignal());
      try {
        outcome({ file, result: await buildDocument(file, outRoot, settings, fonts, { ...main, slides }, timer) });
      } catch (e) {
        outcome({ file, error: formatError(e) });
      }
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    await Promise.all([...Array.from({ length: MAIN_SIDE_LANES }, lane), ...workers]);
  } finally {
    deflateFontFilesOffThread(false);
    await timer.timeAsync('stopping the slide worker', () => slides.close());
  }
}
