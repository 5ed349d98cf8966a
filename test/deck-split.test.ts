// splitSentences and splitClauses slice each piece from the text by its offsets (src/deck/text.ts,
// splitAt) instead of building it character by character: the same pieces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSING_BRACKETS, OPENING_BRACKETS, SENTENCE_ENDS } from '../src/cjk';
import { splitClauses, splitSentences } from '../src/deck';
import { readDocument } from '../src/source';
import { paragraphTexts, sampleAndCorpus } from './deck-helpers';

/** splitAt as it was: each piece built up character by character. */
function splitAtByChar(text: string, isEnd: (ch: string) => boolean): string[] {
  const chars = [...text];
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    cur += ch;
    if (OPENING_BRACKETS.has(ch)) depth++;
    else if (CLOSING_BRACKETS.has(ch)) depth = Math.max(0, depth - 1);
    if (isEnd(ch)) {
      let j = i + 1;
      let d = depth;
      while (j < chars.length && (isEnd(chars[j]!) || CLOSING_BRACKETS.has(chars[j]!))) {
        if (CLOSING_BRACKETS.has(chars[j]!)) d = Math.max(0, d - 1);
        j++;
      }
      if (d === 0) {
        cur += chars.slice(i + 1, j).join('');
        i = j - 1;
        depth = 0;
        if (cur.trim()) out.push(cur.trim());
        cur = '';
      }
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
const sentencesByChar = (t: string) => splitAtByChar(t, (ch) => SENTENCE_ENDS.has(ch) || ch === '…');
const clausesByChar = (t: string) => splitAtByChar(t, (ch) => '，；：,;'.includes(ch));

test('sentences and clauses as when built character by character: the corpus’s paragraphs', () => {
  let paragraphs = 0;
  for (const file of sampleAndCorpus(1))
    for (const text of paragraphTexts(readDocument(file))) {
      paragraphs++;
      assert.deepEqual(splitSentences(text), sentencesByChar(text), text);
      for (const s of splitSentences(text)) assert.deepEqual(splitClauses(s), clausesByChar(s), s);
    }
  assert.ok(paragraphs > 500, `${paragraphs} paragraphs`);
});

test('sentences and clauses as when built character by character: brackets, runs of marks, surrogates, spaces', () => {
  const texts = [
    '他说：“我们要坚持。”然后呢？！……好的。',
    '（一是要坚持。二是要发展。）三是要稳定；四是，要改革：',
    '  前面有空格。 后面也有。  ',
    '𠀀𠀁是两个字。\ud840孤立的高位。\udc00孤立的低位！',
    '“”。。。',
    '没有句号的一句话',
    '',
    '。',
    '「括号没有关上。还在里面，',
    '）多余的右括号。后面，继续',
  ];
  for (const t of texts) {
    assert.deepEqual(splitSentences(t), sentencesByChar(t), t);
    assert.deepEqual(splitClauses(t), clausesByChar(t), t);
  }
});
