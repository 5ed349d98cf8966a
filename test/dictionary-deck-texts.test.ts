// A cold build's part of jieba's dictionary (src/deck/dictionary-part.ts) covers the texts the deck
// planner makes from the document's strings (src/deck/made-texts.ts): the agenda's headline and the
// parts' joined titles. Without them the slide worker opened and read the dictionary file again
// mid-deck (4 times for the sample). Its own process: the dictionary must start without words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDeck } from '../src/deck';
import { readDictionaryPart } from '../src/deck/dictionary-part';
import { AGENDA_HEADLINE, deckDictionaryText, joinedTitle } from '../src/deck/made-texts';
import { dictionaryFileReads, loadWordSegmenter } from '../src/deck/segment';
import { readDocument } from '../src/source';
import { renderTemplate } from '../src/templates';
import { metrics, root, sampleFile, widths } from './deck-helpers';

test('a cold deck of the sample reads nothing of the dictionary file beyond the part handed over', () => {
  loadWordSegmenter(); // the worker's warm-up: jieba with no word yet
  const doc = readDocument(sampleFile);
  const text = deckDictionaryText(doc);
  assert.ok(text.startsWith(JSON.stringify(doc)) && text.includes(AGENDA_HEADLINE));
  const joined = doc.parts.filter((p) => p.title && p.subtitle).map(joinedTitle);
  assert.ok(joined.length > 0 && joined.every((t) => text.includes(t)), 'the sample has subtitled parts');
  const part = readDictionaryPart(text);
  assert.ok(part);
  loadWordSegmenter(text, part);
  const reads = dictionaryFileReads();
  const { plan } = planDeck({ doc, metrics, widths });
  assert.ok(plan.agenda.length > 0, 'the sample has an agenda');
  renderTemplate('slides.md.hbs', plan, root);
  assert.equal(dictionaryFileReads(), reads, 'the deck read keys of the file itself');
});
