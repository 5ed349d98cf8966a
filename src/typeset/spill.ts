// Phase 2b of pagination — tighten (README: L1). A run of the body (the whole body when parts run on,
// one part under partBreak page) that ends on a page holding only a few lines, which the page before
// nearly has room for, costs a sheet for little text. Set one or two of the run's paragraphs a line
// shorter — looseness −1: their own shrink (punctuation compression, Latin spaces), never beyond the
// house style's widths — and distribute again; the tighter setting is kept only when it saves the page.
import type { BodyPage, Distributed, TextBlock } from './distribute';
import { distribute } from './distribute';
import { bodyLines, type FlowItem, keepWithNext, type LayoutContext, type ParagraphItem, paragraphStyle } from './flow';

/** Items of the run that ends on page `p` (from the last break before it), or null if `p` does not end a run */
function runOfSpill(items: readonly FlowItem[], pages: readonly BodyPage[], p: number): [number, number] | null {
  const items_ = (q: number) => pages[q]!.lines.map((l) => l.block).filter((b) => b < items.length);
  const last = Math.max(-1, ...items_(p));
  if (last < 0) return null;
  // the page's last paragraph does not go on over the page
  if (p + 1 < pages.length && items_(p + 1).some((b) => b <= last)) return null;
  // the run ends here when no item of it follows on a later page (a break or the end comes first)
  if (last + 1 < items.length && items[last + 1]!.kind !== 'break') return null;
  let first = last;
  while (first > 0 && items[first - 1]!.kind !== 'break') first--;
  return [first, last];
}

export function tightenSpills(
  items: readonly FlowItem[],
  body: Distributed,
  ctx: LayoutContext,
  block: TextBlock,
): { items: readonly FlowItem[]; body: Distributed } {
  const s = ctx.style;
  const { pages } = body;
  let best = { items, body };
  for (let p = pages.length - 1; p >= 1; p--) {
    const run = runOfSpill(items, pages, p);
    if (!run) continue;
    const before = pages[p - 1]!;
    // the page before must be of the same run, and the spill small enough for a line or two saved
    if (!before.lines.some((l) => l.block >= run[0] && l.block <= run[1])) continue;
    if (pages[p]!.used > block.height - before.used + s.spill.lines * s.body.pitch + 0.01) continue;
    // paragraphs that may give a line: the shortest exit lines first (least to pull back), later first on ties
    const candidates = items
      .map((it, i) => ({ it, i }))
      .filter(
        (c): c is { it: ParagraphItem; i: number } =>
          c.i >= run[0] && c.i <= run[1] && c.it.kind === 'paragraph' && c.it.lines.length >= 2,
      )
      .map((c) => {
        const exit = c.it.lines.at(-1)!.line;
        return { ...c, exit: exit.end - exit.start };
      })
      .sort((a, b) => a.exit - b.exit || b.i - a.i);
    const tighter = new Map<number, ParagraphItem>();
    for (const c of candidates) {
      if (tighter.size >= s.spill.paragraphs) break;
      const src = c.it.source;
      const lines = ctx.lay(src.text, paragraphStyle(ctx, src.role), ctx.measure, src.lead, c.it.lines.length - 1);
      if (lines.length >= c.it.lines.length) continue;
      tighter.set(c.i, { ...c.it, lines: bodyLines(s, lines, c.it.lines[0]!.paragraph) });
      // stacks are copied: their keep follows the new line counts, the untightened flow keeps its own
      const next = best.items.map((it, i) => tighter.get(i) ?? (it.kind === 'stack' ? { ...it } : it));
      keepWithNext(next, s);
      const redone = distribute(next, s, block);
      if (redone.pages.length < best.body.pages.length) {
        best = { items: next, body: redone };
        break;
      }
    }
  }
  return best;
}
