// The handout as a document: template → Markdown → block tree, escaping, editable order, warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings } from '../src/settings';
import { Timer } from '../src/pipeline/timer';
import { handoutTemplateData, makeHandout } from '../src/handout/stage';
import { parseHandoutMarkdown, type HandoutBlock } from '../src/handout/parse';
import { renderTemplate } from '../src/templates';
import { readDocument } from '../src/source';
import type { Document, Part } from '../src/model';

const root = fileURLToPath(new URL('..', import.meta.url));
const fonts = new FontSet(loadFontConfig(root));
const settings = loadSettings(root, {}, {});
const SAMPLE = join(root, 'content', 'guangan-township-forum.txt');

function part(kind: Part['kind'], title: string, paragraphs: string[], extra: Partial<Part> = {}): Part {
  return {
    kind,
    title,
    subtitle: '',
    speaker: null,
    level: 1,
    line: 1,
    paragraphs: paragraphs.map((text, i) => ({ text, lead: '', line: 10 + i })),
    ...extra,
  };
}

function makeDoc(parts: Part[]): Document {
  return {
    file: 'test.txt',
    name: 'test',
    meta: { title: '测试讲义', subtitle: '', series: '', date: '', hosts: [], guests: [], extra: {} },
    parts,
    warnings: [],
    changes: [],
  };
}

const blocksOf = (doc: Document, s = settings) =>
  parseHandoutMarkdown(renderTemplate('handout.md.hbs', handoutTemplateData(doc, s), s.projectRoot));

test('the sample becomes cover, contents and six chapters with subtitles, bylines and every paragraph', () => {
  const doc = readDocument(SAMPLE);
  const blocks = blocksOf(doc);
  const cover = blocks.find((b) => b.kind === 'cover') as Extract<HandoutBlock, { kind: 'cover' }>;
  assert.equal(cover.title, doc.meta.title);
  assert.deepEqual(cover.above, ['賨州论坛'], 'the series stands above the title');
  assert.ok(blocks.some((b) => b.kind === 'contents'));
  const chapters = blocks.filter((b): b is Extract<HandoutBlock, { kind: 'chapter' }> => b.kind === 'chapter');
  assert.deepEqual(
    chapters.map((c) => c.title),
    doc.parts.map((p) => p.title),
  );
  const talk2 = chapters[2]!;
  assert.equal(talk2.subtitle, '——推动工业经济高质量发展');
  // the speaker line as the transcript prints it (post, space, name)
  assert.equal(talk2.byline, '江苏省常州市金坛区直溪镇党委书记 吴志高');
  const paragraphs = blocks
    .filter((b): b is Extract<HandoutBlock, { kind: 'paragraph' }> => b.kind === 'paragraph')
    .map((b) => b.text);
  for (const p of doc.parts)
    for (const para of p.paragraphs) assert.ok(paragraphs.includes(para.text), para.text.slice(0, 20));
  // hosts and guests form a credits block after the opening part, not body paragraphs
  const credits = blocks.find((b) => b.kind === 'credits') as Extract<HandoutBlock, { kind: 'credits' }>;
  // as the transcript prints them: the names' separators (spaces here) kept
  assert.deepEqual(credits.lines, ['主持人：卢琴 刘毓然', '嘉宾：沈振宇 吴志高 朱军华 杨旭 刘政']);
  assert.ok(blocks.indexOf(credits) < blocks.indexOf(chapters[1]!));
  assert.ok(!paragraphs.some((p) => p.startsWith('主持人')));
  // parts run on: the template asks for no page breaks (the typesetter decides, README: partBreak)
  assert.ok(!blocks.some((b) => b.kind === 'newpage'));
});

test('transcript text stays literal text: Markdown, HTML and template syntax do nothing', () => {
  const nasty = [
    '# 不是标题',
    '1. 不是列表',
    '<script>alert(1)</script>',
    '注释 --> 结束',
    '*星号* 和 **粗体**',
    '| 表格 |',
    '{{title}} 与 {{{x}}}',
    '<!-- lectern:newpage -->',
    '\\反斜杠\\',
  ];
  const blocks = blocksOf(makeDoc([part('talk', '标题 # 一', nasty)]));
  const paras = blocks.filter((b) => b.kind === 'paragraph') as Extract<HandoutBlock, { kind: 'paragraph' }>[];
  assert.deepEqual(
    paras.map((p) => p.text),
    nasty,
  );
  assert.ok(paras.every((p) => p.lead === 0));
  assert.equal(blocks.filter((b) => b.kind === 'newpage').length, 0);
  assert.ok(blocks.some((b) => b.kind === 'chapter' && b.title === '标题 # 一'));
});

test('a run-in lead is bold, sections are headings of their level, a lecture opening gets the title block', () => {
  const doc = makeDoc([
    part('intro', '', ['同志们：'], { speaker: { name: '陈立新', post: '县长' } }),
    part('section', '一、为什么', ['规划先行。规划就是执行力。']),
    part('section', '（一）从历史看', ['文字。'], { level: 2 }),
  ]);
  doc.meta.subtitle = '在培训班上的讲话';
  doc.parts[1]!.paragraphs[0]!.lead = '规划先行。';
  const blocks = blocksOf(doc);
  const chapter = blocks.find((b) => b.kind === 'chapter') as Extract<HandoutBlock, { kind: 'chapter' }>;
  assert.deepEqual(
    [chapter.title, chapter.subtitle, chapter.byline],
    ['测试讲义', '——在培训班上的讲话', '县长 陈立新'],
  );
  assert.deepEqual(
    blocks.filter((b) => b.kind === 'heading'),
    [
      { kind: 'heading', level: 1, text: '一、为什么' },
      { kind: 'heading', level: 2, text: '（一）从历史看' },
    ],
  );
  const lead = blocks.find((b) => b.kind === 'paragraph' && b.text.startsWith('规划')) as Extract<
    HandoutBlock,
    { kind: 'paragraph' }
  >;
  assert.equal(lead.lead, '规划先行。'.length);
  assert.equal(lead.text, '规划先行。规划就是执行力。');
});

test('the template decides order and cover: a project template without contents gives no contents page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lectern-handout-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(
    join(dir, 'templates', 'handout.md.hbs'),
    '<!-- lectern:cover -->\n\n# 封面：{{{md title}}}\n\n<!-- lectern:end -->\n\n{{#each parts}}\n# {{{md title}}}\n\n{{#each paragraphs}}\n{{{md text}}}\n\n{{/each}}\n{{/each}}\n',
  );
  const s = { ...settings, projectRoot: dir };
  const doc = makeDoc([part('talk', '第一讲', ['正文一。']), part('talk', '第二讲', ['正文二。'])]);
  const out = await makeHandout(doc, s, fonts, new Timer());
  assert.ok(out.markdown.startsWith('<!-- lectern:cover -->\n\n# 封面：测试讲义'));
  const blocks = parseHandoutMarkdown(out.markdown);
  assert.ok(!blocks.some((b) => b.kind === 'contents'));
  // no newpage markers: both talks share the page after the cover and its blank verso
  assert.equal(out.pages, 3);
});

test('a character no font has becomes a warning naming it, its code and its line', async () => {
  const doc = makeDoc([part('talk', '标题', ['第一段。', '这里有\u{10FFFD}字。'])]);
  const out = await makeHandout(doc, settings, fonts, new Timer());
  assert.equal(out.warnings.length, 1);
  const w = out.warnings[0]!;
  assert.equal(w.severity, 'warning');
  assert.equal(w.file, 'test.txt');
  assert.equal(w.line, 11);
  assert.match(w.message, /U\+10FFFD/);
  assert.ok(w.message.includes('\u{10FFFD}'));
});

test('makeHandout times its phases', async () => {
  const timer = new Timer();
  await makeHandout(readDocument(SAMPLE), settings, fonts, timer);
  for (const phase of ['templates', 'typesetting', 'pdf'] as const) assert.ok(timer.totals.has(phase), phase);
});
