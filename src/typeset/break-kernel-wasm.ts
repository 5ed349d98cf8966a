// The line breaker's WebAssembly kernel (break-kernel.ts) written out: a minimal encoder and the
// program, one statement a line. Not loaded by a build: break-kernel.ts keeps the bytes this writes
// (test/break-kernel.test.ts fails, printing the new bytes, when the two differ).
import {
  A_CUTL,
  A_CUTR,
  A_DRAW,
  A_FULL,
  A_TIER,
  A_X,
  ACTIVE,
  ASHRINK,
  BLANKL,
  BLANKR,
  BREAKABLE,
  DEMERITS,
  END_TRIM,
  GLUE,
  GSHRINK,
  H_FULL,
  H_HEAD,
  H_LEFT_OPEN,
  H_LEN,
  H_TOTAL,
  H_TRIED,
  J_GLUE,
  J_INTER,
  J_SHRINK,
  J_TIER,
  LINE_CUTL,
  LINE_CUTR,
  LINE_GLUE,
  PAGES,
  PREV,
  STRETCH,
  WIDTH,
} from './break-kernel';

// ─── a minimal WebAssembly encoder ──────────────────────────────────────────────────────────────────

const I32 = 0x7f;
const F64 = 0x7c;
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const f64Bytes = (x: number): number[] => [...new Uint8Array(new Float64Array([x]).buffer)];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

// opcodes
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const ELSE = 0x05;
const END_ = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const RETURN = 0x0f;
const CALL = 0x10;
const SELECT = 0x1b;
const VOID = 0x40;
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (n: number) => [0x41, ...sleb(n)];
const f64c = (x: number) => [0x44, ...f64Bytes(x)];
const i32load = (off: number) => [0x28, 2, ...uleb(off)];
const f64load = (off: number) => [0x2b, 3, ...uleb(off)];
const i32store = (off: number) => [0x36, 2, ...uleb(off)];
const f64store = (off: number) => [0x39, 3, ...uleb(off)];
const I32_EQZ = 0x45;
const I32_EQ = 0x46;
const I32_NE = 0x47;
const I32_LT_S = 0x48;
const I32_LOAD8_U = (off: number) => [0x2d, 0, ...uleb(off)];
const I32_GT_S = 0x4a;
const I32_GE_S = 0x4e;
const F64_LT = 0x63;
const F64_GT = 0x64;
const F64_LE = 0x65;
const F64_NEG = 0x9a;
const F64_MIN = 0xa4;
const F64_CONVERT_I32_S = 0xb7;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_AND = 0x71;
const I32_OR = 0x72;
const I32_SHL = 0x74;
const F64_ADD = 0xa0;
const F64_SUB = 0xa1;
const F64_MUL = 0xa2;
const F64_DIV = 0xa3;
const F64_MAX = 0xa5;

/** The rating's constants (paragraph.ts passes its own, so the two cannot drift apart). */
export interface KernelConstants {
  eps: number;
  linePenalty: number;
  w1Demerits: number;
}

// rate(b, isEnd, ordered, endBlank, lastBlankR, cutR, indent, measure, tolerance, exitGap) -> i32
const P_B = 0;
const P_IS_END = 1;
const P_ORDERED = 2;
const P_END_BLANK = 3;
const P_LAST_BLANK_R = 4;
const P_CUT_R = 5;
const P_INDENT = 6;
const P_MEASURE = 7;
const P_TOLERANCE = 8;
const P_EXIT_GAP = 9;
// locals
const L_HEAD = 10;
const L_LEN = 11;
const L_KEPT = 12;
const L_FROM = 13;
const L_TRIED = 14;
const L_K = 15;
const L_A = 16;
const L_BEST = 17;
const L_FULL = 18;
const L_J = 19;
const L_BEST_FULL = 20;
const I32_LOCALS = 11; // 10..20
const L_WIDTH_B = 21;
const L_GLUE_B = 22;
const L_ASHRINK_B = 23;
const L_GSHRINK_B = 24;
const L_STRETCH_B = 25;
const L_NATURAL = 26;
const L_SHRINK = 27;
const L_STRETCH = 28;
const L_BADNESS = 29;
const L_R = 30;
const L_T = 31;
const L_TOTAL = 32;
const L_BEST_TOTAL = 33;
const L_GAP = 34;
const F64_LOCALS = 14; // 21..34

/** local · 8 (an f64 array's byte index) and local · 4 (an i32 array's) */
const x8 = (local: number) => [...get(local), ...i32c(3), I32_SHL];
const x4 = (local: number) => [...get(local), ...i32c(2), I32_SHL];
/** local += 1 */
const inc = (local: number) => [...get(local), ...i32c(1), I32_ADD, ...set(local)];
/** f64 array at `base`, element `local` */
const f64At = (base: number, local: number) => [...x8(local), ...f64load(base)];
/** 100 · r · r · r, left to right */
const cubeBadness = () => [
  ...f64c(100),
  ...get(L_R),
  F64_MUL,
  ...get(L_R),
  F64_MUL,
  ...get(L_R),
  F64_MUL,
  ...set(L_BADNESS),
];

/**
 * rate(b, …): one pass of totalFitBreaks' loop over the open starts, for break b — each comment names
 * the JavaScript it does; block depths for `br` are counted from the innermost open block.
 */
function rateBody(c: KernelConstants): number[] {
  const eps = c.eps;
  // biome-ignore format: one statement a line
  return [
    ...i32c(0), ...i32load(H_HEAD), ...set(L_HEAD),
    ...i32c(0), ...i32load(H_LEN), ...set(L_LEN),
    // the break's own sums: width and atom shrink to b + 1, glue, glue shrink and stretch to b
    ...f64At(WIDTH + 8, P_B), ...set(L_WIDTH_B),
    ...f64At(ASHRINK + 8, P_B), ...set(L_ASHRINK_B),
    ...f64At(GLUE, P_B), ...set(L_GLUE_B),
    ...f64At(GSHRINK, P_B), ...set(L_GSHRINK_B),
    ...f64At(STRETCH, P_B), ...set(L_STRETCH_B),
    ...get(L_HEAD), ...set(L_KEPT),
    ...get(L_HEAD), ...set(L_FROM),
    ...get(L_LEN), ...set(L_TRIED),
    ...i32c(-1), ...set(L_BEST),
    ...get(L_FROM), ...set(L_K),
    BLOCK, VOID, // $exit
    LOOP, VOID, // $loop
    ...get(L_K), ...get(L_LEN), I32_GE_S, BR_IF, 1,
    BLOCK, VOID, // $next: `continue`
    ...x4(L_K), ...i32load(ACTIVE), ...set(L_A),
    // natural = widthB - width[a] + glueB - glue[a] - endBlank; + indent at the paragraph's start
    ...get(L_WIDTH_B), ...f64At(WIDTH, L_A), F64_SUB, ...get(L_GLUE_B), F64_ADD, ...f64At(GLUE, L_A), F64_SUB,
    ...get(P_END_BLANK), F64_SUB, ...set(L_NATURAL),
    ...get(L_A), I32_EQZ, IF, VOID, ...get(L_NATURAL), ...get(P_INDENT), F64_ADD, ...set(L_NATURAL), END_,
    // shrink = atomShrinkB - atomShrink[a] - lastBlankR - blankL[a] + glueShrinkB - glueShrink[a]
    ...get(L_ASHRINK_B), ...f64At(ASHRINK, L_A), F64_SUB, ...get(P_LAST_BLANK_R), F64_SUB, ...f64At(BLANKL, L_A), F64_SUB,
    ...get(L_GSHRINK_B), F64_ADD, ...f64At(GSHRINK, L_A), F64_SUB, ...set(L_SHRINK),
    // stretch = stretchB - stretch[a]
    ...get(L_STRETCH_B), ...f64At(STRETCH, L_A), F64_SUB, ...set(L_STRETCH),
    ...i32c(0), ...set(L_FULL),
    // too long even fully compressed: retired (the earliest ones by moving head), not rated
    ...get(L_NATURAL), ...get(L_SHRINK), F64_SUB, ...get(P_MEASURE), ...f64c(eps), F64_ADD, F64_GT, IF, VOID,
    ...get(L_KEPT), ...get(L_HEAD), I32_EQ, IF, VOID, ...get(L_K), ...i32c(1), I32_ADD, ...set(L_HEAD), ...get(L_HEAD), ...set(L_KEPT), END_,
    BR, 1, // continue
    END_,
    // kept open (compacted in place)
    ...get(L_KEPT), ...get(L_K), I32_NE, IF, VOID, ...x4(L_KEPT), ...get(L_A), ...i32store(ACTIVE), END_,
    ...inc(L_KEPT),
    ...get(L_NATURAL), ...get(P_MEASURE), ...f64c(eps), F64_ADD, F64_GT, IF, VOID, // if (natural > measure + eps)
    ...get(L_NATURAL), ...get(P_MEASURE), F64_SUB, ...get(L_SHRINK), ...f64c(eps), F64_MAX, F64_DIV, ...set(L_R),
    ...cubeBadness(),
    ELSE,
    ...get(P_IS_END), IF, VOID, // else if (isEnd)
    ...f64c(0), ...set(L_BADNESS),
    // gap = measure - natural - cutR - endTrim; W3 when gap > eps && gap < exitGap && stretch > eps
    ...get(P_MEASURE), ...get(L_NATURAL), F64_SUB, ...get(P_CUT_R), F64_SUB, ...get(P_END_BLANK), F64_SUB, ...set(L_GAP),
    ...get(L_GAP), ...f64c(eps), F64_GT, ...get(L_GAP), ...get(P_EXIT_GAP), F64_LT, I32_AND,
    ...get(L_STRETCH), ...f64c(eps), F64_GT, I32_AND, IF, VOID,
    ...get(L_GAP), ...get(L_STRETCH), F64_DIV, ...set(L_R),
    ...get(L_R), ...get(P_TOLERANCE), F64_GT, BR_IF, 3, // continue (out of: if, if isEnd, if natural > …)
    ...cubeBadness(),
    ...i32c(1), ...set(L_FULL),
    END_,
    ELSE,
    // r = stretch > eps ? (measure - natural) / stretch : measure - natural > eps ? INF : 0
    ...get(L_STRETCH), ...f64c(eps), F64_GT, IF, VOID,
    ...get(P_MEASURE), ...get(L_NATURAL), F64_SUB, ...get(L_STRETCH), F64_DIV, ...set(L_R),
    ELSE,
    ...f64c(Number.POSITIVE_INFINITY), ...f64c(0), ...get(P_MEASURE), ...get(L_NATURAL), F64_SUB, ...f64c(eps), F64_GT, SELECT, ...set(L_R),
    END_,
    ...get(L_R), ...get(P_TOLERANCE), F64_GT, IF, VOID,
    ...get(P_ORDERED), IF, VOID, ...get(L_K), ...i32c(1), I32_ADD, ...set(L_TRIED),
    BR, 6, // break (out of: if ordered, if r >, else, if natural >, $next, $loop, $exit)
    END_,
    BR, 3, // continue (out of: if r >, else, if natural >)
    END_,
    ...cubeBadness(),
    END_,
    END_,
    // dem = (linePenalty + badness)², + W1 for a lonely last line
    ...f64c(c.linePenalty), ...get(L_BADNESS), F64_ADD, ...set(L_T),
    ...get(L_T), ...get(L_T), F64_MUL, ...set(L_TOTAL),
    ...get(P_IS_END), ...get(L_A), ...i32c(0), I32_GT_S, I32_AND, IF, VOID,
    ...get(L_A), ...get(P_B), CALL, 0, IF, VOID, ...get(L_TOTAL), ...f64c(c.w1Demerits), F64_ADD, ...set(L_TOTAL), END_,
    END_,
    // total = demerits[a] + dem; the least total is the best (the first of equals)
    ...f64At(DEMERITS, L_A), ...get(L_TOTAL), F64_ADD, ...set(L_TOTAL),
    ...get(L_BEST), ...i32c(0), I32_LT_S, ...get(L_TOTAL), ...get(L_BEST_TOTAL), F64_LT, I32_OR, IF, VOID,
    ...get(L_A), ...set(L_BEST), ...get(L_TOTAL), ...set(L_BEST_TOTAL), ...get(L_FULL), ...set(L_BEST_FULL),
    END_,
    END_, // $next
    ...inc(L_K),
    BR, 0,
    END_, // $loop
    END_, // $exit
    // breakTrials' counts
    ...i32c(0), ...i32c(0), ...i32load(H_TRIED), ...get(L_TRIED), ...get(L_FROM), I32_SUB, I32_ADD, ...i32store(H_TRIED),
    ...i32c(0), ...i32c(0), ...i32load(H_LEFT_OPEN), ...get(L_LEN), ...get(L_TRIED), I32_SUB, I32_ADD, ...i32store(H_LEFT_OPEN),
    // the starts not tried stay open, after those kept: active[tried, len) → active[kept, …)
    ...get(L_KEPT), ...get(L_TRIED), I32_NE, IF, VOID,
    ...get(L_TRIED), ...set(L_J),
    BLOCK, VOID, LOOP, VOID,
    ...get(L_J), ...get(L_LEN), I32_GE_S, BR_IF, 1,
    ...get(L_KEPT), ...get(L_J), I32_ADD, ...get(L_TRIED), I32_SUB, ...i32c(4), I32_MUL, ...x4(L_J), ...i32load(ACTIVE), ...i32store(ACTIVE),
    ...inc(L_J),
    BR, 0,
    END_, END_,
    ...get(L_KEPT), ...get(L_LEN), I32_ADD, ...get(L_TRIED), I32_SUB, ...set(L_LEN),
    END_,
    // the best start found: at the end it is the answer; otherwise a line start opens at b + 1
    ...get(L_BEST), ...i32c(0), I32_GE_S, IF, VOID,
    ...get(P_IS_END), I32_EQZ, IF, VOID,
    ...get(L_LEN), ...i32c(2), I32_SHL, ...get(P_B), ...i32c(1), I32_ADD, ...i32store(ACTIVE),
    ...inc(L_LEN),
    ...x8(P_B), ...get(L_BEST_TOTAL), ...f64store(DEMERITS + 8),
    ...x4(P_B), ...get(L_BEST), ...i32store(PREV + 4),
    END_,
    ...i32c(0), ...get(L_BEST_TOTAL), ...f64store(H_TOTAL),
    ...i32c(0), ...get(L_BEST_FULL), ...i32store(H_FULL),
    END_,
    ...i32c(0), ...get(L_HEAD), ...i32store(H_HEAD),
    ...i32c(0), ...get(L_LEN), ...i32store(H_LEN),
    // best, or -1: none found; -2: none found and none left open (no fit)
    ...get(L_BEST), ...i32c(-2), ...i32c(-1), ...get(L_LEN), ...get(L_HEAD), I32_EQ, SELECT, ...get(L_BEST), ...i32c(0), I32_GE_S, SELECT,
    END_,
  ];
}

// fit(n, ordered, indent, measure, tolerance, exitGap, cutR) -> i32: the loop over the breaks
const F_N = 0;
const F_ORDERED = 1;
const F_INDENT = 2;
const F_MEASURE = 3;
const F_TOLERANCE = 4;
const F_EXIT_GAP = 5;
const F_CUT_R = 6;
const F_B = 7;
const F_IS_END = 8;
const F_BEST = 9;
const FIT_I32_LOCALS = 3;

/** Every breakable position b (and the paragraph's end) rated in turn; the answer at the end. */
function fitBody(): number[] {
  // biome-ignore format: one statement a line
  return [
    BLOCK, VOID, LOOP, VOID,
    ...get(F_B), ...get(F_N), ...i32c(1), I32_SUB, I32_EQ, ...set(F_IS_END),
    // if (isEnd || breakable[b] === 1): best = rate(b, isEnd, ordered, endTrim[b], blankR[b], isEnd ? cutR : 0, …)
    ...get(F_IS_END), ...get(F_B), ...I32_LOAD8_U(BREAKABLE), ...i32c(1), I32_EQ, I32_OR, IF, VOID,
    ...get(F_B), ...get(F_IS_END), ...get(F_ORDERED), ...f64At(END_TRIM, F_B), ...f64At(BLANKR, F_B),
    ...get(F_CUT_R), ...f64c(0), ...get(F_IS_END), SELECT,
    ...get(F_INDENT), ...get(F_MEASURE), ...get(F_TOLERANCE), ...get(F_EXIT_GAP), CALL, 1, ...set(F_BEST),
    ...get(F_IS_END), IF, VOID, ...get(F_BEST), RETURN, END_,
    ...get(F_BEST), ...i32c(-2), I32_EQ, IF, VOID, ...i32c(-2), RETURN, END_,
    END_,
    ...inc(F_B),
    ...get(F_B), ...get(F_N), I32_LT_S, BR_IF, 0,
    END_, END_,
    ...i32c(-1),
    END_,
  ];
}

// sums(n, nominalStretch) -> i32: the junctions' prefix sums (prefixSums' second loop)
const S_N = 0;
const S_NOMINAL = 1;
const S_J = 2;
const S_OK = 3;
const SUMS_I32_LOCALS = 2;
const S_G = 4;
const S_SH = 5;
const S_GLUE = 6;
const S_GSHRINK = 7;
const S_STRETCH = 8;
const SUMS_F64_LOCALS = 5;

function sumsBody(): number[] {
  // biome-ignore format: one statement a line
  return [
    ...i32c(1), ...set(S_OK),
    ...i32c(0), ...f64c(0), ...f64store(GLUE),
    ...i32c(0), ...f64c(0), ...f64store(GSHRINK),
    ...i32c(0), ...f64c(0), ...f64store(STRETCH),
    BLOCK, VOID, LOOP, VOID,
    // for (let j = 0; j + 1 < n; j++)
    ...get(S_J), ...i32c(1), I32_ADD, ...get(S_N), I32_GE_S, BR_IF, 1,
    ...f64At(J_GLUE, S_J), ...set(S_G),
    ...f64At(J_SHRINK, S_J), ...set(S_SH),
    // if (g < 0 || sh < 0) nonNegative = false
    ...get(S_G), ...f64c(0), F64_LT, ...get(S_SH), ...f64c(0), F64_LT, I32_OR, IF, VOID, ...i32c(0), ...set(S_OK), END_,
    // sumGlue += g; glue[j + 1] = sumGlue (and glue shrink alike)
    ...get(S_GLUE), ...get(S_G), F64_ADD, ...set(S_GLUE), ...x8(S_J), ...get(S_GLUE), ...f64store(GLUE + 8),
    ...get(S_GSHRINK), ...get(S_SH), F64_ADD, ...set(S_GSHRINK), ...x8(S_J), ...get(S_GSHRINK), ...f64store(GSHRINK + 8),
    // sumStretch += interChar[j] ? nominalStretch : 0; stretch[j + 1] = sumStretch
    ...get(S_STRETCH), ...get(S_NOMINAL), ...f64c(0), ...get(S_J), ...I32_LOAD8_U(J_INTER), SELECT, F64_ADD, ...set(S_STRETCH),
    ...x8(S_J), ...get(S_STRETCH), ...f64store(STRETCH + 8),
    ...inc(S_J),
    BR, 0,
    END_, END_,
    ...get(S_OK),
    END_,
  ];
}

// place(a, b, measure, startX, justify) -> f64: placeLine (paragraph.ts) from its first line to its
// pen positions — the same operations in the same order, so the same doubles
const P2_A = 0;
const P2_B = 1;
const P2_MEASURE = 2;
const P2_START_X = 3;
const P2_JUSTIFY = 4;
const Q_I = 5;
const Q_J = 6;
const Q_T = 7;
const Q_COUNT = 8;
const PLACE_I32_LOCALS = 4; // 5..8
const Q_NATURAL = 9;
const Q_DIFF = 10;
const Q_NEED = 11;
const Q_TOTAL = 12;
const Q_SHARE = 13;
const Q_RIGHT = 14;
const Q_X = 15;
const Q_END = 16;
const Q_CL = 17;
const Q_CR = 18;
const PLACE_F64_LOCALS = 10; // 9..18

/** for (local = from; local <= to (or < to); local++) { body } — `br` depths inside count from the loop */
// biome-ignore format: one statement a line
const forRange = (local: number, from: number[], to: number[], inclusive: boolean, body: number[]) => [
  ...from, ...set(local),
  BLOCK, VOID, LOOP, VOID,
  ...get(local), ...to, inclusive ? I32_GT_S : I32_GE_S, BR_IF, 1,
  ...body,
  ...inc(local),
  BR, 0,
  END_, END_,
];
/** f64 array at `base`, element `local`, set to the value `value` leaves */
const f64Put = (base: number, local: number, value: number[]) => [...x8(local), ...value, ...f64store(base)];
/** junction j takes part in tier t's compression: shrinkTier[j] === t && shrink[j] > 0 */
// biome-ignore format: one statement a line
const junctionInTier = () => [
  ...get(Q_J), ...I32_LOAD8_U(J_TIER), ...get(Q_T), I32_EQ,
  ...f64At(J_SHRINK, Q_J), ...f64c(0), F64_GT, I32_AND,
];
/** atom i's right blank on the line: i === b ? 0 : blankR[i] */
// biome-ignore format: one statement a line
const rightBlank = () => [...f64c(0), ...f64At(BLANKR, Q_I), ...get(Q_I), ...get(P2_B), I32_EQ, SELECT, ...set(Q_RIGHT)];
/** atom i's left blank counts: blankL[i] > 0 && i !== a (P2) */
// biome-ignore format: one statement a line
const leftCounts = () => [...f64At(BLANKL, Q_I), ...f64c(0), F64_GT, ...get(Q_I), ...get(P2_A), I32_NE, I32_AND];

function placeBody(): number[] {
  // biome-ignore format: one statement a line
  return [
    // the line's own cuts 0, its glue the junctions'; cutR[b] = endTrim[b] (P1)
    ...forRange(Q_I, get(P2_A), get(P2_B), true, [
      ...f64Put(LINE_CUTL, Q_I, f64c(0)),
      ...f64Put(LINE_CUTR, Q_I, f64c(0)),
    ]),
    ...forRange(Q_J, get(P2_A), get(P2_B), false, [...f64Put(LINE_GLUE, Q_J, f64At(J_GLUE, Q_J))]),
    ...f64Put(LINE_CUTR, P2_B, f64At(END_TRIM, P2_B)),
    // natural = startX + Σ (full - cutL - cutR) + Σ glue - cutR[b]
    ...get(P2_START_X), ...set(Q_NATURAL),
    ...forRange(Q_I, get(P2_A), get(P2_B), true, [
      ...get(Q_NATURAL), ...f64At(A_FULL, Q_I), ...f64At(A_CUTL, Q_I), F64_SUB, ...f64At(A_CUTR, Q_I), F64_SUB, F64_ADD, ...set(Q_NATURAL),
    ]),
    ...forRange(Q_J, get(P2_A), get(P2_B), false, [...get(Q_NATURAL), ...f64At(J_GLUE, Q_J), F64_ADD, ...set(Q_NATURAL)]),
    ...get(Q_NATURAL), ...f64At(LINE_CUTR, P2_B), F64_SUB, ...set(Q_NATURAL),
    ...get(P2_MEASURE), ...get(Q_NATURAL), F64_SUB, ...set(Q_DIFF),
    ...get(Q_DIFF), ...f64c(-1e-9), F64_LT, IF, VOID,
    // J3: compress tier by tier (2, 4, 5, 6, 7), each tier equally over its instances
    ...get(Q_DIFF), F64_NEG, ...set(Q_NEED),
    ...i32c(2), ...set(Q_T),
    BLOCK, VOID, LOOP, VOID, // $tiers
    ...get(Q_NEED), ...f64c(1e-9), F64_LE, BR_IF, 1, // break
    BLOCK, VOID, // $nextTier: `continue`
    // total: the pieces' caps in order — junctions, then each atom's left and right blank
    ...f64c(0), ...set(Q_TOTAL),
    ...forRange(Q_J, get(P2_A), get(P2_B), false, [
      ...junctionInTier(), IF, VOID, ...get(Q_TOTAL), ...f64At(J_SHRINK, Q_J), F64_ADD, ...set(Q_TOTAL), END_,
    ]),
    ...forRange(Q_I, get(P2_A), get(P2_B), true, [
      ...get(Q_I), ...I32_LOAD8_U(A_TIER), ...get(Q_T), I32_EQ, IF, VOID,
      ...leftCounts(), IF, VOID, ...get(Q_TOTAL), ...f64At(BLANKL, Q_I), F64_ADD, ...set(Q_TOTAL), END_,
      ...rightBlank(),
      ...get(Q_RIGHT), ...f64c(0), F64_GT, IF, VOID, ...get(Q_TOTAL), ...get(Q_RIGHT), F64_ADD, ...set(Q_TOTAL), END_,
      END_,
    ]),
    ...get(Q_TOTAL), ...f64c(0), F64_LE, BR_IF, 0, // continue
    // share = Math.min(1, need / total); each piece takes cap · share
    ...f64c(1), ...get(Q_NEED), ...get(Q_TOTAL), F64_DIV, F64_MIN, ...set(Q_SHARE),
    ...forRange(Q_J, get(P2_A), get(P2_B), false, [
      ...junctionInTier(), IF, VOID,
      ...f64Put(LINE_GLUE, Q_J, [...f64At(LINE_GLUE, Q_J), ...f64At(J_SHRINK, Q_J), ...get(Q_SHARE), F64_MUL, F64_SUB]),
      END_,
    ]),
    ...forRange(Q_I, get(P2_A), get(P2_B), true, [
      ...get(Q_I), ...I32_LOAD8_U(A_TIER), ...get(Q_T), I32_EQ, IF, VOID,
      ...leftCounts(), IF, VOID,
      ...f64Put(LINE_CUTL, Q_I, [...f64At(LINE_CUTL, Q_I), ...f64At(BLANKL, Q_I), ...get(Q_SHARE), F64_MUL, F64_ADD]),
      END_,
      ...rightBlank(),
      ...get(Q_RIGHT), ...f64c(0), F64_GT, IF, VOID,
      ...f64Put(LINE_CUTR, Q_I, [...f64At(LINE_CUTR, Q_I), ...get(Q_RIGHT), ...get(Q_SHARE), F64_MUL, F64_ADD]),
      END_,
      END_,
    ]),
    ...get(Q_NEED), ...get(Q_TOTAL), ...get(Q_SHARE), F64_MUL, F64_SUB, ...set(Q_NEED),
    END_, // $nextTier
    // the next tier: 2 → 4, then 5, 6, 7, then done
    ...get(Q_T), ...i32c(7), I32_EQ, BR_IF, 1,
    ...i32c(4), ...get(Q_T), ...i32c(1), I32_ADD, ...get(Q_T), ...i32c(2), I32_EQ, SELECT, ...set(Q_T),
    BR, 0,
    END_, END_, // $tiers
    ELSE,
    ...get(P2_JUSTIFY), ...get(Q_DIFF), ...f64c(1e-9), F64_GT, I32_AND, IF, VOID,
    // J2: the slack spread evenly over the line's inter-character junctions (all of them if none is)
    ...i32c(0), ...set(Q_COUNT),
    ...forRange(Q_J, get(P2_A), get(P2_B), false, [
      ...get(Q_J), ...I32_LOAD8_U(J_INTER), IF, VOID, ...inc(Q_COUNT), END_,
    ]),
    ...get(Q_COUNT), I32_EQZ, IF, VOID,
    ...get(P2_B), ...get(P2_A), I32_SUB, ...set(Q_COUNT),
    ...forRange(Q_J, get(P2_A), get(P2_B), false, [
      ...f64Put(LINE_GLUE, Q_J, [...f64At(LINE_GLUE, Q_J), ...get(Q_DIFF), ...get(Q_COUNT), F64_CONVERT_I32_S, F64_DIV, F64_ADD]),
    ]),
    ELSE,
    ...forRange(Q_J, get(P2_A), get(P2_B), false, [
      ...get(Q_J), ...I32_LOAD8_U(J_INTER), IF, VOID,
      ...f64Put(LINE_GLUE, Q_J, [...f64At(LINE_GLUE, Q_J), ...get(Q_DIFF), ...get(Q_COUNT), F64_CONVERT_I32_S, F64_DIV, F64_ADD]),
      END_,
    ]),
    END_,
    END_,
    END_,
    // each atom's first glyph at x - cl + drawOffset; x += full - cl - cr, then the junction's glue
    ...get(P2_START_X), ...set(Q_X),
    ...get(Q_X), ...set(Q_END),
    ...forRange(Q_I, get(P2_A), get(P2_B), true, [
      ...f64At(A_CUTL, Q_I), ...f64At(LINE_CUTL, Q_I), F64_ADD, ...set(Q_CL),
      ...f64At(A_CUTR, Q_I), ...f64At(LINE_CUTR, Q_I), F64_ADD, ...set(Q_CR),
      ...f64Put(A_X, Q_I, [...get(Q_X), ...get(Q_CL), F64_SUB, ...f64At(A_DRAW, Q_I), F64_ADD]),
      ...get(Q_X), ...f64At(A_FULL, Q_I), ...get(Q_CL), F64_SUB, ...get(Q_CR), F64_SUB, F64_ADD, ...set(Q_X),
      ...get(Q_X), ...set(Q_END),
      ...get(Q_I), ...get(P2_B), I32_LT_S, IF, VOID, ...get(Q_X), ...f64At(LINE_GLUE, Q_I), F64_ADD, ...set(Q_X), END_,
    ]),
    ...get(Q_END),
    END_,
  ];
}

export function kernelModule(c: KernelConstants): Uint8Array<ArrayBuffer> {
  const rateType = [0x60, ...vec([[I32], [I32], [I32], ...Array.from({ length: 7 }, () => [F64])]), ...vec([[I32]])];
  const lonelyType = [0x60, ...vec([[I32], [I32]]), ...vec([[I32]])];
  const fitType = [0x60, ...vec([[I32], [I32], ...Array.from({ length: 5 }, () => [F64])]), ...vec([[I32]])];
  const body = [
    ...vec([
      [...uleb(I32_LOCALS), I32],
      [...uleb(F64_LOCALS), F64],
    ]),
    ...rateBody(c),
  ];
  const fit = [...vec([[...uleb(FIT_I32_LOCALS), I32]]), ...fitBody()];
  const sumsType = [0x60, ...vec([[I32], [F64]]), ...vec([[I32]])];
  const placeType = [0x60, ...vec([[I32], [I32], [F64], [F64], [I32]]), ...vec([[F64]])];
  const place = [
    ...vec([
      [...uleb(PLACE_I32_LOCALS), I32],
      [...uleb(PLACE_F64_LOCALS), F64],
    ]),
    ...placeBody(),
  ];
  const sums = [
    ...vec([
      [...uleb(SUMS_I32_LOCALS), I32],
      [...uleb(SUMS_F64_LOCALS), F64],
    ]),
    ...sumsBody(),
  ];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([rateType, lonelyType, fitType, sumsType, placeType])),
    ...section(2, vec([[...str('k'), ...str('lonely'), 0x00, ...uleb(1)]])),
    ...section(3, vec([uleb(0), uleb(2), uleb(3), uleb(4)])),
    ...section(5, vec([[0x00, ...uleb(PAGES)]])),
    ...section(
      7,
      vec([
        [...str('fit'), 0x00, ...uleb(2)],
        [...str('sums'), 0x00, ...uleb(3)],
        [...str('place'), 0x00, ...uleb(4)],
        [...str('mem'), 0x02, 0],
      ]),
    ),
    ...section(
      10,
      vec([
        [...uleb(body.length), ...body],
        [...uleb(fit.length), ...fit],
        [...uleb(sums.length), ...sums],
        [...uleb(place.length), ...place],
      ]),
    ),
  ]);
}
