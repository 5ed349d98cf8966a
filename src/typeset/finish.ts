// Phase 3 of pagination — finish: the assembled pages (front matter and body, positions relative to
// the text block) become absolute pages with their furniture: running heads and folios on body pages
// only, none on a page a part opens (book conventions: /work/shared/reference/book-and-speech.md).
import type { PlacedLine } from './distribute';
import type { LayoutContext } from './flow';
import type { PageGeometry } from './geometry';
import type { ParagraphStyle } from './paragraph';
import type { Page, PageLine, Rule } from './types';

export interface AssembledPage {
  kind: Page['kind'];
  lines: (PlacedLine & { left?: number })[];
  /** x from the text block's left edge, y from its top */
  rules: Rule[];
  /** Printed folio ('' for none) */
  folio: string;
  /** Running head text ('' for none) and on which side it sits (outer edge of a duplex page) */
  head: string;
  headSide: 'left' | 'right';
}

export function finishPages(work: readonly AssembledPage[], ctx: LayoutContext, g: PageGeometry): Page[] {
  const fu = ctx.style.furniture;
  const F = ctx.fonts;
  return work.map((w) => {
    const lines: PageLine[] = w.lines.map((p) => ({
      kind: p.kind,
      block: p.block,
      paragraph: p.paragraph,
      index: p.index,
      last: p.last,
      y: g.top + p.y,
      left: g.left + (p.left ?? 0),
      line: p.line,
    }));
    const rules = w.rules.map((r) => ({ ...r, x0: g.left + r.x0, x1: g.left + r.x1, y: g.top + r.y }));
    if (w.head) {
      // Running head at the page's outer edge, a hairline below it.
      const headY = g.top - fu.headRaise;
      const headStyle: ParagraphStyle = { fonts: F.sans, size: fu.headSize, indent: 0, align: 'left' };
      const head = ctx.lay(w.head, headStyle, g.measure * 2)[0];
      if (head) {
        const left = w.headSide === 'left' ? g.left : g.left + g.measure - head.end;
        lines.push({ kind: 'header', block: null, paragraph: -1, index: 0, last: true, y: headY, left, line: head });
        rules.push({
          kind: 'rule',
          x0: g.left,
          x1: g.left + g.measure,
          y: headY + fu.headRuleGap,
          weight: fu.headRuleWeight,
        });
      }
    }
    if (w.folio) {
      // Folio centred below the text block, in the GB style — n —.
      const num = ctx.lay(
        `— ${w.folio} —`,
        { fonts: F.body, size: fu.folioSize, indent: 0, align: 'left' },
        g.measure,
      )[0];
      if (num) {
        lines.push({
          kind: 'footer',
          block: null,
          paragraph: -1,
          index: 0,
          last: true,
          y: g.top + g.blockHeight + fu.folioDrop,
          left: g.left + (g.measure - num.end) / 2,
          line: num,
        });
      }
    }
    return { kind: w.kind, width: g.width, height: g.height, folio: w.folio, lines, rules };
  });
}
