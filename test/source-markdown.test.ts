// The structured .md source: front matter + headings + marked speaker lines; .txt → .md → same document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readDocument, parseMarkdownSource, parseTranscript, documentToMarkdownSource } from '../src/source/index';
import { documentToJson, type Document } from '../src/model';
import { LecternError } from '../src/errors';

/** Everything recognition decided, without source lines (which differ between .txt and .md) */
function shape(doc: Document) {
  return {
    json: documentToJson(doc),
    extra: doc.meta.extra,
    leads: doc.parts.map((p) => p.paragraphs.map((q) => q.lead)),
  };
}

const transcripts = [
  'content/guangan-township-forum.txt',
  ...readdirSync('test/fixtures/source')
    .filter((f) => f.endsWith('.txt'))
    .map((f) => `test/fixtures/source/${f}`),
];

for (const file of transcripts) {
  test(`round trip: ${file} → .md → the same document, with no new changes`, () => {
    const fromTxt = readDocument(file);
    const md = documentToMarkdownSource(fromTxt);
    const fromMd = parseMarkdownSource(md, file.replace(/\.txt$/, '.md'));
    assert.deepEqual(shape(fromMd), shape(fromTxt));
    assert.deepEqual(fromMd.changes, []);
    assert.equal(fromMd.name, fromTxt.name);
  });
}

test('the .md form of the sample: front matter, {.intro}, 副标题 and 发言人 lines, bold leads', () => {
  const md = documentToMarkdownSource(readDocument('content/guangan-township-forum.txt'));
  assert.match(
    md,
    /^---\ntitle: 广安适应新时代新发展 提升乡镇党政正职履职能力\nseries: 賨州论坛\nhosts: \[卢琴, 刘毓然\]\nguests: \[沈振宇, 吴志高, 朱军华, 杨旭, 刘政\]\n---\n/,
  );
  assert.match(md, /\n# 开坛的话 \{\.intro\}\n/);
  assert.match(
    md,
    /\n# 加快项目引进和建设\n\n\*\*副标题：\*\* 推动工业经济高质量发展\n\*\*发言人：\*\* 江苏省常州市金坛区直溪镇党委书记 吴志高\n/,
  );
  assert.match(md, /\n\*\*规划先行。\*\*规划就是执行力/);
});

test('a hand-written .md: sections by heading depth, extra keys, YAML date, names as a string, lines', () => {
  const md = [
    '---',
    'title: 提高组织力',
    'subtitle: 辅导报告',
    'date: 2024-07-03',
    'hosts: 张三、李四',
    'guests: [王五]',
    'theme: red',
    '---',
    '',
    '# {.intro}',
    '',
    '**发言人：** 市委常委、组织部部长 黄志强',
    '',
    '同志们：',
    '',
    '## 一、为什么',
    '',
    '第一段,有逗号.',
    '',
    '### （一）历史',
    '',
    '**1.加强学习。**要读原著。',
    '',
    '# 王五的发言',
    '',
    '**发言人：** 王五（某镇镇长）',
    '',
    '正文。',
  ].join('\n');
  const doc = parseMarkdownSource(md, 'content/x.md');
  assert.deepEqual(documentToJson(doc), {
    title: '提高组织力',
    subtitle: '辅导报告',
    series: '',
    date: '2024-07-03',
    hosts: ['张三', '李四'],
    guests: ['王五'],
    parts: [
      {
        kind: 'intro',
        title: '',
        subtitle: '',
        speaker: { name: '黄志强', post: '市委常委、组织部部长' },
        level: 1,
        paragraphs: ['同志们：'],
      },
      { kind: 'section', title: '一、为什么', subtitle: '', speaker: null, level: 1, paragraphs: ['第一段，有逗号。'] },
      {
        kind: 'section',
        title: '（一）历史',
        subtitle: '',
        speaker: null,
        level: 2,
        paragraphs: ['1.加强学习。要读原著。'],
      },
      {
        kind: 'talk',
        title: '王五的发言',
        subtitle: '',
        speaker: { name: '王五', post: '某镇镇长' },
        level: 1,
        paragraphs: ['正文。'],
      },
    ],
  });
  assert.deepEqual(doc.meta.extra, { theme: 'red' });
  assert.equal(doc.parts[2]!.paragraphs[0]!.lead, '1.加强学习。');
  assert.deepEqual(
    doc.parts.map((p) => p.line),
    [10, 16, 20, 24],
  );
  assert.equal(doc.parts[1]!.paragraphs[0]!.line, 18);
  // normalisation of the .md text is reported against the .md line
  assert.deepEqual(
    doc.changes.map((c) => [c.file, c.line]),
    [
      ['content/x.md', 18],
      ['content/x.md', 18],
    ],
  );
});

test('text that looks like markup stays literal text through .md', () => {
  const txt =
    '标题\n# 不是标题\n1. 不是列表\n<script>alert(1)</script> --> * | {{x}} _y_ [a](b) `c` &amp; \\ ~z~\n- 不是列表项\n> 不是引用。\n测试 {.intro}\n市委书记 张三\n正文。\n';
  const doc = parseTranscript(txt, 'x.txt');
  const back = parseMarkdownSource(documentToMarkdownSource(doc), 'x.md');
  assert.deepEqual(shape(back), shape(doc));
  const hashes = parseTranscript('论坛\nC# 入门 #\n某镇镇长 张三\n正文。\n二\n某县县长 李四\n正文。\n', 'x.txt');
  assert.deepEqual(shape(parseMarkdownSource(documentToMarkdownSource(hashes), 'x.md')), shape(hashes));
  assert.equal(hashes.parts[0]!.title, 'C# 入门 #');
  // a title that ends in {.intro} as text stays a talk title
  assert.equal(back.parts.at(-1)!.kind, 'talk');
  assert.equal(back.parts.at(-1)!.title, '测试 {.intro}');
});

function throwsLectern(fn: () => unknown, file: string, line: number | undefined, re: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof LecternError, String(e));
    assert.equal(e.file, file);
    assert.equal(e.line, line);
    assert.match(e.format(), re);
    return true;
  });
}

test('malformed front matter: message names file and line', () => {
  throwsLectern(
    () => parseMarkdownSource('---\ntitle: a\nhosts: [张三\n---\n正文\n', 'content/x.md'),
    'content/x.md',
    4,
    /^content\/x\.md:4: front matter: .+ — fix the YAML/,
  );
  throwsLectern(
    () => parseMarkdownSource('---\ntitle: a\n正文\n', 'content/x.md'),
    'content/x.md',
    1,
    /^content\/x\.md:1: front matter: the opening --- has no closing --- line/,
  );
  throwsLectern(
    () => parseMarkdownSource('---\ntitle: a\nhosts: {a: 1}\n---\n正文\n', 'content/x.md'),
    'content/x.md',
    3,
    /^content\/x\.md:3: front matter: `hosts` must be a list of names/,
  );
  throwsLectern(
    () => parseMarkdownSource('---\ntitle: [a, b]\n---\n', 'content/x.md'),
    'content/x.md',
    2,
    /`title` must be text/,
  );
  throwsLectern(
    () => parseMarkdownSource('---\n- a\n- b\n---\n', 'content/x.md'),
    'content/x.md',
    2,
    /must be `key: value` lines/,
  );
});

test('an .md without front matter is read (title empty, with a warning)', () => {
  const doc = parseMarkdownSource('# 题目\n\n正文。\n', 'x.md');
  assert.equal(doc.meta.title, '');
  assert.equal(doc.parts[0]!.title, '题目');
  assert.deepEqual(
    doc.warnings.map((w) => w.line),
    [1],
  );
});

test('marked lines directly followed by text, or separated by blank lines, are both read', () => {
  const doc = parseMarkdownSource(
    '---\ntitle: t\n---\n# 题目\n**发言人：** 某镇镇长 张三\n正文直接跟上。\n\n# 题目二\n\n**副标题：** 副\n\n**发言人：** 李四\n\n正文。\n',
    'x.md',
  );
  assert.deepEqual(documentToJson(doc).parts, [
    {
      kind: 'talk',
      title: '题目',
      subtitle: '',
      speaker: { name: '张三', post: '某镇镇长' },
      level: 1,
      paragraphs: ['正文直接跟上。'],
    },
    {
      kind: 'talk',
      title: '题目二',
      subtitle: '副',
      speaker: { name: '李四', post: '' },
      level: 1,
      paragraphs: ['正文。'],
    },
  ]);
  assert.equal(doc.parts[0]!.paragraphs[0]!.line, 6);
});

test('an .md saved with CRLF line ends reads the same', () => {
  const txt = readDocument('content/guangan-township-forum.txt');
  const md = documentToMarkdownSource(txt).replace(/\n/g, '\r\n');
  const doc = parseMarkdownSource(md, 'x.md');
  assert.deepEqual(shape(doc), shape(txt));
  assert.deepEqual(
    doc.parts.map((p) => p.line),
    [8, 16, 30, 45, 60, 75],
  );
});
