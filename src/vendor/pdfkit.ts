// Patches to pdfkit 0.20.2 (pinned in package.json). See README.md for the inventory and the gains.
// lectern draws every glyph by id at the position its typesetter computed, which pdfkit's public API
// (text layout by strings) cannot do; it drives pdfkit's EmbeddedFont and content stream directly.
// Each accessor checks the members it needs: a missing member throws.
import { deflateSync } from 'node:zlib';
import type PDFDocument from 'pdfkit';
import { fastSimpleGlyphSubset } from './fontkit';
import { expectShape } from './patch';
import { registerCache } from '../cache';

const LIB = 'pdfkit 0.20.2';

/** The parts of pdfkit's EmbeddedFont lectern drives directly (not in @types/pdfkit). */
export interface EmbeddedFont {
  id: string;
  subset: { includeGlyph(id: number): number; encode(): Uint8Array; glyphs: number[] };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
  embed(): void;
}

/** The document's current font and page, and its content stream. */
export interface PdfInternals {
  /** The font set by the last `pdf.font(…)` (checked) */
  currentFont(): EmbeddedFont;
  /** The current page's font resources */
  pageFonts(): Record<string, unknown>;
  addContent(data: string): void;
}

interface DocShape {
  _font?: EmbeddedFont;
  page?: { fonts?: Record<string, unknown> };
  addContent?(data: string): void;
  ref?(data?: object): PdfRefShape;
}
interface PdfRefShape {
  compress: boolean;
  data: Record<string, unknown>;
}

export function pdfInternals(pdf: InstanceType<typeof PDFDocument>): PdfInternals {
  const doc = pdf as unknown as DocShape;
  expectShape(typeof doc.addContent === 'function', LIB, 'draw-glyph-ids', 'PDFDocument.addContent is missing');
  return {
    currentFont() {
      const f = doc._font;
      expectShape(
        f &&
          typeof f.id === 'string' &&
          typeof f.subset?.includeGlyph === 'function' &&
          Array.isArray(f.widths) &&
          Array.isArray(f.unicode) &&
          typeof f.ref === 'function' &&
          typeof f.embed === 'function',
        LIB,
        'draw-glyph-ids',
        'PDFDocument._font is not an EmbeddedFont with id, subset.includeGlyph, widths, unicode, ref and embed',
      );
      return f;
    },
    pageFonts() {
      const fonts = doc.page?.fonts;
      expectShape(fonts && typeof fonts === 'object', LIB, 'draw-glyph-ids', 'PDFDocument.page.fonts is missing');
      return fonts;
    },
    addContent: (data) => doc.addContent!(data),
  };
}

/** Deflated font files by font and glyph list: a rebuild after an edit usually needs the same subset. */
const fontFileCache = registerCache('pdf: deflated font files by font key and glyphs', new Map<string, Buffer>());
const FONT_FILE_CACHE_MAX = 16;

/**
 * Prepares an EmbeddedFont the first time it is used: fontkit's subsetter copies simple glyphs
 * directly (fastSimpleGlyphSubset), and embed() takes the font file (subset + deflate, the costliest
 * part of a rebuild) from the cache under `key` (which must name the font's identity, not its path).
 * The bytes are exactly those pdfkit would write: same subset, same zlib call.
 */
export function prepareEmbeddedFont(pdf: InstanceType<typeof PDFDocument>, font: EmbeddedFont, key: string): void {
  const doc = pdf as unknown as DocShape;
  expectShape(typeof doc.ref === 'function', LIB, 'cached-font-file', 'PDFDocument.ref is missing');
  expectShape(
    typeof font.subset.encode === 'function',
    LIB,
    'cached-font-file',
    'EmbeddedFont.subset.encode is missing',
  );
  fastSimpleGlyphSubset(font.subset);
  const embed = font.embed.bind(font);
  font.embed = () => {
    const ref = doc.ref!;
    const encode = font.subset.encode;
    let fileRef: PdfRefShape | null = null;
    doc.ref = (data?: object) => {
      const r = ref.call(doc, data);
      fileRef ??= r; // embed() asks for the font file's reference first
      return r;
    };
    let encoded = false;
    font.subset.encode = () => {
      encoded = true;
      doc.ref = ref;
      expectShape(
        fileRef && typeof fileRef.compress === 'boolean' && fileRef.data && typeof fileRef.data === 'object',
        LIB,
        'cached-font-file',
        'EmbeddedFont.embed() no longer asks for the font file reference (a PDFReference with compress and data) before encoding the subset',
      );
      if (!fileRef.compress) return encode.call(font.subset);
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
    expectShape(encoded, LIB, 'cached-font-file', 'EmbeddedFont.embed() no longer calls subset.encode()');
  };
}
