// The direct cmap/hmtx/GSUB/GPOS reads that let the typesetter and the slide planner skip fontkit's
// shaper must give exactly what fontkit's layout() gives, for every character they let through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FONT_ROLES, FontSet, loadFontConfig } from '../src/fonts';
import { FontTables } from '../src/fonts/tables';
import { punctBlanks, shape } from '../src/typeset/shape';

const fonts = new FontSet(loadFontConfig(process.cwd()));
const distinct = [...new Map(FONT_ROLES.map((r) => [fonts.get(r).path, fonts.get(r)])).values()];

/** Every character of the sample, ASCII/Latin-1, general and CJK punctuation, full-width forms, some Han. */
function codePoints(): number[] {
  const cps = new Set<number>();
  for (const ch of readFileSync('content/guangan-township-forum.txt', 'utf8')) cps.add(ch.codePointAt(0)!);
  const ranges: [number, number, number][] = [
    [0x20, 0x250, 1],
    [0x2000, 0x2070, 1],
    [0x2100, 0x2200, 1],
    [0x3000, 0x3100, 1],
    [0xff00, 0xfff0, 1],
    [0x4e00, 0xa000, 97],
    [0x20000, 0x20200, 13],
  ];
  for (const [from, to, step] of ranges) for (let c = from; c < to; c += step) cps.add(c);
  return [...cps];
}

test('cmap and hmtx reads match fontkit for every role font', () => {
  for (const lf of distinct) {
    const t = FontTables.of(lf.font);
    for (const cp of codePoints()) {
      const id = lf.font.glyphForCodePoint(cp).id;
      assert.equal(t.glyphId(cp), id, `${lf.path} U+${cp.toString(16)}`);
      if (id) assert.equal(t.advance(id), lf.font.getGlyph(id).advanceWidth / lf.font.unitsPerEm);
    }
  }
});

test('a glyph no default feature touches shapes to its cmap glyph and hmtx advance', () => {
  for (const lf of distinct) {
    const f = lf.font;
    const t = FontTables.of(f);
    let plain = 0;
    for (const cp of codePoints()) {
      const ch = String.fromCodePoint(cp);
      const id = t.glyphId(cp);
      for (const latin of [false, true]) {
        if (latin ? t.mayShape(id, 'latn') : t.mayShape(id, 'hani', 'ZHS ')) continue;
        if (/\p{M}/u.test(ch)) continue;
        plain++;
        const run = latin ? f.layout(ch, [], 'latn') : f.layout(ch, [], 'hani', 'ZHS ');
        assert.deepEqual(
          run.glyphs.map((g) => g.id).concat(run.positions.map((p) => p.xAdvance)),
          [id, Math.round(t.advance(id) * f.unitsPerEm)],
          `${lf.path} ${ch} latin=${latin}`,
        );
      }
    }
    assert.ok(plain > 1000, 'most characters need no shaper');
  }
});

test('halt read from GPOS equals fontkit’s halt shaping, and the features that matter still apply', () => {
  for (const lf of distinct) {
    const f = lf.font;
    const t = FontTables.of(f);
    let halted = 0;
    for (const mark of '，。、；：？！“”‘’（）《》「」『』【】〔〕') {
      const id = t.glyphId(mark.codePointAt(0)!);
      assert.equal(t.mayShape(id, 'hani', 'ZHS '), false, `${mark} needs no shaper`);
      const adj = t.singleAdjustment(id, 'halt', 'hani', 'ZHS ');
      assert.ok(adj);
      const full = f.layout(mark, [], 'hani', 'ZHS ').positions[0]!;
      const half = f.layout(mark, ['halt'], 'hani', 'ZHS ').positions[0]!;
      assert.equal(adj.xAdvance, half.xAdvance - full.xAdvance, `${lf.path} ${mark}`);
      assert.equal(adj.xPlacement, half.xOffset, `${lf.path} ${mark}`);
      if (adj.xAdvance < 0) halted++;
      const blanks = punctBlanks(lf, mark);
      assert.ok(blanks && Math.abs(blanks.left + blanks.right - 0.5) < 0.01, `${mark}: half an em of blank`);
    }
    assert.ok(halted > 10);
    // —— still goes through the shaper: ZHS forms make it one 2 em glyph.
    assert.ok(t.mayShape(t.glyphId(0x2014), 'hani', 'ZHS '));
    assert.equal(shape(lf, '——').advance, 2);
  }
});

test('runs with ligatures, ZHS forms, kerning and digit substitutions shape exactly as fontkit shapes them', () => {
  const alpha = 'AVTWYLPFkxyvwaeo.,-/:%0123456789il“”—…·（）';
  const strings = [
    '——',
    '……',
    '—',
    '9.7',
    '11.6%',
    '30℃',
    'GB/T 9704—2012',
    'office',
    'AVATAR',
    'Toyota',
    'WiFi',
    'P.O.',
  ];
  for (const a of alpha) for (const b of alpha) strings.push(a + b);
  let kerned = 0;
  for (const lf of distinct) {
    const f = lf.font;
    const t = FontTables.of(f);
    for (const s of strings) {
      for (const [script, language] of [
        ['latn', ''],
        ['hani', 'ZHS '],
      ] as const) {
        const mine = t.shapeRun(
          Array.from(s, (c) => c.codePointAt(0)!),
          script,
          language,
        );
        assert.ok(mine, `${s} is handled without fontkit`);
        const run = language ? f.layout(s, [], script, language) : f.layout(s, [], script);
        assert.deepEqual(
          mine.map((g) => [g.id, g.advance]),
          run.glyphs.map((g, i) => [g.id, run.positions[i]!.xAdvance]),
          `${lf.path} ${script} ${JSON.stringify(s)}`,
        );
        // Each glyph stands for its source characters. (fontkit reports the code points of whichever
        // character first created a glyph object, e.g. ― U+2015 for the ZHS form of —, so not compared.)
        assert.equal(mine.map((g) => String.fromCodePoint(...g.codePoints)).join(''), s);
        assert.equal(mine.length, run.glyphs.length);
        if (mine.some((g, i) => g.advance !== t.advanceUnits(g.id) && i === 0)) kerned++;
      }
    }
    assert.equal(shape(lf, '——').glyphs.length, 1, '—— is one glyph (ZHS forms + ligature)');
  }
  assert.ok(kerned > 0, 'some pairs are kerned');
});
