// Page rules on the paginated data: headings kept with what follows, W2 (no lone first or last paragraph
// line at a page's foot or head), running header and page numbers, contents page numbers, geometry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import { defaultBodySize, pageGeometry, PAPER_SIZES, type PaperName } from '../src/typeset/geometry';
import { typesetHandout } from '../src/typeset/document';
import type { HandoutBlock } from '../src/handout/parse';
import type { Page, TypesetDocument } from '../src/typeset/types';
import { handoutFonts } from '../src/handout/stage';

const root = fileURLToPath(new URL('..', import.meta.url));
const { chains } = handoutFonts(new FontSet(loadFontConfig(root)));

const lineText = (p: Page, kind: string) => p.lines.filter((l) => l.kind === kind).map((l) => l.line.text);
/** Contents entries: structure elements of the contents lines (an entry's text and its number share one). */
const contentsEntries = (doc: TypesetDocument) =>
  new Set(doc.pages.flatMap((p) => p.lines.filter((l) => l.kind === 'contents').map((l) => l.block))).size;
const countOutline = (list: TypesetDocument['outline']): number =>
  list.reduce((n, o) => n + 1 + countOutline(o.children), 0);

/** A long synthetic handout: chapters and sections with paragraphs of many lengths, so page breaks fall everywhere. */
function syntheticBlocks(seed: number): HandoutBlock[] {
  const blocks: HandoutBlock[] = [
    { kind: 'cover', title: '测试讲义', subtitle: '', above: ['賨州论坛'], lines: [] },
    { kind: 'contents', title: '目录' },
  ];
  const sentence = '乡镇党委书记要具备为民意识、全局意识和底线意识，要肩负重任干大事，为党分忧、为民解愁。';
  for (let c = 0; c < 3; c++) {
    blocks.push(
      { kind: 'newpage' },
      { kind: 'chapter', title: `第${c + 1}讲 标题`, subtitle: '副标题', byline: '某某镇党委书记 张三' },
    );
    for (let s = 0; s < 4; s++) {
      blocks.push({ kind: 'heading', level: 1 + (s % 2), text: `${'一二三四'[s]}、小标题` });
      for (let k = 0; k < 5; k++) {
        const n = 1 + ((seed * 7 + c * 5 + s * 3 + k * 11) % 9);
        blocks.push({ kind: 'paragraph', text: sentence.repeat(n).slice(0, 20 + n * 37), lead: 0 });
      }
    }
  }
  return blocks;
}

function checkPages(doc: TypesetDocument, pitch: number) {
  doc.pages.forEach((page, pi) => {
    const body = page.lines.filter((l) => l.kind === 'body');
    if (body.length > 0) {
      // W2 at the head: a continued paragraph brings at least two lines, or it is not its last line alone.
      const first = body[0]!;
      const sameFirst = body.filter((l) => l.paragraph === first.paragraph);
      if (first.index > 0)
        assert.ok(sameFirst.length >= 2, `page ${pi + 1} starts with a lone last line: ${first.line.text}`);
      // W2 at the foot: a paragraph that goes on leaves at least two lines here.
      const last = body.at(-1)!;
      const sameLast = body.filter((l) => l.paragraph === last.paragraph);
      if (!last.last) assert.ok(sameLast.length >= 2, `page ${pi + 1} ends with a lone first line: ${last.line.text}`);
      // consecutive lines of a paragraph are one pitch apart
      for (let i = 1; i < body.length; i++) {
        if (body[i]!.paragraph === body[i - 1]!.paragraph)
          assert.ok(Math.abs(body[i]!.y - body[i - 1]!.y - pitch) < 0.01);
      }
    }
    // headings keep with at least two following lines, unless those are all their part has (the next
    // page opens another part, or nothing follows)
    if (page.lines.some((l) => l.kind === 'cover' || l.kind === 'contents')) return;
    const isFlow = (l: Page['lines'][number]) => l.kind === 'body' || l.kind === 'heading' || l.kind === 'title';
    const flow = page.lines.filter(isFlow);
    const nextFlow = doc.pages[pi + 1]?.lines.find(isFlow);
    const partEndsHere = (!nextFlow || nextFlow.kind === 'title') && flow.at(-1)?.last === true;
    flow.forEach((l, i) => {
      if (l.kind === 'body') return;
      const after = flow.slice(i + 1);
      if (after.some((x) => x.kind !== 'body')) return;
      assert.ok(
        after.length >= 2 || (partEndsHere && after.length > 0),
        `page ${pi + 1}: heading "${l.line.text}" at the foot with ${after.length} lines after it`,
      );
    });
  });
}

test('W2 and keep-with-next hold wherever the page breaks fall', () => {
  const g = pageGeometry('A4', 12);
  let pages = 0;
  for (let seed = 0; seed < 24; seed++) {
    const doc = typesetHandout(syntheticBlocks(seed), { geometry: g, fonts: chains, documentTitle: '测试讲义' });
    checkPages(doc, g.pitch);
    pages += doc.pages.length;
  }
  assert.ok(pages > 40, `${pages} pages checked`);
});

test('front matter as books: blank cover verso, contents on a right-hand page, body numbered from 1, heads only on body pages', () => {
  const g = pageGeometry('A4', 12);
  const doc = typesetHandout(syntheticBlocks(1), { geometry: g, fonts: chains, documentTitle: '测试讲义' });
  assert.deepEqual(
    doc.pages.slice(0, 3).map((p) => p.kind),
    ['cover', 'blank', 'contents'],
  );
  assert.equal(doc.pages[1]!.lines.length, 0, 'the cover verso is blank');
  const firstBody = doc.pages.findIndex((p) => p.kind === 'body');
  doc.pages.forEach((p, i) => {
    if (p.kind !== 'body') {
      assert.equal(p.folio, '', `front page ${i + 1} has no folio`);
      assert.equal(lineText(p, 'header').length, 0, `front page ${i + 1} has no running head`);
      return;
    }
    const folio = String(i - firstBody + 1);
    assert.equal(p.folio, folio);
    assert.deepEqual(lineText(p, 'footer'), [`— ${folio} —`]);
    const opens = p.lines.find((l) => l.kind !== 'header' && l.kind !== 'footer');
    if (opens?.kind === 'title') assert.equal(lineText(p, 'header').length, 0, 'no running head where a part opens');
    else assert.equal(lineText(p, 'header').length, 1, `body page ${folio} has a running head`);
    for (const l of p.lines.filter((x) => x.kind === 'body')) {
      assert.ok(l.y > g.top && l.y <= g.top + g.blockHeight, 'baseline inside the text block');
      for (const r of l.line.runs)
        for (const gl of r.glyphs)
          assert.ok(l.left + gl.x >= g.left - 0.01 && l.left + gl.x + gl.advance <= g.left + g.measure + 0.01);
    }
  });
  // left-hand pages carry the document's title, right-hand pages the part in force at the page's top
  const heads = doc.pages.map((p, i) => ({ i, head: lineText(p, 'header')[0] })).filter((h) => h.head);
  assert.ok(heads.some((h) => h.i % 2 === 1 && h.head === '测试讲义'));
  assert.ok(heads.some((h) => h.i % 2 === 0 && /第\d讲 标题|、小标题/.test(h.head!)));
  for (const h of heads) if (h.i % 2 === 1) assert.equal(h.head, '测试讲义');
});

test('the contents page lists every part and section with its body folio; contents = bookmarks = parts', () => {
  const g = pageGeometry('A4', 12);
  const doc = typesetHandout(syntheticBlocks(2), { geometry: g, fonts: chains, documentTitle: '测试讲义' });
  const contents = doc.pages.find((p) => p.kind === 'contents')!;
  const firstBody = doc.pages.findIndex((p) => p.kind === 'body');
  const entries = contents.lines.filter((l) => l.kind === 'contents');
  for (let c = 1; c <= 3; c++) {
    const title = `第${c}讲 标题`;
    const actual = doc.pages.findIndex((p) => lineText(p, 'title').includes(title)) - firstBody + 1;
    const entry = entries.find((l) => l.line.text.startsWith(title))!;
    assert.ok(entry, `entry for ${title}`);
    assert.ok(entry.line.text.includes('张三'), 'the speaker is named');
    const number = entries.find((l) => l !== entry && Math.abs(l.y - entry.y) < 0.01)!;
    assert.equal(number.line.text, String(actual));
    // the number ends at the right edge, with dot leaders between
    assert.ok(Math.abs(number.left + number.line.end - (g.left + g.measure)) < 0.01);
    assert.ok(contents.rules.some((r) => r.kind === 'dots' && Math.abs(r.y - entry.y) < 3));
  }
  // 3 parts with 4 sections each: 15 parts, 15 contents entries, 15 bookmarks (sections nested)
  const parts = syntheticBlocks(2).filter((b) => b.kind === 'chapter' || b.kind === 'heading').length;
  assert.equal(contentsEntries(doc), parts);
  assert.equal(doc.outline.length, 3);
  assert.equal(countOutline(doc.outline), parts);
  assert.ok(doc.outline.every((o) => o.children.length >= 2));
});

test('geometry: the text block is a whole number of characters wide and lines high, centred', () => {
  for (const paper of Object.keys(PAPER_SIZES) as PaperName[]) {
    for (const size of [12, 10.5]) {
      const g = pageGeometry(paper, size);
      assert.equal(g.measure, g.chars * size);
      assert.ok(Math.abs(g.left * 2 + g.measure - g.width) < 0.02);
      assert.ok(g.top > size * 2 && g.top + g.blockHeight < g.height - size * 3);
    }
    // at the size that suits the paper (12 pt on A4, 10.5 pt on A5 and 32开: 12 pt on 32开 gives 23)
    assert.ok(pageGeometry(paper, defaultBodySize(paper)).chars >= 24, paper);
  }
  assert.equal(pageGeometry('A4', 12).chars, 38);
});

test('a heading near the foot of a page moves on with its paragraph', () => {
  const g = pageGeometry('A4', 12);
  const sentence = '乡镇党委书记要具备为民意识、全局意识和底线意识，要肩负重任干大事，为党分忧、为民解愁。';
  for (const [k, long] of [g.lines - 5, g.lines - 4, g.lines - 3, g.lines - 2, g.lines - 1, g.lines].flatMap((k) =>
    [2, 3, 4].map((n) => [k, sentence.repeat(n)] as const),
  )) {
    const blocks: HandoutBlock[] = [{ kind: 'newpage' }];
    for (let i = 0; i < k; i++) blocks.push({ kind: 'paragraph', text: '短段落。', lead: 0 });
    blocks.push({ kind: 'heading', level: 2, text: '（一）小标题' }, { kind: 'paragraph', text: long, lead: 0 });
    const doc = typesetHandout(blocks, { geometry: g, fonts: chains, documentTitle: '测试' });
    checkPages(doc, g.pitch);
    const headingPage = doc.pages.findIndex((p) => p.lines.some((l) => l.kind === 'heading'));
    const firstBodyOfLong = doc.pages.findIndex((p) =>
      p.lines.some((l) => l.kind === 'body' && l.line.text.startsWith('乡镇')),
    );
    assert.equal(headingPage, firstBodyOfLong, `k=${k}`);
  }
});

test('a part keeps part.minLines lines with its heading, but never more than it has: a one-line talk completes at the foot', () => {
  const g = pageGeometry('A4', 12);
  const sentence = '乡镇党委书记要具备为民意识、全局意识和底线意识，要肩负重任干大事，为党分忧、为民解愁。';
  let pulledBack = 0;
  for (let k = g.lines - 9; k <= g.lines - 2; k++)
    for (const [lines, text] of [
      [1, '党建引领是我们的法宝。'],
      [4, sentence.repeat(4)],
    ] as const) {
      const blocks: HandoutBlock[] = [{ kind: 'chapter', title: '第一讲', subtitle: '', byline: '' }];
      for (let i = 0; i < k; i++) blocks.push({ kind: 'paragraph', text: '短段落。', lead: 0 });
      blocks.push({ kind: 'chapter', title: '第二讲', subtitle: '', byline: '讲者 孙丽' });
      blocks.push({ kind: 'paragraph', text, lead: 0 });
      const doc = typesetHandout(blocks, { geometry: g, fonts: chains, documentTitle: '测试' });
      checkPages(doc, g.pitch);
      const body = doc.pages.filter((p) => p.kind === 'body');
      const headingPage = body.findIndex((p) => p.lines.some((l) => l.line.text === '第二讲'));
      const bodyLines = body[headingPage]!.lines.filter((l) => l.kind === 'body' && !l.line.text.startsWith('短'));
      // the heading never ends a page with fewer lines under it than min(minLines, the part's lines)
      assert.ok(bodyLines.length >= Math.min(3, lines), `k=${k} ${lines}: ${bodyLines.length} lines under the heading`);
      if (lines === 1 && headingPage === 0) pulledBack++;
    }
  // the one-line talk stays on the first page where heading and one line fit, not only where three would
  assert.ok(pulledBack >= 2, `${pulledBack} placements of the one-line talk at the foot of page 1`);
});

test('a contents list longer than a page runs on, and the page numbers still point at the chapters', () => {
  const g = pageGeometry('A4', 12);
  const blocks: HandoutBlock[] = [
    { kind: 'cover', title: '长目录', subtitle: '', above: [], lines: [] },
    { kind: 'contents', title: '目录' },
  ];
  for (let c = 1; c <= 45; c++) {
    blocks.push({ kind: 'newpage' }, { kind: 'chapter', title: `第${c}讲`, subtitle: '', byline: `讲者 张${c}` });
    blocks.push({ kind: 'paragraph', text: '正文内容。'.repeat(20), lead: 0 });
  }
  const doc = typesetHandout(blocks, { geometry: g, fonts: chains, documentTitle: '长目录' });
  const contentsPages = doc.pages.filter((p) => p.lines.some((l) => l.kind === 'contents'));
  assert.ok(contentsPages.length >= 2, `${contentsPages.length} contents pages`);
  const entries = contentsPages.flatMap((p) => p.lines.filter((l) => l.kind === 'contents'));
  for (const c of [1, 20, 45]) {
    const entry = entries.find((l) => l.line.text.startsWith(`第${c}讲`))!;
    const page = contentsPages.find((p) => p.lines.includes(entry))!;
    const number = page.lines.find((l) => l.kind === 'contents' && l !== entry && Math.abs(l.y - entry.y) < 0.01)!;
    const physical = doc.pages.findIndex((p) => p.lines.some((l) => l.kind === 'title' && l.line.text === `第${c}讲`));
    assert.equal(number.line.text, doc.pages[physical]!.folio, `第${c}讲`);
    assert.equal(doc.outline[c - 1]!.page, physical, 'bookmark page');
  }
  checkPages(doc, g.pitch);
});
