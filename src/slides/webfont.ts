// The slide font as an embedded web font: a subset holding only the characters the deck uses,
// stored as WOFF2 in a data: URL, so slides.html renders the same on a machine without Chinese fonts
// and never asks the network for a font.
import type { LoadedFont } from '../fonts';
import { subsetTables } from '../fonts/ttf-subset';
import { sfntToWoff2, tablesToWoff2Async } from '../fonts/woff2';
import { LruMap, registerCache } from '../cache';
import { CodeUnitStamps } from '../cjk/code-unit-stamps';

/** The family name the theme asks for (templates/themes/lectern.css). */
export const WEB_FONT_FAMILY = 'Lectern Slides';

/** Characters always included: ASCII (page numbers, Latin words) and marks the template adds. */
export const ALWAYS = (() => {
  let s = '';
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  return `${s}（续）：　·…！、，。“”‘’`;
})();

const cache = registerCache('slides: WOFF2 subsets by font key and characters', new LruMap<string, Buffer>(8));
/** How often a subset came from the cache, and how often it was made (tests). */
export const subsetReuse = { hits: 0, misses: 0 };

/** Which code units the current `charsetOf` call has met (two calls a deck, on every rebuild's path) */
const charsetStamps = new CodeUnitStamps();

/**
 * The sorted, de-duplicated characters (no controls) of `text` plus the ones every deck needs: the
 * string `[...new Set(chars)].sort().join('')` gives, built from stamped code units instead (it
 * runs on every rebuild's path). Characters outside the BMP and lone surrogates sort by their first
 * code unit, D800–DFFF, so they sit between the BMP's lower and upper parts, in their own sort.
 */
export function charsetOf(text: string): string {
  const stamp = charsetStamps.next();
  const stamps = charsetStamps.met;
  // the code units met, in any order: sorted at the end (a deck has a few thousand; walking all
  // 65,536 was most of this function's time on a cold start, before the code is optimised)
  const units: number[] = [];
  let surrogates: Set<string> | undefined;
  for (const s of [text, ALWAYS]) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0xd800 || c > 0xdfff) {
        if (stamps[c] !== stamp && c >= 0x20) units.push(c);
        stamps[c] = stamp;
      } else {
        surrogates ??= new Set<string>();
        if (s.codePointAt(i)! > 0xffff) surrogates.add(s.slice(i, ++i + 1));
        else surrogates.add(s[i]!);
      }
    }
  }
  // a typed array sorts numbers without a comparator call each
  const sorted = Uint16Array.from(units).sort();
  let low = 0;
  while (low < sorted.length && sorted[low]! < 0xd800) low++;
  return (
    unitsToString(sorted.subarray(0, low)) +
    [...(surrogates ?? [])].sort().join('') +
    unitsToString(sorted.subarray(low))
  );
}

/** The string of these code units (in slices: a call's arguments are bounded). */
function unitsToString(units: Uint16Array): string {
  let out = '';
  for (let k = 0; k < units.length; k += 8192)
    out += String.fromCharCode.apply(null, units.subarray(k, k + 8192) as unknown as number[]);
  return out;
}

/**
 * A WOFF2 subset of `font` covering `chars`; cached per font and character set (watch rebuilds), least
 * recently used out first: typing new characters makes a new regular subset on every rebuild, which
 * must not push out the bold face's, unchanged.
 */
export async function subsetWoff2(font: LoadedFont, chars: string): Promise<Buffer> {
  const key = `${font.key}\u0000${chars}`;
  const hit = cache.get(key);
  if (hit) {
    subsetReuse.hits++;
    return hit;
  }
  subsetReuse.misses++;
  // TrueType outlines: our own subsetter on the bytes already loaded (fast); anything else (CFF
  // outlines, collections) through harfbuzz, loaded only then
  const tables = subsetTables(font.bytes, font.tables, chars, (ids) => font.ensureGlyphs(ids));
  let woff2: Buffer;
  if (tables) woff2 = await tablesToWoff2Async(tables);
  else {
    const { default: subsetFont } = await import('subset-font');
    font.ensureGlyphs(Array.from({ length: font.font.numGlyphs }, (_, i) => i));
    // hinting is useless at slide sizes and large in CJK fonts; a collection's face is copied out
    // first (harfbuzz would take the collection's first face)
    woff2 = sfntToWoff2(await subsetFont(font.sfnt(), chars, { targetFormat: 'truetype', noHinting: true }));
  }
  cache.set(key, woff2);
  return woff2;
}

export interface WebFontFace {
  weight: 400 | 700;
  woff2: Buffer;
}

/**
 * `@font-face` rules embedding the given faces as data: URLs. ASCII only (the family name, numbers,
 * base64): slides.html writes these characters as its bytes (bespoke.ts, ASCII_HTML_PARTS).
 */
export function fontFaceCss(faces: WebFontFace[]): string {
  return fontFacePieces(faces).join('');
}

/**
 * `fontFaceCss` in pieces, each face's base64 a piece of its own: slides.html's bytes are written
 * piece by piece (src/pipeline/encoded-output.ts), so the rules (~0.3 MB for the sample) are never
 * copied into one string — a large string each deck, made and copied (~0.25 ms) to be copied again
 * into the bytes.
 */
export function fontFacePieces(faces: WebFontFace[]): string[] {
  const pieces: string[] = [];
  let before = '';
  for (const f of faces) {
    pieces.push(
      `${before}@font-face{font-family:'${WEB_FONT_FAMILY}';font-style:normal;font-weight:${f.weight};font-display:block;` +
        'src:url(data:font/woff2;base64,',
      f.woff2.toString('base64'),
    );
    before = ") format('woff2')}\n";
  }
  if (faces.length > 0) pieces.push(") format('woff2')}");
  return pieces;
}
