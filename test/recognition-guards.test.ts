// Recognition tries a regular expression only on a line that can match it — a line that starts, ends or
// has what the expression needs — and asks the one-class expressions (`/[的和与]$/u`, `/^[（(]/u`) by
// character code (src/source/char-class.ts): V8 compiles an expression at its first use and again at
// its second, and a cold build's recognition of the sample ran 83 distinct ones (README, Speed). The
// answers stay those of the expressions: the same documents on generated transcripts of every shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { documentFromBytes } from '../src/source/index';
import { clearCaches } from '../src/cache';
import { ASCII_ALNUM, charClass, DIGIT, SENTENCE_MARK, WHITE_SPACE } from '../src/source/char-class';
import { generatedTranscripts } from './generated-transcripts';
import { CJK_PUNCTUATION, HAN } from '../src/cjk';
import { removableSpaceRuns } from '../src/source/normalize';
import { LOOSE_SUFFIXES, looksLikePost, POST_SUFFIXES } from '../src/source/speaker';

test('generated transcripts of every shape are recognised as before the guards', () => {
  clearCaches();
  const h = createHash('sha256');
  const texts = generatedTranscripts(1500, 15);
  for (const [i, text] of texts.entries()) {
    let out: string;
    try {
      out = JSON.stringify(documentFromBytes(Buffer.from(text), `t${i}.txt`));
    } catch (e) {
      out = `error ${(e as Error).message}`;
    }
    h.update(`${out}\n`);
  }
  // recorded with recognition before the guards and character classes (main 1cd7883)
  assert.equal(h.digest('hex'), 'e5977ac175f98e8aa4e6170ff334abf9af530c05fa6479500a814f3e56d77a55');
});

/** Strings that put each character of `chars` at the start, the end and inside, with astral and lone surrogates */
function probes(chars: string): string[] {
  const around = ['', 'a', '中', '𠀀', '\ud800', '\udc00', ' '];
  const out = [''];
  for (const ch of [...chars, 'x', '。', '𠀀', '\ud800', '\udc00'])
    for (const side of around) out.push(ch, ch + side, side + ch, side + ch + side, `${side}${ch}${ch}`);
  return out;
}

test('a character class answers as the expression of that one class', () => {
  for (const chars of ['的和与及或之在对把被从向将', '（(【[〔', '。！？；!?;', '：:', '.．、', ']', '-', '^']) {
    const cls = charClass(chars);
    const set = `[${chars.replace(/[\]\\^-]/g, (c) => `\\${c}`)}]`;
    const [end, start, any] = [new RegExp(`${set}$`, 'u'), new RegExp(`^${set}`, 'u'), new RegExp(set, 'u')];
    for (const s of probes(chars)) {
      assert.equal(cls.atEnd(s), end.test(s), `${chars} atEnd ${JSON.stringify(s)}`);
      assert.equal(cls.atStart(s), start.test(s), `${chars} atStart ${JSON.stringify(s)}`);
      assert.equal(cls.inText(s), any.test(s), `${chars} inText ${JSON.stringify(s)}`);
      assert.equal(cls.trimEnd(s), s.replace(end, ''), `${chars} trimEnd ${JSON.stringify(s)}`);
      assert.equal(cls.indexIn(s), s.search(any), `${chars} indexIn ${JSON.stringify(s)}`);
      assert.equal(cls.indexIn(s, 2), s.slice(2).search(any) < 0 ? -1 : s.slice(2).search(any) + 2);
    }
  }
  assert.throws(() => charClass('𠀀'), /surrogate/);
  for (const s of probes('09aZ')) assert.equal(ASCII_ALNUM.atEnd(s), /[A-Za-z0-9]$/u.test(s));
  for (const s of probes('0123456789')) assert.equal(DIGIT.atStart(s), /^\d/u.test(s));
  for (const s of probes('。！？；!?;')) assert.equal(SENTENCE_MARK.inText(s), /[。！？；!?;]/u.test(s));
  assert.equal(DIGIT.leadingCount('2024年', 4), 4);
  assert.equal(DIGIT.leadingCount('12、', 2), 2);
  assert.equal(DIGIT.leadingCount('7月', 2), 1);
  assert.equal(DIGIT.leadingCount('', 4), 0);
});

test('WHITE_SPACE is what \\s matches, and trimStart removes what /^[\\s\\u3000]+/u does', () => {
  for (let code = 0; code <= 0xffff; code++) {
    const ch = String.fromCharCode(code);
    assert.equal(WHITE_SPACE.has(code), /\s/u.test(ch), `U+${code.toString(16)}`);
    const text = `${ch}${ch}中${ch}`;
    assert.equal(text.trimStart(), text.replace(/^[\s\u3000]+/u, ''), `U+${code.toString(16)}`);
  }
});

test('the space runs a line loses are what the space expressions matched', () => {
  const P = `[${CJK_PUNCTUATION}]`;
  const HP = `[${HAN}${CJK_PUNCTUATION}]`;
  const S = '[ \\t\\u00a0\\u3000]';
  const heading = new RegExp(`(?<=${P})${S}+|(?<!${S})${S}+(?=${P})`, 'gu');
  const body = new RegExp(`(?<=${HP})${S}+(?=${HP})|${heading.source}`, 'gu');
  const matches = (re: RegExp, s: string): [number, number][] =>
    [...s.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
  // Han (BMP, astral, 々), punctuation (、 “ ！ ·), spaces of each kind, Latin, a digit, lone surrogates
  const alphabet = [...'中𠀀々、“！·', ' ', '\t', '\u00a0', '\u3000', 'a', '1', '\ud840', '\udc00'];
  let strings = [''];
  for (let length = 1, last = ['']; length <= 4; length++) {
    last = last.flatMap((s) => alphabet.map((c) => s + c));
    strings = strings.concat(last);
  }
  for (const s of strings) {
    assert.deepEqual(removableSpaceRuns(s, 'heading'), matches(heading, s), `heading ${JSON.stringify(s)}`);
    assert.deepEqual(removableSpaceRuns(s, 'body'), matches(body, s), `body ${JSON.stringify(s)}`);
  }
  // every character of the punctuation fragment is punctuation here, and nothing else of the BMP
  const punct = new RegExp(P, 'u');
  for (let code = 0; code <= 0xffff; code++) {
    const s = `中 ${String.fromCharCode(code)}`;
    assert.deepEqual(removableSpaceRuns(s, 'heading'), punct.test(String.fromCharCode(code)) ? [[1, 2]] : []);
  }
});

test('looksLikePost answers as the test of every post ending', () => {
  const naive = (post: string, strict: boolean): boolean => {
    const p = post.replace(/[\s（）()]+$/u, '');
    return POST_SUFFIXES.some(
      (s) => p.endsWith(s) && !(strict && LOOSE_SUFFIXES.has(s) && !p.endsWith(`常${s}`) && !p.endsWith(`党委${s}`)),
    );
  };
  const posts = ['', '长', '𠀀', '镇', '（', ' '];
  for (const s of POST_SUFFIXES)
    for (const before of ['', '镇', '常', '党委', '副'])
      for (const after of ['', '）', ' ', '（）', '长']) posts.push(before + s + after);
  for (const post of posts)
    for (const strict of [false, true])
      assert.equal(looksLikePost(post, strict), naive(post, strict), `${post} ${strict}`);
});
