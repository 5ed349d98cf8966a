// The handout's design numbers in one place (the handout's equivalent of the slide theme's
// `--lectern-*` variables). Everything is derived from the page geometry's body size and pitch, so
// A4/B5/A5 and 12/10.5 pt bodies keep the same proportions. Rule IDs: src/typeset/README.md.
import type { PageGeometry } from './geometry';

/** House style for punctuation widths (README: P3). */
export type PunctuationStyle = 'quanjiao' | 'kaiming' | 'banjiao';
export const PUNCTUATION_STYLES: readonly PunctuationStyle[] = ['quanjiao', 'kaiming', 'banjiao'];

/** Whether each talk starts a new page (`page`) or parts run on (`auto`, the default). */
export type PartBreak = 'page' | 'auto';

/** A block of centred lines: type size and the vertical advance of each line. */
export interface LineSpec {
  size: number;
  /** Baseline-to-baseline advance (pt) */
  advance: number;
}

export interface HandoutStyle {
  punctuation: PunctuationStyle;
  partBreak: PartBreak;
  body: {
    size: number;
    pitch: number;
    /** I1: first-line indent */
    indent: number;
    /**
     * W3: white a paragraph's exit line leaves at least, unless it is set full — a nearly full exit line
     * hides the paragraph's end. The classic minimum is the indent; we ask the indent plus one character.
     */
    exitGap: number;
  };
  /** Where a line's baseline sits in its slot: slot/2 + size × this (CJK glyphs sit low in the em box). */
  baselineFactor: number;
  cover: {
    series: LineSpec;
    /** Top of the series line(s), from the top of the text block */
    seriesTop: number;
    title: LineSpec;
    /** First title baseline from the top of the text block */
    titleTop: number;
    subtitle: LineSpec;
    /** Extra space between title and subtitle */
    subtitleGap: number;
    /** Organiser, occasion, date: centred near the foot */
    lines: LineSpec;
    linesTop: number;
  };
  /** A part's heading block (intro, talk, dialogue): title, subtitle, byline. */
  part: {
    title: LineSpec;
    subtitle: LineSpec;
    byline: LineSpec;
    /** Space above a part heading that runs on (not at a page's top) */
    before: number;
    after: number;
    /** The rule drawn in the space above a running-on part heading */
    rule: { width: number; weight: number };
    /** K-rule for parts: a part opens on a page only when this many body lines fit under its heading */
    minLines: number;
  };
  /** Section headings by level (1 = 一、, 2 = （一）, 3 = 1., 4 = （1）) */
  heading: (level: number) => { size: number; advance: number; before: number; after: number };
  /** Lines a heading keeps with it when another heading follows */
  headingKeepHeading: number;
  /** W2: a paragraph this short (lines) is never split */
  unsplittableLines: number;
  /**
   * L1: a run's last page is saved when setting at most `paragraphs` of its paragraphs a line shorter
   * (looseness −1) pulls it back; tried only when its content needs no more than `lines` lines beyond
   * the room left on the page before.
   */
  spill: { paragraphs: number; lines: number };
  /** Host and guest lines under an intro */
  credits: { size: number; advance: number; before: number; after: number; indent: number };
  contents: {
    title: LineSpec;
    /** Extra space above a top-level entry */
    partGap: number;
    /** Indent per level */
    levelIndent: number;
    /** Width reserved for the page number */
    numberWidth: number;
    /** Leader dot diameter */
    dot: number;
  };
  furniture: {
    /** Running head size and its baseline above the text block */
    headSize: number;
    headRaise: number;
    /** Hairline under the running head */
    headRuleGap: number;
    headRuleWeight: number;
    /** Folio size and its baseline below the text block */
    folioSize: number;
    folioDrop: number;
  };
}

const half = (x: number) => Math.round(x * 2) / 2;

export function handoutStyle(
  g: PageGeometry,
  opts: { punctuation?: PunctuationStyle; partBreak?: PartBreak } = {},
): HandoutStyle {
  const size = g.size;
  const pitch = g.pitch;
  const coverTitle = Math.round(size * 2.1);
  const partTitle = Math.round(size * 1.5);
  const partSubtitle = Math.round(size * 1.17);
  const small = Math.max(8, half(size * 0.75));
  return {
    punctuation: opts.punctuation ?? 'quanjiao',
    partBreak: opts.partBreak ?? 'auto',
    body: { size, pitch, indent: 2 * size, exitGap: 3 * size },
    baselineFactor: 0.38,
    cover: {
      series: { size: Math.round(size * 1.25), advance: size * 2.2 },
      seriesTop: g.blockHeight * 0.08,
      title: { size: coverTitle, advance: coverTitle * 1.5 },
      titleTop: g.blockHeight * 0.22,
      subtitle: { size: Math.round(size * 1.4), advance: size * 2.2 },
      subtitleGap: size,
      lines: { size: Math.round(size * 1.25), advance: size * 2.2 },
      linesTop: g.blockHeight * 0.78,
    },
    part: {
      title: { size: partTitle, advance: partTitle * 1.6 },
      subtitle: { size: partSubtitle, advance: partSubtitle * 1.7 },
      // The speaker line under a title, smaller than the body (五号 under 小四): a credit, not text.
      byline: { size: half(size * 0.875), advance: pitch * 1.1 },
      before: pitch * 1.25,
      after: pitch * 0.5,
      rule: { width: 4 * size, weight: 0.6 },
      minLines: 3,
    },
    heading: (level) => {
      if (level <= 1) {
        const s = half(size * 1.17);
        return { size: s, advance: s * 1.9, before: pitch * 0.6, after: pitch * 0.2 };
      }
      return { size, advance: pitch, before: pitch * 0.25, after: 0 };
    },
    headingKeepHeading: 3,
    unsplittableLines: 3,
    spill: { paragraphs: 2, lines: 2 },
    credits: {
      size: half(size * 0.875),
      advance: half(size * 0.875) * 1.6,
      before: pitch * 0.5,
      after: pitch * 0.25,
      indent: 0,
    },
    contents: {
      title: { size: partTitle, advance: partTitle * 2.4 },
      partGap: pitch * 0.4,
      levelIndent: 2 * size,
      numberWidth: 3 * size,
      dot: size * 0.12,
    },
    furniture: {
      headSize: small,
      headRaise: size * 1.6,
      headRuleGap: small * 0.55,
      headRuleWeight: 0.4,
      folioSize: half(size * 0.875),
      folioDrop: size * 2.2,
    },
  };
}
