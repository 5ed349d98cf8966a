// The corpus scorer itself (bench/corpus-score.mjs) on a synthetic pair: a perfect recognition scores
// 100 %, a missing part and a wrong paragraph count score lower. The corpus score is not asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreDocument } from '../bench/corpus-score.mjs';

const expected = {
  title: '在全县工作会议上的讲话',
  subtitle: '',
  speaker: { name: '王志强', post: '县委书记' },
  date: '2024年3月5日',
  hosts: [],
  guests: [],
  parts: [
    { kind: 'intro', title: '', paragraphs: 2 },
    { kind: 'section', title: '一、统一思想', paragraphs: 1 },
    { kind: 'dialogue', title: '现场问答', speaker: null, paragraphs: 2, speakers: ['主持人', '王志强'] },
  ],
};

const perfect = {
  title: '在全县工作会议上的讲话',
  subtitle: '',
  series: '',
  date: '（2024年3月5日）',
  hosts: [],
  guests: [],
  parts: [
    {
      kind: 'intro',
      title: '',
      subtitle: '',
      speaker: { name: '王志强', post: '县委书记' },
      level: 1,
      paragraphs: ['同志们：', '今天……'],
    },
    { kind: 'section', title: '一、统一思想。', subtitle: '', speaker: null, level: 1, paragraphs: ['……'] },
    {
      kind: 'dialogue',
      title: '现场问答',
      subtitle: '',
      speaker: null,
      level: 1,
      paragraphs: [
        { text: '请问……？', speaker: { name: '主持人', post: '' } },
        { text: '……', speaker: '王志强' },
      ],
    },
  ],
};

test('corpus scorer: a perfect recognition scores every field and finds every part', () => {
  const s = scoreDocument(expected, perfect);
  assert.deepEqual(s.misses, []);
  assert.equal(s.fields.got, s.fields.total);
  assert.deepEqual(s.parts, { found: 3, total: 3 });
});

test('corpus scorer: a missing part and a wrong count score lower, with the reasons', () => {
  const worse = structuredClone(perfect);
  worse.parts.splice(1, 1);
  worse.parts[1].paragraphs.pop();
  const s = scoreDocument(expected, worse);
  assert.equal(s.parts.found, 2);
  assert.ok(s.fields.got < s.fields.total);
  assert.ok(s.misses.some((m) => m.includes('"一、统一思想": not found')));
  assert.ok(s.misses.some((m) => m.includes('paragraphs: expected 2, got 1')));
  assert.equal(scoreDocument(expected, null).parts.found, 0);
});
