// phraseLength counts code points without spreading the text into an array (src/deck/keyphrase.ts):
// the same counts as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phraseLength, splitClauses, splitSentences } from '../src/deck';
import { readDocument } from '../src/source';
import { paragraphTexts, sampleAndCorpus } from './deck-helpers';

const EDGES = [
  '',
  'a',
  '中',
  '𠀀',
  '\ud840',
  '\udc00',
  '\udc00\ud840',
  '\ud840\ud840\udc00',
  'a𠀀b\ud840',
  '𠀀𠀁中文\udc00',
];

test('phraseLength counts what [...text].length counts: the corpus’s clauses and lone surrogates', () => {
  let n = 0;
  for (const file of sampleAndCorpus(1))
    for (const p of paragraphTexts(readDocument(file)))
      for (const s of splitSentences(p))
        for (const c of [s, ...splitClauses(s)]) {
          n++;
          assert.equal(phraseLength(c), [...c].length, c);
        }
  assert.ok(n > 1000, `${n} texts`);
  for (const t of EDGES) assert.equal(phraseLength(t), [...t].length, JSON.stringify(t));
});
