// A warm slide stage (what the slide worker does under `lectern watch`) keeps what the next deck can
// reuse — the @font-face rules of unchanged web fonts, slides.html's head and script, their UTF-8
// bytes and the hash state after the unchanged parts — and still gives exactly the bytes of a cold build: each
// edit below is built warm in this process, one after another, and cold by `lectern build` in a fresh
// process. The reuse is counted, so the test fails both when nothing is kept and when what is kept is
// stale (bytes that differ from the cold build's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectRebuilds } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { encodeOutput, encodeOutputParts, partsMemo } from '../src/pipeline/encoded-output';
import { workerSlides } from '../src/pipeline/slides-runner';
import { Timer } from '../src/pipeline/timer';
import { loadSettings, settingsForDocument } from '../src/settings';
import { fontCssReuse, htmlJoins } from '../src/slides';
import { ASCII_HTML_PARTS, shellReuse } from '../src/slides/bespoke';
import { makeSlides } from '../src/slides/stage';
import { slideTextReuse } from '../src/templates';
import { documentFromBytes } from '../src/source';
import { lectern, root, sample, tempDir } from './helpers';

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** The edits, each applied to the text the one before left (name → edit). */
const EDITS: [string, (t: string) => string][] = [
  ['one slide (the bench’s edit)', (t) => t.replace('规划先行。', '规划先行！。').replace('项目为王。', '项目为王1。')],
  ['the same text again', (t) => t],
  ['a character the deck lacked (new web font)', (t) => t.replace('规划先行！。', '规划先行龘。')],
  ['the title', (t) => t.replace('广安适应新时代新发展', '广安适应新时代新征程')],
  [
    'a talk’s title (agenda and section slide)',
    (t) => t.replace('立足新发展阶段 践行党的初心使命', '立足发展阶段 践行初心使命'),
  ],
  [
    'a paragraph removed (one slide less, the later ones renumbered)',
    (t) => t.replace(/\n乡镇党委书记要具备为民意识[^\n]*/, ''),
  ],
  ['the character removed again', (t) => t.replace('规划先行龘。', '规划先行。')],
];

test('a warm slide stage writes the bytes of a cold build after each edit, and reuses the unchanged parts', async () => {
  const dir = tempDir('lectern-slides-warm-');
  expectRebuilds(true);
  try {
    const base = loadSettings(root, {});
    const fonts = new FontSet(loadFontConfig(root));
    const memo = partsMemo('test: slides.html parts');
    const texts: string[] = [];
    let text = readFileSync(sample, 'utf8');
    const warm: {
      md: string;
      html: Uint8Array;
      sha: string;
      slides: number;
      reused: number;
      kept: number[];
      texts: { kept: number; made: number };
    }[] = [];
    for (const [i, [, edit]] of [['first build', (t: string) => t] as const, ...EDITS].entries()) {
      text = edit(text);
      texts.push(text);
      const doc = documentFromBytes(Buffer.from(text), join(dir, `talk${i}.txt`));
      const settings = settingsForDocument(base, doc, text);
      const keptBefore = [fontCssReuse.hits, shellReuse.head.hits, shellReuse.script.hits];
      const textsBefore = { ...slideTextReuse };
      const out = await makeSlides(doc, settings, fonts, new Timer());
      assert.ok(out.htmlParts, 'the stage gives slides.html in parts');
      const html = encodeOutputParts(out.htmlParts, memo, ASCII_HTML_PARTS);
      warm.push({
        md: out.markdown,
        html: html.bytes,
        sha: html.sha256!,
        slides: out.slides,
        reused: html.reused ?? 0,
        kept: [fontCssReuse.hits, shellReuse.head.hits, shellReuse.script.hits].map((n, k) => n - keptBefore[k]!),
        texts: { kept: slideTextReuse.hits - textsBefore.hits, made: slideTextReuse.misses - textsBefore.misses },
      });
      assert.equal(html.sha256, sha256(html.bytes), `edit ${i}: the hash is of the bytes`);
      const whole = encodeOutput(out.html);
      assert.deepEqual(
        [html.bytes, html.sha256],
        [whole.bytes, whole.sha256],
        `edit ${i}: the parts encode as the whole`,
      );
    }

    // cold: every edited text built by a fresh process
    const src = join(dir, 'texts');
    mkdirSync(src);
    for (const [i, t] of texts.entries()) writeFileSync(join(src, `talk${i}.txt`), t);
    const r = lectern(['build', src, '--out', join(dir, 'out'), '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    for (const [i, w] of warm.entries()) {
      const name = i === 0 ? 'first build' : EDITS[i - 1]![0];
      const outDir = join(dir, 'out', `talk${i}`);
      assert.equal(w.md, readFileSync(join(outDir, 'slides.md'), 'utf8'), `${name}: slides.md`);
      assert.ok(Buffer.from(w.html).equals(readFileSync(join(outDir, 'slides.html'))), `${name}: slides.html`);
    }

    // the edits changed what they should: a slide count, the title, the web font
    assert.notEqual(warm[6]!.slides, warm[5]!.slides, 'removing a paragraph changed no slide count');
    // reuse (parts: head up to the fonts, fonts, head's end, slides, script): the head (stylesheets,
    // title), the web fonts and the script are not encoded again while unchanged; the same text again
    // reuses the slides too; new characters make new fonts, a new title a new head
    const reused = warm.map((w) => w.reused);
    assert.equal(reused[0], 0, 'nothing to reuse in a first build');
    assert.equal(reused[1], 4, 'one slide changed: head, fonts, head end and script reused');
    assert.equal(reused[2], 5, 'the same text: every part reused');
    assert.equal(reused[3], 3, 'a new character: head, head end and script reused');
    assert.equal(reused[4], 2, 'a new title (new characters): head end and script reused');
    assert.equal(reused[5], 4, 'a talk title changed: head, fonts, head end and script reused');
    for (const [i, n] of reused.entries()) if (i > 0) assert.ok(n >= 1, `${i}: the script was encoded again`);
    // and the texts themselves are kept, not made again and compared: the @font-face rules (~0.3 MB
    // of base64), the head, the script
    assert.deepEqual(warm[1]!.kept, [1, 1, 1], 'one slide changed: font rules, head, script kept');
    assert.deepEqual(warm[3]!.kept, [0, 1, 1], 'a new character: the head and the script kept');
    // the slide texts (line pieces, <wbr>, punctuation pairs) are made only for the texts an edit changed
    assert.ok(warm[0]!.texts.made > 50, `a first build makes every slide text (${warm[0]!.texts.made})`);
    assert.ok(
      warm[1]!.texts.made <= 2 && warm[1]!.texts.kept > 50,
      `one slide changed: ${JSON.stringify(warm[1]!.texts)}`,
    );
    assert.equal(warm[2]!.texts.made, 0, 'the same text: no slide text made');
  } finally {
    expectRebuilds(false);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a deck's slides.html is joined from its parts only when read: the slide worker encodes the parts", async () => {
  const text = readFileSync(sample, 'utf8');
  const doc = documentFromBytes(Buffer.from(text), join(root, 'content', 'talk.txt'));
  const fonts = new FontSet(loadFontConfig(root));
  const before = htmlJoins.count;
  const out = await makeSlides(doc, settingsForDocument(loadSettings(root, {}), doc, text), fonts, new Timer());
  // what the slide worker does with a deck (src/pipeline/slides-worker.ts): the rest goes back as it is
  const { markdown, htmlParts, ...rest } = out;
  assert.ok(markdown && htmlParts && rest.slides > 0);
  assert.equal(htmlJoins.count, before, 'the deck or a copy of it joined slides.html');
  assert.equal(out.html, htmlParts.flat().join(''));
  assert.equal(out.html, out.html);
  assert.equal(htmlJoins.count, before + 1, 'slides.html joined once when read');
});

test('encodeOutputParts equals encodeOutput of the joined parts whatever changed, and keeps nothing outside watch', () => {
  const memo = partsMemo('test: parts');
  const seqs: string[][] = [
    ['<head>字体', '正文一', '<script>'],
    ['<head>字体', '正文二', '<script>'],
    ['<head>字體', '正文二', '<script>'],
    ['<head>字體', '正文二', '<script>!'],
    ['', '', ''],
    ['𠀀a', '\ud800', 'b'],
    ['<head>字體', '正文二'],
  ];
  expectRebuilds(true);
  try {
    for (const parts of seqs) {
      const { bytes, sha256 } = encodeOutputParts(parts, memo);
      assert.deepEqual({ bytes, sha256 }, encodeOutput(parts.join('')), JSON.stringify(parts));
      assert.ok(memo.value, 'kept under watch');
    }
  } finally {
    expectRebuilds(false);
  }
  encodeOutputParts(['a', 'b'], memo);
  assert.equal(memo.value, undefined, 'kept without watch');
});

test('the slide worker keeps slides.html’s unchanged parts when the main thread will build again', async () => {
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const text = readFileSync(sample, 'utf8');
  const doc = documentFromBytes(Buffer.from(text), sample);
  const worker = workerSlides(); // the compiled worker (dist/slides-worker.js)
  const reused: (number | undefined)[] = [];
  try {
    for (const rebuilds of [false, false, true, true]) {
      expectRebuilds(rebuilds);
      const r = await worker.run(doc, settingsForDocument(settings, doc, text), fonts, new Timer());
      reused.push(r.encoded?.html.reused);
    }
  } finally {
    expectRebuilds(false);
    await worker.close();
  }
  // a build, a batch: nothing kept; under watch the second deck reuses all five parts
  assert.deepEqual(reused, [0, 0, 0, 5]);
});
