// The slides' web-font subsetter (src/fonts/ttf-subset.ts) writes loca, hmtx and the cmap as the
// machine's integers made big-endian in one pass: read back with plain big-endian reads, the subset must
// map each character to the full font's glyph id, keep each used glyph's outline and metrics, and
// empty every other glyph (its side bearing zeroed) — a byte-order slip in any of them fails here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTableDirectory } from '../src/fonts/sfnt';
import { FontTables } from '../src/fonts/tables';
import { subsetTrueType, zeroUnusedSideBearings } from '../src/fonts/ttf-subset';
import { charsetOf } from '../src/slides';
import { fonts } from './deck-helpers';

function tablesOf(sfnt: Buffer): (tag: string) => Buffer {
  const dir = readTableDirectory(sfnt)!;
  return (tag) => {
    const t = dir.get(tag)!;
    return sfnt.subarray(t.offset, t.offset + t.length);
  };
}

/** glyph id → outline bytes, through a long or short loca */
function outlines(table: (tag: string) => Buffer, numGlyphs: number): (gid: number) => Buffer {
  const long = table('head').readInt16BE(50) === 1;
  const loca = table('loca');
  const glyf = table('glyf');
  const at = (gid: number) => (long ? loca.readUInt32BE(gid * 4) : loca.readUInt16BE(gid * 2) * 2);
  return (gid) => (gid < numGlyphs ? glyf.subarray(at(gid), at(gid + 1)) : Buffer.alloc(0));
}

/** The glyph id of `cp` in a format 4 subtable (the only BMP subtable the subsetter writes) */
function format4Glyph(cmap: Buffer, cp: number): number {
  const offset = cmap.readUInt32BE(8); // the first (3, 1) subtable's
  const f4 = cmap.subarray(offset);
  assert.equal(f4.readUInt16BE(0), 4);
  const segs = f4.readUInt16BE(6) / 2;
  for (let i = 0; i < segs; i++) {
    const end = f4.readUInt16BE(14 + 2 * i);
    if (end < cp) continue;
    const start = f4.readUInt16BE(16 + 2 * segs + 2 * i);
    if (start > cp) return 0;
    assert.equal(f4.readUInt16BE(16 + 6 * segs + 2 * i), 0, 'no idRangeOffset');
    return (cp + f4.readUInt16BE(16 + 4 * segs + 2 * i)) & 0xffff;
  }
  return 0;
}

test('a slide subset keeps every used glyph as the full font has it, and only those', () => {
  for (const [role, text] of [
    ['slides', '规划先行，项目为王。“招商”ABC 123（续）'],
    ['slidesBold', '平台招商，重在落实'],
  ] as const) {
    const f = fonts.get(role);
    const chars = charsetOf(text);
    const sfnt = subsetTrueType(f.bytes, f.tables, chars, (ids) => f.ensureGlyphs(ids))!;
    f.ensureGlyphs(Array.from({ length: f.font.numGlyphs }, (_, i) => i));
    const full = tablesOf(f.bytes);
    const sub = tablesOf(sfnt);
    const numGlyphs = full('maxp').readUInt16BE(4);
    assert.equal(sub('maxp').readUInt16BE(4), numGlyphs, 'glyph ids kept');
    const fullGlyph = outlines(full, numGlyphs);
    const subGlyph = outlines(sub, numGlyphs);
    const cmapOf = FontTables.of(f.font);
    const used = new Set([0]);
    for (const ch of chars) {
      const gid = cmapOf.glyphId(ch.codePointAt(0)!);
      assert.equal(format4Glyph(sub('cmap'), ch.codePointAt(0)!), gid, `${role}: ${ch}`);
      if (gid > 0) used.add(gid);
    }
    assert.ok(used.size > chars.length / 2, `${used.size} glyphs used`);
    const metrics = full('hhea').readUInt16BE(34);
    for (let gid = 0; gid < numGlyphs; gid++) {
      const kept = used.has(gid);
      // (no composite glyphs among these characters in Noto Sans SC: every other glyph is empty)
      // an outline is padded to 4 bytes
      const outline = fullGlyph(gid);
      const expected = kept ? Buffer.concat([outline, Buffer.alloc((4 - (outline.length % 4)) % 4)]) : Buffer.alloc(0);
      assert.ok(subGlyph(gid).equals(expected), `${role}: glyph ${gid}`);
      if (gid < metrics) {
        assert.equal(sub('hmtx').readUInt16BE(gid * 4), full('hmtx').readUInt16BE(gid * 4), `advance ${gid}`);
        assert.equal(sub('hmtx').readInt16BE(gid * 4 + 2), kept ? full('hmtx').readInt16BE(gid * 4 + 2) : 0);
      }
    }
  }
});

/** hmtx's unused side bearings zeroed one glyph at a time, as the subsetter did before it masked them */
function zeroUnusedOneByOne(
  units: Uint16Array,
  wholeUnits: number,
  longMetrics: number,
  numGlyphs: number,
  used: Uint32Array,
): void {
  const isUsed = new Set(used);
  for (let gid = 0; gid < numGlyphs; gid++) {
    if (isUsed.has(gid)) continue;
    const unit = gid < longMetrics ? gid * 2 + 1 : longMetrics * 2 + (gid - longMetrics);
    if (unit < wholeUnits) units[unit] = 0;
  }
}

test('unused side bearings are zeroed as glyph by glyph, with and without bearings past the long metrics', () => {
  // numberOfHMetrics below, at and above the glyph count; tables whole, cut short, of odd length
  for (const [longMetrics, numGlyphs] of [
    [40, 40],
    [7, 40],
    [1, 40],
    [45, 40],
  ] as const) {
    for (const bytes of [longMetrics * 4 + (numGlyphs - longMetrics) * 2, 50, 51, 3, 0]) {
      const source = Uint16Array.from({ length: (bytes + 1) >> 1 }, (_, i) => 0x1234 + 977 * i);
      const used = Uint32Array.from([0, 3, 6, 7, 8, 21, 39, 44]);
      const expected = source.slice();
      zeroUnusedOneByOne(expected, bytes >> 1, longMetrics, numGlyphs, used);
      const actual = source.slice();
      zeroUnusedSideBearings(actual, bytes >> 1, longMetrics, numGlyphs, used);
      assert.deepEqual(actual, expected, `${longMetrics} long metrics, ${numGlyphs} glyphs, ${bytes} bytes`);
    }
  }
});
