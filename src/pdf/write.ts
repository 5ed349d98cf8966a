// Draws a typeset document with pdfkit, exactly as the typesetter placed it: every glyph by id, every
// pen advance as computed. Fonts are embedded as subsets with ToUnicode (pdfkit's EmbeddedFont), the
// outline and metadata are written, and the dates come from the settings so builds are reproducible.
import PDFDocument from 'pdfkit';
import type { LoadedFont } from '../fonts';
import type { OutlineEntry, TypesetDocument } from '../typeset';
import type { GlyphRun } from '../typeset/types';
import type { FontTables } from '../fonts/tables';
import { rebuildsExpected, registerCache } from '../cache';
import { fontFilesOffThread } from './font-files-off-thread';
import {
  batchContentWrites,
  type EmbeddedFace,
  type EmbeddedFont,
  gatherOutput,
  memoiseStreamDeflate,
  pdfInternals,
  prepareEmbeddedFont,
  recordContent,
} from '../vendor/pdfkit';

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  keywords: string;
  /** CreationDate and ModDate (never the clock) */
  date: Date;
}

/** PDF number: at most 3 decimals, no trailing zeros, no "-0". */
function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  if (Object.is(r, -0) || r === 0) return '0';
  return String(r);
}

/** How far (pt) a glyph may sit from the pen before its run moves the pen there with Tm. */
const MOVE_TOLERANCE = 0.0015;

/** A subset glyph id as 4 hex digits (memoised: the same few thousand ids on every page). */
const HEX4: string[] = [];
function hex4(n: number): string {
  let h = HEX4[n];
  if (h === undefined) HEX4[n] = h = n.toString(16).padStart(4, '0');
  return h;
}

/**
 * The path operators of a row of leader dots by its geometry: a dot's path is 26 numbers, the same on
 * every build of a contents page (watch), so a row's operators are recorded once and written again as
 * they were.
 */
const leaderRows = registerCache('pdf: leader dot rows by geometry', new Map<string, string>());
/** How many rows of leader dots were drawn, and how many written from `leaderRows` (tests). */
export const leaderReuse = { drawn: 0, reused: 0 };

/** pdfkit's ellipse's Bézier constant (its vector mixin, 0.20.2) */
const KAPPA = 4.0 * ((Math.sqrt(2) - 1.0) / 3.0);

/** A coordinate as pdfkit writes it into an operator (`PDFObject.number`, then the number's string). */
function pdfNumber(n: number): string {
  if (n > -1e21 && n < 1e21) return `${Math.round(n * 1e6) / 1e6}`;
  throw new Error(`unsupported number: ${n}`);
}

/**
 * One axis of pdfkit's ellipse about `centre` (0.20.2: `x -= r; xm = x + r; xe = x + r * 2`, the curves'
 * control points `xm ∓ r * KAPPA`), formatted: near side, middle, middle − offset, middle + offset, far side.
 */
function ellipseAxis(centre: number, radius: number): [string, string, string, string, string] {
  const offset = radius * KAPPA;
  const near = centre - radius;
  const mid = near + radius;
  return [
    pdfNumber(near),
    pdfNumber(mid),
    pdfNumber(mid - offset),
    pdfNumber(mid + offset),
    pdfNumber(near + radius * 2),
  ];
}

/**
 * The operators of pdfkit's `circle(start + i * step, y, radius)` for i = 0..count, newline-separated:
 * its ellipse's move, four Bézier curves and close, with its arithmetic — the same bytes. Through
 * pdfkit each dot formatted 26 coordinates in six drawing calls (~35,000 instructions a dot at V8's
 * baseline tier); a row's dots share their y coordinates, formatted here once a row.
 */
function dotOperators(start: number, step: number, count: number, y: number, radius: number): string {
  // (indexed, not destructured: an array pattern goes through the iterator protocol at the baseline tier)
  const ys = ellipseAxis(y, radius);
  const y0 = ys[0];
  const ym = ys[1];
  const yUp = ys[2];
  const yDown = ys[3];
  const ye = ys[4];
  const dots: string[] = [];
  for (let i = 0; i <= count; i++) {
    const xs = ellipseAxis(start + i * step, radius);
    const x0 = xs[0];
    const xm = xs[1];
    const xIn = xs[2];
    const xOut = xs[3];
    const xe = xs[4];
    dots.push(
      `${x0} ${ym} m\n${x0} ${yUp} ${xIn} ${y0} ${xm} ${y0} c\n${xOut} ${y0} ${xe} ${yUp} ${xe} ${ym} c\n` +
        `${xe} ${yDown} ${xOut} ${ye} ${xm} ${ye} c\n${xIn} ${ye} ${x0} ${yDown} ${x0} ${ym} c\nh`,
    );
  }
  return dots.join('\n');
}
/** (tests) */
export const leaderDotsForTests = { dotOperators };

function leaderDots(
  pdf: InstanceType<typeof PDFDocument>,
  internals: ReturnType<typeof pdfInternals>,
  r: { x0: number; x1: number; y: number; weight: number },
): void {
  const key = `${r.x0} ${r.x1} ${r.y} ${r.weight}`;
  const ops = leaderRows.get(key);
  if (ops !== undefined) {
    leaderReuse.reused++;
    internals.addContent(ops);
    return;
  }
  leaderReuse.drawn++;
  const recorded = recordContent(pdf, () => {
    const step = r.weight * 4;
    const count = Math.floor((r.x1 - r.x0) / step);
    const start = r.x1 - count * step; // align the dots on the right, next to the page number
    if (count >= 0) internals.addContent(dotOperators(start, step, count, r.y, r.weight / 2));
    pdf.fill();
  });
  if (leaderRows.size >= 1024) leaderRows.clear();
  leaderRows.set(key, recorded);
}

interface Drawing {
  /** the font file drawn from (its outlines are read in before the subset is embedded) */
  loaded: LoadedFont;
  tables: FontTables;
  face: EmbeddedFace;
  /** The subset's glyph id of each glyph id drawn, + 1 (0: not in the subset yet) */
  subsetId: Int32Array;
  /** The subset's next glyph id (glyph 0, .notdef, is the subset's first) */
  next: number;
  /** The glyph ids drawn, in first-use order (the subset's), and the text of each first use */
  firstUse: { ids: number[]; texts: string[] };
  /**
   * Each subset glyph's advance (em), by subset id: read from the font once, at the glyph's first use,
   * rather than for every glyph drawn (`FontTables.advance`, four calls deep: ~1,100 instructions a
   * glyph at V8's baseline tier)
   */
  advances: number[];
}

/**
 * A run's text operators as written by the last build, and what they depend on beyond the run itself
 * (the typesetter keeps unchanged paragraphs' runs as the same objects across builds, watch): the
 * font's resource name (by first use), the line's left edge and baseline on the page, and the subset's
 * glyph id of each glyph — which follow first use, so an edit earlier in the document can renumber a
 * later run's glyphs. Held weakly: a run the typesetter forgets takes its entry with it; cleared with
 * the other caches when a font changes (its advances are in the operators).
 */
interface RunOperators {
  fontId: string;
  left: number;
  baseline: number;
  gids: Int32Array;
  ops: string;
}
class RunOperatorMemo {
  private map = new WeakMap<GlyphRun, RunOperators>();
  get(run: GlyphRun): RunOperators | undefined {
    return this.map.get(run);
  }
  set(run: GlyphRun, v: RunOperators): void {
    this.map.set(run, v);
  }
  clear(): void {
    this.map = new WeakMap();
  }
}
const runOperators = registerCache('pdf: text operators by typeset run', new RunOperatorMemo());
/** How many runs' operators were written from `runOperators`, and how many generated (tests). */
export const runOperatorReuse = { reused: 0, written: 0 };

/** Scratch for a run's subset glyph ids (grown as needed; copied when kept). */
let scratchIds = new Int32Array(256);

/**
 * The subset's glyph id of each of the run's glyphs. A glyph's first use in the document gives it the
 * subset's next id and is recorded with its text (for ToUnicode: the text of the glyph's first use);
 * the subset itself is filled once all glyphs are drawn (`fillSubset`), and only for a face whose
 * glyphs differ from the last build's (`EmbeddedFace.settle`).
 */
function subsetIds(run: GlyphRun, drawing: Drawing): Int32Array {
  const { subsetId, firstUse } = drawing;
  const glyphs = run.glyphs;
  const n = glyphs.length;
  if (scratchIds.length < n) scratchIds = new Int32Array(n * 2);
  const out = scratchIds;
  for (let k = 0; k < n; k++) {
    const gl = glyphs[k]!;
    let gid = subsetId[gl.id]! - 1;
    if (gid < 0) {
      // the glyph's first use in this document (subsetId is per document; nothing else sets these).
      // The subset starts with glyph 0, which fontkit's includeGlyph finds there instead of adding it.
      gid = gl.id === 0 ? 0 : drawing.next++;
      subsetId[gl.id] = gid + 1;
      firstUse.ids.push(gl.id);
      firstUse.texts.push(gl.text);
      drawing.advances[gid] = drawing.tables.advance(gl.id);
    }
    out[k] = gid;
  }
  return out;
}

/**
 * pdfkit's subset, widths and ToUnicode text of each glyph drawn, in first-use order: what pdfkit's own
 * text drawing records (a glyph that stands for no text of its own, the tail of a cluster, maps to
 * nothing — pdfkit's CMap writer needs an entry for every glyph). Each glyph must get the id it was
 * drawn with.
 */
function fillSubset(font: EmbeddedFont, drawing: Drawing): void {
  const { ids, texts } = drawing.firstUse;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    const gid = font.subset.includeGlyph(id);
    if (gid !== drawing.subsetId[id]! - 1)
      throw new Error(`pdf: glyph ${id} drawn as ${drawing.subsetId[id]! - 1}, subset ${gid}`);
    if (font.widths[gid] == null) font.widths[gid] = drawing.advances[gid]! * 1000;
    if (font.unicode[gid] == null) font.unicode[gid] = codePoints(texts[k]!);
  }
}

/**
 * The code points of `text`, as `Array.from(text, (c) => c.codePointAt(0))` gives them (a lone
 * surrogate as itself) — without the string iterator and a call per character, which were most of
 * the first-use bookkeeping's time (a glyph's first use in each build: ~3 000 for the sample).
 */
export function codePoints(text: string): number[] {
  if (text.length === 1) return [text.charCodeAt(0)];
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

function sameIds(a: Int32Array, b: Int32Array, n: number): boolean {
  if (a.length !== n) return false;
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** `Math.round`, read once (at V8's baseline tier each `Math.round` is a global and a property load). */
const round = Math.round;

/**
 * A run's text operators, newline-separated (written as one `addContent`: the same bytes as one
 * operator at a time). Each glyph advances by the font's width plus Tc; Tc is set so that the pen
 * lands on the next glyph's x. Positions are tracked as written (rounded) so rounding never accumulates.
 * The run's glyphs and size are read once and each glyph's hex looked up in place: a cold build runs
 * this loop at V8's baseline tier, where every property load and call per glyph costs (~4,700 glyphs
 * for the sample).
 */
function textOperators(
  run: GlyphRun,
  fontId: string,
  left: number,
  baseline: number,
  gids: Int32Array,
  advances: readonly number[],
): string {
  const glyphs = run.glyphs;
  const n = glyphs.length;
  const size = run.size;
  const x0 = left + glyphs[0]!.x;
  const ops = [`/${fontId} ${num(size)} Tf`, `1 0 0 1 ${num(x0)} ${num(baseline)} Tm`];
  let pen = x0;
  let tc = Number.NaN;
  let pending = '';
  for (let k = 0; k < n; k++) {
    const gl = glyphs[k]!;
    const target = left + gl.x;
    const off = target - pen;
    // |off| > MOVE_TOLERANCE without a call to Math.abs (false for NaN either way)
    if (off > MOVE_TOLERANCE || off < -MOVE_TOLERANCE) {
      // The engine placed this glyph off the pen (a centred interpunct): move there.
      if (pending) ops.push(`<${pending}> Tj`);
      pending = '';
      ops.push(`1 0 0 1 ${num(target)} ${num(baseline)} Tm`);
      pen = target;
    }
    const gid = gids[k]!;
    const natural = advances[gid]! * size;
    const want = round((target + gl.advance - pen - natural) * 1000) / 1000;
    if (want !== tc) {
      if (pending) ops.push(`<${pending}> Tj`);
      pending = '';
      ops.push(`${num(want)} Tc`);
      tc = want;
    }
    const hex = HEX4[gid];
    pending += hex === undefined ? hex4(gid) : hex;
    pen += natural + tc;
  }
  if (pending) ops.push(`<${pending}> Tj`);
  // joined: one flat string (kept and written again), not a rope of every piece appended
  return ops.join('\n');
}

/**
 * The last PDF document written by a build that another may follow (watch, a batch: writePdf's `reuse`),
 * held until the next one is written. Why: at a full collection V8 drops every hidden class that no
 * live object has — with it the class a field type names — and between two documents no pdfkit object
 * was alive: the next document's PDFDocument constructor generalised the field type of its `outline`
 * again, and V8 threw away the optimised code that relied on it. In a batch that was writePdf, the
 * largest of TurboFan's compiles (83–94 ms): a full collection falls inside so long a compile, and its
 * code was dropped at its first call (at `new PDFDocument`), after which writePdf ran at the baseline
 * tier for the rest of the batch, TurboFan being stopped by then (src/pipeline/batch.ts). One document
 * kept keeps pdfkit's hidden classes (~2–4 MB, most of it the document's buffers).
 */
const lastWritten: { pdf?: object } = {};

/** Whether a PDF document is held for the next (tests) */
export function pdfDocumentHeld(): boolean {
  return lastWritten.pdf !== undefined;
}

/**
 * The handout's PDF. `reuse`: a later build in this process may reuse what this one deflates (watch, a
 * batch); false for a build of one transcript, whose streams are then deflated without being hashed and
 * kept (the same bytes), and whose pdfkit document is not held (lastWritten).
 */
export function writePdf(
  doc: TypesetDocument,
  fonts: ReadonlyMap<string, LoadedFont>,
  meta: PdfMeta,
  reuse = true,
): Promise<Buffer> {
  const pdf = new PDFDocument({
    autoFirstPage: false,
    // no default Helvetica: nothing here is set in a standard font
    font: null as unknown as string,
    compress: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
    // A tagged PDF (PDF/UA-1 declared): structure tree, reading order, artefacts for the page furniture.
    tagged: true,
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    info: {
      Title: meta.title,
      Subject: meta.subject,
      Author: meta.author,
      Keywords: meta.keywords,
      Creator: 'lectern',
      Producer: 'lectern (pdfkit)',
      CreationDate: meta.date,
      ModDate: meta.date,
    },
  });
  const internals = pdfInternals(pdf);
  // After an edit, unchanged pages' content streams are deflated once (same bytes: zlib is deterministic).
  memoiseStreamDeflate(pdf, reuse);
  // A page's content operators are written to its stream as one chunk, not one chunk each.
  batchContentWrites(pdf);
  // The file's pieces gathered and joined once, not pushed one by one through pdfkit's stream.
  const done = gatherOutput(pdf);

  // One pdfkit font per file, registered under its path: lectern's stand-in for fontkit's font read
  // from the file (a single TrueType font), else fontkit's (src/fonts/index.ts, `embeddable`).
  for (const [key, f] of fonts) pdf.registerFont(key, f.embeddable as unknown as string);
  // Per embedded font: its advances, the subset's glyph id of each glyph id drawn (by glyph id, + 1;
  // fontkit's includeGlyph looks each up in an object keyed by glyph id), and the glyphs drawn — whose outlines
  // must be in memory before pdfkit embeds the subsets.
  const drawingOf = new Map<EmbeddedFont, Drawing>();
  const keep = rebuildsExpected();

  // The structure tree: one element per StructNode under a Document element, in reading order.
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const elements = new Map<number, PDFKit.PDFStructureElement>();
  for (const n of doc.structure) {
    const e = pdf.struct(n.role);
    (n.parent === null ? root : elements.get(n.parent)!).add(e);
    elements.set(n.id, e);
  }
  const roleOf = new Map(doc.structure.map((n) => [n.id, n.role]));

  for (const page of doc.pages) {
    pdf.addPage({ size: [page.width, page.height], margin: 0 });
    pdf.fillColor([0, 0, 0, 100]).strokeColor([0, 0, 0, 100]);
    // Rules and leader dots are decoration: artefacts, not content.
    if (page.rules.length) pdf.markContent('Artifact', { type: 'Layout' });
    for (const r of page.rules) {
      if (r.kind === 'rule') {
        pdf.moveTo(r.x0, r.y).lineTo(r.x1, r.y).lineWidth(r.weight).stroke();
      } else {
        leaderDots(pdf, internals, r);
      }
    }
    if (page.rules.length) pdf.endMarkedContent();
    // Text: back to PDF's own coordinates (pdfkit flips the page), as pdfkit's own text() does.
    pdf.save();
    pdf.transform(1, 0, 0, -1, 0, page.height);
    internals.addContent('BT');
    for (const pl of page.lines) {
      // Each line is marked content of its structure element; running heads and folios are artefacts.
      const element = pl.block === null ? undefined : elements.get(pl.block);
      const content = element ? pdf.markStructureContent(roleOf.get(pl.block!)!) : undefined;
      if (!element) pdf.markContent('Artifact', { type: 'Pagination' });
      for (const run of pl.line.runs) {
        if (run.glyphs.length === 0) continue;
        pdf.font(run.font);
        const font = internals.currentFont();
        let drawing = drawingOf.get(font);
        if (!drawing) {
          const loaded = fonts.get(run.font)!;
          drawing = {
            loaded,
            tables: loaded.tables,
            face: prepareEmbeddedFont(pdf, font, loaded.key),
            subsetId: new Int32Array(65536),
            next: 1,
            firstUse: { ids: [], texts: [] },
            advances: [],
          };
          drawingOf.set(font, drawing);
        }
        const pageFonts = internals.pageFonts();
        if (pageFonts[font.id] == null) pageFonts[font.id] = font.ref();
        const baseline = page.height - (pl.y + run.y);
        // The subset's glyph ids first (first uses add glyphs, widths and ToUnicode text, in drawing
        // order), then the run's operators: those of the last build when nothing they depend on changed.
        const gids = subsetIds(run, drawing);
        const memo = runOperators.get(run);
        if (
          memo !== undefined &&
          memo.fontId === font.id &&
          memo.left === pl.left &&
          memo.baseline === baseline &&
          sameIds(memo.gids, gids, run.glyphs.length)
        ) {
          runOperatorReuse.reused++;
          internals.addContent(memo.ops);
        } else {
          runOperatorReuse.written++;
          const ops = textOperators(run, font.id, pl.left, baseline, gids, drawing.advances);
          internals.addContent(ops);
          if (keep)
            runOperators.set(run, {
              fontId: font.id,
              left: pl.left,
              baseline,
              gids: gids.slice(0, run.glyphs.length),
              ops,
            });
        }
      }
      pdf.endMarkedContent();
      if (element && content) element.add(content);
    }
    internals.addContent('0 Tc');
    internals.addContent('ET');
    pdf.restore();
  }

  const addOutline = (parent: typeof pdf.outline, list: OutlineEntry[]) => {
    for (const e of list) {
      const p = doc.pages[e.page]!;
      const item = parent.addItem(e.title, {
        pageNumber: e.page,
        top: Math.max(0, e.top),
        left: p.width, // pdfkit computes left = page width − options.left
        expanded: true,
      } as Parameters<typeof parent.addItem>[1]);
      addOutline(item, e.children);
    }
  };
  addOutline(pdf.outline, doc.outline);

  // Each face: the last build's bytes when its glyphs are the same, else its subset filled — whose
  // glyphs' outlines must then be in memory before pdfkit embeds it.
  for (const [font, drawing] of drawingOf) {
    drawing.face.settle(
      drawing.firstUse,
      () => {
        fillSubset(font, drawing);
        drawing.loaded.ensureGlyphs(drawing.firstUse.ids);
      },
      keep,
    );
  }
  const finish = (): Promise<Buffer> => {
    root.end();
    pdf.end();
    lastWritten.pdf = reuse ? pdf : undefined;
    return done;
  };
  if (!fontFilesOffThread()) return finish();
  const files: Promise<void>[] = [];
  for (const drawing of drawingOf.values()) {
    const file = drawing.face.deflateFileOffThread();
    if (file) files.push(file);
  }
  return files.length ? Promise.all(files).then(finish) : finish();
}
