// Patches to fontkit 2.0.4 (pinned in package.json). See README.md for the inventory and the gains.
// Each reaches into fontkit's internals and checks them first: a missing member throws.
import type { Font } from 'fontkit';
import { expectShape } from './patch';

const LIB = 'fontkit 2.0.4';

type TableDirectory = Record<string, { offset: number; length: number } | undefined>;

/** fontkit's raw font data: the file bytes and the table directory (internals, stable across fontkit 2.x). */
interface FontInternals {
  directory?: { tables?: TableDirectory };
  stream?: { buffer?: Uint8Array };
  _tables?: Record<string, unknown>;
}

/**
 * The bytes and table directory fontkit holds for `font`, for the direct table readers of
 * src/fonts/tables.ts (fontkit's own cmap, hmtx and GSUB/GPOS readers cost ~25 ms a font cold).
 */
export function rawFontData(font: Font): { buffer: Uint8Array; tables: TableDirectory } {
  const f = font as unknown as FontInternals;
  const buffer = f.stream?.buffer;
  const tables = f.directory?.tables;
  expectShape(buffer instanceof Uint8Array, LIB, 'raw-font-data', 'font.stream.buffer is not a Uint8Array');
  expectShape(tables && typeof tables === 'object', LIB, 'raw-font-data', 'font.directory.tables is missing');
  return { buffer, tables };
}

/**
 * Gives fontkit the `loca` table decoded by a plain loop. fontkit decodes it through its generic
 * struct reader, ~35 ms for the 30 000 glyphs of a CJK font, the first time anything (pdfkit's
 * subsetter, a glyph's metrics) touches it; the values are the same (offsets in bytes, as fontkit's
 * own `process()` leaves them). A CFF font has no `loca`: nothing to do.
 */
export function seedLoca(font: Font, bytes: Uint8Array): void {
  const f = font as unknown as FontInternals;
  const { tables } = rawFontData(font);
  const loca = tables.loca;
  const head = tables.head;
  if (!loca || !head) return;
  expectShape(
    f._tables && typeof f._tables === 'object',
    LIB,
    'seed-loca',
    'font._tables (the decoded-table cache) is missing',
  );
  if ('loca' in f._tables) return; // already decoded
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const long = view.getInt16(head.offset + 50) === 1;
  const n = long ? loca.length >>> 2 : loca.length >>> 1;
  const offsets = new Array<number>(n);
  for (let i = 0; i < n; i++)
    offsets[i] = long ? view.getUint32(loca.offset + i * 4) : view.getUint16(loca.offset + i * 2) * 2;
  f._tables.loca = { version: long ? 1 : 0, offsets, _processed: true };
}

/** fontkit's TrueType subset (TTFSubset), as pdfkit's EmbeddedFont holds it. */
interface TTFSubsetInternals {
  font: FontInternals & {
    loca?: { offsets: number[] };
    hhea?: { numberOfMetrics?: number };
    _variationProcessor?: unknown;
  };
  glyf?: Uint8Array[];
  loca?: { offsets: number[] };
  hmtx?: { metrics: { advance: number; bearing: number }[] };
  offset?: number;
  _addGlyph?(gid: number): number;
}

/**
 * Speeds up fontkit's TrueType subsetter: its _addGlyph decodes every glyph's outline only to learn
 * whether it is composite, and reads the advance through the outline too (~150 µs a glyph). For a
 * simple glyph the bytes and metrics are copied straight from glyf/hmtx; composite glyphs still take
 * fontkit's own path. The output is byte-identical. Not for CFF fonts (no glyf) or variable fonts
 * (fontkit rewrites their outlines): those subsets are left alone.
 */
export function fastSimpleGlyphSubset(subsetObject: unknown): void {
  const subset = subsetObject as TTFSubsetInternals;
  const font = subset.font;
  expectShape(font && typeof font === 'object', LIB, 'fast-simple-glyph-subset', 'subset.font is missing');
  const tables = font.directory?.tables;
  if (!tables?.glyf || font._variationProcessor) return;
  const glyf = tables.glyf;
  const hmtx = tables.hmtx;
  const buf = font.stream?.buffer;
  const count = font.hhea?.numberOfMetrics;
  expectShape(
    typeof subset._addGlyph === 'function',
    LIB,
    'fast-simple-glyph-subset',
    'TTFSubset._addGlyph is missing',
  );
  expectShape(
    hmtx && buf && count,
    LIB,
    'fast-simple-glyph-subset',
    'font hmtx, stream.buffer or hhea.numberOfMetrics is missing',
  );
  const original = subset._addGlyph.bind(subset);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = subset as Required<TTFSubsetInternals>;
  let checked = false;
  subset._addGlyph = (gid: number): number => {
    if (!checked) {
      // encode() creates these just before it adds the glyphs
      expectShape(
        Array.isArray(subset.glyf) &&
          Array.isArray(subset.loca?.offsets) &&
          Array.isArray(subset.hmtx?.metrics) &&
          typeof subset.offset === 'number' &&
          Array.isArray(font.loca?.offsets),
        LIB,
        'fast-simple-glyph-subset',
        'TTFSubset.encode() no longer sets up glyf, loca.offsets, hmtx.metrics and offset before _addGlyph',
      );
      checked = true;
    }
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
    out.glyf.push(buf.subarray(start, start + length));
    out.loca.offsets.push(out.offset);
    out.hmtx.metrics.push({ advance, bearing });
    out.offset += length;
    return out.glyf.length - 1;
  };
}
