// normalizeLine finds the half-width marks, parentheses and quotes by their codes (src/source/normalize.ts,
// CONVERTED_MARK) rather than making a one-character string for every character: the same texts and
// changes as before, on every line of the sample and the corpus and on edge cases, in both roles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeLine } from '../src/source/normalize';
import { clearCaches } from '../src/cache';
import type { Change } from '../src/model';

const corpus = join(import.meta.dirname, 'corpus', 'texts');
const texts = [
  join(import.meta.dirname, '..', 'content', 'guangan-township-forum.txt'),
  ...readdirSync(corpus)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(corpus, f)),
];

/** Lines each mark, parenthesis and quote rule meets in both contexts, and characters around them */
const EDGES = [
  '我们认为,这是对的;他问:是吗?是的!好.',
  'v1.2 和 9.7 不变.而 a,b 也不变',
  "他说\"好的\"然后'走了'，don't 保持",
  '乡镇(街道)干部 (一)加强 Hello (world) 中文 ((嵌套)) )(',
  '等等...还有。。。以及…和……结尾.',
  '𠀀,𠀁;🙂:中文?(𠀂)',
  ',;:?!.()"\'',
  '周 洁 孙 浩\u3000李思远  王强\t\u00a0。',
  '\u200b零宽\u2060字符\ufeff与\u00ad软连字符,',
  '',
];

/** SHA-256 of every line normalised as a heading and as a body line: its text and its changes */
function digest(lines: string[]): string {
  clearCaches();
  const h = createHash('sha256');
  for (const line of lines)
    for (const role of ['heading', 'body'] as const) {
      const changes: Change[] = [];
      h.update(`${normalizeLine(line, role, 'f.txt', 1, changes)}\u0000${JSON.stringify(changes)}\n`);
    }
  return h.digest('hex');
}

test('the sample, the corpus and edge cases normalise to the texts and changes of the string-per-character scan', () => {
  const lines = [...texts.flatMap((f) => readFileSync(f, 'utf8').split('\n')), ...EDGES];
  assert.ok(lines.length > 500);
  // recorded with the scan that looked each character up in FULL_WIDTH_OF as a string (main 74af59b)
  assert.equal(digest(lines), '5518b8365dd5b273cf7b4e36387c977f209a86df7f7946d15600ca686b2831ea');
});
