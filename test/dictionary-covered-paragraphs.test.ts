// A covered document's paragraphs (src/deck/segment.ts, coverDocument): every key of a paragraph the
// document's JSON text holds as it is was marked when the document was covered, so the planner's cuts of
// its pieces — every paragraph for the term weights, then runs of its clauses — mark none again (marking
// costs ~2,600 instructions a character at V8's baseline tier: ~3,800 characters of the sample's deck).
// A paragraph with a character JSON escapes is not taken as covered, and every cut stays the whole
// dictionary's. Its own process: the dictionary must start without words.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { planDeck } from '../src/deck';
import { readDictionaryPart } from '../src/deck/dictionary-part';
import { deckDictionaryText } from '../src/deck/made-texts';
import { coverDocument, dictionaryCovers, loadWordSegmenter, words } from '../src/deck/segment';
import { readDocument } from '../src/source';
import { makeDoc, metrics, sampleFile, widths } from './deck-helpers';

const require = createRequire(import.meta.url);
const { Jieba } = require('@node-rs/jieba') as {
  Jieba: { withDict(d: Uint8Array): { cut(t: string, hmm: boolean): string[] } };
};

test('a covered document’s deck marks no key of its paragraphs again, and cuts as the whole dictionary', () => {
  const whole = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
  loadWordSegmenter(); // the worker's warm-up: jieba with no word yet
  const doc = readDocument(sampleFile);
  coverDocument(doc, readDictionaryPart(deckDictionaryText(doc)));
  const before = dictionaryCovers();
  planDeck({ doc, metrics, widths });
  // 545 texts marked without the covered paragraphs; what is left are the planner's own texts (a clause
  // without its fillers, a headline with its marks) and pieces cut out of a paragraph's piece
  const marked = dictionaryCovers() - before;
  assert.ok(marked < 60, `${marked} texts marked`);
  for (const p of doc.parts.flatMap((q) => q.paragraphs)) assert.deepEqual(words(p.text), whole.cut(p.text, true));

  // a paragraph holding characters JSON escapes (" \ and a control character) is not covered as it is:
  // its pairs with them are not in the document's JSON text
  const odd = ['他说"要把\\产业园区办好"，大家都同意。', '把基层治理\t做实做细，群众满意'];
  const other = makeDoc({ title: '另一场', parts: [{ title: '发言', paragraphs: odd }] });
  coverDocument(other);
  for (const p of odd) {
    const n = dictionaryCovers();
    assert.deepEqual(words(p), whole.cut(p, true), p);
    assert.ok(dictionaryCovers() > n, `${p}: its keys were looked for`);
  }
});
