// Shaping from the font's tables (cmap, hmtx, GSUB/GPOS read directly: src/fonts/tables.ts), with
// fontkit's shaper only for what those readers cannot shape. Results are cached per font and string for
// the life of the process, so a rebuild measures nothing twice.
import type { LoadedFont } from '../fonts';
import type { FontTables } from '../fonts/tables';
import { registerCache } from '../cache';

/** A shaped glyph in font units of 1 em = 1 (scaled by the caller to the point size). */
export interface ShapedGlyph {
  id: number;
  /** Advance in em */
  advance: number;
  /** The characters this glyph stands for (first glyph of a cluster carries them all) */
  text: string;
}

export interface Shaped {
  glyphs: ShapedGlyph[];
  /** Total advance in em */
  advance: number;
}

/** Blank halves of a full-width punctuation mark from its `halt` metrics, in em. */
export interface PunctBlanks {
  left: number;
  right: number;
}

const shapeCache = registerCache('typeset: shaped runs by font key', new Map<string, Map<string, Shaped>>());

/** A glyph's advance in em, read straight from the `hmtx` table (see FontTables.advance). */
export function glyphAdvance(font: LoadedFont, id: number): number {
  return font.tables.advance(id);
}

/** Code points fontkit treats specially whatever the font says (marks, selectors, joiners, fraction slash). */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: single code points are meant, not sequences
const SPECIAL = /[\p{M}\u200c\u200d\u2044\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;

/**
 * The run's glyphs from cmap + hmtx alone, or null when an OpenType feature fontkit applies by default
 * could change them (then the real shaper runs).
 */
function plainGlyphs(tables: FontTables, text: string, latin: boolean): Shaped | null {
  const glyphs: ShapedGlyph[] = [];
  let total = 0;
  for (const ch of text) {
    const id = tables.glyphId(ch.codePointAt(0)!);
    if (SPECIAL.test(ch) || (latin ? tables.mayShape(id, 'latn') : tables.mayShape(id, 'hani', 'ZHS '))) return null;
    const advance = tables.advance(id);
    glyphs.push({ id, advance, text: ch });
    total += advance;
  }
  return { glyphs, advance: total };
}
/**
 * The glyph id of one BMP character that no default OpenType feature can change, read from cmap alone
 * (what plainGlyphs gives for it), or -1 when the character needs the general path (shape).
 */
export function unshapedGlyph(font: LoadedFont, ch: string, latin: boolean): number {
  const cp = ch.charCodeAt(0);
  if (ch.length !== 1 || (cp >= 0xd800 && cp <= 0xdfff) || SPECIAL.test(ch)) return -1;
  const tables = font.tables;
  const id = tables.glyphId(cp);
  return (latin ? tables.mayShape(id, 'latn') : tables.mayShape(id, 'hani', 'ZHS ')) ? -1 : id;
}

const haltCache = registerCache(
  'typeset: punctuation halt metrics by font key',
  new Map<string, Map<string, PunctBlanks | null>>(),
);

function cacheFor<K, T>(top: Map<string, Map<K, T>>, key: string): Map<K, T> {
  let m = top.get(key);
  if (!m) top.set(key, (m = new Map()));
  return m;
}

/**
 * Shapes `text` in `font`. CJK text is shaped with script `hani` and language `ZHS ` so that the
 * Chinese forms apply (—— is 2 em); Latin and digit runs with `latn` so that kerning applies.
 */
export function shape(font: LoadedFont, text: string, latin = false): Shaped {
  const cache = cacheFor(shapeCache, latin ? `${font.key}#latn` : font.key);
  const hit = cache.get(text);
  if (hit) return hit;
  // The font's tables read directly; fontkit's font (`font.font`, parsed on first use) only to shape
  // what they cannot.
  const tables = font.tables;
  const upm = tables.unitsPerEm;
  // Most runs (every Han character, most marks) meet no default feature: no shaper needed.
  let result = plainGlyphs(tables, text, latin);
  if (!result && !SPECIAL.test(text)) {
    // Substitutions and kerning read from GSUB/GPOS directly (—— in ZHS forms, Latin words, digits).
    const run = tables.shapeRun(
      Array.from(text, (ch) => ch.codePointAt(0)!),
      latin ? 'latn' : 'hani',
      latin ? '' : 'ZHS ',
    );
    if (run) {
      const glyphs = run.map((g) => ({
        id: g.id,
        advance: g.advance / upm,
        text: String.fromCodePoint(...g.codePoints),
      }));
      result = { glyphs, advance: glyphs.reduce((t, g) => t + g.advance, 0) };
    }
  }
  if (!result) {
    const f = font.font;
    const run = latin ? f.layout(text, [], 'latn') : f.layout(text, [], 'hani', 'ZHS ');
    const glyphs: ShapedGlyph[] = [];
    let total = 0;
    // Attribute the source text to glyphs by cluster: each glyph takes the code points fontkit reports.
    for (let i = 0; i < run.glyphs.length; i++) {
      const g = run.glyphs[i]!;
      const adv = run.positions[i]!.xAdvance / upm;
      glyphs.push({ id: g.id, advance: adv, text: String.fromCodePoint(...g.codePoints) });
      total += adv;
    }
    result = { glyphs, advance: total };
  }
  cache.set(text, result);
  return result;
}

/**
 * The blank halves of a full-width mark, from the font's `halt` feature (the half-width alternate
 * metrics: the advance removed and the x offset tell on which side the blank is). Null when the font has
 * no `halt` for this mark.
 */
export function punctBlanks(font: LoadedFont, mark: string): PunctBlanks | null {
  const cache = cacheFor(haltCache, font.key);
  if (cache.has(mark)) return cache.get(mark)!;
  const tables = font.tables;
  const upm = tables.unitsPerEm;
  // Read the single-positioning `halt` values straight from GPOS when nothing else shapes the mark.
  const cp = mark.codePointAt(0)!;
  const id = tables.glyphId(cp);
  if (String.fromCodePoint(cp) === mark && !SPECIAL.test(mark) && !tables.mayShape(id, 'hani', 'ZHS ')) {
    const adj = tables.singleAdjustment(id, 'halt', 'hani', 'ZHS ');
    if (adj) {
      const fullAdvance = Math.round(tables.advance(id) * upm); // hmtx holds whole font units
      const result = blanksFrom(fullAdvance, fullAdvance + adj.xAdvance, adj.xPlacement, upm);
      cache.set(mark, result);
      return result;
    }
  }
  const f = font.font;
  const full = f.layout(mark, [], 'hani', 'ZHS ');
  const half = f.layout(mark, ['halt'], 'hani', 'ZHS ');
  const result =
    full.glyphs.length === 1 && half.glyphs.length === 1
      ? blanksFrom(full.positions[0]!.xAdvance, half.positions[0]!.xAdvance, half.positions[0]!.xOffset, upm)
      : null;
  cache.set(mark, result);
  return result;
}

/** Blank halves from the full advance, the `halt` advance and its x offset (font units). */
function blanksFrom(fullAdvance: number, halfAdvance: number, halfOffset: number, upm: number): PunctBlanks | null {
  const removed = fullAdvance / upm - halfAdvance / upm;
  if (removed <= 0.01) return null;
  const left = Math.max(0, -halfOffset / upm);
  return { left, right: Math.max(0, removed - left) };
}

/** Whether `font` has a glyph for `cp` (its cmap, read directly and cached per code point). */
export function hasGlyph(font: LoadedFont, cp: number): boolean {
  return font.tables.glyphId(cp) !== 0;
}

/** Which font of the chain has a glyph for `cp`; -1 if none. */
export function fontIndexFor(chain: readonly LoadedFont[], cp: number): number {
  for (let i = 0; i < chain.length; i++) if (hasGlyph(chain[i]!, cp)) return i;
  return -1;
}
