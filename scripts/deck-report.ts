// npm run deck-report [files…]: plans the deck of each transcript (default: content/*.txt) and prints
// its deck report (src/deck/report.ts). Exit status 1 when a deck breaks the bounds the tests hold:
// median bullet ≤ 20 characters, none over 40, every bullet aligned, ≤ 5 bullets a slide, no one-bullet
// slide (a quote slide is not one), no bullet opening on a function word (是…, 的…).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GlyphWidths, planDeck, readThemeMetrics } from '../src/deck';
import { deckReport, formatDeckReport } from '../src/deck/report';
import { FontSet, loadFontConfig } from '../src/fonts';
import { loadTheme } from '../src/slides/render';
import { readDocument } from '../src/source';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const files = args.length
  ? args
  : readdirSync(join(root, 'content'))
      .filter((f) => f.endsWith('.txt') || f.endsWith('.md'))
      .map((f) => join(root, 'content', f));
const theme = loadTheme(root);
const metrics = readThemeMetrics(theme.css, theme.file);
const fonts = new FontSet(loadFontConfig(root));
const widths = new GlyphWidths(fonts.get('slides').tables, fonts.get('slidesBold').tables);
let bad = 0;
for (const file of files) {
  const { plan } = planDeck({ doc: readDocument(file), metrics, widths });
  const r = deckReport(plan);
  console.log(formatDeckReport(file, r));
  if (
    r.medianBulletLength > 20 ||
    r.maxBulletLength > 40 ||
    r.notAligned.length ||
    r.maxBulletsPerSlide > 5 ||
    r.oneBulletSlides > 0 ||
    r.noSubject.length > 0
  )
    bad++;
}
process.exitCode = bad ? 1 : 0;
