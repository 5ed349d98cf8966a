// The slide geometry the planner works with, read from the theme's `--lectern-*` custom properties
// (templates/themes/lectern.css), so that the theme stays the one place where sizes are decided.
import { LecternError } from '../errors';

export interface SlideMetrics {
  width: number;
  height: number;
  padTop: number;
  padX: number;
  padBottom: number;
  bodySize: number;
  bodyLeading: number;
  bulletIndent: number;
  bulletGap: number;
  headlineSize: number;
  headlineLeading: number;
  headlineGap: number;
  /** Title sizes for title/section/closing slides, largest first: class size-l, size-m, size-s */
  titleSizes: { l: number; m: number; s: number };
  titleLeading: number;
  /** Space between a title and the first line under it */
  titleGap: number;
  /** Subtitles of title and section slides */
  subtitleSize: number;
  metaSize: number;
  metaLeading: number;
}

const KEYS = {
  width: 'width',
  height: 'height',
  padTop: 'pad-top',
  padX: 'pad-x',
  padBottom: 'pad-bottom',
  bodySize: 'body-size',
  bodyLeading: 'body-leading',
  bulletIndent: 'bullet-indent',
  bulletGap: 'bullet-gap',
  headlineSize: 'headline-size',
  headlineLeading: 'headline-leading',
  headlineGap: 'headline-gap',
  titleL: 'title-size-l',
  titleM: 'title-size-m',
  titleS: 'title-size-s',
  titleLeading: 'title-leading',
  titleGap: 'title-gap',
  subtitleSize: 'subtitle-size',
  metaSize: 'meta-size',
  metaLeading: 'meta-leading',
} as const;

/** Reads the `--lectern-<name>: <number>[px];` declarations of a theme. */
export function readThemeMetrics(css: string, file = 'theme'): SlideMetrics {
  const values = new Map<string, number>();
  for (const m of css.matchAll(/--lectern-([a-z-]+)\s*:\s*([\d.]+)(px)?\s*;/g)) values.set(m[1]!, Number(m[2]));
  const get = (name: string): number => {
    const v = values.get(name);
    if (v === undefined || !Number.isFinite(v) || v <= 0) {
      throw new LecternError(file, `the theme does not set --lectern-${name}`, {
        hint: 'lectern measures slides from these values; copy them from lectern’s own theme',
      });
    }
    return v;
  };
  return {
    width: get(KEYS.width),
    height: get(KEYS.height),
    padTop: get(KEYS.padTop),
    padX: get(KEYS.padX),
    padBottom: get(KEYS.padBottom),
    bodySize: get(KEYS.bodySize),
    bodyLeading: get(KEYS.bodyLeading),
    bulletIndent: get(KEYS.bulletIndent),
    bulletGap: get(KEYS.bulletGap),
    headlineSize: get(KEYS.headlineSize),
    headlineLeading: get(KEYS.headlineLeading),
    headlineGap: get(KEYS.headlineGap),
    titleSizes: { l: get(KEYS.titleL), m: get(KEYS.titleM), s: get(KEYS.titleS) },
    titleLeading: get(KEYS.titleLeading),
    titleGap: get(KEYS.titleGap),
    subtitleSize: get(KEYS.subtitleSize),
    metaSize: get(KEYS.metaSize),
    metaLeading: get(KEYS.metaLeading),
  };
}

/** Width and height of the content box (inside the padding). */
export function contentBox(m: SlideMetrics): { width: number; height: number } {
  return { width: m.width - 2 * m.padX, height: m.height - m.padTop - m.padBottom };
}
