// Where the slide stage runs. The slides and the handout of a document are independent once it is
// recognised, so a single build runs the slide stage on the second core (a worker thread that
// shares the font files' memory) while the main thread sets the handout. A batch build, whose
// workers already use every core, runs it in-thread.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheEpoch, rebuildsExpected } from '../cache';
import { sharedFontBytes, type FontSet, type SharedFontFiles } from '../fonts';
import { type DictionaryPart, readDictionaryPart } from '../deck/dictionary-part';
import { deckDictionaryText } from '../deck/made-texts';
import type { Document } from '../model';
import { packageRoot } from '../paths';
import type { Settings } from '../settings';
import type { SlidesOutput } from '../slides/stage';
import { monotonicMs, type Phase, type Timer } from './timer';
import { SLIDES_WORKER_ENTRY, type SlidesWorker, startSlidesWorker } from './slides-worker-start';
import type { CodeCacheSignal } from './run-time-v8-flags';
import { decodeOutput, type EncodedOutput } from './encoded-output';
import { fromWorkerError, type WorkerError } from './worker-error';

export interface SlidesRunner {
  /** Starts what the runner needs (a worker loads its modules meanwhile) */
  prepare(): void;
  run(doc: Document, settings: Settings, fonts: FontSet, timer: Timer): Promise<SlidesResult>;
  /**
   * No deck will be asked after those already asked (call it after the last run): a worker starts
   * stopping as soon as it has answered them, while this thread writes the outputs (close() then waits
   * for what is left of it).
   */
  lastDeckAsked(): void;
  close(): Promise<void>;
  /** The signal of the thread that may still be taking its code cache (run-time-v8-flags.ts): a worker runner starts its worker for it; none in-thread */
  codeCacheSignal(): CodeCacheSignal | undefined;
}

/** Runs the slide stage in this thread. */
let slidesStage: typeof import('../slides/stage') | undefined;
export const inThreadSlides: SlidesRunner = {
  prepare() {},
  codeCacheSignal: () => undefined,
  async run(doc, settings, fonts, timer) {
    slidesStage ??= await timer.timeAsync('modules', () => import('../slides/stage'));
    // the part of jieba's dictionary this document can use, loaded in one go (src/deck/segment.ts)
    (await import('../deck/segment')).coverDocument(doc);
    return slidesStage.makeSlides(doc, settings, fonts, timer);
  },
  lastDeckAsked() {},
  async close() {},
};

export type ToSlidesWorker = {
  id: number;
  doc: Document;
  settings: Settings;
  fontConfig: FontSet['config'];
  fontBytes: SharedFontFiles;
  /** The main thread's cache epoch: when it changed, the worker clears its caches first */
  cacheEpoch: number;
  /** The process will build again (watch, `expectRebuilds`): the worker keeps what a rebuild reuses */
  rebuilds: boolean;
  /** When the document was posted (monotonicMs: both threads read the same clock) */
  postedAt: number;
  /** The part of jieba's dictionary the document can use, read here (a fresh worker's first document, not under watch) */
  dictionary?: DictionaryPart;
};
/** The slide outputs a worker sends as bytes (encoded-output.ts) */
export interface EncodedSlides {
  markdown: EncodedOutput;
  html: EncodedOutput;
}
/** A slide stage's outputs; from the worker, with the texts' bytes and hashes (`encoded`) */
export type SlidesResult = SlidesOutput & { encoded?: EncodedSlides };

export type FromSlidesWorker =
  | {
      id: number;
      ok: true;
      out: Omit<SlidesOutput, 'markdown' | 'html'>;
      encoded: EncodedSlides;
      phases: [Phase, number][];
    }
  | { id: number; ok: false; error: WorkerError };

/** The worker's outputs as a SlidesResult: the texts decoded from their bytes only if read */
function withEncodedTexts(out: Omit<SlidesOutput, 'markdown' | 'html'>, encoded: EncodedSlides): SlidesResult {
  let markdown: string | undefined;
  let html: string | undefined;
  return Object.defineProperties(
    { ...out, encoded },
    {
      markdown: { enumerable: true, get: () => (markdown ??= decodeOutput(encoded.markdown)) },
      html: { enumerable: true, get: () => (html ??= decodeOutput(encoded.html)) },
    },
  ) as SlidesResult;
}

const workerScript = join(packageRoot, 'dist', SLIDES_WORKER_ENTRY);

/** src/cli-start.ts (bin/lectern.js) starts the slide worker before the rest of lectern has loaded. */
declare global {
  var __lecternSlidesWorker: SlidesWorker | undefined;
}

function takePrestartedWorker(): SlidesWorker | undefined {
  const w = globalThis.__lecternSlidesWorker;
  globalThis.__lecternSlidesWorker = undefined;
  return w;
}

/**
 * A slide stage on a worker thread, started on first use and kept (watch mode reuses it warm).
 * `batch`: it will set many decks (the limits of a batch's worker, if it starts one itself).
 */
export function workerSlides(batch = false): SlidesRunner {
  if (!existsSync(workerScript)) return inThreadSlides; // running from sources (tests): no compiled worker
  let worker: SlidesWorker | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (m: FromSlidesWorker) => void; reject: (e: Error) => void }>();
  let lastAsked = false;
  /** The worker's termination, begun once the last deck asked has come (lastDeckAsked) */
  let stopping: Promise<unknown> | undefined;
  // A worker's teardown (its heap and environment, ~5 ms on its own thread) was a cold build's last
  // step after the outputs were written; begun as the last deck comes, it runs alongside the writing.
  const stopIfDone = (): void => {
    if (!lastAsked || waiting.size > 0 || !worker || stopping) return;
    stopping = worker.terminate();
    worker = undefined;
  };

  const start = (): SlidesWorker => {
    const w = takePrestartedWorker() ?? startSlidesWorker(workerScript, batch);
    w.on('message', (m: FromSlidesWorker) => {
      waiting.get(m.id)?.resolve(m);
      waiting.delete(m.id);
    });
    w.on('error', (e) => {
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
      worker = undefined;
    });
    // A worker that ends without an error event (terminated, or process.exit inside it) must not
    // leave a build waiting for its reply forever.
    w.on('exit', (code) => {
      for (const p of waiting.values())
        p.reject(new Error(`the slide worker stopped (exit code ${code}) before it answered`));
      waiting.clear();
      if (worker === w) worker = undefined;
    });
    // An idle worker must not keep a finished `lectern build` alive.
    w.unref();
    return w;
  };

  return {
    prepare() {
      worker ??= start();
    },
    // the worker's own signal, the worker started if it is not yet: a flag wanted before it has taken
    // its code cache is then left to it (run-time-v8-flags.ts). Asked before the first deck (a batch
    // wants its inlining flag first), `undefined` read as "no other thread" had the flag set at once, and
    // the worker, still loading, found no cache for the changed flags: it compiled its whole bundle.
    // Once the worker is stopping (a build's last deck), no cache is left to take.
    codeCacheSignal: () => (stopping ? undefined : (worker ??= start()).codeCacheSignal),
    async run(doc, settings, fonts, timer) {
      worker ??= start();
      const id = nextId++;
      // A fresh worker's first document, outside watch (a cold build): the worker is still starting
      // when the document comes, and it is the longer lane — this thread reads the document's part
      // of jieba's dictionary for it (src/deck/dictionary-part.ts). Watch's worker, warmed up by its
      // rehearsals, and a batch's later decks read what they lack themselves.
      const dictionary =
        id === 0 && !rebuildsExpected()
          ? timer.time('dictionary', () => readDictionaryPart(deckDictionaryText(doc)))
          : undefined;
      const t0 = monotonicMs();
      const reply = await new Promise<FromSlidesWorker>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const fontBytes = sharedFontBytes([fonts.config.roles.slides, fonts.config.roles.slidesBold]);
        const msg: ToSlidesWorker = {
          id,
          doc,
          settings,
          fontConfig: fonts.config,
          fontBytes,
          cacheEpoch: cacheEpoch(),
          rebuilds: rebuildsExpected(),
          postedAt: monotonicMs(),
          dictionary,
        };
        worker!.ref();
        worker!.postMessage(msg);
      }).finally(() => {
        if (waiting.size === 0) worker?.unref();
        stopIfDone();
      });
      if (!reply.ok) throw fromWorkerError(reply.error);
      // The worker's phases ran alongside the main thread's; they are added as they were measured there.
      for (const [phase, ms] of reply.phases) timer.add(`slides:${phase}`, ms);
      timer.add('slides:wall', monotonicMs() - t0);
      const out = reply.out;
      if (out.pdf) out.pdf = Buffer.from(out.pdf);
      return withEncodedTexts(out, reply.encoded);
    },
    lastDeckAsked() {
      lastAsked = true;
      stopIfDone();
    },
    async close() {
      await (stopping ?? worker?.terminate());
      worker = undefined;
    },
  };
}
