// slides.html's @font-face rules (~0.3 MB of base64, ~75 % of the file) are a part of their own,
// ASCII by construction (src/slides/bespoke.ts, ASCII_HTML_PARTS): the slide worker writes their
// characters as the bytes (Latin-1, a copy) instead of giving them to the UTF-8 encoder, which went
// through them character by character — the title and the controls' labels had made the whole head a
// two-byte string. The bytes must be those of the whole file encoded as UTF-8, so the parts said to
// be ASCII must be ASCII, on real decks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectRebuilds } from '../src/cache';
import { FontSet, loadFontConfig } from '../src/fonts';
import { encodeOutput, encodeOutputParts, partsMemo } from '../src/pipeline/encoded-output';
import { Timer } from '../src/pipeline/timer';
import { loadSettings, settingsForDocument } from '../src/settings';
import { ASCII_HTML_PARTS } from '../src/slides/bespoke';
import { makeSlides } from '../src/slides/stage';
import { documentFromBytes } from '../src/source';
import { root, sample } from './helpers';

/** The sample and three corpus texts (a long report, an interview, a short page) */
const corpus = join(root, 'test', 'corpus', 'texts');
const TEXTS = [
  sample,
  ...['02-', '07-', '28-'].map((prefix) => join(corpus, readdirSync(corpus).find((n) => n.startsWith(prefix))!)),
];

test("slides.html's ASCII parts are ASCII and are not UTF-8 encoded; the bytes are the whole file's", async () => {
  const base = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const memo = partsMemo('test: slides.html ascii parts');
  const joinsMemo = partsMemo('test: slides.html joins');
  for (const file of TEXTS) {
    const text = readFileSync(file, 'utf8');
    const doc = documentFromBytes(Buffer.from(text), file);
    // the longest text any Array join makes while the deck is made and its bytes written
    const join = Array.prototype.join;
    let longestJoin = 0;
    Array.prototype.join = function (this: unknown[], separator?: string) {
      const joined = join.call(this, separator);
      longestJoin = Math.max(longestJoin, joined.length);
      return joined;
    };
    let out: Awaited<ReturnType<typeof makeSlides>>;
    try {
      out = await makeSlides(doc, settingsForDocument(base, doc, text), fonts, new Timer());
      encodeOutputParts(out.htmlParts!, joinsMemo, ASCII_HTML_PARTS);
    } finally {
      Array.prototype.join = join;
    }
    const parts = out.htmlParts!;
    const fontCss = parts[1].join('');
    assert.deepEqual(ASCII_HTML_PARTS, [1], 'the @font-face rules are the ASCII part');
    assert.ok(fontCss.startsWith('@font-face{') && fontCss.length > 50_000, `${file}: the fonts part`);
    // each face's base64 a piece of its own, never copied into one string with the rest
    assert.ok(parts[1].length >= 3, `${file}: the fonts part in ${parts[1].length} pieces`);
    assert.ok(
      longestJoin < fontCss.length / 2,
      `${file}: a join made ${longestJoin} characters (the fonts: ${fontCss.length})`,
    );
    for (const i of ASCII_HTML_PARTS)
      assert.ok(/^[\x00-\x7f]*$/.test([parts[i]!].flat().join('')), `${file}: part ${i} is not ASCII`);
    assert.ok(/[^\x00-\x7f]/.test(parts[0]), `${file}: the head (title) is not ASCII: a test without teeth`);

    // which texts the UTF-8 encoder is given, while the parts are encoded as the slide worker does
    const utf8Encoded: string[] = [];
    const from = Buffer.from;
    Buffer.from = ((value: unknown, enc?: unknown, len?: unknown) => {
      if (typeof value === 'string' && (enc === undefined || enc === 'utf8' || enc === 'utf-8'))
        utf8Encoded.push(value);
      return (from as (...a: unknown[]) => Buffer)(value, enc, len);
    }) as typeof Buffer.from;
    let encoded: ReturnType<typeof encodeOutputParts>;
    try {
      encoded = encodeOutputParts(parts, memo, ASCII_HTML_PARTS);
    } finally {
      Buffer.from = from;
    }
    assert.ok(
      !utf8Encoded.some((t) => parts[1].includes(t) || t.includes(fontCss.slice(0, 1000))),
      `${file}: the fonts part went through the UTF-8 encoder`,
    );
    assert.ok(utf8Encoded.includes(parts[0]), `${file}: the spy saw no UTF-8 encoding at all`);
    const whole = encodeOutput(parts.flat().join(''));
    assert.ok(Buffer.from(encoded.bytes).equals(Buffer.from(whole.bytes)), `${file}: bytes differ`);
    assert.equal(encoded.sha256, whole.sha256, `${file}: hash differs`);
  }
});

test('encodeOutputParts with ASCII parts equals encodeOutput of the joined parts, with and without a memo', () => {
  const memo = partsMemo('test: ascii parts memo');
  const seqs: string[][] = [
    ['<title>字</title><style>', '@font-face{a}', '</style>按钮', '正文一', '<script>'],
    ['<title>字</title><style>', '@font-face{a}', '</style>按钮', '正文二', '<script>'],
    ['<title>字</title><style>', '@font-face{b}', '</style>按钮', '正文二', '<script>'],
    ['<title>字体</title><style>', '@font-face{b}', '</style>按钮', '正文二', '<script>'],
    ['<title>字体</title><style>', '', '</style>按钮', '正文二', '<script>!'],
  ];
  for (const rebuilds of [true, false]) {
    expectRebuilds(rebuilds);
    try {
      for (const parts of seqs) {
        const { bytes, sha256 } = encodeOutputParts(parts, memo, [1]);
        assert.deepEqual({ bytes, sha256 }, encodeOutput(parts.join('')), JSON.stringify(parts));
      }
    } finally {
      expectRebuilds(false);
    }
  }
});
