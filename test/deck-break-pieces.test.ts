// breakPieces measures each line as it grows (src/deck/measure.ts, LineWidth) instead of measuring the
// whole line again for every piece added, its characters as code points classed by table: the same
// lines as measuring every candidate line whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakPieces, GlyphWidths, linePieces, splitSentences, trimmedWidth } from '../src/deck';
import { compressibleCodes, compressiblePair, isTrimmedSpace } from '../src/deck/measure';
import { readDocument } from '../src/source';
import { paragraphTexts, sampleAndCorpus, widths } from './deck-helpers';

/** breakPieces as it was: every candidate line measured whole with trimmedWidth. */
function breakPiecesWhole(pieces: string[], w: GlyphWidths, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const piece of pieces) {
    const next = cur + piece;
    if (cur !== '' && trimmedWidth(next.trimEnd(), w, size) > maxWidth) {
      lines.push(cur.trimEnd());
      cur = piece.trimStart();
    } else {
      cur = next;
    }
    while (trimmedWidth(cur.trimEnd(), w, size) > maxWidth && [...cur].length > 1) {
      const chars = [...cur];
      let k = chars.length - 1;
      while (k > 1 && trimmedWidth(chars.slice(0, k).join(''), w, size) > maxWidth) k--;
      lines.push(chars.slice(0, k).join(''));
      cur = chars.slice(k).join('');
    }
  }
  if (cur !== '' || lines.length === 0) lines.push(cur.trimEnd());
  return lines;
}

/** Sizes and widths of the deck's headlines and bullets, and narrow boxes (pieces wider than a line) */
const BOXES: [size: number, maxWidth: number][] = [
  [42, 1100],
  [34, 1040],
  [34, 420],
  [28, 96],
  [28, 30],
];

test('breakPieces gives the lines of measuring every candidate line whole: the corpus’s sentences', () => {
  let lists = 0;
  for (const file of sampleAndCorpus(2)) {
    for (const text of paragraphTexts(readDocument(file))) {
      for (const sentence of splitSentences(text)) {
        const pieces = linePieces(sentence);
        lists++;
        for (const [size, maxWidth] of BOXES)
          assert.deepEqual(
            breakPieces(pieces, widths, size, maxWidth),
            breakPiecesWhole(pieces, widths, size, maxWidth),
            `${sentence} at ${size}px in ${maxWidth}px`,
          );
      }
    }
  }
  assert.ok(lists > 1000, `${lists} sentences`);
});

test('breakPieces: marks halved across pieces, spaces, empty pieces, surrogate pairs split between pieces', () => {
  const cases: string[][] = [
    ['他说：“', '我们要', '”“', '坚持”。', '（', '掌声', '）'],
    ['  ', 'word ', ' ', '', 'next\t', '行\u3000', '\u3000'],
    ['𠀀𠀁', '\ud840', '\udc02', '𠀃', '\ud840'],
    ['\udc00', 'a', '\ud840\udc00\ud840', '\udc00。'],
    ['一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十', '。”', '，'],
    [],
    [''],
    ['   '],
  ];
  for (const pieces of cases)
    for (const [size, maxWidth] of BOXES)
      assert.deepEqual(
        breakPieces(pieces, widths, size, maxWidth),
        breakPiecesWhole(pieces, widths, size, maxWidth),
        `${JSON.stringify(pieces)} at ${size}px in ${maxWidth}px`,
      );
});

test('breakPieces measures a line as it grows, not again for every piece added', () => {
  const text = paragraphTexts(readDocument(sampleAndCorpus(99)[0]!)).join('');
  const pieces = linePieces(text);
  const counted = new GlyphWidths(...widths.fonts);
  let lookups = 0;
  const em = counted.em.bind(counted);
  counted.em = (cp: number) => {
    lookups++;
    return em(cp);
  };
  const lines = breakPieces(pieces, counted, 34, 1040);
  assert.equal(lines.join(''), text.replace(/\s+$/, ''));
  // each character's advance read about twice (once with its right neighbour, once as a line's last);
  // measuring each candidate line whole read it once for every piece added to its line
  assert.ok(lookups < 3 * text.length, `${lookups} advance lookups for ${text.length} characters`);
});

test('compressibleCodes answers compressiblePair by code point, and isTrimmedSpace what trim() removes', () => {
  // every mark of either set, their neighbours in the code space, and characters of every other kind
  const marks = [...'，、；：。？！”’）》〉】〗〕］｝」』〙〞“‘（《〈【〖〔［｛「『〘〝'];
  const pool = [
    ...marks,
    ...marks.map((m) => String.fromCharCode(m.charCodeAt(0) + 1)),
    ...marks.map((m) => String.fromCharCode(m.charCodeAt(0) - 1)),
    ...'规a0 \t.,;:!?()[]{}"\'…—·',
    '\u3000',
    '𠀋',
    '\ud800',
    '\udc00',
  ];
  let pairs = 0;
  for (const a of pool)
    for (const b of pool) {
      const expected = compressiblePair(a, b);
      if (expected) pairs++;
      assert.equal(compressibleCodes(a.codePointAt(0)!, b.codePointAt(0)!), expected, `${a}${b}`);
    }
  assert.ok(pairs > 300, `${pairs} compressible pairs`);
  for (let c = 0; c < 0x10000; c++)
    assert.equal(isTrimmedSpace(c), String.fromCharCode(c).trim() === '', `U+${c.toString(16)}`);
  for (const cp of [0x10000, 0x20000, 0xe0020, 0x10ffff])
    assert.equal(isTrimmedSpace(cp), String.fromCodePoint(cp).trim() === '');
});
