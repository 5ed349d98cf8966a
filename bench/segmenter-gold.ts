// jieba against ICU's Intl.Segmenter on a hand-segmented gold standard written by others, so the
// choice of segmenter does not rest on jieba's own cuts (bench/segmenters.ts compares the two with
// each other). Gold: the SIGHAN 2005 bakeoff's test sets (icwb2-data: gold/pku_test_gold.utf8,
// gold/msr_test_gold.utf8; one sentence a line, words separated by spaces). What the slides need is
// boundary precision: a proposed word end that is not a gold word end is a line break the deck may
// put inside a word.   node --import tsx bench/segmenter-gold.ts <gold.utf8…>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node --import tsx bench/segmenter-gold.ts <gold.utf8…> (SIGHAN 2005 icwb2-data gold files)');
  process.exit(2);
}

type Segment = (text: string) => string[];
const require = createRequire(import.meta.url);
const { Jieba } = require('@node-rs/jieba') as {
  Jieba: { withDict(d: Uint8Array): { cut(t: string, hmm: boolean): string[] } };
};
const jiebaCutter = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')));
const icu = new Intl.Segmenter('zh-Hans', { granularity: 'word' });
const segmenters: Record<string, Segment> = {
  jieba: (t) => jiebaCutter.cut(t, true),
  icu: (t) => [...icu.segment(t)].map((s) => s.segment),
};

/** Offsets of the word ends inside the text (its end excluded). */
function wordEnds(words: string[]): Set<number> {
  const ends = new Set<number>();
  let at = 0;
  for (const w of words) {
    at += w.length;
    ends.add(at);
  }
  ends.delete(at);
  return ends;
}

for (const file of files) {
  const sentences = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/))
    .filter((words) => words.join(''));
  for (const [name, cut] of Object.entries(segmenters)) {
    let agreed = 0;
    let insideGoldWord = 0;
    let missed = 0;
    for (const goldWords of sentences) {
      const gold = wordEnds(goldWords);
      const proposed = wordEnds(cut(goldWords.join('')));
      for (const end of proposed) gold.has(end) ? agreed++ : insideGoldWord++;
      for (const end of gold) if (!proposed.has(end)) missed++;
    }
    const precision = agreed / (agreed + insideGoldWord);
    const recall = agreed / (agreed + missed);
    console.log(
      `${file}  ${name.padEnd(6)} boundary precision ${precision.toFixed(4)}  recall ${recall.toFixed(4)}  word ends inside a gold word ${insideGoldWord}`,
    );
  }
}
