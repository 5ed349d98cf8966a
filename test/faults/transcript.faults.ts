// A seeded fuzz of transcripts: random bytes, random Unicode, random mixes of the structure lines
// recognition looks for. Recognition must return a document or a one-line user error — never an
// internal error, never unbounded time; a share of the cases is built end to end by the real bin.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isLecternError } from '../../src/errors';
import { documentFromBytes } from '../../src/source';
import {
  assertFingerprintTrue,
  cases,
  int,
  lectern,
  pick,
  project,
  rng,
  SEED,
  smallTranscript,
  tempFiles,
} from './harness';

const STRUCTURE = [
  '主持人：卢琴',
  '嘉宾：沈振宇、吴志高',
  '一、坚持党建引领',
  '（一）强化组织',
  '1. 抓好落实',
  '（1）细化责任',
  '开坛的话',
  '主讲人：南浔区副区长 沈振宇',
  '沈振宇：',
  '同志们：',
  '谢谢大家！',
  '---',
  '# 标题',
  '## 小节',
  '**一是加强学习。**要……',
  '一、关于KPI:KPI考核要落到实处。',
  '7月3日上午',
  '副标题：推动工业经济高质量发展',
  '<script>alert(1)</script>',
  '<!-- lectern:newpage -->',
  '$$x$$',
  '![x](y)',
  '[a](javascript:1)',
  '',
  '——',
  '……',
  '“引号”',
  '<!-- _class: x -->',
  'paginate: false',
  '\t缩进',
  '　全角空格开头',
];

function randomUnicode(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const block = pick(r, [
      [0x20, 0x7e],
      [0x4e00, 0x9fff],
      [0x3000, 0x303f],
      [0xff00, 0xffef],
      [0x0, 0x1f],
      [0x80, 0x9f],
      [0x200b, 0x206f],
      [0xd800, 0xdfff],
      [0xe000, 0xf8ff],
      [0x1f300, 0x1faff],
      [0x20000, 0x2a6df],
      [0xfe00, 0xfe0f],
    ] as const);
    s += String.fromCodePoint(int(r, block[0], block[1]));
    if (r() < 0.05) s += '\n';
  }
  return s;
}

function randomTranscript(r: () => number): { kind: string; bytes: Buffer } {
  const kind = pick(r, ['bytes', 'unicode', 'structure', 'structure', 'mutated']);
  if (kind === 'bytes')
    return { kind, bytes: Buffer.from(Array.from({ length: int(r, 0, 3000) }, () => int(r, 0, 255))) };
  if (kind === 'unicode') return { kind, bytes: Buffer.from(randomUnicode(r, int(r, 0, 3000)), 'utf8') };
  if (kind === 'mutated') {
    const b = Buffer.from(smallTranscript(), 'utf8');
    for (let i = int(r, 1, 20); i > 0; i--) b[int(r, 0, b.length - 1)] = int(r, 0, 255);
    return { kind, bytes: b };
  }
  const lines: string[] = [];
  for (let i = int(r, 1, 80); i > 0; i--) {
    lines.push(
      r() < 0.6
        ? pick(r, STRUCTURE)
        : r() < 0.5
          ? randomUnicode(r, int(r, 1, 60)).replace(/\n/g, '')
          : '正文内容，'.repeat(int(r, 1, 40)),
    );
  }
  return { kind, bytes: Buffer.from(lines.join(pick(r, ['\n', '\r\n', '\n\n'])), 'utf8') };
}

test('recognition of random transcripts: a document or a one-line user error, in bounded time', () => {
  const r = rng(SEED);
  const n = cases(300);
  let refused = 0;
  let slowest = 0;
  for (let i = 0; i < n; i++) {
    const { kind, bytes } = randomTranscript(r);
    const file = pick(r, ['x.txt', 'x.md']);
    const t0 = performance.now();
    try {
      const doc = documentFromBytes(bytes, file);
      assert.ok(Array.isArray(doc.parts));
    } catch (e) {
      assert.ok(isLecternError(e), `case ${i} (${kind}, ${file}, seed ${SEED}): ${(e as Error).stack}`);
      assert.doesNotMatch(e.format(), /\n/);
      refused++;
    }
    slowest = Math.max(slowest, performance.now() - t0);
  }
  process.stdout.write(
    `# transcript fuzz: ${n} cases, ${refused} refused with a user error, slowest ${slowest.toFixed(0)} ms\n`,
  );
});

test('random transcripts built end to end: exit 0 with complete outputs, or exit 2 with one line; nothing stale', () => {
  const r = rng(SEED + 1);
  const n = cases(6);
  for (let i = 0; i < n; i++) {
    const { kind, bytes } = randomTranscript(r);
    const dir = project();
    assert.equal(lectern(['build'], dir).status, 0);
    writeFileSync(join(dir, 'content', 'talk.txt'), bytes);
    const res = lectern(['build'], dir, { timeoutMs: 120_000, label: `fuzzed transcript ${i} (${kind})` });
    assert.equal(res.signal, null, `case ${i} (${kind}) did not end: ${res.stderr}`);
    assert.ok(res.status === 0 || res.status === 2, `case ${i} (${kind}): exit ${res.status} ${res.stderr}`);
    assert.doesNotMatch(res.stderr, /internal error|\n\s+at /, `case ${i} (${kind}): ${res.stderr}`);
    assert.deepEqual(tempFiles(join(dir, 'out')), []);
    assertFingerprintTrue(join(dir, 'out', 'talk'));
  }
});
