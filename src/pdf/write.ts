// Draws a typeset document with pdfkit, exactly as the typesetter placed it: every glyph by id, every
// pen advance as computed. Fonts are embedded as subsets with ToUnicode (pdfkit's EmbeddedFont), the
// outline and metadata are written, and the dates come from the settings so builds are reproducible.
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { LoadedFont } from '../fonts';
import type { OutlineEntry, TypesetDocument } from '../typeset';
import { glyphAdvance } from '../typeset';

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

/** fontkit's TrueType subset, as pdfkit's EmbeddedFont holds it. */
interface TTFSubsetInternals {
  font: {
    loca?: { offsets: number[] };
    directory?: { tables?: Record<string, { offset: number } | undefined> };
    stream?: { buffer?: Uint8Array };
    hhea?: { numberOfMetrics?: number };
    _variationProcessor?: unknown;
  };
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  _addGlyph(gid: number): number;
}

/**
 * Speeds up fontkit's TrueType subsetter: its _addGlyph decodes every glyph's outline only to learn
 * whether it is composite, and reads the advance through the outline too (~150 µs a glyph). For a
 * simple glyph the bytes and metrics are copied straight from glyf/hmtx; composite glyphs and variable
 * fonts still take fontkit's own path. The output is byte-identical.
 */
function speedUpSubset(subset: TTFSubsetInternals): void {
  const font = subset.font;
  const glyf = font.directory?.tables?.glyf;
  const hmtx = font.directory?.tables?.hmtx;
  const buf = font.stream?.buffer;
  const count = font.hhea?.numberOfMetrics;
  if (!glyf || !hmtx || !buf || !count || font._variationProcessor || typeof subset._addGlyph !== 'function') return;
  const original = subset._addGlyph.bind(subset);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  subset._addGlyph = (gid: number): number => {
    const loca = font.loca!.offsets;
    const start = glyf.offset + loca[gid]!;
    const length = loca[gid + 1]! - loca[gid]!;
    if (length > 0 && view.getInt16(start) < 0) return original(gid); // composite: fontkit remaps components
    const m = gid < count ? gid : count - 1;
    const advance = view.getUint16(hmtx.offset + m * 4);
    const bearing =
      gid < count
        ? view.getInt16(hmtx.offset + gid * 4 + 2)
        : view.getInt16(hmtx.offset + count * 4 + (gid - count) * 2);
    subset.glyf.push(buf.subarray(start, start + length));
    subset.loca.offsets.push(subset.offset);
    subset.hmtx.metrics.push({ advance, bearing });
    subset.offset += length;
    return subset.glyf.length - 1;
  };
}

interface PdfRefInternals {
  compress: boolean;
  data: Record<string, unknown>;
}
interface EmbeddableFont {
  embed(): void;
  subset: { encode(): Uint8Array; glyphs: number[] };
}

/** Deflated font files by font and glyph list: a rebuild after an edit usually needs the same subset. */
const fontFileCache = new Map<string, Buffer>();
const FONT_FILE_CACHE_MAX = 16;

/** Forgets the cached font files (tests compare cached and uncached output). */
export function clearFontFileCache(): void {
  fontFileCache.clear();
}

/**
 * Lets pdfkit's EmbeddedFont.embed() take the font file (subset + deflate, the costliest part of a
 * rebuild) from the cache. The bytes are exactly those pdfkit would write: same subset, same zlib call.
 */
function cacheFontFile(doc: { ref(data?: object): PdfRefInternals }, font: EmbeddableFont, key: string): void {
  const embed = font.embed.bind(font);
  font.embed = () => {
    const ref = doc.ref;
    const encode = font.subset.encode;
    let fileRef: PdfRefInternals | null = null;
    doc.ref = (data?: object) => {
      const r = ref.call(doc, data);
      fileRef ??= r; // embed() asks for the font file's reference first
      return r;
    };
    font.subset.encode = () => {
      doc.ref = ref;
      if (!fileRef?.compress) return encode.call(font.subset);
      const k = `${key}:${font.subset.glyphs.join(',')}`;
      let deflated = fontFileCache.get(k);
      if (!deflated) {
        deflated = deflateSync(encode.call(font.subset));
        if (fontFileCache.size >= FONT_FILE_CACHE_MAX) fontFileCache.delete(fontFileCache.keys().next().value!);
        fontFileCache.set(k, deflated);
      }
      // Already deflated: tell pdfkit not to compress again (keys in pdfkit's own order).
      fileRef.compress = false;
      fileRef.data.Length ??= 0;
      fileRef.data.Filter = 'FlateDecode';
      return deflated;
    };
    try {
      embed();
    } finally {
      doc.ref = ref;
      font.subset.encode = encode;
    }
  };
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
    // no default Helvetica: nothing here is set in a standard font
    font: null as unknown as string,
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
  for (const [key, f] of fonts) pdf.registerFont(key, f.font as unknown as string);
  const sped = new Set<EmbeddedFontInternals>();
  // Glyphs drawn, by font: their outlines must be in memory before pdfkit embeds the subsets.
  const drawn = new Map<string, Set<number>>();
  const fontAdvance = (key: string, id: number): number => glyphAdvance(fonts.get(key)!, id);

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
        if (!sped.has(font)) {
          sped.add(font);
          speedUpSubset(font.subset as unknown as TTFSubsetInternals);
          cacheFontFile(
            pdf as unknown as { ref(data?: object): PdfRefInternals },
            font as unknown as EmbeddableFont,
            run.font,
          );
        }
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
          let ids = drawn.get(run.font);
          if (!ids) drawn.set(run.font, (ids = new Set()));
          ids.add(gl.id);
          const gid = font.subset.includeGlyph(gl.id);
          if (font.widths[gid] == null) font.widths[gid] = fontAdvance(run.font, gl.id) * 1000;
          // ToUnicode: the text of the glyph's first use (a glyph that stands for no text of its own, the
          // tail of a cluster, maps to nothing — pdfkit's CMap writer needs an entry for every glyph).
          if (font.unicode[gid] == null) font.unicode[gid] = Array.from(gl.text, (c) => c.codePointAt(0)!);
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

  for (const [key, ids] of drawn) fonts.get(key)!.ensureGlyphs(ids);
  pdf.end();
  return done;
}
