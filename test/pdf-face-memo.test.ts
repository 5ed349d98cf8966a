// Under watch the PDF writer keeps each embedded face's bytes (src/vendor/pdfkit.ts, `embeddedFaces`):
// a rebuild whose face has the same glyphs in the same first-use order writes the last build's font
// file, ToUnicode map and widths again; a face whose glyphs changed is filled and embedded anew. Each
// edit below is built warm (right after the unedited text) and cold (after clearCaches()): the handouts
// must be the same bytes, the faces the edit did not touch must have been reused and the others
// embedded again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { clearCaches, expectRebuilds } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { FontTables } from '../src/fonts/tables';
import { makeHandout } from '../src/handout/stage';
import type { TypesetDocument } from '../src/typeset/types';
import { faceReuse, pdfNumberArray } from '../src/vendor/pdfkit';
import { Timer } from '../src/pipeline/timer';
import { loadSettings, settingsForDocument } from '../src/settings';
import { documentFromBytes } from '../src/source';
import { root, sample } from './helpers';
import { typesetText, writeTypeset } from './pdf-writer-helpers';

const base = loadSettings(root, {}, process.env, () => {});
expectRebuilds(); // as watch does
const fonts = new FontSet(loadFontConfig(root));

async function handout(text: string): Promise<{ pdf: Buffer; pages: number; reused: number; embedded: number }> {
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  const before = { ...faceReuse };
  const out = await makeHandout(doc, settingsForDocument(base, doc, text), fonts, new Timer());
  return {
    pdf: out.pdf,
    pages: out.pages,
    reused: faceReuse.reused - before.reused,
    embedded: faceReuse.embedded - before.embedded,
  };
}

const text = readFileSync(sample, 'utf8');
const lines = text.split('\n');
const early = '此次培训针对基层干部反映集中的问题';
const heading = '加快项目引进和建设';
const long = lines.find((l) => l.length > 150)!;
const lastLong = lines.findLast((l) => l.length > 150)!;

const edits: {
  name: string;
  edited: string;
  /** at least this many faces reused (of the sample's four) */
  reused: number;
  check?: (warm: { pages: number }, before: { pages: number }) => void;
}[] = [
  // 鑫 is nowhere else in the sample: the body face gets a glyph, the headings' faces do not
  {
    name: 'a new character in a body paragraph',
    edited: text.replace(early, early.replace('基层', '基层鑫')),
    reused: 3,
  },
  // 反 and 映 occur only here: the body face loses two glyphs
  {
    name: 'characters removed from a body paragraph',
    edited: text.replace(early, early.replace('反映', '')),
    reused: 3,
  },
  {
    name: 'a paragraph moved from the last page to an earlier one',
    edited: text.replace(`${lastLong}\n`, '').replace(long, `${long}\n${lastLong}`),
    reused: 2,
  },
  {
    name: 'pages added',
    edited: text.replace(long, `${long}\n`.repeat(8) + long),
    reused: 2,
    check: (warm, before) => assert.ok(warm.pages > before.pages, `${warm.pages} pages, ${before.pages} before`),
  },
  {
    name: 'a page removed',
    edited: lines.filter((l) => l.length < 150 || l === long).join('\n'),
    reused: 1,
    check: (warm, before) => assert.ok(warm.pages < before.pages, `${warm.pages} pages, ${before.pages} before`),
  },
  // a heading is in the body, the contents page and the outline; 与 is new to the headings' face
  { name: 'a heading changed', edited: text.replace(heading, heading.replace('和', '与')), reused: 2 },
];

for (const e of edits) {
  test(`PDF face memo: ${e.name} — a warm rebuild equals a cold build byte for byte`, async () => {
    assert.notEqual(e.edited, text, 'the edit did not apply');
    clearCaches();
    const before = await handout(text);
    const warm = await handout(e.edited);
    clearCaches();
    const cold = await handout(e.edited);
    e.check?.(warm, before);
    assert.ok(!warm.pdf.equals(before.pdf), 'the handout did not change');
    assert.ok(warm.reused >= e.reused, `${warm.reused} faces reused, ${warm.embedded} embedded again`);
    assert.ok(warm.embedded > 0, 'no face embedded again after an edit that changes glyphs');
    assert.equal(warm.pages, cold.pages);
    assert.ok(warm.pdf.equals(cold.pdf), `the warm handout differs from a cold build (${warm.reused} faces reused)`);
  });
}

test('PDF face memo: a face whose glyphs changed is embedded again, the others are reused', async () => {
  clearCaches();
  const first = await handout(text);
  assert.equal(first.reused, 0);
  const again = await handout(text);
  assert.equal(again.embedded, 0, 'the same text embedded a face again');
  assert.equal(again.reused, first.embedded);
  assert.ok(again.pdf.equals(first.pdf));
  const edited = await handout(text.replace(early, early.replace('基层', '基层鑫')));
  assert.equal(edited.embedded, 1, 'only the body face has a new glyph');
  assert.equal(edited.reused, first.embedded - 1);
});

// The same glyphs standing for other text at their first use (the typeset runs as they are, one
// glyph's text changed): only the face's ToUnicode map differs, and it must not be the kept one.
test("PDF face memo: a glyph's first-use text changes the face (its ToUnicode map)", async () => {
  const typeset = () => typesetText(text, base, fonts);
  const write = (t: TypesetDocument) => writeTypeset(t, base, fonts);
  const retext = (t: TypesetDocument): TypesetDocument => {
    const [first, ...rest] = t.pages;
    const [line, ...others] = first!.lines;
    const [run, ...runs] = line!.line.runs;
    const [glyph, ...glyphs] = run!.glyphs;
    const changed = { ...run!, glyphs: [{ ...glyph!, text: `${glyph!.text}鑫` }, ...glyphs] };
    return {
      ...t,
      pages: [
        { ...first!, lines: [{ ...line!, line: { ...line!.line, runs: [changed, ...runs] } }, ...others] },
        ...rest,
      ],
    };
  };
  clearCaches();
  await write(typeset());
  const before = { ...faceReuse };
  const warm = await write(retext(typeset()));
  assert.equal(faceReuse.embedded - before.embedded, 1, 'the retexted face was not embedded again');
  clearCaches();
  const cold = await write(retext(typeset()));
  assert.ok(warm.equals(cold), 'the warm handout differs from a cold build');
});

test('PDF face memo: a process that builds once (build, batch) keeps no face', async () => {
  expectRebuilds(false);
  try {
    clearCaches();
    await handout(text);
    const again = await handout(text);
    assert.equal(again.reused, 0);
    assert.ok(again.embedded > 0);
  } finally {
    expectRebuilds();
  }
});

// Every build writes a face's widths through pdfNumberArray (as kept text): it must be what pdfkit's
// own conversion writes, for real widths and for what a widths array can hold.
test("pdfNumberArray writes a widths array as pdfkit's PDFObject.convert does", async () => {
  const tables = FontTables.of(fonts.get('body').font);
  const real = Array.from({ length: 2000 }, (_, id) => tables.advance(id) * 1000);
  const odd: (number | null | undefined)[] = [
    0,
    -0,
    1e-7,
    -1.5,
    0.1 + 0.2,
    1 / 3,
    123456.7891234,
    null,
    undefined,
    1e20,
  ];
  const holey: number[] = [500];
  holey[3] = 250;
  for (const list of [real, odd, holey, []]) {
    const pdf = new PDFDocument({ autoFirstPage: false, compress: false });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<string>((resolve) =>
      pdf.on('end', () => resolve(Buffer.concat(chunks).toString('latin1'))),
    );
    (pdf as unknown as { ref(d: object): { end(): void } }).ref({ W: [0, list] }).end();
    pdf.end();
    const written = /\/W \[0 (\[[^\]]*\])\]/.exec(await done)?.[1];
    assert.equal(pdfNumberArray(list), written);
  }
});
