// The handout as a book, on the real fixtures: every part findable (heading, contents entry, bookmark,
// running head), parts run on without wasting paper, front matter as books have it, speech conventions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings } from '../src/settings';
import { handoutFonts, handoutTemplateData } from '../src/handout/stage';
import { parseHandoutMarkdown } from '../src/handout/parse';
import { renderTemplate } from '../src/templates';
import { readDocument } from '../src/source';
import { parallelLeads } from '../src/cjk/leads';
import { handoutStyle, pageGeometry, typesetHandout, type PartBreak, type PaperName } from '../src/typeset';
import type { Document } from '../src/model';
import type { Page, TypesetDocument } from '../src/typeset/types';
import { HANDOUT_FIXTURES } from './helpers';

const root = fileURLToPath(new URL('..', import.meta.url));
const { chains } = handoutFonts(new FontSet(loadFontConfig(root)));
const settings = loadSettings(root, {}, {});
const fx = (...p: string[]) => join(root, 'test', 'fixtures', ...p);

const SAMPLE = join(root, 'content', 'guangan-township-forum.txt');
/** Every transcript fixture that reads as a document. */
const FIXTURES = HANDOUT_FIXTURES;
/** Fixtures with several talks. */
const FORUMS = [
  SAMPLE,
  fx('source', 'forum-mixed.txt'),
  fx('source', 'forum-noguests.txt'),
  fx('source', 'newspaper.txt'),
  fx('slides', 'long-forum.txt'),
];

function typeset(
  file: string,
  opts: { paper?: PaperName; partBreak?: PartBreak } = {},
): { doc: Document; out: TypesetDocument } {
  const doc = readDocument(file);
  const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root);
  const geometry = pageGeometry(opts.paper ?? 'A4', 12);
  const out = typesetHandout(parseHandoutMarkdown(md), {
    geometry,
    fonts: chains,
    documentTitle: doc.meta.title,
    style: handoutStyle(geometry, { partBreak: opts.partBreak }),
  });
  return { doc, out };
}

const countOutline = (list: TypesetDocument['outline']): number =>
  list.reduce((n, o) => n + 1 + countOutline(o.children), 0);
const contentsEntries = (out: TypesetDocument) =>
  new Set(out.pages.flatMap((p) => p.lines.filter((l) => l.kind === 'contents').map((l) => l.block))).size;
const flowLines = (p: Page) => p.lines.filter((l) => l.kind !== 'header' && l.kind !== 'footer');

test('every fixture: contents entries = bookmarks = parts; one part, or one page of text, gets no contents page', () => {
  let listed = 0;
  let onePage = 0;
  for (const file of FIXTURES) {
    const { doc, out } = typeset(file);
    const parts = doc.parts.length;
    assert.equal(countOutline(out.outline), parts, `${file}: bookmarks`);
    const hasContents = out.pages.some((p) => p.kind === 'contents');
    const bodyPages = out.pages.filter((p) => p.kind === 'body').length;
    if (parts >= 2 && bodyPages >= 2) assert.equal(contentsEntries(out), parts, `${file}: contents entries`);
    else assert.ok(!hasContents, `${file}: nothing to list (one part, or one page of text): no contents page`);
    if (parts >= 2 && bodyPages >= 2) listed++;
    if (parts >= 2 && bodyPages === 1) onePage++;
  }
  assert.equal(readDocument(fx('source', 'wrapped.txt')).parts.length, 1, 'the one-part fixture is still one part');
  assert.ok(listed >= 4 && onePage >= 3, `both cases met: ${listed} with contents, ${onePage} of one page`);
});

test('an untitled talk gets a heading block (the speaker line as printed), a contents entry, a bookmark and its running head', () => {
  const headings: string[] = [];
  for (const file of [fx('source', 'forum-mixed.txt'), fx('source', 'newspaper.txt')]) {
    const { doc, out } = typeset(file);
    for (const p of doc.parts.filter((x) => x.kind === 'talk' && !x.title)) {
      const name = p.speaker!.name;
      const page = out.pages.findIndex((pg) =>
        pg.lines.some((l) => l.kind === 'title' && l.line.text === p.speakerLine),
      );
      assert.ok(page >= 0, `${name} has a heading: its speaker line as the transcript prints it`);
      headings.push(p.speakerLine!);
      const flat = (list: TypesetDocument['outline']): TypesetDocument['outline'] =>
        list.flatMap((o) => [o, ...flat(o.children)]);
      assert.ok(
        flat(out.outline).some((o) => o.title === name && o.page === page),
        `${name} has a bookmark`,
      );
      // (the text fits on one page, which gets no contents page: each talk on its own page has one)
      const paged = typeset(file, { partBreak: 'page' }).out;
      const contents = paged.pages.filter((pg) => pg.kind === 'contents').flatMap((pg) => pg.lines);
      assert.ok(
        contents.some((l) => l.line.text.startsWith(name)),
        `${name} is in the contents`,
      );
    }
  }
  // page mode: the untitled talk opens its own page, and the page after it is headed by its name
  const { out } = typeset(fx('source', 'newspaper.txt'), { partBreak: 'page' });
  assert.deepEqual(headings, ['张红梅（东山镇党委书记）', '——西河乡乡长 赵卫东', '郭敏（南山镇镇长）']);
  const opening = out.pages.find((p) => flowLines(p)[0]?.line.text === '郭敏（南山镇镇长）');
  assert.ok(opening, '郭敏 opens a page');
  assert.equal(opening.lines.filter((l) => l.kind === 'header').length, 0, 'no running head where a part opens');
});

test('parts run on by default: no body page but a part’s last is less than half full (A4, ISO-B5, A5)', () => {
  for (const paper of ['A4', 'ISO-B5', 'A5'] as const) {
    for (const file of FORUMS) {
      const { out } = typeset(file, { paper });
      const g = pageGeometry(paper, 12);
      const body = out.pages.filter((p) => p.kind === 'body');
      body.forEach((p, i) => {
        if (i === body.length - 1) return; // the document's last page: the last part's last page
        const lines = flowLines(p);
        const bottom = Math.max(...lines.map((l) => l.y));
        const fill = (bottom - g.top) / g.blockHeight;
        assert.ok(fill >= 0.5, `${file} ${paper} body page ${i + 1} only ${(fill * 100).toFixed(0)} % full`);
      });
      // a part heading never ends a page: a body line of its part follows on the same page
      for (const p of body) {
        const lines = flowLines(p);
        const lastTitle = lines.findLastIndex((l) => l.kind === 'title');
        if (lastTitle >= 0)
          assert.ok(
            lines.slice(lastTitle + 1).some((l) => l.kind === 'body'),
            'keep-with-next',
          );
      }
    }
  }
});

test('a short last part is not pushed to a page of its own: forum-mixed on B5 is one body page, without contents', () => {
  const doc = readDocument(fx('source', 'forum-mixed.txt'));
  const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root);
  const geometry = pageGeometry('ISO-B5', 10.5);
  const out = typesetHandout(parseHandoutMarkdown(md), {
    geometry,
    fonts: chains,
    documentTitle: doc.meta.title,
    style: handoutStyle(geometry),
  });
  // the last talk (heading, byline, one line) fits at the foot; it used to take a second body page,
  // and with it a contents page and its blank verso (5 pages)
  assert.deepEqual(
    out.pages.map((p) => p.kind),
    ['cover', 'blank', 'body'],
  );
});

test('partBreak page: each part opens a page; auto never uses more paper, and less over the forums', () => {
  const bodies = (d: TypesetDocument) => d.pages.filter((p) => p.kind === 'body').length;
  let autoTotal = 0;
  let pageTotal = 0;
  for (const file of FORUMS) {
    const auto = typeset(file).out;
    const page = typeset(file, { partBreak: 'page' }).out;
    for (const p of page.pages.filter((x) => x.kind === 'body')) {
      const titles = p.lines.filter((l) => l.kind === 'title');
      if (titles.length) assert.equal(flowLines(p)[0]!.kind, 'title', 'a part heading stands at the top');
    }
    assert.ok(bodies(auto) <= bodies(page), `${file}: ${bodies(auto)} <= ${bodies(page)}`);
    autoTotal += bodies(auto);
    pageTotal += bodies(page);
  }
  assert.ok(autoTotal < pageTotal, `${autoTotal} < ${pageTotal}`);
  const auto = typeset(SAMPLE).out;
  // a running-on part has a rule above its heading
  const runOn = auto.pages.find(
    (p) => p.kind === 'body' && flowLines(p)[0]?.kind === 'body' && p.lines.some((l) => l.kind === 'title'),
  )!;
  assert.ok(runOn.rules.some((r) => r.kind === 'rule' && r.y > runOn.lines.find((l) => l.kind === 'body')!.y));
});

test('the cover carries series, title, subtitle and date; its verso is blank; contents open on a right-hand page', () => {
  const doc = readDocument(SAMPLE);
  const s = { ...settings, handout: { ...settings.handout, date: '2021年7月', organiser: '中共广安市委组织部' } };
  const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, s), root);
  const g = pageGeometry('A4', 12);
  const out = typesetHandout(parseHandoutMarkdown(md), { geometry: g, fonts: chains, documentTitle: doc.meta.title });
  const cover = out.pages[0]!.lines.map((l) => l.line.text);
  assert.deepEqual(cover, [
    '賨州论坛',
    '广安适应新时代新发展',
    '提升乡镇党政正职履职能力',
    '中共广安市委组织部',
    '2021年7月',
  ]);
  assert.equal(out.pages[1]!.kind, 'blank');
  const contents = out.pages.findIndex((p) => p.kind === 'contents');
  assert.equal(contents % 2, 0, 'a right-hand page (odd page number)');
  const firstBody = out.pages.find((p) => p.kind === 'body')!;
  assert.equal(firstBody.folio, '1');
});

test('a salutation and a closing are set flush left; body paragraphs keep their 2 em indent', () => {
  const { out } = typeset(fx('source', 'lecture.txt'));
  const g = pageGeometry('A4', 12);
  const lines = out.pages.flatMap((p) => p.lines.filter((l) => l.kind === 'body'));
  for (const text of ['同志们：', '谢谢大家！']) {
    const l = lines.find((x) => x.line.text === text)!;
    assert.ok(l, text);
    assert.ok(Math.abs(l.left + l.line.runs[0]!.glyphs[0]!.x - g.left) < 0.01, `${text} flush left`);
  }
  const first = lines.find((l) => l.index === 0 && l.line.text.length > 10)!;
  assert.ok(Math.abs(first.line.runs[0]!.glyphs[0]!.x - 24) < 0.01, 'a body paragraph starts 2 em in');
});

test('host and guest lines form a smaller credits block of their own, as printed and where the transcript has them', () => {
  const { out } = typeset(SAMPLE);
  const credits = out.pages.flatMap((p) => p.lines.filter((l) => l.kind === 'credits'));
  assert.deepEqual(
    credits.map((l) => l.line.text),
    ['主持人：卢琴 刘毓然', '嘉宾：沈振宇 吴志高 朱军华 杨旭 刘政'],
  );
  // brackets and mixed separators kept (【主持人】王　强, 林晓峰　郭　敏、欧阳明辉; ，between names)
  const lines = (file: string) =>
    typeset(file).out.pages.flatMap((p) => p.lines.filter((l) => l.kind === 'credits' || l.kind === 'body'));
  const paper = lines(fx('source', 'newspaper.txt')).map((l) => l.line.text.replace(/\s+/g, ''));
  assert.deepEqual(
    paper.filter((t) => t.startsWith('【主持人】') || t.startsWith('【嘉宾】')),
    ['【主持人】王强', '【嘉宾】林晓峰郭敏、欧阳明辉'],
  );
  // forum-mixed has them under the title, before the opening's text; the sample after it
  const mixed = lines(fx('source', 'forum-mixed.txt')).map((l) => [l.kind, l.line.text.replace(/\s+/g, '')]);
  assert.deepEqual(mixed.slice(0, 3), [
    ['credits', '主持人：王海燕、陈立'],
    ['credits', '嘉宾：李建国，张红梅，赵卫东，孙丽'],
    ['body', '本期论坛围绕乡村振兴，邀请四位基层干部谈经验。'],
  ]);
  const sample = lines(SAMPLE);
  const firstCredit = sample.findIndex((l) => l.kind === 'credits');
  assert.ok(sample[firstCredit - 1]!.line.text.endsWith('交流成果。'), 'after the opening part, as in the sample');
  for (const l of credits) assert.ok(l.line.runs[0]!.size < 12, 'smaller than the body');
  assert.ok(Math.abs(credits[1]!.y - credits[0]!.y - 12 * 1.6 * 0.875) < 0.6, 'its own line spacing');
});

test('settings: punctuation by Chinese or ASCII name, partBreak auto|page, from flags; a bad value names the flag', () => {
  const s = loadSettings(root, { punctuation: '开明', partBreak: 'page' }, {});
  assert.equal(s.handout.punctuation, 'kaiming');
  assert.equal(s.handout.partBreak, 'page');
  assert.equal(loadSettings(root, { punctuation: 'banjiao' }, {}).handout.punctuation, 'banjiao');
  assert.deepEqual([settings.handout.punctuation, settings.handout.partBreak], ['quanjiao', 'auto'], 'defaults');
  assert.throws(
    () => loadSettings(root, { partBreak: 'sometimes' }, {}),
    (e: Error & { format(): string }) => /^--part-break: is "sometimes" — use auto or page/.test(e.format()),
  );
});

test('one rule for run-in leads: every parallel lead of the sample is bold (规划先行。, 心中有党，, 当好…首先要“修正气”。)', () => {
  const { out } = typeset(SAMPLE);
  const bold = chains.bodyBold[0]!.path;
  const lines = out.pages.flatMap((p) => p.lines.filter((l) => l.kind === 'body' && l.index === 0));
  const boldPrefix = (l: (typeof lines)[number]) =>
    l.line.runs
      .filter((r) => r.font === bold)
      .flatMap((r) => r.glyphs.map((g) => g.text))
      .join('');
  for (const lead of [
    '规划先行。',
    '当好乡镇党委书记，首先要“修正气”。',
    '当好乡镇党委书记，还要强队伍。',
    '心中有党，',
    '心中有民，',
    '心中有责，',
    '心中有戒，',
    '始终保持学习实践之心。',
  ]) {
    const l = lines.find((x) => x.line.text.startsWith(lead.slice(0, 6)))!;
    assert.ok(l, lead);
    assert.ok(boldPrefix(l).startsWith(lead.slice(0, 4)), `${lead} is bold: got 「${boldPrefix(l)}」`);
  }
  // a refrain is not a lead; nothing else in the sample is bold
  assert.deepEqual(parallelLeads(['五年来，甲。', '五年来，乙。', '五年来，丙。']), ['', '', '']);
  assert.deepEqual(
    parallelLeads(['心中有党，甲乙丙。', '心中有民，丁戊。']),
    ['', ''],
    'two sharing two characters are not enough',
  );
});

test('the cover takes series and occasion from the text when the settings give none', () => {
  const doc = readDocument(SAMPLE);
  doc.meta.series = '';
  doc.metadata = [
    { line: 1, label: 'series', text: '賨州论坛第三期' },
    { line: 2, label: 'occasion', text: '在全市乡镇党政正职培训班上的交流发言' },
  ];
  const data = handoutTemplateData(doc, settings);
  assert.equal(data.series, '賨州论坛第三期');
  assert.equal(data.occasion, '在全市乡镇党政正职培训班上的交流发言');
  const cover = parseHandoutMarkdown(renderTemplate('handout.md.hbs', data, root)).find((b) => b.kind === 'cover');
  assert.ok(cover?.kind === 'cover');
  assert.deepEqual(cover.above, ['賨州论坛第三期']);
  assert.deepEqual(cover.lines, ['在全市乡镇党政正职培训班上的交流发言']);
});
