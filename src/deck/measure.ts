// Measuring slide text with the real glyph advances of the slide font (fontkit), and counting the
// lines a browser will need for it. The line breaker imitates Chromium with `line-break: strict`
// (kinsoku: no 。，、 etc. at a line start, no opening bracket at a line end; Latin words and digit runs
// never break inside), and measures with full-width punctuation, so its count is never below the
// browser's: Chromium can only make text narrower (punctuation trimming), never wider.
import {
  CHROMIUM_NOT_END as NO_LINE_END,
  CHROMIUM_NOT_START as NO_LINE_START,
  CLOSING_FULL_WIDTH,
  OPENING_FULL_WIDTH,
  PAUSE_MARKS,
  SENTENCE_ENDS,
} from '../cjk';
import { registerCache } from '../cache';
import type { FontTables } from '../fonts/tables';

/** A glyph's advance in em: cmap and hmtx read directly (fontkit's lookups cost ~1 µs each, cold). */
function advance(tables: FontTables, codePoint: number): number | undefined {
  const id = tables.glyphId(codePoint);
  return id === 0 ? undefined : tables.advance(id);
}

/**
 * Advance widths in em, cached per code point. Given several fonts (regular and bold), a character
 * measures as its widest advance among them, so text that is partly bold is never underestimated.
 */
export class GlyphWidths {
  private readonly cache = new Map<number, number>();
  /** The fonts' tables (LoadedFont.tables) */
  readonly fonts: FontTables[];

  constructor(...fonts: FontTables[]) {
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

/**
 * The pieces a browser never breaks inside, as parallel arrays over `text` (no strings are built:
 * counting lines, the planner's hot path, needs only widths and the characters at piece edges).
 */
interface Units {
  /** UTF-16 range of each piece in the text */
  start: number[];
  end: number[];
  width: number[];
  /** A space: a break opportunity that takes no room at a line end */
  space: boolean[];
}

const LATIN = /[A-Za-z0-9\u00C0-\u024F.,%'’\-+/_#&@:]/;

const SPACE = 1;
const LATIN_CHAR = 2;
const charClass = registerCache('deck: line-breaking class by character', new Map<string, number>());

function classOf(ch: string): number {
  let c = charClass.get(ch);
  if (c === undefined) {
    c = /\s/.test(ch) ? SPACE : LATIN.test(ch) ? LATIN_CHAR : 0;
    charClass.set(ch, c);
  }
  return c;
}

/** Splits text into the pieces a browser never breaks inside. */
function units(text: string, widths: GlyphWidths, size: number): Units {
  const out: Units = { start: [], end: [], width: [], space: [] };
  const push = (from: number, to: number, width: number, space: boolean) => {
    out.start.push(from);
    out.end.push(to);
    out.width.push(width);
    out.space.push(space);
  };
  let wordStart = -1;
  let wordWidth = 0;
  const flush = (at: number) => {
    if (wordStart >= 0) push(wordStart, at, wordWidth, false);
    wordStart = -1;
    wordWidth = 0;
  };
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const next = i + (cp > 0xffff ? 2 : 1);
    const ch = next - i === 1 ? text[i]! : text.slice(i, next);
    const cls = classOf(ch);
    const w = widths.em(cp) * size;
    if (cls === SPACE) {
      flush(i);
      push(i, next, w, true);
    } else if (cls === LATIN_CHAR && !(wordStart < 0 && NO_LINE_START.has(ch) && out.start.length > 0)) {
      if (wordStart < 0) wordStart = i;
      wordWidth += w;
    } else {
      flush(i);
      push(i, next, w, false);
    }
    i = next;
  }
  flush(text.length);
  return out;
}

function canBreakBefore(text: string, list: Units, i: number): boolean {
  if (i <= 0 || i >= list.start.length) return false;
  if (list.space[i - 1] || list.space[i]) return true;
  const first = text[list.start[i]!]!;
  const last = text[list.end[i - 1]! - 1]!;
  if (NO_LINE_START.has(first)) return false;
  if (NO_LINE_END.has(last)) return false;
  // Two Latin pieces next to each other (e.g. "9.7" split by a rule above) stay together.
  if (LATIN.test(last) && LATIN.test(first)) return false;
  return true;
}

/** The lines as [first piece, end piece) ranges (greedy, as Chromium fills lines). */
function lineRanges(text: string, list: Units, maxWidth: number, onLine: (start: number, end: number) => void): number {
  const n = list.start.length;
  let count = 0;
  let start = 0;
  while (start < n) {
    // skip spaces at a line start
    while (start < n && list.space[start] && count > 0) start++;
    if (start >= n) break;
    let x = 0;
    let end = start;
    while (end < n) {
      const w = list.width[end]!;
      if (x + w > maxWidth && !list.space[end] && end > start) break;
      x += w;
      end++;
    }
    if (end < n) {
      // back up to the last allowed break at or before `end`
      let b = end;
      while (b > start + 1 && !canBreakBefore(text, list, b)) b--;
      // no allowed break in the whole line: the browser breaks anyway (overflow-wrap: anywhere)
      if (b > start + 1 || canBreakBefore(text, list, b)) end = b;
    }
    onLine(start, end);
    count++;
    start = end;
  }
  return count;
}

/**
 * Breaks `text` into lines of at most `maxWidth` px at `size` px, the way Chromium does with
 * `line-break: strict`. Returns the lines (for tests and debugging); `.length` is the line count.
 */
export function chromiumLines(text: string, widths: GlyphWidths, size: number, maxWidth: number): string[] {
  const list = units(text, widths, size);
  const lines: string[] = [];
  lineRanges(text, list, maxWidth, (start, end) => {
    let line = '';
    for (let k = start; k < end; k++) line += list.space[k] ? ' ' : text.slice(list.start[k], list.end[k]);
    lines.push(line.trimEnd());
  });
  return lines.length ? lines : [''];
}

const noop = () => {};

// Not registered: a WeakMap can not be cleared, and it goes with its GlyphWidths (one per font pair).
const lineCounts = new WeakMap<GlyphWidths, Map<string, number>>();

/** Number of lines `text` takes (memoised per font pair: a rebuild re-measures only what changed). */
export function lineCount(text: string, widths: GlyphWidths, size: number, maxWidth: number): number {
  let memo = lineCounts.get(widths);
  if (!memo) lineCounts.set(widths, (memo = new Map()));
  const key = `${size}|${maxWidth}|${text}`;
  let n = memo.get(key);
  if (n === undefined) {
    n = Math.max(1, lineRanges(text, units(text, widths, size), maxWidth, noop));
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
  while (cut > 0 && (NO_LINE_END.has(chars[cut - 1]!) || PAUSE_MARKS.has(chars[cut - 1]!))) cut--;
  return chars.slice(0, cut).join('') + suffix;
}

/** Full-width punctuation Chromium sets half an em wide next to another one (text-spacing-trim). */
const CLOSING_PUNCT = new Set([...PAUSE_MARKS, ...SENTENCE_ENDS, ...CLOSING_FULL_WIDTH]);
const OPENING_PUNCT = new Set(OPENING_FULL_WIDTH);

/** compressiblePair's classes by code unit (every mark of both sets is one unit; other codes 0) */
const CLOSING_MARK = 1;
const OPENING_MARK = 2;
let markClasses: Uint8Array | undefined;
function markClassTable(): Uint8Array {
  if (!markClasses) {
    markClasses = new Uint8Array(0x10000);
    for (const c of CLOSING_PUNCT) markClasses[c.charCodeAt(0)] |= CLOSING_MARK;
    for (const c of OPENING_PUNCT) markClasses[c.charCodeAt(0)] |= OPENING_MARK;
  }
  return markClasses;
}

/**
 * compressiblePair of two characters given as code points (a lone surrogate as its unit): the same
 * answer by a table of classes, without four set look-ups of one-character strings — every character
 * of a deck's measured lines and of its slide texts asks it.
 */
export function compressibleCodes(a: number, b: number): boolean {
  const table = markClassTable();
  return compressibleClasses(a < 0x10000 ? table[a]! : 0, b < 0x10000 ? table[b]! : 0);
}

/** compressibleCodes of two characters by their classes (markClassTable) */
function compressibleClasses(a: number, b: number): boolean {
  // a closing mark pairs with any mark after it, an opening one with an opening one
  return a !== 0 && ((a & CLOSING_MARK) !== 0 ? b !== 0 : (b & OPENING_MARK) !== 0);
}

/**
 * Two adjacent full-width marks that are set half width each (”“, ”，, 。」, （（): the template wraps
 * them in a span with the font's `halt` feature, since Chromium's own text-spacing-trim stops at 1.5 em.
 */
export function compressiblePair(a: string, b: string): boolean {
  return (
    (CLOSING_PUNCT.has(a) && (CLOSING_PUNCT.has(b) || OPENING_PUNCT.has(b))) ||
    (OPENING_PUNCT.has(a) && OPENING_PUNCT.has(b))
  );
}

/** Width of `text` in px as Chromium draws it with adjacent full-width marks halved (`halt`). */
export function trimmedWidth(text: string, widths: GlyphWidths, size: number): number {
  const chars = [...text];
  let em = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const paired =
      (i + 1 < chars.length && compressiblePair(ch, chars[i + 1]!)) || (i > 0 && compressiblePair(chars[i - 1]!, ch));
    em += paired ? 0.5 : widths.em(ch.codePointAt(0)!);
  }
  return em * size;
}

/**
 * Whether the one-character string of code point `cp` is all white space to `String.prototype.trim`
 * (ECMAScript's WhiteSpace — tab, vertical tab, form feed, U+FEFF and the Zs spaces — and line
 * terminators): the same answer as `String.fromCodePoint(cp).trim() === ''`, without the string.
 */
export function isTrimmedSpace(cp: number): boolean {
  if (cp <= 0x20) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  if (cp < 0xa0) return false;
  return (
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000 ||
    cp === 0xfeff
  );
}

/** The string of code points `cps[from..to)` (a lone surrogate as itself) */
function codePointsText(cps: readonly number[], from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCodePoint(cps[k]!);
  return s;
}

/**
 * A line being filled, measured as trimmedWidth measures it but added to piece by piece: `sums[k]` is
 * the width in em of its first k characters, each counted once its right neighbour is known (a
 * full-width mark counts half beside another), so the width of any prefix is one more term — the
 * same additions in the same order as trimmedWidth, hence the same number. breakPieces measured
 * the whole line again for every piece added (its chars spread, four set lookups a char): a deck's
 * lines were measured ~6 times over, ~6 % of the slide worker's work on a batch's decks. The
 * characters are code points (a lone surrogate as its unit), read from the text by code and classed
 * by table: as one-character strings, four set look-ups and a `trim` each, a cold deck's ~3,500
 * measured characters cost ~4,000 instructions each at V8's baseline tier.
 */
class LineWidth {
  /** The line's characters as code points */
  cps: number[] = [];
  /** Their compressible-mark classes (markClassTable) and advances in em */
  private readonly classes: number[] = [];
  private readonly ems: number[] = [];
  private readonly sums: number[] = [];
  private readonly table = markClassTable();

  constructor(
    private readonly widths: GlyphWidths,
    private readonly size: number,
  ) {}

  /** Starts again from `text`. */
  reset(text: string): void {
    this.cps.length = 0;
    this.classes.length = 0;
    this.ems.length = 0;
    this.sums.length = 0;
    this.push(text);
  }

  /** Appends the characters of `text`; false (nothing appended) where they would join a surrogate pair with the last one. */
  push(text: string): boolean {
    const { cps, classes, ems, sums, table } = this;
    if (cps.length > 0 && text.length > 0) {
      const last = cps[cps.length - 1]!;
      const first = text.charCodeAt(0);
      if (last >= 0xd800 && last <= 0xdbff && first >= 0xdc00 && first <= 0xdfff) return false;
    }
    // each character's class and advance read once; the one before it counted now that its right
    // neighbour is known (compressibleCodes and em(k - 1, true), written out: a call each costs more
    // than the arithmetic at V8's baseline tier)
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      const c = cp < 0x10000 ? table[cp]! : 0;
      const k = cps.length;
      cps.push(cp);
      classes.push(c);
      ems.push(this.widths.em(cp));
      if (k === 0) sums.push(0);
      else {
        const p = classes[k - 1]!;
        const halved =
          (p !== 0 && ((p & CLOSING_MARK) !== 0 ? c !== 0 : (c & OPENING_MARK) !== 0)) ||
          (k > 1 && compressibleClasses(classes[k - 2]!, p));
        sums.push(sums[k - 1]! + (halved ? 0.5 : ems[k - 1]!));
      }
    }
    return true;
  }

  /** The width in px of the first `n` characters (trimmedWidth of that prefix). */
  prefixWidth(n: number): number {
    if (n === 0) return 0;
    // the last character has no right neighbour here: halved only with the one before it
    const halved = n > 1 && compressibleClasses(this.classes[n - 2]!, this.classes[n - 1]!);
    return (this.sums[n - 1]! + (halved ? 0.5 : this.ems[n - 1]!)) * this.size;
  }

  /** The width in px of the line without its trailing white space (trimmedWidth of `line.trimEnd()`). */
  trimmedWidth(): number {
    let n = this.cps.length;
    while (n > 0 && isTrimmedSpace(this.cps[n - 1]!)) n--;
    return this.prefixWidth(n);
  }

  /** The characters from `from` to `to` as a string */
  text(from: number, to: number): string {
    return codePointsText(this.cps, from, to);
  }
}

/**
 * The lines `pieces` fill when a line may break only between pieces (`word-break: keep-all` with
 * <wbr> between them): greedy, as Chromium fills lines; a piece wider than a line breaks anywhere.
 * Returns the lines as joined text. Each line is measured as it grows (LineWidth).
 */
export function breakPieces(pieces: string[], widths: GlyphWidths, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  const line = new LineWidth(widths, size);
  let cur = '';
  for (const piece of pieces) {
    const next = cur + piece;
    if (!line.push(piece)) line.reset(next);
    if (cur !== '' && line.trimmedWidth() > maxWidth) {
      lines.push(cur.trimEnd());
      cur = piece.trimStart();
      line.reset(cur);
    } else {
      cur = next;
    }
    // a piece longer than a line: overflow-wrap: anywhere breaks it
    while (line.trimmedWidth() > maxWidth && line.cps.length > 1) {
      const count = line.cps.length;
      let k = count - 1;
      while (k > 1 && line.prefixWidth(k) > maxWidth) k--;
      lines.push(line.text(0, k));
      cur = line.text(k, count);
      line.reset(cur);
    }
  }
  if (cur !== '' || lines.length === 0) lines.push(cur.trimEnd());
  return lines;
}
