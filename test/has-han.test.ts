// hasHan (src/cjk) finds a Han character by code (isHanCodePoint) instead of testing `\p{Script=Han}`:
// the same answer, and a text of the common block makes no expression — whose first test had ICU build
// the script's set of code points twice, on the slide worker for the deck's first weighed word.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasHan } from '../src/cjk';

test('hasHan makes no Han expression for texts of the common block, punctuation, Latin and digits', () => {
  const made: string[] = [];
  const original = globalThis.RegExp;
  globalThis.RegExp = new Proxy(original, {
    construct(target, args) {
      made.push(String(args[0]));
      return Reflect.construct(target, args);
    },
  });
  try {
    for (const text of ['规划引领', '，', '“四有”', '249', 'GB/T 15834', '乡镇（街道）', '々〇', '', '　'])
      hasHan(text);
  } finally {
    globalThis.RegExp = original;
  }
  assert.deepEqual(made, []);
});

test('hasHan gives what \\p{Script=Han} (u flag) finds, on generated texts', () => {
  const han = /\p{Script=Han}/u;
  const pool = [
    ...'规划项目aZ09 ，。“”（）々〇〆〻ーアあ가ㄅ⺀⻳⼀㐀㇀㈠ＡＺ～',
    '𠀀',
    '𪜀',
    '\u{2f800}',
    '\u{30000}',
    '\u{1f600}',
    '\ud840',
    '\udc00',
    '\u3021',
    '\u3038',
    '\u303c',
    '\u2e80',
    '\u2e7f',
    '\uf900',
    '\ufa6e',
  ];
  let seed = 7;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (const ch of pool) assert.equal(hasHan(ch), han.test(ch), JSON.stringify(ch));
  for (let k = 0; k < 5000; k++) {
    const text = Array.from({ length: next(5) }, () => pool[next(pool.length)]!).join('');
    assert.equal(hasHan(text), han.test(text), JSON.stringify(text));
  }
});
