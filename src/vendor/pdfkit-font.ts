// A font object that pdfkit 0.20.2's EmbeddedFont takes in place of fontkit 2.0.4's Font, for a single
// TrueType font read from its bytes (src/fonts/index.ts loadFont: the default fonts). pdfkit's
// registerFont keeps any object with a `layout` method as the font, and EmbeddedFont reads only a few
// of its fields (names, metrics, head/post/OS/2 flags, glyph 0's advance) and makes a subset; lectern
// draws glyph ids and encodes the subset with its own one-pass encoder, so none of that needs fontkit.
// Parsing each handout font with fontkit — and setting fontkit's module up for it (restructure's
// definitions of every table) — was a cold build's largest use of fontkit on the main thread. Every
// field is what fontkit's getter gives for the same bytes, read the way fontkit reads it; where fontkit
// would read something else (a table shorter than its definition, an unusual name table, a version it
// does not know) `plainTrueTypeFont` says null and pdfkit gets fontkit's own font, as before.
import type { Font } from 'fontkit';
import { compositeIdOffsets } from '../fonts/sfnt';
import {
  type DecodedTables,
  decodeSubsetTables,
  encodeTrueTypeSubset,
  locaOffsets,
  type TableDirectory,
} from './fontkit';

/** name IDs fontkit's getters read: `familyName`, `postscriptName` */
const FAMILY_NAME_ID = 1;
const POSTSCRIPT_NAME_ID = 6;
/** fontkit's Windows language id for 'en' (its default language; the Mac one is 0) */
const WINDOWS_ENGLISH = 0x0409;
/** The post table versions fontkit's VersionedStruct knows (fixed 16.16) */
const POST_VERSIONS = new Set([0x00010000, 0x00020000, 0x00030000, 0x00040000]);
/** The OS/2 table's length up to the last field fontkit reads for each version (0–5) */
const OS2_SIZES = [68, 86, 96, 96, 96, 100];
/** Byte offsets in the OS/2 table */
const OS2_FAMILY_CLASS = 30;
const OS2_X_HEIGHT = 86;
const OS2_CAP_HEIGHT = 88;
const POST_HEADER_SIZE = 32;

/**
 * The English name `nameId` as fontkit's `getName` gives it (its default language 'en': the Mac
 * record of language 0 or the Windows one of 0x0409, the last one in the table winning), or null
 * when fontkit could give something else: a name table of version 1 (language tags), a platform
 * fontkit cannot decode (which loses it the whole table), an English record in another encoding, a
 * string its TextDecoder would change (a byte order mark, a surrogate, Mac Roman beyond ASCII), or
 * no English record (fontkit then takes another language's).
 */
export function englishName(bytes: Uint8Array, tables: TableDirectory, nameId: number): string | null {
  const table = tables.name;
  if (!table || table.offset + table.length > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const o = table.offset;
    if (view.getUint16(o) !== 0) return null;
    const count = view.getUint16(o + 2);
    const strings = o + view.getUint16(o + 4);
    let name: string | null = null;
    for (let i = 0; i < count; i++) {
      const r = o + 6 + i * 12;
      const platform = view.getUint16(r);
      if (platform > 3) return null;
      if (view.getUint16(r + 6) !== nameId) continue;
      const encoding = view.getUint16(r + 2);
      const language = view.getUint16(r + 4);
      if (!((platform === 1 && language === 0) || (platform === 3 && language === WINDOWS_ENGLISH))) continue;
      const length = view.getUint16(r + 8);
      const start = strings + view.getUint16(r + 10);
      if (start + length > bytes.length) return null;
      let s = '';
      if (platform === 3 && (encoding === 1 || encoding === 10)) {
        if (length % 2 !== 0) return null;
        for (let k = 0; k < length; k += 2) {
          const unit = view.getUint16(start + k);
          if ((unit >= 0xd800 && unit <= 0xdfff) || (k === 0 && unit === 0xfeff)) return null;
          s += String.fromCharCode(unit);
        }
      } else if (platform === 1 && encoding === 0) {
        for (let k = 0; k < length; k++) {
          const byte = bytes[start + k]!;
          if (byte >= 0x80) return null;
          s += String.fromCharCode(byte);
        }
      } else return null;
      name = s;
    }
    return name || null;
  } catch {
    return null;
  }
}

interface Metric {
  advance: number;
  bearing: number;
}

/**
 * A subset as fontkit's TTFSubset keeps it (glyphs in order, the mapping, and while encoding glyf,
 * loca, hmtx and offset), filled from the font file's bytes: a simple glyph's bytes and hmtx metrics
 * copied, a composite glyph's copied with each component's id replaced by its id in the subset (the
 * component added to the subset at its first use) — what fontkit's `_addGlyph` does. Encoded by the
 * one-pass encoder (src/vendor/fontkit.ts).
 */
export class PlainTrueTypeSubset {
  readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();
  glyf: Uint8Array[] = [];
  loca: { offsets: number[]; version?: number } = { offsets: [] };
  hmtx: { metrics: Metric[] } = { metrics: [] };
  offset = 0;

  constructor(readonly font: PlainTrueTypeFont) {
    this.includeGlyph(0); // fontkit's Subset: the missing glyph always first
  }

  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'object' ? glyph.id : glyph;
    let gid = this.mapping.get(id);
    if (gid === undefined) {
      this.glyphs.push(id);
      this.mapping.set(id, (gid = this.glyphs.length - 1));
    }
    return gid;
  }

  _addGlyph(gid: number): number {
    const font = this.font;
    const start = font.glyfOffset + font.loca.offsets[gid]!;
    const length = font.loca.offsets[gid + 1]! - font.loca.offsets[gid]!;
    let glyph = font.bytes.subarray(start, start + length);
    const components = compositeIdOffsets(font.bytes, start, start + length);
    if (components.length > 0) {
      // composite: its components' ids become the subset's (fontkit's TTFGlyph._decodeComposite walk)
      glyph = new Uint8Array(glyph);
      const out = new DataView(glyph.buffer);
      for (const at of components) out.setUint16(at - start, this.includeGlyph(font.view.getUint16(at)));
    }
    this.glyf.push(glyph);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push(font.metric(gid));
    this.offset += glyph.length;
    return this.glyf.length - 1;
  }

  encode(): Uint8Array {
    return encodeTrueTypeSubset(this as unknown as Parameters<typeof encodeTrueTypeSubset>[0]);
  }
}

/** What `plainTrueTypeFont` reads beside the subset's tables. */
interface PlainFields {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  xHeight: number | undefined;
  capHeight: number | undefined;
  italicAngle: number;
  isFixedPitch: number;
  familyClass: number | undefined;
}

/**
 * The fields of fontkit's Font that pdfkit's EmbeddedFont reads, and the decoded tables lectern's
 * subset encoder reads, for a single TrueType font (see the top of this file).
 */
export class PlainTrueTypeFont {
  readonly view: DataView;
  readonly directory: { tables: TableDirectory };
  readonly _variationProcessor = null;
  readonly head: NonNullable<DecodedTables['head']>;
  readonly hhea: NonNullable<DecodedTables['hhea']>;
  readonly maxp: NonNullable<DecodedTables['maxp']>;
  readonly 'cvt ': DecodedTables['cvt '];
  readonly prep: DecodedTables['prep'];
  readonly fpgm: DecodedTables['fpgm'];
  readonly post: { italicAngle: number; isFixedPitch: number };
  readonly 'OS/2': { sFamilyClass: number; xHeight: number | undefined; capHeight: number | undefined } | undefined;
  readonly loca: { version: number; offsets: ArrayLike<number> };
  readonly glyfOffset: number;
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly xHeight: number | undefined;
  readonly capHeight: number | undefined;
  readonly italicAngle: number;
  readonly bbox: Readonly<{ minX: number; minY: number; maxX: number; maxY: number }>;

  constructor(
    readonly bytes: Uint8Array,
    tables: TableDirectory,
    decoded: DecodedTables,
    fields: PlainFields,
    loca: { version: number; offsets: ArrayLike<number> },
    private readonly parse: () => Font,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.directory = { tables };
    this.head = decoded.head!;
    this.hhea = decoded.hhea!;
    this.maxp = decoded.maxp!;
    this['cvt '] = decoded['cvt '];
    this.prep = decoded.prep;
    this.fpgm = decoded.fpgm;
    this.post = { italicAngle: fields.italicAngle, isFixedPitch: fields.isFixedPitch };
    this['OS/2'] =
      fields.familyClass === undefined
        ? undefined
        : { sFamilyClass: fields.familyClass, xHeight: fields.xHeight, capHeight: fields.capHeight };
    this.loca = loca;
    this.glyfOffset = tables.glyf!.offset;
    this.postscriptName = fields.postscriptName;
    this.unitsPerEm = fields.unitsPerEm;
    this.ascent = fields.ascent;
    this.descent = fields.descent;
    this.lineGap = fields.lineGap;
    // fontkit's getters: no OS/2 → x-height 0 and cap height the ascent
    this.xHeight = this['OS/2'] ? fields.xHeight : 0;
    this.capHeight = this['OS/2'] ? fields.capHeight : fields.ascent;
    this.italicAngle = fields.italicAngle;
    const h = this.head as Record<string, number>;
    this.bbox = Object.freeze({ minX: h.xMin!, minY: h.yMin!, maxX: h.xMax!, maxY: h.yMax! });
  }

  /**
   * A glyph's hmtx advance and left side bearing, as fontkit's `_getTableMetrics(hmtx)` reads them (a
   * glyph past the metrics: the last advance, and its bearing from the list after them, or 0).
   */
  metric(gid: number): Metric {
    const count = this.hhea.numberOfMetrics as number;
    const hmtx = this.directory.tables.hmtx!.offset;
    if (gid < count)
      return { advance: this.view.getUint16(hmtx + gid * 4), bearing: this.view.getInt16(hmtx + gid * 4 + 2) };
    const bearings = (this.maxp.numGlyphs as number) - count;
    return {
      advance: this.view.getUint16(hmtx + (count - 1) * 4),
      bearing: gid - count < bearings ? this.view.getInt16(hmtx + count * 4 + (gid - count) * 2) : 0,
    };
  }

  /** pdfkit measures glyph 0 (`getGlyph(0).advanceWidth`): its hmtx advance, as fontkit's glyph gives it. */
  getGlyph(gid: number): { id: number; advanceWidth: number } {
    return { id: gid, advanceWidth: this.metric(gid).advance };
  }

  createSubset(): PlainTrueTypeSubset {
    return new PlainTrueTypeSubset(this);
  }

  /** pdfkit's registerFont takes an object with `layout` as a font; lectern never lays text out through pdfkit. */
  layout(...args: Parameters<Font['layout']>): ReturnType<Font['layout']> {
    return this.parse().layout(...args);
  }

  /**
   * pdfkit compares two embedded fonts of the same PostScript name by fontkit's decoded head and name
   * tables (`isEqualFont`): fontkit's own, decoded as pdfkit's use of the font would have decoded them.
   */
  get _tables(): unknown {
    const font = this.parse() as Font & { head: unknown; name: unknown; _tables: unknown };
    void font.head;
    void font.name;
    return font._tables;
  }
}

/**
 * lectern's stand-in for fontkit's font of a single TrueType font (`bytes` and its table directory
 * `tables`), or null when a field could differ from fontkit's (see the functions above): then pdfkit
 * gets fontkit's font (`parse`).
 */
export function plainTrueTypeFont(
  bytes: Uint8Array,
  tables: TableDirectory,
  parse: () => Font,
): PlainTrueTypeFont | null {
  if (!tables.glyf || !tables.loca || !tables.hmtx || tables['CFF '] || tables.CFF2 || tables.fvar) return null;
  const decoded = decodeSubsetTables(bytes, tables);
  if (!decoded) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const post = tables.post;
  if (!post || post.length < POST_HEADER_SIZE || !POST_VERSIONS.has(view.getUint32(post.offset))) return null;
  let familyClass: number | undefined;
  let xHeight: number | undefined;
  let capHeight: number | undefined;
  const os2 = tables['OS/2'];
  if (os2 && os2.length > 0) {
    const version = view.getUint16(os2.offset);
    if (version >= OS2_SIZES.length || os2.length < OS2_SIZES[version]!) return null;
    familyClass = view.getInt16(os2.offset + OS2_FAMILY_CLASS);
    if (version >= 2) {
      xHeight = view.getInt16(os2.offset + OS2_X_HEIGHT);
      capHeight = view.getInt16(os2.offset + OS2_CAP_HEIGHT);
    }
  }
  const postscriptName = englishName(bytes, tables, POSTSCRIPT_NAME_ID);
  const numberOfMetrics = decoded.hhea!.numberOfMetrics as number;
  const loca = locaOffsets(bytes, tables);
  if (postscriptName === null || numberOfMetrics === 0 || !loca) return null;
  const hhea = decoded.hhea as Record<string, number>;
  return new PlainTrueTypeFont(
    bytes,
    tables,
    decoded,
    {
      postscriptName,
      unitsPerEm: (decoded.head as Record<string, number>).unitsPerEm!,
      ascent: hhea.ascent!,
      descent: hhea.descent!,
      lineGap: hhea.lineGap!,
      xHeight,
      capHeight,
      // restructure's fixed32: an int32 over 2^16
      italicAngle: view.getInt32(post.offset + 4) / 65536,
      isFixedPitch: view.getUint32(post.offset + 12),
      familyClass,
    },
    loca,
    parse,
  );
}

/** The font family name as fontkit's `familyName` gives it, or null where it could differ (englishName). */
export function plainFamilyName(bytes: Uint8Array, tables: TableDirectory): string | null {
  return englishName(bytes, tables, FAMILY_NAME_ID);
}
