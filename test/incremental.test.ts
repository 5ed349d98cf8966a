// Incremental writers (issue 15): a rebuild in a warm process (what `lectern watch` does) reuses the
// last build's work — unchanged pages' deflated content streams — and still writes exactly the bytes
// of a cold build of the edited text. The reuse is counted, so the test fails both when it is switched
// off (nothing reused) and when it is stale (reused bytes that no longer match: outputs differ from cold).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocument } from '../src/pipeline';
import { loadSettings } from '../src/settings';
import { FontSet, loadFontConfig } from '../src/fonts';
import { deflateReuse, fontFileReuse } from '../src/vendor/pdfkit';
import { makeHandout } from '../src/handout/stage';
import { documentFromBytes } from '../src/source';
import { settingsForDocument } from '../src/settings';
import { Timer } from '../src/pipeline/timer';
import { lectern, root, sample, tempDir } from './helpers';

const OUTPUTS = ['handout.pdf', 'slides.html', 'slides.md', 'slides.pptx'];

const pageText = (pdf: string, page: number): string =>
  execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' });

/** A line of the transcript set on `page` of the handout: the first whose opening 12 characters are there. */
function lineOnPage(text: string, pdf: string, page: number): string {
  const onPage = pageText(pdf, page).replace(/\s+/g, '');
  const line = text
    .split('\n')
    .find((l) => l.length > 40 && l.includes('，') && onPage.includes(l.trim().slice(0, 12)));
  assert.ok(line, `no transcript line found on page ${page}`);
  return line;
}

test('a warm rebuild after an edit on body page 3 reuses unchanged pages and equals a cold build byte for byte', async () => {
  const dir = tempDir('lectern-incremental-');
  try {
    const file = join(dir, 'talk.txt');
    copyFileSync(sample, file);
    const settings = loadSettings(root, { slidesPptx: true }, process.env, () => {});
    const fonts = new FontSet(loadFontConfig(root));
    const out = join(dir, 'out');
    await buildDocument(file, out, settings, fonts);
    const pdf = join(out, 'talk', 'handout.pdf');
    const before = readFileSync(pdf);
    const pagesBefore = [1, 2, 3, 7].map((p) => pageText(pdf, p));

    // Edit one paragraph that starts on body page 3 (PDF page 7: cover, blank, contents, blank, 1, 2, 3): a few more characters in its first clause.
    const text = readFileSync(file, 'utf8');
    const line = lineOnPage(text, pdf, 7);
    writeFileSync(file, text.replace(line, line.replace('，', '，确实')));
    const reused = { ...deflateReuse };
    await buildDocument(file, out, settings, fonts);
    const hits = deflateReuse.hits - reused.hits;
    const misses = deflateReuse.misses - reused.misses;

    assert.ok(!readFileSync(pdf).equals(before), 'the handout did not change');
    assert.notEqual(pageText(pdf, 7), pagesBefore[3], 'page 7 (body page 3) did not change');
    for (const p of [1, 2, 3]) assert.equal(pageText(pdf, p), pagesBefore[p - 1], `page ${p} changed`);
    // The six pages before the edit keep their content streams: reused, not deflated again. Streams
    // after it may change (the subset's glyph numbers follow first use), so that is the lower bound.
    assert.ok(hits >= 6, `only ${hits} streams reused (${misses} deflated)`);
    assert.ok(misses >= 1, 'the edited page was not deflated again');

    // A cold build of the edited text in a fresh process: the same bytes.
    const cold = lectern(['build', file, '--out', join(dir, 'cold'), '--slides-pptx', '--force', '--quiet'], {
      cwd: dir,
    });
    assert.equal(cold.status, 0, cold.stderr);
    for (const name of OUTPUTS)
      assert.ok(
        readFileSync(join(out, 'talk', name)).equals(readFileSync(join(dir, 'cold', 'talk', name))),
        `${name}: the warm rebuild differs from a cold build`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("font files every rebuild uses stay cached while an edit changes one font's glyphs on every rebuild", async () => {
  // The bench's edit: a bold run-in lead (规划先行。) gains and loses a ！ and a number changes in the
  // next lead, so the bold face's glyph list differs on every rebuild — a new font file each time,
  // which must not push the other faces' files (used unchanged by every build) out of the cache.
  const text = readFileSync(sample, 'utf8');
  assert.ok(text.includes('规划先行。') && text.includes('项目为王。'));
  const edit = (i: number) =>
    text.replace('规划先行。', `规划先行${'！'.repeat(i % 2)}。`).replace('项目为王。', `项目为王${i}。`);
  const base = loadSettings(root, {}, process.env, () => {});
  const fonts = new FontSet(loadFontConfig(root));
  const build = async (i: number) => {
    const doc = documentFromBytes(Buffer.from(edit(i)), 'talk.txt');
    await makeHandout(doc, settingsForDocument(base, doc, edit(i)), fonts, new Timer());
  };
  await build(0);
  const before = { ...fontFileReuse };
  const rebuilds = 24;
  for (let i = 1; i <= rebuilds; i++) await build(i);
  const misses = fontFileReuse.misses - before.misses;
  const hits = fontFileReuse.hits - before.hits;
  // one new file per rebuild (the bold face's); every other face's file from the cache
  assert.ok(misses <= rebuilds, `${misses} font files encoded in ${rebuilds} rebuilds`);
  assert.ok(hits >= 2 * rebuilds, `only ${hits} font files reused in ${rebuilds} rebuilds`);
});
