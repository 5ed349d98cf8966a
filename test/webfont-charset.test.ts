// charsetOf (the characters the deck's embedded font must hold) is built from a bitmap for speed: it
// must give exactly the string the plain definition gives — sorted (UTF-16 order), de-duplicated, no
// controls, plus the characters every deck needs — on real texts and on astral and broken input. The
// subsets made from it are cached, least recently used out first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { charsetOf } from '../src/slides';
import { ALWAYS, subsetReuse, subsetWoff2 } from '../src/slides/webfont';
import { FontSet, loadFontConfig } from '../src/fonts';
import { root, sample } from './helpers';

/** The plain definition: every character of `text` and of the deck's fixed set, in a Set, sorted. */
function reference(text: string): string {
  const set = new Set<string>();
  for (const ch of text + ALWAYS) if (ch >= ' ') set.add(ch);
  return [...set].sort().join('');
}

test('charsetOf equals the sorted set of characters on every corpus text and on astral and broken input', () => {
  const dir = join(root, 'test', 'corpus', 'texts');
  const texts = [
    readFileSync(sample, 'utf8'),
    ...readdirSync(dir).map((n) => readFileSync(join(dir, n), 'utf8')),
    'a\u0000b\u001f\t\n😀𠀀\ud800x\udc00y\uffff\ue000\uff01\u3000\ud83d',
    '\ud83d\ude00\ud83d',
    '',
  ];
  for (const t of texts) assert.equal(charsetOf(t), reference(t), JSON.stringify(t.slice(0, 30)));
  assert.ok(charsetOf('').includes('A') && charsetOf('').includes('续'), 'the fixed set is missing');
  assert.ok(!charsetOf('\u0007').includes('\u0007'), 'a control character is kept');
});

test('charsetOf stays exact across calls: what one call met is not met by the next, also after 65,536 calls', () => {
  assert.equal(charsetOf('甲乙'), reference('甲乙'));
  assert.equal(charsetOf('乙丙'), reference('乙丙'), 'a character of the call before was left out or kept');
  // the calls are told apart by a 16-bit number: it wraps once in 65,536 calls
  for (let k = 0; k < 0x10000; k++) charsetOf(k % 2 ? '丁' : '');
  for (const t of ['甲乙', '乙丙', readFileSync(sample, 'utf8')]) assert.equal(charsetOf(t), reference(t));
});

test("the bold face's web font subset stays cached while typing makes a new regular subset on every rebuild", async () => {
  const fonts = new FontSet(loadFontConfig(root));
  const regular = fonts.get('slides');
  const bold = fonts.get('slidesBold');
  const boldChars = charsetOf('规划先行');
  const before = { ...subsetReuse };
  await subsetWoff2(bold, boldChars);
  // twelve rebuilds, one more character typed each time: a new regular subset each, the same bold one
  let typed = '我们要';
  for (const ch of '把规划放在首位先谋后动') {
    typed += ch;
    await subsetWoff2(regular, charsetOf(typed));
    await subsetWoff2(bold, boldChars);
  }
  const made = subsetReuse.misses - before.misses;
  assert.equal(made, 1 + '把规划放在首位先谋后动'.length, `${made} subsets made`);
  assert.equal(subsetReuse.hits - before.hits, '把规划放在首位先谋后动'.length);
});
