// L1 (src/typeset/README.md): a run's last page holding a few lines is saved by setting one or two of
// its paragraphs a line shorter with their own shrink (looseness −1), never beyond the house style.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings } from '../src/settings';
import { handoutFonts, handoutTemplateData } from '../src/handout/stage';
import { parseHandoutMarkdown } from '../src/handout/parse';
import { renderTemplate } from '../src/templates';
import { readDocument } from '../src/source';
import {
  handoutStyle,
  type HandoutStyle,
  pageGeometry,
  type PaperName,
  type PunctuationStyle,
  typesetHandout,
} from '../src/typeset';
import { layoutParagraph, type ParagraphStyle } from '../src/typeset/paragraph';
import type { TypesetDocument } from '../src/typeset/types';

const root = fileURLToPath(new URL('..', import.meta.url));
const { chains } = handoutFonts(new FontSet(loadFontConfig(root)));
const LECTURE = join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt');
const SAMPLE = join(root, 'content', 'guangan-township-forum.txt');
const MARK = /^[，。、；：？！“”‘’（）《》]$/u;
const HAN = /^[\u4e00-\u9fff]$/u;

function typeset(
  file: string,
  paper: PaperName,
  punctuation: PunctuationStyle,
  change: (s: HandoutStyle) => void = () => {},
): TypesetDocument {
  const settings = loadSettings(root, { paper }, {});
  const doc = readDocument(file);
  const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root);
  const g = pageGeometry(settings.handout.paper, settings.handout.bodySize);
  const style = handoutStyle(g, { punctuation });
  change(style);
  return typesetHandout(parseHandoutMarkdown(md), { geometry: g, fonts: chains, documentTitle: doc.meta.title, style });
}
const withoutL1 = (s: HandoutStyle) => {
  s.spill = { paragraphs: 0, lines: 0 };
};

/** Body paragraphs by their text, with their line counts, in reading order */
function paragraphLines(out: TypesetDocument): Map<string, number> {
  const lines = out.pages.flatMap((p) => p.lines.filter((l) => l.kind === 'body'));
  const byParagraph = new Map<number, string[]>();
  for (const l of lines) {
    if (!byParagraph.has(l.paragraph)) byParagraph.set(l.paragraph, []);
    byParagraph.get(l.paragraph)!.push(l.line.text);
  }
  return new Map([...byParagraph.values()].map((ls) => [ls.join(''), ls.length]));
}

test('L1: the lecture on A5 saves its last page (11 % full) by setting two paragraphs a line shorter', () => {
  for (const punctuation of ['quanjiao', 'kaiming'] as const) {
    const before = typeset(LECTURE, 'A5', punctuation, withoutL1);
    const after = typeset(LECTURE, 'A5', punctuation);
    assert.equal(after.pages.length, before.pages.length - 1, `${punctuation}: a page saved`);
    // the same paragraphs, at most two of them one line shorter, none longer
    const a = paragraphLines(before);
    const b = paragraphLines(after);
    assert.deepEqual([...b.keys()], [...a.keys()]);
    const shorter = [...a].filter(([t, n]) => b.get(t) !== n);
    assert.ok(shorter.length >= 1 && shorter.length <= 2, `${punctuation}: ${shorter.length} paragraphs changed`);
    for (const [t, n] of shorter) assert.equal(b.get(t), n - 1, t.slice(0, 12));
  }
});

test('L1 with parts on pages of their own: the sample on B5 ends two talks a line shorter instead of on a page of one line', () => {
  for (const punctuation of ['quanjiao', 'kaiming'] as const) {
    const before = typeset(SAMPLE, 'ISO-B5', punctuation, (s) => {
      s.partBreak = 'page';
      withoutL1(s);
    });
    const after = typeset(SAMPLE, 'ISO-B5', punctuation, (s) => {
      s.partBreak = 'page';
    });
    assert.equal(before.pages.length, 11);
    assert.equal(after.pages.length, 9, `${punctuation}: two pages saved`);
  }
});

test('L1 stays within the house style: every pair of marks at its width, every line inside the measure', () => {
  for (const punctuation of ['quanjiao', 'kaiming'] as const) {
    const allowed = punctuation === 'quanjiao' ? 1.5 : 1;
    const measure = (paper: PaperName) => {
      const h = loadSettings(root, { paper }, {}).handout;
      return pageGeometry(h.paper, h.bodySize).measure;
    };
    let pairs = 0;
    const lecture = typeset(LECTURE, 'A5', punctuation).pages.map((p) => ({ p, measure: measure('A5') }));
    const sample = typeset(SAMPLE, 'ISO-B5', punctuation, (s) => {
      s.partBreak = 'page';
    }).pages.map((p) => ({ p, measure: measure('ISO-B5') }));
    for (const { p: page, measure: m } of [...lecture, ...sample])
      for (const l of page.lines) {
        if (l.kind !== 'body') continue;
        const gs = l.line.runs.flatMap((r) => r.glyphs);
        const size = l.line.runs[0]!.size;
        assert.ok(l.line.end <= m + 0.01, l.line.text);
        // stretch between two Han characters, if the line has any, is not part of a pair's width
        const gaps: number[] = [];
        for (let i = 0; i + 1 < gs.length; i++)
          if (HAN.test(gs[i]!.text) && HAN.test(gs[i + 1]!.text)) gaps.push(gs[i + 1]!.x - gs[i]!.x - size);
        const stretch = gaps.length ? Math.max(0, Math.min(...gaps)) : 0;
        for (let i = 0; i + 2 < gs.length; i++) {
          const [x, y, z] = [gs[i]!, gs[i + 1]!, gs[i + 2]!];
          if (!MARK.test(x.text) || !MARK.test(y.text) || !HAN.test(z.text)) continue;
          const width = (z.x - x.x - stretch) / size;
          assert.ok(width <= allowed + 0.01, `${punctuation}: 「${x.text}${y.text}」 ${width.toFixed(3)} em`);
          pairs++;
        }
      }
    assert.ok(pairs > 5, `${punctuation}: ${pairs} pairs measured`);
  }
});

test('L1 on one paragraph: a line shorter with its punctuation compressed, or as usual when it cannot', () => {
  const text = readFileSync(LECTURE, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('产业兴旺是解决农村一切问题的前提'))!
    .trim();
  const g = pageGeometry('A5', 10.5);
  const style: ParagraphStyle = {
    fonts: chains.body,
    size: g.size,
    indent: 2 * g.size,
    exitGap: 3 * g.size,
    align: 'justify',
    punctuation: 'quanjiao',
  };
  const usual = layoutParagraph({ text }, style, g.measure).lines;
  const tight = layoutParagraph({ text, maxLines: usual.length - 1 }, style, g.measure).lines;
  assert.equal(tight.length, usual.length - 1);
  assert.equal(tight.map((l) => l.text).join(''), usual.map((l) => l.text).join(''));
  // justified: every line but the last meets the measure, none passes it
  for (const l of tight.slice(0, -1)) assert.ok(Math.abs(l.end - g.measure) < 0.01, l.text);
  // a text without marks to compress cannot lose a line: set as usual
  const han = '乡村振兴战略是党作出的重大决策部署是决胜全面建成小康社会全面建设社会主义现代化国家的重大历史任务'.repeat(
    2,
  );
  const plain = layoutParagraph({ text: han }, style, g.measure).lines;
  const notTighter = layoutParagraph({ text: han, maxLines: plain.length - 1 }, style, g.measure).lines;
  assert.deepEqual(
    notTighter.map((l) => l.text),
    plain.map((l) => l.text),
  );
});

test('L1 leaves a long last page alone: the sample keeps its 9 pages and its lines on A4', () => {
  const out = typeset(SAMPLE, 'A4', 'quanjiao');
  assert.equal(out.pages.length, 9);
  assert.deepEqual([...paragraphLines(out)], [...paragraphLines(typeset(SAMPLE, 'A4', 'quanjiao', withoutL1))]);
});
