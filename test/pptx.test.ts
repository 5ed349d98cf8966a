// The editable PowerPoint deck (--slides-pptx): text runs in the theme's font, sizes and colours,
// no pictures, the presenter notes, slide numbers and footer; LibreOffice renders it with nothing
// outside its box; the same input and SOURCE_DATE_EPOCH give the same bytes (slides.pptx and the
// browser-printed slides.pdf).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readThemeMetrics } from '../src/deck';
import { readZip } from '../src/pptx';
import { lectern, root, sample, tempDir } from './helpers';

const EPOCH = '1700000000';
/** Builds the sample with the given flags; Chromium hidden unless asked for, to show PPTX needs none. */
function build(flags: string[], env: NodeJS.ProcessEnv = { CHROME_PATH: '/nonexistent/chromium' }): string {
  const out = tempDir();
  const r = lectern(['build', sample, '--out', out, '--quiet', ...flags], {
    env: { SOURCE_DATE_EPOCH: EPOCH, ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /pptx/, 'no warning about the pptx');
  return join(out, 'guangan-township-forum');
}

const docOut = build(['--slides-pptx']);
const pptx = readFileSync(join(docOut, 'slides.pptx'));
const entries = new Map(readZip(pptx).map((e) => [e.name, e.data.toString('utf8')]));
const slideXml = (n: number): string => entries.get(`ppt/slides/slide${n}.xml`)!;
const runs = (xml: string): string[] => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]!);
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
// slides.md marks line breaks (<wbr>, <br>) and punctuation kerning (<span>) for slides.html: text only here
const slidesMd = readFileSync(join(docOut, 'slides.md'), 'utf8').replace(/<[^>\n]+>/g, '');
const slideCount = slidesMd.split(/^---$/m).length - 2; // front matter fences

test('slides.pptx is text, not pictures: every headline and bullet of slides.md as runs, in the theme’s font, sizes and colours', () => {
  const slides = [...entries.keys()].filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
  assert.equal(slides.length, slideCount, 'one PowerPoint slide per Marp slide');
  assert.deepEqual(
    [...entries.keys()].filter((n) => n.startsWith('ppt/media/') && !n.endsWith('/')),
    [],
    'no images',
  );
  const allText = slides.map((n) => runs(entries.get(n)!).map(unescapeXml).join(''));
  for (const m of slidesMd.matchAll(/^## (.+)$/gm)) {
    const headline = m[1]!.replace(/\\/g, '');
    assert.ok(
      allText.some((t) => t.includes(headline)),
      `headline ${headline}`,
    );
  }
  for (const m of slidesMd.matchAll(/^(?:- |# )(?:\*\*(.+?)\*\*)?(.+)$/gm)) {
    const bullet = `${m[1] ?? ''}${m[2]!}`.replace(/\\|\*\*/g, '');
    assert.ok(
      allText.some((t) => t.includes(bullet)),
      `bullet ${bullet}`,
    );
  }
  for (const n of slides) assert.doesNotMatch(entries.get(n)!, /<p:pic>/);

  // a key-point slide in the theme's sizes (px × 0.75 pt; OOXML sizes in 1/100 pt): headline bold in the
  // heading colour, bullets, exact line spacing
  const m = readThemeMetrics(readFileSync(join(root, 'templates', 'themes', 'lectern.css'), 'utf8'));
  const hundredths = (px: number) => Math.round(px * 75);
  const kp = slideXml(5);
  assert.match(
    kp,
    new RegExp(`<a:rPr [^>]*sz="${hundredths(m.headlineSize)}"[^>]*b="1"[^>]*>[\\s\\S]*?<a:srgbClr val="8E2A22"`),
  );
  assert.match(kp, /<a:buChar /, 'a bullet list');
  assert.match(kp, new RegExp(`sz="${hundredths(m.bodySize)}"`));
  assert.match(kp, new RegExp(`<a:spcPts val="${hundredths(m.bodySize * m.bodyLeading)}"/>`), 'exact line spacing');
  assert.match(kp, /<a:ea typeface="Noto Sans SC"/, 'the slide font, for Chinese text too');
  assert.match(kp, /<a:t>沈振宇 · 賨州论坛<\/a:t>/, 'the footer: speaker · series');
  assert.match(kp, /type="sldNum"/, 'a slide number');
  assert.doesNotMatch(slideXml(1), /type="sldNum"/, 'none on the title slide');
  // the agenda: one line per talk with its own number, no bullet (as the theme's agenda class)
  assert.match(slideXml(2), /<a:buNone\/>/);
  assert.match(runs(slideXml(2)).join(''), /议程1\. 立足新发展阶段/);
});

test('the presenter notes carry the full text of each key point', () => {
  const notes = [...entries.entries()]
    .filter(([n]) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n))
    .map(([, x]) => runs(x).map(unescapeXml).join(''))
    .join('\n');
  const transcript = readFileSync(sample, 'utf8');
  const first = transcript
    .split('\n')
    .find((l) => l.startsWith('乡镇党委书记既是'))!
    .trim();
  assert.ok(notes.includes(first.slice(0, 60)), 'the first talk’s first paragraph is in the notes');
});

test('slides.pptx and slides.pdf are reproducible from SOURCE_DATE_EPOCH', () => {
  const again = readFileSync(join(build(['--slides-pptx']), 'slides.pptx'));
  assert.ok(pptx.equals(again), 'same bytes twice');
  assert.match(entries.get('docProps/core.xml')!, /<dcterms:created[^>]*>2023-11-14T22:13:20Z<\/dcterms:created>/);
  assert.match(entries.get('docProps/core.xml')!, /<dcterms:modified[^>]*>2023-11-14T22:13:20Z<\/dcterms:modified>/);
  // every zip entry dated 2023-11-14 22:13:20 (DOS date fields, 2-second steps)
  const dosDate = ((2023 - 1980) << 9) | (11 << 5) | 14;
  const dosTime = (22 << 11) | (13 << 5) | (20 >> 1);
  let p = 0;
  let count = 0;
  while ((p = pptx.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), p)) >= 0) {
    assert.equal(pptx.readUInt16LE(p + 10), dosTime);
    assert.equal(pptx.readUInt16LE(p + 12), dosDate);
    count++;
    p += 4;
  }
  assert.equal(count, entries.size);

  const chromium = '/usr/bin/chromium';
  if (!existsSync(chromium)) return;
  const pdfs = [1, 2].map((i) =>
    readFileSync(join(build(['--slides-pdf', '--force'], { CHROME_PATH: chromium, i: String(i) }), 'slides.pdf')),
  );
  assert.ok(pdfs[0]!.equals(pdfs[1]!), 'slides.pdf: same bytes twice');
  const info = execFileSync('pdfinfo', ['-isodates', '-'], { input: pdfs[0], encoding: 'utf8' });
  assert.match(info, /CreationDate:\s+2023-11-14T22:13:20/);
  assert.match(info, /ModDate:\s+2023-11-14T22:13:20/);
});

const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

test('LibreOffice renders slides.pptx with every text inside its slide and above the footer', {
  skip: soffice ? false : 'needs soffice (apt-get install libreoffice-impress; .ci/run does)',
  timeout: 600_000,
}, (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // a profile of its own: another LibreOffice running (a user, a parallel test) would take the conversion
  const r = spawnSync(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      join(docOut, 'slides.pptx'),
    ],
    { encoding: 'utf8', timeout: 540_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const pdf = join(dir, 'slides.pdf');
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  const pages = html.split('<page ').slice(1);
  assert.equal(pages.length, slideCount);
  // the theme's geometry in PDF points (1280×720 px → 960×540 pt)
  const scale = 0.75;
  const contentBottom = (720 - 88) * scale;
  const footerTop = (720 - 30 - 20 * 1.4) * scale;
  const problems: string[] = [];
  pages.forEach((page, i) => {
    const [, w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(page)!;
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)) {
      const [x0, y0, x1, y1] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
      const word = m[5]!;
      if (x0 < 0 || y0 < 0 || x1 > Number(w) + 0.5 || y1 > Number(h) + 0.5)
        problems.push(`slide ${i + 1}: «${word}» outside the slide`);
      else if (y1 > contentBottom + 4 && y0 < footerTop - 4)
        problems.push(`slide ${i + 1}: «${word}» below the content box (${y1.toFixed(1)} pt)`);
    }
  });
  assert.deepEqual(problems, []);
  // the text is there as text: a headline of a key-point slide
  assert.match(execFileSync('pdftotext', ['-f', '5', '-l', '5', pdf, '-'], { encoding: 'utf8' }), /乡镇党委书记/);
});
