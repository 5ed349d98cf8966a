// The slide fonts' coverage warning reads the cmap directly (FontTables) and strips spaces once per
// distinct character: the same characters, in the same order, and the same warning as fontkit's own
// lookup and a per-character test — on the sample and every corpus text, with a CJK font and a
// Latin-only one (KaTeX's, installed with marp-cli).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { FontSet, loadFontConfig } from '../src/fonts';
import { FontTables } from '../src/fonts/tables';
import { coverageLookups, coversDocument, coverageWarning, documentCharacters } from '../src/fonts/validate';
import { clearCaches } from '../src/cache';
import type { Document } from '../src/model';
import { documentFromBytes } from '../src/source';
import { root, sample } from './helpers';

const corpus = join(root, 'test', 'corpus', 'texts');
const files = [
  sample,
  ...readdirSync(corpus)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((n) => join(corpus, n)),
];
const latin = fontkit.openSync(
  join(
    root,
    'node_modules',
    '@marp-team',
    'marp-cli',
    'node_modules',
    'katex',
    'dist',
    'fonts',
    'KaTeX_Main-Regular.ttf',
  ),
) as Font;
const cjk = new FontSet(loadFontConfig(root)).get('slides').font;

/** The characters as first written: every character of the text tested on its own. */
function referenceCharacters(doc: Document): string[] {
  const texts = [
    doc.meta.title,
    doc.meta.subtitle,
    doc.meta.series,
    ...doc.parts.flatMap((p) => [
      p.title,
      p.subtitle,
      p.speaker ? p.speaker.name + p.speaker.post : '',
      ...p.paragraphs.map((x) => x.lead + x.text),
    ]),
  ];
  return [...new Set(texts.flatMap((t) => Array.from(t).filter((ch) => !/\s/u.test(ch))))];
}

test('document characters and coverage warnings are those of fontkit and a per-character test', () => {
  let warned = 0;
  for (const file of files) {
    const doc = documentFromBytes(readFileSync(file), file);
    const chars = documentCharacters(doc);
    assert.deepEqual([...chars], referenceCharacters(doc), file);
    for (const font of [cjk, latin]) {
      const missing = [...chars].filter((ch) => !font.hasGlyphForCodePoint(ch.codePointAt(0)!));
      const w = coverageWarning(doc, chars, FontTables.of(font), 'slide', '/fonts/x.ttf');
      if (missing.length === 0 || missing.length <= chars.size * 0.02) assert.equal(w, undefined, file);
      else {
        warned++;
        assert.match(
          w!.message,
          new RegExp(
            `no glyphs for ${missing.length} of the text's ${chars.size} characters \\(e\\.g\\. ${missing
              .slice(0, 5)
              .join(' ')
              .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`,
          ),
          file,
        );
      }
    }
  }
  assert.ok(warned >= files.length, `the Latin-only font is warned about for every text (${warned})`);
});

test('under watch a slide font known to cover the unchanged texts looks up only the edited ones, and answers as the full check', () => {
  clearCaches();
  // the same answer as every distinct character tested: true exactly when nothing would be warned about
  for (const file of files) {
    const doc = documentFromBytes(readFileSync(file), file);
    for (const [font, path] of [
      [cjk, '/fonts/cjk.ttf'],
      [latin, '/fonts/latin.ttf'],
    ] as const) {
      const all = [...documentCharacters(doc)].every((ch) => font.hasGlyphForCodePoint(ch.codePointAt(0)!));
      assert.equal(coversDocument(doc, FontTables.of(font), path), all, file);
      assert.equal(coversDocument(doc, FontTables.of(font), path), all, `${file}, again`);
    }
  }
  // a rebuild after a one-paragraph edit: only the edited paragraph's characters are looked up
  const text = readFileSync(sample, 'utf8');
  const edited = text.replace('规划先行。', '规划先行，项目为王。');
  assert.notEqual(edited, text);
  coversDocument(documentFromBytes(Buffer.from(text), sample), FontTables.of(cjk), '/fonts/edit.ttf');
  const before = { ...coverageLookups };
  assert.ok(coversDocument(documentFromBytes(Buffer.from(edited), sample), FontTables.of(cjk), '/fonts/edit.ttf'));
  assert.equal(coverageLookups.texts - before.texts, 1, 'texts looked up again after one paragraph changed');
  assert.ok(
    coverageLookups.kept - before.kept > 10,
    `the unchanged texts were not known covered (${coverageLookups.kept - before.kept})`,
  );
  // a character the font lacks, typed into a paragraph: that text is not covered
  const latinDoc = documentFromBytes(Buffer.from(text.replace('规划先行。', '规划先行 Ω。')), sample);
  assert.equal(coversDocument(latinDoc, FontTables.of(cjk), '/fonts/edit.ttf'), cjk.hasGlyphForCodePoint(0x3a9));
});

test('document characters are found by code unit: the same characters, in the same order, with no string iterated', () => {
  const text = readFileSync(sample, 'utf8');
  // astral characters (a pair is one character), lone surrogates of both halves, spaces of several
  // kinds, and the same characters again in a second document (the met table is kept between calls)
  const edged = text.replace('规划先行。', '规划先行 𠀋𝐀\ud800x\udc00\u3000\u00a0\t𠀋\ud800。');
  assert.notEqual(edged, text);
  const iterate = String.prototype[Symbol.iterator];
  let iterated = 0;
  for (const bytes of [Buffer.from(edged), Buffer.from(text), Buffer.from(edged)]) {
    const doc = documentFromBytes(bytes, sample);
    const want = referenceCharacters(doc);
    String.prototype[Symbol.iterator] = function (this: string) {
      iterated++;
      return iterate.call(this);
    };
    let chars: Set<string>;
    try {
      chars = documentCharacters(doc);
    } finally {
      String.prototype[Symbol.iterator] = iterate;
    }
    assert.deepEqual([...chars], want);
  }
  assert.equal(iterated, 0, 'strings iterated character by character');
});
