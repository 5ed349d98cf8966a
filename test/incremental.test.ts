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
import { deflateReuse } from '../src/vendor/pdfkit';
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
