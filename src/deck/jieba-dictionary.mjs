// jieba's dictionary split into buckets, so that a document loads only the part it can use.
// (Plain JavaScript so that scripts/compile.mjs, which writes dist/jieba-dict.bin, and
// src/deck/segment.ts, which reads it, share one definition of the file.)
//
// Why: jieba takes 140–300 ms and ~40 MB to load all 349,046 words, on the cold build's critical
// path, though a transcript can only ever use the words that occur in it. jieba cuts a sentence by
// the most probable route through the dictionary words found in it (log frequency minus log of the
// dictionary's total), and runs its HMM on a run of single characters only when that run is not a
// dictionary word. So a dictionary holding every word that starts with a character pair (or is a
// single character) of the text, plus one word that occurs in no text carrying the rest of the total
// frequency, cuts the text exactly as the whole dictionary does.
//
// File: Uint32 header [MAGIC, BUCKETS, total frequency], Uint32 offsets[BUCKETS + 1] into the body,
// then the body: the dictionary's own lines ("word freq tag\n"), grouped by bucket.

export const MAGIC = 0x6a696562;
export const BUCKETS = 1 << 16;

/** The bucket of a key: a word's first two UTF-16 units (the word itself when shorter). */
export function bucketOf(key) {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % BUCKETS;
}

/** dict.txt → the bucketed file. */
export function buildDictionaryFile(dictText) {
  const buckets = Array.from({ length: BUCKETS }, () => []);
  let total = 0;
  for (const line of dictText.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const freq = Number.parseInt(line.slice(space + 1), 10);
    if (!Number.isSafeInteger(freq) || freq < 0) throw new Error(`jieba dictionary: no frequency in "${line}"`);
    total += freq;
    buckets[bucketOf(line.slice(0, Math.min(2, space)))].push(`${line.trimEnd()}\n`);
  }
  const bodies = buckets.map((b) => Buffer.from(b.join(''), 'utf8'));
  const head = new Uint32Array(3 + BUCKETS + 1);
  head.set([MAGIC, BUCKETS, total]);
  let at = 0;
  bodies.forEach((b, i) => {
    head[3 + i] = at;
    at += b.length;
  });
  head[3 + BUCKETS] = at;
  return Buffer.concat([Buffer.from(head.buffer), ...bodies]);
}
