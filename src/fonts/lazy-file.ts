// Reading a font file without its outlines. A CJK TrueType font is ~97 % glyf table (14.3 of 14.8 MB
// for Noto Serif SC), yet a handout or a deck uses about a thousand of its 30 000 glyphs. Measuring
// and shaping read only cmap, hmtx, vmtx, GSUB, GPOS…; only the subsetters read outlines. So the
// file is read into (shared) memory without glyf, and a subsetter asks for the glyphs it copies
// first (`ensureGlyphs`), composite glyphs' parts included. That saves ~12 ms and ~14 MB per font.
import { closeSync, openSync, readSync } from 'node:fs';
import { LecternError } from '../errors';
import { openRegularFile } from '../read-file';
import { compositeIdOffsets, readTableDirectory } from './sfnt';

export interface FontFileBytes {
  bytes: Buffer;
  /** True when outlines are read on demand */
  lazy: boolean;
  /** Reads the outlines of these glyphs (and their composite parts) into `bytes` if they are not there yet */
  ensureGlyphs(ids: Iterable<number>): void;
}

function readRange(path: string, into: Buffer, ranges: [number, number][]): void {
  if (ranges.length === 0) return;
  const fd = openSync(path, 'r');
  try {
    for (const [start, end] of ranges) {
      let off = start;
      while (off < end) {
        const n = readSync(fd, into, off, end - off, off);
        if (n === 0)
          throw new LecternError(path, 'is truncated: the file is shorter than its tables say', {
            hint: 'replace the font file (download or copy it again)',
          });
        off += n;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Where the outlines are and how to find one glyph's, if this is a single TrueType-outline font. */
interface GlyfLayout {
  glyfOffset: number;
  glyfLength: number;
  locaOffset: number;
  longLoca: boolean;
  numGlyphs: number;
}

/** Needs the table directory and head/maxp already in `bytes`. */
function glyfLayout(bytes: Buffer): GlyfLayout | null {
  const tables = readTableDirectory(bytes);
  const glyf = tables?.get('glyf');
  const loca = tables?.get('loca');
  const head = tables?.get('head');
  const maxp = tables?.get('maxp');
  if (!glyf || !loca || !head || !maxp) return null;
  return {
    glyfOffset: glyf.offset,
    glyfLength: glyf.length,
    locaOffset: loca.offset,
    longLoca: bytes.readInt16BE(head.offset + 50) === 1,
    numGlyphs: bytes.readUInt16BE(maxp.offset + 4),
  };
}

/** Whole-file read: nothing is lazy. */
function wholeFile(bytes: Buffer): FontFileBytes {
  return { bytes, lazy: false, ensureGlyphs() {} };
}

/**
 * Reads `path` into a Buffer over a SharedArrayBuffer (so a worker thread can use the same memory),
 * without the glyf table when the font is TrueType. Pages never written are never touched, so the
 * unread outlines cost no memory.
 */
export function readFontFile(path: string): FontFileBytes {
  // a regular file within LECTERN_MAX_FONT_MB (a FIFO or /dev/zero is refused, not read)
  const { fd, size } = openRegularFile(path, 'font');
  let bytes: Buffer;
  try {
    bytes = Buffer.from(new SharedArrayBuffer(size));
    // the sfnt header first
    readSync(fd, bytes, 0, Math.min(size, 12), 0);
  } finally {
    closeSync(fd);
  }
  const flavor = size >= 12 ? bytes.readUInt32BE(0) : 0;
  if (flavor !== 0x00010000 && flavor !== 0x74727565) {
    readRange(path, bytes, [[0, size]]);
    return wholeFile(bytes);
  }
  const dirEnd = Math.min(size, 12 + 16 * bytes.readUInt16BE(4));
  readRange(path, bytes, [[12, dirEnd]]);
  const glyf = readTableDirectory(bytes)?.get('glyf');
  if (!glyf || glyf.offset < dirEnd || glyf.offset + glyf.length > size) {
    readRange(path, bytes, [[dirEnd, size]]);
    return wholeFile(bytes);
  }
  // everything but glyf
  readRange(path, bytes, [
    [dirEnd, glyf.offset],
    [glyf.offset + glyf.length, size],
  ]);
  const layout = glyfLayout(bytes);
  return layout ? lazyGlyf(path, bytes, layout) : wholeFile(bytes);
}

/** Adopts bytes another thread read with `readFontFile` (same shared memory, outlines read on demand). */
export function adoptFontFile(path: string, bytes: Buffer, lazy: boolean): FontFileBytes {
  const layout = lazy ? glyfLayout(bytes) : null;
  return layout ? lazyGlyf(path, bytes, layout) : wholeFile(bytes);
}

function lazyGlyf(path: string, bytes: Buffer, layout: GlyfLayout): FontFileBytes {
  const { glyfOffset, locaOffset, longLoca, numGlyphs } = layout;
  // (a DataView: Buffer's readUInt32BE validates its offset through Node's error helpers, ~1,200
  // instructions a read at V8's baseline tier, two reads a glyph; the loca table was checked whole)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offsetOf = (gid: number): number =>
    longLoca ? view.getUint32(locaOffset + gid * 4) : view.getUint16(locaOffset + gid * 2) * 2;
  const loaded = new Uint8Array(numGlyphs);
  /** glyphs taken into the list being gathered (`unloaded`), cleared again once it is made */
  let queued: Uint8Array | null = null;

  /**
   * The distinct glyphs of `ids` not read yet (and in range), ascending: gathered by a mark per glyph
   * and sorted as a typed array — numerically, without a comparator called for each comparison (at
   * V8's baseline tier `[...new Set(ids)]`, a filter's callback and `sort((a, b) => a - b)`'s calls
   * were most of reading a handout's outlines).
   */
  const unloaded = (ids: Iterable<number>, notdef: boolean): Int32Array => {
    queued ??= new Uint8Array(numGlyphs);
    const q = queued;
    const list: number[] = [];
    if (notdef && !loaded[0] && numGlyphs > 0) {
      q[0] = 1;
      list.push(0);
    }
    for (const g of ids)
      if (g >= 0 && g < numGlyphs && !loaded[g] && !q[g]) {
        q[g] = 1;
        list.push(g);
      }
    const out = Int32Array.from(list);
    for (let k = 0; k < out.length; k++) q[out[k]!] = 0;
    return out.sort();
  };

  /** The file ranges of the glyphs' outlines, ascending: one per run of neighbours (gaps under 4 KB read through). */
  const rangesOf = (wanted: Int32Array): [number, number][] => {
    const ranges: [number, number][] = [];
    for (let k = 0; k < wanted.length; k++) {
      const g = wanted[k]!;
      const start = glyfOffset + offsetOf(g);
      const end = glyfOffset + offsetOf(g + 1);
      if (end <= start) continue;
      const last = ranges[ranges.length - 1];
      if (last && start - last[1] < 4096 && start >= last[0]) last[1] = Math.max(last[1], end);
      else ranges.push([start, end]);
    }
    return ranges;
  };

  return {
    bytes,
    lazy: true,
    ensureGlyphs(ids: Iterable<number>) {
      // .notdef too: every subsetter keeps glyph 0
      let wanted = unloaded(ids, true);
      while (wanted.length) {
        readRange(path, bytes, rangesOf(wanted));
        for (let k = 0; k < wanted.length; k++) loaded[wanted[k]!] = 1;
        // composite glyphs: their parts too
        const parts: number[] = [];
        for (let k = 0; k < wanted.length; k++) {
          const g = wanted[k]!;
          const offsets = compositeIdOffsets(bytes, glyfOffset + offsetOf(g), glyfOffset + offsetOf(g + 1));
          for (let m = 0; m < offsets.length; m++) parts.push(view.getUint16(offsets[m]!));
        }
        wanted = unloaded(parts, false);
      }
    },
  };
}
