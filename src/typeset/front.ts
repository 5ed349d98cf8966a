// Front matter: the cover (series above the title, title, subtitle; organiser, occasion and date near
// the foot) and the contents pages (every part with its body page number, dot leaders). Positions are
// relative to the text block, as in distribute.ts.
import type { HandoutBlock } from '../handout/parse';
import type { PlacedLine } from './distribute';
import { centredStyle, type LayoutContext, titleLines } from './flow';
import type { ParagraphStyle } from './paragraph';
import type { Rule } from './types';

export interface FrontPage {
  lines: (PlacedLine & { left: number })[];
  rules: Rule[];
}

/** A contents entry: a part with the folio of the body page it opens on. */
export interface ContentsEntry {
  text: string;
  level: number;
  folio: string;
}

const place = (
  line: PlacedLine['line'],
  kind: PlacedLine['kind'],
  y: number,
  size: number,
  block: number,
  left = 0,
): FrontPage['lines'][number] => ({
  kind,
  line,
  y,
  size,
  advance: 0,
  paragraph: -1,
  index: 0,
  last: true,
  block,
  left,
});

/** Structure element ids of the front matter (the body's flow items count from 0). */
export const COVER_BLOCK = -1;
export const CONTENTS_BLOCK = -2;
export const CONTENTS_TITLE_BLOCK = -3;
/** The contents entry i is the structure element CONTENTS_ENTRY_BLOCK − i. */
export const CONTENTS_ENTRY_BLOCK = -100;

export function layoutCover(
  b: Extract<HandoutBlock, { kind: 'cover' }>,
  ctx: LayoutContext,
  height: number,
): FrontPage {
  const c = ctx.style.cover;
  const F = ctx.fonts;
  const page: FrontPage = { lines: [], rules: [] };
  let top = c.seriesTop;
  for (const text of b.above) {
    for (const l of ctx.lay(text, centredStyle(ctx, F.sans, c.series.size), ctx.measure)) {
      page.lines.push(place(l, 'cover', top, c.series.size, COVER_BLOCK));
      top += c.series.advance;
    }
  }
  top = Math.max(top, c.titleTop);
  for (const l of titleLines(ctx, b.title, centredStyle(ctx, F.heading, c.title.size))) {
    page.lines.push(place(l, 'cover', top, c.title.size, COVER_BLOCK));
    top += c.title.advance;
  }
  if (b.subtitle) {
    top += c.subtitleGap;
    for (const l of titleLines(ctx, b.subtitle, centredStyle(ctx, F.sans, c.subtitle.size))) {
      page.lines.push(place(l, 'cover', top, c.subtitle.size, COVER_BLOCK));
      top += c.subtitle.advance;
    }
  }
  // The foot lines end where the text block ends, or start below the titles if there are many.
  const foot = b.lines.flatMap((text) => ctx.lay(text, centredStyle(ctx, F.sans, c.lines.size), ctx.measure));
  let bottom = Math.max(top + c.lines.advance, Math.min(c.linesTop, height - foot.length * c.lines.advance));
  for (const l of foot) {
    page.lines.push(place(l, 'cover', bottom, c.lines.size, COVER_BLOCK));
    bottom += c.lines.advance;
  }
  return page;
}

export function layoutContents(
  title: string,
  entries: readonly ContentsEntry[],
  ctx: LayoutContext,
  height: number,
): FrontPage[] {
  const s = ctx.style;
  const cs = s.contents;
  const F = ctx.fonts;
  const size = s.body.size;
  const pitch = s.body.pitch;
  const out: FrontPage[] = [];
  let page: FrontPage = { lines: [], rules: [] };
  out.push(page);
  let y = 0;
  if (title) {
    for (const l of ctx.lay(title, centredStyle(ctx, F.heading, cs.title.size), ctx.measure)) {
      page.lines.push(place(l, 'title', y + cs.title.size * 1.2, cs.title.size, CONTENTS_TITLE_BLOCK));
      y += cs.title.advance;
    }
  }
  entries.forEach((e, ei) => {
    const id = CONTENTS_ENTRY_BLOCK - ei;
    const indent = e.level * cs.levelIndent;
    const style: ParagraphStyle = {
      fonts: e.level === 0 ? F.sans : F.body,
      size,
      indent: 0,
      align: 'justify',
      punctuation: s.punctuation,
    };
    const width = ctx.measure - indent - cs.numberWidth - 2 * size;
    const lines = ctx.lay(e.text, style, width);
    const gap = e.level === 0 ? cs.partGap : 0;
    if (y + gap + lines.length * pitch > height) {
      page = { lines: [], rules: [] };
      out.push(page);
      y = 0;
    }
    if (y > 0) y += gap;
    lines.forEach((l, i) => {
      const baseline = y + pitch / 2 + size * s.baselineFactor;
      page.lines.push({ ...place(l, 'contents', baseline, size, id, indent), index: i });
      if (i === lines.length - 1) {
        const num = ctx.lay(e.folio, { fonts: F.body, size, indent: 0, align: 'left' }, cs.numberWidth)[0];
        if (num) {
          const numLeft = ctx.measure - num.end;
          page.lines.push(place(num, 'contents', baseline, size, id, numLeft));
          const x0 = indent + l.end + size * 0.5;
          const x1 = numLeft - size * 0.5;
          if (x1 > x0) page.rules.push({ kind: 'dots', x0, x1, y: baseline - size * 0.1, weight: cs.dot });
        }
      }
      y += pitch;
    });
  });
  return out;
}
