// Phase 2 of pagination — distribute: flow items onto body pages. A stack (heading block) goes whole
// and only where the lines it keeps with fit too; a paragraph splits at line boundaries under W2; a
// break item starts a new page. Positions are relative to the top of the text block.
import type { FlowItem, FlowLine, PartMark, StackItem } from './flow';
import type { HandoutStyle } from './style';
import type { GlyphRun, Rule, StructRole } from './types';

export interface PlacedLine extends FlowLine {
  /** Baseline, pt from the top of the text block */
  y: number;
  /** The flow item (structure element) the line belongs to */
  block: number;
}

/** Where a part's heading landed. */
export interface PartPlacement {
  part: PartMark;
  /** Body page index */
  page: number;
  /** Top of the heading's first line, from the top of the text block */
  top: number;
  block: number;
}

export interface BodyPage {
  lines: PlacedLine[];
  /** Rules, y from the top of the text block */
  rules: Rule[];
  /** The innermost part in force where the page starts (the running head names it) */
  partAtTop: PartMark | null;
  /** The page's first item is the heading of a part of its own (level 0): no running head */
  opensPart: boolean;
  /** Height the page's content takes from the top of the text block (its last line's slot included) */
  used: number;
}

export interface Distributed {
  pages: BodyPage[];
  parts: PartPlacement[];
  /** Structure elements in reading order */
  blocks: { block: number; role: StructRole }[];
}

export interface TextBlock {
  /** Height of the text block */
  height: number;
  /** Left edge and width of the text block (for rules) */
  measure: number;
}

export function distribute(items: readonly FlowItem[], style: HandoutStyle, block: TextBlock): Distributed {
  const pitch = style.body.pitch;
  const pages: BodyPage[] = [];
  const parts: PartPlacement[] = [];
  const blocks: Distributed['blocks'] = [];
  /** Parts in force, outermost first */
  const inForce: PartMark[] = [];
  let page: BodyPage | null = null;
  let y = 0;

  const newPage = (): BodyPage => {
    page = { lines: [], rules: [], partAtTop: inForce.at(-1) ?? null, opensPart: false, used: 0 };
    pages.push(page);
    y = 0;
    return page;
  };
  const current = (): BodyPage => page ?? newPage();
  const room = () => block.height - y;
  const baseline = (top: number, slot: number, size: number) => top + slot / 2 + size * style.baselineFactor;

  /** A part opens here: in force from now on, the rule and space above it unless at a page's top. */
  const openPart = (p: BodyPage, part: PartMark | null, rule: boolean, before: number, at: number) => {
    const atTop = y === 0;
    if (part) {
      while (inForce.length && inForce.at(-1)!.level >= part.level) inForce.pop();
      inForce.push(part);
      if (atTop) {
        p.partAtTop = inForce.at(-2) ?? null;
        if (part.level === 0) p.opensPart = true;
      }
    }
    if (!atTop) {
      if (rule) {
        const w = style.part.rule.width;
        const x0 = (block.measure - w) / 2;
        p.rules.push({ kind: 'rule', x0, x1: x0 + w, y: y + before / 2, weight: style.part.rule.weight });
      }
      y += before;
    }
    if (part) parts.push({ part, page: pages.length - 1, top: y, block: at });
  };

  const placeStack = (st: StackItem) => {
    const height = (top: boolean) => (top ? 0 : st.before) + st.lines.reduce((t, l) => t + l.advance, 0) + st.after;
    let p = current();
    if (y > 0 && height(false) + st.keep * pitch > room() + 0.01) p = newPage();
    openPart(p, st.part, st.rule, st.before, st.block);
    for (const l of st.lines) {
      p.lines.push({ ...l, y: baseline(y, l.advance, l.size), block: st.block });
      y += l.advance;
    }
    p.used = y;
    y += st.after;
  };

  const placeParagraph = (lines: readonly FlowLine[], id: number, head?: { block: number; runs: number }) => {
    const k = lines.length;
    let i = 0;
    let p = current();
    while (i < k) {
      const fit = Math.floor((room() + 0.01) / pitch);
      const remaining = k - i;
      let n = Math.min(fit, remaining);
      if (n < remaining) {
        if (remaining - n === 1) n--; // W2: never leave a paragraph's last line alone at the next page's head
        if (i === 0 && n === 1) n = 0; // W2: never leave its first line alone at this page's foot
        if (n < 0) n = 0;
        if (n === 0 && y === 0) n = Math.min(fit, remaining); // a page cannot hold less: give up gracefully
      }
      for (let j = 0; j < n; j++) {
        const l = lines[i + j]!;
        const at = baseline(y, pitch, l.size);
        if (i + j === 0 && head) {
          // the run-in heading's runs are content of their own structure element (H1), the rest the P's
          const part = (runs: GlyphRun[]) => ({
            ...l.line,
            runs,
            text: runs.flatMap((r) => r.glyphs.map((g) => g.text)).join(''),
          });
          p.lines.push({
            ...l,
            kind: 'heading',
            paragraph: -1,
            line: part(l.line.runs.slice(0, head.runs)),
            y: at,
            block: head.block,
          });
          p.lines.push({ ...l, line: part(l.line.runs.slice(head.runs)), y: at, block: id });
        } else p.lines.push({ ...l, y: at, block: id });
        y += pitch;
        p.used = y;
      }
      i += n;
      if (i < k) p = newPage();
    }
  };

  for (const it of items) {
    if (it.kind === 'break') {
      if (page && (page as BodyPage).lines.length > 0) page = null;
      continue;
    }
    const head = it.kind === 'paragraph' && it.opens?.headingBlock !== undefined ? it.opens : undefined;
    if (head) blocks.push({ block: head.headingBlock!, role: 'H1' });
    blocks.push({ block: it.block, role: it.role });
    if (it.kind === 'stack') placeStack(it);
    else {
      if (it.opens) {
        // a run-in part: its opening lines (all of a short paragraph, two of a long one) under the rule
        const need = it.lines.length <= style.unsplittableLines ? it.lines.length : style.part.minLines;
        let p = current();
        if (y > 0 && it.opens.before + need * pitch > room() + 0.01) p = newPage();
        openPart(p, it.opens.part, it.opens.rule, it.opens.before, it.block);
      }
      placeParagraph(it.lines, it.block, head && { block: head.headingBlock!, runs: head.leadRuns ?? 0 });
    }
  }
  return { pages, parts, blocks };
}
