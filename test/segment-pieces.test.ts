// jieba's words of a text are cut piece by piece between the punctuation jieba never puts in a word
// (src/deck/segment.ts `words`), so that a clause is cut once for every text the planner weighs it in:
// the words must be exactly jieba's cut of the whole text — on every paragraph of the corpus, every
// run of its clauses (the key phrases' candidates), and generated texts of marks, Han words, letters,
// digits, `+#&._%-`, spaces and line breaks — and a clause of a text already cut is not cut again.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { jiebaCuts, wholeCut, words } from '../src/deck/segment';
import { root, sample } from './helpers';

const corpus = join(root, 'test', 'corpus', 'texts');
const paragraphs = [
  readFileSync(sample, 'utf8'),
  ...readdirSync(corpus)
    .sort()
    .map((f) => readFileSync(join(corpus, f), 'utf8')),
].flatMap((t) => t.split(/\n+/).filter(Boolean));

test('every paragraph of the corpus and every run of its clauses cut piece by piece as jieba cuts it whole', () => {
  let runs = 0;
  for (const p of paragraphs) {
    assert.deepEqual(words(p), wholeCut(p), p);
    const clauses = p.split(/(?<=[，；。！？])/);
    for (let i = 0; i < clauses.length; i++)
      for (let j = i + 1; j <= Math.min(clauses.length, i + 4); j++) {
        // as the planner weighs them: a run of clauses, its final mark dropped
        const run = clauses
          .slice(i, j)
          .join('')
          .replace(/[，；。！？]$/, '');
        assert.deepEqual(words(run), wholeCut(run), run);
        runs++;
      }
  }
  assert.ok(runs > 10_000, `${runs} runs`);
});

test('generated texts cut piece by piece as jieba cuts them whole', () => {
  let s = 3;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
  const alphabet = [
    ...'，。、；：！？…“”‘’（）《》【】,;:!?—·～.%-+#&_ ',
    ...[
      '中国',
      '人民',
      '发展',
      '的',
      '是',
      '乡镇',
      '高质量',
      '亿元',
      '全省',
      '十四',
      '五',
      'a',
      'Z',
      '3',
      'abc',
      '2024',
    ],
    ...['\r\n', '\n', '\r', '\t', '\u3000', '\u00a0', '😀', '𠀀', '〇'],
  ];
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    for (let j = 1 + rnd(12); j > 0; j--) text += alphabet[rnd(alphabet.length)];
    assert.deepEqual(words(text), wholeCut(text), JSON.stringify(text));
  }
});

test('a clause of a text already cut is not given to jieba again', () => {
  const text = '坚持规划引领，狠抓项目建设；全力优化营商环境。';
  words(text);
  const before = jiebaCuts.count;
  assert.deepEqual(words('狠抓项目建设'), wholeCut('狠抓项目建设'));
  assert.deepEqual(words('坚持规划引领，狠抓项目建设'), wholeCut('坚持规划引领，狠抓项目建设'));
  assert.equal(jiebaCuts.count, before, 'a clause was cut again');
});
