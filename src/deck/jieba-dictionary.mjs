// jieba's dictionary split by key, so that a document loads only the part it can use.
// (Plain JavaScript so that scripts/compile.mjs, which writes dist/jieba-dict.bin, and
// src/deck/segment.ts, which reads it, share one definition of the file.)
//
// Why: jieba takes 140–300 ms and ~40 MB to load all 349,046 words, on the cold build's critical
// path, though a transcript can only ever use the words that occur in it. jieba cuts a sentence by
// the most probable route through the dictionary words found in it (log frequency minus log of the
// dictionary's total), and runs its HMM on a run of single characters only when that run is not a
// dictionary word. So a dictionary holding every word whose key — its first three UTF-16 units, or
// the whole word when shorter — occurs in the text, plus one word that occurs in no text carrying the
// rest of the total frequency, cuts the text exactly as the whole dictionary does.
//
// Why three units: jieba's loadDict costs ~2,400 instructions a word (its trie), on the slide
// worker's lane. Keyed by a word's first two units (until session 15) the sample's document loaded
// the 13,378 words of the 2¹⁸ buckets its characters and character pairs fell in (~32 million
// instructions), of which ~1,900 can occur in it; keyed by three units and told apart by their whole
// hash, ~2,000 (~5 million).
//
// A key's hash is FNV-1a (32 bits) of its units, its bucket the hash's low bits. A reader marks the
// hash of every character, character pair and triple of its text that the file's filter lets through
// and reads the lines of those hashes: the records of their buckets say where each hash's lines are
// (one record per distinct hash: two keys of one hash share it, and a reader of either loads both —
// more words than needed never change a cut). The filter has a bit for each hash's bits 10–31, set
// for the records' hashes: of the sample's ~8,600 character, pair and triple hashes ~2,400 pass (its
// dictionary keys, and ~8 % of the others), and the reader looks up only those.
//
// File: Uint32 header [MAGIC, BUCKETS, total frequency, RECORDS]; Int32 filter[FILTER_WORDS] (bit
// (h >>> 10) & 31 of word h >>> 15 set for each record's hash h); Uint32 firsts[BUCKETS + 1], the index
// of each bucket's first record; records[RECORDS + 1] of three Uint32 — [hash, offset of its lines in
// the body, their words' frequency sum] — sorted by bucket, then by hash (unsigned), the last one a
// sentinel whose offset is the body's length; then the body: the dictionary's own lines ("word freq
// tag\n"), grouped by record in the records' order. In the machine's byte order (written through a
// Uint32Array); a reader of the other order finds no MAGIC and loads the whole dictionary instead.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export const MAGIC = 0x6a696534;
export const BUCKETS = 1 << 18;
/** A word's key: its first KEY_UNITS UTF-16 units (the word itself when shorter) */
export const KEY_UNITS = 3;
/** The filter: a bit for each hash's bits 10–31 (JavaScript's shifts take a count's low 5 bits) */
export const FILTER_WORDS = 1 << 17;
const FILTER_AT = 4 * 4;
const FIRSTS_AT = FILTER_AT + 4 * FILTER_WORDS;
/** Where the records start */
export const RECORDS_AT = FIRSTS_AT + 4 * (BUCKETS + 1);
/** A record's bytes: hash, offset, frequency sum */
export const RECORD_BYTES = 12;
/** Where the body of a file of `records` records starts */
export function bodyAt(records) {
  return RECORDS_AT + RECORD_BYTES * (records + 1);
}

// FNV-1a (32 bits) in int32 arithmetic: the same bits as the usual unsigned form (`>>> 0`), but every
// intermediate value stays a small integer. A cold build runs this at V8's baseline tier, where an
// unsigned result above 2³¹ is a heap number allocated for every step and the remainder a
// floating-point one.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** BUCKETS is a power of two: a hash's bucket is its low bits */
const BUCKET_MASK = BUCKETS - 1;
/** What a bucket no key has marked holds (no dictionary key hashes to it: buildDictionaryFile checks) */
export const NO_KEY = -1;

/** The hash of a key (int32), as the file and markNewKeys make it */
export function keyHash(key) {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), FNV_PRIME);
  return h;
}

/** The bucket of a key's hash */
export function bucketOfHash(h) {
  return h & BUCKET_MASK;
}

/** The key of a dictionary word */
export function keyOf(word) {
  return word.slice(0, Math.min(KEY_UNITS, word.length));
}

/**
 * The key hashes marked so far, each once: per bucket the hash that first marked it (NO_KEY: none),
 * and apart the few further hashes of a bucket (a document's keys share a bucket a few % of the time).
 */
export function newKeyState() {
  return { first: new Int32Array(BUCKETS).fill(NO_KEY), more: new Set() };
}

/** Marks `h` in `state`; true if it was not marked yet */
function markHash(h, state) {
  const b = h & BUCKET_MASK;
  const first = state.first[b];
  if (first === h) return false;
  if (first === NO_KEY) state.first[b] = h;
  else if (state.more.has(h)) return false;
  else state.more.add(h);
  return true;
}

/** Whether `filter` lets the hash `h` through (it does every dictionary key's) */
export function passes(filter, h) {
  return ((filter[h >>> 15] >>> (h >>> 10)) & 1) === 1;
}

/** Marks the hashes `keys` (a part the main thread read for this thread: dictionary-part.ts) */
export function markKeys(keys, state) {
  for (const h of keys) markHash(h, state);
}

/** How many key hashes `state` has marked (tests) */
export function markedKeys(state) {
  return state.first.reduce((n, h) => (h === NO_KEY ? n : n + 1), 0) + state.more.size;
}

/** A further key of a marked bucket: rare, so out of markNewKeys' loop */
function markFurther(h, state, added) {
  if (markHash(h, state)) added.push(h);
}

/**
 * The hashes of every character, character pair and character triple of `text` (the keys a word
 * occurring in it can have: keyHash without making the keys) that `filter` (the file's) lets through
 * and that are not yet marked in `state`, in the order met; marks them. Both threads of a cold build
 * run this at V8's baseline tier over every character of the document (the main thread, for its part
 * of the dictionary) and of every text cut (the slide worker): written for few bytecodes a character
 * — each code read once, FNV's constants, the mask and NO_KEY as literals (a module constant is a
 * context load with a hole check each time), Math.imul taken once, the three keys' common case
 * written out.
 */
export function markNewKeys(text, state, filter) {
  const added = [];
  const imul = Math.imul;
  const first = state.first;
  const n = text.length;
  let c1 = n > 0 ? text.charCodeAt(0) : 0;
  let c2 = n > 1 ? text.charCodeAt(1) : 0;
  for (let i = 0; i < n; i++) {
    // FNV_OFFSET, FNV_PRIME, BUCKET_MASK and NO_KEY (the test checks these against keyHash)
    const one = imul(-2128831035 ^ c1, 16777619);
    if ((filter[one >>> 15] >>> (one >>> 10)) & 1) {
      const m1 = first[one & 262143];
      if (m1 !== one) {
        if (m1 === -1) {
          first[one & 262143] = one;
          added.push(one);
        } else markFurther(one, state, added);
      }
    }
    if (i + 1 === n) break;
    const two = imul(one ^ c2, 16777619);
    if ((filter[two >>> 15] >>> (two >>> 10)) & 1) {
      const m2 = first[two & 262143];
      if (m2 !== two) {
        if (m2 === -1) {
          first[two & 262143] = two;
          added.push(two);
        } else markFurther(two, state, added);
      }
    }
    c1 = c2;
    if (i + 2 === n) continue;
    c2 = text.charCodeAt(i + 2);
    const three = imul(two ^ c2, 16777619);
    if ((filter[three >>> 15] >>> (three >>> 10)) & 1) {
      const m3 = first[three & 262143];
      if (m3 !== three) {
        if (m3 === -1) {
          first[three & 262143] = three;
          added.push(three);
        } else markFurther(three, state, added);
      }
    }
  }
  return added;
}

/** The frequency of a dictionary line ("word freq tag"), as jieba reads it. */
export function frequencyOf(line) {
  return Number.parseInt(line.slice(line.indexOf(' ') + 1), 10);
}

/** A hash's place in the file's order: its bucket (low bits), then the hash unsigned */
function fileOrder(a, b) {
  return (a & BUCKET_MASK) - (b & BUCKET_MASK) || (a >>> 0) - (b >>> 0);
}

/** dict.txt → the file. */
export function buildDictionaryFile(dictText) {
  const byHash = new Map();
  let total = 0;
  for (const line of dictText.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const freq = frequencyOf(line);
    if (!Number.isSafeInteger(freq) || freq < 0) throw new Error(`jieba dictionary: no frequency in "${line}"`);
    total += freq;
    const h = keyHash(keyOf(line.slice(0, space)));
    if (h === NO_KEY) throw new Error(`jieba dictionary: "${line}" has the key hash that marks no key`);
    let record = byHash.get(h);
    if (!record) byHash.set(h, (record = { lines: [], freq: 0 }));
    record.lines.push(`${line.trimEnd()}\n`);
    record.freq += freq;
  }
  if (total >= 2 ** 32) throw new Error('jieba dictionary: the total frequency does not fit the file header');
  const hashes = [...byHash.keys()].sort(fileOrder);
  const bodies = hashes.map((h) => Buffer.from(byHash.get(h).lines.join(''), 'utf8'));
  const head = new Uint32Array(bodyAt(hashes.length) / 4);
  head.set([MAGIC, BUCKETS, total, hashes.length]);
  const filter = new Int32Array(head.buffer, FILTER_AT, FILTER_WORDS);
  for (const h of hashes) filter[h >>> 15] |= 1 << ((h >>> 10) & 31);
  const firsts = FIRSTS_AT / 4;
  const records = RECORDS_AT / 4;
  let at = 0;
  let bucket = 0;
  hashes.forEach((h, k) => {
    // every bucket up to this hash's starts here (those in between are empty)
    for (; bucket <= (h & BUCKET_MASK); bucket++) head[firsts + bucket] = k;
    head.set([h, at, byHash.get(h).freq], records + 3 * k);
    at += bodies[k].length;
  });
  for (; bucket <= BUCKETS; bucket++) head[firsts + bucket] = hashes.length;
  head.set([0, at, 0], records + 3 * hashes.length);
  return Buffer.concat([Buffer.from(head.buffer), ...bodies]);
}

/** The window readKeys reads the file through: a few system calls, and no copy of the whole file. */
export const READ_WINDOW = 64 * 1024;

/** Reads parts of an open file through one window buffer: one system call per window when read in ascending order. */
class WindowReader {
  /** The window is `buffer`'s READ_WINDOW bytes from `at` (a multiple of 4), its own buffer by default. */
  constructor(fd, buffer = new ArrayBuffer(READ_WINDOW), at = 0) {
    this.fd = fd;
    /** the window, also as Uint32s and Int32s in the machine's byte order (the file's, see above) */
    this.u32 = new Uint32Array(buffer, at, READ_WINDOW / 4);
    this.i32 = new Int32Array(buffer, at, READ_WINDOW / 4);
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
   * end of (made for it: see readKeys), by `copyWithin` — no view of the window made per call.
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
 * The total frequency and the filter of the file at `path`, or null where it is not one (missing, too
 * short, another layout or byte order). Only its header and filter are read.
 */
export function dictionaryFileHead(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
    if (fstatSync(fd).size < RECORDS_AT) return null;
    const head = new Int32Array(FIRSTS_AT / 4);
    const r = new WindowReader(fd);
    if (r.fill(new Uint8Array(head.buffer), 0, FIRSTS_AT, 0) < FIRSTS_AT) return null;
    if (head[0] !== MAGIC || head[1] !== BUCKETS) return null;
    return { total: head[2] >>> 0, filter: new Int32Array(head.buffer, FILTER_AT, FILTER_WORDS) };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The lines of the key hashes `keys` (distinct) in the file at `path`, concatenated in the file's
 * order, and their words' total frequency. Reads only the table entries, records and lines of those
 * hashes, in file order through a small window: a document's part of the dictionary costs no copy of
 * the whole file. In the file's order, not the order given: jieba's cuts do not depend on the order of
 * its words, and so no index has to follow each hash through the sort — this runs once per document
 * on a cold build's main thread, in V8's interpreter, where every step per key counts.
 * `stats`, when given, receives the number of system calls and the bytes returned (for the test).
 */
export function readKeys(path, keys, stats) {
  const n = keys.length;
  // each hash rotated so that its bucket is its high bits: a typed array's own sort (no comparator
  // called) puts them in the file's order — by bucket, then by the hash's high bits
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const h = keys[k];
    order[k] = (h << 14) | (h >>> 18);
  }
  order.sort();
  const sorted = new Int32Array(order.buffer);
  const fd = openSync(path, 'r');
  try {
    // the bucket table and the records through a window each, both read in ascending order
    const r = new WindowReader(fd);
    const body = bodyAt(r.uint32(12));
    const rr = new WindowReader(fd);
    // the windows' words indexed here, not through uint32: ~10,000 calls fewer at the baseline tier
    const u32 = r.u32;
    const ru32 = rr.u32;
    const ri32 = rr.i32;
    // the records of the hashes asked for: their lines' [from, to) and frequency sums
    const from = [];
    const to = [];
    let freq = 0;
    let size = 0;
    // the windows' bounds in locals (they move only when a window is loaded)
    let rFrom = r.from;
    let rTo = r.to;
    let rrFrom = rr.from;
    let rrTo = rr.to;
    for (let k = 0; k < n; k++) {
      const s = sorted[k];
      // BUCKETS is 2¹⁸: the bucket is the rotated hash's high 18 bits
      const entry = FIRSTS_AT + 4 * (s >>> 14);
      if (entry < rFrom || entry + 8 > rTo) {
        r.load(entry, entry + 8);
        rFrom = r.from;
        rTo = r.to;
      }
      const e = (entry - rFrom) >>> 2;
      const firstRecord = u32[e];
      const records = u32[e + 1] - firstRecord;
      if (records === 0) continue;
      // the bucket's records and the next one's offset (where the last one's lines end)
      const at = RECORDS_AT + RECORD_BYTES * firstRecord;
      const end = at + RECORD_BYTES * records + 8;
      if (at < rrFrom || end > rrTo) {
        rr.load(at, end);
        rrFrom = rr.from;
        rrTo = rr.to;
      }
      const h = (s << 18) | (s >>> 14);
      const i0 = (at - rrFrom) >>> 2;
      const last = i0 + 3 * records;
      for (let i = i0; i < last; i += 3) {
        if (ri32[i] !== h) continue;
        const lineFrom = ru32[i + 1];
        const lineTo = ru32[i + 4];
        from.push(lineFrom);
        to.push(lineTo);
        freq += ru32[i + 2];
        size += lineTo - lineFrom;
      }
    }
    // the lines, then the window they are read through, in one buffer: each record's lines are moved
    // within it (copyBefore) — a view of the window made for every record was a third of the reader's
    // instructions in V8's interpreter
    const windowAt = (size + 3) & ~3;
    const buffer = new ArrayBuffer(windowAt + READ_WINDOW);
    const bytes = new Uint8Array(buffer);
    const lines = new WindowReader(fd, buffer, windowAt);
    let at = 0;
    for (let k = 0; k < from.length; k++) {
      lines.copyBefore(bytes, body + from[k], body + to[k], at);
      at += to[k] - from[k];
    }
    if (stats) Object.assign(stats, { reads: r.reads + rr.reads + lines.reads, bytes: size });
    return { lines: Buffer.from(buffer, 0, size), freq };
  } finally {
    closeSync(fd);
  }
}
