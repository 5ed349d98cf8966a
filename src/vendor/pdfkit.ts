// Patches to pdfkit 0.20.2 (pinned in package.json). See README.md for the inventory and the gains.
// lectern draws every glyph by id at the position its typesetter computed, which pdfkit's public API
// (text layout by strings) cannot do; it drives pdfkit's EmbeddedFont and content stream directly.
// Each accessor checks the members it needs: a missing member throws.
import { createHash } from 'node:crypto';
import type PDFDocument from 'pdfkit';
import { fastSimpleGlyphSubset, fastTrueTypeSubsetEncode } from './fontkit';
import { PlainTrueTypeSubset } from './pdfkit-font';
import { expectShape } from './patch';
import { deflateBytes, deflateBytesOffThread } from './zlib-deflate';
import { LruMap, registerCache } from '../cache';

const LIB = 'pdfkit 0.20.2';

/** The parts of pdfkit's EmbeddedFont lectern drives directly (not in @types/pdfkit). */
export interface EmbeddedFont {
  id: string;
  subset: { includeGlyph(id: number): number; encode(): Uint8Array; glyphs: number[] };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
  embed(): void;
  toUnicodeCmap(): unknown;
}

/** The document's current font and page, and its content stream. */
export interface PdfInternals {
  /** The font set by the last `pdf.font(…)` (checked) */
  currentFont(): EmbeddedFont;
  /** The current page's font resources */
  pageFonts(): Record<string, unknown>;
  addContent(data: string): void;
}

interface DocShape {
  _font?: EmbeddedFont;
  _write?(data: unknown): void;
  _offset?: number;
  push?(chunk: unknown): boolean;
  page?: { fonts?: Record<string, unknown>; write?(chunk: string | Uint8Array): unknown };
  addContent?(data: string | Uint8Array): unknown;
  flushPages?(): void;
  ref?(data?: object): PdfRefShape;
}
interface PdfRefShape {
  compress: boolean;
  data: Record<string, unknown>;
  buffer?: Uint8Array[];
  finalize?(): void;
  end?(chunk?: Uint8Array): void;
}

export function pdfInternals(pdf: InstanceType<typeof PDFDocument>): PdfInternals {
  const doc = pdf as unknown as DocShape;
  expectShape(typeof doc.addContent === 'function', LIB, 'draw-glyph-ids', 'PDFDocument.addContent is missing');
  return {
    currentFont() {
      const f = doc._font;
      expectShape(
        f &&
          typeof f.id === 'string' &&
          typeof f.subset?.includeGlyph === 'function' &&
          Array.isArray(f.widths) &&
          Array.isArray(f.unicode) &&
          typeof f.ref === 'function' &&
          typeof f.embed === 'function',
        LIB,
        'draw-glyph-ids',
        'PDFDocument._font is not an EmbeddedFont with id, subset.includeGlyph, widths, unicode, ref and embed',
      );
      return f;
    },
    pageFonts() {
      const fonts = doc.page?.fonts;
      expectShape(fonts && typeof fonts === 'object', LIB, 'draw-glyph-ids', 'PDFDocument.page.fonts is missing');
      return fonts;
    },
    addContent: (data) => doc.addContent!(data),
  };
}

/**
 * Deflated font files by font and glyph list: a rebuild after an edit usually needs the same subset.
 * Least recently used first out: an edit that changes one font's glyph list on every rebuild (a bold
 * lead being typed) adds an entry each time, and must not push out the files every build still uses.
 */
const FONT_FILE_CACHE_MAX = 16;
const fontFileCache = registerCache(
  'pdf: deflated font files by font key and glyphs',
  new LruMap<string, Buffer>(FONT_FILE_CACHE_MAX),
);
/** How often a font file came from the cache, and how often it was encoded and deflated (tests). */
export const fontFileReuse = { hits: 0, misses: 0 };

/**
 * A face's glyphs in first-use order (the subset's order) and the text each stood for at its first use:
 * everything its font file, ToUnicode map and widths array depend on, beyond the font itself.
 */
export interface FaceGlyphs {
  ids: readonly number[];
  texts: readonly string[];
}

/**
 * What embedding a face wrote, kept under watch (`settle(…, keep)`) by font key: a rebuild whose face
 * has the same glyphs in the same order (every face an edit does not touch) writes these bytes again
 * instead of filling the subset glyph by glyph, building the ToUnicode map, converting the widths and
 * hashing the streams. A face whose glyphs changed is filled and embedded anew (and kept instead).
 */
interface EmbeddedFaceBytes {
  ids: number[];
  texts: string[];
  /** the deflated font file */
  file: Buffer;
  /** the deflated ToUnicode stream */
  toUnicode: Buffer;
  /** the widths array as pdfkit writes it (`[w0 w1 …]`) */
  widths: string;
  /** EmbeddedFont.widths (its CIDSet is made from it) */
  widthList: number[];
}
const EMBEDDED_FACES_MAX = 16;
const embeddedFaces = registerCache(
  'pdf: embedded faces by font key (font file, ToUnicode, widths)',
  new LruMap<string, EmbeddedFaceBytes>(EMBEDDED_FACES_MAX),
);
/** How many faces were written from `embeddedFaces`, and how many filled and embedded (tests). */
export const faceReuse = { reused: 0, embedded: 0 };

function sameGlyphs(kept: EmbeddedFaceBytes, g: FaceGlyphs): boolean {
  const n = g.ids.length;
  if (kept.ids.length !== n) return false;
  for (let k = 0; k < n; k++) if (kept.ids[k] !== g.ids[k] || kept.texts[k] !== g.texts[k]) return false;
  return true;
}

/**
 * A number list as pdfkit's PDFObject.convert writes it: each number rounded to 6 decimals and
 * printed by JavaScript, a hole or null as `null`, space-separated in brackets.
 */
export function pdfNumberArray(list: readonly (number | null | undefined)[]): string {
  let out = '[';
  for (let k = 0; k < list.length; k++) {
    const v = list[k];
    if (k > 0) out += ' ';
    out += v == null ? 'null' : String(Math.round(v * 1e6) / 1e6);
  }
  return `${out}]`;
}

/** A value pdfkit writes as the given PDF text (it writes a reference by its `toString()`). */
function rawPdf(reference: object, text: string): object {
  const abstractReference = Object.getPrototypeOf(Object.getPrototypeOf(reference)) as object;
  return Object.create(abstractReference, { toString: { value: () => text } });
}

/** pdfkit 0.20.2's ToUnicode CMap (`EmbeddedFont.toUnicodeCmap`) before its bfrange lines */
const CMAP_HEAD =
  '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <<\n  /Registry (Adobe)\n' +
  '  /Ordering (UCS)\n  /Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
  '1 begincodespacerange\n<0000><ffff>\nendcodespacerange\n';
/** …and after them, with the newline pdfkit's `PDFReference.write` adds to a string */
const CMAP_TAIL = '\nendbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n';
/** glyphs per bfrange line (pdfkit's chunkSize) */
const CMAP_RANGE = 256;
const HEX_DIGIT = Buffer.from('0123456789abcdef', 'latin1');

/** Writes `v` as pdfkit's toHex does (the last 4 lowercase hex digits) at `at`; returns the end. */
function putHex4(out: Buffer, at: number, v: number): number {
  out[at] = HEX_DIGIT[(v >>> 12) & 15]!;
  out[at + 1] = HEX_DIGIT[(v >>> 8) & 15]!;
  out[at + 2] = HEX_DIGIT[(v >>> 4) & 15]!;
  out[at + 3] = HEX_DIGIT[v & 15]!;
  return at + 4;
}

/**
 * The bytes pdfkit's `toUnicodeCmap()` writes for a font's `unicode` lists (each glyph's code points,
 * one beyond the BMP as a UTF-16 pair), as its `cmap.end(text)` gives them — the text plus a newline —,
 * written straight into one buffer. pdfkit builds a hex string per code point, an array per glyph and
 * joins them twice: ~0.6 MB of garbage and ~0.3 ms for a document's four faces (session 13, batch13).
 */
export function toUnicodeCmapBytes(unicode: readonly (readonly number[])[]): Buffer {
  const n = unicode.length;
  const ranges = Math.ceil(n / CMAP_RANGE);
  const count = `${ranges} beginbfrange\n`;
  // sizes: each range `<ssss> <eeee> [` … `]` (16) and a newline between ranges; each entry `<` … `>`, a
  // space between entries; each code unit 4 digits, a space between code units
  let size = CMAP_HEAD.length + count.length + CMAP_TAIL.length + (ranges > 0 ? ranges * 17 - 1 : 0);
  for (let g = 0; g < n; g++) {
    const cps = unicode[g];
    if (cps === undefined) throw new TypeError(`pdf: glyph ${g} has no ToUnicode text`);
    let units = 0;
    for (let k = 0; k < cps.length; k++) units += cps[k]! > 0xffff ? 2 : 1;
    size += 2 + (units > 0 ? units * 5 - 1 : 0) + (g % CMAP_RANGE > 0 ? 1 : 0);
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.write(CMAP_HEAD, 0, 'latin1');
  at += out.write(count, at, 'latin1');
  for (let r = 0; r < ranges; r++) {
    const start = r * CMAP_RANGE;
    const end = Math.min(start + CMAP_RANGE, n);
    if (r > 0) out[at++] = 0x0a; // \n
    out[at++] = 0x3c; // <
    at = putHex4(out, at, start);
    out[at++] = 0x3e; // >
    out[at++] = 0x20;
    out[at++] = 0x3c;
    at = putHex4(out, at, end - 1);
    out[at++] = 0x3e;
    out[at++] = 0x20;
    out[at++] = 0x5b; // [
    for (let g = start; g < end; g++) {
      if (g > start) out[at++] = 0x20;
      out[at++] = 0x3c;
      const cps = unicode[g]!;
      for (let k = 0; k < cps.length; k++) {
        if (k > 0) out[at++] = 0x20;
        let v = cps[k]!;
        if (v > 0xffff) {
          v -= 0x10000;
          at = putHex4(out, at, ((v >>> 10) & 0x3ff) | 0xd800);
          out[at++] = 0x20;
          v = 0xdc00 | (v & 0x3ff);
        }
        at = putHex4(out, at, v);
      }
      out[at++] = 0x3e;
    }
    out[at++] = 0x5d; // ]
  }
  at += out.write(CMAP_TAIL, at, 'latin1'); // (write stops at the buffer's end: counted short, `at` is short)
  if (at !== size || out[size - 1] !== 0x0a) throw new Error(`pdf: ToUnicode map ${at} bytes written, ${size} counted`);
  return out;
}

/** One face of the document: given its glyphs once they are all drawn, before `pdf.end()`. */
export interface EmbeddedFace {
  /**
   * The face's glyphs are `glyphs`: the same as the kept face's → its bytes are written again
   * (returns true); otherwise `fill()` puts them in the subset (pdfkit's includeGlyph, widths,
   * unicode) and the face is embedded anew — and kept when `keep` (a process that builds again).
   */
  settle(glyphs: FaceGlyphs, fill: () => void, keep: boolean): boolean;
  /**
   * After `settle`, before pdfkit embeds the face: its font file encoded now and deflated on libuv's
   * thread pool, for embed() to take; null when embed() will write kept or cached bytes (or none to deflate).
   */
  deflateFileOffThread(): Promise<void> | null;
}

/**
 * Prepares an EmbeddedFont the first time it is used: fontkit's subsetter copies simple glyphs
 * directly (fastSimpleGlyphSubset), and embed() takes the font file (subset + deflate, the costliest
 * part of a rebuild) from the cache under `key` (which must name the font's identity, not its path),
 * or the whole face's bytes from `embeddedFaces` (see `settle`). The bytes are exactly those pdfkit
 * would write: same subset, same zlib call, same ToUnicode map, the widths written as pdfkit writes them.
 */
export function prepareEmbeddedFont(
  pdf: InstanceType<typeof PDFDocument>,
  font: EmbeddedFont,
  key: string,
): EmbeddedFace {
  const doc = pdf as unknown as DocShape;
  expectShape(typeof doc.ref === 'function', LIB, 'cached-font-file', 'PDFDocument.ref is missing');
  expectShape(
    typeof font.subset.encode === 'function' && typeof font.toUnicodeCmap === 'function',
    LIB,
    'cached-font-file',
    'EmbeddedFont.subset.encode or EmbeddedFont.toUnicodeCmap is missing',
  );
  // lectern's own subset (src/vendor/pdfkit-font.ts) copies glyphs and encodes in one pass already
  if (!(font.subset instanceof PlainTrueTypeSubset)) {
    fastSimpleGlyphSubset(font.subset);
    fastTrueTypeSubsetEncode(font.subset);
  }
  /** the kept face being written again, or null: filled and embedded */
  let reuse: EmbeddedFaceBytes | null = null;
  /** what to keep of this embedding (its glyphs), or null */
  let keepAs: FaceGlyphs | null = null;
  /** the font file deflated off the thread, under its cache key (deflateFileOffThread) */
  let ahead: { key: string; file: Buffer } | null = null;
  const fontFileKey = (): string => `${key}:${font.subset.glyphs.join(',')}`;
  const embed = font.embed.bind(font);
  font.embed = () => {
    const ref = doc.ref!;
    const encode = font.subset.encode;
    const toUnicodeCmap = font.toUnicodeCmap;
    let fileRef: PdfRefShape | null = null;
    let widths = '';
    doc.ref = (data?: object) => {
      const r = ref.call(doc, data);
      fileRef ??= r; // embed() asks for the font file's reference first
      const w = (data as { W?: unknown[] } | undefined)?.W;
      if (w !== undefined) {
        // the descendant font: its widths array written as converted once (or kept)
        expectShape(
          Array.isArray(w) && w.length === 2 && w[0] === 0 && w[1] === font.widths,
          LIB,
          'cached-font-file',
          "the descendant font's /W is no longer [0, EmbeddedFont.widths]",
        );
        widths = reuse?.widths ?? pdfNumberArray(font.widths);
        w[1] = rawPdf(r, widths);
      }
      return r;
    };
    let encoded = false;
    let file: Buffer | null = null;
    font.subset.encode = () => {
      encoded = true;
      expectShape(
        fileRef && typeof fileRef.compress === 'boolean' && fileRef.data && typeof fileRef.data === 'object',
        LIB,
        'cached-font-file',
        'EmbeddedFont.embed() no longer asks for the font file reference (a PDFReference with compress and data) before encoding the subset',
      );
      if (!fileRef.compress) return encode.call(font.subset);
      if (reuse) {
        file = reuse.file;
      } else if (ahead !== null && ahead.key === fontFileKey()) {
        file = ahead.file; // counted as encoded by deflateFileOffThread
        fontFileCache.set(ahead.key, file);
      } else {
        const k = fontFileKey();
        file = fontFileCache.get(k) ?? null;
        if (file) {
          fontFileReuse.hits++;
        } else {
          fontFileReuse.misses++;
          file = deflateBytes(encode.call(font.subset));
          fontFileCache.set(k, file);
        }
      }
      // Already deflated: tell pdfkit not to compress again (keys in pdfkit's own order).
      fileRef.compress = false;
      fileRef.data.Length ??= 0;
      fileRef.data.Filter = 'FlateDecode';
      return file;
    };
    let toUnicode: Buffer | null = null;
    font.toUnicodeCmap = () => {
      if (reuse) {
        // pdfkit's map, as its deflate-once finalize would write it: Length, Filter, the deflated bytes
        const cmap = ref.call(doc);
        cmap.data.Length = 0;
        cmap.data.Filter = 'FlateDecode';
        cmap.compress = false;
        expectShape(typeof cmap.end === 'function', LIB, 'cached-font-file', 'PDFReference.end is missing');
        cmap.end(reuse.toUnicode);
        toUnicode = reuse.toUnicode;
        return cmap;
      }
      // pdfkit's map (its toUnicodeCmap: a new reference ended with the map's text), its bytes made here
      const cmap = ref.call(doc);
      expectShape(typeof cmap.end === 'function', LIB, 'cached-font-file', 'PDFReference.end is missing');
      cmap.end(toUnicodeCmapBytes(font.unicode));
      toUnicode = deflatedBy.get(cmap) ?? null;
      return cmap;
    };
    try {
      embed();
    } finally {
      doc.ref = ref;
      font.subset.encode = encode;
      font.toUnicodeCmap = toUnicodeCmap;
    }
    expectShape(encoded, LIB, 'cached-font-file', 'EmbeddedFont.embed() no longer calls subset.encode()');
    if (reuse) {
      faceReuse.reused++;
    } else {
      faceReuse.embedded++;
      if (keepAs && file && toUnicode && widths)
        embeddedFaces.set(key, {
          ids: [...keepAs.ids],
          texts: [...keepAs.texts],
          file,
          toUnicode,
          widths,
          widthList: font.widths,
        });
    }
  };
  return {
    settle(glyphs, fill, keep) {
      const kept = embeddedFaces.get(key);
      if (kept && sameGlyphs(kept, glyphs)) {
        reuse = kept;
        font.widths = kept.widthList; // its CIDSet (pdfkit reads the widths for it)
        return true;
      }
      fill();
      keepAs = keep ? glyphs : null;
      return false;
    },
    deflateFileOffThread() {
      if (reuse || !(pdf as unknown as { compress?: boolean }).compress) return null;
      const k = fontFileKey();
      if (fontFileCache.has(k)) return null;
      fontFileReuse.misses++;
      return deflateBytesOffThread(font.subset.encode()).then((file) => {
        ahead = { key: k, file };
      });
    },
  };
}

/**
 * Deflated streams by the SHA-256 of their bytes: after an edit most pages' content streams (and the
 * ToUnicode maps) are the bytes the last build deflated, so they are deflated once. zlib is
 * deterministic, so the cached bytes are exactly what deflating again would give. Least recently used
 * entries go first, beyond a byte budget (a few documents' worth).
 */
const DEFLATED_STREAMS_MAX_BYTES = 24 << 20;
const deflatedStreams = registerCache(
  'pdf: deflated streams by content hash',
  new LruMap<string, Buffer>(DEFLATED_STREAMS_MAX_BYTES, (z) => z.length),
);

/** The kept deflated streams' bytes, and the memory that holds them (tests: the same). */
export function deflatedStreamsHeld(): { bytes: number; memory: number } {
  let bytes = 0;
  let memory = 0;
  for (const z of deflatedStreams.values()) {
    bytes += z.byteLength;
    memory += z.buffer.byteLength;
  }
  return { bytes, memory };
}

/** How often a stream's deflated bytes came from the cache (for tests: reuse happens, and only of equal bytes). */
export const deflateReuse = { hits: 0, misses: 0 };

function deflateOnce(raw: Uint8Array): Buffer {
  const key = createHash('sha256').update(raw).digest('base64');
  const hit = deflatedStreams.get(key);
  if (hit) {
    deflateReuse.hits++;
    return hit;
  }
  deflateReuse.misses++;
  const z = deflateBytes(raw);
  deflatedStreams.set(key, z);
  return z;
}

/** The deflated bytes each compressed stream was written with (a face's ToUnicode map is kept). */
const deflatedBy = new WeakMap<object, Buffer>();

/**
 * Every stream pdfkit compresses (pages' content, ToUnicode maps…) is deflated through `deflateOnce`:
 * each reference's `finalize()` is wrapped to hand pdfkit the deflated bytes with `compress` off, as
 * the cached-font-file patch does (pdfkit's `write()` has already put `Length` and `Filter` in the
 * dictionary, in its own order, and `finalize()` sets `Length` to the bytes it writes). Without `memo`
 * (no later build in this process can reuse them: a build of one transcript) the streams are deflated
 * the same way but neither hashed nor kept — the same bytes.
 */
export function memoiseStreamDeflate(pdf: InstanceType<typeof PDFDocument>, memo = true): void {
  const doc = pdf as unknown as DocShape;
  expectShape(typeof doc.ref === 'function', LIB, 'deflate-once', 'PDFDocument.ref is missing');
  const ref = doc.ref;
  doc.ref = (data?: object) => {
    const r = ref.call(doc, data);
    const finalize = r.finalize;
    expectShape(
      typeof finalize === 'function' && Array.isArray(r.buffer) && typeof r.compress === 'boolean',
      LIB,
      'deflate-once',
      'PDFReference has no finalize(), buffer array or compress flag',
    );
    r.finalize = () => {
      if (r.compress && r.buffer!.length) {
        expectShape(
          r.data.Filter === 'FlateDecode',
          LIB,
          'deflate-once',
          'PDFReference.write() no longer sets /Filter /FlateDecode on a compressed stream',
        );
        const raw = Buffer.concat(r.buffer!);
        const z = memo ? deflateOnce(raw) : deflateBytes(raw);
        deflatedBy.set(r, z);
        r.buffer = [z];
        r.compress = false;
      }
      finalize.call(r);
    };
    return r;
  };
}

/**
 * pdfkit writes every content operator (`addContent`) as its own chunk: the string plus a newline
 * converted byte by byte into a Uint8Array, pushed onto the page's content stream — some 4 500 chunks
 * for the sample's handout, on every rebuild. Here a page's operators are gathered in one string and
 * written as one chunk (the same bytes: each operator followed by a newline, low byte of each code
 * unit, as pdfkit's fromBinaryString gives) when the document moves to another page or ends its pages
 * (`flushPages`, which runs before a page's stream is finalised and before pdfkit's own closing EMCs).
 * How many chunks the batching saved is counted (`contentBatching`, for tests).
 */
export const contentBatching = { operators: 0, chunks: 0 };

export function batchContentWrites(pdf: InstanceType<typeof PDFDocument>): void {
  const doc = pdf as unknown as DocShape;
  expectShape(typeof doc.addContent === 'function', LIB, 'batched-content', 'PDFDocument.addContent is missing');
  expectShape(typeof doc.flushPages === 'function', LIB, 'batched-content', 'PDFDocument.flushPages is missing');
  let page: DocShape['page'] | undefined;
  let pending = '';
  const flush = () => {
    if (page && pending) {
      expectShape(typeof page.write === 'function', LIB, 'batched-content', 'PDFPage.write is missing');
      page.write!(Buffer.from(pending, 'latin1'));
      contentBatching.chunks++;
    }
    pending = '';
    page = undefined;
  };
  doc.addContent = (data: string | Uint8Array) => {
    if (doc.page !== page) flush();
    page = doc.page;
    if (typeof data === 'string') {
      pending += `${data}\n`;
      contentBatching.operators++;
    } else {
      // bytes are written as they are (pdfkit adds no newline to them): after what is pending
      flush();
      page = doc.page;
      page?.write?.(data);
    }
    return pdf;
  };
  const flushPages = doc.flushPages!;
  doc.flushPages = () => {
    flush();
    flushPages.call(doc);
  };
  batched.add(pdf);
}
const batched = new WeakSet<object>();

/**
 * Runs `draw` (pdfkit drawing calls) and returns the content operators it wrote, newline-separated:
 * `addContent(text)` writes the same bytes again without running pdfkit's drawing code (which formats
 * every coordinate). Only on a document whose content writes are batched (the operators pass there).
 */
export function recordContent(pdf: InstanceType<typeof PDFDocument>, draw: () => void): string {
  const doc = pdf as unknown as DocShape;
  expectShape(batched.has(pdf), LIB, 'batched-content', 'recordContent() needs batchContentWrites() first');
  const write = doc.addContent!;
  const ops: string[] = [];
  doc.addContent = (data: string | Uint8Array) => {
    expectShape(typeof data === 'string', LIB, 'batched-content', 'a drawing call wrote bytes, not operators');
    ops.push(data);
    return write(data);
  };
  try {
    draw();
  } finally {
    doc.addContent = write;
  }
  return ops.join('\n');
}

/** How many pieces pdfkit wrote through `gatherOutput`, and how many buffers they became (tests). */
export const outputGathering = { writes: 0, buffers: 0 };

/**
 * The whole file pdfkit writes, once the document has ended. pdfkit writes its output piece by piece
 * (`_write`: each object's header, dictionary, stream and `endobj`, each xref line) and turns every
 * string into bytes by a loop over its characters (`fromBinaryString`) before pushing it through its
 * Readable stream as its own chunk — some 600 small chunks for the sample's handout. Here the strings
 * are gathered and converted in one `Buffer.from(…, 'latin1')` (the low byte of each UTF-16 unit, as
 * `fromBinaryString`'s `& 0xff`) wherever a stream's bytes come between them, the bytes are kept as
 * they are, `_offset` (the xref's offsets) goes on counting the same bytes, and the whole file is
 * joined once pdfkit ends its stream (`push(null)`). What pdfkit wrote before this was installed (the
 * header, written by its constructor) comes through its stream first.
 */
export function gatherOutput(pdf: InstanceType<typeof PDFDocument>): Promise<Buffer> {
  const doc = pdf as unknown as DocShape;
  expectShape(
    typeof doc._write === 'function' && typeof doc.push === 'function' && typeof doc._offset === 'number',
    LIB,
    'gathered-output',
    'PDFDocument._write, push or _offset is missing',
  );
  const streamed: Buffer[] = [];
  const parts: Uint8Array[] = [];
  let text = '';
  const flushText = () => {
    if (text) {
      parts.push(Buffer.from(text, 'latin1'));
      outputGathering.buffers++;
    }
    text = '';
  };
  doc._write = (data: unknown) => {
    outputGathering.writes++;
    if (data instanceof Uint8Array) {
      outputGathering.buffers++;
      flushText();
      parts.push(data);
      doc._offset! += data.length;
    } else {
      const line = `${data}\n`;
      text += line;
      doc._offset! += line.length;
    }
  };
  const push = doc.push!;
  doc.push = (chunk: unknown) => {
    if (chunk === null) flushText();
    return push.call(doc, chunk);
  };
  return new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => streamed.push(c));
    pdf.on('end', () => resolve(Buffer.concat([...streamed, ...parts])));
    pdf.on('error', reject);
  });
}
