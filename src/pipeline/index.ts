// Builds one transcript into out/<name>/: slides.md, slides.html, handout.pdf (and slides.pdf on
// request). Stages are loaded lazily so that `lectern check` never pays for Marp or pdfkit.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { Diagnostic, Document } from '../model';
import { LecternError } from '../errors';
import type { FontSet } from '../fonts';
import { settingsForDocument, type Settings } from '../settings';
import { Timer } from './timer';
import { writeFilesAtomically, type OutputFile } from './write';
import { buildFingerprint } from './fingerprint';
import { inThreadSlides, type SlidesRunner } from './slides-runner';

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
}

type HandoutStage = typeof import('../handout/stage');
type SourceStage = typeof import('../source');
let stages: { handout: HandoutStage; source: SourceStage } | undefined;

async function loadStages(timer: Timer) {
  if (!stages) {
    stages = await timer.timeAsync('modules', async () => {
      const [handout, source] = await Promise.all([import('../handout/stage'), import('../source')]);
      return { handout, source };
    });
  }
  return stages;
}

export function outputDirFor(file: string, outRoot: string): string {
  return join(outRoot, basename(file, extname(file)));
}

/** Builds the outputs of one document in memory, then writes them all at once. */
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
  const fingerprintFile = join(outDir, '.lectern-build');
  const slidesRunner = opts.slides ?? inThreadSlides;
  slidesRunner.prepare();
  const { source, handout } = await loadStages(timer);

  const bytes = readFileSafely(file);
  const fingerprint = buildFingerprint(bytes, base, fonts);
  const expected = [
    'slides.md',
    'slides.html',
    'handout.pdf',
    ...(base.slidesPdf ? ['slides.pdf'] : []),
    ...(base.slidesPptx ? ['slides.pptx'] : []),
  ];
  if (!opts.force && existsSync(fingerprintFile) && expected.every((f) => existsSync(join(outDir, f)))) {
    if (readFileSync(fingerprintFile, 'utf8') === fingerprint) {
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
  }

  const doc: Document = timer.time('recognition', () => source.readDocument(file));
  const settings = settingsForDocument(base, doc, Buffer.from(bytes.subarray(0, 65536)).toString('utf8'));
  // The two outputs are independent: the slide stage may run on another thread meanwhile.
  const slidesPending = slidesRunner.run(doc, settings, fonts, timer);
  slidesPending.catch(() => {}); // awaited below; a handout error must not leave it unhandled
  const handoutOut = await handout.makeHandout(doc, settings, fonts, timer);
  const slidesOut = await slidesPending;

  const files: OutputFile[] = [
    { path: join(outDir, 'slides.md'), data: slidesOut.markdown },
    { path: join(outDir, 'slides.html'), data: slidesOut.html },
    { path: join(outDir, 'handout.pdf'), data: handoutOut.pdf },
  ];
  if (slidesOut.pdf) files.push({ path: join(outDir, 'slides.pdf'), data: slidesOut.pdf });
  if (settings.slidesPptx && slidesOut.plan) {
    const { makePptxForDocument } = await import('../pptx/stage');
    const pptx = await timer.timeAsync('pptx', () => makePptxForDocument(doc, slidesOut.plan!, settings, fonts));
    files.push({ path: join(outDir, 'slides.pptx'), data: pptx });
  }
  files.push({ path: fingerprintFile, data: fingerprint });
  timer.time('writing', () => writeFilesAtomically(files));

  return {
    file,
    name,
    outDir,
    written: files.map((f) => f.path).filter((p) => p !== fingerprintFile),
    skipped: false,
    warnings: [...doc.warnings, ...slidesOut.warnings, ...handoutOut.warnings],
    slides: slidesOut.slides,
    pages: handoutOut.pages,
    timings: timer.toJSON(),
  };
}

function readFileSafely(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new LecternError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function resolveOutRoot(out: string | undefined, projectRoot: string): string {
  return resolve(projectRoot, out ?? 'out');
}
