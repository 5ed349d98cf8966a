// Pagination of the handout, in phases with named data between them:
//   collectFlow (flow.ts)   body blocks → flow items (composed lines, keep rules)
//   distribute  (distribute.ts) flow items → body pages, where each part landed
//   front.ts                cover; contents (listing every part with its body folio)
//   assemble (here)         cover, blank verso, contents on a right-hand page, then the body numbered from 1
//   finishPages (finish.ts) absolute positions, running heads, folios
import type { HandoutBlock } from '../handout/parse';
import { type BodyPage, type Distributed, distribute } from './distribute';
import { collectFlow, type FlowItem, type HandoutFonts, type LayoutContext } from './flow';
import {
  CONTENTS_BLOCK,
  CONTENTS_ENTRY_BLOCK,
  CONTENTS_TITLE_BLOCK,
  COVER_BLOCK,
  type ContentsEntry,
  layoutContents,
  layoutCover,
} from './front';
import { type AssembledPage, finishPages } from './finish';
import type { PageGeometry } from './geometry';
import { layoutParagraph, paragraphKey, type ParagraphInput, type ParagraphStyle } from './paragraph';
import { tightenSpills } from './spill';
import { type HandoutStyle, handoutStyle } from './style';
import type { OutlineEntry, ParagraphLayout, StructNode, TypesetDocument } from './types';
import { GenerationMap, registerCache } from '../cache';

export type { HandoutFonts } from './flow';

export interface TypesetOptions {
  geometry: PageGeometry;
  fonts: HandoutFonts;
  /** Shown in the running head of left-hand pages */
  documentTitle: string;
  /** Design numbers and house style; handoutStyle(geometry) when absent */
  style?: HandoutStyle;
}

// Paragraph layouts are pure in (text, style, measure): keep them across builds. Under watch every
// layout is kept (up to LAYOUT_CACHE_MAX: a rebuild, or an edit undone, finds its paragraphs); a build
// of many documents keeps those of the document being set and of the one before it (a GenerationMap,
// moved on by buildDocument's startDocument) — a later document that repeats a paragraph finds it, and the layouts of documents
// long done are not held to the batch's end (50 distinct texts: ~27 MB of the main thread's heap, marked
// by every full collection).
const layoutCache = registerCache('typeset: paragraph layouts', new GenerationMap<string, ParagraphLayout>());
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

/**
 * A contents page is worth its paper only when it lists at least two entries on at least two body
 * pages: a text that fits on one page (a forum page, a short lecture) would get a page of 「…… 1」 and
 * a blank verso to put it on a right-hand page.
 */
export const CONTENTS_MIN_ENTRIES = 2;
export const CONTENTS_MIN_BODY_PAGES = 2;

const blank = (): AssembledPage => ({ kind: 'blank', lines: [], rules: [], folio: '', head: '', headSide: 'left' });

export function typesetHandout(blocks: readonly HandoutBlock[], opts: TypesetOptions): TypesetDocument {
  const g = opts.geometry;
  const style = opts.style ?? handoutStyle(g);
  const missing: TypesetDocument['missing'] = [];
  const ctx: LayoutContext = {
    style,
    measure: g.measure,
    fonts: opts.fonts,
    lay: (text, pstyle, width, lead = 0, maxLines = 0) => {
      const r = cachedLayout(maxLines ? { text, lead, maxLines } : { text, lead }, pstyle, width);
      // a paragraph set again (L1) reports nothing new
      if (!maxLines) for (const m of r.missing) missing.push({ char: m.char, where: text });
      return r.lines;
    },
  };

  const textBlock = { height: g.blockHeight, measure: g.measure };
  const collected: FlowItem[] = collectFlow(blocks, ctx);
  const { body }: { body: Distributed } = tightenSpills(
    collected,
    distribute(collected, style, textBlock),
    ctx,
    textBlock,
  );
  const entries: ContentsEntry[] = body.parts.map((p) => ({
    text: p.part.entry,
    level: p.part.level,
    folio: String(p.page + 1),
  }));

  // Assemble: front matter as books have it, then the body.
  const pages: AssembledPage[] = [];
  const structure: StructNode[] = [];
  const cover = blocks.find((b) => b.kind === 'cover');
  if (cover?.kind === 'cover') {
    const c = layoutCover(cover, ctx, g.blockHeight);
    pages.push({ kind: 'cover', ...c, folio: '', head: '', headSide: 'left' }, blank());
    structure.push({ id: COVER_BLOCK, role: 'P', parent: null });
  }
  const contents = blocks.find((b) => b.kind === 'contents');
  if (
    contents?.kind === 'contents' &&
    entries.length >= CONTENTS_MIN_ENTRIES &&
    body.pages.length >= CONTENTS_MIN_BODY_PAGES
  ) {
    if (pages.length % 2 === 1) pages.push(blank()); // the contents open on a right-hand page
    for (const c of layoutContents(contents.title, entries, ctx, g.blockHeight))
      pages.push({ kind: 'contents', ...c, folio: '', head: '', headSide: 'left' });
    if (contents.title) structure.push({ id: CONTENTS_TITLE_BLOCK, role: 'P', parent: null });
    structure.push({ id: CONTENTS_BLOCK, role: 'TOC', parent: null });
    entries.forEach((_, i) => {
      structure.push({ id: CONTENTS_ENTRY_BLOCK - i, role: 'TOCI', parent: CONTENTS_BLOCK });
    });
  }
  const bodyStart = pages.length;
  body.pages.forEach((p, i) => {
    pages.push(assembleBodyPage(p, i, bodyStart + i, opts.documentTitle));
  });
  for (const b of body.blocks) structure.push({ id: b.block, role: b.role, parent: null });

  return {
    pages: finishPages(pages, ctx, g),
    outline: outlineOf(body, bodyStart, g.top),
    structure,
    missing,
  };
}

/** Folio from 1 on the first body page; running head on the outer edge, none where a part opens. */
function assembleBodyPage(p: BodyPage, bodyIndex: number, physical: number, documentTitle: string): AssembledPage {
  const recto = physical % 2 === 0;
  const head = p.opensPart ? '' : recto ? (p.partAtTop?.title ?? documentTitle) : documentTitle;
  return {
    kind: 'body',
    lines: p.lines,
    rules: p.rules,
    folio: String(bodyIndex + 1),
    head,
    headSide: recto ? 'right' : 'left',
  };
}

/** Bookmarks: every part, nested by level. */
function outlineOf(body: Distributed, bodyStart: number, top: number): OutlineEntry[] {
  const outline: OutlineEntry[] = [];
  const stack: { level: number; entry: OutlineEntry }[] = [];
  for (const p of body.parts) {
    const entry: OutlineEntry = { title: p.part.title, page: bodyStart + p.page, top: top + p.top, children: [] };
    while (stack.length && stack.at(-1)!.level >= p.part.level) stack.pop();
    (stack.at(-1)?.entry.children ?? outline).push(entry);
    stack.push({ level: p.part.level, entry });
  }
  return outline;
}
