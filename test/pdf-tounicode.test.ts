// The ToUnicode map of each embedded face is written by lectern (src/vendor/pdfkit.ts,
// `toUnicodeCmapBytes`) straight into one buffer: the same bytes pdfkit's EmbeddedFont.toUnicodeCmap()
// writes — checked here against pdfkit's own method for generated glyph lists (BMP and beyond it,
// clusters, glyphs with no text, every range boundary) — and a handout no longer calls pdfkit's method.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { FONT_ROLES, FontSet, loadFontConfig } from '../src/fonts';
import { makeHandout } from '../src/handout/stage';
import { Timer } from '../src/pipeline/timer';
import { loadSettings, settingsForDocument } from '../src/settings';
import { documentFromBytes } from '../src/source';
import { toUnicodeCmapBytes } from '../src/vendor/pdfkit';
import { root, sample } from './helpers';

const fonts = new FontSet(loadFontConfig(root));

interface RefShape {
  buffer: Uint8Array[];
  finalize(): void;
  end(chunk: unknown): void;
}

/** pdfkit's EmbeddedFont prototype (its toUnicodeCmap), from a face of the default fonts */
function embeddedFontPrototype(): { toUnicodeCmap(this: unknown): unknown } {
  const pdf = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
  pdf.registerFont('f', fonts.get(FONT_ROLES[0]).embeddable as unknown as string);
  pdf.addPage({ size: [100, 100], margin: 0 });
  pdf.font('f');
  return Object.getPrototypeOf((pdf as unknown as { _font: object })._font);
}
const proto = embeddedFontPrototype();

/** The bytes a stream gets from `end(chunk)` (pdfkit's PDFReference.write: a string plus a newline). */
function streamBytes(write: (ref: RefShape) => void): Buffer {
  const ref = new PDFDocument({ autoFirstPage: false, compress: false }).ref({}) as unknown as RefShape;
  ref.finalize = () => {};
  write(ref);
  return Buffer.concat(ref.buffer);
}

function pdfkitMap(unicode: number[][]): Buffer {
  return streamBytes((ref) => proto.toUnicodeCmap.call({ document: { ref: () => ref }, unicode }));
}

/** A deterministic generator (no Math.random: a failure must repeat). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function glyphList(n: number, seed: number): number[][] {
  const next = lcg(seed);
  const pick = (): number => {
    const r = next();
    if (r < 0.6) return 0x4e00 + Math.floor(next() * 0x5200); // Han
    if (r < 0.75) return 0x20 + Math.floor(next() * 0x5f); // ASCII
    if (r < 0.85) return 0x3000 + Math.floor(next() * 0x40); // CJK marks
    if (r < 0.95) return 0x10000 + Math.floor(next() * 0xfffff); // beyond the BMP (a UTF-16 pair)
    return 0xff00 + Math.floor(next() * 0xff); // full-width forms, up to U+FFFE
  };
  const out: number[][] = [[0]];
  for (let g = 1; g < n; g++) {
    const r = next();
    // most glyphs one character; a cluster's tail maps to nothing; a ligature to several
    out.push(r < 0.8 ? [pick()] : r < 0.9 ? [] : [pick(), pick(), pick()].slice(0, 2 + Math.floor(next() * 2)));
  }
  return out;
}

test('ToUnicode map: the bytes pdfkit writes, for every range boundary and kind of glyph text', () => {
  const lists: number[][][] = [
    [[0]],
    [[0], [0xffff], [0x10000], [0x10ffff], [0xd800], []],
    ...[2, 255, 256, 257, 511, 512, 513, 1100, 3000].map((n, i) => glyphList(n, i + 1)),
  ];
  for (const unicode of lists) {
    const ours = streamBytes((ref) => ref.end(toUnicodeCmapBytes(unicode)));
    assert.deepEqual(ours, pdfkitMap(unicode), `${unicode.length} glyphs`);
  }
  // a glyph without text: pdfkit's map throws (its for-of over undefined), and so does lectern's
  const holed: number[][] = [[0], [0x4e00]];
  holed[3] = [0x4e01];
  assert.throws(() => pdfkitMap(holed), TypeError);
  assert.throws(() => toUnicodeCmapBytes(holed), TypeError);
});

test("ToUnicode map: a handout's faces are mapped without pdfkit's toUnicodeCmap", async () => {
  const text = readFileSync(sample, 'utf8');
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  const base = loadSettings(root, {}, process.env, () => {});
  const original = proto.toUnicodeCmap;
  let calls = 0;
  proto.toUnicodeCmap = function (this: unknown) {
    calls++;
    return original.call(this);
  };
  try {
    const out = await makeHandout(doc, settingsForDocument(base, doc, text), fonts, new Timer());
    const maps = out.pdf.toString('latin1').match(/\/ToUnicode \d+ 0 R/g) ?? [];
    assert.equal(maps.length, 4, 'the sample sets four faces, each with its ToUnicode map');
  } finally {
    proto.toUnicodeCmap = original;
  }
  assert.equal(calls, 0);
});
