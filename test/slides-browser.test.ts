// slides.html in a real browser (Debian's Chromium through playwright-core): for every slide the
// content stays inside the slide box, the page makes no network request, the embedded web font is
// loaded and is what the text is drawn with; the presenter view shows the notes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeSlides } from '../src/slides/stage';
import { Timer } from '../src/pipeline/timer';
import { readDocument } from '../src/source';
import { CLOSING_FULL_WIDTH, OPENING_FULL_WIDTH, PAUSE_MARKS, SENTENCE_ENDS } from '../src/cjk';
import { breakPieces, linePieces, wordBoundaries } from '../src/deck';
import { fonts, longFile, metrics, root, sampleFile, settings, widths } from './deck-helpers';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `needs ${CHROMIUM} (apt-get install chromium; .ci/run does)`;

let browser: Browser | undefined;
let dir = '';

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'lectern-slides-browser-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface SlideCheck {
  index: number;
  problems: string[];
  /** Height of the content over the height of the content box */
  fill: number;
}

async function build(file: string): Promise<{ path: string; notes: string[][]; slides: number }> {
  const doc = readDocument(file);
  const out = await makeSlides(doc, settings(), fonts, new Timer());
  const path = join(dir, `${doc.name}.html`);
  writeFileSync(path, out.html);
  const notes: string[][] = [];
  // the plan knows which slide (1-based) carries which notes: the title and agenda slides come first
  let next = 2 + out.plan!.agenda.length;
  for (const part of out.plan!.parts) {
    if (part.section) next++;
    for (const s of part.slides) notes[next++] = s.notes;
  }
  return { path, notes, slides: out.slides };
}

/** Opens a deck and records every request the page makes besides loading the file itself. */
async function open(path: string, query = ''): Promise<{ page: Page; requests: string[] }> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 720 } });
  const requests: string[] = [];
  const self = pathToFileURL(path).href;
  page.on('request', (r) => {
    if (r.url().split(/[?#]/)[0] !== self) requests.push(r.url());
  });
  await page.goto(self + query);
  await page.evaluate(() => document.fonts.ready);
  return { page, requests };
}

async function checkSlide(page: Page, index: number): Promise<SlideCheck> {
  await page.evaluate((i) => {
    location.hash = `#${i}`;
  }, index);
  await page.waitForFunction(
    (i) => document.querySelectorAll('svg[data-marpit-svg]')[i - 1]?.classList.contains('bespoke-marp-active'),
    index,
  );
  return page.evaluate((i) => {
    const section = document.querySelectorAll('section')[i - 1] as HTMLElement;
    const box = section.getBoundingClientRect();
    const scale = box.width / 1280;
    const cs = getComputedStyle(section);
    const pad = {
      top: parseFloat(cs.paddingTop) * scale,
      bottom: parseFloat(cs.paddingBottom) * scale,
      left: parseFloat(cs.paddingLeft) * scale,
      right: parseFloat(cs.paddingRight) * scale,
    };
    const inner = {
      top: box.top + pad.top - 1,
      left: box.left + pad.left - 1,
      right: box.right - pad.right + 1,
      bottom: box.bottom - pad.bottom + 1,
    };
    const problems: string[] = [];
    if (section.scrollHeight > section.clientHeight + 1)
      problems.push(`scrollHeight ${section.scrollHeight} > ${section.clientHeight}`);
    if (section.scrollWidth > section.clientWidth + 1)
      problems.push(`scrollWidth ${section.scrollWidth} > ${section.clientWidth}`);
    let top = Infinity;
    let bottom = -Infinity;
    // every text line box (Range rects are the real glyph lines, tighter than element boxes)
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.trim()) continue;
      const parent = n.parentElement!;
      const inFooter = parent.closest('footer, header');
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of Array.from(range.getClientRects())) {
        if (r.width === 0) continue;
        const where = `${parent.tagName} “${n.textContent.trim().slice(0, 12)}”`;
        if (inFooter) {
          if (r.left < box.left || r.right > box.right || r.bottom > box.bottom)
            problems.push(`footer outside: ${where}`);
          continue;
        }
        if (r.left < inner.left || r.right > inner.right) problems.push(`wider than the slide: ${where}`);
        // vertically the line boxes count (a glyph's content area is taller than a tight line-height)
        const block = (parent.closest('li, p, h1, h2, h3, h4, h5, h6') ?? parent).getBoundingClientRect();
        if (block.top < inner.top || block.bottom > inner.bottom)
          problems.push(`below/above the content box: ${where}`);
        top = Math.min(top, block.top);
        bottom = Math.max(bottom, block.bottom);
      }
    }
    // the content must also stay clear of the footer
    const footer = section.querySelector('footer');
    if (footer && Number.isFinite(bottom) && bottom > footer.getBoundingClientRect().top)
      problems.push('content runs into the footer');
    const fill = Number.isFinite(bottom) ? (bottom - top) / (inner.bottom - inner.top - 2) : 0;
    return { index: i, problems, fill };
  }, index);
}

interface TextBlock {
  tag: string;
  text: string;
  fontSize: number;
  /** Width of the line box in CSS px */
  width: number;
  /** Offsets of forced breaks (<br> between a title's halves) */
  forced: number[];
  /** Offsets in `text` where a new line starts */
  breaks: number[];
}

/** The headlines, titles and bullets of a slide as Chromium laid them out, and its punctuation pairs. */
async function typography(
  page: Page,
  index: number,
  marks: { closing: string; opening: string },
): Promise<{ blocks: TextBlock[]; pairs: { pair: string; em: number }[] }> {
  return page.evaluate(
    ({ i, marks }) => {
      const section = document.querySelectorAll('section')[i - 1] as HTMLElement;
      const blocks: TextBlock[] = [];
      const pairs: { pair: string; em: number }[] = [];
      const closing = new Set([...marks.closing]);
      const opening = new Set([...marks.opening]);
      // (no named functions in here: the test's transpiler would wrap them in a helper the page lacks)
      for (const el of Array.from(section.querySelectorAll('h1, h2, li, blockquote p'))) {
        const fontSize = parseFloat(getComputedStyle(el).fontSize);
        const chars: { ch: string; rect: DOMRect }[] = [];
        const forced: number[] = [];
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (n.nodeName === 'BR') forced.push(chars.length);
          if (n.nodeType !== Node.TEXT_NODE) continue;
          const t = n.textContent ?? '';
          for (let k = 0; k < t.length; k++) {
            const r = document.createRange();
            r.setStart(n, k);
            r.setEnd(n, k + 1);
            const rect = r.getClientRects()[0];
            if (rect) chars.push({ ch: t[k]!, rect });
          }
        }
        const breaks: number[] = [];
        for (let k = 1; k < chars.length; k++) {
          if (chars[k]!.rect.top > chars[k - 1]!.rect.top + fontSize * 0.5) breaks.push(k);
          const a = chars[k - 1]!;
          const b = chars[k]!;
          const pair =
            (closing.has(a.ch) && (closing.has(b.ch) || opening.has(b.ch))) || (opening.has(a.ch) && opening.has(b.ch));
          if (pair && Math.abs(a.rect.top - b.rect.top) < 1) {
            pairs.push({ pair: a.ch + b.ch, em: (b.rect.right - a.rect.left) / fontSize });
          }
        }
        blocks.push({
          tag: el.tagName,
          text: chars.map((c) => c.ch).join(''),
          fontSize,
          width: (el as HTMLElement).clientWidth,
          breaks,
          forced,
        });
      }
      return { blocks, pairs };
    },
    { i: index, marks },
  );
}

/** Closing and opening full-width marks, for finding punctuation pairs on the page. */
const MARKS = {
  closing: [...PAUSE_MARKS, ...SENTENCE_ENDS, ...CLOSING_FULL_WIDTH].join(''),
  opening: OPENING_FULL_WIDTH,
};

/**
 * What Chromium drew, checked: no line of one or two characters ends a headline, title or bullet; no
 * line break falls inside a word (jieba); a punctuation pair is at most 1.25 em; the planner counted
 * the lines Chromium drew.
 */
function typographyProblems(
  blocks: TextBlock[],
  pairs: { pair: string; em: number }[],
): { problems: string[]; lines: number; agree: number } {
  const problems: string[] = [];
  let lines = 0;
  let agree = 0;
  for (const b of blocks) {
    const where = `${b.tag} “${b.text.slice(0, 12)}”`;
    lines += b.breaks.length + 1;
    if (b.breaks.length > 0) {
      const last = b.text.slice(b.breaks[b.breaks.length - 1]).replace(/\s/g, '');
      if ([...last].length <= 2) problems.push(`last line of ${[...last].length} characters: ${where} | ${last}`);
    }
    const words = wordBoundaries(b.text);
    for (const at of b.breaks.filter((x) => !b.forced.includes(x))) {
      if (!words.has(at) && !/\s/.test(b.text[at - 1]!))
        problems.push(`word split at ${b.text.slice(at - 2, at)}|${b.text.slice(at, at + 2)}: ${where}`);
    }
    // the planner measures each forced line on its own
    const cuts = [0, ...b.forced, b.text.length];
    let planned = 0;
    for (let k = 0; k + 1 < cuts.length; k++) {
      planned += breakPieces(linePieces(b.text.slice(cuts[k], cuts[k + 1])), widths, b.fontSize, b.width).length;
    }
    if (planned === b.breaks.length + 1) agree++;
    else problems.push(`the planner counts ${planned} lines, Chromium drew ${b.breaks.length + 1}: ${where}`);
  }
  for (const p of pairs) if (p.em > 1.25) problems.push(`${p.pair} is ${p.em.toFixed(2)} em wide`);
  return { problems, lines, agree };
}

async function fontReport(page: Page): Promise<{ faces: string[]; custom: boolean; families: string[] }> {
  const faces = await page.evaluate(() =>
    Array.from(document.fonts as unknown as Iterable<FontFace>)
      .filter((f) => f.family.replace(/["']/g, '') === 'Lectern Slides')
      .map((f) => `${f.weight}:${f.status}`),
  );
  // which font Chromium actually drew a headline and a bullet with
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const families = new Set<string>();
  let custom = true;
  for (const selector of ['section h2', 'section li', 'section h1']) {
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    for (const nodeId of nodeIds.slice(0, 3)) {
      const { fonts: used } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const f of used) {
        families.add(f.familyName);
        if (!f.isCustomFont && f.glyphCount > 2) custom = false;
      }
    }
  }
  await cdp.detach();
  return { faces, custom, families: [...families] };
}

const corpus = (name: string) => join(root, 'test', 'corpus', 'texts', name);
for (const [label, file] of [
  ['the sample', sampleFile],
  ['the long transcript', longFile],
  ['a lecture with 一、/（一）', join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt')],
  ['a forum with untitled talks', join(root, 'test', 'fixtures', 'source', 'forum-mixed.txt')],
  ['a roundtable (corpus 20)', corpus('20-jiefang-forum-roundtable-excerpt.txt')],
  ['an interview (corpus 07)', corpus('07-mao-bertram-interview.txt')],
  ['a long speech (corpus 09)', corpus('09-mao-yanan-forum.txt')],
] as const) {
  test(`slides.html of ${label} in Chromium: inside the box, offline, embedded font`, {
    skip,
    timeout: 120_000,
  }, async (t) => {
    const deck = await build(file);
    const { page, requests } = await open(deck.path);
    const count = await page.evaluate(() => document.querySelectorAll('section').length);
    assert.equal(count, deck.slides);
    let maxFill = 0;
    let lines = 0;
    let agree = 0;
    let pairs = 0;
    for (let i = 1; i <= count; i++) {
      const r = await checkSlide(page, i);
      assert.deepEqual(r.problems, [], `slide ${i}: ${r.problems.join('; ')}`);
      maxFill = Math.max(maxFill, r.fill);
      const typo = await typography(page, i, MARKS);
      const tp = typographyProblems(typo.blocks, typo.pairs);
      assert.deepEqual(tp.problems, [], `slide ${i}: ${tp.problems.join('; ')}`);
      lines += tp.lines;
      agree += tp.agree;
      pairs += typo.pairs.length;
    }
    t.diagnostic(
      `${label}: ${count} slides, largest fill ${(maxFill * 100).toFixed(0)} %, ${lines} lines, ${agree} blocks counted alike by the planner, ${pairs} punctuation pairs ≤ 1.25 em`,
    );
    assert.ok(maxFill > 0.5, 'the measurement saw the content');
    // quote slides are large and centred; a section's lede is set off from the speaker line
    const looks = await page.evaluate(() => ({
      quotes: Array.from(document.querySelectorAll('section.quote h1')).map((h) => ({
        size: parseFloat(getComputedStyle(h).fontSize),
        align: getComputedStyle(h).textAlign,
      })),
      ledes: Array.from(document.querySelectorAll('section.section blockquote')).map((b) => ({
        size: parseFloat(getComputedStyle(b).fontSize),
        border: parseFloat(getComputedStyle(b).borderLeftWidth),
      })),
    }));
    for (const q of looks.quotes) assert.ok(q.size >= 50 && q.align === 'center', JSON.stringify(q));
    // a key-point slide's bullets sit in the middle of the room under the headline (no empty lower half)
    const offCentre = await page.evaluate((padBottom) => {
      const out: string[] = [];
      let seen = 0;
      for (const sec of Array.from(document.querySelectorAll('section'))) {
        const h2 = sec.querySelector(':scope > h2');
        const ul = sec.querySelector(':scope > ul');
        if (!h2 || !ul || sec.classList.contains('agenda')) continue;
        seen++;
        const s = sec.getBoundingClientRect();
        const h = h2.getBoundingClientRect();
        const u = ul.getBoundingClientRect();
        // the page may scale the slide: CSS px times the ratio are screen px
        const k = s.height / (sec as HTMLElement).offsetHeight;
        const gap = parseFloat(getComputedStyle(h2).marginBottom) * k;
        const above = u.top - (h.bottom + gap);
        const below = s.bottom - padBottom * k - u.bottom;
        if (Math.abs(above - below) > 2 * k)
          out.push(`${h2.textContent}: ${above.toFixed(0)} above, ${below.toFixed(0)} below`);
      }
      return { out, seen };
    }, metrics.padBottom);
    assert.deepEqual(offCentre.out, []);
    assert.ok(offCentre.seen >= 3, `${offCentre.seen} key-point slides measured`);
    for (const l of looks.ledes) assert.ok(l.size > 26 && l.border > 0, JSON.stringify(l));
    if (label === 'the sample') assert.equal(looks.quotes.length, 2, 'the sample’s two quote slides');
    if (label.startsWith('a lecture')) assert.equal(looks.ledes.length, 1, 'the lecture’s section lede');
    const fontsUsed = await fontReport(page);
    assert.deepEqual(fontsUsed.faces.sort(), ['400:loaded', '700:loaded']);
    assert.ok(fontsUsed.custom, `drawn with ${fontsUsed.families.join(', ')}`);
    assert.deepEqual(requests, [], 'network requests');
    await page.close();
  });
}

test('keyboard navigation and the presenter view with notes work offline', { skip, timeout: 60_000 }, async () => {
  const deck = await build(sampleFile);
  const { page, requests } = await open(deck.path);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash === '#2');
  await page.keyboard.press('End');
  await page.waitForFunction((n) => location.hash === `#${n}`, deck.slides);
  await page.close();
  // the presenter view (what `p` opens) of a slide with notes shows them
  const withNotes = deck.notes.findIndex((n) => n && n.length > 0);
  assert.ok(withNotes > 0);
  const presenter = await open(deck.path, `?view=presenter#${withNotes}`);
  await presenter.page.waitForSelector('.bespoke-marp-note.active');
  const note = await presenter.page.evaluate(() => {
    const active = Array.from(document.querySelectorAll('.bespoke-marp-note')).find((n) =>
      n.classList.contains('active'),
    );
    return active?.textContent ?? '';
  });
  assert.ok(note.includes(deck.notes[withNotes]![0]!.slice(0, 20)), `presenter note: ${note.slice(0, 40)}`);
  assert.deepEqual([...requests, ...presenter.requests], []);
  await presenter.page.close();
});
