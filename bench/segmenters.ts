// jieba (what lectern uses) against ICU's Intl.Segmenter (built into Node) on the transcripts given
// (default: the corpus), where it matters for the slides: which of BudouX's phrase ends each accepts
// as a line break (src/deck/segment.ts breaks a line only where BudouX and the word segmenter agree).
// Prints load time, segmentation time, the counts, and the words most often split by the break only
// one of them accepts.   node --import tsx bench/segmenters.ts [files…]
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { loadDefaultSimplifiedChineseParser } from 'budoux';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const corpus = join(root, 'test', 'corpus', 'texts');
const files = args.length ? args : readdirSync(corpus).map((f) => join(corpus, f));
const paragraphs = files.flatMap((f) => readFileSync(f, 'utf8').split(/\n+/)).filter((p) => p.trim());

type Segment = (text: string) => string[];
function timed<T>(what: string, fn: () => T): T {
  const t0 = performance.now();
  const r = fn();
  console.log(`${what.padEnd(34)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms`);
  return r;
}

const require = createRequire(import.meta.url);
const jieba: Segment = timed('jieba: load the dictionary', () => {
  const { Jieba } = require('@node-rs/jieba') as {
    Jieba: { withDict(d: Uint8Array): { cut(t: string, hmm: boolean): string[] } };
  };
  const j = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
  return (t: string) => j.cut(t, true);
});
const icu: Segment = timed('ICU: make the segmenter', () => {
  const s = new Intl.Segmenter('zh-Hans', { granularity: 'word' });
  return (t: string) => Array.from(s.segment(t), (x) => x.segment);
});
const chars = paragraphs.reduce((n, p) => n + p.length, 0);
console.log(`${files.length} texts, ${paragraphs.length} paragraphs, ${chars} UTF-16 units`);
const jiebaWords = timed('jieba: segment every paragraph', () => paragraphs.map(jieba));
const icuWords = timed('ICU: segment every paragraph', () => paragraphs.map(icu));

const ends = (words: string[]): Set<number> => {
  const s = new Set<number>();
  let at = 0;
  for (const w of words) s.add((at += w.length));
  return s;
};
/** The word of `words` that the offset `at` falls inside, shown split there */
const splitWord = (words: string[], at: number): string => {
  let start = 0;
  for (const w of words) {
    if (start < at && at < start + w.length) return `${w.slice(0, at - start)}|${w.slice(at - start)}`;
    start += w.length;
  }
  return '?';
};
const budoux = loadDefaultSimplifiedChineseParser();
let phraseEnds = 0;
let both = 0;
const onlyIcu: string[] = [];
const onlyJieba: string[] = [];
paragraphs.forEach((p, k) => {
  const j = ends(jiebaWords[k]!);
  const i = ends(icuWords[k]!);
  let at = 0;
  for (const phrase of budoux.parse(p)) {
    at += phrase.length;
    if (at >= p.length) break;
    phraseEnds++;
    if (j.has(at) && i.has(at)) both++;
    else if (i.has(at)) onlyIcu.push(splitWord(jiebaWords[k]!, at));
    else if (j.has(at)) onlyJieba.push(splitWord(icuWords[k]!, at));
  }
});
const top = (xs: string[]): string => {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 30)
    .map(([w, c]) => `${w}×${c}`)
    .join('  ');
};
console.log(`BudouX phrase ends inside paragraphs: ${phraseEnds}; accepted by both: ${both}`);
console.log(`accepted by ICU only (inside a jieba word): ${onlyIcu.length}\n  ${top(onlyIcu)}`);
console.log(`accepted by jieba only (inside an ICU word): ${onlyJieba.length}\n  ${top(onlyJieba)}`);
