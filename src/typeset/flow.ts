// Phase 1 of pagination — collect: the handout's body blocks become flow items, each with its lines
// already composed and the keep rules that bind it to what follows (README: K-rules of the page, W2).
// No page exists yet; distribute.ts puts the items on pages.
import type { HandoutBlock, ParagraphRole } from '../handout/parse';
import type { LoadedFont } from '../fonts';
import type { ParagraphStyle } from './paragraph';
import type { HandoutStyle } from './style';
import type { ComposedLine, PageLine, StructRole } from './types';

export interface HandoutFonts {
  /** Font chains: the role's font, then the fallbacks */
  body: LoadedFont[];
  bodyBold: LoadedFont[];
  heading: LoadedFont[];
  sans: LoadedFont[];
}

/** Composes a paragraph (cached); reports missing characters on the side. `maxLines`: looseness −1 (L1). */
export type LayFn = (
  text: string,
  style: ParagraphStyle,
  width: number,
  lead?: number,
  maxLines?: number,
) => ComposedLine[];

export interface LayoutContext {
  style: HandoutStyle;
  /** Text block width */
  measure: number;
  fonts: HandoutFonts;
  lay: LayFn;
}

/** A part of the document as the furniture sees it: heading, contents entry, bookmark, running head. */
export interface PartMark {
  /** 0 for a part of its own (intro, talk, dialogue), 1–4 for a section level */
  level: number;
  /** Bookmark and running head */
  title: string;
  /** The contents entry (title and, for a talk, the speaker's name) */
  entry: string;
}

/** One composed line of a flow item, with the vertical slot it takes. */
export interface FlowLine {
  kind: PageLine['kind'];
  line: ComposedLine;
  /** Height of the line's slot (pt) */
  advance: number;
  size: number;
  /** Paragraph id for body lines (W2 bookkeeping), else -1 */
  paragraph: number;
  index: number;
  last: boolean;
}

interface ItemBase {
  /** Index of the item in the flow: ties lines to their structure element (tagged PDF) */
  block: number;
  role: StructRole;
  lines: FlowLine[];
}

/** A heading-like block: placed whole, with space around it, kept with what follows. */
export interface StackItem extends ItemBase {
  kind: 'stack';
  before: number;
  after: number;
  /** Body lines of the following item that must share the page (keep-with-next) */
  keep: number;
  /** A rule in the space above, when the stack does not open a page (a running-on part) */
  rule: boolean;
  /** Set for a part's heading block */
  part: PartMark | null;
}

/** A paragraph: split across pages at line boundaries under W2. */
export interface ParagraphItem extends ItemBase {
  kind: 'paragraph';
  /**
   * The paragraph opens a run-in part (its bold lead is the part's marker): space and rule above it;
   * the lead's runs (the first `leadRuns` of line 0) are the part's heading element `headingBlock`.
   */
  opens?: { part: PartMark; before: number; rule: boolean; headingBlock?: number; leadRuns?: number };
  /** What the lines were composed from: the spill phase (spill.ts) sets some paragraphs again, tighter */
  source: { text: string; lead: number; role?: ParagraphRole };
}

export interface BreakItem {
  kind: 'break';
}

export type FlowItem = StackItem | ParagraphItem | BreakItem;

/** Structure ids of run-in part headings: this plus the paragraph's flow index (apart from flow and front ids) */
export const RUN_IN_HEADING_BLOCK = 1_000_000;

/** The body style of a paragraph by its role (salutation and closing flush left, README: I1). */
export function paragraphStyle(ctx: LayoutContext, role: ParagraphRole = 'body'): ParagraphStyle {
  const s = ctx.style;
  return {
    fonts: ctx.fonts.body,
    leadFonts: ctx.fonts.bodyBold,
    size: s.body.size,
    indent: role === 'body' ? s.body.indent : 0,
    exitGap: s.body.exitGap,
    align: 'justify',
    punctuation: s.punctuation,
  };
}

export function centredStyle(ctx: LayoutContext, fonts: LoadedFont[], size: number): ParagraphStyle {
  return { fonts, size, indent: 0, align: 'center', punctuation: ctx.style.punctuation };
}

/** A title: split at spaces into centred lines when it does not fit on one. */
export function titleLines(ctx: LayoutContext, text: string, style: ParagraphStyle): ComposedLine[] {
  const one = ctx.lay(text, style, ctx.measure);
  if (one.length <= 1 || !/\s/.test(text.trim())) return one;
  return text
    .trim()
    .split(/\s+/)
    .flatMap((part) => ctx.lay(part, style, ctx.measure));
}

/** The speaker's name at the end of a byline (「江苏省…镇党委书记 吴志高」 → 吴志高). */
export function bylineName(byline: string): string {
  const parts = byline.trim().split(/\s+/);
  return parts.length > 1 ? parts[parts.length - 1]! : '';
}

const stackLine = (kind: PageLine['kind'], line: ComposedLine, advance: number, size: number): FlowLine => ({
  kind,
  line,
  advance,
  size,
  paragraph: -1,
  index: 0,
  last: true,
});

/**
 * Body lines of the part whose heading is items[at], when the part is no more than paragraphs up to
 * the next part (or a page break, or the end); Infinity when a section heading comes first. A part's
 * heading keeps `part.minLines` lines with it, but never more than the part has: a talk of one line
 * that fits under its heading is complete there (forum-mixed A5 put 「把党支部建在产业链上」 and its
 * one line on a page of their own).
 */
function partLines(items: readonly FlowItem[], at: number): number {
  let lines = 0;
  for (let j = at + 1; j < items.length; j++) {
    const it = items[j]!;
    if (it.kind === 'paragraph') lines += it.lines.length;
    else if (it.kind === 'break' || it.part?.level === 0) return lines;
    else return Number.POSITIVE_INFINITY;
  }
  return lines;
}

/** A paragraph's composed lines as flow lines of the body (paragraph `id` for W2). */
export function bodyLines(s: HandoutStyle, lines: readonly ComposedLine[], id: number): FlowLine[] {
  return lines.map((l, i) => ({
    kind: 'body',
    line: l,
    advance: s.body.pitch,
    size: s.body.size,
    paragraph: id,
    index: i,
    last: i === lines.length - 1,
  }));
}

/** Collect: body blocks → flow items with composed lines and keep rules. */
export function collectFlow(blocks: readonly HandoutBlock[], ctx: LayoutContext): FlowItem[] {
  const s = ctx.style;
  const F = ctx.fonts;
  const items: FlowItem[] = [];
  let paragraphId = 0;
  let seenPart = false;
  /** Section levels in force under the current part: a heading's tag is its depth, never a skipped level */
  const sections: number[] = [];
  /** A run-in part waiting for the paragraph that opens it */
  let opening: ParagraphItem['opens'];
  for (const b of blocks) {
    const block = items.length;
    switch (b.kind) {
      case 'newpage':
        items.push({ kind: 'break' });
        break;
      case 'chapter': {
        // Each part on its own page when the house style says so; parts run on otherwise.
        if (seenPart && s.partBreak === 'page') items.push({ kind: 'break' });
        seenPart = true;
        sections.length = 0;
        const lines: FlowLine[] = [];
        const t = s.part.title;
        for (const l of titleLines(ctx, b.title, centredStyle(ctx, F.heading, t.size)))
          lines.push(stackLine('title', l, t.advance, t.size));
        if (b.subtitle) {
          const st = s.part.subtitle;
          for (const l of ctx.lay(b.subtitle, centredStyle(ctx, F.sans, st.size), ctx.measure))
            lines.push(stackLine('title', l, st.advance, st.size));
        }
        if (b.byline) {
          const by = s.part.byline;
          for (const l of ctx.lay(b.byline, centredStyle(ctx, F.body, by.size), ctx.measure))
            lines.push(stackLine('title', l, by.advance, by.size));
        }
        const name = bylineName(b.byline);
        const entry = b.entry || (name && !b.title.includes(name) ? `${b.title}\u3000${name}` : b.title);
        // An untitled talk's heading is its speaker line; the name alone (its entry) marks it elsewhere.
        const mark: PartMark = { level: 0, title: b.entry && !b.entry.startsWith(b.title) ? b.entry : b.title, entry };
        if (b.runIn) {
          // 「【编者按】本期……」: no heading lines; the next paragraph opens the part (its lead in bold).
          opening = { part: mark, before: s.part.before, rule: true };
          break;
        }
        items.push({
          kind: 'stack',
          block: items.length,
          role: 'H1',
          lines,
          before: s.part.before,
          after: s.part.after,
          keep: s.part.minLines,
          rule: true,
          part: mark,
        });
        break;
      }
      case 'heading': {
        const h = s.heading(b.level);
        // PDF/UA (Matterhorn 14-003): 一、 then （1） is H2 then H3, not H2 then H5
        while (sections.length && sections.at(-1)! >= b.level) sections.pop();
        sections.push(b.level);
        const depth = (seenPart ? 1 : 0) + sections.length;
        const style: ParagraphStyle = {
          fonts: F.heading,
          size: h.size,
          indent: 2 * h.size,
          exitGap: s.body.exitGap,
          align: 'justify',
          punctuation: s.punctuation,
        };
        items.push({
          kind: 'stack',
          block,
          role: `H${Math.min(6, depth)}` as StructRole,
          lines: ctx.lay(b.text, style, ctx.measure).map((l) => stackLine('heading', l, h.advance, h.size)),
          before: h.before,
          after: h.after,
          keep: 0,
          rule: false,
          part: { level: b.level, title: b.text, entry: b.text },
        });
        break;
      }
      case 'credits': {
        const c = s.credits;
        const style: ParagraphStyle = {
          fonts: F.body,
          size: c.size,
          indent: c.indent,
          align: 'left',
          punctuation: s.punctuation,
        };
        items.push({
          kind: 'stack',
          block,
          role: 'Div',
          lines: b.lines.flatMap((text) =>
            ctx.lay(text, style, ctx.measure).map((l) => stackLine('credits', l, c.advance, c.size)),
          ),
          before: c.before,
          after: c.after,
          keep: 0,
          rule: false,
          part: null,
        });
        break;
      }
      case 'paragraph': {
        const id = paragraphId++;
        const lines = ctx.lay(b.text, paragraphStyle(ctx, b.role), ctx.measure, b.lead);
        if (opening && b.lead > 0 && lines[0]) {
          // the run-in marker (「【编者按】」) is the part's heading in the structure tree: its own H1
          const bold = new Set(F.bodyBold.map((f) => f.path));
          const runs = lines[0].runs;
          let n = 0;
          while (n < runs.length - 1 && bold.has(runs[n]!.font)) n++;
          if (n > 0) opening = { ...opening, headingBlock: RUN_IN_HEADING_BLOCK + block, leadRuns: n };
        }
        items.push({
          kind: 'paragraph',
          block,
          role: 'P',
          ...(opening ? { opens: opening } : {}),
          lines: bodyLines(s, lines, id),
          source: { text: b.text, lead: b.lead, ...(b.role ? { role: b.role } : {}) },
        });
        opening = undefined;
        break;
      }
      case 'cover':
      case 'contents':
        // front matter: laid out by front.ts
        break;
    }
  }
  keepWithNext(items, s);
  return items;
}

/**
 * Keep-with-next: a heading needs the first lines of what follows on its page — set on the stacks in
 * place, from the lines the items have now (the spill phase calls it again on paragraphs set tighter).
 */
export function keepWithNext(items: readonly FlowItem[], s: HandoutStyle): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.kind !== 'stack' || it.role === 'Div') continue;
    const next = items[i + 1];
    let need = 0;
    if (next?.kind === 'paragraph') {
      // A paragraph of up to three lines cannot be split under W2, so all of it must fit.
      const k = next.lines.length;
      need = k <= s.unsplittableLines ? k : 2;
    } else if (next?.kind === 'stack') need = s.headingKeepHeading;
    it.keep = Math.max(it.part?.level === 0 ? s.part.minLines : 0, need);
    if (it.part?.level === 0) it.keep = Math.min(it.keep, partLines(items, i));
  }
}
