// The editable PowerPoint stage: DeckPlan (src/deck) → slides.pptx, text and not pictures, no browser.
import type { DeckPlan, SlideMetrics } from '../deck';
import { writeEditablePptx } from './deck';
import { reproducibleOoxml } from './zip';

export { readZip, reproducibleOoxml, writeZip } from './zip';
export { PPTX_STYLE } from './style';

export interface MakePptxInput {
  plan: DeckPlan;
  metrics: SlideMetrics;
  /** Family name of the font serving the 'slides' role */
  fontFace: string;
  title: string;
  /** Dates the file's entries and properties (from SOURCE_DATE_EPOCH or the settings) */
  date: Date;
}

/** slides.pptx: the same bytes for the same plan, font and date. */
export async function makePptx(input: MakePptxInput): Promise<Buffer> {
  const raw = await writeEditablePptx(input);
  return reproducibleOoxml(raw, input.date);
}
