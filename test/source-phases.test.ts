// The phases of transcript recognition, each run alone on the data the previous one hands over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitLines } from '../src/source/lines';
import { classifyLines } from '../src/source/classify';
import { readTitleBlock } from '../src/source/title-block';
import { readBody } from '../src/source/body';
import { finishDocument } from '../src/source/post-passes';
import { newRecorder } from '../src/source/record';
import { emptyDocument } from '../src/source/transcript';

const TEXT = [
  '基层治理现代化的探索',
  '——在全县基层治理工作座谈会上的交流发言',
  '嘉宾：周明 吴芳',
  '立足网格 做实服务',
  '城关镇党委副书记、镇长 周明',
  '网格化管理让服务更精准。',
  '规划先行。规划就是执行力。',
  '数据为先。数据多跑路，群众少跑腿。',
].join('\n');

const phase1 = () => {
  const rec = newRecorder('x.txt');
  const lines = splitLines(TEXT, 'x.txt', rec.changes);
  return { rec, cls: classifyLines(lines, rec) };
};

test('phase 1, classifyLines: one kind per line, the guest list read first', () => {
  const { cls } = phase1();
  assert.deepEqual(
    cls.kinds.map((k) => k.k),
    ['headingLike', 'dashed', 'guest', 'headingLike', 'speaker', 'para', 'para', 'para'],
  );
  assert.deepEqual(cls.guests, ['周明', '吴芳']);
  assert.equal(cls.guestLine.get('吴芳'), 3);
  assert.equal(cls.speakerCount, 1);
});

test('phase 2, readTitleBlock: title, ——subtitle, where the body starts', () => {
  const { rec, cls } = phase1();
  const block = readTitleBlock(cls, rec);
  assert.equal(block.title, '基层治理现代化的探索');
  assert.equal(block.subtitle, '在全县基层治理工作座谈会上的交流发言');
  assert.equal(block.bodyStart, 2);
  assert.equal(block.lectureSpeaker, null);
});

test('phase 3, readBody: a talk with title and speaker from the body lines', () => {
  const { rec, cls } = phase1();
  const body = readBody(cls, 2, { title: '', subtitle: '', lectureSpeaker: null }, rec);
  assert.deepEqual(
    body.parts.map((p) => [p.kind, p.title, p.speaker?.name, p.paragraphs.length, p.line]),
    [['talk', '立足网格 做实服务', '周明', 3, 4]],
  );
  assert.equal(body.speakerUnused, false);
});

test('phase 4, finishDocument: parallel leads, a guest without a talk warned at the 嘉宾 line', () => {
  const { rec, cls } = phase1();
  const doc = emptyDocument('x.txt');
  doc.meta.guests = cls.guests;
  doc.parts = readBody(cls, 2, { title: '', subtitle: '', lectureSpeaker: null }, rec).parts;
  rec.warnings.length = 0;
  finishDocument(doc, cls.guestLine, rec);
  assert.deepEqual(
    doc.parts[0]!.paragraphs.map((p) => p.lead),
    ['', '规划先行。', '数据为先。'],
  );
  assert.deepEqual(
    rec.warnings.map((w) => [w.line, w.message]),
    [[3, 'guest 吴芳 gives no talk (no speaker line names them)']],
  );
});
