// Page geometry: the text block is a whole number of body characters wide (so a line of pure Han text
// needs no stretching) and a whole number of lines high.
/**
 * Paper sizes as Chinese print shops name them (width × height in mm), each with the body size that
 * suits it when none is set: 小四 (12 pt) on the large pages, 五号 (10.5 pt) on book and A5 sizes.
 * ISO-B5 (GB/T 148, = ISO 216) and JIS-B5 differ by 6 × 7 mm; plain "B5" means ISO-B5 (PAPER_ALIASES).
 */
export const PAPERS = {
  A4: { mm: [210, 297], body: 12 },
  A5: { mm: [148, 210], body: 10.5 },
  'ISO-B5': { mm: [176, 250], body: 10.5 },
  'JIS-B5': { mm: [182, 257], body: 10.5 },
  '16开': { mm: [185, 260], body: 10.5 },
  大16开: { mm: [210, 285], body: 12 },
  '32开': { mm: [130, 184], body: 10.5 },
  大32开: { mm: [140, 203], body: 10.5 },
} as const satisfies Record<string, { mm: readonly [number, number]; body: number }>;

export type PaperName = keyof typeof PAPERS;

/** Other names people use for the same sizes (matched without regard to case and spaces). */
export const PAPER_ALIASES: Record<string, PaperName> = {
  B5: 'ISO-B5',
  ISOB5: 'ISO-B5',
  JISB5: 'JIS-B5',
  B5JIS: 'JIS-B5',
  正16开: '16开',
  正度16开: '16开',
  大度16开: '大16开',
  正32开: '32开',
  正度32开: '32开',
  大度32开: '大32开',
};

const ptOf = (mm: number): number => Math.round(((mm * 72) / 25.4) * 100) / 100;

/** Page sizes in pt (A4, A5 and ISO-B5 are the figures pdfkit uses). */
export const PAPER_SIZES = Object.fromEntries(
  Object.entries(PAPERS).map(([name, p]) => [name, [ptOf(p.mm[0]), ptOf(p.mm[1])]]),
) as Record<PaperName, [number, number]>;

/** The body size (pt) a page gets when no setting names one. */
export function defaultBodySize(paper: PaperName): number {
  return PAPERS[paper].body;
}

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
