// Chinese word and phrase segmentation for slide text.
//
// Words: jieba (@node-rs/jieba, the Rust port, with its default dictionary). A key phrase is cut and
// condensed only at word boundaries (dropping 同时 must not eat the 同 of 同时期), and the slide test
// checks that no line break falls inside a word. jieba is a native module, loaded on first use or by
// `loadWordSegmenter()` (its dictionary costs 140–300 ms; the slide worker loads it at its start,
// while the main thread reads the transcript). Why jieba and not ICU's `Intl.Segmenter` (free, built
// into Node): on the 33 corpus texts ICU accepts ~5,000 of BudouX's phrase ends inside words jieba
// keeps whole (全|省, 合作|社, 根据|地, 党|中央, 十四|五, 年|均), while the ~1,500 jieba accepts and
// ICU refuses are between words (也|是, 站|在, 新|的): ICU would break lines inside words.
// Phrases: BudouX's zh-Hans model proposes where a line may break (phrase ends such as 「依靠|平台招商」);
// its model sometimes splits a word (「平|台」), so a phrase boundary is used only where jieba also
// sees a word boundary. The template puts <wbr> at these boundaries and the theme sets
// `word-break: keep-all`, so Chromium breaks lines only there — and the planner counts lines the same way.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadDefaultSimplifiedChineseParser } from 'budoux';
import { registerCache } from '../cache';

interface JiebaLike {
  cut(text: string, hmm?: boolean): string[];
}

let jieba: JiebaLike | undefined;
let budoux: ReturnType<typeof loadDefaultSimplifiedChineseParser> | undefined;

function segmenter(): JiebaLike {
  if (!jieba) {
    // a native addon: required (not bundled), and only when a deck is planned
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): JiebaLike } };
    // the dictionary file itself, not `@node-rs/jieba/dict`: that module also reads the 6 MB keyword
    // (IDF) table lectern does not use and keeps both buffers alive for the life of the process
    jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
  }
  return jieba;
}

/** Loads jieba's dictionary now, so that the first deck does not wait for it. */
export function loadWordSegmenter(): void {
  segmenter();
}

const wordCache = registerCache('deck: jieba words by text', new Map<string, string[]>());

/** The words of `text` (jieba, HMM on for unknown words); concatenated they give back `text`. */
export function words(text: string): string[] {
  let w = wordCache.get(text);
  if (!w) {
    w = text ? segmenter().cut(text, true) : [];
    if (wordCache.size > 20_000) wordCache.clear();
    wordCache.set(text, w);
  }
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
  budoux ??= loadDefaultSimplifiedChineseParser();
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
