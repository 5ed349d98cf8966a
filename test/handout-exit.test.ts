// W3 (a paragraph's exit line is full or clearly short) and the speaker line set as a credit, on every
// fixture, on A4, B5 and A5 and in every punctuation style: from the engine's pages, and from the PDF
// read back with pdftotext -bbox-layout against the real text block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings, type Settings } from '../src/settings';
import { handoutFonts, handoutTemplateData, makeHandout } from '../src/handout/stage';
import { parseHandoutMarkdown } from '../src/handout/parse';
import { renderTemplate } from '../src/templates';
import { readDocument } from '../src/source';
import { Timer } from '../src/pipeline/timer';
import {
  handoutStyle,
  pageGeometry,
  PUNCTUATION_STYLES,
  typesetHandout,
  type PaperName,
  type PunctuationStyle,
} from '../src/typeset';
import { HANDOUT_FIXTURES } from './helpers';

const root = fileURLToPath(new URL('..', import.meta.url));
const fontSet = new FontSet(loadFontConfig(root));
const { chains, byPath } = handoutFonts(fontSet);
const PAPERS: PaperName[] = ['A4', 'ISO-B5', 'A5'];
const poppler = spawnSync('pdftotext', ['-v']).error === undefined;

function settingsFor(paper: PaperName, punctuation: PunctuationStyle): Settings {
  const s = loadSettings(root, { paper }, {});
  return { ...s, handout: { ...s.handout, punctuation } };
}

/** Where a line's last glyph box ends on the page (x plus the font's advance, as a viewer boxes it). */
const boxEnd = (left: number, run: { font: string; size: number; glyphs: { id: number; x: number }[] }) => {
  const g = run.glyphs.at(-1)!;
  const f = byPath.get(run.font)!.font;
  return left + g.x + (f.getGlyph(g.id).advanceWidth / f.unitsPerEm) * run.size;
};

/** The speaker lines printed under a part's title (bylines), as the handout gives them. */
function bylinesOf(doc: ReturnType<typeof readDocument>, settings: Settings): string[] {
  const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root);
  return parseHandoutMarkdown(md).flatMap((b) => (b.kind === 'chapter' && b.byline && b.title ? [b.byline] : []));
}

test('W3 from the engine: every exit line meets the measure or leaves ≥ 3 em; bylines smaller than the body', () => {
  let exits = 0;
  let full = 0;
  let bylines = 0;
  for (const file of HANDOUT_FIXTURES)
    for (const paper of PAPERS)
      for (const punctuation of PUNCTUATION_STYLES) {
        const settings = settingsFor(paper, punctuation);
        const doc = readDocument(file);
        const blocks = parseHandoutMarkdown(renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root));
        const g = pageGeometry(settings.handout.paper, settings.handout.bodySize);
        const style = handoutStyle(g, { punctuation });
        const out = typesetHandout(blocks, { geometry: g, fonts: chains, documentTitle: doc.meta.title, style });
        const where = `${basename(file)} ${paper} ${punctuation}`;
        const lines = out.pages.flatMap((p) => p.lines);
        for (const l of lines) {
          if (l.kind !== 'body' || !l.last || l.line.runs.length === 0) continue;
          exits++;
          const right = l.left + g.measure;
          const short = right - boxEnd(l.left, l.line.runs.at(-1)!);
          if (Math.abs(l.line.end - g.measure) < 0.01 && l.index > 0) full++;
          // full: the last glyph's box meets (or, a trimmed mark, passes) the edge
          assert.ok(
            short <= 0.01 || short >= 3 * g.size - 0.01,
            `${where}: exit line 「${l.line.text}」 ends ${short.toFixed(1)} pt short of the measure`,
          );
        }
        const wanted = new Set(bylinesOf(doc, settings));
        for (const l of lines.filter((x) => x.kind === 'title' && wanted.has(x.line.text))) {
          bylines++;
          for (const r of l.line.runs) assert.equal(r.size, style.part.byline.size, `${where}: byline size`);
          assert.ok(style.part.byline.size < g.size, 'a byline is smaller than the body');
          const mid = (l.line.start + l.line.end) / 2;
          assert.ok(Math.abs(mid - g.measure / 2) < 0.01, `${where}: byline 「${l.line.text}」 centred`);
        }
      }
  assert.ok(exits > 800 && full > 20, `${exits} exit lines checked, ${full} set full`);
  assert.ok(bylines >= 9 * 10, `${bylines} bylines checked`);
});

interface BoxLine {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Visual lines of each page: pdftotext's words grouped by baseline, as pdf-report reads them. */
function boxLines(pdf: string): BoxLine[][] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return xml
    .split('<page ')
    .slice(1)
    .map((page) => {
      const rows = new Map<number, BoxLine>();
      for (const m of page.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      )) {
        const [x0, y0, x1, y1] = m.slice(1, 5).map(Number) as [number, number, number, number];
        const key = [...rows.keys()].find((k) => Math.abs(k - y1) < 1) ?? y1;
        const r = rows.get(key);
        if (!r) rows.set(key, { text: m[5]!, x0, x1, y0, y1 });
        else {
          r.text = x0 < r.x0 ? m[5]! + r.text : r.text + m[5]!;
          r.x0 = Math.min(r.x0, x0);
          r.x1 = Math.max(r.x1, x1);
          r.y0 = Math.min(r.y0, y0);
        }
      }
      return [...rows.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    });
}

test('W3 from the PDF: no paragraph ends just short of the text block; bylines read back smaller', {
  skip: !poppler && 'poppler-utils not installed',
}, async () => {
  let exits = 0;
  let bylines = 0;
  // the fixtures whose one-page texts showed a just-short exit or a body-size byline (A4, B5, A5)
  const files = HANDOUT_FIXTURES.filter((f) =>
    /(forum-mixed|forum-noguests|newspaper|wrapped|guangan-township-forum)\.txt$/.test(f),
  );
  for (const file of files)
    for (const paper of PAPERS)
      for (const punctuation of PUNCTUATION_STYLES) {
        const settings = settingsFor(paper, punctuation);
        const doc = readDocument(file);
        const g = pageGeometry(settings.handout.paper, settings.handout.bodySize);
        const out = await makeHandout(doc, settings, fontSet, new Timer());
        const pdf = join(mkdtempSync(join(tmpdir(), 'lectern-exit-')), 'handout.pdf');
        writeFileSync(pdf, out.pdf);
        const where = `${basename(file)} ${paper} ${punctuation}`;
        const right = g.left + g.measure;
        const indentX = g.left + 2 * g.size;
        for (const page of boxLines(pdf)) {
          // body lines: starting at the block's left edge or its 2 em indent, at the body's line height
          const isBodyX = (l: BoxLine) => Math.abs(l.x0 - g.left) < 0.1 || Math.abs(l.x0 - indentX) < 0.1;
          const heights = page.filter(isBodyX).map((l) => Math.round((l.y1 - l.y0) * 10));
          const h = heights.sort(
            (a, b) => heights.filter((x) => x === b).length - heights.filter((x) => x === a).length,
          )[0];
          if (h === undefined) continue;
          const body = (l: BoxLine | undefined) =>
            l !== undefined && isBodyX(l) && Math.round((l.y1 - l.y0) * 10) === h;
          page.forEach((l, i) => {
            const next = page[i + 1];
            // a paragraph ends where the next body line opens at the indent
            if (!body(l) || !body(next) || Math.abs(next!.x0 - indentX) >= 0.1) return;
            exits++;
            const short = right - l.x1;
            assert.ok(
              short <= 0.5 || short >= 3 * g.size - 0.01,
              `${where}: 「${l.text}」 ends ${short.toFixed(1)} pt short of the text block`,
            );
          });
          for (const b of bylinesOf(doc, settings)) {
            const l = page.find((x) => x.text === b.replace(/\s+/g, ''));
            if (!l) continue;
            bylines++;
            assert.ok(l.y1 - l.y0 < h / 10 - 0.6, `${where}: byline 「${l.text}」 is smaller than the body`);
          }
        }
      }
  assert.ok(exits > 200, `${exits} paragraph ends read back`);
  assert.ok(bylines >= 9 * 3, `${bylines} bylines read back`);
});
