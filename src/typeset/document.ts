// Pagination: turns the handout's block tree into pages of positioned lines — cover, contents (with
// page numbers, laid out after the body so the numbers are known), chapters and sections, paragraphs
// kept by the page rules (headings with ≥ 2 following lines; W2: no lone first or last paragraph line
// at a page's foot or head), running header and page numbers.
import type { LoadedFont } from '../fonts';
import type { HandoutBlock } from '../handout/parse';
import type { PageGeometry } from './geometry';
import { layoutParagraph, paragraphKey, type ParagraphInput, type ParagraphStyle } from './paragraph';
import type { ComposedLine, OutlineEntry, Page, PageLine, ParagraphLayout, TypesetDocument } from './types';

export interface HandoutFonts {
  /** Font chains: the role's font, then the fallbacks */
  body: LoadedFont[];
  bodyBold: LoadedFont[];
  heading: LoadedFont[];
  sans: LoadedFont[];
}

export interface TypesetOptions {
  geometry: PageGeometry;
  fonts: HandoutFonts;
  /** Shown in the running header */
  documentTitle: string;
}

// Paragraph layouts are pure in (text, style, measure): keep them across builds (watch mode, bench).
const layoutCache = new Map<string, ParagraphLayout>();
const LAYOUT_CACHE_MAX = 20000;

export function cachedLayout(input: ParagraphInput, style: ParagraphStyle, measure: number): ParagraphLayout {
  const key = paragraphKey(input, style, measure);
  const hit = layoutCache.get(key);
  if (hit) return hit;
  const result = layoutParagraph(input, style, measure);
  if (layoutCache.size >= LAYOUT_CACHE_MAX) layoutCache.clear();
  layoutCache.set(key, result);
  return result;
}

interface Placed {
  kind: PageLine['kind'];
  line: ComposedLine;
  /** Baseline relative to the top of the text block */
  y: number;
  left: number;
  paragraph: number;
  index: number;
  last: boolean;
}

interface WorkPage {
  lines: Placed[];
  chapter: string;
  kind: 'cover' | 'contents' | 'body';
  rules: Page['rules'];
}

/** A heading-like block: its lines with the vertical space each takes. */
interface Stack {
  items: { line: ComposedLine; kind: PageLine['kind']; advance: number; size: number }[];
  before: number;
  after: number;
}

export function typesetHandout(blocks: HandoutBlock[], opts: TypesetOptions): TypesetDocument {
  const g = opts.geometry;
  const F = opts.fonts;
  const size = g.size;
  const measure = g.measure;
  const missing: TypesetDocument['missing'] = [];

  const lay = (text: string, style: ParagraphStyle, width = measure, lead = 0): ComposedLine[] => {
    const r = cachedLayout({ text, lead }, style, width);
    for (const m of r.missing) missing.push({ char: m.char, where: text });
    return r.lines;
  };
  const bodyStyle: ParagraphStyle = { fonts: F.body, leadFonts: F.bodyBold, size, indent: 2 * size, align: 'justify' };
  const centred = (fonts: LoadedFont[], sz: number): ParagraphStyle => ({
    fonts,
    size: sz,
    indent: 0,
    align: 'center',
  });
  /** A title: split at spaces into centred lines when it does not fit on one. */
  const titleLines = (text: string, style: ParagraphStyle): ComposedLine[] => {
    const one = lay(text, style);
    if (one.length <= 1 || !/\s/.test(text.trim())) return one;
    return text
      .trim()
      .split(/\s+/)
      .flatMap((part) => lay(part, style));
  };

  const pages: WorkPage[] = [];
  let page: WorkPage | null = null;
  let y = 0; // used height of the current page's text block
  let chapter = '';
  let paragraphId = 0;
  const outline: OutlineEntry[] = [];
  const outlineStack: { level: number; entry: OutlineEntry }[] = [];
  let contentsIndex = -1;
  let contentsTitle = '';
  const entries: { title: string; name: string; level: number; page: number }[] = [];

  const newPage = (kind: WorkPage['kind'] = 'body'): WorkPage => {
    page = { lines: [], chapter, kind, rules: [] };
    pages.push(page);
    y = 0;
    return page;
  };
  const cur = (): WorkPage => page ?? newPage();
  const room = () => g.blockHeight - y;
  const baselineIn = (top: number, slot: number, sz: number) => top + slot / 2 + sz * 0.38;

  const addBookmark = (title: string, level: number, top: number) => {
    const entry: OutlineEntry = { title, page: pages.length - 1, top: g.top + top, children: [] };
    while (outlineStack.length && outlineStack[outlineStack.length - 1]!.level >= level) outlineStack.pop();
    const parent = outlineStack[outlineStack.length - 1];
    (parent ? parent.entry.children : outline).push(entry);
    outlineStack.push({ level, entry });
  };

  const placeStack = (st: Stack, keepLines: number) => {
    const p0 = cur();
    const before = y === 0 ? 0 : st.before;
    const h = before + st.items.reduce((t, it) => t + it.advance, 0) + st.after;
    if (y > 0 && h + keepLines * g.pitch > room() + 0.01) newPage();
    const p = page ?? p0;
    if (y > 0) y += st.before;
    for (const it of st.items) {
      p.lines.push({
        kind: it.kind,
        line: it.line,
        y: baselineIn(y, it.advance, it.size),
        left: g.left,
        paragraph: -1,
        index: 0,
        last: true,
      });
      y += it.advance;
    }
    y += st.after;
  };

  const placeParagraph = (lines: ComposedLine[]) => {
    const id = paragraphId++;
    const k = lines.length;
    let i = 0;
    cur();
    while (i < k) {
      const fit = Math.floor((room() + 0.01) / g.pitch);
      const remaining = k - i;
      let n = Math.min(fit, remaining);
      if (n < remaining) {
        if (remaining - n === 1) n--; // W2: never leave a paragraph's last line alone at the next page's head
        if (i === 0 && n === 1) n = 0; // W2: never leave its first line alone at this page's foot
        if (n < 0) n = 0;
        if (n === 0 && y === 0) n = Math.min(fit, remaining); // a page cannot hold less: give up gracefully
      }
      for (let j = 0; j < n; j++) {
        page!.lines.push({
          kind: 'body',
          line: lines[i + j]!,
          y: baselineIn(y, g.pitch, size),
          left: g.left,
          paragraph: id,
          index: i + j,
          last: i + j === k - 1,
        });
        y += g.pitch;
      }
      i += n;
      if (i < k) newPage();
    }
  };

  // How many lines the block after a heading needs on the heading's page.
  const keepAfter = (idx: number): number => {
    const next = blocks[idx + 1];
    if (next?.kind === 'paragraph') {
      // A paragraph of up to three lines cannot be split under W2, so all of it must fit.
      const k = lay(next.text, bodyStyle, measure, next.lead).length;
      return k <= 3 ? k : 2;
    }
    return next?.kind === 'heading' ? 3 : 0;
  };

  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi]!;
    switch (b.kind) {
      case 'cover': {
        const p = newPage('cover');
        const titleSize = Math.round(size * 2.1);
        let top = g.blockHeight * 0.22;
        for (const l of titleLines(b.title, centred(F.heading, titleSize))) {
          p.lines.push({ kind: 'cover', line: l, y: top, left: g.left, paragraph: -1, index: 0, last: true });
          top += titleSize * 1.5;
        }
        if (b.subtitle) {
          top += size;
          for (const l of titleLines(b.subtitle, centred(F.sans, Math.round(size * 1.4)))) {
            p.lines.push({ kind: 'cover', line: l, y: top, left: g.left, paragraph: -1, index: 0, last: true });
            top += size * 2.2;
          }
        }
        let bottom = g.blockHeight * 0.78;
        for (const text of b.lines) {
          for (const l of lay(text, centred(F.sans, Math.round(size * 1.25)))) {
            p.lines.push({ kind: 'cover', line: l, y: bottom, left: g.left, paragraph: -1, index: 0, last: true });
            bottom += size * 2.2;
          }
        }
        page = null;
        break;
      }
      case 'contents': {
        newPage('contents');
        contentsIndex = pages.length - 1;
        contentsTitle = b.title;
        page = null;
        break;
      }
      case 'newpage':
        if (page && (page as WorkPage).lines.length > 0) page = null;
        break;
      case 'chapter': {
        chapter = b.title;
        if (!page || y === 0) {
          cur().chapter = chapter;
        }
        const items: Stack['items'] = [];
        const tSize = Math.round(size * 1.5);
        for (const l of titleLines(b.title, centred(F.heading, tSize)))
          items.push({ line: l, kind: 'title', advance: tSize * 1.6, size: tSize });
        if (b.subtitle) {
          const sSize = Math.round(size * 1.17);
          for (const l of lay(b.subtitle, centred(F.sans, sSize)))
            items.push({ line: l, kind: 'title', advance: sSize * 1.7, size: sSize });
        }
        if (b.byline) {
          for (const l of lay(b.byline, centred(F.body, size)))
            items.push({ line: l, kind: 'title', advance: g.pitch * 1.2, size });
        }
        const wasTop = !page || y === 0;
        placeStack({ items, before: g.pitch * 2, after: g.pitch }, keepAfter(bi));
        if (wasTop) page!.chapter = chapter;
        const firstLine = page!.lines.find((l) => l.kind === 'title' && l.line === items[0]?.line);
        addBookmark(b.title, 0, firstLine ? firstLine.y - tSize : 0);
        entries.push({ title: b.title, name: bylineName(b.byline), level: 0, page: pages.length - 1 });
        break;
      }
      case 'heading': {
        const hSize = b.level === 1 ? Math.round(size * 1.17 * 2) / 2 : size;
        const style: ParagraphStyle = { fonts: F.heading, size: hSize, indent: 2 * hSize, align: 'justify' };
        const items: Stack['items'] = lay(b.text, style, measure).map((l) => ({
          line: l,
          kind: 'heading' as const,
          advance: b.level === 1 ? hSize * 1.9 : g.pitch,
          size: hSize,
        }));
        placeStack(
          { items, before: b.level === 1 ? g.pitch * 0.6 : g.pitch * 0.25, after: b.level === 1 ? g.pitch * 0.2 : 0 },
          keepAfter(bi),
        );
        const placedAt = page!.lines[page!.lines.length - items.length];
        addBookmark(b.text, b.level, placedAt ? placedAt.y - hSize : 0);
        if (b.level === 1) entries.push({ title: b.text, name: '', level: 1, page: pages.length - 1 });
        break;
      }
      case 'paragraph':
        placeParagraph(lay(b.text, bodyStyle, measure, b.lead));
        break;
    }
  }

  // The contents page(s), now that every page number is known.
  if (contentsIndex >= 0) {
    const contentsPages = layoutContents(contentsTitle, entries, contentsIndex, opts, lay);
    const extra = contentsPages.length - 1;
    if (extra > 0) {
      // The contents ran over one page: everything after it moves on.
      for (const e of entries) if (e.page > contentsIndex) e.page += extra;
      const shift = (list: OutlineEntry[]) => {
        for (const o of list) {
          if (o.page > contentsIndex) o.page += extra;
          shift(o.children);
        }
      };
      shift(outline);
    }
    const final = layoutContents(contentsTitle, entries, contentsIndex, opts, lay);
    pages.splice(contentsIndex, 1, ...final);
  }

  return { pages: finishPages(pages, opts), outline, missing };
}

function bylineName(byline: string): string {
  const parts = byline.trim().split(/\s+/);
  return parts.length > 1 ? parts[parts.length - 1]! : '';
}

function layoutContents(
  title: string,
  entries: { title: string; name: string; level: number; page: number }[],
  at: number,
  opts: TypesetOptions,
  lay: (text: string, style: ParagraphStyle, width?: number) => ComposedLine[],
): WorkPage[] {
  const g = opts.geometry;
  const F = opts.fonts;
  const size = g.size;
  const out: WorkPage[] = [];
  let page: WorkPage = { lines: [], chapter: '', kind: 'contents', rules: [] };
  out.push(page);
  let y = 0;
  const tSize = Math.round(size * 1.5);
  if (title) {
    for (const l of lay(title, { fonts: F.heading, size: tSize, indent: 0, align: 'center' })) {
      page.lines.push({
        kind: 'title',
        line: l,
        y: y + tSize * 1.2,
        left: g.left,
        paragraph: -1,
        index: 0,
        last: true,
      });
      y += tSize * 2.4;
    }
  }
  const numWidth = 3 * size;
  for (const e of entries) {
    const indent = e.level === 0 ? 0 : 2 * size;
    const text = e.name ? `${e.title}\u3000${e.name}` : e.title;
    const style: ParagraphStyle = { fonts: e.level === 0 ? F.sans : F.body, size, indent: 0, align: 'justify' };
    const width = g.measure - indent - numWidth - 2 * size;
    const lines = lay(text, style, width);
    const h = lines.length * g.pitch + (e.level === 0 ? g.pitch * 0.4 : 0);
    if (y + h > g.blockHeight) {
      page = { lines: [], chapter: '', kind: 'contents', rules: [] };
      out.push(page);
      y = 0;
    }
    if (e.level === 0 && y > 0) y += g.pitch * 0.4;
    lines.forEach((l, i) => {
      const baseline = y + g.pitch / 2 + size * 0.38;
      page.lines.push({
        kind: 'contents',
        line: l,
        y: baseline,
        left: g.left + indent,
        paragraph: -1,
        index: i,
        last: i === lines.length - 1,
      });
      if (i === lines.length - 1) {
        const folio = String(e.page + 1);
        const num = lay(folio, { fonts: F.body, size, indent: 0, align: 'left' }, numWidth)[0];
        if (num) {
          const numLeft = g.left + g.measure - num.end;
          page.lines.push({
            kind: 'contents',
            line: num,
            y: baseline,
            left: numLeft,
            paragraph: -1,
            index: 0,
            last: true,
          });
          const x0 = g.left + indent + l.end + size * 0.5;
          const x1 = numLeft - size * 0.5;
          if (x1 > x0) page.rules.push({ kind: 'dots', x0, x1, y: baseline - size * 0.1, weight: size * 0.12 });
        }
      }
      y += g.pitch;
    });
  }
  void at;
  return out;
}

function finishPages(work: WorkPage[], opts: TypesetOptions): Page[] {
  const g = opts.geometry;
  const F = opts.fonts;
  const size = g.size;
  const small = Math.max(8, Math.round(size * 0.75 * 2) / 2);
  const folioSize = Math.round(size * 0.875 * 2) / 2;
  return work.map((w, i) => {
    const lines: PageLine[] = w.lines.map((p) => ({
      kind: p.kind,
      paragraph: p.paragraph,
      index: p.index,
      last: p.last,
      y: g.top + p.y,
      left: p.left,
      line: p.line,
    }));
    const rules = w.rules.map((r) => ({ ...r, y: g.top + r.y }));
    let folio = '';
    if (w.kind !== 'cover') {
      folio = String(i + 1);
      // Running header: the document's title on the left, the chapter's on the right, a hairline below.
      const headerY = g.top - size * 1.6;
      const headStyle: ParagraphStyle = { fonts: F.sans, size: small, indent: 0, align: 'left' };
      const left = cachedLayout({ text: opts.documentTitle }, headStyle, g.measure * 2).lines[0];
      const right =
        w.chapter && w.chapter !== opts.documentTitle
          ? cachedLayout({ text: w.chapter }, headStyle, g.measure * 2).lines[0]
          : undefined;
      const fits = left && right ? left.end + right.end + 2 * small <= g.measure : true;
      if (left && (fits || !right))
        lines.push({ kind: 'header', paragraph: -1, index: 0, last: true, y: headerY, left: g.left, line: left });
      if (right)
        lines.push({
          kind: 'header',
          paragraph: -1,
          index: 0,
          last: true,
          y: headerY,
          left: g.left + g.measure - right.end,
          line: right,
        });
      rules.push({ kind: 'rule', x0: g.left, x1: g.left + g.measure, y: headerY + small * 0.55, weight: 0.4 });
      // Page number centred below the text block, in the GB style — n —.
      const num = cachedLayout(
        { text: `— ${folio} —` },
        { fonts: F.body, size: folioSize, indent: 0, align: 'left' },
        g.measure,
      ).lines[0];
      if (num) {
        lines.push({
          kind: 'footer',
          paragraph: -1,
          index: 0,
          last: true,
          y: g.top + g.blockHeight + size * 2.2,
          left: g.left + (g.measure - num.end) / 2,
          line: num,
        });
      }
    }
    return { width: g.width, height: g.height, folio, lines, rules };
  });
}
