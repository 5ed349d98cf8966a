// The line breaker's rating of open line starts against one break (Knuth–Plass total fit, the inner
// loop of `totalFitBreaks` in paragraph.ts) as a small WebAssembly function. A cold build runs the
// typesetter at V8's baseline tier (`--max-opt=1`), where each of a rated pair's ~40 operations is a
// builtin call — a keyed load from a prefix sum, a new heap number for each sum — about 4,000
// instructions a pair (12,700 pairs for the sample's handout). WebAssembly's baseline compiler
// (Liftoff) runs the same IEEE double arithmetic, in the same order, as machine instructions: the same
// breaks, demerits and stretch ratios, bit for bit (test/break-kernel.test.ts compares it with the
// JavaScript loop over the corpus).
//
// Memory (one instance a thread, made on first use): a header, then per-atom arrays indexed by atom /
// line start — the five prefix sums, each atom's left blank, and per open start its demerits, the
// start it follows (`prev`) and the list of open starts; and for `place` (placeLine's justification,
// the same arithmetic in the same order) each atom's width, cuts, draw offset and shrink tier, the
// junctions' tiers, a line's own cuts and glue and each atom's pen x. A paragraph of more than
// `KERNEL_ATOMS` atoms is set by the JavaScript loop.

/** Atoms a paragraph may have for the kernel (longer ones use the JavaScript loop): 164 bytes each. */
export const KERNEL_ATOMS = 8190;
export const SLOTS = KERNEL_ATOMS + 2;
export const PAGE = 65536;
export const HEADER = 64;
// byte offsets of the arrays (f64 first, all 8-aligned)
export const WIDTH = HEADER;
export const ASHRINK = WIDTH + 8 * SLOTS;
export const GLUE = ASHRINK + 8 * SLOTS;
export const GSHRINK = GLUE + 8 * SLOTS;
export const STRETCH = GSHRINK + 8 * SLOTS;
export const BLANKL = STRETCH + 8 * SLOTS;
export const DEMERITS = BLANKL + 8 * SLOTS;
export const END_TRIM = DEMERITS + 8 * SLOTS;
export const BLANKR = END_TRIM + 8 * SLOTS;
export const ACTIVE = BLANKR + 8 * SLOTS;
export const PREV = ACTIVE + 4 * SLOTS;
export const BREAKABLE = PREV + 4 * SLOTS;
export const J_GLUE = BREAKABLE + SLOTS; // (SLOTS is a multiple of 8)
export const J_SHRINK = J_GLUE + 8 * SLOTS;
export const J_INTER = J_SHRINK + 8 * SLOTS;
// placeLine's: each atom's full width, fixed cuts and draw offset, the line's own cuts and glue (the
// J3/J2 adjustments, by atom and junction index), each atom's first glyph's pen x, and the shrink tiers
export const A_FULL = J_INTER + SLOTS;
export const A_CUTL = A_FULL + 8 * SLOTS;
export const A_CUTR = A_CUTL + 8 * SLOTS;
export const A_DRAW = A_CUTR + 8 * SLOTS;
export const LINE_CUTL = A_DRAW + 8 * SLOTS;
export const LINE_CUTR = LINE_CUTL + 8 * SLOTS;
export const LINE_GLUE = LINE_CUTR + 8 * SLOTS;
export const A_X = LINE_GLUE + 8 * SLOTS;
export const A_TIER = A_X + 8 * SLOTS;
export const J_TIER = A_TIER + SLOTS;
export const END = J_TIER + SLOTS;
export const PAGES = Math.ceil(END / PAGE);
// header fields (i32 byte offsets; the f64 at 24)
export const H_HEAD = 0;
export const H_LEN = 4;
export const H_TRIED = 8;
export const H_LEFT_OPEN = 12;
export const H_FULL = 16;
export const H_TOTAL = 24;

/** The kernel's instance and views of its memory (typed-array views: the memory never grows). */
export interface BreakKernel {
  /**
   * The best line start of the paragraph's last line (its breaks by `prev`), or -1 / -2 when none fits;
   * the paragraph's sums, atoms' blanks and breakable junctions in the arrays below, `header` set.
   */
  /**
   * The junctions' prefix sums (glue, glue shrink, stretch) from `junctionGlue`, `junctionShrink` and
   * `interChar` for a paragraph of n atoms, as prefixSums adds them; 0 if a glue or shrink is negative.
   */
  sums: (n: number, nominalStretch: number) => number;
  /**
   * placeLine's justification and pen positions for the line of atoms a..b (the paragraph's atoms in
   * the arrays below, its junctions' glue, shrink, tiers and inter-character flags): each atom's first
   * glyph's pen x in `atomX`; returns the line's end
   */
  place: (a: number, b: number, measure: number, startX: number, justify: number) => number;
  fit: (
    n: number,
    ordered: number,
    indent: number,
    measure: number,
    tolerance: number,
    exitGap: number,
    cutR: number,
  ) => number;
  header: Int32Array;
  total: Float64Array;
  width: Float64Array;
  atomShrink: Float64Array;
  glue: Float64Array;
  glueShrink: Float64Array;
  stretch: Float64Array;
  blankL: Float64Array;
  blankR: Float64Array;
  endTrim: Float64Array;
  breakable: Uint8Array;
  junctionGlue: Float64Array;
  junctionShrink: Float64Array;
  interChar: Uint8Array;
  junctionTier: Uint8Array;
  full: Float64Array;
  cutL: Float64Array;
  cutR: Float64Array;
  drawOffset: Float64Array;
  tier: Uint8Array;
  atomX: Float64Array;
  demerits: Float64Array;
  active: Int32Array;
  prev: Int32Array;
  /** W1's test for the current paragraph (the kernel calls it at the paragraph's end) */
  lonely: (a: number, b: number) => boolean;
}

let kernel: BreakKernel | null | undefined;

/** The module (break-kernel-wasm.ts's `kernelModule` with paragraph.ts's constants; test/break-kernel.test.ts) */
export const KERNEL_WASM =
  'AGFzbQEAAAABLwVgCn9/f3x8fHx8fHwBf2ACf38Bf2AHf398fHx8fAF/YAJ/fAF/YAV/f3x8fwF8AgwBAWsGbG9uZWx5AAEDBQQAAgMEBQMBABUHHAQDZml0AAIEc3VtcwADBXBsYWNlAAQDbWVtAgAKhhME8AYCC38OfEEAKAIAIQpBACgCBCELIABBA3QrA0ghFSAAQQN0KwPIgAQhFyAAQQN0KwPAgAghFiAAQQN0KwPAgAwhGCAAQQN0KwPAgBAhGSAKIQwgCiENIAshDkF/IREgDSEPAkADQCAPIAtODQECQCAPQQJ0KALAgCQhECAVIBBBA3QrA0ChIBagIBBBA3QrA8CACKEgA6EhGiAQRQRAIBogBqAhGgsgFyAQQQN0KwPAgAShIAShIBBBA3QrA8CAFKEgGKAgEEEDdCsDwIAMoSEbIBkgEEEDdCsDwIAQoSEcQQAhEiAaIBuhIAdEje21oPfGsD6gZARAIAwgCkYEQCAPQQFqIQogCiEMCwwBCyAMIA9HBEAgDEECdCAQNgLAgCQLIAxBAWohDCAaIAdEje21oPfGsD6gZARAIBogB6EgG0SN7bWg98awPqWjIR5EAAAAAAAAWUAgHqIgHqIgHqIhHQUgAQRARAAAAAAAAAAAIR0gByAaoSAFoSADoSEiICJEje21oPfGsD5kICIgCWNxIBxEje21oPfGsD5kcQRAICIgHKMhHiAeIAhkDQNEAAAAAAAAWUAgHqIgHqIgHqIhHUEBIRILBSAcRI3ttaD3xrA+ZARAIAcgGqEgHKMhHgVEAAAAAAAA8H9EAAAAAAAAAAAgByAaoUSN7bWg98awPmQbIR4LIB4gCGQEQCACBEAgD0EBaiEODAYLDAMLRAAAAAAAAFlAIB6iIB6iIB6iIR0LC0QAAAAAAAAkQCAdoCEfIB8gH6IhICABIBBBAEpxBEAgECAAEAAEQCAgRAAAAACE15dBoCEgCwsgEEEDdCsDwIAYICCgISAgEUEASCAgICFjcgRAIBAhESAgISEgEiEUCwsgD0EBaiEPDAALC0EAQQAoAgggDiANa2o2AghBAEEAKAIMIAsgDmtqNgIMIAwgDkcEQCAOIRMCQANAIBMgC04NASAMIBNqIA5rQQRsIBNBAnQoAsCAJDYCwIAkIBNBAWohEwwACwsgDCALaiAOayELCyARQQBOBEAgAUUEQCALQQJ0IABBAWo2AsCAJCALQQFqIQsgAEEDdCAhOQPIgBggAEECdCARNgLEgCYLQQAgITkDGEEAIBQ2AhALQQAgCjYCAEEAIAs2AgQgEUF+QX8gCyAKRhsgEUEAThsLewEDfwJAA0AgByAAQQFrRiEIIAggBy0AwIAoQQFGcgRAIAcgCCABIAdBA3QrA8CAHCAHQQN0KwPAgCAgBkQAAAAAAAAAACAIGyACIAMgBCAFEAEhCSAIBEAgCQ8LIAlBfkYEQEF+DwsLIAdBAWohByAHIABIDQALC0F/C9cBAgJ/BXxBASEDQQBEAAAAAAAAAAA5A8CACEEARAAAAAAAAAAAOQPAgAxBAEQAAAAAAAAAADkDwIAQAkADQCACQQFqIABODQEgAkEDdCsDwMAoIQQgAkEDdCsDwMAsIQUgBEQAAAAAAAAAAGMgBUQAAAAAAAAAAGNyBEBBACEDCyAGIASgIQYgAkEDdCAGOQPIgAggByAFoCEHIAJBA3QgBzkDyIAMIAggAUQAAAAAAAAAACACLQDAwDAboCEIIAJBA3QgCDkDyIAQIAJBAWohAgwACwsgAwu8CQIEfwp8IAAhBQJAA0AgBSABSg0BIAVBA3REAAAAAAAAAAA5A8CAQSAFQQN0RAAAAAAAAAAAOQPAgEUgBUEBaiEFDAALCyAAIQYCQANAIAYgAU4NASAGQQN0IAZBA3QrA8DAKDkDwIBJIAZBAWohBgwACwsgAUEDdCABQQN0KwPAgBw5A8CARSADIQkgACEFAkADQCAFIAFKDQEgCSAFQQN0KwPAgDEgBUEDdCsDwIA1oSAFQQN0KwPAgDmhoCEJIAVBAWohBQwACwsgACEGAkADQCAGIAFODQEgCSAGQQN0KwPAwCigIQkgBkEBaiEGDAALCyAJIAFBA3QrA8CARaEhCSACIAmhIQogCkSV1iboCy4RvmMEQCAKmiELQQIhBwJAA0AgC0SV1iboCy4RPmUNAQJARAAAAAAAAAAAIQwgACEGAkADQCAGIAFODQEgBi0AwMBRIAdGIAZBA3QrA8DALEQAAAAAAAAAAGRxBEAgDCAGQQN0KwPAwCygIQwLIAZBAWohBgwACwsgACEFAkADQCAFIAFKDQEgBS0AwIBRIAdGBEAgBUEDdCsDwIAURAAAAAAAAAAAZCAFIABHcQRAIAwgBUEDdCsDwIAUoCEMC0QAAAAAAAAAACAFQQN0KwPAgCAgBSABRhshDiAORAAAAAAAAAAAZARAIAwgDqAhDAsLIAVBAWohBQwACwsgDEQAAAAAAAAAAGUNAEQAAAAAAADwPyALIAyjpCENIAAhBgJAA0AgBiABTg0BIAYtAMDAUSAHRiAGQQN0KwPAwCxEAAAAAAAAAABkcQRAIAZBA3QgBkEDdCsDwIBJIAZBA3QrA8DALCANoqE5A8CASQsgBkEBaiEGDAALCyAAIQUCQANAIAUgAUoNASAFLQDAgFEgB0YEQCAFQQN0KwPAgBREAAAAAAAAAABkIAUgAEdxBEAgBUEDdCAFQQN0KwPAgEEgBUEDdCsDwIAUIA2ioDkDwIBBC0QAAAAAAAAAACAFQQN0KwPAgCAgBSABRhshDiAORAAAAAAAAAAAZARAIAVBA3QgBUEDdCsDwIBFIA4gDaKgOQPAgEULCyAFQQFqIQUMAAsLIAsgDCANoqEhCwsgB0EHRg0BQQQgB0EBaiAHQQJGGyEHDAALCwUgBCAKRJXWJugLLhE+ZHEEQEEAIQggACEGAkADQCAGIAFODQEgBi0AwMAwBEAgCEEBaiEICyAGQQFqIQYMAAsLIAhFBEAgASAAayEIIAAhBgJAA0AgBiABTg0BIAZBA3QgBkEDdCsDwIBJIAogCLejoDkDwIBJIAZBAWohBgwACwsFIAAhBgJAA0AgBiABTg0BIAYtAMDAMARAIAZBA3QgBkEDdCsDwIBJIAogCLejoDkDwIBJCyAGQQFqIQYMAAsLCwsLIAMhDyAPIRAgACEFAkADQCAFIAFKDQEgBUEDdCsDwIA1IAVBA3QrA8CAQaAhESAFQQN0KwPAgDkgBUEDdCsDwIBFoCESIAVBA3QgDyARoSAFQQN0KwPAgD2gOQPAgE0gDyAFQQN0KwPAgDEgEaEgEqGgIQ8gDyEQIAUgAUgEQCAPIAVBA3QrA8CASaAhDwsgBUEBaiEFDAALCyAQCw==';

/** The thread's kernel, made on first use; null where WebAssembly is not available. */
export function breakKernel(): BreakKernel | null {
  if (kernel !== undefined) return kernel;
  if (typeof WebAssembly !== 'object') return (kernel = null);
  const holder: { k?: BreakKernel } = {};
  const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(KERNEL_WASM, 'base64')), {
    k: { lonely: (a: number, b: number) => (holder.k!.lonely(a, b) ? 1 : 0) },
  });
  const buffer = (instance.exports.mem as WebAssembly.Memory).buffer;
  const f64 = (at: number) => new Float64Array(buffer, at, SLOTS);
  const i32 = (at: number) => new Int32Array(buffer, at, SLOTS);
  kernel = holder.k = {
    sums: instance.exports.sums as BreakKernel['sums'],
    fit: instance.exports.fit as BreakKernel['fit'],
    place: instance.exports.place as BreakKernel['place'],
    header: new Int32Array(buffer, 0, HEADER / 4),
    total: new Float64Array(buffer, H_TOTAL, 1),
    width: f64(WIDTH),
    atomShrink: f64(ASHRINK),
    glue: f64(GLUE),
    glueShrink: f64(GSHRINK),
    stretch: f64(STRETCH),
    blankL: f64(BLANKL),
    blankR: f64(BLANKR),
    endTrim: f64(END_TRIM),
    breakable: new Uint8Array(buffer, BREAKABLE, SLOTS),
    junctionGlue: f64(J_GLUE),
    junctionShrink: f64(J_SHRINK),
    interChar: new Uint8Array(buffer, J_INTER, SLOTS),
    junctionTier: new Uint8Array(buffer, J_TIER, SLOTS),
    full: f64(A_FULL),
    cutL: f64(A_CUTL),
    cutR: f64(A_CUTR),
    drawOffset: f64(A_DRAW),
    tier: new Uint8Array(buffer, A_TIER, SLOTS),
    atomX: f64(A_X),
    demerits: f64(DEMERITS),
    active: i32(ACTIVE),
    prev: i32(PREV),
    lonely: () => false,
  };
  return kernel;
}

/** Header indices (Int32Array) of the kernel's state between calls. */
export const HEADER_HEAD = H_HEAD / 4;
export const HEADER_LEN = H_LEN / 4;
export const HEADER_TRIED = H_TRIED / 4;
export const HEADER_LEFT_OPEN = H_LEFT_OPEN / 4;
export const HEADER_FULL = H_FULL / 4;
