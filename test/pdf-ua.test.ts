// PDF/UA-1: the handout passes a named subset of the Matterhorn Protocol (test/pdf-ua.ts: tagged and
// artefact content, ParentTree, structure types, heading levels, Lang, DisplayDocTitle, XMP title and
// pdfuaid, embedded fonts with ToUnicode, Tabs, figure Alt) on every fixture; veraPDF's PDF/UA-1
// profile as well when a `verapdf` is on the PATH (none can be installed on the build machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings } from '../src/settings';
import { Timer } from '../src/pipeline/timer';
import { makeHandout } from '../src/handout/stage';
import { readDocument } from '../src/source';
import { HANDOUT_FIXTURES } from './helpers';
import { matterhorn } from './pdf-ua';

const root = fileURLToPath(new URL('..', import.meta.url));
const fonts = new FontSet(loadFontConfig(root));
const qpdf = spawnSync('qpdf', ['--version']).error === undefined;
const verapdf = spawnSync('verapdf', ['--version']).error === undefined;

async function handoutPdf(file: string, paper = 'A4'): Promise<string> {
  const out = await makeHandout(readDocument(file), loadSettings(root, { paper }, {}), fonts, new Timer());
  const pdf = join(mkdtempSync(join(tmpdir(), 'lectern-ua-')), 'handout.pdf');
  writeFileSync(pdf, out.pdf);
  return pdf;
}

test('every fixture passes the Matterhorn subset (A4; the lecture with skipped numbering levels also on A5)', {
  skip: !qpdf && 'qpdf not installed',
}, async () => {
  const pdfs = [
    ...(await Promise.all(HANDOUT_FIXTURES.map((f) => handoutPdf(f)))),
    await handoutPdf(HANDOUT_FIXTURES[4]!, 'A5'),
  ];
  for (const pdf of pdfs) {
    const checks = matterhorn(pdf);
    for (const c of checks) assert.deepEqual(c.failures, [], `${pdf}: ${c.id} ${c.what}`);
    const examined = (id: string) => checks.find((c) => c.id === id)!.examined;
    // every tagged line paints at least one run: as many painting operators as marked-content ids, or more
    assert.ok(examined('01-002') >= 4, 'marked-content ids were looked at');
    assert.ok(examined('01-005') >= examined('01-002'), 'painting operators were looked at');
    assert.ok(examined('14-003') >= 1, 'headings were looked at');
    assert.ok(examined('31-009') >= 2, 'fonts were looked at');
  }
});

test('the lecture’s 一、 → （一） → （1） headings are tagged H2 → H3 → H4 (no skipped level), 二、 and 一点体会 H2 again', {
  skip: !qpdf && 'qpdf not installed',
}, async () => {
  const doc = readDocument(HANDOUT_FIXTURES[4]!);
  assert.deepEqual(
    doc.parts.map((p) => p.level),
    [1, 1, 2, 4, 1, 1],
    'the fixture skips level 3',
  );
  const pdf = await handoutPdf(HANDOUT_FIXTURES[4]!);
  const text = spawnSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-']).stdout.toString('latin1');

  const roles = [...text.matchAll(/\/S \/(H\d)\b/g)].map((m) => m[1]);
  assert.deepEqual(roles, ['H1', 'H2', 'H3', 'H4', 'H2', 'H2']);
});

test('the Matterhorn subset is not an empty look: an untagged PDF fails it', {
  skip: !qpdf && 'qpdf not installed',
}, async () => {
  const doc = new PDFDocument({ compress: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.text('untagged');
  doc.end();
  await done;
  const pdf = join(mkdtempSync(join(tmpdir(), 'lectern-ua-')), 'plain.pdf');
  writeFileSync(pdf, Buffer.concat(chunks));
  const failed = new Set(
    matterhorn(pdf)
      .filter((c) => c.failures.length > 0)
      .map((c) => c.id),
  );
  for (const id of ['01-001', '01-005', '06-002', '07-001', '11-006']) assert.ok(failed.has(id), `${id} fails`);
});

test('veraPDF PDF/UA-1 profile passes (when veraPDF is installed)', {
  skip: !verapdf && 'verapdf not on the PATH',
}, async () => {
  for (const file of HANDOUT_FIXTURES) {
    const pdf = await handoutPdf(file);
    const r = spawnSync('verapdf', ['--flavour', 'ua1', '--format', 'text', pdf], { encoding: 'utf8' });
    assert.match(r.stdout, /^PASS /m, `${file}: ${r.stdout}`);
  }
});
