// GB/T 15834 normalisation: every change applied and reported with its line; Latin and numbers kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLine } from '../src/source/normalize';
import { parseTranscript } from '../src/source/index';
import type { Change } from '../src/model';

function norm(text: string, role: 'body' | 'heading' = 'body'): { text: string; changes: Change[] } {
  const changes: Change[] = [];
  return { text: normalizeLine(text, role, 'f.txt', 7, changes), changes };
}

test('half-width , . ; : ? ! between Han become full-width, each reported', () => {
  const r = norm('我们认为,这是对的;他问:是吗?是的!好.');
  assert.equal(r.text, '我们认为，这是对的；他问：是吗？是的！好。');
  assert.equal(r.changes.length, 6);
  assert.ok(r.changes.every((c) => c.file === 'f.txt' && c.line === 7));
  assert.deepEqual(r.changes[0], {
    file: 'f.txt',
    line: 7,
    what: 'half-width comma , → ，',
    before: '我们认为,这是对的',
    after: '我们认为，这是对的',
  });
});

test('half-width parentheses around or next to Chinese become full-width; Latin ones stay', () => {
  assert.equal(norm('乡镇(街道)干部').text, '乡镇（街道）干部');
  assert.equal(norm('(一)加强学习').text, '（一）加强学习');
  assert.equal(norm('Hello (world) 中文').text, 'Hello (world) 中文');
});

test('straight quotes around Chinese become “ ” and ‘ ’; apostrophes and Latin quotes stay', () => {
  assert.equal(norm('突出"规划、项目"4个方面').text, '突出“规划、项目”4个方面');
  assert.equal(norm("所谓'三农'问题").text, '所谓‘三农’问题');
  assert.equal(norm(`It's "fine", really.`).text, `It's "fine", really.`);
  const r = norm('他说"你好"');
  assert.deepEqual(
    r.changes.map((c) => c.what),
    ['straight double quotes → “”', 'straight double quotes → “”'],
  );
});

test('numbers and Latin words are kept: 9.7, 1,000, v1.2, AI, 10:30', () => {
  assert.equal(norm('形成9.7平方公里，投资1,000万元').text, '形成9.7平方公里，投资1,000万元');
  assert.equal(norm('升级到v1.2版本').text, '升级到v1.2版本');
  assert.equal(norm('上午10:30开会').text, '上午10:30开会');
  assert.equal(norm('用好 AI 工具').text, '用好 AI 工具');
  assert.deepEqual(norm('形成9.7平方公里').changes, []);
});

test('spaces inside Han text are removed in body text (incl. full-width and next to punctuation)', () => {
  const r = norm('规划、 镇区控制，劲往一处使 ，形成　合力');
  assert.equal(r.text, '规划、镇区控制，劲往一处使，形成合力');
  assert.deepEqual(
    r.changes.map((c) => c.what),
    ['space inside Han text removed', 'space inside Han text removed', 'space inside Han text removed'],
  );
});

test('headings keep one space between Han phrases, full-width space becomes a space', () => {
  assert.equal(norm('植根农村 无悔人生', 'heading').text, '植根农村 无悔人生');
  const r = norm('植根农村　无悔人生', 'heading');
  assert.equal(r.text, '植根农村 无悔人生');
  assert.deepEqual(
    r.changes.map((c) => c.what),
    ['full-width space → space'],
  );
  assert.equal(norm('对照 “四有” 标准', 'heading').text, '对照“四有”标准');
});

test('in a transcript: CRLF, blank and whitespace-only lines, full-width indents; changes carry their lines', () => {
  const text = '题目\r\n\r\n　　第一段,有逗号.\r\n   \r\n第二段 ，有空格。\r\n\u3000\r\n';
  const doc = parseTranscript(text, 'c.txt');
  assert.deepEqual(
    doc.parts[0]!.paragraphs.map((p) => [p.line, p.text]),
    [
      [3, '第一段，有逗号。'],
      [5, '第二段，有空格。'],
    ],
  );
  assert.deepEqual(
    doc.changes.map((c) => [c.line, c.what]),
    [
      [3, 'full-width space indent removed'],
      [3, 'half-width comma , → ，'],
      [3, 'half-width full stop . → 。'],
      [4, 'whitespace-only line dropped'],
      [5, 'space inside Han text removed'],
      [6, 'whitespace-only line dropped'],
    ],
  );
});

test('normalisation is idempotent (a second pass changes nothing)', () => {
  const once = norm('我们认为,"规划"很重要 ，(一)要做好.').text;
  const twice = norm(once);
  assert.equal(twice.text, once);
  assert.deepEqual(twice.changes, []);
});

test('an ellipsis after Han text becomes ……; Latin dots stay', () => {
  assert.equal(norm('等等...').text, '等等……');
  assert.equal(norm('好。。。').text, '好……');
  assert.equal(norm('好…然后').text, '好……然后');
  assert.deepEqual(norm('好……').changes, []);
  assert.equal(norm('wait...').text, 'wait...');
});

test('invisible characters (zero-width space, word joiner, BOM, soft hyphen) are removed and reported', () => {
  const r = norm('这里\u200B有零宽\u2060字符\uFEFF和软\u00AD连字符。');
  assert.equal(r.text, '这里有零宽字符和软连字符。');
  assert.deepEqual(
    r.changes.map((c) => c.what),
    [
      'invisible character U+200B removed',
      'invisible character U+2060 removed',
      'invisible character U+FEFF removed',
      'invisible character U+00AD removed',
    ],
  );
});
