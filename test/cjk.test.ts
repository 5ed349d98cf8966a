// src/cjk: the one home of Chinese character knowledge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHROMIUM_NOT_END,
  CHROMIUM_NOT_START,
  CLOSING_BRACKETS,
  CLOSING_FULL_WIDTH,
  hasHan,
  isEmBoxChar,
  isHan,
  isHanCodePoint,
  isHanWord,
  isOneHanChar,
  NOT_END,
  NOT_START,
  OPENING_BRACKETS,
  OPENING_FULL_WIDTH,
  PAUSE_MARKS,
  STOP_MARKS,
} from '../src/cjk';

test('isHanCodePoint (with its fast path) is exactly Unicode Script=Han', () => {
  const han = /^\p{Script=Han}$/u;
  for (let cp = 0; cp <= 0x323af; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const expected = han.test(String.fromCodePoint(cp));
    if (isHanCodePoint(cp) !== expected) assert.fail(`U+${cp.toString(16)}: ${!expected}, Script=Han says ${expected}`);
  }
  assert.equal(isHan(undefined), false);
  assert.equal(isHan('𠀀'), true); // extension B, a surrogate pair
  assert.equal(isOneHanChar('王'), true);
  assert.equal(isOneHanChar('王强'), false);
  assert.equal(hasHan('GB/T 15834 标准'), true);
  assert.equal(hasHan('GB/T 15834'), false);
});

test('em-box characters: Han, kana, full-width letters, circled numbers, ㎡ — not punctuation or Latin', () => {
  for (const ch of '中〇々〆あアＡ９①㎡𠀀') assert.ok(isEmBoxChar(ch.codePointAt(0)!), ch);
  for (const ch of '，。“（a9 —…') assert.ok(!isEmBoxChar(ch.codePointAt(0)!), ch);
});

test('opening and closing brackets pair up, and never overlap', () => {
  assert.equal([...OPENING_FULL_WIDTH].length, [...CLOSING_FULL_WIDTH].length);
  const pairs = [...OPENING_FULL_WIDTH].map((o, i) => o + [...CLOSING_FULL_WIDTH][i]);
  assert.ok(pairs.includes('“”') && pairs.includes('（）') && pairs.includes('《》') && pairs.includes('〔〕'));
  for (const ch of OPENING_BRACKETS) assert.ok(!CLOSING_BRACKETS.has(ch), ch);
});

test('kinsoku: closing marks and stops never start a line, opening marks never end one', () => {
  for (const set of [CLOSING_BRACKETS, PAUSE_MARKS, STOP_MARKS]) for (const ch of set) assert.ok(NOT_START.has(ch), ch);
  for (const ch of OPENING_BRACKETS) assert.ok(NOT_END.has(ch) && CHROMIUM_NOT_END.has(ch), ch);
  for (const ch of '——……') assert.ok(NOT_START.has(ch), ch);
  for (const ch of '￥$') assert.ok(NOT_END.has(ch) && !CHROMIUM_NOT_END.has(ch), ch);
});

test("the deck's Chromium variant is the list its line counter was measured with", () => {
  // Chromium (line-break: strict) also keeps small kana, ー and iteration marks off a line start
  for (const ch of 'っャー々ゝ〜‥') assert.ok(CHROMIUM_NOT_START.has(ch) && !NOT_START.has(ch), ch);
  // the list the deck's counter imitated before it was derived here: any change moves slide breaks
  const measured =
    '。．，、；：？！）］｝〕〉》」』】〙〗〞’”…‥—–～・·%‰℃°，.,;:?!)]}〜ー々〻ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ';
  assert.deepEqual([...CHROMIUM_NOT_START].sort(), [...new Set(measured)].sort());
  assert.deepEqual([...CHROMIUM_NOT_END].sort(), [...new Set('（［｛〔〈《「『【〘〖〝‘“([{')].sort());
});

test('no other module defines Han ranges or the kinsoku sets', () => {
  const files = readdirSync('src', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !f.startsWith(join('src', 'cjk')));
  const duplicates =
    /\\p\{Script=Han\}|0x2e80|0x4e00|\\u4e00|0x9fff|\\u9fff|0x3400|\\u3400|[“‘（《〈【〔「『]{6}|[”’）》〉】〕」』]{6}/iu;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const m = duplicates.exec(text);
    assert.equal(m, null, `${f} defines character knowledge (${m?.[0]}): take it from src/cjk`);
  }
});

test('isHanWord answers as ^\\p{Script=Han}{min,max}$ (u) does, without the regular expression', () => {
  // BMP Han, astral Han (Ext B), a compatibility ideograph, a radical, 々 and 〇 (Script=Han), then
  // characters that are not: Latin, a space, a full-width mark, kana, and lone surrogates
  const alphabet = ['中', '\u{20000}', '\uf900', '\u2e80', '々', '〇', 'a', ' ', '。', 'あ', '\ud800', '\udc00'];
  let strings = [''];
  for (let length = 1, last = ['']; length <= 5; length++) {
    last = last.flatMap((s) => alphabet.map((c) => s + c));
    strings = strings.concat(last);
  }
  for (const [min, max] of [
    [2, 4],
    [2, 3],
    [1, 1],
    [0, 2],
  ] as const) {
    const re = new RegExp(`^\\p{Script=Han}{${min},${max}}$`, 'u');
    for (const s of strings) assert.equal(isHanWord(s, min, max), re.test(s), `${JSON.stringify(s)} {${min},${max}}`);
  }
});
