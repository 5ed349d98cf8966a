// Draws a typeset document with pdfkit, exactly as the typesetter placed it: every glyph by id, every
// pen advance as computed. Fonts are embedded as subsets with ToUnicode (pdfkit's EmbeddedFont), the
// outline and metadata are written, and the dates come from the settings so builds are reproducible.
import PDFDocument from 'pdfkit';
import type { LoadedFont } from '../fonts';
import type { OutlineEntry, TypesetDocument } from '../typeset/types';

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  keywords: string;
  /** CreationDate and ModDate (never the clock) */
  date: Date;
}

/** The parts of pdfkit's EmbeddedFont we drive directly (not in @types/pdfkit). */
interface EmbeddedFontInternals {
  id: string;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
}
interface DocInternals {
  _font: EmbeddedFontInternals;
  page: { fonts: Record<string, unknown> };
  addContent(data: string): void;
}

/** PDF number: at most 3 decimals, no trailing zeros, no "-0". */
function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  if (Object.is(r, -0) || r === 0) return '0';
  return String(r);
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

export function writePdf(doc: TypesetDocument, fonts: ReadonlyMap<string, LoadedFont>, meta: PdfMeta): Promise<Buffer> {
  const pdf = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.7',
    lang: 'zh-CN',
    displayTitle: true,
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
  const internals = pdf as unknown as DocInternals;
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  // One pdfkit font per file, registered under its path, all sharing the parsed fontkit objects.
  const advanceCache = new Map<string, Map<number, number>>();
  for (const [key, f] of fonts) pdf.registerFont(key, f.font as unknown as string);
  const fontAdvance = (key: string, id: number): number => {
    let m = advanceCache.get(key);
    if (!m) advanceCache.set(key, (m = new Map()));
    let a = m.get(id);
    if (a === undefined) {
      const f = fonts.get(key)!.font;
      a = f.getGlyph(id).advanceWidth / f.unitsPerEm;
      m.set(id, a);
    }
    return a;
  };

  for (const page of doc.pages) {
    pdf.addPage({ size: [page.width, page.height], margin: 0 });
    pdf.fillColor([0, 0, 0, 100]).strokeColor([0, 0, 0, 100]);
    for (const r of page.rules) {
      if (r.kind === 'rule') {
        pdf.moveTo(r.x0, r.y).lineTo(r.x1, r.y).lineWidth(r.weight).stroke();
      } else {
        const step = r.weight * 4;
        const count = Math.floor((r.x1 - r.x0) / step);
        const start = r.x1 - count * step; // align the dots on the right, next to the page number
        for (let i = 0; i <= count; i++) pdf.circle(start + i * step, r.y, r.weight / 2);
        pdf.fill();
      }
    }
    // Text: back to PDF's own coordinates (pdfkit flips the page), as pdfkit's own text() does.
    pdf.save();
    pdf.transform(1, 0, 0, -1, 0, page.height);
    internals.addContent('BT');
    for (const pl of page.lines) {
      for (const run of pl.line.runs) {
        if (run.glyphs.length === 0) continue;
        pdf.font(run.font);
        const font = internals._font;
        if (internals.page.fonts[font.id] == null) internals.page.fonts[font.id] = font.ref();
        const baseline = page.height - (pl.y + run.y);
        const x0 = pl.left + run.glyphs[0]!.x;
        internals.addContent(`/${font.id} ${num(run.size)} Tf`);
        internals.addContent(`1 0 0 1 ${num(x0)} ${num(baseline)} Tm`);
        // Each glyph advances by the font's width plus Tc; Tc is set so that the pen lands on the next
        // glyph's x. Positions are tracked as written (rounded) so rounding never accumulates.
        let pen = x0;
        let tc = Number.NaN;
        let pending: string[] = [];
        const flush = () => {
          if (pending.length) internals.addContent(`<${pending.join('')}> Tj`);
          pending = [];
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
          const gid = font.subset.includeGlyph(gl.id);
          if (font.widths[gid] == null) font.widths[gid] = fontAdvance(run.font, gl.id) * 1000;
          if (font.unicode[gid] == null && gl.text !== '') font.unicode[gid] = Array.from(gl.text, (c) => c.codePointAt(0)!);
          const natural = fontAdvance(run.font, gl.id) * run.size;
          const want = Math.round((target + gl.advance - pen - natural) * 1000) / 1000;
          if (want !== tc) {
            flush();
            internals.addContent(`${num(want)} Tc`);
            tc = want;
          }
          pending.push(hex4(gid));
          pen += natural + tc;
        }
        flush();
      }
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

  pdf.end();
  return done;
}
