// Builds one transcript into out/<name>/: slides.md, slides.html, handout.pdf (and slides.pdf on
// request). Stages are loaded lazily so that `lectern check` never pays for Marp or pdfkit.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { Diagnostic, Document } from '../model';
import { LecternError } from '../errors';
import type { FontSet } from '../fonts';
import { settingsForDocument, type Settings } from '../settings';
import { Timer } from './timer';
import { commitOutputs, removeLeftoverTemps, stageOutput, type OutputFile } from './write';
import { lockFolder } from './lock';
import { FreeLater } from './free-later';
import { readRegularFile } from '../read-file';
import { coverageWarning, coversDocument, documentCharacters } from '../fonts/validate';
import { buildFingerprint, type SharedFingerprintInputs } from './fingerprint';
import { inThreadSlides, type SlidesRunner } from './slides-runner';
import { holdYoungGeneration, skipIncrementalMarking, stopAtBaselineTier } from './run-time-v8-flags';
import { sha256 } from './encoded-output';
import { rebuildsExpected, startDocument } from '../cache';
import { removeFile } from './remove-file';

export const TRANSCRIPT_EXTENSIONS = ['.txt', '.md'];

/**
 * Expands the paths given on the command line into transcript files, sorted. A folder contributes its
 * .txt and .md files (not README.md). Where both x.txt and x.md exist, x.md wins: it is the corrected
 * form `lectern import` writes, and both would build into the same out/x/.
 */
export function collectTranscripts(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let st: import('node:fs').Stats;
    try {
      st = statSync(p);
    } catch {
      throw new LecternError(p, 'no such file or folder', {
        hint: 'give a transcript (.txt, .md) or a folder of them',
      });
    }
    if (st.isDirectory()) {
      const names = readdirSync(p)
        .filter(
          (n) =>
            TRANSCRIPT_EXTENSIONS.includes(extname(n).toLowerCase()) && !/^readme\./i.test(n) && !n.startsWith('.'),
        )
        .sort();
      const stems = new Set(names.filter((n) => extname(n).toLowerCase() === '.md').map((n) => n.slice(0, -3)));
      for (const n of names) {
        if (extname(n).toLowerCase() === '.txt' && stems.has(n.slice(0, -4))) continue;
        files.push(join(p, n));
      }
    } else {
      files.push(p);
    }
  }
  return [...new Set(files)];
}

/** A `.txt` transcript not built because `x.md` beside it is, though the `.txt` was edited later. */
export interface IgnoredTranscript {
  txt: string;
  md: string;
}

/** In the folders among `paths`: each x.txt newer than the x.md that shadows it (see collectTranscripts). */
export function ignoredTranscripts(paths: string[]): IgnoredTranscript[] {
  const found: IgnoredTranscript[] = [];
  for (const p of paths) {
    try {
      if (!statSync(p).isDirectory()) continue;
      for (const n of readdirSync(p).sort()) {
        if (extname(n) !== '.md') continue;
        const md = join(p, n);
        const txt = join(p, `${n.slice(0, -3)}.txt`);
        if (existsSync(txt) && statSync(txt).mtimeMs > statSync(md).mtimeMs) found.push({ txt, md });
      }
    } catch {
      // unreadable folders are reported by collectTranscripts
    }
  }
  return found;
}

export interface BuildResult {
  file: string;
  name: string;
  outDir: string;
  /** Files written (empty when skipped as unchanged) */
  written: string[];
  skipped: boolean;
  warnings: Diagnostic[];
  slides: number;
  pages: number;
  timings: Record<string, number>;
}

export interface BuildOptions {
  /** Rebuild even when the fingerprint says nothing changed */
  force?: boolean;
  /** Where the slide stage runs (default: in this thread) */
  slides?: SlidesRunner;
  /** Build these bytes instead of the file's and write nothing: watch's warm-up (src/watch/rehearse.ts) */
  rehearse?: Uint8Array;
  /**
   * A cold build that starts no further thread: the main thread's young generation stops growing once
   * the slide worker has taken its code cache (run-time-v8-flags.ts: less peak memory)
   */
  holdYoungGeneration?: boolean;
  /**
   * A build in a process that ends with it (the command line): V8 stops at its baseline compiler once
   * the slide worker has taken its code cache (run-time-v8-flags.ts: TurboFan's background compiles
   * cost more than they give) — a build of one transcript from its start, a batch (buildMany) after its
   * first documents (batch.ts, baselineTierAfter). A build of one transcript (buildDocument asked so)
   * also stops V8's incremental marking then (run-time-v8-flags.ts, skipIncrementalMarking)
   */
  baselineTier?: boolean;
  /** A batch with `baselineTier`: after how many documents (default: batch.ts baselineTierAfter; tests) */
  baselineTierAfter?: number;
  /** No deck is asked of `slides` after this document's (a build of one transcript): see SlidesRunner.lastDeckAsked */
  lastDeck?: boolean;
  /** What the fingerprints of this build's documents share, read once for them all (fingerprint.ts; buildMany gives one) */
  fingerprintInputs?: SharedFingerprintInputs;
}

type HandoutStage = typeof import('../handout/stage');
type SourceStage = typeof import('../source');
let sourceStage: SourceStage | undefined;
let handoutStage: HandoutStage | undefined;

// Loaded apart: recognition needs only the source stage, and the document goes to the slide worker
// (the longer path of a cold build) before the handout stage (pdfkit, fontkit) is loaded.
async function loadSourceStage(timer: Timer): Promise<SourceStage> {
  sourceStage ??= await timer.timeAsync('modules', () => import('../source'));
  return sourceStage;
}

async function loadHandoutStage(timer: Timer): Promise<HandoutStage> {
  handoutStage ??= await timer.timeAsync('handout modules', () => import('../handout/stage'));
  return handoutStage;
}

/** The folder name a transcript builds into: its file name without the extension. */
function outputName(file: string): string {
  return basename(file, extname(file));
}

/**
 * `out/<name>/` for a transcript. Refused when the name could leave --out or hide the folder
 * (`...txt` gives `..`; `.x.txt` a hidden folder the preview does not serve).
 */
export function outputDirFor(file: string, outRoot: string): string {
  const name = outputName(file);
  if (name === '' || name.startsWith('.') || /[\\/\0]/.test(name))
    throw new LecternError(file, `its name gives no usable output folder ("${name}")`, {
      hint: 'rename the file so that its name, without .txt/.md, does not start with a dot',
    });
  return join(outRoot, name);
}

/**
 * The output folder of each transcript, all distinct and inside `outRoot`. Two transcripts with the
 * same name (in different folders, or differing only in case) would overwrite each other: refused.
 */
export function planOutputs(files: string[], outRoot: string): Map<string, string> {
  const plan = new Map<string, string>();
  const byKey = new Map<string, string>();
  for (const file of files) {
    const dir = outputDirFor(file, outRoot);
    const key = dir.toLowerCase();
    const other = byKey.get(key);
    if (other !== undefined)
      throw new LecternError(file, `would build into the same folder ${basename(dir)}/ as ${other}`, {
        hint: 'rename one of them, or build them separately with different --out folders',
      });
    byKey.set(key, file);
    plan.set(file, dir);
  }
  return plan;
}

/** Files this stage writes into an output folder; any of them a build does not make is removed. */
export const MANAGED_OUTPUTS = ['slides.md', 'slides.html', 'handout.pdf', 'slides.pdf', 'slides.pptx'] as const;
const FINGERPRINT_NAME = '.lectern-build';

/** What the fingerprint file records: the inputs' hash and the hash of each output it describes. */
interface FingerprintRecord {
  inputs: string;
  outputs: Record<string, string>;
}

/** True when the folder holds exactly the outputs of these inputs, byte for byte as recorded. */
function upToDate(outDir: string, inputs: string, expected: string[]): boolean {
  let rec: FingerprintRecord;
  try {
    rec = JSON.parse(readFileSync(join(outDir, FINGERPRINT_NAME), 'utf8')) as FingerprintRecord;
  } catch {
    return false;
  }
  if (rec.inputs !== inputs || typeof rec.outputs !== 'object' || rec.outputs === null) return false;
  const names = Object.keys(rec.outputs).sort();
  if (names.join('/') !== [...expected].sort().join('/')) return false;
  for (const n of MANAGED_OUTPUTS) if (!(n in rec.outputs) && existsSync(join(outDir, n))) return false;
  try {
    return names.every((n) => sha256(readFileSync(join(outDir, n))) === rec.outputs[n]);
  } catch {
    return false;
  }
}

/** The deck has no fallback fonts: a slide font lacking the text's glyphs (a Latin-only font) is warned about. */
function slideFontWarnings(doc: Document, fonts: FontSet): Diagnostic[] {
  let chars: Set<string> | undefined;
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const role of ['slides', 'slidesBold'] as const) {
    const f = fonts.get(role);
    if (seen.has(f.path)) continue;
    seen.add(f.path);
    // under watch: a font known to have every character of the unchanged texts looks up the edited ones
    if (rebuildsExpected() && coversDocument(doc, f.tables, f.path)) continue;
    chars ??= documentCharacters(doc);
    const w = coverageWarning(doc, chars, f.tables, role === 'slides' ? 'slide' : 'bold slide', f.path);
    if (w) out.push(w);
  }
  return out;
}

/** Builds the outputs of one document in memory, then commits them all at once (see write.ts). */
export async function buildDocument(
  file: string,
  outRoot: string,
  base: Settings,
  fonts: FontSet,
  opts: BuildOptions = {},
  timer = new Timer(),
): Promise<BuildResult> {
  const outDir = outputDirFor(file, outRoot);
  const name = basename(outDir);
  const slidesRunner = opts.slides ?? inThreadSlides;
  slidesRunner.prepare();
  // a batch's caches keep this document's entries and the last one's, not every document's
  startDocument();
  const source = await loadSourceStage(timer);
  // set now, or by the slide worker as soon as it has taken its code cache (run-time-v8-flags.ts)
  const cacheSignal = slidesRunner.codeCacheSignal();
  if (opts.holdYoungGeneration) holdYoungGeneration(cacheSignal);
  if (opts.baselineTier) {
    stopAtBaselineTier(cacheSignal);
    skipIncrementalMarking(cacheSignal);
  }

  // Held from before the transcript is read until the fingerprint is written: builds of one folder
  // (other processes, watch) run one after another and the newest input is written last.
  const tLock = performance.now();
  const lock = await lockFolder(outDir);
  let staged: string | undefined; // handout.pdf's temp file, until the commit renames it
  // watch: the files this build replaces or removes are freed after it, off this thread (free-later.ts)
  const frees = new FreeLater(rebuildsExpected());
  try {
    const leftovers = removeLeftoverTemps(outDir);
    const bytes = opts.rehearse ?? readRegularFile(file, 'transcript');
    const inputs = buildFingerprint(bytes, base, fonts, opts.fingerprintInputs);
    timer.add('fingerprint', performance.now() - tLock);
    const expected = [
      'slides.md',
      'slides.html',
      'handout.pdf',
      ...(base.slidesPdf ? ['slides.pdf'] : []),
      ...(base.slidesPptx ? ['slides.pptx'] : []),
    ];
    if (
      !opts.force &&
      !opts.rehearse &&
      leftovers === 0 &&
      timer.time('fingerprint', () => upToDate(outDir, inputs, expected))
    ) {
      return {
        file,
        name,
        outDir,
        written: [],
        skipped: true,
        warnings: [],
        slides: 0,
        pages: 0,
        timings: timer.toJSON(),
      };
    }

    const doc: Document = timer.time('recognition', () => source.documentFromBytes(bytes, file));
    const settings = settingsForDocument(base, doc, Buffer.from(bytes.subarray(0, 65536)).toString('utf8'));
    // The two outputs are independent: the slide stage may run on another thread meanwhile. The
    // document is handed to it first; what only the main thread needs (the handout stage's modules,
    // the slide fonts' coverage warnings) comes after.
    const slidesPending = slidesRunner.run(doc, settings, fonts, timer);
    slidesPending.catch(() => {}); // awaited below; a handout error must not leave it unhandled
    if (opts.lastDeck) slidesRunner.lastDeckAsked();
    const handout = await loadHandoutStage(timer);
    const fontWarnings = timer.time('slide fonts', () => slideFontWarnings(doc, fonts));
    // a build of one transcript (no deck after this one, no rebuild) hashes and keeps no PDF stream for later
    const handoutOut = await handout.makeHandout(doc, settings, fonts, timer, rebuildsExpected() || !opts.lastDeck);
    // handout.pdf's temp file written and hashed before the wait: the slide worker is a cold build's longer lane
    let handoutFile: OutputFile & { sha256?: string } = { path: join(outDir, 'handout.pdf'), data: handoutOut.pdf };
    if (!opts.rehearse) {
      handoutFile = timer.time('writing', () => ({ ...stageOutput(handoutFile), sha256: sha256(handoutOut.pdf) }));
      staged = handoutFile.staged;
    }
    const slidesOut = await timer.timeAsync('waiting for slides', () => slidesPending);

    // from the slide worker, the texts come as bytes with their hashes (encoded-output.ts)
    const { encoded } = slidesOut;
    const files: (OutputFile & { sha256?: string })[] = [
      encoded
        ? { path: join(outDir, 'slides.md'), data: encoded.markdown.bytes, sha256: encoded.markdown.sha256 }
        : { path: join(outDir, 'slides.md'), data: slidesOut.markdown },
      encoded
        ? { path: join(outDir, 'slides.html'), data: encoded.html.bytes, sha256: encoded.html.sha256 }
        : { path: join(outDir, 'slides.html'), data: slidesOut.html },
      handoutFile,
    ];
    if (slidesOut.pdf) files.push({ path: join(outDir, 'slides.pdf'), data: slidesOut.pdf });
    if (settings.slidesPptx && slidesOut.plan) {
      const { makePptxForDocument } = await import('../pptx/stage');
      const pptx = await timer.timeAsync('pptx', () => makePptxForDocument(doc, slidesOut.plan!, settings, fonts));
      files.push({ path: join(outDir, 'slides.pptx'), data: pptx });
    }
    if (opts.rehearse)
      return { file, name, outDir, written: [], skipped: true, warnings: [], slides: 0, pages: 0, timings: {} };
    const record: FingerprintRecord = {
      inputs,
      outputs: Object.fromEntries(files.map((f) => [basename(f.path), f.sha256 ?? sha256(f.data)])),
    };
    staged = undefined; // renamed by the commit, or removed by it if the commit fails
    timer.time('writing', () =>
      commitOutputs(outDir, files, FINGERPRINT_NAME, `${JSON.stringify(record)}\n`, MANAGED_OUTPUTS, frees),
    );

    return {
      file,
      name,
      outDir,
      written: files.map((f) => f.path),
      skipped: false,
      warnings: [...doc.warnings, ...fontWarnings, ...slidesOut.warnings, ...handoutOut.warnings],
      slides: slidesOut.slides,
      pages: handoutOut.pages,
      timings: timer.toJSON(),
    };
  } finally {
    if (staged) removeFile(staged); // the build failed before its commit
    lock.release(frees);
    frees.closeLater();
  }
}

export function resolveOutRoot(out: string | undefined, projectRoot: string): string {
  return resolve(projectRoot, out ?? 'out');
}
