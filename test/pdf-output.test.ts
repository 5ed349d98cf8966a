// pdfkit's output is gathered (src/vendor/pdfkit.ts, `gatherOutput`): the strings it writes between two
// streams' bytes become one buffer, instead of each being converted character by character and pushed
// through its stream as a chunk of its own. The file must be the bytes unpatched pdfkit writes — for a
// document with what the handout has (tagged structure, outline, a CJK title, compressed page streams,
// an embedded font, several pages) — and the handout writer must gather (counted), so the test fails
// when the patch is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { gatherOutput, outputGathering } from '../src/vendor/pdfkit';
import { VendorPatchError } from '../src/vendor/patch';
import { FontSet, loadFontConfig } from '../src/fonts';
import { handoutFonts, makeHandout } from '../src/handout/stage';
import { Timer } from '../src/pipeline/timer';
import { loadSettings, settingsForDocument } from '../src/settings';
import { documentFromBytes } from '../src/source';
import { root, sample } from './helpers';

const fonts = new FontSet(loadFontConfig(root));

async function drawn(gathered: boolean): Promise<Buffer> {
  const date = new Date(Date.UTC(2026, 0, 1));
  const pdf = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    tagged: true,
    displayTitle: true,
    lang: 'zh-CN',
    info: { Title: '论坛（第一期）', Author: 'ä\\()', CreationDate: date, ModDate: date },
  });
  let done: Promise<Buffer>;
  if (gathered) {
    done = gatherOutput(pdf);
  } else {
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  }
  const body = handoutFonts(fonts).chains.body[0]!;
  pdf.registerFont('body', body.font as unknown as string);
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  for (let p = 0; p < 3; p++) {
    pdf.addPage({ size: [300, 400], margin: 0 });
    const para = pdf.struct('P');
    root.add(para);
    const content = pdf.markStructureContent('P');
    pdf
      .font('body')
      .fontSize(12)
      .text(`第${p + 1}页 ABC 论坛`, 20, 40 + p);
    pdf.endMarkedContent();
    para.add(content);
    para.end();
    pdf
      .moveTo(10, 20)
      .lineTo(200, 20 + p)
      .stroke();
    pdf.outline.addItem(`第${p + 1}节`);
  }
  root.end();
  pdf.end();
  return done;
}

test('gathered output is byte for byte what pdfkit writes through its stream', async () => {
  const plain = await drawn(false);
  const gathered = await drawn(true);
  assert.ok(plain.length > 5000, `${plain.length} bytes`);
  assert.ok(gathered.equals(plain), 'the gathered file differs from pdfkit’s own');
});

test('the handout writer gathers pdfkit’s output into a few buffers', async () => {
  const base = loadSettings(root, {}, process.env, () => {});
  const text = readFileSync(sample, 'utf8');
  const doc = documentFromBytes(Buffer.from(text), 'talk.txt');
  const before = { ...outputGathering };
  await makeHandout(doc, settingsForDocument(base, doc, text), fonts, new Timer());
  const writes = outputGathering.writes - before.writes;
  const buffers = outputGathering.buffers - before.buffers;
  assert.ok(writes > 300 && buffers * 4 < writes, `${writes} pieces written as ${buffers} buffers`);
});

test('gathered-output throws when pdfkit no longer writes through _write, push and _offset', () => {
  const isPatchError = (e: unknown) => e instanceof VendorPatchError && /gathered-output/.test(String(e));
  const pdf = new PDFDocument({ autoFirstPage: false }) as unknown as { _write?: unknown };
  pdf._write = undefined;
  assert.throws(() => gatherOutput(pdf as never), isPatchError);
});
