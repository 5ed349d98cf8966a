// The PDF writer keeps each typeset run's text operators (src/pdf/write.ts, `runOperators`): a warm
// rebuild writes an unchanged run's operators again instead of generating them glyph by glyph. They
// depend on more than the run: the subset's glyph numbers follow first use (an edit earlier in the
// document renumbers later glyphs), the line's place on the page moves when text before it grows or
// shrinks. Each edit below is built warm (after the unedited text, so most runs are kept) and cold
// (after clearCaches()), and the handouts must be the same bytes; the warm one must have reused runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clearCaches, expectRebuilds } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { makeHandout } from '../src/handout/stage';
import { codePoints, runOperatorReuse } from '../src/pdf/write';
import type { Page, TypesetDocument } from '../src/typeset/types';
import { Timer } from '../src/pipeline/timer';
import { loadSettings, settingsForDocument } from '../src/settings';
import { documentFromBytes } from '../src/source';
import { root, sample } from './helpers';
import { typesetText, writeTypeset } from './pdf-writer-helpers';

const base = loadSettings(root, {}, process.env, () => {});
expectRebuilds(); // as watch does
const fonts = new FontSet(loadFontConfig(root));

async function handout(text: string): Promise<{ pdf: Buffer; pages: number }> {
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  const out = await makeHandout(doc, settingsForDocument(base, doc, text), fonts, new Timer());
  return { pdf: out.pdf, pages: out.pages };
}

const text = readFileSync(sample, 'utf8');
// A paragraph near the start of the body: edits there move every later glyph's first use and line.
const early = '此次培训针对基层干部反映集中的问题';
const long = text.split('\n').find((l) => l.length > 150)!;

const edits: { name: string; edited: string; check?: (warm: { pages: number }, before: { pages: number }) => void }[] =
  [
    // 鑫 is in no other place of the sample: a new glyph early in every face's subset order
    { name: 'a new character early in the text', edited: text.replace(early, early.replace('基层', '基层鑫')) },
    // 反 and 映 occur only here: two glyphs leave the subset, later glyphs are renumbered
    { name: 'characters removed early in the text', edited: text.replace(early, early.replace('反映', '')) },
    {
      name: 'a paragraph repeated: lines move down, the page count changes',
      edited: text.replace(long, `${long}\n`.repeat(8) + long),
      check: (warm, before) => assert.ok(warm.pages > before.pages, `${warm.pages} pages, ${before.pages} before`),
    },
    {
      name: 'a paragraph removed: lines move up',
      edited: text.replace(`${long}\n`, ''),
    },
  ];

for (const e of edits) {
  test(`PDF run memo: ${e.name} — a warm rebuild equals a cold build byte for byte`, async () => {
    assert.notEqual(e.edited, text, 'the edit did not apply');
    clearCaches();
    const before = await handout(text);
    const counts = { ...runOperatorReuse };
    const warm = await handout(e.edited);
    const reused = runOperatorReuse.reused - counts.reused;
    const written = runOperatorReuse.written - counts.written;
    clearCaches();
    const cold = await handout(e.edited);
    e.check?.(warm, before);
    assert.ok(!warm.pdf.equals(before.pdf), 'the handout did not change');
    assert.ok(reused > 0, `no run's operators reused (${written} generated)`);
    assert.ok(written > 0, 'no run generated again after the edit');
    assert.equal(warm.pages, cold.pages);
    assert.ok(warm.pdf.equals(cold.pdf), `the warm handout differs from a cold build (${reused} runs reused)`);
  });
}

test('PDF run memo: the same text again reuses nearly every run and writes the same bytes', async () => {
  clearCaches();
  const first = await handout(text);
  const counts = { ...runOperatorReuse };
  const again = await handout(text);
  const reused = runOperatorReuse.reused - counts.reused;
  const written = runOperatorReuse.written - counts.written;
  // a run drawn at two places keeps the last one (the contents page's folios share the layout of 「1」)
  assert.ok(reused > 100 && written * 50 < reused, `${reused} runs reused, ${written} generated again`);
  assert.ok(again.pdf.equals(first.pdf));
});

// The same typeset runs (the same objects, as the typesetter's caches hand them out) drawn at another
// place or under another font resource name: cases the text edits above need not reach.
const typesetSample = () => typesetText(text, base, fonts);
const write = (t: TypesetDocument) => writeTypeset(t, base, fonts);

async function warmEqualsCold(variant: (t: TypesetDocument) => TypesetDocument): Promise<number> {
  clearCaches();
  const t = typesetSample();
  await write(t);
  const counts = { ...runOperatorReuse };
  const warm = await write(variant(t));
  const reused = runOperatorReuse.reused - counts.reused;
  clearCaches();
  const cold = await write(variant(typesetSample()));
  assert.ok(warm.equals(cold), `the warm handout differs from a cold build (${reused} runs reused)`);
  return reused;
}

test('PDF run memo: lines moved sideways on a page are drawn at their new place', async () => {
  const reused = await warmEqualsCold((t) => ({
    ...t,
    pages: t.pages.map((p, i) => (i < 4 ? p : { ...p, lines: p.lines.map((l) => ({ ...l, left: l.left + 7.25 })) })),
  }));
  assert.ok(reused > 0, 'nothing reused: the pages before the moved ones must be');
});

test('PDF run memo: a run whose font gets another resource name is drawn under the new name', async () => {
  // A page in front whose one run is in a font the document meets later: every font's resource name
  // (F1, F2, … by first use) changes, while the other fonts' glyph numbers stay as they were.
  const reused = await warmEqualsCold((t) => {
    const firstFont = t.pages.flatMap((p) => p.lines.flatMap((l) => l.line.runs))[0]!.font;
    const line = t.pages.flatMap((p) => p.lines).find((l) => l.line.runs.some((r) => r.font !== firstFont))!;
    const run = line.line.runs.find((r) => r.font !== firstFont)!;
    const front: Page = { ...t.pages[1]!, lines: [{ ...line, block: null, line: { ...line.line, runs: [run] } }] };
    return { ...t, pages: [front, ...t.pages] };
  });
  assert.ok(reused > 0, 'nothing reused');
});

test('PDF run memo: a process that builds once (build, batch) keeps no operators', async () => {
  expectRebuilds(false);
  try {
    clearCaches();
    await handout(text);
    const counts = { ...runOperatorReuse };
    await handout(text);
    assert.equal(runOperatorReuse.reused - counts.reused, 0);
    assert.ok(runOperatorReuse.written - counts.written > 100);
  } finally {
    expectRebuilds();
  }
});

test('codePoints gives what Array.from(text, codePointAt) gives: pairs joined, lone surrogates kept', () => {
  const texts = [
    '',
    '中',
    'a',
    '𠀋',
    '𠀋字',
    'ab',
    '\ud840',
    '\udc0b',
    'x\ud840',
    '\ud840x',
    '\udc0b\ud840',
    '👨‍👩‍👧',
    'ﬁ',
    '——',
  ];
  for (const t of [...texts, ...readFileSync(sample, 'utf8').split('\n').slice(0, 20)])
    assert.deepEqual(
      codePoints(t),
      Array.from(t, (c) => c.codePointAt(0)!),
      JSON.stringify(t),
    );
});
