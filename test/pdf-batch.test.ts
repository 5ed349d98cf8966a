// The handout writer hands pdfkit each page's content operators as one chunk (batched-content,
// src/vendor/pdfkit.ts): the same bytes as pdfkit writing them one by one — checked against unpatched
// pdfkit on a document with what the writer uses (paths, marked content left open at a page's end,
// several pages, a bytes chunk) — and the real writer does batch (counted), so the test fails when the
// patch is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import PDFDocument from 'pdfkit';
import { batchContentWrites, contentBatching, recordContent } from '../src/vendor/pdfkit';
import { leaderDotsForTests, leaderReuse } from '../src/pdf/write';
import { makeHandout } from '../src/handout/stage';
import { documentFromBytes } from '../src/source';
import { settingsForDocument } from '../src/settings';
import { Timer, type Phase } from '../src/pipeline/timer';
import { FontTables } from '../src/fonts/tables';
import { readFileSync } from 'node:fs';
import { clearCaches } from '../src/cache';
import { VendorPatchError } from '../src/vendor/patch';
import { buildDocument } from '../src/pipeline';
import { loadSettings } from '../src/settings';
import { FontSet, loadFontConfig } from '../src/fonts';
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root, sample, tempDir } from './helpers';

async function drawn(batched: boolean): Promise<Buffer> {
  const date = new Date(Date.UTC(2026, 0, 1));
  const pdf = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    tagged: true,
    info: { Title: '论坛', CreationDate: date, ModDate: date },
  });
  if (batched) batchContentWrites(pdf);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  const add = (pdf as unknown as { addContent(d: string | Uint8Array): void }).addContent.bind(pdf);
  for (let p = 0; p < 3; p++) {
    pdf.addPage({ size: [300, 400], margin: 0 });
    pdf.fillColor([0, 0, 0, 100]).strokeColor([0, 0, 0, 100]);
    pdf.markContent('Artifact', { type: 'Layout' });
    pdf
      .moveTo(10, 20 + p)
      .lineTo(200, 20 + p)
      .lineWidth(0.5)
      .stroke();
    for (let i = 0; i < 20; i++) pdf.circle(10 + i * 2.4, 50, 0.3);
    pdf.fill();
    pdf.endMarkedContent();
    pdf.save();
    pdf.transform(1, 0, 0, -1, 0, 400);
    add('BT');
    add(`1 0 0 1 ${10 + p} 300 Tm`);
    add(Buffer.from('% raw bytes\n', 'latin1'));
    add('ET');
    pdf.restore();
    // left open: pdfkit closes it when the page ends (its own EMC, written after the page's operators)
    pdf.markContent('Span');
  }
  pdf.end();
  return done;
}

test('batched content writes give the bytes of unpatched pdfkit', async () => {
  const before = { ...contentBatching };
  const plain = await drawn(false);
  const batched = await drawn(true);
  assert.ok(contentBatching.operators - before.operators > 100, 'nothing went through the batch');
  assert.ok(batched.equals(plain), 'batched content differs from pdfkit writing each operator');
});

test("the handout writer writes each page's content as a few chunks", async () => {
  const dir = tempDir('lectern-batch-');
  try {
    const settings = loadSettings(root, {}, process.env, () => {});
    const before = { ...contentBatching };
    await buildDocument(sample, join(dir, 'out'), settings, new FontSet(loadFontConfig(root)));
    const pdf = join(dir, 'out', 'guangan-township-forum', 'handout.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    const operators = contentBatching.operators - before.operators;
    const chunks = contentBatching.chunks - before.chunks;
    assert.ok(chunks > 0 && chunks <= 2 * pages, `${chunks} chunks for ${pages} pages`);
    assert.ok(operators >= 20 * chunks, `only ${operators} operators in ${chunks} chunks`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('batched-content throws when pdfkit no longer has what it relies on', () => {
  const isPatchError = (e: unknown) => e instanceof VendorPatchError && e.patch === 'batched-content';
  assert.throws(() => batchContentWrites({ addContent() {} } as never), isPatchError); // no flushPages
  // a page without write(): found when the first batch is written
  const doc = { page: {}, addContent(_: string) {}, flushPages() {} };
  batchContentWrites(doc as never);
  doc.addContent('q');
  assert.throws(() => doc.flushPages(), isPatchError);
  // recording needs the batched writes
  assert.throws(() => recordContent(new PDFDocument(), () => {}), isPatchError);
});

test("a glyph's advance is read from its font once a document, at its first use, not for every glyph drawn", async () => {
  // FontTables.advance is four calls deep (~1,100 instructions a glyph at V8's baseline tier)
  const text = readFileSync(sample, 'utf8');
  const base = loadSettings(root, {}, process.env, () => {});
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  let inPdf = false;
  class PdfPhase extends Timer {
    override async timeAsync<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
      inPdf = phase === 'pdf';
      try {
        return await super.timeAsync(phase, fn);
      } finally {
        inPdf = false;
      }
    }
  }
  const proto = FontTables.prototype;
  const advance = proto.advance;
  let reads = 0;
  const read = new Map<FontTables, Set<number>>();
  proto.advance = function (this: FontTables, gid: number) {
    if (inPdf) {
      reads++;
      if (!read.has(this)) read.set(this, new Set());
      read.get(this)!.add(gid);
    }
    return advance.call(this, gid);
  };
  clearCaches();
  try {
    await makeHandout(doc, settingsForDocument(base, doc, text), new FontSet(loadFontConfig(root)), new PdfPhase());
  } finally {
    proto.advance = advance;
  }
  const glyphs = [...read.values()].reduce((n, ids) => n + ids.size, 0);
  assert.ok(glyphs > 500, `${glyphs} glyphs drawn`);
  assert.equal(reads, glyphs);
});

test("leader dots are written as pdfkit's circle() writes them, without its drawing calls", async () => {
  // the same operators as pdfkit's own circle (its ellipse's arithmetic and number formatting)
  const pdf = new PDFDocument({ autoFirstPage: false, compress: false });
  batchContentWrites(pdf);
  pdf.addPage({ size: [300, 400], margin: 0 });
  for (const [start, step, count, y, radius] of [
    [100, 1.2, 40, 712.345678, 0.3],
    [57.123456789, 1.8, 7, 88.8, 0.45],
    [0.1, 4 / 3, 3, 1 / 3, 1 / 6],
    [-2.5, 0.7, 0, -10.0000005, 0.175],
  ] as const) {
    const byPdfkit = recordContent(pdf, () => {
      for (let i = 0; i <= count; i++) pdf.circle(start + i * step, y, radius);
    });
    assert.equal(leaderDotsForTests.dotOperators(start, step, count, y, radius), byPdfkit);
  }
  // and the writer draws the sample's contents page without it
  const text = readFileSync(sample, 'utf8');
  const base = loadSettings(root, {}, process.env, () => {});
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  const proto = PDFDocument.prototype as unknown as { circle(...args: number[]): unknown };
  const circle = proto.circle;
  let circles = 0;
  proto.circle = function (this: unknown, ...args: number[]) {
    circles++;
    return circle.apply(this, args);
  };
  clearCaches(); // every row drawn, none written again from the memo
  const before = { ...leaderReuse };
  try {
    await makeHandout(doc, settingsForDocument(base, doc, text), new FontSet(loadFontConfig(root)), new Timer());
  } finally {
    proto.circle = circle;
  }
  assert.ok(leaderReuse.drawn - before.drawn >= 3, 'the sample has a contents page with leader dots');
  assert.equal(circles, 0);
});

test("a contents page's leader dots are drawn once, then written again as recorded: the same bytes", async () => {
  const text = readFileSync(sample, 'utf8');
  const base = loadSettings(root, {}, process.env, () => {});
  const fonts = new FontSet(loadFontConfig(root));
  const handout = async () => {
    const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
    return (await makeHandout(doc, settingsForDocument(base, doc, text), fonts, new Timer())).pdf;
  };
  clearCaches(); // the first handout draws every row through pdfkit
  const first = await handout();
  const before = { ...leaderReuse };
  const second = await handout();
  const reused = leaderReuse.reused - before.reused;
  assert.ok(reused >= 3, `only ${reused} rows of leader dots reused (the sample's contents page has more)`);
  assert.equal(leaderReuse.drawn, before.drawn, 'a row was drawn again');
  assert.ok(Buffer.from(second).equals(Buffer.from(first)), 'the second handout differs from the first');
});
