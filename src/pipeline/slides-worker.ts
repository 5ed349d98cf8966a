// The slide stage's worker thread (see slides-runner.ts): adopts the font files the main thread
// read, then builds the deck of each document it is sent. Modules, fonts and the Marp instance stay
// warm between documents.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { clearCaches, expectRebuilds, startDocument } from '../cache';
import { coverDocument, loadWordSegmenter } from '../deck/segment';
import { adoptSharedFontBytes, FontSet } from '../fonts';
import type { FromSlidesWorker, ToSlidesWorker } from './slides-runner';
import { ASCII_HTML_PARTS } from '../slides/bespoke';
import { recordStyles } from '../slides/render';
import { makeSlides, prepareSlides } from '../slides/stage';
import { monotonicMs, Timer, type Phase } from './timer';
import { encodeOutput, encodeOutputParts, partsMemo } from './encoded-output';
import { toWorkerError } from './worker-error';

const port = parentPort!;
/** slides.html's parts as last encoded (kept under watch) */
const htmlMemo = partsMemo('slides worker: slides.html parts, encoded');
let mainEpoch = 0;
/** Decks made by this thread so far */
let decks = 0;
/** CPU time of this thread already reported (a worker kept warm handles many documents) */
let cpuSeen = 0;

// Every deck needs jieba (its native module and the bucketed dictionary file, src/deck/segment.ts),
// then the Marp engine with lectern's theme (src/slides/stage.ts prepareSlides): both are prepared
// while the main thread starts up and reads the transcript, instead of after the document arrives.
// Their time is reported with the first document's phases (slides:warmup). A failure is not reported
// here: the deck meets it again and reports it for its document.
let warmup = 0;
function warmUp(step: () => void): void {
  const t0 = monotonicMs();
  try {
    step();
  } catch {}
  warmup += monotonicMs() - t0;
}
setImmediate(() => {
  warmUp(() => loadWordSegmenter());
  setImmediate(() => warmUp(prepareSlides));
});

/** This thread's CPU time so far in ms (Linux: /proc/thread-self/schedstat, in ns), for the bench. */
function threadCpuMs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** LECTERN_TIMING_CPU=1 (bench on a loaded machine): the worker's phases in its thread's CPU time */
const phaseClock = process.env.LECTERN_TIMING_CPU && threadCpuMs() !== undefined ? () => threadCpuMs()! : undefined;

/**
 * Whether anyone reads the phases (bench/: LECTERN_TIMING_JSON, cli.ts): only then is this thread's
 * CPU time read around each deck — two reads of /proc a deck (~40 µs each), on every deck of a batch,
 * on its longer lane.
 */
const reportsCpu = process.env.LECTERN_TIMING_JSON !== undefined || phaseClock !== undefined;

port.on('message', async (m: ToSlidesWorker) => {
  const timer = new Timer(phaseClock);
  const cpuBefore = reportsCpu ? threadCpuMs() : undefined;
  timer.add('warmup', warmup);
  warmup = 0;
  timer.add('queued', Math.max(0, monotonicMs() - m.postedAt));
  let reply: FromSlidesWorker;
  try {
    // the main thread cleared its caches (a font changed under watch): so does this thread
    if (m.cacheEpoch !== mainEpoch) {
      clearCaches();
      mainEpoch = m.cacheEpoch;
    }
    // the main thread will build again (watch): keep what the next deck can reuse; else (a batch) the
    // caches keep what this deck and the last one used
    expectRebuilds(m.rebuilds);
    startDocument();
    adoptSharedFontBytes(m.fontBytes);
    // the part of jieba's dictionary this document can use, loaded in one go (read by the main thread
    // for a cold build's document: m.dictionary)
    timer.time('dictionary', () => coverDocument(m.doc, m.dictionary));
    // `html` is not read (withLazyHtml: the parts are encoded, the whole string never made)
    const slides = await makeSlides(m.doc, m.settings, new FontSet(m.fontConfig), timer);
    const { markdown, htmlParts, ...out } = slides;
    // `npm run compile` builds the sample once to record what the next cold builds reuse
    if (process.env.LECTERN_CODE_CACHE_OUT) recordStyles();
    // The texts as the bytes the main thread writes, with their hashes (encoded-output.ts) — but for
    // a first deck not under watch (a cold build of one transcript, where this thread is the longer
    // lane): the main thread hashes those, and this thread never loads node:crypto. A batch's later
    // decks are hashed here (off the main thread, which sets their handouts meanwhile); watch's
    // slides.html keeps its hash states for the next rebuild.
    const hash = m.rebuilds || decks++ > 0;
    const encoded = {
      markdown: encodeOutput(markdown, hash),
      html: htmlParts
        ? encodeOutputParts(htmlParts, htmlMemo, ASCII_HTML_PARTS, hash)
        : encodeOutput(slides.html, hash),
    };
    const cpuAfter = cpuBefore === undefined ? undefined : threadCpuMs();
    if (cpuBefore !== undefined && cpuAfter !== undefined) {
      timer.add('startcpu', cpuBefore - cpuSeen);
      timer.add('cpu', cpuAfter - cpuBefore);
      cpuSeen = cpuAfter;
    }
    // Only what the main thread uses crosses back (copying is on every rebuild's path): the deck plan
    // for slides.pptx, never the export stylesheet (~0.6 MB, used here by the slides.pdf export).
    reply = {
      id: m.id,
      ok: true,
      out: { ...out, exportCss: undefined, plan: m.settings.slidesPptx ? out.plan : undefined },
      encoded,
      phases: [...timer.totals].filter((e): e is [Phase, number] => !e[0].startsWith('slides:')),
    };
  } catch (e) {
    reply = { id: m.id, ok: false, error: toWorkerError(e) };
  }
  // the texts' buffers are moved, not copied
  const moved = reply.ok ? [reply.encoded.markdown.bytes.buffer, reply.encoded.html.bytes.buffer] : [];
  port.postMessage(reply, moved as ArrayBuffer[]);
});
