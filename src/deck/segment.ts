// Chinese word and phrase segmentation for slide text.
//
// Words: jieba (@node-rs/jieba, the Rust port, with its default dictionary). A key phrase is cut and
// condensed only at word boundaries (dropping 同时 must not eat the 同 of 同时期), and the slide test
// checks that no line break falls inside a word. jieba is a native module, loaded on first use (its
// dictionary costs ~140 ms; a deck never pays it twice per thread).
// Phrases: BudouX's zh-Hans model proposes where a line may break (phrase ends such as 「依靠|平台招商」);
// its model sometimes splits a word (「平|台」), so a phrase boundary is used only where jieba also
// sees a word boundary. The template puts <wbr> at these boundaries and the theme sets
// `word-break: keep-all`, so Chromium breaks lines only there — and the planner counts lines the same way.
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
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
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
