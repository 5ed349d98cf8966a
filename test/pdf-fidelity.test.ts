// The handout prints what the transcript says: every line of every fixture reads back from the PDF
// (pdftotext, as a reader copies it) in order and whole — host/guest lines with their brackets and the
// names' separators, speaker lines as printed (——职务 姓名, 姓名（职务）), 【编者按】 and 编者按： markers,
// the series line 【賨州论坛】. Page furniture may come between two lines, nothing may be missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadSettings, settingsForDocument } from '../src/settings';
import { Timer } from '../src/pipeline/timer';
import { handoutFonts, handoutTemplateData, makeHandout } from '../src/handout/stage';
import { parseHandoutMarkdown } from '../src/handout/parse';
import { renderTemplate } from '../src/templates';
import { readDocument } from '../src/source';
import { pageGeometry, typesetHandout } from '../src/typeset';
import { RUN_IN_HEADING_BLOCK } from '../src/typeset/flow';
import { HANDOUT_FIXTURES } from './helpers';

const root = fileURLToPath(new URL('..', import.meta.url));
const fonts = new FontSet(loadFontConfig(root));
const fx = (...p: string[]) => join(root, 'test', 'fixtures', ...p);
const pdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

const FIXTURES = HANDOUT_FIXTURES;

/**
 * Where `want` (no spaces) reads in `text` from `from` on: an occurrence of its first characters
 * followed by all of it in order within its length plus room for a page's running head and folio.
 */
function findLine(text: string, want: string, from: number): number {
  const head = want.slice(0, Math.min(4, want.length));
  for (let start = text.indexOf(head, from); start >= 0; start = text.indexOf(head, start + 1)) {
    let at = start;
    let ok = true;
    for (const ch of want) {
      at = text.indexOf(ch, at);
      if (at < 0 || at - start > want.length + 80) {
        ok = false;
        break;
      }
      at += ch.length;
    }
    if (ok) return start;
  }
  return -1;
}

for (const paper of ['A4', 'A5'] as const) {
  test(`every fixture (${paper}): each transcript line reads back from the PDF whole and in order`, {
    skip: !pdftotext && 'poppler-utils not installed',
  }, async () => {
    const settings = loadSettings(root, { paper }, {});
    for (const file of FIXTURES) {
      const out = await makeHandout(readDocument(file), settings, fonts, new Timer());
      const pdf = join(mkdtempSync(join(tmpdir(), 'lectern-fidelity-')), 'handout.pdf');
      writeFileSync(pdf, out.pdf);
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      let from = 0;
      for (const line of readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)) {
        const want = line.replace(/\s+/g, '');
        if (!want) continue;
        const at = findLine(text, want, from);
        assert.ok(at >= 0, `${file}: missing or out of order: ${want.slice(0, 30)}`);
        from = at;
      }
    }
  });
}

test('an opening marker that shares its line (【编者按】…, 编者按：…) is the bold run-in lead and the part’s H1', () => {
  const { chains } = handoutFonts(fonts);
  const settings = loadSettings(root, {}, {});
  const bold = new Set(chains.bodyBold.map((f) => f.path));
  for (const [file, marker] of [
    [fx('source', 'newspaper.txt'), '【编者按】'],
    [fx('source', 'forum-noguests.txt'), '编者按：'],
  ] as const) {
    const doc = readDocument(file);
    assert.equal(doc.parts[0]!.title, '编者按');
    assert.equal(doc.parts[0]!.titleAsWritten, marker);
    const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root);
    const out = typesetHandout(parseHandoutMarkdown(md), {
      geometry: pageGeometry('A4', 12),
      fonts: chains,
      documentTitle: doc.meta.title,
    });
    const body = out.pages.find((p) => p.kind === 'body')!;
    const lead = body.lines.find((l) => l.block !== null && l.block >= RUN_IN_HEADING_BLOCK)!;
    assert.ok(lead, `${file}: the marker is a line part of its own structure element`);
    assert.equal(lead.line.text, marker);
    assert.ok(
      lead.line.runs.every((r) => bold.has(r.font)),
      'set in bold',
    );
    assert.ok(!body.lines.some((l) => l.kind === 'title' && l.line.text === '编者按'), 'no heading line besides');
    assert.ok(
      out.structure.some((n) => n.id === lead.block && n.role === 'H1'),
      'the marker is the part’s H1 in the structure tree',
    );
    assert.equal(out.outline[0]!.title, '编者按', 'bookmarked under its title');
  }
});

test('the cover prints the date line as the transcript does (（一九四八年四月一日）, ——…在…会议上)', () => {
  const { chains } = handoutFonts(fonts);
  for (const [name, date] of [
    ['10-mao-jinsui-cadres.txt', '（一九四八年四月一日）'],
    ['02-guangdong-gov-report.txt', '——2026年1月26日在广东省第十四届人民代表大会第五次会议上'],
  ] as const) {
    const doc = readDocument(join(root, 'test', 'corpus', 'texts', name));
    assert.equal(doc.meta.dateAsWritten, date);
    // the settings a build uses: the document's own date is in them (front-matter layer)
    const settings = settingsForDocument(loadSettings(root, {}, {}), doc);
    const md = renderTemplate('handout.md.hbs', handoutTemplateData(doc, settings), root);
    const out = typesetHandout(parseHandoutMarkdown(md), {
      geometry: pageGeometry('A4', 12),
      fonts: chains,
      documentTitle: doc.meta.title,
    });
    const cover = out.pages[0]!.lines.map((l) => l.line.text).join('');
    assert.ok(cover.replace(/\s+/g, '').includes(date), `${name}: ${cover}`);
  }
  // a date set in lectern.json, front matter or --date still wins
  const doc = readDocument(join(root, 'test', 'corpus', 'texts', '10-mao-jinsui-cadres.txt'));
  const flagged = settingsForDocument(loadSettings(root, { date: '1948年4月' }, {}), doc);
  assert.equal(handoutTemplateData(doc, flagged).date, '1948年4月');
});
