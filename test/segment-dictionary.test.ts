// jieba loads only the part of its dictionary a text can use (src/deck/jieba-dictionary.mjs,
// dist/jieba-dict.bin): every cut must be exactly the cut of the whole dictionary — on every
// paragraph of the corpus and on windows across them (texts the deck makes from pieces), whether the
// document was covered in one go or the dictionary grows text by text; and a text holding the
// stand-in word falls back to the whole dictionary. The buckets are read from the file in ranges
// (readBuckets): the same lines, in the file's order, as the whole file read and sliced.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadedDictionaryBuckets, loadWordSegmenter, words } from '../src/deck/segment';
import {
  BODY_AT,
  BUCKETS,
  bucketOf,
  dictionaryFileTotal,
  frequencyOf,
  MAGIC,
  markNewBuckets,
  READ_WINDOW,
  readBuckets,
} from '../src/deck/jieba-dictionary.mjs';
import { root, sample } from './helpers';

const require = createRequire(import.meta.url);
const { Jieba } = require('@node-rs/jieba') as {
  Jieba: { withDict(d: Uint8Array): { cut(t: string, hmm: boolean): string[] } };
};
const whole = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
const corpus = join(root, 'test', 'corpus', 'texts');
const texts = readdirSync(corpus)
  .sort()
  .map((f) => readFileSync(join(corpus, f), 'utf8'));

function compare(pieces: string[]): number {
  let n = 0;
  for (const p of pieces) {
    assert.deepEqual(words(p), whole.cut(p, true), p);
    n++;
  }
  return n;
}

test('npm run compile writes the bucketed dictionary: each bucket’s frequency sum is its lines’', () => {
  const file = join(root, 'dist', 'jieba-dict.bin');
  assert.ok(existsSync(file));
  const bytes = readFileSync(file);
  const table = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + BODY_AT));
  assert.deepEqual([...table.subarray(0, 2)], [MAGIC, BUCKETS]);
  const offsets = table.subarray(3, 3 + BUCKETS + 1);
  const sums = table.subarray(3 + BUCKETS + 1);
  let total = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const lines = bytes.toString('utf8', BODY_AT + offsets[b]!, BODY_AT + offsets[b + 1]!).split('\n');
    const sum = lines.filter(Boolean).reduce((n, line) => n + frequencyOf(line), 0);
    assert.equal(sums[b], sum, `bucket ${b}`);
    total += sum;
  }
  assert.equal(table[2], total);
});

test('growing text by text, every cut of the corpus equals the whole dictionary’s', () => {
  let n = 0;
  // half of the texts before any document was covered: the dictionary grows with each piece
  for (const text of texts.slice(0, 16)) {
    const paragraphs = text.split(/\n+/).filter((p) => p.trim());
    n += compare(paragraphs);
    // windows across clause and paragraph ends, as condensed phrases and joined pieces are
    const joined = paragraphs.join('');
    const windows: string[] = [];
    for (let i = 0; i < joined.length; i += 23) windows.push(joined.slice(i, i + 17 + (i % 29)));
    n += compare(windows);
  }
  // the rest covered in one go first, as the slide stage does for its document
  for (const text of texts.slice(16)) {
    loadWordSegmenter(text);
    n += compare(text.split(/\n+/).filter((p) => p.trim()));
  }
  assert.ok(n > 3000, `${n} cuts compared`);
  // and these cuts came from part of the dictionary, not from the whole one loaded as a fallback
  const buckets = loadedDictionaryBuckets();
  assert.ok(buckets !== null && buckets > 0 && buckets < BUCKETS, `${buckets} of ${BUCKETS} buckets loaded`);
});

test('a text holding the stand-in word is cut with the whole dictionary', () => {
  const odd = '今年全县经济稳中有进\uE000\uE001粮食产量再创新高';
  assert.deepEqual(words(odd), whole.cut(odd, true));
  compare(['乡镇党委书记要具备为民意识、全局意识和底限意识']);
});

test('readBuckets reads the same lines, in the file’s order, as the whole file read and sliced', () => {
  const file = join(root, 'dist', 'jieba-dict.bin');
  const bytes = readFileSync(file);
  const table = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + BODY_AT));
  const offsets = table.subarray(3, 3 + BUCKETS + 1);
  const sums = table.subarray(3 + BUCKETS + 1);
  assert.equal(dictionaryFileTotal(file), table[2]);
  const loaded = new Uint8Array(BUCKETS);
  const newBuckets = (text: string): number[] => markNewBuckets(text, loaded);
  const pieces = [readFileSync(sample, 'utf8'), ...texts.slice(0, 3)];
  // the first text as a document covered in one go, then its last paragraph again (nothing new), then
  // the next texts, each adding only what it lacks (as a long-running process grows its dictionary)
  pieces.splice(1, 0, pieces[0]!.slice(-200));
  let calls = 0;
  for (const text of pieces) {
    const buckets = newBuckets(text);
    const wholeRead = Buffer.concat(
      [...buckets].sort((a, b) => a - b).map((b) => bytes.subarray(BODY_AT + offsets[b]!, BODY_AT + offsets[b + 1]!)),
    );
    const freq = buckets.reduce((n, b) => n + sums[b]!, 0);
    const stats: { reads?: number; bytes?: number } = {};
    const part = readBuckets(file, buckets, stats);
    assert.ok(part.lines.equals(wholeRead), 'the same lines in the file’s order');
    assert.equal(part.freq, freq);
    // through the window, in the file's order: at most one system call per window of the file
    assert.ok(stats.reads! <= Math.ceil(bytes.length / READ_WINDOW) + 2, `${stats.reads} reads`);
    if (buckets.length > 0) calls++;
  }
  assert.equal(calls, pieces.length - 1, 'the repeated paragraph needed no new bucket');
});

/** FNV-1a (32 bits, unsigned) of `units`, modulo BUCKETS: how the file's buckets were first defined. */
function referenceBucket(units: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < units.length; i++) h = Math.imul(h ^ units.charCodeAt(i), 0x01000193) >>> 0;
  return h % BUCKETS;
}

test('buckets are FNV-1a of a word’s first two units modulo BUCKETS, as the file was written', () => {
  // every character and pair of the corpus, each once, in the order met (astral characters included)
  const text = `${texts.join('')}𠀋𡈽a\uD800`;
  const expected: number[] = [];
  const seen = new Uint8Array(BUCKETS);
  for (let i = 0; i < text.length; i++)
    for (const key of [text[i]!, text.slice(i, i + 2)].slice(0, i + 1 < text.length ? 2 : 1)) {
      const b = referenceBucket(key);
      assert.equal(bucketOf(key), b, key);
      if (!seen[b]) {
        seen[b] = 1;
        expected.push(b);
      }
    }
  assert.deepEqual(markNewBuckets(text, new Uint8Array(BUCKETS)), expected);
  assert.ok(expected.length > 10_000, `${expected.length} buckets`);
  // marked ones are not given again
  const loaded = new Uint8Array(BUCKETS);
  markNewBuckets(text.slice(0, 500), loaded);
  assert.deepEqual(markNewBuckets(text.slice(0, 500), loaded), []);
});
