// jieba loads only the part of its dictionary a text can use (src/deck/jieba-dictionary.mjs,
// dist/jieba-dict.bin): every cut must be exactly the cut of the whole dictionary — on every
// paragraph of the corpus and on windows across them (texts the deck makes from pieces), whether the
// document was covered in one go or the dictionary grows text by text; and a text holding the
// stand-in word falls back to the whole dictionary. The keys are read from the file in ranges
// (readKeys): the same lines, in the file's order, as the whole file read and sliced.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadedDictionaryKeys, loadWordSegmenter, words } from '../src/deck/segment';
import {
  BUCKETS,
  bodyAt,
  bucketOfHash,
  dictionaryFileHead,
  FILTER_WORDS,
  frequencyOf,
  KEY_UNITS,
  keyHash,
  keyOf,
  MAGIC,
  markedKeys,
  markNewKeys,
  NO_KEY,
  newKeyState,
  passes,
  READ_WINDOW,
  RECORD_BYTES,
  RECORDS_AT,
  readKeys,
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

/** The file as tables: its records (hash, lines' offset, frequency sum) and where each bucket's start */
function fileTables(bytes: Buffer) {
  const header = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 16));
  const count = header[3]!;
  const table = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bodyAt(count));
  const firsts = new Uint32Array(table, 16 + 4 * FILTER_WORDS, BUCKETS + 1);
  const records = new Uint32Array(table, RECORDS_AT, 3 * (count + 1));
  const hashes = new Int32Array(table, RECORDS_AT, 3 * (count + 1));
  const body = bodyAt(count);
  const linesOf = (k: number): Buffer => bytes.subarray(body + records[3 * k + 1]!, body + records[3 * k + 4]!);
  return { header, count, firsts, records, hashes, linesOf };
}

test('npm run compile writes the dictionary by key: each record’s lines are its hash’s, their frequency sum its own', () => {
  const file = join(root, 'dist', 'jieba-dict.bin');
  assert.ok(existsSync(file));
  const bytes = readFileSync(file);
  const { header, count, firsts, records, hashes, linesOf } = fileTables(bytes);
  assert.deepEqual([...header.subarray(0, 2)], [MAGIC, BUCKETS]);
  const filter = new Int32Array(bytes.buffer.slice(bytes.byteOffset + 16, bytes.byteOffset + 16 + 4 * FILTER_WORDS));
  let total = 0;
  let words = 0;
  for (let b = 0; b < BUCKETS; b++)
    for (let k = firsts[b]!; k < firsts[b + 1]!; k++) {
      const h = hashes[3 * k]!;
      assert.equal(bucketOfHash(h), b, `record ${k} in bucket ${b}`);
      assert.ok(passes(filter, h), `the filter lets record ${k}'s hash through`);
      assert.notEqual(h, NO_KEY);
      if (k > firsts[b]!) assert.ok(h >>> 0 > hashes[3 * k - 3]! >>> 0, 'one record a hash, in order');
      const lines = linesOf(k).toString('utf8').split('\n').filter(Boolean);
      assert.ok(lines.length > 0);
      for (const line of lines) assert.equal(keyHash(keyOf(line.slice(0, line.indexOf(' ')))), h, line);
      const sum = lines.reduce((n, line) => n + frequencyOf(line), 0);
      assert.equal(records[3 * k + 2], sum, `record ${k}`);
      total += sum;
      words += lines.length;
    }
  assert.equal(firsts[BUCKETS], count);
  assert.equal(header[2], total);
  assert.equal(
    words,
    readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.indexOf(' ') > 0).length,
  );
  assert.equal(KEY_UNITS, 3);
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
  const keys = loadedDictionaryKeys();
  assert.ok(keys !== null && keys > 0 && keys < 400_000, `${keys} keys loaded`);
});

test('a text holding the stand-in word is cut with the whole dictionary', () => {
  const odd = '今年全县经济稳中有进\uE000\uE001粮食产量再创新高';
  assert.deepEqual(words(odd), whole.cut(odd, true));
  compare(['乡镇党委书记要具备为民意识、全局意识和底限意识']);
});

test('readKeys reads the same lines, in the file’s order, as the whole file read and sliced', () => {
  const file = join(root, 'dist', 'jieba-dict.bin');
  const bytes = readFileSync(file);
  const { header, count, firsts, records, hashes, linesOf } = fileTables(bytes);
  const head = dictionaryFileHead(file)!;
  assert.equal(head.total, header[2]);
  const state = newKeyState();
  const pieces = [readFileSync(sample, 'utf8'), ...texts.slice(0, 3)];
  // the first text as a document covered in one go, then its last paragraph again (nothing new), then
  // the next texts, each adding only what it lacks (as a long-running process grows its dictionary)
  pieces.splice(1, 0, pieces[0]!.slice(-200));
  let calls = 0;
  for (const text of pieces) {
    const keys = markNewKeys(text, state, head.filter);
    const wanted = new Set(keys);
    const found: number[] = [];
    for (let k = 0; k < count; k++) if (wanted.has(hashes[3 * k]!)) found.push(k);
    const wholeRead = Buffer.concat(found.map(linesOf));
    const freq = found.reduce((n, k) => n + records[3 * k + 2]!, 0);
    const stats: { reads?: number; bytes?: number } = {};
    const part = readKeys(file, keys, stats);
    assert.ok(part.lines.equals(wholeRead), 'the same lines in the file’s order');
    assert.equal(part.freq, freq);
    // through two windows on the tables and one on the lines, each in the file's order: at most one
    // system call per window of the file, and three to start
    assert.ok(stats.reads! <= Math.ceil(bytes.length / READ_WINDOW) + 4, `${stats.reads} reads`);
    if (keys.length > 0) calls++;
  }
  assert.equal(calls, pieces.length - 1, 'the repeated paragraph needed no new key');
  assert.equal(firsts.length, BUCKETS + 1);
  assert.equal(RECORD_BYTES, 12);
});

/** FNV-1a (32 bits, unsigned) of `units`, as int32: how the file's keys are hashed. */
function referenceHash(units: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < units.length; i++) h = Math.imul(h ^ units.charCodeAt(i), 0x01000193) >>> 0;
  return h | 0;
}

test('keys are FNV-1a of a word’s first three units, as the file was written; each is marked once, if the filter lets it through', () => {
  const { filter } = dictionaryFileHead(join(root, 'dist', 'jieba-dict.bin'))!;
  // every character, pair and triple of the corpus, each once, in the order met (astral characters included)
  const text = `${texts.join('')}𠀋𡈽a\uD800`;
  const expected: number[] = [];
  const seen = new Set<number>();
  let all = 0;
  for (let i = 0; i < text.length; i++)
    // (at the end a shorter slice repeats a key already met)
    for (const key of [text.slice(i, i + 1), text.slice(i, i + 2), text.slice(i, i + 3)]) {
      const h = referenceHash(key);
      assert.equal(keyHash(key), h, key);
      if (!seen.has(h)) {
        seen.add(h);
        all++;
        if (passes(filter, h)) expected.push(h);
      }
    }
  const state = newKeyState();
  assert.deepEqual(markNewKeys(text, state, filter), expected);
  assert.equal(markedKeys(state), expected.length);
  assert.ok(expected.length > 20_000 && expected.length < all / 2, `${expected.length} of ${all} keys pass the filter`);
  // some share a bucket with another key: those are marked too
  assert.ok(state.more.size > 100, `${state.more.size} further keys of a bucket`);
  // marked ones are not given again, whichever text marked them
  const again = newKeyState();
  const head = new Set(markNewKeys(text.slice(0, 500), again, filter));
  assert.deepEqual(markNewKeys(text.slice(0, 500), again, filter), []);
  assert.deepEqual(
    markNewKeys(text, again, filter),
    expected.filter((h) => !head.has(h)),
  );
});
