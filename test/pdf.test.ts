// The PDF writer draws exactly what the engine decided: positions read back with pdftotext match the
// engine's, fonts are embedded subsets with ToUnicode, metadata and outline are there, builds repeat
// byte for byte. Checks that need poppler are skipped where it is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings } from '../src/settings';
import { Timer } from '../src/pipeline/timer';
import { handoutFonts, handoutTemplateData } from '../src/handout/stage';
import { parseHandoutMarkdown } from '../src/handout/parse';
import { renderTemplate } from '../src/templates';
import { pageGeometry } from '../src/typeset/geometry';
import { typesetHandout } from '../src/typeset/document';
import { clearCaches } from '../src/cache';
import { writePdf } from '../src/pdf/write';
import { readDocument } from '../src/source';
import type { TypesetDocument } from '../src/typeset/types';

const root = fileURLToPath(new URL('..', import.meta.url));
const fontSet = new FontSet(loadFontConfig(root));
const settings = loadSettings(root, {}, {});
const has = (tool: string) => spawnSync(tool, ['-v']).error === undefined;
const poppler = has('pdftotext') && has('pdffonts') && has('pdfinfo');

function build(file: string, paper: 'A4' | 'ISO-B5' | 'A5' = 'A4'): { typeset: TypesetDocument; pdf: Promise<Buffer> } {
  const doc = readDocument(file);
  const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root);
  const { chains, byPath } = handoutFonts(fontSet);
  const typeset = typesetHandout(parseHandoutMarkdown(md), {
    geometry: pageGeometry(paper, 12),
    fonts: chains,
    documentTitle: doc.meta.title,
  });
  const pdf = writePdf(typeset, byPath, {
    title: doc.meta.title,
    subject: 's',
    author: 'a',
    keywords: 'k',
    date: settings.creationDate,
  });
  return { typeset, pdf };
}

const SAMPLE = join(root, 'content', 'guangan-township-forum.txt');
const { byPath } = handoutFonts(fontSet);
const natural = (font: string, id: number) => {
  const f = byPath.get(font)!.font;
  return f.getGlyph(id).advanceWidth / f.unitsPerEm;
};
const MIXED = join(root, 'test', 'fixtures', 'handout', 'mixed-text.txt');

function writeTemp(buf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lectern-pdf-')), 'handout.pdf');
  writeFileSync(file, buf);
  return file;
}

test('two builds of the same input give byte-identical PDFs', async () => {
  clearCaches();
  const a = await build(SAMPLE).pdf;
  const b = await build(SAMPLE).pdf; // font files from the cache
  assert.ok(a.length > 10000);
  assert.ok(a.equals(b));
  clearCaches();
  assert.ok(a.equals(await build(SAMPLE).pdf));
  const { makeHandout } = await import('../src/handout/stage');
  const c = await makeHandout(readDocument(SAMPLE), settings, fontSet, new Timer());
  const d = await makeHandout(readDocument(SAMPLE), settings, fontSet, new Timer());
  assert.ok(c.pdf.equals(d.pdf));
  // the creation date is the configured one, never the clock
  const text = c.pdf.toString('latin1');
  const stamp = settings.creationDate.toISOString().slice(0, 10).replace(/-/g, '');
  const ref = (key: string) => new RegExp(`/${key} (\\d+) 0 R`).exec(text)?.[1];
  const value = (key: string) => new RegExp(`\\n${ref(key)} 0 obj\\n\\(([^)]*)\\)`).exec(text)?.[1];
  assert.equal(value('CreationDate'), `D:${stamp}000000Z`, 'CreationDate from the settings');
  assert.equal(value('ModDate'), `D:${stamp}000000Z`, 'ModDate from the settings');
  assert.equal(value('Creator'), 'lectern');
});

test('metadata, language and outline are written', async () => {
  const buf = await build(SAMPLE).pdf;
  const raw = buf.toString('latin1');
  assert.match(raw, /\/Lang \(zh-CN\)/);
  assert.match(raw, /\/Outlines \d+ 0 R/);
  assert.match(raw, /\/DisplayDocTitle true/);
  assert.match(raw, /\/Title \d+ 0 R/);
  assert.match(raw, /\/Subject \d+ 0 R/);
});

test("x positions read back from the PDF are the engine's", {
  skip: !poppler && 'poppler-utils not installed',
}, async () => {
  for (const file of [SAMPLE, MIXED]) {
    const { typeset, pdf } = build(file);
    const path = writeTemp(await pdf);
    const xml = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const pages = xml.split('<page ').slice(1);
    assert.equal(pages.length, typeset.pages.length);
    let words = 0;
    pages.forEach((pxml, pi) => {
      const page = typeset.pages[pi]!;
      // every glyph's start and end on the page, by line
      const lines = page.lines.map((l) => {
        // A viewer takes a glyph's box from its font width (character spacing is not part of it), so a
        // word may end at the glyph's natural end or where the engine's advance takes the pen.
        const gl = l.line.runs.flatMap((r) =>
          r.glyphs.map((g) => ({
            x: l.left + g.x,
            end: l.left + g.x + g.advance,
            natural: l.left + g.x + natural(r.font, g.id) * r.size,
          })),
        );
        return { y: l.y, starts: gl.map((g) => g.x), ends: gl.flatMap((g) => [g.end, g.natural]) };
      });
      for (const m of pxml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)) {
        const [xMin, yMin, xMax, yMax] = m.slice(1, 5).map(Number) as [number, number, number, number];
        const onBaseline = lines.filter((l) => l.y >= yMin && l.y <= yMax + 0.01);
        assert.ok(onBaseline.length > 0, `page ${pi + 1}: a word at y ${yMin}–${yMax} that the engine did not place`);
        const line = { starts: onBaseline.flatMap((l) => l.starts), ends: onBaseline.flatMap((l) => l.ends) };
        const near = (xs: number[], x: number) => xs.some((v) => Math.abs(v - x) < 0.02);
        assert.ok(near(line.starts, xMin), `page ${pi + 1}: word starts at ${xMin}, no glyph of the engine does`);
        assert.ok(near(line.ends, xMax), `page ${pi + 1}: word ends at ${xMax}, no glyph of the engine does`);
        words++;
      }
    });
    assert.ok(words > 100, `${words} words compared`);
  }
});

test('every font is embedded, subset, with ToUnicode; the text reads back in full', {
  skip: !poppler && 'poppler-utils not installed',
}, async () => {
  const path = writeTemp(await build(SAMPLE, 'ISO-B5').pdf);
  const rows = execFileSync('pdffonts', [path], { encoding: 'utf8' }).trim().split('\n').slice(2);
  assert.ok(rows.length >= 3);
  for (const r of rows) {
    const cols = r.trim().split(/\s+/);
    assert.deepEqual(cols.slice(-5, -2), ['yes', 'yes', 'yes'], r);
    assert.match(cols[0]!, /^[A-Z]{6}\+/);
  }
  const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  const source = readFileSync(SAMPLE, 'utf8').replace(/^\uFEFF/, '');
  for (const line of source.split(/\r?\n/)) {
    // every line as written, the host and guest lines too (their separators as the transcript has them)
    const want = Array.from(line.replace(/\s+/g, ''));
    if (want.length === 0) continue;
    // In order, allowing only a page break's running header and folio in between.
    const start = text.indexOf(want.slice(0, 16).join(''));
    assert.ok(start >= 0, `missing: ${want.slice(0, 30).join('')}`);
    let at = start;
    for (const ch of want) {
      at = text.indexOf(ch, at);
      assert.ok(at >= 0, `missing ${ch} in: ${want.slice(0, 30).join('')}`);
      at += ch.length;
    }
    assert.ok(at - start <= want.join('').length + 80, `not contiguous: ${want.slice(0, 30).join('')}`);
  }
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  assert.match(info, /Creator:\s+lectern/);
  assert.match(info, /Page size:\s+498\.9 x 708\.66/);
});
