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
// In the machine's byte order (written through a Uint32Array); a reader of the other order finds no
// MAGIC and loads the whole dictionary instead.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export const MAGIC = 0x6a696563;
export const BUCKETS = 1 << 18;
/** Where the body starts */
export const BODY_AT = 4 * (3 + BUCKETS + 1 + BUCKETS);
const OFFSETS_AT = 4 * 3;
const SUMS_AT = 4 * (3 + BUCKETS + 1);

// FNV-1a (32 bits) in int32 arithmetic: the same bits as the usual unsigned form (`>>> 0`, then
// `% BUCKETS`), but every intermediate value stays a small integer. A cold build runs this at V8's
// baseline tier, where an unsigned result above 2³¹ is a heap number allocated for every step and the
// remainder a floating-point one: covering the sample deck's texts (its document, then 557 texts cut)
// cost ~7 ms of the slide worker's CPU that way, ~2.7 ms so.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** BUCKETS is a power of two: a hash's bucket is its low bits */
const BUCKET_MASK = BUCKETS - 1;

/** The bucket of a key: a word's first two UTF-16 units (the word itself when shorter). */
export function bucketOf(key) {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), FNV_PRIME);
  return h & BUCKET_MASK;
}

/**
 * The buckets of every character and character pair of `text` (a character's, then the pair it
 * starts: bucketOf without making the keys) not yet marked in `loaded`, in the order met; marks them.
 * Both threads of a cold build run this in V8's interpreter over every character of the document (the
 * main thread, for its part of the dictionary) and of every text cut (the slide worker): written for
 * few bytecodes a character — each code read once, FNV's constants and the mask as literals (a module
 * constant is a context load with a hole check each time), Math.imul taken once (~26 % fewer
 * instructions than the plain form).
 */
export function markNewBuckets(text, loaded) {
  const added = [];
  const imul = Math.imul;
  const n = text.length;
  let next = n > 0 ? text.charCodeAt(0) : 0;
  for (let i = 0; i < n; i++) {
    // FNV_OFFSET, FNV_PRIME and BUCKET_MASK (the test checks these against bucketOf)
    const one = imul(-2128831035 ^ next, 16777619);
    const b1 = one & 262143;
    if (loaded[b1] === 0) {
      loaded[b1] = 1;
      added.push(b1);
    }
    if (i + 1 === n) break;
    next = text.charCodeAt(i + 1);
    const b2 = imul(one ^ next, 16777619) & 262143;
    if (loaded[b2] === 0) {
      loaded[b2] = 1;
      added.push(b2);
    }
  }
  return added;
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

/** The window readBuckets reads the file through: a few system calls, and no copy of the whole file. */
export const READ_WINDOW = 64 * 1024;

/** Reads parts of an open file through one window buffer: one system call per window when read in ascending order. */
class WindowReader {
  /** The window is `buffer`'s READ_WINDOW bytes from `at` (a multiple of 4), its own buffer by default. */
  constructor(fd, buffer = new ArrayBuffer(READ_WINDOW), at = 0) {
    this.fd = fd;
    /** the window, also as Uint32s in the machine's byte order (the file's, see above) */
    this.u32 = new Uint32Array(buffer, at, READ_WINDOW / 4);
    this.window = new Uint8Array(buffer, at, READ_WINDOW);
    this.from = 0;
    this.to = 0;
    /** system calls made */
    this.reads = 0;
  }

  /** Makes the file's [from, to) (at most a window long) readable in the window; `from` a multiple of 4. */
  load(from, to) {
    this.from = from;
    this.to = from + this.fill(this.window, 0, READ_WINDOW, from);
    if (to > this.to) throw new Error('jieba dictionary: the file is shorter than its table says');
  }

  /** The Uint32 at `at` (a multiple of 4) */
  uint32(at) {
    if (at < this.from || at + 4 > this.to) this.load(at, at + 4);
    return this.u32[(at - this.from) >>> 2];
  }

  /**
   * Copies the file's bytes [from, to) to `at` of `bytes`, the whole of the buffer the window is the
   * end of (made for it: see readBuckets), by `copyWithin` — no view of the window made per call.
   */
  copyBefore(bytes, from, to, at) {
    if (to - from > READ_WINDOW) {
      if (this.fill(bytes, at, to - from, from) < to - from)
        throw new Error('jieba dictionary: the file is shorter than its table says');
      return;
    }
    // windows start at multiples of 4, so that uint32 can read them
    if (from < this.from || to > this.to) this.load(from - (from % 4), to);
    const window = this.window.byteOffset - this.from;
    bytes.copyWithin(at, window + from, window + to);
  }

  /** Reads up to `length` bytes from `position` into `buf` at `offset`; how many were read. */
  fill(buf, offset, length, position) {
    let n = 0;
    while (n < length) {
      this.reads++;
      const got = readSync(this.fd, buf, offset + n, length - n, position + n);
      if (got === 0) break;
      n += got;
    }
    return n;
  }
}

/**
 * The total frequency of the bucketed file at `path`, or null where it is not one (missing, too
 * short, another layout or byte order). Only its header is read.
 */
export function dictionaryFileTotal(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
    if (fstatSync(fd).size < BODY_AT) return null;
    const r = new WindowReader(fd);
    if (r.uint32(0) !== MAGIC || r.uint32(4) !== BUCKETS) return null;
    return r.uint32(8);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The lines of `buckets` (distinct bucket numbers) of the bucketed file at `path`, concatenated in the
 * file's order, and their words' total frequency. Reads only the table entries and lines of those
 * buckets, in file order through a small window: a document's part of the dictionary costs no copy of
 * the 7 MB file (which a cold build used to keep for its whole life). In the file's order, not the
 * order given: jieba's cuts do not depend on the order of its words (the bucketed file itself is not
 * dict.txt's order), and so no index has to follow each bucket through the sort — this runs once per
 * document in a cold slide worker, in V8's interpreter, where every step per bucket counts.
 * `stats`, when given, receives the number of system calls and the bytes returned (for the test).
 */
export function readBuckets(path, buckets, stats) {
  // a typed array's own sort: no comparator called
  const sorted = Uint32Array.from(buckets).sort();
  const n = sorted.length;
  const from = new Uint32Array(n);
  const to = new Uint32Array(n);
  const fd = openSync(path, 'r');
  try {
    const r = new WindowReader(fd);
    let size = 0;
    // the window's words indexed here, not through r.uint32: ~10,000 calls fewer at the baseline tier
    const u32 = r.u32;
    for (let k = 0; k < n; k++) {
      const entry = OFFSETS_AT + 4 * sorted[k];
      if (entry < r.from || entry + 8 > r.to) r.load(entry, entry + 8);
      const i = (entry - r.from) >>> 2;
      from[k] = u32[i];
      to[k] = u32[i + 1];
      size += to[k] - from[k];
    }
    let freq = 0;
    for (let k = 0; k < n; k++) {
      if (to[k] === from[k]) continue;
      const entry = SUMS_AT + 4 * sorted[k];
      if (entry < r.from || entry + 4 > r.to) r.load(entry, entry + 4);
      freq += u32[(entry - r.from) >>> 2];
    }
    // the lines, then the window they are read through, in one buffer: each bucket's lines are moved
    // within it (copyBefore) — a view of the window made for every bucket (`set(subarray)`, ~4,000
    // buckets for the sample) was a third of this function's instructions in V8's interpreter
    const windowAt = (size + 3) & ~3;
    const buffer = new ArrayBuffer(windowAt + READ_WINDOW);
    const bytes = new Uint8Array(buffer);
    const body = new WindowReader(fd, buffer, windowAt);
    let at = 0;
    for (let k = 0; k < n; k++) {
      if (to[k] === from[k]) continue;
      body.copyBefore(bytes, BODY_AT + from[k], BODY_AT + to[k], at);
      at += to[k] - from[k];
    }
    if (stats) Object.assign(stats, { reads: r.reads + body.reads, bytes: size });
    return { lines: Buffer.from(buffer, 0, size), freq };
  } finally {
    closeSync(fd);
  }
}
