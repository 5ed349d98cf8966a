// The paragraph composer: itemize → shape → break (Knuth–Plass total fit over a box/glue/penalty
// model with the clreq rules as penalties) → justify (compress before stretch) → positioned glyphs.
// layoutParagraph is a pure function of (paragraph, style, measure), so callers may cache it.
import type { LoadedFont } from '../fonts';
import { isFromCjkBlocksOn, NOT_END, NOT_START } from '../cjk';
import {
  classify,
  isCompressible,
  NUMBER_AFFIX_AFTER,
  NUMBER_AFFIX_BEFORE,
  RUN_INNER,
  type CharClass,
} from './classes';
import { fontIndexFor, punctBlanks, shape, unshapedGlyph } from './shape';
import type { PunctuationStyle } from './style';
import type { ComposedLine, GlyphRun, MissingChar, ParagraphLayout } from './types';
import { registerCache } from '../cache';
import {
  breakKernel,
  type BreakKernel,
  HEADER_FULL,
  HEADER_HEAD,
  HEADER_LEFT_OPEN,
  HEADER_LEN,
  HEADER_TRIED,
  KERNEL_ATOMS,
} from './break-kernel';

export interface ParagraphStyle {
  /** Font chain for the text: the role's font first, then fallbacks */
  fonts: readonly LoadedFont[];
  /** Font chain for a bold run-in lead (defaults to `fonts`) */
  leadFonts?: readonly LoadedFont[];
  /** Point size */
  size: number;
  /** First-line indent in pt (I1: 2 em for body text) */
  indent: number;
  /** justify: every line but the last meets both edges; center/left: lines set at natural width */
  align: 'justify' | 'center' | 'left';
  /**
   * W3 (justify only): the last line either meets the right edge or leaves at least this much white
   * (pt) after its last character's cell; absent or 0: no rule.
   */
  exitGap?: number;
  /** House style of punctuation widths (P3); quanjiao when absent */
  punctuation?: PunctuationStyle;
}

export interface ParagraphInput {
  text: string;
  /** Length (UTF-16) of a bold run-in lead at the start of `text`; 0 for none */
  lead?: number;
  /**
   * Looseness −1 (README: L1): set the paragraph in at most this many lines, taking the room from the
   * shrink the house style allows (punctuation compression, Latin spaces) and never beyond it; when no
   * such breaking exists the paragraph is set as usual.
   */
  maxLines?: number;
}

type AtomKind = CharClass | 'alnum';

/**
 * Each atom kind as a small integer: itemize keeps a paragraph's character classes as these (a class's
 * kind is the class itself) and keys its one-character memo by code point and kind in one number.
 */
const KIND_INDEX: Readonly<Record<AtomKind, number>> = {
  han: 0,
  latin: 1,
  digit: 2,
  open: 3,
  close: 4,
  comma: 5,
  stop: 6,
  connector: 7,
  interpunct: 8,
  solidus: 9,
  ellipsis: 10,
  dash: 11,
  space: 12,
  ideoSpace: 13,
  other: 14,
  alnum: 15,
};
/** The kinds by index */
const KINDS: readonly AtomKind[] = (Object.keys(KIND_INDEX) as AtomKind[]).sort(
  (a, b) => KIND_INDEX[a] - KIND_INDEX[b],
);
/** Bits of a one-character memo key that hold the kind (below the code point's): KINDS.length ≤ 1 << KIND_BITS */
const KIND_BITS = 4;
if (KINDS.length > 1 << KIND_BITS) throw new Error('typeset: more atom kinds than a memo key holds');
const LATIN = KIND_INDEX.latin;
const DIGIT = KIND_INDEX.digit;
const SPACE = KIND_INDEX.space;
const DASH = KIND_INDEX.dash;
const ELLIPSIS = KIND_INDEX.ellipsis;
const ALNUM_KIND = KIND_INDEX.alnum;

/**
 * A box: one Han character, one mark, one Latin word or number run, one inseparable. One-character
 * atoms of a kind the composer never changes (not a compressible mark) are shared by every occurrence
 * (`CharAtom.shared`): only compressAdjacent writes to atoms, and only to compressible ones.
 */
interface Atom {
  kind: AtomKind;
  /** What the composer asks of the kind (and text), as bits (atomTraits): read by compressAdjacent and junctions */
  traits: number;
  text: string;
  /** Glyphs with natural advances in pt, and the font (path) of each */
  glyphs: { id: number; advance: number; text: string; font: string }[];
  /** Full natural width (pt) before any cut */
  full: number;
  /** Extra x offset of the first glyph inside the atom (centring a ½ em interpunct) */
  drawOffset: number;
  /** Compressible blanks (pt) left after the fixed cuts */
  blankL: number;
  blankR: number;
  /** Fixed cuts (P3 adjacent punctuation) */
  cutL: number;
  cutR: number;
  /** P1: the blank a line-final mark loses (its right blank after the P3 cuts) */
  endTrim: number;
  /** P3: the atom and the next one form a pair of marks (nothing stretches between them) */
  pairedNext: boolean;
  /** J3 shrink tier of the blanks (4 brackets, 5 pause marks, 7 stops), 0 if none */
  tier: number;
  noStart: boolean;
  noEnd: boolean;
}

/**
 * The glue between each two atoms (junction j: between atom j and atom j + 1), field by field in
 * parallel arrays rather than one object per junction: at V8's baseline tier (a cold build) each such
 * object literal was copied by the runtime from its boilerplate (README, Speed).
 */
interface Junctions {
  glue: Float64Array;
  shrink: Float64Array;
  /** J3 tier of the shrink (2 Latin space, 6 Han–Latin gap), 0 if none */
  shrinkTier: Uint8Array;
  /** 1: takes part in inter-character stretching (J2: every junction alike) */
  interChar: Uint8Array;
  /** 1: a line may break here */
  breakable: Uint8Array;
}

const INF = Number.POSITIVE_INFINITY;
/** Nominal inter-character stretch per gap (em) used only to rate lines in the breaker. */
const NOMINAL_STRETCH = 0.15;
/** Demerits added to a last line holding a single Han character (W1). */
const W1_DEMERITS = 1e8;
const LINE_PENALTY = 10;
/** The line breaker's tolerance for comparing widths */
const BREAK_EPS = 1e-6;

/** Atom traits: a compressible full-width mark (isCompressible) */
const COMPRESSIBLE = 1;
/** Han-like: a Han character, an ideographic space, or a CJK-wide symbol (①, ※) */
const HAN_LIKE = 2;
/** An alphanumeric run (Latin words, numbers) */
const ALNUM = 4;
/** J2: no inter-character glue beside it (connectors, solidi) */
const NO_INTER_CHAR = 8;

/**
 * An atom's traits by its kind and text, computed once an atom (a one-character atom once a memo
 * entry): compressAdjacent and junctions test bits where they compared kind strings — at V8's
 * baseline tier each comparison was a builtin call, some twenty a junction.
 */
function atomTraits(kind: AtomKind, text: string): number {
  let traits = 0;
  if (isCompressible(kind)) traits |= COMPRESSIBLE;
  // 'other' symbols count when they are CJK-wide (①, ※); ASCII symbols (_ # *) stick to their neighbours.
  if (kind === 'han' || kind === 'ideoSpace' || (kind === 'other' && isFromCjkBlocksOn(text.codePointAt(0)!)))
    traits |= HAN_LIKE;
  if (kind === 'alnum') traits |= ALNUM;
  if (noInterCharBeside(kind)) traits |= NO_INTER_CHAR;
  return traits;
}

const scaledCache = registerCache(
  'typeset: scaled glyphs by font key and size',
  new Map<string, Map<string, Atom['glyphs']>>(),
);

/** Shaped glyphs of `text` at `size`, cached; the arrays are shared and never mutated. */
function scaledGlyphs(font: LoadedFont, text: string, latin: boolean, size: number): Atom['glyphs'] {
  const key = `${font.key}#${size}#${latin ? 1 : 0}`;
  let cache = scaledCache.get(key);
  if (!cache) scaledCache.set(key, (cache = new Map()));
  let hit = cache.get(text);
  if (!hit) {
    hit = shape(font, text, latin).glyphs.map((g) => ({
      id: g.id,
      advance: g.advance * size,
      text: g.text,
      font: font.path,
    }));
    cache.set(text, hit);
  }
  return hit;
}

// ─── itemize + shape ─────────────────────────────────────────────────────────────────────────────

/** An atom's width and blanks from its glyphs (pt): the interpunct's ½ em box, a mark's halt blanks. */
function atomMetrics(
  kind: AtomKind,
  s: string,
  glyphs: Atom['glyphs'],
  segFont: number,
  chain: readonly LoadedFont[],
  size: number,
): Pick<Atom, 'full' | 'drawOffset' | 'blankL' | 'blankR' | 'tier'> {
  let full = glyphs.reduce((a, g) => a + g.advance, 0);
  let drawOffset = 0;
  let blankL = 0;
  let blankR = 0;
  let tier = 0;
  if (kind === 'interpunct') {
    // Q3: the GB interpunct takes ½ em, centred, whatever the font's proportional glyph is.
    const box = size / 2;
    drawOffset = (box - full) / 2;
    full = box;
  } else if (isCompressible(kind) && glyphs.length === 1 && segFont >= 0) {
    const b = punctBlanks(chain[segFont]!, s);
    if (b) {
      blankL = b.left * size;
      blankR = b.right * size;
    } else if (Math.abs(full - size) < 0.01) {
      // No halt metrics: GB glyph geometry (opening marks blank left, the rest blank right).
      if (kind === 'open') blankL = size / 2;
      else blankR = size / 2;
    }
    tier = kind === 'stop' ? 7 : kind === 'comma' ? 5 : 4;
  }
  return { full, drawOffset, blankL, blankR, tier };
}

/**
 * What a one-character atom takes from its character, kind, font chain and size: the same every time.
 * A class, so that every entry has one shape: made by spreading an object literal, entries took many
 * (by their fields' number representations), and itemize's reads of them went megamorphic.
 */
class CharAtom {
  /**
   * The atom itself, for a kind whose atoms the composer never changes (not a compressible mark):
   * one object for every occurrence, instead of a new atom of 14 fields each time (at V8's baseline
   * tier such a literal is built by the runtime, field by field).
   */
  shared: Atom | null = null;
  constructor(
    readonly traits: number,
    readonly text: string,
    readonly glyphs: Atom['glyphs'],
    readonly full: number,
    readonly drawOffset: number,
    readonly blankL: number,
    readonly blankR: number,
    readonly tier: number,
    readonly noStart: boolean,
    readonly noEnd: boolean,
  ) {}
}

/** A one-character atom of `kind` from its memo entry, as itemize's general path would make it. */
function charAtom(kind: AtomKind, ch: string, one: CharAtom): Atom {
  return {
    kind,
    traits: one.traits,
    text: ch,
    glyphs: one.glyphs,
    full: one.full,
    drawOffset: one.drawOffset,
    blankL: one.blankL,
    blankR: one.blankR,
    cutL: 0,
    cutR: 0,
    endTrim: one.blankR,
    pairedNext: false,
    tier: one.tier,
    noStart: one.noStart,
    noEnd: one.noEnd,
  };
}

/**
 * One-character atoms by font chain and size (the fonts' keys), kind and character. A handout's
 * paragraphs are mostly Han characters and marks met many times over; each used to look its font up
 * in the chain, build a cache key and read its glyphs and halt blanks again, the typesetter's
 * largest cost in a cold build. A character no font has is never memoised (its atom reports it).
 */
const charAtoms = registerCache(
  'typeset: one-character atoms by font chain, size, kind and code point',
  new Map<string, Map<number, CharAtom>>(),
);
/** Memo hits and misses, atoms given as the memo's shared object, glyphs read without shaping (tests). */
export const charAtomMemo = { hits: 0, misses: 0, shared: 0, unshaped: 0 };

/** The memo of one chain and size: a one-character atom by its code point and kind's index, `(cp << KIND_BITS) | kind` */
function charAtomsFor(chain: readonly LoadedFont[], size: number): Map<number, CharAtom> {
  const key = `${chain.map((f) => f.key).join('|')}#${size}`;
  let m = charAtoms.get(key);
  if (!m) charAtoms.set(key, (m = new Map()));
  return m;
}

/**
 * A one-character atom's glyphs: for a BMP character nothing shapes, its cmap glyph and hmtx advance read
 * once into one glyph (the same glyph shape gives, without its two string-keyed caches and its run
 * loop); otherwise scaledGlyphs. A character's first use in a handout, ~1,200 times for the sample.
 */
function charGlyphs(font: LoadedFont, ch: string, latin: boolean, size: number): Atom['glyphs'] {
  const id = unshapedGlyph(font, ch, latin);
  if (id < 0) return scaledGlyphs(font, ch, latin, size);
  charAtomMemo.unshaped++;
  return [{ id, advance: font.tables.advance(id) * size, text: ch, font: font.path }];
}

/** The one-character atom's parts, as itemize's general path computes them; null when no font has it. */
function oneCharAtom(kind: AtomKind, ch: string, chain: readonly LoadedFont[], size: number): CharAtom | null {
  const font = fontIndexFor(chain, ch.codePointAt(0)!);
  if (font < 0) return null;
  const glyphs = charGlyphs(chain[font]!, ch, kind === 'alnum', size);
  const m = atomMetrics(kind, ch, glyphs, font, chain, size);
  const one = new CharAtom(
    atomTraits(kind, ch),
    ch,
    glyphs,
    m.full,
    m.drawOffset,
    m.blankL,
    m.blankR,
    m.tier,
    NOT_START.has(ch),
    // K2: nor a hyphen-minus (「-->」 is one arrow; text extraction drops a line-final hyphen as a word break)
    NOT_END.has(ch) || ch === '-',
  );
  if (!isCompressible(kind)) one.shared = charAtom(kind, ch, one);
  return one;
}

/**
 * Each code point's class as its kind's index (classify is a function of the character alone), so that
 * itemize makes no string for a character it finds in its memo: most of a paragraph's characters. A BMP
 * character's is read from a table (its index + 1; 0 until first classified), others' from a map.
 */
const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();
function classIndexOf(cp: number): number {
  if (cp < 0x10000) {
    const c = bmpClasses[cp]!;
    if (c !== 0) return c - 1;
    const k = KIND_INDEX[classify(String.fromCodePoint(cp))];
    bmpClasses[cp] = k + 1;
    return k;
  }
  let k = astralClasses.get(cp);
  if (k === undefined) astralClasses.set(cp, (k = KIND_INDEX[classify(String.fromCodePoint(cp))]));
  return k;
}
/** NUMBER_AFFIX_BEFORE by code point */
const NUMBER_AFFIX_BEFORE_CP = new Set([...NUMBER_AFFIX_BEFORE].map((ch) => ch.codePointAt(0)!));

interface Itemized {
  atoms: Atom[];
  /** spaceBefore[i]: the source had whitespace between atom i-1 and atom i */
  spaceBefore: boolean[];
  missing: MissingChar[];
}

function itemize(input: ParagraphInput, style: ParagraphStyle): Itemized {
  const text = input.text;
  const leadLen = input.lead ?? 0;
  // The characters, by index: code point, offset in the text, class (parallel arrays; strings are
  // made only where a character is not in the memo, or takes part in a run of several), written by
  // index (a push is a call of the Array builtin at V8's baseline tier)
  const codes = new Int32Array(text.length);
  const offs = new Int32Array(text.length);
  const cls = new Uint8Array(text.length);
  let count = 0;
  for (let off = 0; off < text.length; count++) {
    const cp = text.codePointAt(off)!;
    codes[count] = cp;
    offs[count] = off;
    cls[count] = classIndexOf(cp);
    off += cp > 0xffff ? 2 : 1;
  }
  const chAt = (i: number) => String.fromCodePoint(codes[i]!);
  const atoms: Atom[] = [];
  const spaceBefore: boolean[] = [];
  const missing: MissingChar[] = [];
  let pendingSpace = false;
  const size = style.size;
  const bodyMemo = charAtomsFor(style.fonts, size);
  const leadMemo = style.leadFonts ? charAtomsFor(style.leadFonts, size) : bodyMemo;

  // the memo's counters for this paragraph, added to charAtomMemo at its end (a local count, where the
  // global object's property was two inline-cache calls an atom at V8's baseline tier)
  let hits = 0;
  let sharedAtoms = 0;

  // out of the paragraph (i = -1, n) a typed array's element is undefined: no class
  const alnumAt = (i: number) => {
    const c = cls[i];
    return c === LATIN || c === DIGIT;
  };

  const push = (kindIndex: number, from: number, to: number) => {
    const kind = KINDS[kindIndex]!;
    const firstOff = offs[from]!;
    const lead = firstOff < leadLen;
    if (to - from === 1) {
      // One character (nearly every atom): what it needs from the fonts comes from the memo, by one key.
      const memo = lead && style.leadFonts ? leadMemo : bodyMemo;
      const key = (codes[from]! << KIND_BITS) | kindIndex;
      let one: CharAtom | null | undefined = memo.get(key);
      if (one === undefined) {
        one = oneCharAtom(kind, chAt(from), lead && style.leadFonts ? style.leadFonts : style.fonts, size);
        if (one) memo.set(key, one);
        charAtomMemo.misses++;
      } else hits++;
      if (one) {
        const shared = one.shared;
        if (shared) sharedAtoms++;
        atoms.push(shared ?? charAtom(kind, one.text, one));
        spaceBefore.push(pendingSpace);
        pendingSpace = false;
        return;
      }
    }
    const firstCh = chAt(from);
    const cps: string[] = [];
    for (let k = from; k < to; k++) cps.push(chAt(k));
    const s = to - from === 1 ? firstCh : cps.join('');
    const chain = lead && style.leadFonts ? style.leadFonts : style.fonts;
    let glyphs: Atom['glyphs'] = [];
    // Shape in segments of one font (a fallback font only serves the characters the first lacks).
    let segStart = 0;
    let segFont = -2;
    const single = to - from === 1 ? fontIndexFor(chain, codes[from]!) : -1;
    if (single >= 0) {
      // The common case, one character in the chain's font: shared, already scaled glyphs.
      segFont = single;
      glyphs = scaledGlyphs(chain[single]!, s, kind === 'alnum', size);
      segStart = cps.length;
    }
    const flush = (end: number) => {
      if (end <= segStart) return;
      const seg = segStart === 0 && end === cps.length ? s : cps.slice(segStart, end).join('');
      if (segFont < 0) {
        // No font has it: draw the primary font's .notdef (reported as a warning, never silently).
        for (let k = segStart; k < end; k++) {
          const c = cps[k]!;
          missing.push({ char: c, offset: firstOff + cps.slice(0, k).join('').length });
          glyphs.push({ id: 0, advance: size, text: c, font: chain[0]!.path });
        }
      } else {
        const f = chain[segFont]!;
        const shaped = shape(f, seg, kind === 'alnum');
        for (const g of shaped.glyphs) glyphs.push({ id: g.id, advance: g.advance * size, text: g.text, font: f.path });
      }
      segStart = end;
    };
    for (let i = segStart; i < cps.length; i++) {
      const fi = fontIndexFor(chain, cps[i]!.codePointAt(0)!);
      if (fi !== segFont) {
        flush(i);
        segFont = fi;
      }
    }
    flush(cps.length);
    const { full, drawOffset, blankL, blankR, tier } = atomMetrics(kind, s, glyphs, segFont, chain, size);
    const lastCh = cps[cps.length - 1]!;
    atoms.push({
      kind,
      traits: atomTraits(kind, s),
      text: s,
      glyphs,
      full,
      drawOffset,
      blankL,
      blankR,
      cutL: 0,
      cutR: 0,
      endTrim: blankR,
      pairedNext: false,
      tier,
      noStart: NOT_START.has(firstCh),
      // K2: nor a hyphen-minus (「-->」 is one arrow; text extraction drops a line-final hyphen as a word break)
      noEnd: NOT_END.has(lastCh) || lastCh === '-',
    });
    spaceBefore.push(pendingSpace);
    pendingSpace = false;
  };

  let i = 0;
  const n = count;
  while (i < n) {
    const c = cls[i]!;
    if (c === SPACE) {
      pendingSpace = atoms.length > 0;
      i++;
      continue;
    }
    const startsNumber = NUMBER_AFFIX_BEFORE_CP.has(codes[i]!) && cls[i + 1] === DIGIT && !alnumAt(i - 1);
    if (c === LATIN || c === DIGIT || startsNumber) {
      // An alphanumeric run (K4): letters, digits, inner connectors, number affixes, and spaces that
      // tie a label or number together (GB/T 9704, 30 km); a break stays possible between two words.
      let j = i + 1;
      let hasDigit = c === DIGIT || startsNumber;
      while (j < n) {
        const d = cls[j]!;
        if (d === LATIN || d === DIGIT) {
          if (d === DIGIT) hasDigit = true;
          j++;
        } else if (
          RUN_INNER.has(chAt(j)) &&
          alnumAt(j + 1) &&
          (alnumAt(j - 1) || NUMBER_AFFIX_AFTER.has(chAt(j - 1)))
        ) {
          j++;
        } else if (NUMBER_AFFIX_AFTER.has(chAt(j)) && hasDigit) {
          j++;
        } else if (d === SPACE && alnumAt(j + 1) && (cls[j + 1] === DIGIT || cls[j - 1] === DIGIT)) {
          j++;
        } else break;
      }
      push(ALNUM_KIND, i, j);
      i = j;
      continue;
    }
    if (c === DASH || c === ELLIPSIS) {
      // K3: —— and …… are one inseparable unit.
      let j = i + 1;
      while (j < n && cls[j] === c) j++;
      push(c, i, j);
      i = j;
      continue;
    }
    push(c, i, i + 1);
    i++;
  }
  charAtomMemo.hits += hits;
  charAtomMemo.shared += sharedAtoms;
  return { atoms, spaceBefore, missing };
}

/**
 * P3 by house style. 全角 quanjiao: two adjacent marks that would take 2 em take 1.5 em (the blank
 * between them goes). 开明 kaiming: a mark next to another takes ½ em, so a pair takes 1 em. 半角
 * banjiao: every mark takes ½ em. The blanks left inside a pair are fixed (J3 never shrinks them), so
 * the same pair has the same width wherever it falls; only a line-final mark still loses its blank (P1).
 */
function compressAdjacent(atoms: Atom[], punctuation: PunctuationStyle): void {
  const cutAll = (a: Atom) => {
    a.cutL += a.blankL;
    a.cutR += a.blankR;
    a.blankL = 0;
    a.blankR = 0;
  };
  const paired = new Set<Atom>();
  // the compressible marks in order: the passes after this one visit only them (a tenth of the atoms)
  const marks: Atom[] = [];
  let afterMark = false;
  for (let i = 0; i < atoms.length; i++) {
    const b = atoms[i]!;
    const isMark = (b.traits & COMPRESSIBLE) !== 0;
    const pairs = afterMark && isMark;
    afterMark = isMark;
    if (!isMark) continue;
    marks.push(b);
    if (!pairs) continue;
    const a = atoms[i - 1]!;
    if (a.blankL + a.blankR + a.cutL + a.cutR <= 0 || b.blankL + b.blankR + b.cutL + b.cutR <= 0) continue;
    a.pairedNext = true;
    paired.add(a).add(b);
    if (punctuation !== 'quanjiao') {
      cutAll(a);
      cutAll(b);
    } else if (a.blankR > 0 && (b.blankL > 0 || b.blankR > 0)) {
      a.cutR += a.blankR;
      a.blankR = 0;
    } else if (a.blankL > 0 && b.blankL > 0) {
      b.cutL += b.blankL;
      b.blankL = 0;
    }
  }
  if (punctuation === 'banjiao') for (let i = 0; i < marks.length; i++) cutAll(marks[i]!);
  // only marks have blanks (atomMetrics); the other atoms, some shared (CharAtom.shared), keep theirs
  for (let i = 0; i < marks.length; i++) {
    const a = marks[i]!;
    a.endTrim = a.blankR;
    if (paired.has(a)) {
      a.blankL = 0;
      a.blankR = 0;
    }
  }
}

/** Width of a space the author put between two Chinese phrases, in em (S1's neighbour, README) */
export const AUTHOR_SPACE_EM = 0.75;

/** J2: nothing is inserted beside connectors and solidi (dashes and ellipses are single atoms already). */
function noInterCharBeside(k: AtomKind): boolean {
  return k === 'connector' || k === 'solidus';
}

function junctions(atoms: Atom[], spaceBefore: boolean[], size: number): Junctions {
  const n = Math.max(0, atoms.length - 1);
  const out: Junctions = {
    glue: new Float64Array(n),
    shrink: new Float64Array(n),
    shrinkTier: new Uint8Array(n),
    interChar: new Uint8Array(n),
    breakable: new Uint8Array(n),
  };
  const { glue, shrink, shrinkTier, interChar, breakable } = out;
  // each atom read once: the junction's right atom is the next one's left
  let a = atoms[0]!;
  let at = n > 0 ? a.traits : 0;
  for (let i = 0; i < n; i++) {
    const b = atoms[i + 1]!;
    const bt = b.traits;
    if (((at & HAN_LIKE) !== 0 && (bt & ALNUM) !== 0) || ((at & ALNUM) !== 0 && (bt & HAN_LIKE) !== 0)) {
      // S1: ¼ em between Han and Latin/digits, shrinkable to ⅛ em, stretchable to ⅓ em first.
      glue[i] = size / 4;
      shrink[i] = size / 8;
      shrinkTier[i] = 6;
    } else if (spaceBefore[i + 1]!) {
      if ((at & bt & ALNUM) !== 0) {
        // A Latin word space: ⅓ em, shrinkable to ¼ em, stretchable to ½ em first.
        glue[i] = size / 3;
        shrink[i] = size / 12;
        shrinkTier[i] = 2;
      } else if ((at & (HAN_LIKE | ALNUM)) !== 0 && (bt & (HAN_LIKE | ALNUM)) !== 0) {
        // A space the author put between two Chinese phrases (titles, name lists, post and name): ¾ em.
        // (A full em reads as a column gap to text extraction — poppler puts the name after the page.)
        glue[i] = size * AUTHOR_SPACE_EM;
      } else if (((at | bt) & COMPRESSIBLE) === 0) {
        // Any other space the text asks for (around a dash or a symbol): a third of an em.
        glue[i] = size / 3;
      }
    }
    interChar[i] = a.pairedNext || ((at | bt) & NO_INTER_CHAR) !== 0 ? 0 : 1;
    breakable[i] = a.noEnd || b.noStart ? 0 : 1;
    a = b;
    at = bt;
  }
  return out;
}

// ─── breaking ────────────────────────────────────────────────────────────────────────────────────

interface BreakNode {
  /** First atom of the next line */
  start: number;
  demerits: number;
  prev: BreakNode | null;
  line: number;
  /** W3: the line ending here is a paragraph's exit line set full */
  fullExit?: boolean;
}

interface Sums {
  width: Float64Array;
  atomShrink: Float64Array;
  glue: Float64Array;
  glueShrink: Float64Array;
  stretch: Float64Array;
  /**
   * Every atom's width and blanks and every junction's glue, shrink and stretch are ≥ 0, so every sum
   * above is non-decreasing: a line starting later is never longer, nor has more stretch (the breaker
   * stops at the first line start too far back to fill its line, below).
   */
  nonNegative: boolean;
  /** The WebAssembly rating loop whose memory holds these sums (and each atom's left blank), or null */
  kernel: BreakKernel | null;
}

/** Whether the line breaker may use its WebAssembly rating loop (tests compare it with the JavaScript one). */
export const breakKernelUse = { enabled: true, paragraphs: 0 };
/** The rating's constants the kernel's module is written with (test/break-kernel.test.ts) */
export const BREAK_CONSTANTS = { eps: BREAK_EPS, linePenalty: LINE_PENALTY, w1Demerits: W1_DEMERITS };

function prefixSums(atoms: Atom[], js: Junctions, size: number): Sums {
  const n = atoms.length;
  // In the kernel's memory when it takes the paragraph (its arrays are reused: index 0 set here)
  const kernel = breakKernelUse.enabled && n <= KERNEL_ATOMS ? breakKernel() : null;
  const width = kernel ? kernel.width.subarray(0, n + 1) : new Float64Array(n + 1);
  const atomShrink = kernel ? kernel.atomShrink.subarray(0, n + 1) : new Float64Array(n + 1);
  const glue = kernel ? kernel.glue.subarray(0, n) : new Float64Array(n);
  const glueShrink = kernel ? kernel.glueShrink.subarray(0, n) : new Float64Array(n);
  const stretch = kernel ? kernel.stretch.subarray(0, n) : new Float64Array(n);
  const blankLs = kernel?.blankL;
  const blankRs = kernel?.blankR;
  const endTrims = kernel?.endTrim;
  // what placeLine's kernel half reads of each atom
  const fulls = kernel?.full;
  const cutLs = kernel?.cutL;
  const cutRs = kernel?.cutR;
  const drawOffsets = kernel?.drawOffset;
  const tiers = kernel?.tier;
  if (kernel) {
    breakKernelUse.paragraphs++;
    width[0] = atomShrink[0] = 0; // (the junctions' sums start at 0 in the kernel)
    kernel.breakable.set(js.breakable);
  }
  let nonNegative = true;
  // The running sums are kept in locals as well as stored (the same additions, in the same order):
  // reading each back from its typed array was a keyed load, and a new heap number, at V8's baseline tier.
  let sumWidth = 0;
  let sumAtomShrink = 0;
  for (let i = 0; i < n; i++) {
    const a = atoms[i]!;
    const full = a.full;
    const cutL = a.cutL;
    const cutR = a.cutR;
    const w = full - cutL - cutR;
    const blankL = a.blankL;
    const blankR = a.blankR;
    if (w < 0 || blankL < 0 || blankR < 0) nonNegative = false;
    if (blankLs) {
      blankLs[i] = blankL;
      blankRs![i] = blankR;
      endTrims![i] = a.endTrim;
      fulls![i] = full;
      cutLs![i] = cutL;
      cutRs![i] = cutR;
      drawOffsets![i] = a.drawOffset;
      tiers![i] = a.tier;
    }
    sumWidth += w;
    width[i + 1] = sumWidth;
    sumAtomShrink = sumAtomShrink + blankL + blankR; // (left to right, as the sum always was)
    atomShrink[i + 1] = sumAtomShrink;
  }
  const nominalStretch = NOMINAL_STRETCH * size;
  if (kernel) {
    // the junctions' sums in the kernel, from their arrays copied in (the same additions, in the same order)
    kernel.junctionGlue.set(js.glue);
    kernel.junctionShrink.set(js.shrink);
    kernel.interChar.set(js.interChar);
    kernel.junctionTier.set(js.shrinkTier);
    if (kernel.sums(n, nominalStretch) === 0) nonNegative = false;
  } else {
    const jGlue = js.glue;
    const jShrink = js.shrink;
    const jInterChar = js.interChar;
    let sumGlue = 0;
    let sumGlueShrink = 0;
    let sumStretch = 0;
    for (let j = 0; j + 1 < n; j++) {
      const g = jGlue[j]!;
      const sh = jShrink[j]!;
      if (g < 0 || sh < 0) nonNegative = false;
      sumGlue += g;
      glue[j + 1] = sumGlue;
      sumGlueShrink += sh;
      glueShrink[j + 1] = sumGlueShrink;
      sumStretch += jInterChar[j] ? nominalStretch : 0;
      stretch[j + 1] = sumStretch;
    }
  }
  return { width, atomShrink, glue, glueShrink, stretch, nonNegative: nonNegative && size >= 0, kernel };
}

/** W1: a last line whose only content is one Han character or one number (plus punctuation: 「30%。」). */
function lonelyLastLine(atoms: Atom[], a: number, b: number): boolean {
  let content = 0;
  let alone = 0;
  for (let i = a; i <= b; i++) {
    const k = atoms[i]!.kind;
    if (k === 'han' || k === 'alnum') {
      content++;
      alone++;
    } else if (k === 'other') content++;
    if (content > 1) return false;
  }
  return alone === 1;
}

/** Line start–break pairs the breaker rated, and open starts it did not try (too far back; tests). */
export const breakTrials = { tried: 0, leftOpen: 0 };

/** Knuth–Plass total fit: the break positions with the least demerits within `tolerance`, or null. */
function totalFitBreaks(
  atoms: Atom[],
  js: Junctions,
  s: Sums,
  measure: number,
  indent: number,
  tolerance: number,
  emergency: boolean,
  exitGap: number,
  maxLines = 0,
): { breaks: number[]; demerits: number; fullExit: boolean } | null {
  if (s.kernel && !emergency && maxLines <= 0)
    return kernelFitBreaks(atoms, s, s.kernel, measure, indent, tolerance, exitGap);
  const n = atoms.length;
  const active: BreakNode[] = [{ start: 0, demerits: 0, prev: null, line: 0 }];
  /**
   * active[head, length): the open line starts. Starts retired before any start is kept in a pass
   * (the earliest ones: their lines are already too long) only move `head` up, rather than every open
   * start after them being moved down (Array.prototype.copyWithin, ~8,000 instructions a call at V8's
   * baseline tier, and a keyed store for each start kept).
   */
  let head = 0;
  // L1: with a line limit, the best break per line count is kept (paths of different lengths do not
  // compete), and no path may grow past the limit
  const byLines: (BreakNode | undefined)[] | null = maxLines > 0 ? [] : null;
  const eps = BREAK_EPS;
  const { width, atomShrink, glue, glueShrink, stretch: stretchSum } = s;
  // Open line starts are in increasing order; with non-negative sums (and indent), a later start makes
  // a line no longer and with no more stretch, so once one start leaves its line too short to fill
  // (stretch ratio over the tolerance), every later one does too — exactly so in floating point, whose
  // subtraction and division are monotone. They stay open, and are not tried (in the sample's handout
  // ~80 % of all start–break pairs were such lines).
  const ordered = s.nonNegative && indent >= 0;
  // breakTrials' counts, added up here and recorded once (a store to a module's object each break
  // was two inline-cache calls at the baseline tier)
  let triedHere = 0;
  let leftOpenHere = 0;
  const counted = <T>(result: T): T => {
    breakTrials.tried += triedHere;
    breakTrials.leftOpen += leftOpenHere;
    return result;
  };
  for (let b = 0; b < n; b++) {
    const isEnd = b === n - 1;
    const breakable = isEnd || js.breakable[b] === 1;
    if (!breakable && !emergency) continue;
    const penalty = breakable ? 0 : 10000;
    let best: BreakNode | null = null;
    /** active[head, kept): the starts kept open so far (compacted in place) */
    let kept = head;
    const from = head;
    let tried = active.length;
    // The natural width, shrink and stretch of the line holding atoms node.start..b, from the prefix
    // sums. Written out here rather than asked of a function returning an object: this runs for every
    // break candidate against every open line start, and a cold build runs it at V8's baseline tier,
    // where each such object was allocated and each sum read through its object (README, Speed).
    const last = atoms[b]!;
    const endBlank = last.endTrim; // P1: a line-final mark sits at ½ em
    const lastBlankR = last.blankR;
    const widthB = width[b + 1]!;
    const glueB = glue[b]!;
    const atomShrinkB = atomShrink[b + 1]!;
    const glueShrinkB = glueShrink[b]!;
    const stretchB = stretchSum[b]!;
    for (let k = from; k < active.length; k++) {
      const node = active[k]!;
      const a = node.start;
      let natural = widthB - width[a]! + glueB - glue[a]! - endBlank;
      if (a === 0) natural += indent; // (adding 0 for the other starts would change nothing)
      // P2: an opening mark at the line's start keeps its left blank (never compressed there)
      const shrink = atomShrinkB - atomShrink[a]! - lastBlankR - atoms[a]!.blankL + glueShrinkB - glueShrink[a]!;
      const stretch = stretchB - stretchSum[a]!;
      let badness: number;
      let fullExit = false;
      if (natural - shrink > measure + eps) {
        // Too long even fully compressed, and it only gets longer: retire the node. In emergency mode a
        // single unbreakable atom wider than the measure still gets a line of its own.
        if (kept === head) head = kept = k + 1; // (no start kept yet in this pass: every one before k is retired)
        if (!(emergency && node.start === b)) continue;
        badness = 1e6;
      } else {
        if (kept !== k) active[kept] = node;
        kept++;
        if (natural > measure + eps) {
          const r = (natural - measure) / Math.max(shrink, eps);
          badness = 100 * r * r * r;
        } else if (isEnd) {
          badness = 0;
          // White after the last character's whole cell: a line-final mark's cut blanks (P1, P3) are
          // part of its cell (「…主心骨”。」 counts from the far side of 。, as a viewer boxes the glyph).
          const gap = measure - natural - atoms[b]!.cutR - atoms[b]!.endTrim;
          if (gap > eps && gap < exitGap && stretch > eps) {
            // W3: a nearly full exit line is set full, rated like any justified line, so the breaker
            // may instead let earlier lines take or give characters (stretch, punctuation compression)
            // when that is smoother; either way the exit is full or clearly short.
            const r = gap / stretch;
            if (r > tolerance) continue;
            badness = 100 * r * r * r;
            fullExit = true;
          }
        } else {
          const r = stretch > eps ? (measure - natural) / stretch : measure - natural > eps ? INF : 0;
          if (r > tolerance) {
            if (ordered) {
              tried = k + 1;
              break;
            }
            continue;
          }
          badness = 100 * r * r * r;
        }
      }
      // (t ** 2 is t * t exactly: fdlibm's pow, V8's, answers y = 2 so; adding 0 * 0 changes nothing)
      const t = LINE_PENALTY + badness;
      let dem = t * t;
      if (penalty !== 0) dem += penalty * penalty;
      if (isEnd && node.start > 0 && lonelyLastLine(atoms, node.start, b)) dem += W1_DEMERITS;
      const total = node.demerits + dem;
      if (byLines) {
        const line = node.line + 1;
        const there = byLines[line];
        if (line <= (isEnd ? maxLines : maxLines - 1) && (!there || total < there.demerits))
          byLines[line] = { start: b + 1, demerits: total, prev: node, line, fullExit };
      } else if (!best || total < best.demerits)
        best = { start: b + 1, demerits: total, prev: node, line: node.line + 1, fullExit };
    }
    // the starts not tried stay open, after those kept
    triedHere += tried - from;
    leftOpenHere += active.length - tried;
    if (kept !== tried) {
      active.copyWithin(kept, tried);
      active.length = kept + active.length - tried;
    }
    if (byLines) {
      const found = byLines.filter((x): x is BreakNode => x !== undefined);
      byLines.length = 0;
      if (isEnd) best = found.reduce<BreakNode | null>((m, x) => (!m || x.demerits < m.demerits ? x : m), null);
      else active.push(...found);
    }
    if (best) {
      if (isEnd) {
        const breaks: number[] = [];
        for (let nd: BreakNode | null = best; nd?.prev; nd = nd.prev) breaks.unshift(nd.start - 1);
        return counted({ breaks, demerits: best.demerits, fullExit: best.fullExit ?? false });
      }
      active.push(best);
    }
    if (active.length === head) return counted(null);
  }
  return counted(null);
}

/**
 * `totalFitBreaks` without a line limit or emergency mode, its rating of the open starts against each
 * break run by the WebAssembly kernel (src/typeset/break-kernel.ts: the same arithmetic in the same
 * order, the open starts and their demerits in its memory); the loop over the breaks stays here.
 */
function kernelFitBreaks(
  atoms: Atom[],
  s: Sums,
  k: BreakKernel,
  measure: number,
  indent: number,
  tolerance: number,
  exitGap: number,
): { breaks: number[]; demerits: number; fullExit: boolean } | null {
  const n = atoms.length;
  const header = k.header;
  header[HEADER_HEAD] = 0;
  header[HEADER_LEN] = 1;
  header[HEADER_TRIED] = 0;
  header[HEADER_LEFT_OPEN] = 0;
  k.active[0] = 0;
  k.demerits[0] = 0;
  k.lonely = (a, b) => lonelyLastLine(atoms, a, b);
  const ordered = s.nonNegative && indent >= 0 ? 1 : 0;
  const best = k.fit(n, ordered, indent, measure, tolerance, exitGap, atoms[n - 1]!.cutR);
  let found: { breaks: number[]; demerits: number; fullExit: boolean } | null = null;
  if (best >= 0) {
    const breaks = [n - 1];
    const prev = k.prev;
    for (let start = best; start !== 0; start = prev[start]!) breaks.unshift(start - 1);
    found = { breaks, demerits: k.total[0]!, fullExit: header[HEADER_FULL] === 1 };
  }
  breakTrials.tried += header[HEADER_TRIED]!;
  breakTrials.leftOpen += header[HEADER_LEFT_OPEN]!;
  return found;
}

// ─── justify + place ─────────────────────────────────────────────────────────────────────────────

/** The glyph count of atoms a..b, the placed line's scratch arrays (`placedX`, `placedGlyphs`) sized for it. */
function sizePlacedLine(atoms: Atom[], a: number, b: number): number {
  let count = 0;
  for (let i = a; i <= b; i++) count += atoms[i]!.glyphs.length;
  if (placedX.length < count) placedX = new Float64Array(count * 2);
  placedGlyphs.length = count;
  return count;
}

/** Lines placed by the WebAssembly kernel (`kernelPlaceLine`), for tests. */
export const kernelPlaced = { lines: 0 };

/**
 * placeLine with its justification and pen arithmetic in the WebAssembly kernel, whose memory holds
 * the paragraph's atoms and junctions (prefixSums put them there): the same operations in the same
 * order — the same doubles — without a new heap number for each sum, three typed arrays and, for a
 * line that compresses, a closure and an object per piece, at V8's baseline tier. Only the glyphs are
 * laid out here, from each atom's pen x.
 */
function kernelPlaceLine(
  atoms: Atom[],
  kernel: BreakKernel,
  a: number,
  b: number,
  measure: number,
  startX: number,
  justify: boolean,
): PlacedLine {
  kernelPlaced.lines++;
  const end = kernel.place(a, b, measure, startX, justify ? 1 : 0);
  const atomX = kernel.atomX;
  const count = sizePlacedLine(atoms, a, b);
  const xs = placedX;
  const sources = placedGlyphs;
  let k = 0;
  for (let i = a; i <= b; i++) {
    const gs = atoms[i]!.glyphs;
    let gx = atomX[i]!;
    for (let m = 0; m < gs.length; m++) {
      const g = gs[m]!;
      xs[k] = gx;
      sources[k++] = g;
      gx += g.advance;
    }
  }
  return { xs, glyphs: sources, count, end };
}

function placeLine(
  atoms: Atom[],
  js: Junctions,
  a: number,
  b: number,
  measure: number,
  startX: number,
  justify: boolean,
  kernel: BreakKernel | null = null,
): PlacedLine {
  if (kernel) return kernelPlaceLine(atoms, kernel, a, b, measure, startX, justify);
  // Per-line adjustable amounts: cuts on atom blanks and changes to junction glue.
  const cutL = new Float64Array(b - a + 1);
  const cutR = new Float64Array(b - a + 1);
  const glue = new Float64Array(Math.max(0, b - a));
  for (let j = a; j < b; j++) glue[j - a] = js.glue[j]!;
  cutR[b - a] = atoms[b]!.endTrim; // P1
  let natural = startX;
  for (let i = a; i <= b; i++) {
    const at = atoms[i]!;
    natural += at.full - at.cutL - at.cutR;
  }
  for (let j = a; j < b; j++) natural += js.glue[j]!;
  natural -= cutR[b - a]!;
  let diff = measure - natural;
  if (diff < -1e-9) {
    // J3: compress in priority order, each tier equally over its instances.
    let need = -diff;
    for (const tier of [2, 4, 5, 6, 7]) {
      if (need <= 1e-9) break;
      const pieces: { cap: number; apply: (amt: number) => void }[] = [];
      for (let j = a; j < b; j++) {
        const shrink = js.shrink[j]!;
        if (js.shrinkTier[j] === tier && shrink > 0) pieces.push({ cap: shrink, apply: (x) => (glue[j - a]! -= x) });
      }
      for (let i = a; i <= b; i++) {
        const at = atoms[i]!;
        if (at.tier !== tier) continue;
        // P2: an opening mark at the line's start keeps its left blank
        if (at.blankL > 0 && i !== a) pieces.push({ cap: at.blankL, apply: (x) => (cutL[i - a]! += x) });
        const right = i === b ? 0 : at.blankR;
        if (right > 0) pieces.push({ cap: right, apply: (x) => (cutR[i - a]! += x) });
      }
      const total = pieces.reduce((t, p) => t + p.cap, 0);
      if (total <= 0) continue;
      const share = Math.min(1, need / total);
      for (const p of pieces) p.apply(p.cap * share);
      need -= total * share;
    }
    diff = -need;
  } else if (justify && diff > 1e-9) {
    // J2: the slack spread evenly over every junction of the line (not first over spaces and Han–Latin gaps).
    let need = diff;
    const idx: number[] = [];
    for (let j = a; j < b; j++) if (js.interChar[j]) idx.push(j);
    if (idx.length === 0) for (let j = a; j < b; j++) idx.push(j);
    if (idx.length > 0) {
      for (const j of idx) glue[j - a]! += need / idx.length;
      need = 0;
    }
    diff = need;
  }
  // Place the glyphs: each one's pen x, in order.
  const count = sizePlacedLine(atoms, a, b);
  const xs = placedX;
  const sources = placedGlyphs;
  let k = 0;
  let x = startX;
  let lineEnd = x;
  for (let i = a; i <= b; i++) {
    const at = atoms[i]!;
    const cl = at.cutL + cutL[i - a]!;
    const cr = at.cutR + cutR[i - a]!;
    let gx = x - cl + at.drawOffset;
    const gs = at.glyphs;
    for (let m = 0; m < gs.length; m++) {
      const g = gs[m]!;
      xs[k] = gx;
      sources[k++] = g;
      gx += g.advance;
    }
    x += at.full - cl - cr;
    lineEnd = x;
    if (i < b) x += glue[i - a]!;
  }
  return { xs, glyphs: sources, count, end: lineEnd };
}

/**
 * A placed line: glyph k is `glyphs[k]` at pen x `xs[k]` (k < count). Scratch arrays, reused by the
 * next line (layoutParagraph makes the line's runs from them at once): at V8's baseline tier, a placed
 * glyph object per glyph, copied again into the runs, was one object literal too many.
 */
interface PlacedLine {
  xs: Float64Array;
  glyphs: Atom['glyphs'][number][];
  count: number;
  end: number;
}
let placedX = new Float64Array(256);
const placedGlyphs: Atom['glyphs'][number][] = [];

/** Whether any atom is a Latin run splitOverlong splits (nearly no paragraph has one). */
function hasOverlong(atoms: readonly Atom[], limit: number): boolean {
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i]!;
    if (a.kind === 'alnum' && a.full > limit && a.glyphs.length >= 2) return true;
  }
  return false;
}

/**
 * A Latin run longer than most of a line (a URL, a file name) cannot stay whole: split it after its
 * separators, or anywhere if a piece is still too long. Only such overlong runs are ever split; a
 * paragraph without one keeps its arrays as they are (rebuilding them, a closure call and two pushes
 * an atom at V8's baseline tier, was ~9 million instructions of the sample's typesetting).
 */
function splitOverlong(it: Itemized, limit: number): void {
  if (!hasOverlong(it.atoms, limit)) return;
  const atoms: Atom[] = [];
  const spaces: boolean[] = [];
  it.atoms.forEach((a, i) => {
    if (a.kind !== 'alnum' || a.full <= limit || a.glyphs.length < 2) {
      atoms.push(a);
      spaces.push(it.spaceBefore[i]!);
      return;
    }
    const pieces: Atom['glyphs'][] = [[]];
    let width = 0;
    for (const g of a.glyphs) {
      const cur = pieces[pieces.length - 1]!;
      if (cur.length > 0 && width + g.advance > limit) {
        pieces.push([]);
        width = 0;
      }
      pieces[pieces.length - 1]!.push(g);
      width += g.advance;
      if (/[/._\-?&=#]$/.test(g.text)) {
        pieces.push([]);
        width = 0;
      }
    }
    pieces
      .filter((p) => p.length > 0)
      .forEach((p, k) => {
        const text = p.map((g) => g.text).join('');
        atoms.push({
          ...a,
          text,
          glyphs: p,
          full: p.reduce((t, g) => t + g.advance, 0),
          noStart: k === 0 && a.noStart,
          noEnd: false,
        });
        spaces.push(k === 0 ? it.spaceBefore[i]! : false);
      });
    atoms[atoms.length - 1]!.noEnd = a.noEnd;
  });
  it.atoms = atoms;
  it.spaceBefore = spaces;
}

/** Lays out one paragraph into lines. Pure: the same (input, style, measure) gives the same lines. */
export function layoutParagraph(input: ParagraphInput, style: ParagraphStyle, measure: number): ParagraphLayout {
  const itemized = itemize(input, style);
  splitOverlong(itemized, measure * 0.6);
  const { atoms, spaceBefore, missing } = itemized;
  if (atoms.length === 0) return { lines: [], missing };
  compressAdjacent(atoms, style.punctuation ?? 'quanjiao');
  const js = junctions(atoms, spaceBefore, style.size);
  const sums = prefixSums(atoms, js, style.size);
  const justify = style.align === 'justify';
  const indent = style.indent;
  // Try strict tolerances first; a looser one is taken when the strict fit is impossible or leaves a
  // lonely last line (W1) that a looser fit avoids.
  const tolerances = justify ? [1, 4, 1e9] : [1e9];
  const exitGap = justify ? (style.exitGap ?? 0) : 0;
  let found: { breaks: number[]; demerits: number; fullExit: boolean } | null = null;
  if (justify && input.maxLines) {
    // L1: within the strict tolerances only (a tighter paragraph must not turn loose elsewhere)
    for (const t of tolerances.slice(0, 2)) {
      const r = totalFitBreaks(atoms, js, sums, measure, indent, t, false, exitGap, input.maxLines);
      if (r && r.demerits < W1_DEMERITS) {
        found = r;
        break;
      }
    }
  }
  if (!found)
    for (const t of tolerances) {
      const r = totalFitBreaks(atoms, js, sums, measure, indent, t, false, exitGap);
      if (r && (!found || r.demerits < found.demerits)) found = r;
      if (found && found.demerits < W1_DEMERITS) break;
    }
  found ??= totalFitBreaks(atoms, js, sums, measure, indent, 1e9, true, exitGap);
  let breaks = found?.breaks ?? null;
  if (!breaks) breaks = [atoms.length - 1];
  const lines: ComposedLine[] = [];
  let a = 0;
  for (let li = 0; li < breaks.length; li++) {
    const b = breaks[li]!;
    const last = li === breaks.length - 1;
    const startX = a === 0 ? indent : 0;
    const placed = placeLine(
      atoms,
      js,
      a,
      b,
      measure,
      startX,
      justify && (!last || found?.fullExit === true),
      sums.kernel,
    );
    let shift = 0;
    if (style.align === 'center') shift = (measure - placed.end) / 2;
    const runs: GlyphRun[] = [];
    const { xs, glyphs, count } = placed;
    let run: GlyphRun | undefined;
    for (let k = 0; k < count; k++) {
      const g = glyphs[k]!;
      const gx = xs[k]!;
      if (!run || run.font !== g.font) {
        run = { font: g.font, size: style.size, y: 0, glyphs: [] };
        runs.push(run);
      }
      // Each glyph's page advance runs to the next glyph (so a viewer's text boxes neither overlap nor
      // leave holes); the last one ends at the line's end.
      const advance = (k + 1 < count ? xs[k + 1]! : placed.end) - gx;
      run.glyphs.push({ id: g.id, x: gx + shift, advance, text: g.text });
    }
    lines.push({
      runs,
      start: startX + shift,
      end: placed.end + shift,
      last,
      text: lineText(atoms, spaceBefore, a, b),
    });
    a = b + 1;
  }
  return { lines, missing };
}

/** The text of atoms a..b, a space where the source had one between two of them. */
function lineText(atoms: readonly Atom[], spaceBefore: readonly boolean[], a: number, b: number): string {
  let text = atoms[a]!.text;
  for (let k = a + 1; k <= b; k++) {
    if (spaceBefore[k]) text += ' ';
    text += atoms[k]!.text;
  }
  return text;
}

/** A cache key for layoutParagraph (fonts by identity: path and generation). */
export function paragraphKey(input: ParagraphInput, style: ParagraphStyle, measure: number): string {
  return [
    input.text,
    input.lead ?? 0,
    style.fonts.map((f) => f.key).join('|'),
    (style.leadFonts ?? []).map((f) => f.key).join('|'),
    style.size,
    style.indent,
    style.align,
    style.exitGap ?? 0,
    style.punctuation ?? 'quanjiao',
    measure,
    ...(input.maxLines ? [`max ${input.maxLines}`] : []),
  ].join('\u0000');
}

/** The composer's intermediate forms, for tests: a paragraph's junctions, and its first line as placed. */
export const composerForTests = {
  /** A one-character atom's glyphs as oneCharAtom reads them, and as the general path shapes them. */
  charGlyphs,
  scaledGlyphs,
  junctions(input: ParagraphInput, style: ParagraphStyle): Junctions {
    const { atoms, spaceBefore } = itemize(input, style);
    compressAdjacent(atoms, style.punctuation ?? 'quanjiao');
    return junctions(atoms, spaceBefore, style.size);
  },
  firstLine(input: ParagraphInput, style: ParagraphStyle, measure: number): PlacedLine {
    const { atoms, spaceBefore } = itemize(input, style);
    compressAdjacent(atoms, style.punctuation ?? 'quanjiao');
    const js = junctions(atoms, spaceBefore, style.size);
    let b = 0;
    let width = style.indent + atoms[0]!.full;
    while (b + 1 < atoms.length && width + js.glue[b]! + atoms[b + 1]!.full <= measure)
      width += js.glue[b]! + atoms[++b]!.full;
    return placeLine(atoms, js, 0, b, measure, style.indent, false);
  },
};
