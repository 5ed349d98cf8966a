// The slides stage: Document → plan (src/deck) → slides.md (templates/slides.md.hbs) → slides.html
// (src/slides), and slides.pdf when asked for and a Chromium is at hand.
import type { Document, Diagnostic } from '../model';
import type { Settings } from '../settings';
import type { FontSet, LoadedFont } from '../fonts';
import type { Timer } from '../pipeline/timer';
import { GlyphWidths, planDeck, readThemeMetrics, type DeckPlan } from '../deck';
import {
  bespokeAssets,
  exportPdf,
  exportPptx,
  findChromium,
  type HtmlParts,
  loadTheme,
  marpFor,
  renderSlidesHtml,
  withLazyHtml,
} from './index';
import { packageRoot } from '../paths';
import { prepareTemplate, renderTemplate } from '../templates';
import { registerSlot } from '../cache';
import { reproduciblePdf } from '../vendor/marp-pdf-dates';

export interface SlidesOutput {
  markdown: string;
  /** slides.html: `htmlParts` joined when first read (`withLazyHtml`) */
  readonly html: string;
  /** `html` in parts whose first and last are kept under watch (the worker encodes each part once) */
  htmlParts?: HtmlParts;
  warnings: Diagnostic[];
  slides: number;
  pdf?: Buffer;
  /** The plan the template rendered (for tests and `lectern check`) */
  plan?: DeckPlan;
  /** Theme CSS with the embedded fonts, for exports through marp-cli */
  exportCss?: string;
}

const NO_BROWSER =
  'no Chromium-family browser found (set CHROME_PATH or install chromium); slides.md and slides.html are written';

const widthsCache = registerSlot<{ key: string; widths: GlyphWidths }>('slides: glyph widths of the slide fonts');

/** Glyph widths of the slide fonts, kept for the process (watch rebuilds reuse the cache). */
function slideWidths(regular: LoadedFont, bold: LoadedFont): GlyphWidths {
  const key = `${regular.key}\u0000${bold.key}`;
  if (widthsCache.value?.key !== key) widthsCache.value = { key, widths: new GlyphWidths(regular.tables, bold.tables) };
  return widthsCache.value.widths;
}

/**
 * Builds now what every deck needs and no document changes: the Marp engine with lectern's theme
 * (marp-core's constructor and ThemeSet.add parse the default theme and ours through PostCSS), the
 * compiled slides.md template, marp-cli's presentation assets (read from its bundle). The slide
 * worker runs this while the main thread reads and recognises the transcript, so that the first deck
 * does not wait for it. A project with its own theme or template gets it when its deck comes.
 */
export function prepareSlides(): void {
  marpFor(loadTheme(packageRoot));
  prepareTemplate('slides.md.hbs', packageRoot);
  bespokeAssets();
}

export async function makeSlides(
  doc: Document,
  settings: Settings,
  fonts: FontSet,
  timer: Timer,
): Promise<SlidesOutput> {
  const { regular, bold } = timer.time('fonts', () => ({
    regular: fonts.get('slides'),
    bold: fonts.get('slidesBold'),
  }));
  const { plan, warnings, markdown, theme } = timer.time('templates', () => {
    const theme = loadTheme(settings.projectRoot);
    const metrics = readThemeMetrics(theme.css, theme.file);
    const { plan, warnings } = planDeck({
      doc,
      metrics,
      widths: slideWidths(regular, bold),
      date: settings.handout.date || doc.meta.date,
    });
    const markdown = renderTemplate('slides.md.hbs', plan, settings.projectRoot);
    return { plan, warnings, markdown, theme };
  });

  const rendered = await timer.timeAsync('marp', () =>
    renderSlidesHtml(markdown, { theme, title: doc.meta.title || doc.name, lang: plan.lang, regular, bold }),
  );
  const exportCss = `${theme.css}\n${rendered.fontCss}`;
  const out: SlidesOutput = withLazyHtml(
    { markdown, htmlParts: rendered.parts, warnings, slides: rendered.slides, plan, exportCss },
    rendered.parts,
  );
  if (rendered.slides !== plan.slideCount) {
    // the template was changed in a way the planner does not know; its measurements may not hold
    warnings.push({
      severity: 'warning',
      file: doc.file,
      line: 1,
      message: `slides.md.hbs made ${rendered.slides} slides where the plan has ${plan.slideCount}; slide sizes were measured for the plan`,
    });
  }

  if (settings.slidesPdf) {
    const browser = findChromium();
    if (!browser) {
      warnings.push({ severity: 'warning', file: doc.file, line: 1, message: `slides.pdf not written: ${NO_BROWSER}` });
    } else {
      try {
        out.pdf = await timer.timeAsync('pdf', async () =>
          reproduciblePdf(
            await exportPdf({ markdown, title: doc.meta.title || doc.name, themeCss: exportCss, browserPath: browser }),
            settings.creationDate,
          ),
        );
      } catch (e) {
        warnings.push({
          severity: 'warning',
          file: doc.file,
          line: 1,
          message: `slides.pdf not written: ${(e as Error).message.split('\n')[0]}`,
        });
      }
    }
  }
  return out;
}

/**
 * slides.pptx for a deck made by makeSlides (one picture per slide, presenter notes kept), through
 * marp-cli and Chromium; without a browser, no file and a warning.
 */
export async function makeSlidesPptx(
  doc: Document,
  slides: SlidesOutput,
  timer: Timer,
): Promise<{ pptx?: Buffer; warnings: Diagnostic[] }> {
  const browser = findChromium();
  if (!browser)
    return {
      warnings: [{ severity: 'warning', file: doc.file, line: 1, message: `slides.pptx not written: ${NO_BROWSER}` }],
    };
  try {
    const pptx = await timer.timeAsync('pdf', () =>
      exportPptx({
        markdown: slides.markdown,
        title: doc.meta.title || doc.name,
        themeCss: slides.exportCss ?? '',
        browserPath: browser,
      }),
    );
    return { pptx, warnings: [] };
  } catch (e) {
    return {
      warnings: [
        {
          severity: 'warning',
          file: doc.file,
          line: 1,
          message: `slides.pptx not written: ${(e as Error).message.split('\n')[0]}`,
        },
      ],
    };
  }
}
