// The sample forum transcript, recognised exactly (issue 2), from UTF-8 and from GB18030 bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readDocument, decodeTranscript, parseTranscript } from '../src/source/index';
import { documentToJson } from '../src/model';
import { encodeGb18030 } from './fixtures/source/gb18030';

const SAMPLE = 'content/guangan-township-forum.txt';
const sourceLines = readFileSync(SAMPLE, 'utf8').split('\n');
/** 1-based line of the sample, as written */
const at = (n: number): string => sourceLines[n - 1]!;
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => at(from + k));

function expectedJson() {
  const para = (n: number): string => {
    // the two normalisations the sample needs: spaces inside Han text
    if (n === 19) return at(19).replace('、 镇区', '、镇区');
    if (n === 28) return at(28).replace('使 ，', '使，');
    return at(n);
  };
  const paras = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => para(from + k));
  const talk = (title: string, subtitle: string, post: string, name: string, from: number, to: number) => ({
    kind: 'talk' as const,
    title,
    subtitle,
    speaker: { name, post },
    level: 1,
    paragraphs: paras(from, to),
  });
  return {
    title: '广安适应新时代新发展 提升乡镇党政正职履职能力',
    subtitle: '',
    series: '賨州论坛',
    date: '',
    hosts: ['卢琴', '刘毓然'],
    guests: ['沈振宇', '吴志高', '朱军华', '杨旭', '刘政'],
    parts: [
      { kind: 'intro' as const, title: '开坛的话', subtitle: '', speaker: null, level: 1, paragraphs: paras(3, 5) },
      talk('立足新发展阶段 践行党的初心使命', '', '南浔区人民政府副区长', '沈振宇', 10, 14),
      talk('加快项目引进和建设', '推动工业经济高质量发展', '江苏省常州市金坛区直溪镇党委书记', '吴志高', 18, 22),
      talk('植根农村 无悔人生', '谈如何当好乡镇党委书记', '江苏省常州市武进区湟里镇党委书记', '朱军华', 26, 30),
      talk('对照“四有”标准', '主动在成渝地区双城经济圈建设中担当作为', '重庆市渝北区木耳镇党委书记', '杨旭', 34, 38),
      talk('基层干部要有“七颗心”', '', '华蓥市禄市镇党委副书记、镇长', '刘政', 41, 48),
    ],
  };
}

test('sample: full structure (title, series, intro, hosts, guests, five talks, paragraphs)', () => {
  const doc = readDocument(SAMPLE);
  assert.equal(doc.name, 'guangan-township-forum');
  assert.equal(doc.file, SAMPLE);
  assert.deepEqual(documentToJson(doc), expectedJson());
  assert.deepEqual(doc.warnings, []);
  // sanity: the source really has the spaces that were removed
  assert.ok(range(19, 19)[0]!.includes('、 镇区') && at(28).includes('使 ，'));
});

test('sample: paragraph and part lines point into the source', () => {
  const doc = readDocument(SAMPLE);
  assert.deepEqual(
    doc.parts.map((p) => p.line),
    [2, 8, 15, 23, 31, 39],
  );
  assert.deepEqual(
    doc.parts[0]!.paragraphs.map((p) => p.line),
    [3, 4, 5],
  );
  assert.equal(doc.parts[5]!.paragraphs.at(-1)!.line, 48);
});

test('sample: each normalisation is reported with its line', () => {
  const doc = readDocument(SAMPLE);
  const spaces = doc.changes.filter((c) => c.what.startsWith('space inside Han'));
  assert.deepEqual(
    spaces.map((c) => [
      c.file,
      c.line,
      c.before.includes('、 镇') || c.before.includes('使 ，'),
      c.after.includes(' '),
    ]),
    [
      [SAMPLE, 19, true, false],
      [SAMPLE, 28, true, false],
    ],
  );
  // the trailing whitespace-only line is dropped, and said so
  assert.ok(doc.changes.some((c) => c.line === 49 && c.what.includes('whitespace-only')));
  assert.equal(doc.changes.length, 3);
});

test('sample: 职务姓名 without a space is split by the guest list', () => {
  const doc = readDocument(SAMPLE);
  assert.deepEqual(doc.parts[5]!.speaker, { name: '刘政', post: '华蓥市禄市镇党委副书记、镇长' });
});

test('sample: GB18030 copy (file) gives the same document as UTF-8', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-src-'));
  const gbFile = join(dir, 'guangan-township-forum.txt');
  const gbBytes = encodeGb18030(readFileSync(SAMPLE, 'utf8'));
  writeFileSync(gbFile, gbBytes);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gbBytes)); // really not UTF-8
  const fromGb = readDocument(gbFile);
  const fromUtf8 = readDocument(SAMPLE);
  assert.deepEqual(documentToJson(fromGb), documentToJson(fromUtf8));
  assert.equal(fromGb.name, fromUtf8.name);
});

test('sample: UTF-8 with BOM, CRLF line ends, UTF-16 LE/BE with BOM decode to the same document', () => {
  const text = readFileSync(SAMPLE, 'utf8');
  const want = documentToJson(parseTranscript(text, SAMPLE));
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')]);
  assert.deepEqual(documentToJson(parseTranscript(decodeTranscript(bom, SAMPLE), SAMPLE)), want);
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  assert.deepEqual(documentToJson(parseTranscript(decodeTranscript(le, SAMPLE), SAMPLE)), want);
  const be = Buffer.from(le);
  be.swap16();
  assert.deepEqual(documentToJson(parseTranscript(decodeTranscript(be, SAMPLE), SAMPLE)), want);
});
