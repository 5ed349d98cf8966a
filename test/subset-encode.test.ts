// The handout's font files: lectern's one-pass TrueType subset encoder (src/vendor/fontkit.ts
// fastTrueTypeSubsetEncode) writes exactly the bytes of fontkit's own TTFSubset.encode() — for every
// handout font, the glyphs of the sample and of every corpus text, and glyph sets with composite glyphs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { FontSet, loadFontConfig, type LoadedFont } from '../src/fonts';
import { fastSimpleGlyphSubset, fastTrueTypeSubsetEncode, onePassEncodes } from '../src/vendor/fontkit';
import { clearCaches } from '../src/cache';
import { makeHandout } from '../src/handout/stage';
import { Timer } from '../src/pipeline/timer';
import { loadSettings, settingsForDocument } from '../src/settings';
import { documentFromBytes } from '../src/source';
import { root, sample } from './helpers';

interface Subset {
  includeGlyph(id: number): number;
  encode(): Uint8Array;
  glyphs: number[];
}

const fonts = new FontSet(loadFontConfig(root));
const handoutFonts = [
  ...new Map(
    (['body', 'bodyBold', 'heading', 'sans'] as const).map((r) => {
      const f = fonts.get(r);
      return [f.path, f] as const;
    }),
  ).values(),
];

/** The glyph ids of a text's characters in `font`, in first-use order (as the PDF writer adds them). */
function glyphsOf(f: LoadedFont, text: string): number[] {
  const ids = new Set<number>();
  for (const ch of text) {
    const g = f.font.glyphForCodePoint(ch.codePointAt(0)!);
    if (g) ids.add(g.id);
  }
  return [...ids];
}

/** Composite glyphs (negative numberOfContours), found in glyf through loca. */
function compositeGlyphs(font: Font, limit: number): number[] {
  const f = font as unknown as {
    loca: { offsets: number[] };
    directory: { tables: { glyf: { offset: number } } };
    stream: { buffer: Uint8Array };
  };
  const bytes = f.stream.buffer;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  const offsets = f.loca.offsets;
  for (let gid = 0; gid + 1 < offsets.length && out.length < limit; gid++) {
    if (offsets[gid + 1]! > offsets[gid]! && view.getInt16(f.directory.tables.glyf.offset + offsets[gid]!) < 0)
      out.push(gid);
  }
  return out;
}

/** The subset of `ids` encoded by fontkit alone, with its subsetter sped up, or with both patches. */
function encoded(font: Font, ids: number[], patch: 'none' | 'simple' | 'both', loaded?: LoadedFont): Buffer {
  loaded?.ensureGlyphs(ids);
  const subset = font.createSubset() as unknown as Subset;
  if (patch !== 'none') fastSimpleGlyphSubset(subset);
  if (patch === 'both') fastTrueTypeSubsetEncode(subset);
  for (const id of ids) subset.includeGlyph(id);
  return Buffer.from(subset.encode());
}
const same = (f: LoadedFont, ids: number[], reference: 'none' | 'simple') =>
  encoded(f.font, ids, 'both', f).equals(encoded(f.font, ids, reference, f));

const texts = [
  readFileSync(sample, 'utf8'),
  ...readdirSync(join(root, 'test', 'corpus', 'texts'))
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => readFileSync(join(root, 'test', 'corpus', 'texts', n), 'utf8')),
];

test('the one-pass encoder writes fontkit’s bytes for the sample’s glyphs (fontkit unpatched) in every handout font', () => {
  for (const f of handoutFonts) {
    const ids = glyphsOf(f, texts[0]!);
    assert.ok(ids.length > 500, `${f.path}: ${ids.length} glyphs`);
    assert.ok(same(f, ids, 'none'), `${f.path}: differs from fontkit's encode()`);
  }
});

test('the one-pass encoder writes fontkit’s bytes for every corpus text’s glyphs', () => {
  for (const f of handoutFonts)
    for (const text of texts.slice(1))
      assert.ok(same(f, glyphsOf(f, text), 'simple'), `${f.path}: a corpus text differs`);
  // the smallest font file: the .notdef glyph alone
  for (const f of handoutFonts) assert.ok(same(f, [], 'none'), `${f.path}: .notdef alone`);
});

test('fonts with hinting tables (cvt , prep, fpgm) and a short loca: KaTeX’s, installed with marp-cli', () => {
  const dir = join(root, 'node_modules', '@marp-team', 'marp-cli', 'node_modules', 'katex', 'dist', 'fonts');
  const files = readdirSync(dir).filter((n) => n.endsWith('.ttf'));
  assert.ok(files.length > 10, dir);
  for (const n of files) {
    const font = fontkit.openSync(join(dir, n)) as Font;
    const t = (font as unknown as { directory: { tables: Record<string, unknown> } }).directory.tables;
    assert.ok(t['cvt '] && t.prep && t.fpgm, `${n} has cvt , prep and fpgm`);
    const ids = Array.from({ length: font.numGlyphs }, (_, i) => i).filter((i) => i % 3 !== 1);
    assert.ok(encoded(font, ids, 'both').equals(encoded(font, ids, 'none')), `${n}: differs from fontkit's encode()`);
  }
});

// Composite glyphs pull their components into the subset while it is encoded. None of the fonts
// lectern installs has any; DejaVu Sans (Debian's fonts-dejavu-core) has 2,607.
const dejavu = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
test('composite glyphs and their components (DejaVu Sans)', {
  skip: !existsSync(dejavu) && `${dejavu} is not installed`,
}, () => {
  const font = fontkit.openSync(dejavu) as Font;
  const comp = compositeGlyphs(font, 300);
  assert.ok(comp.length === 300, 'composite glyphs found');
  const ids = [...Array.from('Handout text', (c) => font.glyphForCodePoint(c.codePointAt(0)!).id), ...comp];
  assert.ok(encoded(font, ids, 'both').equals(encoded(font, ids, 'none')));
});

test('the handout writer encodes its font files with the one-pass encoder', async () => {
  const text = readFileSync(sample, 'utf8');
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  const settings = settingsForDocument(
    loadSettings(root, {}, process.env, () => {}),
    doc,
    text,
  );
  clearCaches(); // no font file from the cache
  const before = onePassEncodes.count;
  await makeHandout(doc, settings, fonts, new Timer());
  assert.equal(onePassEncodes.count - before, handoutFonts.length, 'one font file per handout font');
});
