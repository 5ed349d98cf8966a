// Shaping with fontkit on the very font objects the PDF writer embeds. Results are cached per font and
// string for the life of the process, so a rebuild measures nothing twice.
import type { LoadedFont } from '../fonts';

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

const shapeCache = new Map<string, Map<string, Shaped>>();
const advanceTables = new Map<string, (id: number) => number>();

interface FontInternals {
  directory?: { tables?: Record<string, { offset: number; length: number } | undefined> };
  stream?: { buffer?: Uint8Array };
  hhea?: { numberOfMetrics?: number };
}

/**
 * A glyph's advance in em, read straight from the `hmtx` table. fontkit's glyph.advanceWidth also
 * decodes the outline (for vertical metrics), which costs ~50 µs a glyph; this is a table lookup.
 */
export function glyphAdvance(font: LoadedFont, id: number): number {
  let fn = advanceTables.get(font.path);
  if (!fn) {
    const f = font.font;
    const upm = f.unitsPerEm;
    const internals = f as unknown as FontInternals;
    const table = internals.directory?.tables?.hmtx;
    const count = internals.hhea?.numberOfMetrics;
    const buf = internals.stream?.buffer;
    if (table && count && buf && table.offset + count * 4 <= buf.length) {
      const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      const off = table.offset;
      const lastAdvance = view.getUint16(off + (count - 1) * 4) / upm;
      fn = (gid: number) => (gid < count ? view.getUint16(off + gid * 4) / upm : lastAdvance);
    } else {
      fn = (gid: number) => f.getGlyph(gid).advanceWidth / upm;
    }
    advanceTables.set(font.path, fn);
  }
  return fn(id);
}
const haltCache = new Map<string, Map<string, PunctBlanks | null>>();

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
  const cache = cacheFor(shapeCache, latin ? font.path + '#latn' : font.path);
  const hit = cache.get(text);
  if (hit) return hit;
  const f = font.font;
  const upm = f.unitsPerEm;
  let result: Shaped;
  const cp = text.codePointAt(0)!;
  if (!latin && text.length <= 2 && String.fromCodePoint(cp) === text && cp >= 0x3400 && cp !== 0x2014) {
    // A single ideograph: no substitution to apply, skip the shaper (the common case, and the hot path).
    const id = f.glyphForCodePoint(cp).id;
    const adv = glyphAdvance(font, id);
    result = { glyphs: [{ id, advance: adv, text }], advance: adv };
  } else {
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
  const cache = cacheFor(haltCache, font.path);
  if (cache.has(mark)) return cache.get(mark)!;
  const f = font.font;
  const upm = f.unitsPerEm;
  const full = f.layout(mark, [], 'hani', 'ZHS ');
  const half = f.layout(mark, ['halt'], 'hani', 'ZHS ');
  let result: PunctBlanks | null = null;
  if (full.glyphs.length === 1 && half.glyphs.length === 1) {
    const fullAdv = full.positions[0]!.xAdvance / upm;
    const halfAdv = half.positions[0]!.xAdvance / upm;
    const off = half.positions[0]!.xOffset / upm;
    const removed = fullAdv - halfAdv;
    if (removed > 0.01) {
      const left = Math.max(0, -off);
      result = { left, right: Math.max(0, removed - left) };
    }
  }
  cache.set(mark, result);
  return result;
}

const coverage = new Map<string, Map<number, boolean>>();

/** Whether `font` has a glyph for `cp` (cached: fontkit's cmap lookup is not free). */
export function hasGlyph(font: LoadedFont, cp: number): boolean {
  const cache = cacheFor(coverage, font.path);
  let has = cache.get(cp);
  if (has === undefined) {
    has = font.font.hasGlyphForCodePoint(cp);
    cache.set(cp, has);
  }
  return has;
}

/** Which font of the chain has a glyph for `cp`; -1 if none. */
export function fontIndexFor(chain: readonly LoadedFont[], cp: number): number {
  for (let i = 0; i < chain.length; i++) if (hasGlyph(chain[i]!, cp)) return i;
  return -1;
}
