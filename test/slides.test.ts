// slides.md and slides.html: front matter, escaping in slides and notes, CJK emphasis, the standalone
// shell, the embedded WOFF2 subset, the optional PDF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import { makeSlides } from '../src/slides/stage';
import { Timer } from '../src/pipeline/timer';
import { readDocument } from '../src/source';
import { bespokeAssets, charsetOf, loadTheme, renderMarkdown, sfntToWoff2, subsetWoff2 } from '../src/slides';
import { marpFor } from '../src/slides/render';
import { subsetTables, subsetTrueType } from '../src/fonts/ttf-subset';
import { tablesToWoff2 } from '../src/fonts/woff2';
import { readTableDirectory } from '../src/fonts/sfnt';
import { slideText } from '../src/templates';
import { fonts, makeDoc, notesOf, noteTexts, root, sampleFile, settings, unescapeNote } from './deck-helpers';

const require = createRequire(import.meta.url);

/** Google's WOFF2 decoder (wasm build, through fontverter): what browsers use to read WOFF2. */
async function decodeWoff2(woff2: Buffer): Promise<Buffer> {
  const fontverter = require('fontverter') as { convert(b: Buffer, to: string): Promise<Buffer> };
  return fontverter.convert(woff2, 'truetype');
}

const sampleDoc = readDocument(sampleFile);
let sampleOut: Awaited<ReturnType<typeof makeSlides>> | undefined;
async function sample() {
  sampleOut ??= await makeSlides(sampleDoc, settings(), fonts, new Timer());
  return sampleOut;
}

/** Visible text of a rendered slide (tags stripped, entities decoded). */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

test('slides.md: front matter, paginate from slide 2, footer with speaker and series', async () => {
  const out = await sample();
  assert.match(out.markdown, /^---\nmarp: true\nlang: zh-CN\ntheme: lectern\npaginate: true\n---\n/);
  const theme = loadTheme(root);
  const { html } = renderMarkdown(out.markdown, theme);
  const slides = html.split('<section').slice(1);
  assert.equal(slides.length, out.slides);
  assert.ok(!/data-marpit-pagination=/.test(slides[0]!), 'no page number on the title slide');
  assert.match(slides[1]!, /data-marpit-pagination="2"/);
  assert.ok(
    slides.some((s) => textOf(s).includes('沈振宇 · 賨州论坛')),
    'footer with speaker and series',
  );
  assert.match(slides[0]!, /lang="zh-CN"/);
  assert.equal(out.slides, out.plan!.slideCount);
});

test('every paragraph of the transcript appears in the notes exactly once (slides.md and Marp’s notes)', async () => {
  const out = await sample();
  // in reading order; a paragraph a quote slide cuts (its closing words) joins up again
  const paragraphs = noteTexts(sampleDoc).join('');
  const mdNotes = notesOf(out.markdown).map(unescapeNote);
  assert.equal(mdNotes.join(''), paragraphs);
  const { comments } = renderMarkdown(out.markdown, loadTheme(root));
  const marpNotes = comments.flat().map(unescapeNote);
  assert.equal(marpNotes.join(''), paragraphs);
  assert.ok(marpNotes.length >= sampleDoc.parts.reduce((n, p) => n + p.paragraphs.length, 0));
});

const TRICKY = [
  '# 不是标题',
  '1. 不是列表',
  '<script>alert(1)</script>里的话',
  '多干多错 --> 少干少错',
  '*不是强调* 和 **不是加粗**',
  '| 不是 | 表格 |',
  '{{不是模板}}',
  'paginate: false',
  'footer: 不是页脚',
  '---',
  '![bg](http://example.com/x.png)',
];

test('transcript text with #, 1., <script>, -->, *, |, {{ stays literal in slides and in notes', async () => {
  const doc = makeDoc({
    title: '转义 <b>测试</b> #1',
    series: '论坛 *系列*',
    parts: [{ title: '特殊字符 | 标题', speaker: { name: '王*五', post: '<i>书记</i>' }, paragraphs: TRICKY }],
  });
  const out = await makeSlides(doc, settings(), fonts, new Timer());
  const theme = loadTheme(root);
  const { html, comments } = renderMarkdown(out.markdown, theme);
  // no slide lost to a directive, no HTML from the transcript, no table, no emphasis, no image
  assert.equal(out.slides, out.plan!.slideCount);
  assert.ok(!/<script>alert/.test(html) && !/<table|<em>|<img|<i>|<b>/.test(html), 'markup leaked');
  assert.ok(!/url\(["']?http:\/\/example|background-image/.test(html), 'the ![bg](…) line became a background');
  const text = textOf(html);
  // what the slides show of these paragraphs (their key phrases) is shown literally
  const shown = out.plan!.parts.flatMap((p) => p.slides.flatMap((s) => [s.headline, ...s.bullets.map((b) => b.text)]));
  assert.ok(shown.length > 1);
  for (const t of shown) assert.ok(text.includes(t), `slide text keeps ${t}`);
  assert.ok(text.includes('转义 <b>测试</b> #1') && text.includes('王*五') && text.includes('论坛 *系列*'));
  // the only headings are the template's: title, headlines, section title, closing
  const h1 = [...html.matchAll(/<h1[^>]*>(.*?)<\/h1>/g)].map((m) => textOf(m[1]!));
  assert.ok(!h1.some((h) => h.startsWith('不是标题')));
  // notes: every paragraph once, exactly as written; --> did not end its comment early
  const notes = comments.flat().map(unescapeNote);
  assert.deepEqual([...notes].sort(), [...TRICKY].sort());
  // the same in slides.html's presenter notes (HTML-escaped)
  assert.ok(out.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;里的话'));
  assert.ok(!out.html.includes('<script>alert'));
});

test('** emphasis next to Chinese punctuation renders bold (markdown-it-cjk-friendly)', async () => {
  const theme = loadTheme(root);
  const md = '---\nmarp: true\ntheme: lectern\n---\n\n- **重点。**后文\n- **“四有”标准**之外\n- 前文**一是**加强\n';
  const { html } = renderMarkdown(md, theme);
  assert.match(html, /<strong>重点。<\/strong>后文/);
  assert.match(html, /<strong>“四有”标准<\/strong>之外/);
  assert.match(html, /前文<strong>一是<\/strong>加强/);
  // in the sample deck: agenda titles with quotes and enumeration markers are bold
  const out = await sample();
  const slidesPart = out.html.slice(
    out.html.indexOf('<div id=":$p">'),
    out.html.indexOf('<div class="bespoke-marp-note"'),
  );
  assert.ok(slidesPart.length > 1000);
  assert.ok(!textOf(slidesPart).includes('**'), 'no literal ** left on the slides');
  // (<wbr> marks where a line may break between phrases)
  assert.match(out.html.replace(/<wbr\s*\/?>/g, ''), /<strong>对照“四有”标准/);
});

test('slides.html is standalone: bespoke shell, notes, embedded font, no URL to load', async () => {
  const out = await sample();
  const html = out.html;
  assert.match(html, /^<!DOCTYPE html><html lang="zh-CN">/);
  assert.match(html, /class="bespoke-marp-osc"/);
  assert.match(html, /data-bespoke-marp-osc="presenter"/);
  assert.match(html, /class="bespoke-marp-note" data-index="\d+"/);
  assert.match(html, /id=":\$p"/);
  assert.match(html, /@font-face\{font-family:'Lectern Slides'[^}]*font-weight:400[^}]*url\(data:font\/woff2;base64,/);
  assert.match(html, /font-weight:700[^}]*url\(data:font\/woff2;base64,/);
  // nothing that a browser would fetch
  assert.ok(!/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.test(html), 'src/href to a URL');
  assert.ok(!/url\(\s*["']?(?:https?:)?\/\//i.test(html), 'CSS url() to the network');
  assert.ok(!/@import/i.test(html), '@import');
  assert.ok(!/twemoji|jsdelivr|fonts\.(googleapis|bunny)/i.test(html));
});

test('the embedded font is a WOFF2 subset that browsers decode, holding the deck’s characters', async () => {
  const out = await sample();
  const m = /font-weight:400[^}]*base64,([A-Za-z0-9+/=]+)/.exec(out.html);
  assert.ok(m);
  const woff2 = Buffer.from(m[1]!, 'base64');
  assert.equal(woff2.toString('latin1', 0, 4), 'wOF2');
  assert.equal(woff2.readUInt32BE(8), woff2.length);
  const sfnt = await decodeWoff2(woff2);
  const font = fontkit.create(sfnt) as Font;
  const full = fonts.get('slides').font;
  // glyph ids are kept, the outlines of unused glyphs are not: the glyf table shrinks to a few %
  const glyfLength = (sfntBytes: Buffer) => {
    for (let i = 0; i < sfntBytes.readUInt16BE(4); i++) {
      if (sfntBytes.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'glyf') return sfntBytes.readUInt32BE(24 + 16 * i);
    }
    return -1;
  };
  const ratio = glyfLength(sfnt) / glyfLength(fonts.get('slides').bytes);
  assert.ok(ratio > 0 && ratio < 0.1, `glyf is ${(ratio * 100).toFixed(1)} % of the full font's`);
  const needed = charsetOf(out.markdown);
  for (const ch of needed) {
    const cp = ch.codePointAt(0)!;
    if (full.hasGlyphForCodePoint(cp)) assert.ok(font.hasGlyphForCodePoint(cp), `U+${cp.toString(16)} ${ch}`);
  }
  assert.ok(!font.hasGlyphForCodePoint('鑫'.codePointAt(0)!), 'a character the deck does not use is left out');
});

test('the web font is wrapped from the subset’s tables: the same WOFF2 as from the subset font file', async () => {
  const out = await makeSlides(sampleDoc, settings(), fonts, new Timer());
  for (const [role, chars] of [
    ['slides', charsetOf(out.markdown)],
    ['slidesBold', charsetOf('规划先行，项目为王。ABC 123')],
  ] as const) {
    const font = fonts.get(role);
    const ensure = (ids: Iterable<number>) => font.ensureGlyphs(ids);
    const tables = subsetTables(font.bytes, font.tables, chars, ensure)!;
    const woff2 = tablesToWoff2(tables);
    assert.ok(woff2.equals(sfntToWoff2(subsetTrueType(font.bytes, font.tables, chars, ensure)!)), role);
    assert.ok(woff2.equals(await subsetWoff2(font, chars)), role);
  }
});

test('sfntToWoff2 round-trips every table through Google’s decoder', async () => {
  const regular = fonts.get('slides');
  const woff2 = await subsetWoff2(regular, charsetOf('规划先行，项目为王。ABC 123'));
  const sfnt = await decodeWoff2(woff2);
  const again = sfntToWoff2(sfnt);
  const twice = await decodeWoff2(again);
  const a = fontkit.create(sfnt) as Font;
  const b = fontkit.create(twice) as Font;
  assert.equal(a.numGlyphs, b.numGlyphs);
  assert.equal(a.glyphForCodePoint(0x89c4).advanceWidth, b.glyphForCodePoint(0x89c4).advanceWidth);
  assert.deepEqual(a.glyphForCodePoint(0x89c4).path.commands.length, b.glyphForCodePoint(0x89c4).path.commands.length);
});

test('marp-cli’s bespoke assets are read from node_modules', () => {
  const a = bespokeAssets();
  assert.match(a.css, /\.bespoke-marp-osc/);
  assert.match(a.css, /bespoke-marp-presenter-note-container/);
  assert.match(a.js, /:\$p/);
});

test('--slides-pdf without a browser: a clear warning, slides.md and slides.html still made', async () => {
  const saved = { CHROME_PATH: process.env.CHROME_PATH, PATH: process.env.PATH };
  process.env.CHROME_PATH = '/nonexistent/chromium';
  try {
    const out = await makeSlides(sampleDoc, settings({ slidesPdf: true }), fonts, new Timer());
    assert.equal(out.pdf, undefined);
    assert.ok(out.markdown.length > 0 && out.html.length > 0);
    const w = out.warnings.find((x) => /slides\.pdf not written/.test(x.message));
    assert.ok(w, 'warning');
    assert.match(w.message, /CHROME_PATH/);
  } finally {
    if (saved.CHROME_PATH === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = saved.CHROME_PATH;
  }
});

const chromium = '/usr/bin/chromium';
const poppler = existsSync('/usr/bin/pdffonts') && existsSync('/usr/bin/pdftotext');

test('--slides-pdf with Chromium: fonts embedded, text copies back', {
  skip: !existsSync(chromium) || !poppler ? 'needs chromium and poppler-utils' : false,
  timeout: 120_000,
}, async () => {
  const saved = process.env.CHROME_PATH;
  const savedSandbox = process.env.CHROME_NO_SANDBOX;
  process.env.CHROME_PATH = chromium;
  // CI containers have no user namespaces for Chromium's sandbox (the browser test passes --no-sandbox too)
  process.env.CHROME_NO_SANDBOX = '1';
  try {
    const out = await makeSlides(sampleDoc, settings({ slidesPdf: true }), fonts, new Timer());
    assert.ok(out.pdf, out.warnings.map((w) => w.message).join('; '));
    assert.equal(out.pdf.toString('latin1', 0, 5), '%PDF-');
    const fontsTable = execFileSync('pdffonts', ['-'], { input: out.pdf }).toString();
    const rows = fontsTable.split('\n').slice(2).filter(Boolean);
    assert.ok(rows.length > 0);
    for (const row of rows) assert.match(row, /\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/, `embedded and subset: ${row}`);
    assert.ok(
      rows.some((r) => r.includes('Lectern') || r.includes('Noto')),
      fontsTable,
    );
    const text = execFileSync('pdftotext', ['-', '-'], { input: out.pdf }).toString().replace(/\s+/g, '');
    for (const t of ['规划先行', '项目为王', '沈振宇', '始终保持学习实践之心']) assert.ok(text.includes(t), t);
    // every headline copies back as written: no Kangxi radicals in place of 用, 户… (a known Chromium + CJK font trap)
    assert.ok(!/[\u2e80-\u2fdf]/u.test(text), 'Kangxi radical code points in the PDF text');
    for (const s of out.plan!.parts.flatMap((p) => p.slides))
      assert.ok(text.includes(s.headline.replace(/\s+/g, '')), s.headline);
  } finally {
    if (saved === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = saved;
    if (savedSandbox === undefined) delete process.env.CHROME_NO_SANDBOX;
    else process.env.CHROME_NO_SANDBOX = savedSandbox;
  }
});

test('fonts the fast subsetter cannot read (CFF, collections) are left to harfbuzz', async () => {
  const { subsetTrueType } = await import('../src/fonts/ttf-subset');
  const regular = fonts.get('slides');
  const otto = Buffer.from(regular.bytes);
  otto.write('OTTO', 0, 'latin1');
  assert.equal(subsetTrueType(otto, regular.tables, '规划'), null);
  const ttc = Buffer.from('ttcf\u0000\u0001\u0000\u0000', 'latin1');
  assert.equal(subsetTrueType(ttc, regular.tables, '规划'), null);
});

test('a browser is found through CHROME_PATH, else on PATH', async () => {
  const { findChromium } = await import('../src/slides');
  assert.equal(findChromium({ CHROME_PATH: '/nonexistent/chrome', PATH: '/usr/bin' }), null);
  assert.equal(findChromium({ PATH: '/nonexistent' }), null);
  if (existsSync(chromium)) assert.equal(findChromium({ PATH: '/nonexistent:/usr/bin' }), chromium);
});

test('slides.pptx through marp-cli: one slide per page with the presenter notes', {
  skip: !existsSync(chromium) ? 'needs chromium' : false,
  timeout: 180_000,
}, async () => {
  const { makeSlidesPptx } = await import('../src/slides/stage');
  const saved = { CHROME_PATH: process.env.CHROME_PATH, CHROME_NO_SANDBOX: process.env.CHROME_NO_SANDBOX };
  process.env.CHROME_PATH = chromium;
  process.env.CHROME_NO_SANDBOX = '1';
  try {
    const out = await sample();
    const { pptx, warnings } = await makeSlidesPptx(sampleDoc, out, new Timer());
    assert.ok(pptx, warnings.map((w) => w.message).join('; '));
    assert.equal(pptx.toString('latin1', 0, 2), 'PK');
    // zip entry names are stored uncompressed
    const names = pptx.toString('latin1');
    assert.ok(names.includes(`ppt/slides/slide${out.slides}.xml`), 'one slide per deck slide');
    assert.ok(!names.includes(`ppt/slides/slide${out.slides + 1}.xml`));
    assert.ok(names.includes('ppt/notesSlides/'), 'presenter notes');
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

test('a part without a speaker gets the series in its footer, not the previous speaker', async () => {
  const doc = makeDoc({
    title: '讲座',
    series: '某某论坛',
    parts: [
      { title: '第一讲', paragraphs: ['规划先行。要把规划做好。'] },
      { kind: 'section', title: '二、无人发言的部分', speaker: null, paragraphs: ['项目为王。要抓好项目。'] },
    ],
  });
  const out = await makeSlides(doc, settings(), fonts, new Timer());
  const slides = renderMarkdown(out.markdown, loadTheme(root))
    .html.replace(/<wbr\s*\/?>/g, '')
    .split('<section')
    .slice(1);
  const sectionSlide = slides.find((s) => /<h1[^>]*>[^<]*无人发言的部分/.test(s))!;
  assert.ok(sectionSlide, 'the section slide');
  assert.ok(!textOf(sectionSlide).includes('张三'), 'no speaker from the previous part');
  assert.ok(textOf(sectionSlide).includes('某某论坛'), 'the series');
});

test('the Marp instance holds only the themes a deck can use offline (no gaia, no uncover)', () => {
  const marp = marpFor(loadTheme(root));
  assert.ok(marp.themeSet.has('lectern'));
  assert.ok(marp.themeSet.has('default'), "marp-core's default theme stays (the scaffold)");
  assert.ok(!marp.themeSet.has('gaia'), 'gaia loads web fonts from the network');
  assert.ok(!marp.themeSet.has('uncover'));
});

test('the slide subset keeps the layout tables (halt for punctuation pairs); the template marks the pairs', () => {
  const f = fonts.get('slides');
  const sfnt = subsetTrueType(f.bytes, f.tables, '“”，。规划项目', (ids) => f.ensureGlyphs(ids))!;
  const tables = readTableDirectory(sfnt)!;
  for (const tag of ['GSUB', 'GPOS', 'GDEF']) assert.ok(tables.has(tag), `${tag} kept`);
  const font = fontkit.create(sfnt) as Font;
  assert.ok(font.availableFeatures.includes('halt'), font.availableFeatures.join(' '));
  // ”“ and ”， in a span set with halt; a lone mark and Latin text untouched; Markdown escaped
  assert.equal(
    slideText(['“规划”', '“项目”，', '要*好*']),
    '“规划<span class="halt">”<wbr>“</span>项目<span class="halt">”，<wbr></span>要\\*好\\*',
  );
});
