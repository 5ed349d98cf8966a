// Draws a typeset document with pdfkit, exactly as the typesetter placed it: every glyph by id, every
// pen advance as computed. Fonts are embedded as subsets with ToUnicode (pdfkit's EmbeddedFont), the
// outline and metadata are written, and the dates come from the settings so builds are reproducible.
import PDFDocument from 'pdfkit';
import type { LoadedFont } from '../fonts';
import type { OutlineEntry, TypesetDocument } from '../typeset';
import { FontTables } from '../fonts/tables';
import { registerCache } from '../cache';
import {
  batchContentWrites,
  type EmbeddedFont,
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

/** A subset glyph id as 4 hex digits (memoised: the same few thousand ids on every page). */
const HEX4: string[] = [];
function hex4(n: number): string {
  let h = HEX4[n];
  if (h === undefined) HEX4[n] = h = n.toString(16).padStart(4, '0');
  return h;
}

/**
 * The path operators of a row of leader dots by its geometry: pdfkit's circle() formats 26 numbers a
 * dot, the same on every build of a contents page (watch), so a row's operators are recorded once and
 * written again as they were.
 */
const leaderRows = registerCache('pdf: leader dot rows by geometry', new Map<string, string>());
/** How many rows of leader dots were drawn through pdfkit, and how many written from `leaderRows` (tests). */
export const leaderReuse = { drawn: 0, reused: 0 };

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
    for (let i = 0; i <= count; i++) pdf.circle(start + i * step, r.y, r.weight / 2);
    pdf.fill();
  });
  if (leaderRows.size >= 1024) leaderRows.clear();
  leaderRows.set(key, recorded);
}

export function writePdf(doc: TypesetDocument, fonts: ReadonlyMap<string, LoadedFont>, meta: PdfMeta): Promise<Buffer> {
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
  memoiseStreamDeflate(pdf);
  // A page's content operators are written to its stream as one chunk, not one chunk each.
  batchContentWrites(pdf);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  // One pdfkit font per file, registered under its path, all sharing the parsed fontkit objects.
  for (const [key, f] of fonts) pdf.registerFont(key, f.font as unknown as string);
  // Per embedded font: its advances, the subset's glyph id of each glyph id drawn (by glyph id, + 1;
  // fontkit's includeGlyph looks each up in an object keyed by glyph id), and the glyphs drawn — whose outlines
  // must be in memory before pdfkit embeds the subsets.
  const drawingOf = new Map<EmbeddedFont, { tables: FontTables; subsetId: Int32Array; ids: Set<number> }>();
  const drawn = new Map<string, Set<number>>();

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
          prepareEmbeddedFont(pdf, font, fonts.get(run.font)!.key);
          drawing = {
            tables: FontTables.of(fonts.get(run.font)!.font),
            subsetId: new Int32Array(65536),
            ids: new Set(),
          };
          drawingOf.set(font, drawing);
          drawn.set(run.font, drawing.ids);
        }
        const { tables, subsetId, ids } = drawing;
        const pageFonts = internals.pageFonts();
        if (pageFonts[font.id] == null) pageFonts[font.id] = font.ref();
        const baseline = page.height - (pl.y + run.y);
        const x0 = pl.left + run.glyphs[0]!.x;
        internals.addContent(`/${font.id} ${num(run.size)} Tf`);
        internals.addContent(`1 0 0 1 ${num(x0)} ${num(baseline)} Tm`);
        // Each glyph advances by the font's width plus Tc; Tc is set so that the pen lands on the next
        // glyph's x. Positions are tracked as written (rounded) so rounding never accumulates.
        let pen = x0;
        let tc = Number.NaN;
        let pending = '';
        const flush = () => {
          if (pending) internals.addContent(`<${pending}> Tj`);
          pending = '';
        };
        for (let k = 0; k < run.glyphs.length; k++) {
          const gl = run.glyphs[k]!;
          const target = pl.left + gl.x;
          if (Math.abs(target - pen) > 0.0015) {
            // The engine placed this glyph off the pen (a centred interpunct): move there.
            flush();
            internals.addContent(`1 0 0 1 ${num(target)} ${num(baseline)} Tm`);
            pen = target;
          }
          const advance = tables.advance(gl.id);
          let gid = subsetId[gl.id]! - 1; // stored + 1: 0 is "not in the subset yet"
          if (gid < 0) {
            ids.add(gl.id);
            gid = font.subset.includeGlyph(gl.id);
            subsetId[gl.id] = gid + 1;
          }
          if (font.widths[gid] == null) font.widths[gid] = advance * 1000;
          // ToUnicode: the text of the glyph's first use (a glyph that stands for no text of its own, the
          // tail of a cluster, maps to nothing — pdfkit's CMap writer needs an entry for every glyph).
          if (font.unicode[gid] == null) font.unicode[gid] = Array.from(gl.text, (c) => c.codePointAt(0)!);
          const natural = advance * run.size;
          const want = Math.round((target + gl.advance - pen - natural) * 1000) / 1000;
          if (want !== tc) {
            flush();
            internals.addContent(`${num(want)} Tc`);
            tc = want;
          }
          pending += hex4(gid);
          pen += natural + tc;
        }
        flush();
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

  for (const [key, ids] of drawn) fonts.get(key)!.ensureGlyphs(ids);
  root.end();
  pdf.end();
  return done;
}
