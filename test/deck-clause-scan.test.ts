// clauseRanges and semicolonUnits (src/deck/keyphrase.ts) read each unit's classes from a table
// (src/deck/text.ts unitClasses) instead of taking it as a one-character string and asking sets: the
// same ranges and parts as the string-and-set forms, on every sentence of the sample and the corpus and
// on texts of brackets, runs of marks, surrogates and ASCII marks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOSING_BRACKETS, OPENING_BRACKETS } from '../src/cjk';
import { clauseRanges, semicolonUnits } from '../src/deck/keyphrase';
import { splitSentences } from '../src/deck/text';
import { readDocument } from '../src/source';
import { paragraphTexts, sampleAndCorpus } from './deck-helpers';

const CLAUSE_END = '，；：。！？…,;:!?';

/** clauseRanges as first written */
function clauseRangesBySet(sentence: string): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sentence.length; i++) {
    const ch = sentence[i]!;
    if (OPENING_BRACKETS.has(ch)) depth++;
    else if (CLOSING_BRACKETS.has(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && CLAUSE_END.includes(ch)) {
      if (i > start) out.push([start, i]);
      start = i + 1;
    }
  }
  let end = sentence.length;
  while (end > start && (CLAUSE_END.includes(sentence[end - 1]!) || CLOSING_BRACKETS.has(sentence[end - 1]!))) {
    if (CLOSING_BRACKETS.has(sentence[end - 1]!)) break;
    end--;
  }
  if (end > start) out.push([start, end]);
  return out;
}

/** semicolonUnits as first written: each ；-part's offset and text */
function semicolonPartsBySet(sentence: string): [number, string][] {
  const parts: [number, string][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= sentence.length; i++) {
    const ch = sentence[i];
    if (ch && OPENING_BRACKETS.has(ch)) depth++;
    else if (ch && CLOSING_BRACKETS.has(ch)) depth = Math.max(0, depth - 1);
    if (i === sentence.length || (depth === 0 && (ch === '；' || ch === ';'))) {
      const text = sentence.slice(start, i + (i < sentence.length ? 1 : 0));
      if (text.trim()) parts.push([start, text]);
      start = i + 1;
    }
  }
  return parts;
}

function check(sentence: string): void {
  assert.deepEqual(clauseRanges(sentence), clauseRangesBySet(sentence), sentence);
  assert.deepEqual(
    semicolonUnits(sentence).map((u) => [u.offset, u.text]),
    semicolonPartsBySet(sentence),
    sentence,
  );
}

test('clause ranges and ；-parts as the string-and-set forms: every sentence of the sample and the corpus', () => {
  let sentences = 0;
  for (const file of sampleAndCorpus(1))
    for (const text of paragraphTexts(readDocument(file)))
      for (const s of [text, ...splitSentences(text)]) {
        check(s);
        sentences++;
      }
  assert.ok(sentences > 2000, `${sentences} sentences`);
});

test('clause ranges and ；-parts as the string-and-set forms: brackets, runs of marks, surrogates, ASCII marks', () => {
  for (const s of [
    '他说：“我们要坚持，”然后；（一是，二是；）三是！？……',
    '“引号里，有逗号；”，后面…',
    '𠀀𠀁，\ud840孤立；\udc00低位:ok;fine,yes!?',
    '，，；；',
    '“”',
    '结尾的引号。”',
    '结尾的逗号，”，',
    '',
    '）多余的右括号，（没关上；',
    '([{ASCII, brackets; here}])? yes!',
  ])
    check(s);
});
