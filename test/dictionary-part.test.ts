// A cold build's main thread reads the document's part of jieba's bucketed dictionary and hands it to
// the slide worker with the document (src/deck/dictionary-part.ts): the worker, a cold build's longer
// lane and still starting when the document comes, gives jieba those lines instead of finding and
// reading them itself. The lines must be the ones the worker would have read, and the cuts the whole
// dictionary's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { dictionaryFile, readDictionaryPart } from '../src/deck/dictionary-part';
import { dictionaryFileHead, markNewKeys, newKeyState, readKeys } from '../src/deck/jieba-dictionary.mjs';
import { deckDictionaryText } from '../src/deck/made-texts';
import { dictionaryFileReads, loadedDictionaryKeys, loadWordSegmenter, words } from '../src/deck/segment';
import { FontSet, loadFontConfig } from '../src/fonts';
import { buildDocument } from '../src/pipeline';
import { type ToSlidesWorker, workerSlides } from '../src/pipeline/slides-runner';
import { Timer } from '../src/pipeline/timer';
import { loadSettings } from '../src/settings';
import { root, sample, tempDir } from './helpers';

const require = createRequire(import.meta.url);
const { Jieba } = require('@node-rs/jieba') as {
  Jieba: { withDict(d: Uint8Array): { cut(t: string, hmm: boolean): string[] } };
};

test('a cold build’s first document goes to the slide worker with its part of the dictionary; later ones without', async () => {
  const posted: ToSlidesWorker[] = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: never) {
    if ((message as Partial<ToSlidesWorker>)?.doc) posted.push(message as ToSlidesWorker);
    return post.call(this, message, transfer);
  };
  const settings = loadSettings(root, {});
  const fonts = new FontSet(loadFontConfig(root));
  const slides = workerSlides(); // the compiled worker (dist/slides-worker-loader.cjs)
  try {
    await buildDocument(sample, tempDir(), settings, fonts, { force: true, slides }, new Timer());
    await buildDocument(sample, tempDir(), settings, fonts, { force: true, slides }, new Timer());
  } finally {
    Worker.prototype.postMessage = post;
    await slides.close();
  }
  assert.equal(posted.length, 2);
  const [first, second] = posted as [ToSlidesWorker, ToSlidesWorker];
  const part = first.dictionary;
  assert.ok(part, 'the first document carries its part');
  // the keys the worker covers for its document and deck (segment.ts, made-texts.ts), and their
  // lines as readKeys reads them
  const { filter } = dictionaryFileHead(dictionaryFile())!;
  const keys = markNewKeys(deckDictionaryText(first.doc), newKeyState(), filter);
  assert.deepEqual(part.keys, keys);
  const read = readKeys(dictionaryFile(), keys);
  assert.equal(part.freq, read.freq);
  assert.ok(Buffer.from(part.lines).equals(read.lines));
  // keyed by a word's first three units, the words that can occur in the document: jieba's loadDict
  // costs the worker per word (1,924 for the sample; keyed by two units, 13,378 were loaded); and
  // only the keys the filter lets through were looked up (2,380 of the sample's 8,630)
  assert.ok(keys.length < 3000, `${keys.length} keys looked up`);
  const wordsLoaded = Buffer.from(part.lines).toString('utf8').split('\n').filter(Boolean).length;
  assert.ok(wordsLoaded > 1000 && wordsLoaded < 2500, `${wordsLoaded} words in the sample's part`);
  assert.equal(second.dictionary, undefined, 'a warm worker reads what it lacks itself');
});

test('the slide stage gives jieba the part as read: it reads nothing more for the text, and cuts as the whole dictionary', () => {
  const whole = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
  const text = readFileSync(sample, 'utf8');
  loadWordSegmenter(); // the worker's warm-up: jieba with no word yet
  const half = text.slice(0, text.length >> 1);
  const part = readDictionaryPart(half);
  assert.ok(part);
  const reads = dictionaryFileReads();
  loadWordSegmenter(half, part);
  // taken as given: exactly its keys, and the file not read again
  assert.equal(dictionaryFileReads(), reads);
  assert.equal(loadedDictionaryKeys(), new Set(part.keys).size);
  // a part only goes into a dictionary without words: the rest of the text is read as before
  loadWordSegmenter(text, readDictionaryPart(text));
  assert.equal(dictionaryFileReads(), reads + 1);
  assert.equal(
    loadedDictionaryKeys(),
    markNewKeys(text, newKeyState(), dictionaryFileHead(dictionaryFile())!.filter).length,
  );
  const paragraphs = text.split(/\n+/).filter((p) => p.trim());
  for (const p of paragraphs) assert.deepEqual(words(p), whole.cut(p, true), p);
});
