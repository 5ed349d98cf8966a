// The handout's inline texts that only markdown-it's `text` and `escape` rules can act on are read
// without its inline parser (plainInlineText): the same text, and no lead, as the parser gives them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { clearCaches } from '../src/cache';
import {
  inlineParses,
  leadInlineText,
  parseHandoutMarkdown,
  plainInlineText,
  textAndLeadLength,
} from '../src/handout/parse';
import { HANDOUT_TRANSCRIPTS, handoutMarkdown, lcg } from './handout-markdown-helpers';
import { sample } from './helpers';

const md = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(cjkFriendly);

/** markdown-it's inline parse of `src`: its children. */
function children(src: string): ReturnType<typeof md.parse> {
  const out: ReturnType<typeof md.parse> = [];
  md.inline.parse(src, md, {}, out);
  return out;
}

/** plainInlineText's answer for `src` agrees with the parser's: only text tokens, the same text. */
function agrees(src: string): boolean {
  const plain = plainInlineText(src);
  if (plain === null) return false;
  const parsed = children(src);
  for (const c of parsed)
    assert.ok(
      c.type === 'text' || c.type === 'text_special',
      `${JSON.stringify(src)}: the parser made a ${c.type} token`,
    );
  const text = parsed.map((c) => c.content).join('');
  assert.equal(plain, text, `${JSON.stringify(src)}: read ${JSON.stringify(plain)}, parsed ${JSON.stringify(text)}`);
  return true;
}

/** leadInlineText's answer for `src` agrees with the parser's text and lead (strong_open first). */
function leadAgrees(src: string): boolean {
  const read = leadInlineText(src);
  if (read === null) return false;
  const parsed = children(src);
  assert.ok(
    parsed.some((c) => c.type === 'strong_open'),
    `${JSON.stringify(src)}: the parser set no bold lead`,
  );
  assert.deepEqual(read, textAndLeadLength(parsed), JSON.stringify(src));
  return true;
}

test('plain inline texts of every handout fixture and corpus text read as markdown-it parses them', () => {
  let plain = 0;
  let all = 0;
  for (const file of HANDOUT_TRANSCRIPTS) {
    const markdown = handoutMarkdown(readFileSync(file, 'utf8'));
    for (const t of md.parse(markdown, {})) {
      if (t.type !== 'inline') continue;
      all++;
      if (agrees(t.content) || leadAgrees(t.content)) plain++;
    }
  }
  // the template escapes the transcript's ASCII punctuation: nearly every text is plain
  assert.ok(plain > all * 0.9, `${plain} of ${all} inline texts read as plain`);
});

const PIECES = [
  '国',
  '，',
  '。',
  '】',
  '”',
  '！',
  'a',
  '3',
  ' ',
  '\u3000',
  '\n',
  '\\',
  '\\\\',
  '\\ ',
  '😀',
  '\ud800',
  '\ufe0f',
  '&amp;',
  '&#75;',
  '**',
  '*',
  '_',
  ...Array.from({ length: 0x7f - 0x21 }, (_, k) => String.fromCharCode(0x21 + k)).filter((c) => !/[0-9A-Za-z]/.test(c)),
];

/** A generated text of `max` pieces at most, ASCII punctuation escaped (as the template writes it) half the time */
function generated(rand: (n: number) => number, max: number): string {
  let src = '';
  const len = rand(max + 1);
  for (let i = 0; i < len; i++) {
    const p = PIECES[rand(PIECES.length)]!;
    src += p.length === 1 && /[!-/:-@[-`{-~]/.test(p) && rand(2) === 0 ? `\\${p}` : p;
  }
  return src;
}

test('plain inline texts: generated texts of CJK, ASCII punctuation, backslashes and white space', () => {
  const rand = lcg(15);
  let plain = 0;
  for (let k = 0; k < 20000; k++) if (agrees(generated(rand, 12) || '国')) plain++;
  assert.ok(plain > 2000, `${plain} generated texts read as plain`);
  // what the parser must read: emphasis, a line break, an entity, a backslash before anything else
  for (const src of ['**粗体**正文', '第一行\n第二行', '甲&amp;乙', '末尾\\', '\\ 空格', '\\国', '50%', '一-二'])
    assert.equal(plainInlineText(src), null, src);
});

test('run-in leads: generated **lead**rest texts read as markdown-it parses them', () => {
  const rand = lcg(16);
  const ends = ['。', '：', '】', '」', '国', '）', '”', '.', '\\.', ' ', '😀', 'a', '\ufe0f'];
  let read = 0;
  for (let k = 0; k < 20000; k++) {
    const lead = generated(rand, 4) + ends[rand(ends.length)]!;
    const open = rand(8) === 0 ? '*' : rand(8) === 0 ? '***' : '**';
    const close = rand(8) === 0 ? '*' : rand(8) === 0 ? '***' : '**';
    if (leadAgrees(`${open}${lead}${close}${generated(rand, 6)}`)) read++;
  }
  assert.ok(read > 1000, `${read} generated leads read without the parser`);
  assert.deepEqual(leadInlineText('**规划先行。**规划就是执行力。'), { text: '规划先行。规划就是执行力。', lead: 5 });
  assert.ok(leadAgrees('**甲**'));
  for (const src of ['** 空格。**正文', '**关于KPI\\:**&#75;PI', '**甲a**乙', '**甲。***乙', '**甲。**乙*丙*'])
    assert.equal(leadInlineText(src), null, src);
});

test("parseHandoutMarkdown reads the sample's texts, its run-in leads too, without the inline parser", () => {
  clearCaches();
  const before = { ...inlineParses };
  const blocks = parseHandoutMarkdown(handoutMarkdown(readFileSync(sample, 'utf8')));
  const parsedTexts = inlineParses.parsed - before.parsed;
  const plain = inlineParses.plain - before.plain;
  assert.ok(blocks.length > 10);
  assert.equal(plain, parsedTexts, `${plain} of ${parsedTexts} texts read without the inline parser`);
});
