// Patches to fontkit 2.0.4 (pinned in package.json). See README.md for the inventory and the gains.
// Each reaches into fontkit's internals and checks them first: a missing member throws.
import type { Font } from 'fontkit';
import { expectShape } from './patch';

const LIB = 'fontkit 2.0.4';

/** A font's table directory, by tag: where each table is in the file */
export type TableDirectory = Record<string, { offset: number; length: number } | undefined>;

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
 * Gives fontkit the `loca` table decoded in bulk, as a Uint32Array: the table's bytes copied and
 * byte-swapped by Buffer's native swap32 (a long table) or read through a Uint16Array (a short one,
 * whose values are halves). fontkit decodes it through its generic struct reader, ~35 ms for the
 * 30 000 glyphs of a CJK font, the first time anything (pdfkit's subsetter, a glyph's metrics) touches
 * it, and a loop of DataView reads into an Array — what this did until session 9 — still took ~2 ms a
 * font at V8's baseline tier, for each of the four fonts a cold build loads, and the slide worker's
 * two; the bulk copy ~0.1 ms. The values are the same (offsets in bytes, as fontkit's own `process()`
 * leaves them), read by index as before. A CFF font has no `loca`: nothing to do.
 */
export function seedLoca(font: Font, bytes: Uint8Array): void {
  const f = font as unknown as FontInternals;
  const { tables } = rawFontData(font);
  if (!tables.loca || !tables.head) return;
  expectShape(
    f._tables && typeof f._tables === 'object',
    LIB,
    'seed-loca',
    'font._tables (the decoded-table cache) is missing',
  );
  if ('loca' in f._tables) return; // already decoded
  const loca = locaOffsets(bytes, tables, true);
  if (loca) f._tables.loca = { ...loca, _processed: true };
}

/**
 * The `loca` table's offsets (in bytes, as fontkit's `process()` leaves them) and version, decoded in
 * bulk (see seedLoca); null without loca or head. `anyFormat`: a head's indexToLocFormat other than 1
 * read as short offsets (seedLoca, for fontkit's font, as before); otherwise null for a format fontkit
 * does not know (its loca then fails to decode).
 */
export function locaOffsets(
  bytes: Uint8Array,
  tables: TableDirectory,
  anyFormat = false,
): { version: number; offsets: Uint32Array } | null {
  const loca = tables.loca;
  const head = tables.head;
  if (!loca || !head) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getInt16(head.offset + 50);
  if (!anyFormat && format !== 0 && format !== 1) return null;
  const long = format === 1;
  const n = long ? loca.length >>> 2 : loca.length >>> 1;
  // a copy in a buffer of its own (aligned for the typed-array views); the font file's bytes stay as they are
  const table = Buffer.allocUnsafeSlow(n * (long ? 4 : 2));
  table.set(bytes.subarray(loca.offset, loca.offset + table.length));
  let offsets: Uint32Array;
  if (long) offsets = new Uint32Array(table.swap32().buffer, table.byteOffset, n);
  else {
    const halves = new Uint16Array(table.swap16().buffer, table.byteOffset, n);
    offsets = new Uint32Array(n);
    for (let i = 0; i < n; i++) offsets[i] = halves[i]! * 2;
  }
  return { version: long ? 1 : 0, offsets };
}

/** fontkit's TrueType subset (TTFSubset), as pdfkit's EmbeddedFont holds it. */
interface TTFSubsetInternals {
  font: FontInternals & {
    loca?: { offsets: ArrayLike<number> };
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
          (Array.isArray(font.loca?.offsets) || font.loca?.offsets instanceof Uint32Array),
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

/** The decoded tables a TrueType subset copies (fontkit's own objects, or decodeSubsetTables'). */
export interface DecodedTables {
  head?: Record<string, unknown> & { macStyle?: Record<string, boolean>; created?: number[]; modified?: number[] };
  hhea?: Record<string, unknown>;
  maxp?: Record<string, unknown>;
  'cvt '?: { controlValues: ArrayLike<number> } | null;
  prep?: { controlValueProgram: ArrayLike<number> } | null;
  fpgm?: { instructions: ArrayLike<number> } | null;
}

/** A table's fields as fontkit's restructure definitions list them: name and DataView setter. */
type Field = readonly [string, 'setInt16' | 'setUint16' | 'setInt32' | 'setUint32'];
const HEAD_BEFORE_DATES: Field[] = [
  ['version', 'setInt32'],
  ['revision', 'setInt32'],
  ['checkSumAdjustment', 'setUint32'],
  ['magicNumber', 'setUint32'],
  ['flags', 'setUint16'],
  ['unitsPerEm', 'setUint16'],
];
const HEAD_BOX: Field[] = [
  ['xMin', 'setInt16'],
  ['yMin', 'setInt16'],
  ['xMax', 'setInt16'],
  ['yMax', 'setInt16'],
];
const HEAD_AFTER_STYLE: Field[] = [
  ['lowestRecPPEM', 'setUint16'],
  ['fontDirectionHint', 'setInt16'],
  ['indexToLocFormat', 'setInt16'],
  ['glyphDataFormat', 'setInt16'],
];
/** head.macStyle's bits, in fontkit's Bitfield order (other bits are not kept by fontkit either) */
const MAC_STYLE = ['bold', 'italic', 'underline', 'outline', 'shadow', 'condensed', 'extended'];
const HHEA_BEFORE_RESERVED: Field[] = [
  ['version', 'setInt32'],
  ['ascent', 'setInt16'],
  ['descent', 'setInt16'],
  ['lineGap', 'setInt16'],
  ['advanceWidthMax', 'setUint16'],
  ['minLeftSideBearing', 'setInt16'],
  ['minRightSideBearing', 'setInt16'],
  ['xMaxExtent', 'setInt16'],
  ['caretSlopeRise', 'setInt16'],
  ['caretSlopeRun', 'setInt16'],
  ['caretOffset', 'setInt16'],
];
const HHEA_AFTER_RESERVED: Field[] = [
  ['metricDataFormat', 'setInt16'],
  ['numberOfMetrics', 'setUint16'],
];
const MAXP: Field[] = [
  ['version', 'setInt32'],
  ...(
    [
      'numGlyphs',
      'maxPoints',
      'maxContours',
      'maxComponentPoints',
      'maxComponentContours',
      'maxZones',
      'maxTwilightPoints',
      'maxStorage',
      'maxFunctionDefs',
      'maxInstructionDefs',
      'maxStackElements',
      'maxSizeOfInstructions',
      'maxComponentElements',
      'maxComponentDepth',
    ] as const
  ).map((name): Field => [name, 'setUint16']),
];
const fieldsSize = (fields: Field[]) => fields.reduce((n, [, set]) => n + (set.endsWith('32') ? 4 : 2), 0);

const GETTER = { setInt16: 'getInt16', setUint16: 'getUint16', setInt32: 'getInt32', setUint32: 'getUint32' } as const;
/** Reads `fields` at `pos` as restructure's Struct decodes them (big-endian, each with its type). */
function readFields(view: DataView, pos: number, fields: Field[], into: Record<string, unknown>): number {
  for (const [name, set] of fields) {
    into[name] = view[GETTER[set]](pos);
    pos += set.endsWith('32') ? 4 : 2;
  }
  return pos;
}

/** Byte lengths of fontkit's head, hhea and maxp definitions (a shorter table: fontkit reads past its end). */
const HEAD_SIZE = fieldsSize(HEAD_BEFORE_DATES) + 16 + fieldsSize(HEAD_BOX) + 2 + fieldsSize(HEAD_AFTER_STYLE);
const HHEA_SIZE = fieldsSize(HHEA_BEFORE_RESERVED) + 8 + fieldsSize(HHEA_AFTER_RESERVED);
const MAXP_SIZE = fieldsSize(MAXP);

/**
 * The tables a TrueType subset copies (head, hhea, maxp, cvt , prep, fpgm), decoded from a font file's
 * bytes as fontkit's restructure definitions decode them — the same field lists and types as the
 * encoder writes, head's dates as pairs of int32, macStyle as fontkit's Bitfield, cvt  as int16s and
 * prep and fpgm as bytes up to the table's end; a table absent or empty is absent, as fontkit's getters
 * give none. For a font fontkit has not parsed (src/vendor/pdfkit-font.ts). Null where fontkit's reading
 * would differ from a plain one: a head, hhea or maxp shorter than its definition (fontkit reads on
 * past the table), a cvt  of odd length, a table outside the file.
 */
export function decodeSubsetTables(bytes: Uint8Array, tables: TableDirectory): DecodedTables | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (tag: string, size = 0) => {
    const t = tables[tag];
    if (!t || t.length === 0) return undefined;
    return t.length >= size && t.offset + t.length <= bytes.length ? t : null;
  };
  const head = at('head', HEAD_SIZE);
  const hhea = at('hhea', HHEA_SIZE);
  const maxp = at('maxp', MAXP_SIZE);
  if (!head || !hhea || !maxp) return null;
  const h: NonNullable<DecodedTables['head']> = {};
  let p = readFields(view, head.offset, HEAD_BEFORE_DATES, h);
  h.created = [view.getInt32(p), view.getInt32(p + 4)];
  h.modified = [view.getInt32(p + 8), view.getInt32(p + 12)];
  p = readFields(view, p + 16, HEAD_BOX, h);
  const style = view.getUint16(p);
  h.macStyle = Object.fromEntries(MAC_STYLE.map((flag, bit) => [flag, (style & (1 << bit)) !== 0]));
  readFields(view, p + 2, HEAD_AFTER_STYLE, h);
  const hh: Record<string, unknown> = {};
  readFields(view, readFields(view, hhea.offset, HHEA_BEFORE_RESERVED, hh) + 8, HHEA_AFTER_RESERVED, hh);
  const mp: Record<string, unknown> = {};
  readFields(view, maxp.offset, MAXP, mp);
  const decoded: DecodedTables = { head: h, hhea: hh, maxp: mp };
  const cvt = at('cvt ');
  const prep = at('prep');
  const fpgm = at('fpgm');
  if (cvt === null || prep === null || fpgm === null || (cvt && cvt.length % 2 !== 0)) return null;
  if (cvt) {
    const values = new Int16Array(cvt.length / 2);
    for (let k = 0; k < values.length; k++) values[k] = view.getInt16(cvt.offset + k * 2);
    decoded['cvt '] = { controlValues: values };
  }
  if (prep) decoded.prep = { controlValueProgram: bytes.subarray(prep.offset, prep.offset + prep.length) };
  if (fpgm) decoded.fpgm = { instructions: bytes.subarray(fpgm.offset, fpgm.offset + fpgm.length) };
  return decoded;
}

/** A cursor over the output: every value goes through DataView's setters, as restructure's EncodeStream does. */
class Writer {
  readonly view: DataView;
  pos = 0;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  fields(fields: Field[], values: Record<string, unknown>, override?: Record<string, number>): void {
    for (const [name, set] of fields) {
      this.view[set](this.pos, (override && name in override ? override[name] : values[name]) as number);
      this.pos += set.endsWith('32') ? 4 : 2;
    }
  }
}

/**
 * Gives fontkit's TrueType subset an encode() that writes the bytes fontkit's own encode() writes —
 * its Directory.toBuffer of head, hhea, loca, maxp, cvt , prep, glyf, hmtx and fpgm — in one pass
 * over the glyphs. fontkit encodes through restructure, which walks every glyph, loca offset and
 * metric three times (sizes of the directory, of each table, then the bytes) with a generic
 * type dispatch per value: ~30 % of a cold build's PDF writing. The tables are written from the
 * same decoded objects with the same field lists and DataView setters (so out-of-range values
 * wrap as they do there); table order, directory fields (tag 'true', zero checksums, no padding)
 * and search figures are computed as fontkit does. Byte-for-byte tests against fontkit's
 * encode() (test/vendor.test.ts). Not for CFF or variable fonts (left to fontkit).
 */
/** How many font files the one-pass encoder wrote (tests: the PDF writer uses it). */
export const onePassEncodes = { count: 0 };

export function fastTrueTypeSubsetEncode(subsetObject: unknown): void {
  const subset = subsetObject as TTFSubsetInternals & {
    glyphs?: number[];
    encode?: () => Uint8Array;
    font: TTFSubsetInternals['font'] & DecodedTables;
  };
  const font = subset.font;
  expectShape(font && typeof font === 'object', LIB, 'fast-subset-encode', 'subset.font is missing');
  if (!font.directory?.tables?.glyf || font._variationProcessor) return;
  expectShape(
    typeof subset.encode === 'function' && typeof subset._addGlyph === 'function' && Array.isArray(subset.glyphs),
    LIB,
    'fast-subset-encode',
    'TTFSubset.encode, _addGlyph or glyphs is missing',
  );
  subset.encode = () => encodeTrueTypeSubset(subset);
}

/** The subset's font file (see fastTrueTypeSubsetEncode); also lectern's own subset's (src/vendor/pdfkit-font.ts). */
export function encodeTrueTypeSubset(
  subset: TTFSubsetInternals & { glyphs?: number[]; font: TTFSubsetInternals['font'] & DecodedTables },
): Uint8Array {
  const font = subset.font;
  onePassEncodes.count++;
  const { head, hhea, maxp } = font;
  const fontLoca = font.loca as { offsets: number[]; version?: number } | undefined;
  expectShape(
    head && hhea && maxp && fontLoca && Array.isArray(head.created) && Array.isArray(head.modified) && head.macStyle,
    LIB,
    'fast-subset-encode',
    'the font has no decoded head (with created, modified, macStyle), hhea, maxp or loca',
  );
  // fontkit's encode(): the glyphs (a composite adds its components to `glyphs` as it goes)
  const loca = { offsets: [] as number[], version: fontLoca.version };
  subset.glyf = [];
  subset.offset = 0;
  subset.loca = loca;
  subset.hmtx = { metrics: [] };
  const glyphs = subset.glyphs!;
  for (let i = 0; i < glyphs.length; ) subset._addGlyph!(glyphs[i++]!);
  const glyf = subset.glyf;
  const metrics = subset.hmtx!.metrics;
  loca.offsets.push(subset.offset);

  const cvt = font['cvt ']?.controlValues;
  const prep = font.prep?.controlValueProgram;
  const fpgm = font.fpgm?.instructions;
  const shortLoca = loca.version === 0;
  // [tag, byte length] in fontkit's order; absent tables (null) are left out, as fontkit's directory does
  const tables: [string, number][] = [
    ['head', fieldsSize(HEAD_BEFORE_DATES) + 16 + fieldsSize(HEAD_BOX) + 2 + fieldsSize(HEAD_AFTER_STYLE)],
    ['hhea', fieldsSize(HHEA_BEFORE_RESERVED) + 8 + fieldsSize(HHEA_AFTER_RESERVED)],
    ['loca', loca.offsets.length * (shortLoca ? 2 : 4)],
    ['maxp', fieldsSize(MAXP)],
  ];
  if (font['cvt ']) tables.push(['cvt ', cvt!.length * 2]);
  if (font.prep) tables.push(['prep', prep!.length]);
  tables.push(['glyf', subset.offset]);
  tables.push(['hmtx', metrics.length * 4]);
  if (font.fpgm) tables.push(['fpgm', fpgm!.length]);

  const numTables = tables.length;
  const directorySize = 12 + 16 * numTables;
  const total = tables.reduce((n, [, length]) => n + length, directorySize);
  const w = new Writer(new Uint8Array(total));
  const v = w.view;
  // the directory, with fontkit's float arithmetic for the search figures (setUint16 truncates alike)
  const maxExponentFor2 = Math.floor(Math.log(numTables) / Math.LN2);
  const maxPowerOf2 = 2 ** maxExponentFor2;
  const searchRange = maxPowerOf2 * 16;
  v.setUint32(0, 0x74727565); // 'true'
  v.setUint16(4, numTables);
  v.setUint16(6, searchRange);
  v.setUint16(8, Math.log(maxPowerOf2) / Math.LN2);
  v.setUint16(10, numTables * 16 - searchRange);
  let offset = directorySize;
  tables.forEach(([tag, length], i) => {
    const at = 12 + 16 * i;
    for (let k = 0; k < 4; k++) v.setUint8(at + k, tag.charCodeAt(k));
    v.setUint32(at + 4, 0);
    v.setUint32(at + 8, offset);
    v.setUint32(at + 12, length);
    offset += length;
  });
  w.pos = directorySize;

  for (const [tag] of tables) {
    switch (tag) {
      case 'head': {
        w.fields(HEAD_BEFORE_DATES, head);
        for (const date of [head.created!, head.modified!])
          for (let k = 0; k < 2; k++) {
            v.setInt32(w.pos, date[k]!);
            w.pos += 4;
          }
        w.fields(HEAD_BOX, head);
        let style = 0;
        MAC_STYLE.forEach((flag, bit) => {
          if (head.macStyle![flag]) style |= 1 << bit;
        });
        v.setUint16(w.pos, style);
        w.pos += 2;
        w.fields(HEAD_AFTER_STYLE, head, { indexToLocFormat: loca.version as number });
        break;
      }
      case 'hhea':
        w.fields(HHEA_BEFORE_RESERVED, hhea);
        w.pos += 8; // reserved: zeros
        w.fields(HHEA_AFTER_RESERVED, hhea, { numberOfMetrics: metrics.length });
        break;
      case 'loca':
        for (const o of loca.offsets) {
          if (shortLoca) v.setUint16(w.pos, o >>> 1);
          else v.setUint32(w.pos, o);
          w.pos += shortLoca ? 2 : 4;
        }
        break;
      case 'maxp':
        w.fields(MAXP, maxp, { numGlyphs: glyf.length });
        break;
      case 'cvt ':
        for (let k = 0; k < cvt!.length; k++, w.pos += 2) v.setInt16(w.pos, cvt![k]!);
        break;
      case 'prep':
        for (let k = 0; k < prep!.length; k++) v.setUint8(w.pos++, prep![k]!);
        break;
      case 'glyf':
        for (const g of glyf) {
          w.bytes.set(g, w.pos);
          w.pos += g.length;
        }
        break;
      case 'hmtx':
        for (const m of metrics) {
          v.setUint16(w.pos, m.advance);
          v.setInt16(w.pos + 2, m.bearing);
          w.pos += 4;
        }
        break;
      case 'fpgm':
        for (let k = 0; k < fpgm!.length; k++) v.setUint8(w.pos++, fpgm![k]!);
        break;
    }
  }
  return w.bytes;
}
