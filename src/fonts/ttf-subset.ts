// A fast subsetter for TrueType-outline fonts (glyf/loca), for the slides' embedded web font.
//
// Why not only subset-font (harfbuzz wasm): on a cold build it cost ~90–130 ms for the sample's two
// faces (compiling the wasm, copying each 10 MB font into wasm memory, subsetting; measured), more than
// a third of the whole build's budget. This subsetter works on the font bytes lectern already holds:
// it keeps glyph ids as they are ("retain gids"), empties every glyph the deck does not use, writes a
// new cmap for the deck's characters and drops what a slide font does not need (glyph names,
// vertical metrics, variations); the layout tables are kept whole (see LAYOUT). The empty glyphs cost almost nothing after Brotli.
// Fonts it cannot handle (CFF outlines, collections) return null; the caller falls back to subset-font.
import type { FontTables } from './tables';
import { compositeParts, readTableDirectory } from './sfnt';

/**
 * OpenType layout, copied whole: glyph ids are kept, so every lookup still points at the right glyph
 * (those of unused glyphs point at empty ones). Chromium needs `halt`/`vhal`/`palt` (GPOS) to trim
 * adjacent punctuation (”“ → 1 em, text-spacing-trim) and `locl`/`vert` (GSUB) where the font has
 * them; Noto Sans SC's four tables add ~50 KB before WOFF2's Brotli.
 */
const LAYOUT = ['GDEF', 'GSUB', 'GPOS', 'BASE'];

/** Tables copied unchanged (those present); glyf, loca, hmtx, cmap, head and post are rewritten. */
const COPIED = ['OS/2', 'hhea', 'maxp', 'name', 'cvt ', 'fpgm', 'prep', 'gasp', ...LAYOUT];

const pad4 = (n: number) => (n + 3) & ~3;

/** The machine stores a Uint32's least significant byte first (the font's tables are big-endian) */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A DataView of a Buffer's bytes: its big-endian reads and writes are far cheaper than Buffer's own methods. */
const viewOf = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.length);

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 ? Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]) : data;
  const view = viewOf(padded);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/** An sfnt file from its tables (directory sorted by tag, tables 4-byte aligned). */
function writeSfnt(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= n) entrySelector++;
  const searchRange = (1 << entrySelector) * 16;
  const header = Buffer.alloc(12 + 16 * n);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(n * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const rec = 12 + 16 * i;
    header.write(tag, rec, 4, 'latin1');
    header.writeUInt32BE(checksum(data), rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(data.length, rec + 12);
    parts.push(data, Buffer.alloc(pad4(data.length) - data.length));
    offset += pad4(data.length);
  });
  return Buffer.concat(parts);
}

/** cmap with a format 4 subtable (BMP) and, when needed, a format 12 one (all planes). */
function buildCmap(map: [number, number][]): Buffer {
  const bmp = map.filter(([cp]) => cp <= 0xfffe);
  // format 4: one segment per character (idDelta maps it), then the closing 0xFFFF segment
  const segs = bmp.length + 1;
  const f4len = 16 + segs * 8;
  // every field of format 4 is a Uint16: written as the machine's, made big-endian in one pass
  // (Buffer's writeUInt16BE, four a character, was most of this at V8's baseline tier)
  const units = new Uint16Array(f4len / 2);
  let entrySelector = 0;
  while (1 << (entrySelector + 1) <= segs) entrySelector++;
  const searchRange = 2 * (1 << entrySelector);
  units.set([4, f4len, 0, segs * 2, searchRange, entrySelector, segs * 2 - searchRange]); // language 0
  const endAt = 7;
  const startAt = endAt + segs + 1; // after reservedPad
  const deltaAt = startAt + segs;
  // idRangeOffset (after idDelta) stays 0
  for (let i = 0; i < bmp.length; i++) {
    const [cp, gid] = bmp[i]!;
    units[endAt + i] = cp;
    units[startAt + i] = cp;
    units[deltaAt + i] = (gid - cp) & 0xffff;
  }
  const last = segs - 1;
  units[endAt + last] = 0xffff;
  units[startAt + last] = 0xffff;
  units[deltaAt + last] = 1;
  const f4 = Buffer.from(units.buffer);
  if (LITTLE_ENDIAN) f4.swap16();

  const astral = map.some(([cp]) => cp > 0xffff);
  const subtables: { platform: number; encoding: number; data: Buffer }[] = [{ platform: 3, encoding: 1, data: f4 }];
  if (astral) {
    const f12 = Buffer.alloc(16 + map.length * 12);
    f12.writeUInt16BE(12, 0);
    f12.writeUInt32BE(f12.length, 4);
    f12.writeUInt32BE(map.length, 12);
    map.forEach(([cp, gid], i) => {
      f12.writeUInt32BE(cp, 16 + 12 * i);
      f12.writeUInt32BE(cp, 20 + 12 * i);
      f12.writeUInt32BE(gid, 24 + 12 * i);
    });
    subtables.push({ platform: 3, encoding: 10, data: f12 });
  }
  const head = Buffer.alloc(4 + 8 * subtables.length);
  head.writeUInt16BE(0, 0);
  head.writeUInt16BE(subtables.length, 2);
  let offset = head.length;
  subtables.forEach((s, i) => {
    head.writeUInt16BE(s.platform, 4 + 8 * i);
    head.writeUInt16BE(s.encoding, 6 + 8 * i);
    head.writeUInt32BE(offset, 8 + 8 * i);
    offset += s.data.length;
  });
  return Buffer.concat([head, ...subtables.map((s) => s.data)]);
}

/** The distinct code points of `chars` (a lone surrogate as its own), in the order first met. */
function distinctCodePoints(chars: string): Set<number> {
  // by code, not `new Set(chars)`: its iterator made a one-character string for each character
  const out = new Set<number>();
  for (let i = 0; i < chars.length; i++) {
    const cp = chars.codePointAt(i)!;
    if (cp > 0xffff) i++;
    out.add(cp);
  }
  return out;
}

/**
 * The subset's glyf table — the outlines of `ids` (ascending) one after another, each padded with
 * zeros to 4 bytes — and its long-format loca as the machine's Uint32s (every other glyph empty).
 * Written into one buffer: gathering a view and a padding buffer a glyph and concatenating them cost
 * each of the ~900 glyphs of the sample's deck several allocations at V8's baseline tier.
 */
function keptOutlines(
  glyf: Buffer,
  ids: Uint32Array,
  numGlyphs: number,
  offsetOf: (gid: number) => number,
): { outlines: Buffer; locaWords: Uint32Array } {
  // where each outline is, clamped as `glyf.subarray` clamps
  const starts = new Uint32Array(ids.length);
  const lengths = new Uint32Array(ids.length);
  let size = 0;
  for (let k = 0; k < ids.length; k++) {
    const start = Math.min(offsetOf(ids[k]!), glyf.length);
    const end = Math.min(offsetOf(ids[k]! + 1), glyf.length);
    starts[k] = start;
    lengths[k] = end > start ? end - start : 0;
    size += pad4(lengths[k]!);
  }
  const outlines = Buffer.alloc(size);
  const locaWords = new Uint32Array(numGlyphs + 1);
  let offset = 0;
  let next = 0;
  for (let k = 0; k < ids.length; k++) {
    const gid = ids[k]!;
    locaWords.fill(offset, next, gid + 1);
    next = gid + 1;
    if (lengths[k]! > 0) outlines.set(new Uint8Array(glyf.buffer, glyf.byteOffset + starts[k]!, lengths[k]!), offset);
    offset += pad4(lengths[k]!);
  }
  locaWords.fill(offset, next);
  return { outlines, locaWords };
}

/**
 * Zeroes the side bearing of every glyph not in `used` in hmtx (as the machine's Uint16s: a zero is
 * the same in either byte order; `wholeUnits` of them are in the table): a long metric's is its
 * second unit, a bearing past the long metrics is a unit of its own. Every bearing is zeroed, then
 * the used glyphs' put back — a loop over all 30,898 glyphs of a CJK font that skipped the used ones
 * cost each glyph a look-up and a branch at V8's baseline tier; here the long metrics' bearings are
 * masked as Uint32s (natively, where the machine is little-endian) and the rest filled.
 */
export function zeroUnusedSideBearings(
  units: Uint16Array,
  wholeUnits: number,
  longMetrics: number,
  numGlyphs: number,
  used: Uint32Array,
): void {
  const unitOf = (gid: number) => (gid < longMetrics ? gid * 2 + 1 : longMetrics * 2 + (gid - longMetrics));
  const kept: number[] = [];
  for (const gid of used) if (gid < numGlyphs && unitOf(gid) < wholeUnits) kept.push(units[unitOf(gid)]!);
  // long metrics [advance, bearing]: the bearing is the high half of a little-endian machine's Uint32
  const pairs = Math.min(longMetrics, numGlyphs, wholeUnits >> 1);
  const words = new Uint32Array(units.buffer, units.byteOffset, pairs);
  // a little-endian machine's: each Uint32 through a Uint16Array and back — the same as `&= 0xffff`, in
  // two native passes (a masking loop cost ~300 instructions a glyph at V8's baseline tier, ~9 million
  // for each face of a CJK web font)
  if (LITTLE_ENDIAN) words.set(new Uint16Array(words));
  else for (let i = 0; i < pairs; i++) words[i] &= 0xffff0000;
  // bearings alone, after the long metrics
  if (numGlyphs > longMetrics)
    units.fill(0, longMetrics * 2, Math.min(wholeUnits, longMetrics * 2 + (numGlyphs - longMetrics)));
  let k = 0;
  for (const gid of used) if (gid < numGlyphs && unitOf(gid) < wholeUnits) units[unitOf(gid)] = kept[k++]!;
}

/**
 * A TrueType font holding only the glyphs of `chars` (plus .notdef and composite parts), glyph ids
 * unchanged; null if the font is not a single TrueType-outline font. `fontTables` reads the font's
 * cmap (LoadedFont.tables); `ensureGlyphs` is called with the glyphs whose outlines are copied (it
 * must load their composite parts too).
 */
export function subsetTrueType(
  bytes: Buffer,
  fontTables: FontTables,
  chars: string,
  ensureGlyphs: (ids: Iterable<number>) => void = () => {},
): Buffer | null {
  const tables = subsetTables(bytes, fontTables, chars, ensureGlyphs);
  return tables && writeSfnt(tables);
}

/**
 * The tables of `subsetTrueType`'s font, by tag, before they are written as one file: the web font
 * wraps them as WOFF2 directly (src/fonts/woff2.ts `tablesToWoff2`), which needs neither the sfnt's
 * checksums nor its copy of every table.
 */
export function subsetTables(
  bytes: Buffer,
  fontTables: FontTables,
  chars: string,
  ensureGlyphs: (ids: Iterable<number>) => void = () => {},
): Map<string, Buffer> | null {
  const dir = readTableDirectory(bytes);
  if (!dir) return null;
  for (const t of ['glyf', 'loca', 'head', 'hhea', 'hmtx', 'maxp', 'post']) if (!dir.has(t)) return null;
  const table = (tag: string) => {
    const t = dir.get(tag)!;
    return bytes.subarray(t.offset, t.offset + t.length);
  };
  const head = Buffer.from(table('head'));
  const maxp = table('maxp');
  const hhea = table('hhea');
  const numGlyphs = maxp.readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const loca = viewOf(table('loca'));
  const glyf = table('glyf');
  const offsetOf = (gid: number) => (longLoca ? loca.getUint32(gid * 4) : loca.getUint16(gid * 2) * 2);

  // characters → glyph ids (the font's cmap, read directly), then composite glyphs' parts
  const map: [number, number][] = [];
  const used = new Set<number>([0]);
  for (const cp of distinctCodePoints(chars)) {
    const gid = fontTables.glyphId(cp);
    if (gid > 0 && gid < numGlyphs) {
      map.push([cp, gid]);
      used.add(gid);
    }
  }
  map.sort((a, b) => a[0] - b[0]);
  // the font's outlines may be read on demand (src/fonts/lazy-file.ts): these, with their parts
  ensureGlyphs(used);
  const queue = [...used];
  while (queue.length) {
    const gid = queue.pop()!;
    for (const part of compositeParts(glyf, offsetOf(gid), offsetOf(gid + 1))) {
      if (!used.has(part) && part < numGlyphs) {
        used.add(part);
        queue.push(part);
      }
    }
  }

  // glyf and a long-format loca: used glyphs keep their outlines, every other glyph is empty. The
  // offsets are filled run by run as the machine's Uint32s and made big-endian in one pass: a
  // DataView call per glyph (30,898 in Noto Sans SC) was a large part of a cold deck's subset, run at
  // V8's baseline tier
  const ids = Uint32Array.from(used).sort();
  const { outlines, locaWords } = keptOutlines(glyf, ids, numGlyphs, offsetOf);
  const newLoca = Buffer.from(locaWords.buffer);
  if (LITTLE_ENDIAN) newLoca.swap32();
  head.writeInt16BE(1, 50); // indexToLocFormat: long
  head.writeUInt32BE(0, 8); // checkSumAdjustment (not checked by browsers)

  // hmtx: unused glyphs' side bearings zeroed (they compress to nothing); a zero is the same in either
  // byte order, so stored as the machine's Uint16s (a copy of the table in a buffer of its own: aligned)
  const hmtxSource = table('hmtx');
  const hmtxUnits = new Uint16Array((hmtxSource.length + 1) >> 1);
  const hmtx = Buffer.from(hmtxUnits.buffer, 0, hmtxSource.length);
  hmtxSource.copy(hmtx);
  zeroUnusedSideBearings(hmtxUnits, hmtxSource.length >> 1, hhea.readUInt16BE(34), numGlyphs, ids);

  // post version 3: no glyph names
  const post = Buffer.from(table('post').subarray(0, 32));
  post.writeUInt32BE(0x00030000, 0);

  const out = new Map<string, Buffer>([
    ['head', head],
    ['glyf', outlines],
    ['loca', newLoca],
    ['hmtx', hmtx],
    ['cmap', buildCmap(map)],
    ['post', post],
  ]);
  for (const tag of COPIED) if (dir.has(tag)) out.set(tag, Buffer.from(table(tag)));
  return out;
}
