// Chinese word and phrase segmentation for slide text.
//
// Words: jieba (@node-rs/jieba, the Rust port, with its default dictionary). A key phrase is cut and
// condensed only at word boundaries (dropping 同时 must not eat the 同 of 同时期), and the slide test
// checks that no line break falls inside a word. jieba is a native module; its whole dictionary
// (349,046 words) costs 140–300 ms and ~40 MB to load, so it loads only the words a text can use
// (jieba-dictionary.mjs: the same cuts, tested on the corpus): the slide stage covers its document
// in one go, and any other text adds what it lacks. Why jieba and not ICU's `Intl.Segmenter` (free,
// built into Node): on the 33 corpus texts ICU accepts 5,060 of BudouX's phrase ends inside words
// jieba keeps whole (全|省, 合作|社, 根据|地, 党|中央, 十四|五, 年|均), while the 1,530 jieba accepts and
// ICU refuses are between words (也|是, 站|在, 新|的): ICU would break lines inside words
// (bench/segmenters.ts).
// Phrases: BudouX's zh-Hans model proposes where a line may break (phrase ends such as 「依靠|平台招商」);
// its model sometimes splits a word (「平|台」), so a phrase boundary is used only where jieba also
// sees a word boundary. The template puts <wbr> at these boundaries and the theme sets
// `word-break: keep-all`, so Chromium breaks lines only there — and the planner counts lines the same way.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Parser } from 'budoux';
import { GenerationMap, registerCache } from '../cache';
import { parserFromCompactModel } from '../vendor/budoux';
import { zhHansCompactModel } from '../vendor/budoux-model.mjs';
import type { Document } from '../model';
import { type DictionaryPart, dictionaryFile } from './dictionary-part';
import {
  dictionaryFileHead,
  type KeyState,
  markedKeys,
  markKeys,
  markNewKeys,
  newKeyState,
  readKeys,
} from './jieba-dictionary.mjs';
import { deckDictionaryText } from './made-texts';

interface JiebaLike {
  cut(text: string, hmm?: boolean): string[];
  loadDict(dict: Uint8Array): void;
}
type JiebaClass = { withDict(dict: Uint8Array): JiebaLike };

let budoux: Parser | undefined;
let jiebaClass: JiebaClass | undefined;

/**
 * The package of jieba's native addon for this platform, as @node-rs/jieba's loader (its index.js)
 * picks it here (glibc on Linux). Required directly: the loader cost the slide worker's start-up
 * ~5 ms of CPU — a 28 KB file compiled without a code cache, a failed require of a local build,
 * /usr/bin/ldd read to tell glibc from musl. Where this package is not installed or does not load
 * (musl, other platforms) the loader finds the addon as before.
 */
export const JIEBA_ADDONS: Readonly<Record<string, string>> = {
  'linux-x64': '@node-rs/jieba-linux-x64-gnu',
  'linux-arm64': '@node-rs/jieba-linux-arm64-gnu',
  'darwin-x64': '@node-rs/jieba-darwin-x64',
  'darwin-arm64': '@node-rs/jieba-darwin-arm64',
  'win32-x64': '@node-rs/jieba-win32-x64-msvc',
  'win32-arm64': '@node-rs/jieba-win32-arm64-msvc',
};

function loadJieba(require: NodeJS.Require): JiebaClass {
  const addon = JIEBA_ADDONS[`${process.platform}-${process.arch}`];
  if (addon)
    try {
      return (require(addon) as { Jieba: JiebaClass }).Jieba;
    } catch {
      // not installed here, or not for this C library: the loader knows
    }
  return (require('@node-rs/jieba') as { Jieba: JiebaClass }).Jieba;
}

function jiebaModule(): { Jieba: JiebaClass; require: NodeJS.Require } {
  // a native addon: required (not bundled), and only when a deck is planned
  const require = createRequire(import.meta.url);
  jiebaClass ??= loadJieba(require);
  return { Jieba: jiebaClass, require };
}

/**
 * jieba with the part of its dictionary the texts seen so far can use (jieba-dictionary.mjs:
 * dist/jieba-dict.bin, written by `npm run compile`), grown and rebuilt when a text needs more;
 * with the whole dictionary file when there is no bucketed file (running from the sources).
 */
interface Dictionary {
  /** The bucketed file (its keys read as texts need them), or null: the whole dictionary is loaded */
  file: { path: string; total: number; filter: Int32Array } | null;
  /** The keys loaded */
  loaded: KeyState;
  freq: number;
  jieba?: JiebaLike;
}
let dictionary: Dictionary | undefined;

/** A word no text contains, carrying the frequency of the words not loaded (the total stays jieba's). */
const REST = '\uE000\uE001';

/** The whole dictionary file, as jieba reads it by default. */
function wholeDictionary(): Dictionary {
  const { Jieba, require } = jiebaModule();
  // the dictionary file itself, not `@node-rs/jieba/dict`: that module also reads the 6 MB keyword
  // (IDF) table lectern does not use and keeps both buffers alive for the life of the process
  const jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
  return { file: null, loaded: newKeyState(), freq: 0, jieba };
}

function openDictionary(): Dictionary {
  if (dictionary) return dictionary;
  const path = dictionaryFile();
  // only the header now: the keys are read from the file as texts need them (not the whole
  // file kept for the life of the process, as before: ~7 MB of a cold build's peak memory)
  const head = dictionaryFileHead(path);
  dictionary = head === null ? wholeDictionary() : { file: { path, ...head }, loaded: newKeyState(), freq: 0 };
  return dictionary;
}

/**
 * The dictionary lines (bytes of the file) of the keys of every character, character pair and triple
 * of `text` not loaded yet; their words' frequencies are added to `d.freq`. On the critical path of a
 * cold deck (the whole document, then every text cut), so no key strings are made and no line is
 * parsed: the file holds each key's frequency sum.
 */
function cover(d: Dictionary, text: string): Buffer {
  const file = d.file!;
  covers++;
  const wanted = markNewKeys(text, d.loaded, file.filter);
  if (wanted.length === 0) return Buffer.alloc(0);
  fileReads++;
  const part = readKeys(file.path, wanted);
  d.freq += part.freq;
  return part.lines;
}

/** jieba with its whole dictionary, from now on */
function useWholeDictionary(): JiebaLike {
  dictionary = wholeDictionary();
  return dictionary.jieba!;
}

/**
 * jieba ready to cut `text` exactly as with its whole dictionary; `covered`: every key of `text` is
 * loaded already (a piece of a covered document's paragraph: coverDocument), so none is looked for.
 */
function segmenterFor(text: string, covered = false): JiebaLike {
  const d = openDictionary();
  if (!d.file || (covered && d.jieba)) return d.jieba!;
  // the stand-in word occurs: only the whole dictionary cuts this text as jieba does
  if (text.includes(REST)) return useWholeDictionary();
  let added: Buffer;
  try {
    added = cover(d, text);
  } catch {
    // the file is gone or cut short under a long-running process (npm run compile under watch):
    // the whole dictionary cuts the same
    return useWholeDictionary();
  }
  if (added.length > 0 || !d.jieba) addLines(d, added);
  return d.jieba!;
}

/** Gives jieba the lines of keys just loaded (their frequencies already in `d.freq`) */
function addLines(d: Dictionary, added: Uint8Array): void {
  // jieba adds the words and sets the stand-in's frequency anew (its total is recomputed): cheap
  const lines = Buffer.concat([added, Buffer.from(`${REST} ${d.file!.total - d.freq} x\n`, 'utf8')]);
  if (d.jieba) d.jieba.loadDict(lines);
  else d.jieba = jiebaModule().Jieba.withDict(lines);
}

/**
 * Takes a document's part of the dictionary file as the main thread read it (dictionary-part.ts):
 * the lines cover() would have read for the same text, given to jieba the same way. Only into a
 * dictionary that holds no word yet, of the same file; false where it does not apply.
 */
function adopt(part: DictionaryPart): boolean {
  const d = openDictionary();
  if (!d.file || d.freq !== 0 || part.total !== d.file.total) return false;
  markKeys(part.keys, d.loaded);
  d.freq += part.freq;
  addLines(d, part.lines);
  return true;
}

/** Texts whose keys this thread marked (for the test: a covered paragraph's pieces are not marked again) */
let covers = 0;
export function dictionaryCovers(): number {
  return covers;
}

/** Times this thread read keys from the dictionary file (for the test: a part handed over is not read again) */
let fileReads = 0;
export function dictionaryFileReads(): number {
  return fileReads;
}

/** How many keys of the dictionary file are loaded; null when jieba has its whole dictionary. */
export function loadedDictionaryKeys(): number | null {
  const d = openDictionary();
  return d.file ? markedKeys(d.loaded) : null;
}

/**
 * Loads jieba and its dictionary now, so that the first deck does not wait for them; with `text`
 * (a document), the part of the dictionary it needs, in one go rather than one sentence at a time —
 * from `part` when the main thread read it for that text (dictionary-part.ts).
 */
export function loadWordSegmenter(text = '', part?: DictionaryPart): void {
  // the part covers the text (read for the same text): nothing left to read
  if (part && !text.includes(REST) && adopt(part)) return;
  segmenterFor(text);
}

/**
 * Texts every key of which is loaded: the paragraphs of the documents covered so far (coverDocument).
 * The planner cuts every paragraph first (its term weights), then runs of its clauses, all pieces of
 * it; marking a text's keys costs ~2,600 instructions a character at V8's baseline tier even when none
 * is new (the sample's paragraph pieces: ~3,800 characters, ~10 million instructions of a cold deck).
 */
const coveredTexts = registerCache('deck: texts whose dictionary keys are loaded', new GenerationMap<string, true>());

/**
 * Loads the part of the dictionary `doc`'s deck can use (deckDictionaryText: the document's JSON text
 * and the texts the planner makes from its strings) — from `part` when the main thread read it — and
 * notes its paragraphs as covered: those a string of the JSON text holds as they are (no character
 * JSON escapes), so that their every character, pair and triple was marked.
 */
export function coverDocument(doc: Document, part?: DictionaryPart): void {
  loadWordSegmenter(deckDictionaryText(doc), part);
  if (coveredTexts.size > 20_000) coveredTexts.clear();
  for (const p of doc.parts)
    for (const { text } of p.paragraphs)
      if (JSON.stringify(text).length === text.length + 2) coveredTexts.set(text, true);
}

const wordCache = registerCache('deck: jieba words by text', new GenerationMap<string, string[]>());

/**
 * Punctuation jieba never puts in a word. jieba cuts a text as runs of Han characters, letters, digits
 * and `+#&._%-` — each run on its own — and runs of anything else, given one character at a time (white
 * space apart); so a text's words are the words of its pieces between these marks, with each mark a
 * word. The planner cuts every paragraph, then each run of clauses it weighs as a key phrase (~440 for
 * the sample): cut piece by piece, a clause is cut once for all of them (test: every text the corpus's
 * decks cut, and generated texts, cut the same as whole).
 */
const PIECES = /([，。、；：！？…“”‘’（）《》【】])/;

/**
 * jieba's words of `text`: its pieces' (words, kept), the marks between them as words; `covered`:
 * every key of `text`, so of its pieces, is loaded
 */
function cut(text: string, covered: boolean): string[] {
  const parts = text.split(PIECES);
  if (parts.length === 1) {
    jiebaCuts.count++;
    return segmenterFor(text, covered).cut(text, true);
  }
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    // odd indexes: the marks split at
    if (i % 2 === 1) out.push(part);
    else if (part) for (const w of wordsOf(part, covered)) out.push(w);
  }
  return out;
}

/** How many texts were given to jieba (tests) */
export const jiebaCuts = { count: 0 };

/** jieba's own cut of `text` as a whole (the test of `words`) */
export function wholeCut(text: string): string[] {
  return text ? segmenterFor(text).cut(text, true) : [];
}

/** The words of `text` (jieba, HMM on for unknown words); concatenated they give back `text`. */
export function words(text: string): string[] {
  return wordCache.get(text) ?? cutAndKeep(text, coveredTexts.has(text));
}

/** The words of `text`, a piece of a text cut; `covered`: that text's keys are all loaded */
function wordsOf(text: string, covered: boolean): string[] {
  return wordCache.get(text) ?? cutAndKeep(text, covered);
}

function cutAndKeep(text: string, covered: boolean): string[] {
  const w = text ? cut(text, covered) : [];
  if (wordCache.size > 20_000) wordCache.clear();
  wordCache.set(text, w);
  return w;
}

/** UTF-16 offsets where a word ends inside `text` (0 and text.length excluded). */
export function wordBoundaries(text: string): Set<number> {
  const out = new Set<number>();
  let at = 0;
  for (const w of words(text)) {
    at += w.length;
    if (at < text.length) out.add(at);
  }
  return out;
}

/**
 * `text` in the pieces a line may break between: BudouX phrases, merged where BudouX would split a
 * jieba word. Joined they give back `text`.
 */
export function linePieces(text: string): string[] {
  if (!text) return [];
  // the plain parser (the HTML one only adds DOM methods): bundled without linkedom, whose
  // start-up was ~45 ms of the slide worker's; its scores read from the compact model's tables, each
  // key cut and looked up once per text (src/vendor)
  budoux ??= parserFromCompactModel(zhHansCompactModel());
  const ok = wordBoundaries(text);
  const pieces: string[] = [];
  let at = 0;
  let cur = '';
  for (const phrase of budoux.parse(text)) {
    cur += phrase;
    at += phrase.length;
    if (ok.has(at) || /\s$/.test(cur)) {
      pieces.push(cur);
      cur = '';
    }
  }
  if (cur) pieces.push(cur);
  return pieces;
}
