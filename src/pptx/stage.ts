// The pptx stage as the pipeline runs it: the deck plan the slide stage made, the theme's geometry
// and the slide font's family name → slides.pptx dated by the build's creation date.
import { readFileSync } from 'node:fs';
import { type DeckPlan, readThemeMetrics } from '../deck';
import type { FontSet } from '../fonts';
import type { Document } from '../model';
import { resolveAsset } from '../paths';
import type { Settings } from '../settings';
import { makePptx } from './index';

export async function makePptxForDocument(
  doc: Document,
  plan: DeckPlan,
  settings: Settings,
  fonts: FontSet,
): Promise<Buffer> {
  const themeFile = resolveAsset('templates/themes/lectern.css', settings.projectRoot);
  const metrics = readThemeMetrics(readFileSync(themeFile, 'utf8'), themeFile);
  return makePptx({
    plan,
    metrics,
    fontFace: fonts.get('slides').familyName,
    title: doc.meta.title || doc.name,
    date: settings.creationDate,
  });
}
