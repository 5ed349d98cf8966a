// Phase 2b of transcript recognition: headings that only their neighbours reveal — a short sentence
// ending in 。 among siblings of the same shape (「生态底色更加亮丽。」「这是……的五年。」「一是……。」), an
// unnumbered subhead (「组织起来」) set apart by indentation or recurring between paragraphs, and
// numbered list items that are not headings (「1、…。」 followed by 「2、…」).
import { type ClassifiedLines, type LineKind, PARAGRAPH_END } from './classify';
import { charClass } from './char-class';

/** Longest unnumbered sentence taken as a heading among siblings */
const MAX_SENTENCE_HEAD = 40;
/** Longest unnumbered subhead */
export const MAX_SUBHEAD = 30;
/** Sibling sentence heads are at most this many lines apart */
const SIBLING_SPAN = 4;
/** Longest line taken as an unnumbered heading on its own (「一点体会」): no sibling or indent vouches for it */
export const MAX_MINOR_HEAD = 15;

const isContent = (k: LineKind | undefined): boolean =>
  k !== undefined && (k.k === 'para' || (k.k === 'numbered' && !k.heading) || k.k === 'turn');
const isHeading = (k: LineKind | undefined): boolean => k !== undefined && k.k === 'numbered' && k.heading;
/** Endings a heading never has: a particle or a clause mark (`/[的了和与及或之、，,]$/u`) */
export const OPEN_END = charClass('的了和与及或之、，,');

export function resolveHeadings(cls: ClassifiedLines, from: number): void {
  const { kinds, probes, lines } = cls;
  const n = lines.length;
  const closedBefore = (i: number): boolean => {
    if (i <= from) return true;
    const k = kinds[i - 1]!;
    // running text (or a short line of it) ends a paragraph only with closing punctuation
    return (
      (k.k !== 'para' && k.k !== 'headingLike') ||
      PARAGRAPH_END.atEnd(probes[i - 1]!) ||
      (k.k === 'headingLike' && !OPEN_END.atEnd(probes[i - 1]!))
    );
  };
  // numbered list items: in a run of lines with the same mark, one that is not a heading makes the
  // 。-ending ones list items too (「1、新学期伊始，…。」「2、…。」)
  for (let i = from; i < n; ) {
    const k = kinds[i]!;
    if (k.k !== 'numbered') {
      i++;
      continue;
    }
    let j = i;
    while (j < n && kinds[j]!.k === 'numbered' && (kinds[j] as { level: number }).level === k.level) j++;
    const run = kinds.slice(i, j) as Extract<LineKind, { k: 'numbered' }>[];
    if (run.length >= 2 && run.some((r) => !r.heading && !r.lead))
      for (const r of run) if (r.sentence) r.heading = false;
    i = j;
  }
  // sentence heads: short whole-line sentences ending in 。, followed by a longer paragraph, with a sibling nearby
  const candidate: boolean[] = kinds.map((k, i) => {
    if (i < from) return false;
    const p = probes[i]!;
    const shape =
      (k.k === 'para' && p.length <= MAX_SENTENCE_HEAD) || (k.k === 'numbered' && !k.heading && k.sentence === true);
    if (!shape || !p.endsWith('。') || /[。！？；，,;!?]/u.test(p.slice(0, -1))) return false;
    const next = probes[i + 1];
    return next !== undefined && isContent(kinds[i + 1]) && next.length >= 2 * p.length && closedBefore(i);
  });
  let level = 0;
  for (let i = from; i < n; i++) {
    const k = kinds[i]!;
    if (isHeading(k) && !candidate[i]) level = (k as { level: number }).level;
    if (!candidate[i]) continue;
    let sibling = false;
    for (let d = 1; d <= SIBLING_SPAN && !sibling; d++)
      sibling = candidate[i - d] === true || candidate[i + d] === true;
    if (sibling) kinds[i] = { k: 'numbered', level: Math.min(4, level + 1), heading: true, lead: '' };
  }
  // unnumbered subheads: short lines without final punctuation between paragraphs, set apart by
  // indentation (paragraphs indented, the line not) or recurring (two or more in the text)
  const paras = lines.filter((_, i) => i >= from && kinds[i]!.k === 'para');
  const indented = paras.filter((l) => l.indent > 0).length;
  const indentContrast = paras.length >= 3 && indented >= 0.6 * paras.length;
  const subheads: number[] = [];
  for (let i = from; i < n; i++) {
    const k = kinds[i]!;
    const p = probes[i]!;
    if (k.k !== 'headingLike' || p.length > MAX_SUBHEAD || OPEN_END.atEnd(p)) continue;
    if (!closedBefore(i) || !isContent(kinds[i + 1]) || probes[i + 1]!.length < p.length) continue;
    if (indentContrast && (lines[i]!.indent > 0 || lines[i + 1]!.indent === 0)) continue;
    subheads.push(i);
  }
  if (indentContrast || subheads.length >= 2)
    for (const i of subheads) kinds[i] = { k: 'numbered', level: 1, heading: true, lead: '' };
  else resolveMinorHeads(cls, from);
}

/** Running text: a paragraph, or a numbered line that is not a heading (「1.加强学习。要……」) */
const isText = (k: LineKind | undefined): boolean =>
  k !== undefined && (k.k === 'para' || (k.k === 'numbered' && !k.heading));

/**
 * An unnumbered heading on its own: in a single speaker's text whose headings are numbered, one short
 * line without final punctuation standing between two paragraphs of running text, the one before it
 * closed (「……落实组织生活制度。」 / 「一点体会」 / 「要坚持问题导向。」). A text that numbers its headings
 * marks its structure, and such a line is no sentence of a paragraph; it heads what follows. Its level
 * is 1, as the unnumbered heads of 湖南农民运动考察报告 (「革命先锋」, 「十四件大事」 above 第一件…) and the
 * closing 结语/结束语 are: a part of the talk, not a subdivision of the numbered heading before it.
 * Lines after a heading, a caption or a metadata line, lines ending in a particle or a clause mark,
 * and texts of several speakers or of dialogue turns are not read this way.
 */
function resolveMinorHeads(cls: ClassifiedLines, from: number): void {
  const { kinds, probes, lines, speakerCount } = cls;
  if (speakerCount >= 2 || kinds.some((k) => k.k === 'turn')) return;
  let numbered = false;
  for (let i = from; i < lines.length; i++) {
    const k = kinds[i]!;
    numbered ||= isHeading(k);
    const p = probes[i]!;
    if (!numbered || k.k !== 'headingLike' || p.length > MAX_MINOR_HEAD || OPEN_END.atEnd(p)) continue;
    if (!isText(kinds[i - 1]) || !PARAGRAPH_END.atEnd(probes[i - 1]!) || !isText(kinds[i + 1])) continue;
    kinds[i] = { k: 'numbered', level: 1, heading: true, lead: '' };
  }
}
