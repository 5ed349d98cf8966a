// Plain data produced by the typesetter and drawn verbatim by src/pdf. No fontkit or pdfkit objects
// here: a font is named by its file path (the key of the FontSet entry that serves it).

/** One glyph, placed. x is the pen position of the glyph; `advance` is how far the pen moves after it. */
export interface PlacedGlyph {
  /** Glyph id in the font */
  id: number;
  /** Pen x (pt) */
  x: number;
  /** Pen advance used on the page (pt): the distance to the next glyph, or to the line's end for the last one */
  advance: number;
  /** The text this glyph stands for (for ToUnicode); '' for the second glyph of a cluster */
  text: string;
}

/** Glyphs of one font and size on one baseline. */
export interface GlyphRun {
  /** Font file path (a FontSet key) */
  font: string;
  size: number;
  /** Baseline, pt from the top of the page (or of the line while in paragraph layout) */
  y: number;
  glyphs: PlacedGlyph[];
}

/** A character that no font in the chain can draw. */
export interface MissingChar {
  char: string;
  /** Offset in the paragraph text (UTF-16 index) */
  offset: number;
}

/** One line as composed by the paragraph composer; x relative to the text block's left edge, y = 0. */
export interface ComposedLine {
  runs: GlyphRun[];
  /** x of the first glyph (the indent, or 0) */
  start: number;
  /** x where the line's content ends (after line-end trimming) */
  end: number;
  /** Whether this is the paragraph's last line (not justified) */
  last: boolean;
  /** The characters on the line, in order (for tests and diagnostics) */
  text: string;
}

export interface ParagraphLayout {
  lines: ComposedLine[];
  missing: MissingChar[];
}

/** A horizontal rule or dot leader drawn by the PDF writer. */
export interface Rule {
  kind: 'rule' | 'dots';
  x0: number;
  x1: number;
  y: number;
  /** Line width (rule) or dot diameter (dots) */
  weight: number;
}

export interface OutlineEntry {
  title: string;
  /** 0-based page index */
  page: number;
  /** Top of the target, pt from the top of the page */
  top: number;
  children: OutlineEntry[];
}

/** What the body text of a page holds, by line (for tests of the page rules). */
export interface PageLine {
  kind: 'body' | 'heading' | 'title' | 'credits' | 'header' | 'footer' | 'cover' | 'contents';
  /** The structure element the line belongs to (a StructNode id); null for artefacts (running head, folio) */
  block: number | null;
  /** Which paragraph (index in the flow) a body line belongs to, else -1 */
  paragraph: number;
  /** Index of this line within its paragraph */
  index: number;
  /** Whether it is the paragraph's last line */
  last: boolean;
  /** Baseline (pt from top) */
  y: number;
  line: ComposedLine;
  /** Left edge of the text block on the page: glyph x on the page = left + glyph.x */
  left: number;
}

export interface Page {
  kind: 'cover' | 'blank' | 'contents' | 'body';
  width: number;
  height: number;
  /** Printed page number ('' when none is shown) */
  folio: string;
  lines: PageLine[];
  rules: Rule[];
}

/** Standard structure types of a tagged PDF (ISO 32000-1 §14.8.4) that the handout uses. */
export type StructRole = 'Div' | 'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6' | 'P' | 'TOC' | 'TOCI';

/** A structure element; its content is every PageLine whose `block` is its id, in page order. */
export interface StructNode {
  id: number;
  role: StructRole;
  /** Parent element id; null for a child of the document */
  parent: number | null;
}

export interface TypesetDocument {
  pages: Page[];
  /** Structure elements in reading order, parents before their children */
  structure: StructNode[];
  outline: OutlineEntry[];
  missing: { char: string; where: string }[];
}
