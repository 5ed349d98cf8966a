// Page geometry: the text block is a whole number of body characters wide (so a line of pure Han text
// needs no stretching) and a whole number of lines high.
export type PaperName = 'A4' | 'B5' | 'A5';

/** Page sizes in pt (ISO 216; the same figures pdfkit uses). */
export const PAPER_SIZES: Record<PaperName, [number, number]> = {
  A4: [595.28, 841.89],
  B5: [498.9, 708.66],
  A5: [419.53, 595.28],
};

export interface PageGeometry {
  paper: PaperName;
  width: number;
  height: number;
  /** Body size (pt) */
  size: number;
  /** Characters per line */
  chars: number;
  /** Text block width = chars × size */
  measure: number;
  /** Left edge of the text block */
  left: number;
  /** Top edge of the text block */
  top: number;
  /** Baseline-to-baseline distance of body text */
  pitch: number;
  /** Lines of body text per page */
  lines: number;
  /** Height of the text block = lines × pitch */
  blockHeight: number;
}

export function pageGeometry(paper: PaperName, size: number): PageGeometry {
  const [width, height] = PAPER_SIZES[paper];
  // About 77 % of the page width for the text block (≈ 24 mm margins on A4), rounded down to whole characters.
  const chars = Math.floor((width * 0.77) / size);
  const measure = chars * size;
  const left = Math.round(((width - measure) / 2) * 100) / 100;
  const pitch = Math.round(size * 1.75 * 100) / 100; // comfortable leading for Chinese body text
  const lines = Math.floor((height * 0.79) / pitch);
  const blockHeight = lines * pitch;
  // A little higher than centred: the footer needs more room than the header.
  const top = Math.round(((height - blockHeight) / 2 - size * 0.5) * 100) / 100;
  return { paper, width, height, size, chars, measure, left, top, pitch, lines, blockHeight };
}
