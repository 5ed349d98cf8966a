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
// Uint32 frequency sums[BUCKETS] (of each bucket's words, so that a reader adds up a bucket without
// parsing its lines), then the body: the dictionary's own lines ("word freq tag\n"), grouped by bucket.

export const MAGIC = 0x6a696563;
export const BUCKETS = 1 << 18;
/** Where the body starts */
export const BODY_AT = 4 * (3 + BUCKETS + 1 + BUCKETS);

const FNV_OFFSET = 0x811c9dc5;
/** One step of FNV-1a (32 bits) */
export function fnvStep(h, codeUnit) {
  return Math.imul(h ^ codeUnit, 0x01000193) >>> 0;
}

/** The bucket of a key: a word's first two UTF-16 units (the word itself when shorter). */
export function bucketOf(key) {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = fnvStep(h, key.charCodeAt(i));
  return h % BUCKETS;
}

/**
 * Calls `take` with the bucket of every character and character pair of `text`, in order (a
 * character's, then the pair it starts): bucketOf without making the keys.
 */
export function forEachBucket(text, take) {
  for (let i = 0; i < text.length; i++) {
    const one = fnvStep(FNV_OFFSET, text.charCodeAt(i));
    take(one % BUCKETS);
    if (i + 1 < text.length) take(fnvStep(one, text.charCodeAt(i + 1)) % BUCKETS);
  }
}

/** The frequency of a dictionary line ("word freq tag"), as jieba reads it. */
export function frequencyOf(line) {
  return Number.parseInt(line.slice(line.indexOf(' ') + 1), 10);
}

/** dict.txt → the bucketed file. */
export function buildDictionaryFile(dictText) {
  const buckets = Array.from({ length: BUCKETS }, () => []);
  let total = 0;
  for (const line of dictText.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const freq = frequencyOf(line);
    if (!Number.isSafeInteger(freq) || freq < 0) throw new Error(`jieba dictionary: no frequency in "${line}"`);
    total += freq;
    buckets[bucketOf(line.slice(0, Math.min(2, space)))].push(`${line.trimEnd()}\n`);
  }
  if (total >= 2 ** 32) throw new Error('jieba dictionary: the total frequency does not fit the file header');
  const bodies = buckets.map((b) => Buffer.from(b.join(''), 'utf8'));
  const head = new Uint32Array(BODY_AT / 4);
  head.set([MAGIC, BUCKETS, total]);
  let at = 0;
  bodies.forEach((b, i) => {
    head[3 + i] = at;
    at += b.length;
    head[3 + BUCKETS + 1 + i] = buckets[i].reduce((sum, line) => sum + frequencyOf(line), 0);
  });
  head[3 + BUCKETS] = at;
  return Buffer.concat([Buffer.from(head.buffer), ...bodies]);
}
