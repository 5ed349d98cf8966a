// The slide font as an embedded web font: a subset holding only the characters the deck uses,
// stored as WOFF2 in a data: URL, so slides.html renders the same on a machine without Chinese fonts
// and never asks the network for a font.
import type { LoadedFont } from '../fonts';
import { subsetTrueType } from '../fonts/ttf-subset';
import { sfntToWoff2 } from '../fonts/woff2';
import { registerCache } from '../cache';

/** The family name the theme asks for (templates/themes/lectern.css). */
export const WEB_FONT_FAMILY = 'Lectern Slides';

/** Characters always included: ASCII (page numbers, Latin words) and marks the template adds. */
const ALWAYS = (() => {
  let s = '';
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  return `${s}（续）：　·…！、，。“”‘’`;
})();

const cache = registerCache('slides: WOFF2 subsets by font key and characters', new Map<string, Buffer>());

/** The sorted, de-duplicated characters of `text` plus the ones every deck needs. */
export function charsetOf(text: string): string {
  const set = new Set<string>();
  for (const ch of text + ALWAYS) if (ch >= ' ' || ch === '\u3000') set.add(ch);
  return [...set].sort().join('');
}

/** A WOFF2 subset of `font` covering `chars`; cached per font and character set (watch rebuilds). */
export async function subsetWoff2(font: LoadedFont, chars: string): Promise<Buffer> {
  const key = `${font.key}\u0000${chars}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // TrueType outlines: our own subsetter on the bytes already loaded (fast); anything else (CFF
  // outlines, collections) through harfbuzz, loaded only then
  let sfnt = subsetTrueType(font.bytes, font.font, chars, (ids) => font.ensureGlyphs(ids));
  if (!sfnt) {
    const { default: subsetFont } = await import('subset-font');
    font.ensureGlyphs(Array.from({ length: font.font.numGlyphs }, (_, i) => i));
    // hinting is useless at slide sizes and large in CJK fonts; a collection's face is copied out
    // first (harfbuzz would take the collection's first face)
    sfnt = await subsetFont(font.sfnt(), chars, { targetFormat: 'truetype', noHinting: true });
  }
  const woff2 = sfntToWoff2(sfnt);
  if (cache.size >= 8) cache.delete(cache.keys().next().value!);
  cache.set(key, woff2);
  return woff2;
}

export interface WebFontFace {
  weight: 400 | 700;
  woff2: Buffer;
}

/** `@font-face` rules embedding the given faces as data: URLs. */
export function fontFaceCss(faces: WebFontFace[]): string {
  return faces
    .map(
      (f) =>
        `@font-face{font-family:'${WEB_FONT_FAMILY}';font-style:normal;font-weight:${f.weight};font-display:block;` +
        `src:url(data:font/woff2;base64,${f.woff2.toString('base64')}) format('woff2')}`,
    )
    .join('\n');
}
