// Measuring slide text with the real glyph advances of the slide font (fontkit), and counting the
// lines a browser will need for it. The line breaker imitates Chromium with `line-break: strict`
// (kinsoku: no 。，、 etc. at a line start, no opening bracket at a line end; Latin words and digit runs
// never break inside), and measures with full-width punctuation, so its count is never below the
// browser's: Chromium can only make text narrower (punctuation trimming), never wider.
import type { Font } from 'fontkit';
import { FontTables } from '../typeset/font-tables';

/** Characters that may not start a line (clreq / CSS `line-break: strict`). */
const NO_LINE_START = new Set(
  [...'。．，、；：？！）］｝〕〉》」』】〙〗〞’”…‥—–～・·%‰℃°，.,;:?!)]}〜ー々〻ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ'],
);
/** Characters that may not end a line. */
const NO_LINE_END = new Set([...'（［｛〔〈《「『【〘〖〝‘“([{']);

/** A glyph's advance in em: cmap and hmtx read directly (fontkit's lookups cost ~1 µs each, cold). */
function advance(font: Font, codePoint: number): number | undefined {
  const tables = FontTables.of(font);
  const id = tables.glyphId(codePoint);
  return id === 0 ? undefined : tables.advance(id);
}

/**
 * Advance widths in em, cached per code point. Given several fonts (regular and bold), a character
 * measures as its widest advance among them, so text that is partly bold is never underestimated.
 */
export class GlyphWidths {
  private readonly cache = new Map<number, number>();
  readonly fonts: Font[];

  constructor(...fonts: Font[]) {
    this.fonts = fonts;
  }

  /** Advance of one code point in em (a missing glyph counts as 1 em: the fallback font is CJK). */
  em(codePoint: number): number {
    let w = this.cache.get(codePoint);
    if (w === undefined) {
      w = 0;
      for (const font of this.fonts) {
        w = Math.max(w, advance(font, codePoint) ?? 1);
      }
      this.cache.set(codePoint, w);
    }
    return w;
  }

  /** Width of `text` in px at `size` px. */
  width(text: string, size: number): number {
    let em = 0;
    for (const ch of text) em += this.em(ch.codePointAt(0)!);
    return em * size;
  }
}

interface Unit {
  text: string;
  width: number;
  /** A space: a break opportunity that takes no room at a line end */
  space: boolean;
}

const LATIN = /[A-Za-z0-9\u00C0-\u024F.,%'’\-+/_#&@:]/;

const SPACE = 1;
const LATIN_CHAR = 2;
const charClass = new Map<string, number>();

function classOf(ch: string): number {
  let c = charClass.get(ch);
  if (c === undefined) {
    c = /\s/.test(ch) ? SPACE : LATIN.test(ch) ? LATIN_CHAR : 0;
    charClass.set(ch, c);
  }
  return c;
}

/** Splits text into the pieces a browser never breaks inside. */
function units(text: string, widths: GlyphWidths, size: number): Unit[] {
  const out: Unit[] = [];
  let word = '';
  let wordWidth = 0;
  const flush = () => {
    if (word) out.push({ text: word, width: wordWidth, space: false });
    word = '';
    wordWidth = 0;
  };
  for (const ch of text) {
    const cls = classOf(ch);
    const w = widths.em(ch.codePointAt(0)!) * size;
    if (cls === SPACE) {
      flush();
      out.push({ text: ' ', width: w, space: true });
    } else if (cls === LATIN_CHAR && !(word === '' && NO_LINE_START.has(ch) && out.length > 0)) {
      word += ch;
      wordWidth += w;
    } else {
      flush();
      out.push({ text: ch, width: w, space: false });
    }
  }
  flush();
  return out;
}

function canBreakBefore(list: Unit[], i: number): boolean {
  if (i <= 0 || i >= list.length) return false;
  const prev = list[i - 1]!;
  const next = list[i]!;
  if (prev.space || next.space) return true;
  if (NO_LINE_START.has(next.text[0]!)) return false;
  if (NO_LINE_END.has(prev.text[prev.text.length - 1]!)) return false;
  // Two Latin pieces next to each other (e.g. "9.7" split by a rule above) stay together.
  if (LATIN.test(prev.text[prev.text.length - 1]!) && LATIN.test(next.text[0]!)) return false;
  return true;
}

/**
 * Breaks `text` into lines of at most `maxWidth` px at `size` px, the way Chromium does with
 * `line-break: strict`. Returns the lines (for tests and debugging); `.length` is the line count.
 */
export function breakLines(text: string, widths: GlyphWidths, size: number, maxWidth: number): string[] {
  const list = units(text, widths, size);
  const lines: string[] = [];
  let start = 0;
  while (start < list.length) {
    // skip spaces at a line start
    while (start < list.length && list[start]!.space && lines.length > 0) start++;
    if (start >= list.length) break;
    let x = 0;
    let end = start;
    while (end < list.length) {
      const u = list[end]!;
      if (x + u.width > maxWidth && !u.space && end > start) break;
      x += u.width;
      end++;
    }
    if (end < list.length) {
      // back up to the last allowed break at or before `end`
      let b = end;
      while (b > start + 1 && !canBreakBefore(list, b)) b--;
      // no allowed break in the whole line: the browser breaks anyway (overflow-wrap: anywhere)
      if (b > start + 1 || canBreakBefore(list, b)) end = b;
    }
    lines.push(
      list
        .slice(start, end)
        .map((u) => u.text)
        .join('')
        .trimEnd(),
    );
    start = end;
  }
  return lines.length ? lines : [''];
}

const lineCounts = new WeakMap<GlyphWidths, Map<string, number>>();

/** Number of lines `text` takes (memoised per font pair: a rebuild re-measures only what changed). */
export function lineCount(text: string, widths: GlyphWidths, size: number, maxWidth: number): number {
  let memo = lineCounts.get(widths);
  if (!memo) lineCounts.set(widths, (memo = new Map()));
  const key = `${size}|${maxWidth}|${text}`;
  let n = memo.get(key);
  if (n === undefined) {
    n = breakLines(text, widths, size, maxWidth).length;
    if (memo.size > 50_000) memo.clear();
    memo.set(key, n);
  }
  return n;
}

/**
 * The longest prefix of `text` that fits in `maxLines` lines, cut before a character that may start a
 * line; `suffix` (e.g. an ellipsis) is counted in.
 */
export function fitPrefix(
  text: string,
  widths: GlyphWidths,
  size: number,
  maxWidth: number,
  maxLines: number,
  suffix = '…',
): string {
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (lineCount(chars.slice(0, mid).join('') + suffix, widths, size, maxWidth) <= maxLines) lo = mid;
    else hi = mid - 1;
  }
  let cut = lo;
  // do not end on an opening bracket or leave a lone punctuation mark for the cut
  while (cut > 0 && (NO_LINE_END.has(chars[cut - 1]!) || /[，、；：]/.test(chars[cut - 1]!))) cut--;
  return chars.slice(0, cut).join('') + suffix;
}
