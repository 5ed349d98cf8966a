// Marp rendering: one marp-core instance per process (kept warm for watch mode), our theme, the
// CJK-friendly emphasis rule, and everything that would reach the network switched off.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Marp, MarpOptions } from '@marp-team/marp-core';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { LecternError } from '../errors';
import { registerSlot } from '../cache';
import { packageRoot, resolveAsset } from '../paths';
import { BESPOKE_FILE, bespokeAssets } from './bespoke';
import { readRecorded, writeRecorded } from './recorded';
import {
  MemoisedStyleMarp,
  linkifyPrefilter,
  memoisePureRenderSteps,
  type ThemeFields,
  withoutBuiltInThemes,
  withRecordedThemes,
} from '../vendor/marp';

/** Marp options shared by slides.html and the marp-cli PDF export. */
export const MARP_OPTIONS: MarpOptions = {
  // marp-core would turn emoji into Twemoji images from a CDN
  emoji: { shortcode: false, unicode: false },
  // MathJax/KaTeX: not needed for transcripts, and KaTeX fonts come from a CDN
  math: false,
  // transcript text is Markdown-escaped; the template itself needs only <br> (title lines) and <wbr>
  // (where a line may break in text set with word-break: keep-all), <span class="halt"> (punctuation pairs)
  html: { br: [], wbr: [], span: ['class'] },
  minifyCSS: true,
  // the inline helper script (WebKit polyfill); no CDN
  script: true,
};

export interface LoadedTheme {
  name: string;
  file: string;
  css: string;
}

const themeCache = registerSlot<{ file: string; mtimeMs: number; size: number; theme: LoadedTheme }>(
  'slides: the loaded theme',
);

/** templates/themes/lectern.css (the project's copy first, then lectern's). */
export function loadTheme(projectRoot: string): LoadedTheme {
  const file = resolveAsset('templates/themes/lectern.css', projectRoot);
  let st: import('node:fs').Stats;
  try {
    st = statSync(file);
  } catch {
    throw new LecternError(file, 'slide theme not found', { hint: 'restore templates/themes/lectern.css' });
  }
  const hit = themeCache.value;
  if (hit && hit.file === file && hit.mtimeMs === st.mtimeMs && hit.size === st.size) {
    return hit.theme;
  }
  const css = readFileSync(file, 'utf8');
  const m = /@theme\s+([\w-]+)/.exec(css);
  if (!m)
    throw new LecternError(file, 'the slide theme has no `@theme` name', {
      hint: 'start it with /* @theme lectern */',
    });
  const theme = { name: m[1]!, file, css };
  themeCache.value = { file, mtimeMs: st.mtimeMs, size: st.size, theme };
  return theme;
}

let engine: { marp: MemoisedStyleMarp; themeCss: string } | undefined;

/**
 * The stylesheets `npm run compile` packed for the sample's deck (dist/marp-styles.json): packing the
 * theme through PostCSS was ~12 % of a cold deck. Keyed by the theme set's content, so a stale file
 * is only unused (tested: test/marp-styles.test.ts).
 */
const STYLES_FILE = join(packageRoot, 'dist', 'marp-styles.json');

/**
 * The themes `npm run compile` made from CSS for the sample's deck (dist/marp-themes.json: marp-core's
 * default and lectern's), added again from their fields instead of through PostCSS (withRecordedThemes).
 */
const THEMES_FILE = join(packageRoot, 'dist', 'marp-themes.json');
/** The themes this process made from CSS or took from THEMES_FILE, by key (written to it by recordStyles) */
const madeThemes = new Map<string, ThemeFields>();

/**
 * Writes the stylesheets packed so far to dist/marp-styles.json, the themes made to
 * dist/marp-themes.json and marp-cli's bespoke stylesheet to dist/marp-bespoke.json (`npm run
 * compile`, after the sample).
 */
export function recordStyles(): void {
  if (!engine) return;
  writeRecorded(STYLES_FILE, engine.marp.styleEntries());
  writeRecorded(THEMES_FILE, madeThemes);
  const { source, css } = bespokeAssets();
  writeRecorded(BESPOKE_FILE, [[source, css]]);
}

/** The marp-core instance for slides.html: bespoke's container `div#:$p`, inline SVG slides. */
export function marpFor(theme: LoadedTheme): Marp {
  if (!engine) {
    // gaia (which also loads web fonts from the network) and uncover are never used: not parsed
    const marp = withRecordedThemes(new Map(readRecorded<ThemeFields>(THEMES_FILE)), madeThemes, () =>
      withoutBuiltInThemes(
        ['gaia', 'uncover'],
        () =>
          new MemoisedStyleMarp({
            ...MARP_OPTIONS,
            // marp-cli's bespoke template expects exactly this container (its script looks up #:$p)
            container: { tag: 'div', id: ':$p' } as unknown as MarpOptions['container'],
            slideContainer: false,
            inlineSVG: true,
          }),
      ),
    );
    marp.use(cjkFriendly);
    // after every plugin: the memoised HTML filter wraps the rule they left
    memoisePureRenderSteps(marp);
    linkifyPrefilter(marp);
    marp.seedStyles(readRecorded<string>(STYLES_FILE));
    engine = { marp, themeCss: '' };
  }
  if (engine.themeCss !== theme.css) {
    engine.marp.themeSet.add(theme.css);
    engine.themeCss = theme.css;
  }
  return engine.marp;
}

export interface Rendered {
  html: string;
  css: string;
  /** Presenter notes per slide */
  comments: string[][];
  /** Number of slides */
  slides: number;
}

export function renderMarkdown(markdown: string, theme: LoadedTheme): Rendered {
  const marp = marpFor(theme);
  const { html, css, comments } = marp.render(markdown);
  return { html, css, comments, slides: comments.length };
}
